/**
 * checkReleaseStep: the check between one release step's objects and the next's. Every shortcut
 * that would send requests where no pod serves them is refused with the next safe step (for every
 * routing that has a router, blue/green included); the documented steps pass (the workflows in
 * canary-release.determinism.test.ts run it between every two steps); releases new in the step,
 * Argo Rollouts, other apps' objects and garbage are left alone, never a TypeError. On both engines:
 * the objects of a cdk8s synth and of a Pulumi program give the same answers.
 */
import { Chart, Testing } from 'cdk8s';
import {
  CanaryMatch, CanaryReleaseProps, CanaryRouting, KeelsonValidationError, Port, buildCanaryRelease, buildStatelessApp, checkReleaseStep,
} from '../../lib';
import * as cdk8s from '../../lib/cdk8s';
import * as kpulumi from '../../lib/pulumi';
import { CANARY_IMAGE, STABLE_IMAGE, refusal } from '../helpers/canary';
import { pulumiObjects } from '../helpers/parity';
import { mockPulumi, settle } from '../helpers/pulumi';

const app = (routing: CanaryRouting, extra: Partial<CanaryReleaseProps> = {}): CanaryReleaseProps => ({
  name: 'api', namespace: 'shop', containers: [{ image: STABLE_IMAGE, ports: [Port.http(8080)] }], routing, ...extra,
});
const objects = (props: CanaryReleaseProps) => buildCanaryRelease(props).objects;
const paths = (before: CanaryReleaseProps, after: CanaryReleaseProps) => refusal(objects(before), objects(after)).map((l) => l.split(': ')[0]);

const ROUTERS: Record<string, { routing: CanaryRouting; testers: CanaryRouting }> = {
  'istio': { routing: CanaryRouting.istio(), testers: CanaryRouting.istio({ match: [CanaryMatch.headerExact('x-canary', 'always')] }) },
  'ingress-nginx': {
    routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }),
    testers: CanaryRouting.ingressNginx({ hosts: ['api.example.com'], header: 'X-Canary' }),
  },
  'gateway-api': {
    routing: CanaryRouting.gatewayApi({ gateway: 'infra/public' }),
    testers: CanaryRouting.gatewayApi({ gateway: 'infra/public', headers: { 'x-canary': 'always' } }),
  },
};

describe.each(Object.entries(ROUTERS))('checkReleaseStep, %s', (_kind, { routing, testers }) => {
  const start = app(routing);
  const dark = app(routing, { canary: { image: CANARY_IMAGE } });
  const ten = app(routing, { canary: { image: CANARY_IMAGE, weight: 10 } });
  const half = app(routing, { canary: { image: CANARY_IMAGE, weight: 50 } });
  const tested = app(testers, { canary: { image: CANARY_IMAGE } });
  const promoted = app(routing, { containers: [{ image: CANARY_IMAGE, ports: [Port.http(8080)] }] });

  it('passes the runbook: dark, testers, weights up, drained, promoted; and a rollback from any weight to dark', () => {
    const steps = [start, dark, tested, ten, half, dark, promoted];
    for (let i = 1; i < steps.length; i++) {
      expect({ step: i, refused: refusal(objects(steps[i - 1]), objects(steps[i])) }).toEqual({ step: i, refused: [] });
    }
    expect(refusal(objects(half), objects(dark))).toEqual([]);
  });

  it('refuses a canary that gets requests in the step that starts its pods (by weight or by a tester route), naming the next safe step', () => {
    expect(paths(start, ten)).toEqual(['canary.weight']);
    expect(paths(start, tested)).toEqual(['canary.weight']);
    const [line] = refusal(objects(start), objects(ten));
    expect(line).toMatch(/sends requests to the canary track in namespace shop \(.*10.*\), whose pods do not run yet/);
    expect(line).toMatch(/First deploy the canary dark \(canary\.weight 0, no match, header or cookie route to it\), apply, wait for `kubectl rollout status deployment\/api-canary`, then route to it/);
  });

  it('refuses removing a canary that still gets requests (promoting or rolling back straight from a weight or a tester route)', () => {
    expect(paths(half, promoted)).toEqual(['canary']);
    expect(paths(half, start)).toEqual(['canary']);
    expect(paths(tested, promoted)).toEqual(['canary']);
    expect(refusal(objects(half), objects(promoted))[0]).toMatch(/stops the canary track in namespace shop while the step before still sent it requests \(.*50.*\).*First drain it \(canary\.weight 0, and no match, header or cookie route to it\), apply and wait, then remove it/);
  });
});

