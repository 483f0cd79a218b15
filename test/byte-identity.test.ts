/**
 * Byte-identity guard: the library's output and its validation messages, for the example cdk8s app
 * and for a large deterministic corpus of props, must stay exactly what they were when the baseline
 * (test/baseline/byte-identity.json) was recorded. Refactors keep it green; a deliberate change of
 * output or of a message re-records the baseline (`KEELSON_RECORD_BASELINE=1 npx jest
 * test/byte-identity`) and names the change in its commit message.
 *
 * The corpus is drawn with fast-check's fixed seed from the arbitraries in test/helpers, so it is
 * the same on every run. What is recorded:
 * - each valid case's output (`objects`, and a CanaryRelease's warnings and achieved weight) as a
 *   hash of its JSON, which fixes key order and every value;
 * - each rejected case's full error message;
 * - the exact error message of every row of the bad-input tables, verbatim;
 * - the example app's whole YAML, as a hash.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { buildApp } from '../examples/cdk8s/main';
import {
  CanaryReleaseProps,
  KeelsonValidationError,
  SecureNamespaceProps,
  StatefulAppProps,
  StatelessAppProps,
  buildCanaryRelease,
  buildSecureNamespace,
  buildStatefulApp,
  buildStatelessApp,
} from '../lib';
import { MUTATIONS, garbage, validProps } from './helpers/arbitraries';
import { BAD_INPUT as CANARY_BAD_INPUT, garbageCases as canaryGarbageCases } from './helpers/bad-input/canary-release';
import { BAD_INPUT as NAMESPACE_BAD_INPUT } from './helpers/bad-input/secure-namespace';
import { STATEFUL_BAD_INPUT } from './helpers/bad-input/stateful-app';
import { BAD_INPUT as STATELESS_BAD_INPUT } from './helpers/bad-input/stateless-app';
import { ROUTING_KINDS, canaryPropsFor } from './helpers/canary-arbitraries';
import { validNamespaceProps } from './helpers/namespace-arbitraries';
import { STATEFUL_MUTATIONS, validStatefulProps } from './helpers/stateful-arbitraries';
import { checkQuotaFit, namespacePolicy } from '../lib/core/secure-namespace/quota-fit';

const BASELINE = path.join(__dirname, 'baseline', 'byte-identity.json');
const SEED = 20261128;
/** Cases per construct; a CanaryRelease gets this many per routing. */
const PER_CONSTRUCT = 300;
const PER_ROUTING = 100;

type Outcome = string;
type Record_ = Record<string, Outcome[] | Outcome>;

const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 24);

/** The outcome of one build: `ok:<hash of the output>` or `error:<the message>`. */
function outcome(build: () => unknown): Outcome {
  try {
    return `ok:${hash(JSON.stringify(build()))}`;
  } catch (e) {
    if (e instanceof KeelsonValidationError) return `error:${e.message}`;
    return `threw:${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`;
  }
}

const sample = <T>(arb: fc.Arbitrary<T>, n: number, offset = 0): T[] => fc.sample(arb, { seed: SEED + offset, numRuns: n });

function stateless(p: StatelessAppProps) {
  return buildStatelessApp(p).objects;
}
function stateful(p: StatefulAppProps) {
  return buildStatefulApp(p).objects;
}
function canary(p: CanaryReleaseProps) {
  const m = buildCanaryRelease(p);
  return { objects: m.objects, warnings: m.warnings, achievedWeight: m.achievedWeight };
}
function namespace(p: SecureNamespaceProps) {
  return buildSecureNamespace(p).objects;
}

