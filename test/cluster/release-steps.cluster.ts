/**
 * The release steps that need an order, applied for real. A canary added straight at a weight and
 * a blue/green switch to a colour that only starts in the same step: applied at once (`kubectl
 * apply`, what a cdk8s pipeline does), requests are routed to a track with no ready pod, which is
 * why checkReleaseStep refuses them (the same steps with `pulumi up`, which orders them, never do:
 * pulumi-release-steps.cluster.ts). The new pods are held back by a quota for a moment (as a slow
 * start would delay them), so the window does not depend on how fast kwok marks pods ready.
 */
import { prune, roomy, small } from './day2';
import { Obj, applyClean, deleteNamespaces, requireCluster, rolledOut, synth } from './kube';
import { holdNewPods, observeChange, recorder } from './observe';
import type { CanaryReleaseProps } from '../../lib';
import { CanaryRelease, CanaryRouting, Port, SecureNamespace } from '../../lib/cdk8s';
import { refusal } from '../helpers/canary';

const used: string[] = [];
beforeAll(() => requireCluster());
afterAll(() => deleteNamespaces(used));

const v1 = 'ghcr.io/acme/api:2.1.0';
const v2 = 'ghcr.io/acme/api:2.2.0';

describe('Istio: a canary added straight at 10%', () => {
  const ns = 'step-istio';
  const app: CanaryReleaseProps = { name: 'api', containers: [{ image: v1, ports: [Port.http(8080)], resources: small }], stable: { replicas: 2 } };
  const start = app;
  const ten: CanaryReleaseProps = { ...app, canary: { image: v2, weight: 10 } };
  const half: CanaryReleaseProps = { ...app, canary: { image: v2, weight: 50 } };
  const promoted: CanaryReleaseProps = { ...app, containers: [{ ...app.containers[0], image: v2 }] };
  const build = (props: CanaryReleaseProps): Obj[] => synth((chart) => new CanaryRelease(new SecureNamespace(chart, ns, { mesh: {}, quota: roomy }), 'api', props));

  beforeAll(async () => {
    used.push(ns);
    applyClean(build(start));
    await rolledOut('Deployment', 'api-stable', ns);
  });

  it('applied at once (cdk8s): the route sends 10% to a canary with no ready pod, so checkReleaseStep refuses the step', async () => {
    expect(refusal(build(start), build(ten)).map((l) => l.split(': ')[0])).toEqual(['canary.weight']);
    const rec = recorder(ns, 'api', holdNewPods(ns));
    await observeChange(ns, 'app.kubernetes.io/name=api', build(start), build(ten), { sample: rec.sample });
    expect([...rec.unserved]).toEqual(['canary']);
    // Back to stable only (the runbook's rollback, in two steps).
    applyClean(build({ ...app, canary: { image: v2, weight: 0 } }));
    applyClean(build(start));
    prune(ns, build(ten), build(start));
  });

  it('promoted straight from 50%: checkReleaseStep refuses it too (the canary\'s pods would go with the route still on them)', () => {
    expect(refusal(build(half), build(promoted)).map((l) => l.split(': ')[0])).toEqual(['canary']);
  });
});

describe('blue/green: a switch to a colour that starts in the same step', () => {
  const ns = 'step-bg';
  const app: CanaryReleaseProps = { name: 'shop', containers: [{ image: v1, ports: [Port.http(8080)], resources: small }], stable: { replicas: 2 } };
  // Green retired; then green scaled up and switched to in one step.
  const retired: CanaryReleaseProps = { ...app, canary: { image: v2, replicas: 0 }, routing: CanaryRouting.blueGreen() };
  const revivedAndSwitched: CanaryReleaseProps = { ...app, canary: { image: v2, replicas: 2 }, routing: CanaryRouting.blueGreen({ active: 'canary' }) };
  const build = (props: CanaryReleaseProps): Obj[] => synth((chart) => new CanaryRelease(new SecureNamespace(chart, ns, { quota: roomy }), 'shop', props));

  beforeAll(async () => {
    used.push(ns);
    applyClean(build(retired));
    await rolledOut('Deployment', 'shop-stable', ns);
  });

  it('applied at once (cdk8s): the Service has no ready endpoint until green\'s pods start; checkReleaseStep refuses it', async () => {
    expect(refusal(build(retired), build(revivedAndSwitched)).map((l) => l.split(': ')[0])).toEqual(['routing.active']);
    const rec = recorder(ns, 'shop', holdNewPods(ns));
    const seen = await observeChange(ns, 'app.kubernetes.io/name=shop', build(retired), build(revivedAndSwitched), { sample: rec.sample });
    expect(seen.minEndpoints.shop).toBe(0);
    expect([...rec.unserved]).toEqual(['canary']);
    applyClean(build({ ...retired, canary: { image: v2, replicas: 2 } }));
    applyClean(build(retired));
    await rolledOut('Deployment', 'shop-canary', ns);
  });

});
