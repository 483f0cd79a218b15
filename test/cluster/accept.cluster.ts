/**
 * The real API servers accept every object keelson emits — the example shop and a matrix of
 * configurations — with no warning, on the newest and on the oldest supported minor, through
 * `kubectl apply --server-side` as users ship it. Admission runs for real: PodSecurity, ResourceQuota,
 * LimitRanger and the CRDs' OpenAPI schemas and CEL rules. On the newest plane the controllers then
 * create the pods, and Pod Security `enforce: restricted` (or the namespace's level) admits them.
 */
import { Obj, apply, deleteNamespaces, events, kubectl, list, planeVersion, requireCluster, until, warnings } from './kube';
import { Configuration, example, matrix } from './matrix';
import { buildApp } from '../../examples/cdk8s/main';

const all: readonly Configuration[] = [example, ...matrix];

beforeAll(() => requireCluster());
// Only on the newest plane: the oldest runs no namespace controller to finish a deletion, and each
// run of the suite starts from an empty etcd anyway.
afterAll(() => deleteNamespaces(all.map((c) => c.name)));

/** Pods each workload should run, by its owner: `Deployment/x` -> replicas (HPA min when autoscaled). */
function expectedPods(objects: readonly Obj[]): Map<string, number> {
  const hpaMin = new Map<string, number>();
  for (const o of objects) if (o.kind === 'HorizontalPodAutoscaler') hpaMin.set(`${o.spec.scaleTargetRef.kind}/${o.spec.scaleTargetRef.name}`, o.spec.minReplicas ?? 1);
  const want = new Map<string, number>();
  for (const o of objects) {
    // A Job runs `parallelism` pods at once (a CronJob none until its schedule comes).
    if (o.kind === 'Job') want.set(`Job/${o.metadata.name}`, o.spec.parallelism ?? 1);
    if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') continue;
    const key = `${o.kind}/${o.metadata.name}`;
    want.set(key, o.spec.replicas ?? hpaMin.get(key) ?? 1);
  }
  return want;
}

/** A workload's ready pods; a Job's ready or finished ones. */
function ready(o: Obj): number {
  return o.kind === 'Job' ? (o.status?.ready ?? 0) + (o.status?.succeeded ?? 0) : (o.status?.readyReplicas ?? 0);
}

/** The QoS class of a pod spec, as Kubernetes documents it (ephemeral-storage does not count). */
function expectedQos(spec: Obj): string {
  const containers: Obj[] = [...(spec.initContainers ?? []), ...spec.containers];
  const set = (c: Obj) => ({ ...c.resources?.requests, ...c.resources?.limits });
  if (containers.every((c) => !Object.keys(set(c)).some((r) => r === 'cpu' || r === 'memory'))) return 'BestEffort';
  const guaranteed = containers.every((c) => ['cpu', 'memory'].every((r) => {
    const limit = c.resources?.limits?.[r];
    return limit !== undefined && (c.resources?.requests?.[r] ?? limit) === limit;
  }));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

describe.each(['newest', 'oldest'] as const)('the %s API server', (plane) => {
  it('accepts the bytes `npm run synth` writes for the example, as they are', () => {
    const yaml = buildApp('/tmp/keelson-never-written').synthYaml();
    const r = kubectl(['apply', '--server-side', '--field-manager=keelson-ci', '-f', '-'], { plane, input: yaml });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it.each(all.map((c) => [c.name, c] as const))('accepts %s with no warning', (_name, config) => {
    const objects = config.objects();
    expect(objects.length).toBeGreaterThan(0);
    const r = apply(objects, { plane });
    expect({ version: planeVersion(plane), status: r.status, stderr: r.stderr }).toEqual({ version: planeVersion(plane), status: 0, stderr: '' });
    expect(warnings(r.stderr)).toEqual([]);
    // Every object is there, as applied.
    const live = kubectl(['get', '-f', '-', '-o', 'name'], { plane, input: objects.map((o) => JSON.stringify(o)).join('\n') });
    expect(live.status).toBe(0);
    expect(live.stdout.trim().split('\n')).toHaveLength(objects.length);
  });
});

describe('pods on the newest control plane', () => {
  it.each(all.map((c) => [c.name, c] as const))('%s: the controllers create every pod, admitted under its Pod Security level', async (_name, config) => {
    const objects = config.objects();
    const ns = config.name;
    const want = expectedPods(objects);
    const total = [...want.values()].reduce((a, b) => a + b, 0);
    const enforce = objects.find((o) => o.kind === 'Namespace')?.metadata.labels?.['pod-security.kubernetes.io/enforce'];
    expect(enforce).toBeDefined();
    await until(`${total} running pods in ${ns}`, () => {
      const pods = list('pods', ns).filter((p) => p.status?.phase === 'Running' || p.status?.phase === 'Succeeded');
      return pods.length >= total ? pods : undefined;
    }, 120_000);
    // The API server classes each pod as its resources say (so `qos: 'Guaranteed'` really is Guaranteed).
    const pods = list('pods', ns);
    expect(pods.map((p) => [p.metadata.name, p.status?.qosClass])).toEqual(pods.map((p) => [p.metadata.name, expectedQos(p.spec)]));
    if (ns === 'stateless-qos-security') expect(pods.filter((p) => p.metadata.name.startsWith('web-')).map((p) => p.status?.qosClass)).toContain('Guaranteed');
    // No controller was refused a pod: Pod Security, quota and LimitRange admitted them all.
    const refused = events(ns).filter((e) => /FailedCreate|forbidden|exceeded quota/i.test(e));
    expect(refused).toEqual([]);
    // The rollout controllers report every workload complete.
    for (const [owner, replicas] of want) {
      const [kind, name] = owner.split('/');
      const live = await until(`${owner} ready`, () => {
        const r = kubectl(['get', kind.toLowerCase(), name, '-n', ns, '-o', 'json']);
        const o = JSON.parse(r.stdout);
        return ready(o) >= replicas ? o : undefined;
      }, 120_000);
      expect(ready(live)).toBeGreaterThanOrEqual(replicas);
    }
  });
});