/** Every recorded outcome, by corpus. */
function record(): Record_ {
  const out: Record_ = {};
  out.example = hash(buildApp(path.join(os.tmpdir(), 'keelson-byte-identity-never-written')).synthYaml());

  const statelessCases = sample(validProps, PER_CONSTRUCT, 1);
  out.statelessValid = statelessCases.map((p) => outcome(() => stateless(p)));
  out.statelessMutated = statelessCases.map((p, i) => outcome(() => stateless(MUTATIONS[i % MUTATIONS.length][1](p) as StatelessAppProps)));
  const statelessKeys = Object.keys(statelessCases[0]).concat(['replicas', 'exposure', 'allowFrom', 'labels']);
  out.statelessGarbage = sample(fc.tuple(validProps, fc.constantFrom(...statelessKeys), garbage), PER_CONSTRUCT, 2)
    .map(([p, k, g]) => outcome(() => stateless({ ...p, [k]: g } as StatelessAppProps)));

  const statefulCases = sample(validStatefulProps, PER_CONSTRUCT, 3);
  out.statefulValid = statefulCases.map((p) => outcome(() => stateful(p)));
  out.statefulMutated = statefulCases.map((p, i) =>
    outcome(() => stateful(STATEFUL_MUTATIONS[i % STATEFUL_MUTATIONS.length][1](p) as StatefulAppProps)));

  ROUTING_KINDS.forEach((kind, k) => {
    out[`canary:${kind}`] = sample(canaryPropsFor(kind), PER_ROUTING, 10 + k).map((p) => outcome(() => canary(p)));
  });
  out.canaryGarbage = canaryGarbageCases().map(([, p]) => outcome(() => canary(p as CanaryReleaseProps)));

  const namespaceCases = sample(validNamespaceProps, PER_CONSTRUCT, 4);
  out.namespaceValid = namespaceCases.map((p) => outcome(() => namespace(p)));
  const nsKeys = ['name', 'partOf', 'labels', 'annotations', 'podSecurity', 'quota', 'limitRange', 'network', 'access', 'mesh'];
  out.namespaceGarbage = sample(fc.tuple(validNamespaceProps, fc.constantFrom(...nsKeys), fc.boolean(), garbage), PER_CONSTRUCT, 5)
    .map(([p, k, nested, g]) => outcome(() => namespace({ ...p, [k]: nested ? { cpu: g } : g } as SecureNamespaceProps)));

  // Apps placed in the namespaces: the fit check's messages.
  out.quotaFit = namespaceCases.map((ns, i) => outcome(() => {
    const apps = [statelessCases[i], statelessCases[(i + 1) % statelessCases.length]].map((p, j) => {
      const objects = (() => {
        try {
          return buildStatelessApp({ ...p, name: `app-${j}`, namespace: ns.name }).objects;
        } catch {
          return [];
        }
      })();
      return { name: `app-${j}`, type: 'StatelessApp', objects };
    });
    checkQuotaFit(namespacePolicy(buildSecureNamespace(ns)), apps);
    return 'fits';
  }));

  // The bad-input tables, verbatim.
  const table = (rows: ReadonlyArray<readonly [string, unknown, unknown]>, build: (p: any) => unknown) =>
    rows.map(([what, p]) => `${what} => ${outcome(() => build(p))}`);
  out.statelessBadInput = table(STATELESS_BAD_INPUT, stateless);
  out.statefulBadInput = table(STATEFUL_BAD_INPUT, stateful);
  out.canaryBadInput = table(CANARY_BAD_INPUT, canary);
  out.namespaceBadInput = table(NAMESPACE_BAD_INPUT, namespace);
  return out;
}

/** Up to `max` differences between two lists, as `[index] was ... now ...`. */
function differences(was: Outcome[], now: Outcome[], max = 5): string[] {
  const diffs: string[] = [];
  if (was.length !== now.length) diffs.push(`length was ${was.length}, now ${now.length}`);
  for (let i = 0; i < Math.min(was.length, now.length) && diffs.length < max; i++) {
    if (was[i] !== now[i]) diffs.push(`[${i}] was ${was[i]}\n      now ${now[i]}`);
  }
  return diffs;
}

describe('byte identity with the recorded baseline', () => {
  const now = record();

  if (process.env.KEELSON_RECORD_BASELINE === '1') {
    fs.mkdirSync(path.dirname(BASELINE), { recursive: true });
    fs.writeFileSync(BASELINE, `${JSON.stringify(now, null, 1)}\n`);
  }
  const baseline: Record_ = JSON.parse(fs.readFileSync(BASELINE, 'utf8'));

  it('covers the corpus it claims: hundreds of cases per construct, most of them valid, every routing', () => {
    const valid = (key: string) => (now[key] as Outcome[]).filter((o) => o.startsWith('ok:')).length;
    expect(valid('statelessValid')).toBe(PER_CONSTRUCT);
    expect(valid('statefulValid')).toBe(PER_CONSTRUCT);
    expect(valid('namespaceValid')).toBe(PER_CONSTRUCT);
    for (const kind of ROUTING_KINDS) expect(valid(`canary:${kind}`)).toBeGreaterThanOrEqual(PER_ROUTING * 0.9);
    expect((now.canaryGarbage as Outcome[]).length).toBeGreaterThan(1000);
    // Nothing but the library's error, ever.
    const threw = Object.values(now).flat().filter((o) => o.startsWith('threw:'));
    expect(threw).toEqual([]);
  });

  it('records the same corpora as the baseline', () => {
    expect(Object.keys(now).sort()).toEqual(Object.keys(baseline).sort());
  });

  it.each(Object.keys(baseline))('%s: the same output and messages as the baseline', (key) => {
    const was = baseline[key];
    const current = now[key];
    if (typeof was === 'string') {
      expect(current).toBe(was);
      return;
    }
    expect(differences(was, current as Outcome[])).toEqual([]);
  });
});
