/**
 * The rules of what runs keelson's output (class 4) and the dangerous settings that need an
 * acknowledgement (class 5), through the engines users call: the cdk8s constructs and the Pulumi
 * components give the same verdict as the core, at the same paths, and add or register nothing;
 * an acknowledged risk is annotated alike in both engines' output.
 */
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { KeelsonValidationError, RISK_ANNOTATION } from '../lib';
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { Kind, RISKY, RUNTIME_RULES, riskTarget } from './helpers/bad-input/rules';
import { paths, validationError } from './helpers/fixtures';
import { cdk8sObjects, pulumiObjects } from './helpers/parity';
import { mockPulumi, settle } from './helpers/pulumi';

const NAMES: Record<Kind, string> = { StatelessApp: 'web', StatefulApp: 'db', CanaryRelease: 'api', SecureNamespace: 'team' };
const unique = (list: readonly string[]) => [...new Set(list)].sort();

/** The cdk8s construct of a kind in a fresh chart of namespace `shop`. */
function inCdk8s(kind: Kind, props: Record<string, unknown>): Chart {
  const chart = new Chart(Testing.app() as unknown as Construct, 'c', { namespace: 'shop' });
  const p = props as never;
  if (kind === 'StatelessApp') new cdk8s.StatelessApp(chart, NAMES[kind], p);
  else if (kind === 'StatefulApp') new cdk8s.StatefulApp(chart, NAMES[kind], p);
  else if (kind === 'CanaryRelease') new cdk8s.CanaryRelease(chart, NAMES[kind], p);
  else new cdk8s.SecureNamespace(chart, NAMES[kind], p);
  return chart;
}

/** The Pulumi component of a kind (namespace `shop` for the apps, as the cdk8s chart gives). */
function inPulumi(kind: Kind, props: Record<string, unknown>): void {
  const p = (kind === 'SecureNamespace' ? props : { namespace: 'shop', ...props }) as never;
  if (kind === 'StatelessApp') new kpulumi.StatelessApp(NAMES[kind], p);
  else if (kind === 'StatefulApp') new kpulumi.StatefulApp(NAMES[kind], p);
  else if (kind === 'CanaryRelease') new kpulumi.CanaryRelease(NAMES[kind], p);
  else new kpulumi.SecureNamespace(NAMES[kind], p);
}

const CASES = [
  ...RUNTIME_RULES.map(([kind, what, props, at]) => [`class 4, ${kind}: ${what}`, kind, props, at] as const),
  ...RISKY.map(([kind, risk, props, at], i) => [`class 5, ${kind}: ${risk} #${i} unacknowledged`, kind, props, at] as const),
];

describe('cdk8s: refused inputs throw the library error, at the core\'s paths, and add nothing', () => {
  it.each(CASES)('%s', (_what, kind, props, at) => {
    const chart = new Chart(Testing.app() as unknown as Construct, 'c', { namespace: 'shop' });
    const e = validationError(() => {
      const p = props as never;
      if (kind === 'StatelessApp') new cdk8s.StatelessApp(chart, NAMES[kind], p);
      else if (kind === 'StatefulApp') new cdk8s.StatefulApp(chart, NAMES[kind], p);
      else if (kind === 'CanaryRelease') new cdk8s.CanaryRelease(chart, NAMES[kind], p);
      else new cdk8s.SecureNamespace(chart, NAMES[kind], p);
    });
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(unique(paths(e))).toEqual(unique(at));
    expect(chart.node.children).toHaveLength(0);
  });
});

describe('Pulumi: refused inputs throw the library error at once, at the core\'s paths, and register nothing', () => {
  let mocks: Awaited<ReturnType<typeof mockPulumi>>;
  beforeAll(async () => {
    mocks = await mockPulumi();
  });

  it.each(CASES)('%s', async (_what, kind, props, at) => {
    await settle();
    const before = mocks.registrations.length;
    const e = validationError(() => inPulumi(kind, props));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(unique(paths(e))).toEqual(unique(at));
    await settle();
    expect(mocks.registrations.length).toBe(before);
  });
});

describe('both engines: an acknowledged risk is annotated on the same object, and the outputs agree', () => {
  let mocks: Awaited<ReturnType<typeof mockPulumi>>;
  beforeAll(async () => {
    mocks = await mockPulumi();
  });

  it.each(RISKY.map(([kind, risk, props], i) => [`${kind}: ${risk} #${i}`, kind, risk, props] as const))('%s', async (_what, kind, risk, props) => {
    const acknowledged = { ...props, acknowledgeRisks: [risk] };
    const fromCdk8s = cdk8sObjects(inCdk8s(kind, acknowledged));
    // A deployment of its own: each case emits the same object names.
    await mocks.newStack();
    inPulumi(kind, acknowledged);
    await settle();
    const fromPulumi = pulumiObjects(mocks.registrations);
    expect(fromPulumi).toEqual(fromCdk8s);
    const target = Object.entries(fromCdk8s).find(([key]) => key.startsWith(riskTarget(kind, risk, NAMES[kind])));
    const annotations = (target?.[1] as { metadata?: { annotations?: Record<string, string> } } | undefined)?.metadata?.annotations;
    expect(annotations?.[RISK_ANNOTATION]?.split(',')).toContain(risk);
  });
});
