/**
 * The release steps that need an order, with the real engine: the shortcuts `checkReleaseStep`
 * refuses for a cdk8s pipeline (release-steps.cluster.ts shows what they do applied at once) are
 * safe within one `pulumi up`, because the components' `dependsOn` makes a route wait for the
 * Deployment it sends to, the provider awaits each rollout, and deletions come last. The new pods
 * are held back by a quota for a moment (as a slow start would delay them); sampled throughout, no
 * route ever sends requests to a track without a ready pod.
 */
import { Stack } from '@pulumi/pulumi/automation';
import { roomy, small } from './day2';
import { Obj, rolledOut } from './kube';
import { holdNewPods, observeChange, recorder } from './observe';
import { realEngineSuite, stackOf, upSampled } from './pulumi-engine';
import { CanaryReleaseProps, CanaryRouting, Port, buildCanaryRelease } from '../../lib';
import * as p from '../../lib/pulumi';

const { stacks, namespaces: used } = realEngineSuite();

const v1 = 'ghcr.io/acme/api:2.1.0';
const v2 = 'ghcr.io/acme/api:2.2.0';

/** A stack of a SecureNamespace `ns` and one CanaryRelease in it, with the props `current()` gives at each run. */
async function releaseStack(ns: string, mesh: boolean, current: () => CanaryReleaseProps): Promise<Stack> {
  used.push(ns);
  const s = await stackOf(ns, async () => {
    const space = new p.SecureNamespace(ns, { quota: roomy, mesh: mesh ? {} : undefined });
    const { name, ...props } = current();
    new p.CanaryRelease(name!, { ...props, namespace: space } as p.CanaryReleaseArgs);
    return {};
  });
  stacks.push(s);
  return s;
}

/** The app's objects, for the observation (which Services and workloads to watch). */
const objects = (ns: string, props: CanaryReleaseProps): Obj[] => buildCanaryRelease({ ...props, namespace: ns }).objects as unknown as Obj[];

describe('Istio: pulumi up of a canary added straight at 10%, and of a promotion straight from 50%', () => {
  const ns = 'pulumi-step-istio';
  const app: CanaryReleaseProps = { name: 'api', containers: [{ image: v1, ports: [Port.http(8080)], resources: small }], stable: { replicas: 2 } };
  const ten: CanaryReleaseProps = { ...app, canary: { image: v2, weight: 10 } };
  const half: CanaryReleaseProps = { ...app, canary: { image: v2, weight: 50 } };
  const promoted: CanaryReleaseProps = { ...app, containers: [{ ...app.containers[0], image: v2 }] };
  let props = app;
  let s: Stack;

  beforeAll(async () => {
    s = await releaseStack(ns, true, () => props);
    await s.up();
    await rolledOut('Deployment', 'api-stable', ns);
  });

  it('added at 10%: the route changes once the canary\'s pods are ready; no request meets a track without one', async () => {
    props = ten;
    const rec = recorder(ns, 'api', holdNewPods(ns));
    await observeChange(ns, 'app.kubernetes.io/name=api', objects(ns, app), objects(ns, ten), { sample: rec.sample, apply: (take) => upSampled(s, take).then(() => undefined) });
    expect([...rec.unserved]).toEqual([]);
  });

  it('promoted straight from 50%: the route moves to stable before the canary\'s pods go', async () => {
    props = half;
    await observeChange(ns, 'app.kubernetes.io/name=api', objects(ns, ten), objects(ns, half), { apply: (take) => upSampled(s, take).then(() => undefined) });
    props = promoted;
    const rec = recorder(ns, 'api', holdNewPods(ns), 3);
    const seen = await observeChange(ns, 'app.kubernetes.io/name=api', objects(ns, half), objects(ns, promoted), {
      sample: rec.sample, apply: (take) => upSampled(s, take).then(() => undefined),
    });
    expect([...rec.unserved]).toEqual([]);
    expect(seen.minEndpoints.api).toBeGreaterThan(0);
  });
});

describe('blue/green: pulumi up of a switch to a colour that starts in the same step', () => {
  const ns = 'pulumi-step-bg';
  const app: CanaryReleaseProps = { name: 'shop', containers: [{ image: v1, ports: [Port.http(8080)], resources: small }], stable: { replicas: 2 } };
  // Green retired; then green scaled up and switched to in one step.
  const retired: CanaryReleaseProps = { ...app, canary: { image: v2, replicas: 0 }, routing: CanaryRouting.blueGreen() };
  const revivedAndSwitched: CanaryReleaseProps = { ...app, canary: { image: v2, replicas: 2 }, routing: CanaryRouting.blueGreen({ active: 'canary' }) };
  let props = retired;
  let s: Stack;

  beforeAll(async () => {
    s = await releaseStack(ns, false, () => props);
    await s.up();
    await rolledOut('Deployment', 'shop-stable', ns);
  });

  it('the Service switches once green\'s pods are ready, never without an endpoint', async () => {
    props = revivedAndSwitched;
    const rec = recorder(ns, 'shop', holdNewPods(ns));
    const seen = await observeChange(ns, 'app.kubernetes.io/name=shop', objects(ns, retired), objects(ns, revivedAndSwitched), {
      sample: rec.sample, apply: (take) => upSampled(s, take).then(() => undefined),
    });
    expect(seen.minEndpoints.shop).toBeGreaterThan(0);
    expect([...rec.unserved]).toEqual([]);
  });
});