describe('checkReleaseStep, traefik (weights only: no tester route)', () => {
  const routing = CanaryRouting.traefik({ hosts: ['api.example.com'] });
  const start = app(routing);
  const dark = app(routing, { canary: { image: CANARY_IMAGE } });
  const half = app(routing, { canary: { image: CANARY_IMAGE, weight: 50 } });
  const promoted = app(routing, { containers: [{ image: CANARY_IMAGE, ports: [Port.http(8080)] }] });

  it('passes dark, weight up, drained, promoted; refuses a weight in the step that starts the pods, and removing a weighted canary', () => {
    const steps = [start, dark, half, dark, promoted];
    for (let i = 1; i < steps.length; i++) {
      expect({ step: i, refused: refusal(objects(steps[i - 1]), objects(steps[i])) }).toEqual({ step: i, refused: [] });
    }
    expect(paths(start, half)).toEqual(['canary.weight']);
    expect(refusal(objects(start), objects(half))[0]).toMatch(/\(weight 50 in TraefikService api\), whose pods do not run yet/);
    expect(paths(half, promoted)).toEqual(['canary']);
  });
});

describe('checkReleaseStep, blue/green', () => {
  const bg = (active: 'stable' | 'canary', extra: Partial<CanaryReleaseProps>) => app(CanaryRouting.blueGreen({ active }), { stable: { replicas: 2 }, ...extra });
  const green = { image: CANARY_IMAGE, replicas: 2 };
  const preview = bg('stable', { canary: green });
  const switched = bg('canary', { canary: green });
  const retired = bg('canary', { stable: { replicas: 0 }, canary: green });

  it('passes preview, switch, retire the idle colour, and switches between two running colours', () => {
    expect(refusal(objects(preview), objects(switched))).toEqual([]);
    expect(refusal(objects(switched), objects(retired))).toEqual([]);
    expect(refusal(objects(switched), objects(preview))).toEqual([]);
  });

  it('refuses switching to a colour in the step that starts its pods, and retiring the colour that was active in the same step', () => {
    expect(paths(app(CanaryRouting.blueGreen(), { stable: { replicas: 2 } }), switched)).toEqual(['routing.active']);
    const revived = bg('stable', { stable: { replicas: 2, image: 'ghcr.io/acme/api:1.6.0' }, canary: green });
    expect(paths(retired, revived)).toEqual(['routing.active']);
    expect(paths(switched, bg('stable', { canary: { ...green, replicas: 0 } }))).toEqual(['canary.replicas']);
    expect(paths(switched, app(CanaryRouting.blueGreen(), { stable: { replicas: 2 } }))).toEqual(['canary']);
  });
});

