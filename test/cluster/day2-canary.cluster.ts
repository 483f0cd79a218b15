/**
 * CanaryRelease day-2 steps applied for real, every one of them passing checkReleaseStep against
 * the step before: the runbook's Istio steps (dark, 5 %, 50 %, drained, promoted), the replica-ratio
 * steps (stable's ready pods never below totalReplicas), blue/green (switch, retire the idle colour
 * while the other is live, next release into it, switch back) and tracks whose images differ only
 * by repository (distinct version labels, selectors untouched). No Service present on both sides of
 * a step ever has zero ready endpoints, no route sends requests to a track without a ready pod, and
 * the app keeps at least the capacity both sides ask for.
 */
import { prune, roomy, small } from './day2';
import { Obj, applyClean, deleteNamespaces, kubectl, requireCluster, rolledOut, synth, until, list, readyPods } from './kube';
import { observeChange, unservedTracks } from './observe';
import type { CanaryReleaseProps } from '../../lib';
import { CanaryRelease, CanaryRouting, Port, SecureNamespace } from '../../lib/cdk8s';
import { refusal } from '../helpers/canary';

const used: string[] = [];
beforeAll(() => requireCluster());
// Only on the newest plane: the oldest runs no namespace controller to finish a deletion, and each
// run of the suite starts from an empty etcd anyway.
afterAll(() => deleteNamespaces(used));

/**
 * Runs steps in a namespace: each is accepted by both planes, safe after the one before, and
 * observed (`sample` runs at every sample too; `extra` checks after each step).
 */
interface RunbookOptions {
  sample?: () => void;
  extra?: (seen: Awaited<ReturnType<typeof observeChange>>, step: string) => void;
}
function runbook(
  ns: string,
  name: string,
  build: (props: CanaryReleaseProps) => Obj[],
  first: CanaryReleaseProps,
  steps: Array<[string, CanaryReleaseProps]>,
  options: RunbookOptions = {},
): void {
  let previous: Obj[] = [];
  beforeAll(async () => {
    used.push(ns);
    previous = build(first);
    applyClean(previous);
    applyClean(previous, { plane: 'oldest' });
    await rolledOut('Deployment', `${name}-stable`, ns);
  });

  it.each(steps)('%s: safe after the step before; the Services keep endpoints, the routes ready pods, the app its capacity', async (step, props) => {
    const next = build(props);
    expect({ step, refused: refusal(previous, next) }).toEqual({ step, refused: [] });
    applyClean(next, { plane: 'oldest' });
    const unserved = new Set<string>();
    const seen = await observeChange(ns, `app.kubernetes.io/name=${name}`, previous, next, {
      sample: () => {
        unservedTracks(ns, name).forEach((t) => unserved.add(t));
        options.sample?.();
      },
    });
    prune(ns, previous, next);
    prune(ns, previous, next, 'oldest');
    previous = next;
    for (const [service, min] of Object.entries(seen.minEndpoints)) expect({ service, min: min > 0 }).toEqual({ service, min: true });
    expect({ step, unserved: [...unserved] }).toEqual({ step, unserved: [] });
    expect(seen.minReadyPods).toBeGreaterThanOrEqual(Math.min(seen.before, seen.wanted));
    options.extra?.(seen, step);
  });
}

describe('CanaryRelease steps (the runbook), Istio routing', () => {
  const ns = 'day2-api';
  const v1 = 'ghcr.io/acme/api:2.1.0';
  const v2 = 'ghcr.io/acme/api:2.2.0';
  const app: CanaryReleaseProps = { name: 'api', containers: [{ image: v1, ports: [Port.http(8080)], resources: small }], stable: { replicas: 3 } };
  runbook(ns, 'api', (props) => synth((chart) => new CanaryRelease(new SecureNamespace(chart, ns, { mesh: {}, quota: roomy }), 'api', props)), app, [
    ['dark', { ...app, canary: { image: v2 } }],
    ['5%', { ...app, canary: { image: v2, weight: 5 } }],
    ['50%', { ...app, canary: { image: v2, weight: 50 } }],
    ['drained', { ...app, canary: { image: v2, weight: 0 } }],
    ['promoted', { ...app, containers: [{ ...app.containers[0], image: v2 }] }],
  ]);
});

describe('CanaryRelease replica ratio: stable keeps its pods at every weight', () => {
  const ns = 'day2-ratio';
  const v1 = 'ghcr.io/acme/ratio:1.0.0';
  const v2 = 'ghcr.io/acme/ratio:2.0.0';
  const app: CanaryReleaseProps = { name: 'ratio', containers: [{ image: v1, ports: [Port.http(8080)], resources: small }], routing: CanaryRouting.replicaRatio({ totalReplicas: 10 }) };
  const stable = 'app.kubernetes.io/name=ratio,keelson.dev/track=stable';
  let minStable = Number.POSITIVE_INFINITY;
  // The 10 → 6 → 10 (10% to 50%) and 10 → 5 → 10 (the drain): stable never drops below 10 ready pods now.
  runbook(ns, 'ratio', (props) => synth((chart) => new CanaryRelease(new SecureNamespace(chart, ns, { quota: roomy }), 'ratio', props)), app, [
    ['dark', { ...app, canary: { image: v2 } }],
    ['10%', { ...app, canary: { image: v2, weight: 10 } }],
    ['50%', { ...app, canary: { image: v2, weight: 50 } }],
    ['drained', { ...app, canary: { image: v2, weight: 0 } }],
    ['promoted', { ...app, containers: [{ ...app.containers[0], image: v2 }] }],
  ], {
    // Sampled throughout each change, not only once it settled.
    sample: () => {
      minStable = Math.min(minStable, readyPods(ns, stable));
    },
    extra: (seen, step) => {
      expect({ step, stableReadyAtLeast: minStable }).toEqual({ step, stableReadyAtLeast: 10 });
      expect(seen.minReadyPods).toBeGreaterThanOrEqual(10);
    },
  });
});

