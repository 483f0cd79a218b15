/**
 * CanaryRelease day-2 steps applied for real: the runbook's Istio steps (dark, 5 %, 50 %, drained,
 * promoted) and a blue/green switch and back. No Service present on both sides of a step ever has
 * zero ready endpoints, and the app keeps at least the capacity both sides ask for.
 */
import { prune, roomy, small } from './day2';
import { Obj, applyClean, deleteNamespaces, kubectl, requireCluster, rolledOut, synth, until } from './kube';
import { observeChange } from './observe';
import type { CanaryReleaseProps } from '../../lib';
import { CanaryRelease, CanaryRouting, Port, SecureNamespace } from '../../lib/cdk8s';

const used: string[] = [];
beforeAll(() => requireCluster());
// Only on the newest plane: the oldest runs no namespace controller to finish a deletion, and each
// run of the suite starts from an empty etcd anyway.
afterAll(() => deleteNamespaces(used));

describe('CanaryRelease steps (the runbook), Istio routing', () => {
  const ns = 'day2-api';
  const v1 = 'ghcr.io/acme/api:2.1.0';
  const v2 = 'ghcr.io/acme/api:2.2.0';
  const app: CanaryReleaseProps = { name: 'api', containers: [{ image: v1, ports: [Port.http(8080)], resources: small }], stable: { replicas: 3 } };
  const steps: Array<[string, CanaryReleaseProps]> = [
    ['dark', { ...app, canary: { image: v2 } }],
    ['5%', { ...app, canary: { image: v2, weight: 5 } }],
    ['50%', { ...app, canary: { image: v2, weight: 50 } }],
    ['drained', { ...app, canary: { image: v2, weight: 0 } }],
    ['promoted', { ...app, containers: [{ ...app.containers[0], image: v2 }] }],
  ];
  let previous: Obj[] = [];
  const build = (props: CanaryReleaseProps) => synth((chart) => new CanaryRelease(new SecureNamespace(chart, ns, { mesh: {}, quota: roomy }), 'api', props));

  beforeAll(async () => {
    used.push(ns);
    previous = build(app);
    applyClean(previous);
    applyClean(previous, { plane: 'oldest' });
    await rolledOut('Deployment', 'api-stable', ns);
  });

  it.each(steps)('%s: the Service keeps endpoints and the app its capacity', async (_step, props) => {
    const next = build(props);
    applyClean(next, { plane: 'oldest' });
    const seen = await observeChange(ns, 'app.kubernetes.io/name=api', previous, next);
    prune(ns, previous, next);
    prune(ns, previous, next, 'oldest');
    previous = next;
    for (const [service, min] of Object.entries(seen.minEndpoints)) expect({ service, min: min > 0 }).toEqual({ service, min: true });
    expect(seen.minReadyPods).toBeGreaterThanOrEqual(Math.min(seen.before, seen.wanted));
  });
});

describe('CanaryRelease blue/green switch', () => {
  const ns = 'day2-bg';
  const v1 = 'ghcr.io/acme/shop:1.0.0';
  const v2 = 'ghcr.io/acme/shop:2.0.0';
  const app: CanaryReleaseProps = { name: 'shop', containers: [{ image: v1, ports: [Port.http(8080)], resources: small }], stable: { replicas: 2 } };
  const steps: Array<[string, CanaryReleaseProps]> = [
    ['green deployed, blue live', { ...app, canary: { image: v2, replicas: 2 }, routing: CanaryRouting.blueGreen() }],
    ['switch to green', { ...app, canary: { image: v2, replicas: 2 }, routing: CanaryRouting.blueGreen({ active: 'canary' }) }],
    ['switch back to blue', { ...app, canary: { image: v2, replicas: 2 }, routing: CanaryRouting.blueGreen({ active: 'stable' }) }],
  ];
  let previous: Obj[] = [];
  const build = (props: CanaryReleaseProps) => synth((chart) => new CanaryRelease(new SecureNamespace(chart, ns, {}), 'shop', props));

  beforeAll(async () => {
    used.push(ns);
    previous = build({ ...app, routing: CanaryRouting.blueGreen() });
    applyClean(previous);
    applyClean(previous, { plane: 'oldest' });
    await rolledOut('Deployment', 'shop-stable', ns);
  });

  it.each(steps)('%s: every Service keeps endpoints', async (_step, props) => {
    const next = build(props);
    applyClean(next, { plane: 'oldest' });
    const seen = await observeChange(ns, 'app.kubernetes.io/name=shop', previous, next);
    prune(ns, previous, next);
    previous = next;
    for (const [service, min] of Object.entries(seen.minEndpoints)) expect({ service, min: min > 0 }).toEqual({ service, min: true });
    expect(seen.minReadyPods).toBeGreaterThanOrEqual(Math.min(seen.before, seen.wanted));
    // The live Service selects the active colour's pods.
    const live = await until('the Service to select ready pods', () => (kubectl(['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=shop', '-o', 'name']).stdout.trim() ? true : undefined));
    expect(live).toBe(true);
  });
});