describe('checkReleaseStep: what it leaves alone', () => {
  it('replica ratio (the Service follows ready pods), mirroring (responses are discarded), Argo Rollouts (its controller moves traffic)', () => {
    const ratio = CanaryRouting.replicaRatio({ totalReplicas: 4 });
    expect(refusal(objects(app(ratio)), objects(app(ratio, { canary: { image: CANARY_IMAGE, weight: 50 } })))).toEqual([]);
    const mirror = CanaryRouting.istio({ mirrorPercent: 10 });
    expect(refusal(objects(app(CanaryRouting.istio())), objects(app(mirror, { canary: { image: CANARY_IMAGE } })))).toEqual([]);
    expect(refusal(objects(app(mirror, { canary: { image: CANARY_IMAGE } })), objects(app(CanaryRouting.istio())))).toEqual([]);
    const gateway = CanaryRouting.gatewayApi({ gateway: 'public' });
    const gatewayMirror = CanaryRouting.gatewayApi({ gateway: 'public', mirrorPercent: 10 });
    expect(refusal(objects(app(gateway)), objects(app(gatewayMirror, { canary: { image: CANARY_IMAGE } })))).toEqual([]);
    expect(refusal(objects(app(gatewayMirror, { canary: { image: CANARY_IMAGE } })), objects(app(gateway)))).toEqual([]);
    const argo = CanaryRouting.argoRollouts();
    expect(refusal(objects(app(argo)), objects(app(argo, { containers: [{ image: CANARY_IMAGE, ports: [Port.http(8080)] }] })))).toEqual([]);
  });

  it('a release new in the step (nothing served before), other apps, and the same name in another namespace', () => {
    const ten = app(CanaryRouting.istio(), { canary: { image: CANARY_IMAGE, weight: 10 } });
    expect(refusal([], objects(ten))).toEqual([]);
    const web = buildStatelessApp({ name: 'api', namespace: 'shop', containers: [{ image: STABLE_IMAGE }] }).objects;
    expect(refusal(web, objects(ten))).toEqual([]);
    const elsewhere = objects({ ...app(CanaryRouting.istio()), namespace: 'other' });
    expect(refusal([...elsewhere, ...objects(ten)], [...elsewhere, ...objects(ten)])).toEqual([]);
    expect(refusal([...elsewhere, ...objects(app(CanaryRouting.istio()))], [...objects({ ...ten, namespace: 'other' }), ...objects(app(CanaryRouting.istio()))]))
      .toEqual([expect.stringMatching(/^canary\.weight: sends requests to the canary track in namespace other/)]);
  });

  it('lists every refused release in one error; garbage is skipped, never a TypeError; lists that are not lists are the library\'s error', () => {
    const two = (ns: string, p: CanaryReleaseProps) => objects({ ...p, namespace: ns });
    const start = app(CanaryRouting.istio());
    const ten = app(CanaryRouting.istio(), { canary: { image: CANARY_IMAGE, weight: 10 } });
    let error: unknown;
    try {
      checkReleaseStep([...two('a', start), ...two('b', start)], [...two('a', ten), ...two('b', ten), null, 7, 'x', { metadata: null }, { kind: 'Deployment' }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeelsonValidationError);
    expect((error as KeelsonValidationError).problems.map((p) => p.message.match(/namespace (\w+)/)![1])).toEqual(['a', 'b']);
    expect(() => checkReleaseStep(undefined as never, [])).toThrow(KeelsonValidationError);
    expect(() => checkReleaseStep([], { objects: [] } as never)).toThrow(/next: must be the list of objects about to be applied/);
  });
});

describe('checkReleaseStep on both engines', () => {
  const start = app(CanaryRouting.istio());
  const ten = app(CanaryRouting.istio(), { canary: { image: CANARY_IMAGE, weight: 10 } });
  const { name: _n, ...startProps } = start;
  const { name: _m, ...tenProps } = ten;

  it('cdk8s: the synthesised objects of two steps', () => {
    const synth = (props: Omit<CanaryReleaseProps, 'name'>) => {
      const chart = new Chart(Testing.app(), 'shop');
      new cdk8s.CanaryRelease(chart, 'api', props);
      return Testing.synth(chart);
    };
    expect(refusal(synth(startProps), synth(tenProps)).map((l) => l.split(': ')[0])).toEqual(['canary.weight']);
    expect(refusal(synth(startProps), synth(startProps))).toEqual([]);
  });

  it('Pulumi: the objects a program registers, the same answer', async () => {
    const registered = async (props: Omit<CanaryReleaseProps, 'name'>) => {
      const mocks = await mockPulumi();
      new kpulumi.CanaryRelease('api', props as kpulumi.CanaryReleaseArgs);
      await settle();
      return Object.values(pulumiObjects(mocks.registrations));
    };
    const before = await registered(startProps);
    const after = await registered(tenProps);
    expect(refusal(before, after).map((l) => l.split(': ')[0])).toEqual(['canary.weight']);
  });
});