describe('CanaryRelease blue/green: switch, retire the idle colour while the other is live, next release into it, switch back', () => {
  const ns = 'day2-bg';
  const v1 = 'ghcr.io/acme/shop:1.0.0';
  const v2 = 'ghcr.io/acme/shop:2.0.0';
  const v3 = 'ghcr.io/acme/shop:3.0.0';
  const app: CanaryReleaseProps = { name: 'shop', containers: [{ image: v1, ports: [Port.http(8080)], resources: small }], stable: { replicas: 2 } };
  const green = { image: v2, replicas: 2 };
  runbook(ns, 'shop', (props) => synth((chart) => new CanaryRelease(new SecureNamespace(chart, ns, {}), 'shop', props)), { ...app, routing: CanaryRouting.blueGreen() }, [
    ['green deployed, blue live', { ...app, canary: green, routing: CanaryRouting.blueGreen() }],
    ['switch to green', { ...app, canary: green, routing: CanaryRouting.blueGreen({ active: 'canary' }) }],
    ['blue retired, green live', { ...app, stable: { replicas: 0 }, canary: green, routing: CanaryRouting.blueGreen({ active: 'canary' }) }],
    ['v3 into blue, green live', { ...app, stable: { replicas: 2, image: v3 }, canary: green, routing: CanaryRouting.blueGreen({ active: 'canary' }) }],
    ['switch back to blue', { ...app, stable: { replicas: 2, image: v3 }, canary: green, routing: CanaryRouting.blueGreen({ active: 'stable' }) }],
    ['green retired', { ...app, stable: { replicas: 2, image: v3 }, canary: { ...green, replicas: 0 }, routing: CanaryRouting.blueGreen({ active: 'stable' }) }],
  ], {
    extra: (_seen, step) => {
      // The live Service selects the active colour's ready pods; a retired colour has none and no preview Service.
      const slices = kubectl(['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=shop', '-o', 'name']).stdout.trim();
      expect({ step, slices: slices.length > 0 }).toEqual({ step, slices: true });
      if (step.includes('retired')) expect(list('services', ns).map((s) => s.metadata.name).sort()).toEqual(['shop']);
    },
  });
});

describe('CanaryRelease tracks whose images differ only by repository', () => {
  const ns = 'day2-version';
  const app: CanaryReleaseProps = { name: 'api', containers: [{ image: 'ghcr.io/acme/api:2.1.0', ports: [Port.http(8080)], resources: small }], stable: { replicas: 2 } };
  const build = (props: CanaryReleaseProps) => synth((chart) => new CanaryRelease(new SecureNamespace(chart, ns, { mesh: {}, quota: roomy }), 'api', props));
  const explicit: CanaryReleaseProps = { ...app, canary: { image: 'ghcr.io/acme/api-experimental:2.1.0', version: '2.1.0-exp' } };
  const derived: CanaryReleaseProps = { ...app, canary: { image: 'ghcr.io/acme/api-experimental:2.1.0' } };

  it('the canary\'s pods are labelled <version>-canary; changing only that label is accepted by both planes and touches no selector', async () => {
    used.push(ns);
    const first = build(explicit);
    applyClean(first);
    applyClean(first, { plane: 'oldest' });
    await rolledOut('Deployment', 'api-canary', ns);
    const next = build(derived);
    const selectors = (objects: Obj[]) => JSON.stringify(objects.map((o) => [o.kind, o.metadata.name, o.spec?.selector, o.spec?.subsets]));
    expect(selectors(next)).toBe(selectors(first));
    applyClean(next, { plane: 'oldest' });
    const seen = await observeChange(ns, 'app.kubernetes.io/name=api', first, next);
    expect(seen.minEndpoints.api).toBeGreaterThan(0);
    const versions = await until('the canary pods to roll', () => {
      const pods = list('pods', ns, 'app.kubernetes.io/name=api').filter((p) => !p.metadata.deletionTimestamp);
      const byTrack = new Set(pods.map((p) => `${p.metadata.labels['keelson.dev/track']}=${p.metadata.labels['app.kubernetes.io/version']}`));
      return byTrack.size === 2 ? [...byTrack].sort() : undefined;
    });
    expect(versions).toEqual(['canary=2.1.0-canary', 'stable=2.1.0']);
  });
});
