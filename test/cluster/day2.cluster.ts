/**
 * Day-2 changes applied for real, one after another, as a team ships them: on the newest plane
 * (controllers running) every Service keeps ready endpoints and the app keeps at least as many
 * ready pods as either side of the change asks for; on the oldest plane the same applies are
 * accepted. For StatefulApps with the immutable-field lock on, every change keelson accepts is
 * accepted by both API servers, and every change it refuses really is refused by them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CanaryRelease,
  CanaryRouting,
  Duration,
  EnvValue,
  KeelsonValidationError,
  Port,
  Quantity,
  SecureNamespace,
  StatefulApp,
  StatelessApp,
} from '../../lib/cdk8s';
import type { CanaryReleaseProps, StatefulAppProps, StatelessAppProps } from '../../lib';
import { Obj, apply, applyClean, deleteNamespaces, get, kubectl, kubectlOk, requireCluster, rolledOut, synth, until } from './kube';
import { observeChange } from './observe';

const used: string[] = [];
beforeAll(() => requireCluster());
// Only on the newest plane: the oldest runs no namespace controller to finish a deletion, and each
// run of the suite starts from an empty etcd anyway.
afterAll(() => deleteNamespaces(used));

const small = { cpu: { request: Quantity.millicores(50) }, memory: { request: Quantity.mebibytes(64) } };

/** The namespace's objects and the app's, synthesised together as a user's chart would. */
function chartOf(ns: string, add: (scope: SecureNamespace) => void): Obj[] {
  return synth((chart) => add(new SecureNamespace(chart, ns, { quota: { cpu: { request: Quantity.cores(4) }, memory: { request: Quantity.gibibytes(8) }, pods: 40 } })));
}

/** Deletes what `previous` had and `next` has not (what `kubectl apply --prune` or a GitOps tool does). */
function prune(ns: string, previous: readonly Obj[], next: readonly Obj[], plane: 'newest' | 'oldest' = 'newest'): void {
  const key = (o: Obj) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`;
  const keep = new Set(next.map(key));
  for (const o of previous) {
    if (keep.has(key(o))) continue;
    kubectlOk(['delete', `${o.kind}.${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}`.replace(/\.$/, ''), o.metadata.name, '-n', ns, '--ignore-not-found', '--wait=false'], { plane });
  }
}

/**
 * The documented migration to an autoscaler under server-side apply: before the first apply
 * without `replicas`, a second field manager takes co-ownership of the current value, so the field
 * is kept (not reset to 1) when keelson's manifests stop setting it.
 */
function handOffReplicas(kind: 'Deployment' | 'StatefulSet', name: string, ns: string, plane: 'newest' | 'oldest' = 'newest'): void {
  const replicas = get(kind, name, ns, plane)?.spec.replicas;
  const partial = { apiVersion: 'apps/v1', kind, metadata: { name, namespace: ns }, spec: { replicas } };
  kubectlOk(['apply', '--server-side', '--field-manager=handover-to-hpa', '--validate=false', '-f', '-'], { plane, input: JSON.stringify(partial) });
}

describe('StatelessApp day-2 changes', () => {
  const ns = 'day2-web';
  const base: StatelessAppProps = { name: 'web', replicas: 3, containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)], resources: small }] };
  const c = (props: Partial<StatelessAppProps>, container: Record<string, unknown> = {}): StatelessAppProps => ({
    ...base,
    ...props,
    containers: [{ ...base.containers[0], ...container }],
  });
  const steps: Array<[string, StatelessAppProps]> = [
    ['image', c({}, { image: 'ghcr.io/acme/web:1.0.1' })],
    ['replicas', c({ replicas: 4 }, { image: 'ghcr.io/acme/web:1.0.1' })],
    ['env', c({ replicas: 4 }, { image: 'ghcr.io/acme/web:1.0.1', env: { LOG_LEVEL: 'debug', POD: EnvValue.fromField('metadata.name') } })],
    ['resources', c({ replicas: 4 }, { image: 'ghcr.io/acme/web:1.0.1', resources: { cpu: { request: Quantity.millicores(60) }, memory: { request: Quantity.mebibytes(80) } } })],
    ['ports', c({ replicas: 4 }, { image: 'ghcr.io/acme/web:1.0.1', ports: [Port.http(8080), Port.http(9090, { name: 'admin', servicePort: 9090 })] })],
    ['autoscaling on', c({ replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 8 } }, { image: 'ghcr.io/acme/web:1.0.1', ports: [Port.http(8080), Port.http(9090, { name: 'admin', servicePort: 9090 })] })],
    ['autoscaling off', c({ replicas: 4 }, { image: 'ghcr.io/acme/web:1.0.1', ports: [Port.http(8080), Port.http(9090, { name: 'admin', servicePort: 9090 })] })],
  ];
  let previous: Obj[] = [];

  beforeAll(async () => {
    used.push(ns);
    previous = chartOf(ns, (scope) => new StatelessApp(scope, 'web', base));
    applyClean(previous);
    applyClean(previous, { plane: 'oldest' });
    await rolledOut('Deployment', 'web', ns);
  });

  it.each(steps)('%s: accepted by both API servers, never without endpoints or below capacity', async (step, props) => {
    const next = chartOf(ns, (scope) => new StatelessApp(scope, 'web', props));
    const autoscaled = step === 'autoscaling on';
    applyClean(next, { plane: 'oldest' });
    const seen = await observeChange(ns, 'app.kubernetes.io/name=web', previous, next, {
      beforeApply: () => autoscaled && handOffReplicas('Deployment', 'web', ns),
    });
    prune(ns, previous, next);
    prune(ns, previous, next, 'oldest');
    previous = next;
    expect(seen.minEndpoints.web).toBeGreaterThan(0);
    expect(seen.minReadyPods).toBeGreaterThanOrEqual(Math.min(seen.before, seen.wanted));
    if (autoscaled) expect(get('Deployment', 'web', ns)?.spec.replicas).toBe(4);
  });
});

describe('StatefulApp day-2 changes with the immutable-field lock', () => {
  const ns = 'day2-db';
  let lockDir = '';
  const base: StatefulAppProps = {
    name: 'db',
    replicas: 3,
    containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'postgres' })], resources: small }],
    storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1) }],
  };
  const steps: Array<[string, Partial<StatefulAppProps>, Record<string, unknown>?]> = [
    ['image', {}, { image: 'ghcr.io/acme/db:1.0.1' }],
    ['replicas', { replicas: 4 }],
    ['env', {}, { env: { MODE: 'replica' } }],
    ['resources', {}, { resources: { cpu: { request: Quantity.millicores(60) }, memory: { request: Quantity.mebibytes(80) } } }],
    ['revisionHistoryLimit', { revisionHistoryLimit: 3 }],
    ['minReady', { minReady: Duration.seconds(2) }],
    ['updatePartition', { updatePartition: 1 }],
    ['volumeRetention', { volumeRetention: { whenDeleted: 'Delete', whenScaled: 'Delete' } }],
    ['disruptionBudget', { disruptionBudget: { quorum: true } }],
    ['ports', {}, { ports: [Port.tcp(5432, { name: 'postgres' }), Port.tcp(9187, { name: 'metrics' })] }],
    ['podManagementPolicy', { podManagementPolicy: 'Parallel' }],
    ['storage size', { storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(2) }] }],
    ['storage class', { storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1), storageClassName: 'ssd' }] }],
  ];
  let current: StatefulAppProps = base;
  let previous: Obj[] = [];

  beforeAll(async () => {
    used.push(ns);
    lockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-lock-'));
    previous = withLock(() => chartOf(ns, (scope) => new StatefulApp(scope, 'db', base)));
    applyClean(previous);
    applyClean(previous, { plane: 'oldest' });
    await rolledOut('StatefulSet', 'db', ns, 180_000);
  });
  afterAll(() => fs.rmSync(lockDir, { recursive: true, force: true }));

  function withLock<T>(fn: () => T): T {
    const saved = { lock: process.env.KEELSON_LOCK, file: process.env.KEELSON_LOCK_FILE };
    delete process.env.KEELSON_LOCK;
    process.env.KEELSON_LOCK_FILE = path.join(lockDir, 'keelson.lock.json');
    try {
      return fn();
    } finally {
      process.env.KEELSON_LOCK = saved.lock;
      process.env.KEELSON_LOCK_FILE = saved.file;
    }
  }

  it.each(steps)('%s: keelson and both API servers agree', async (_step, change, container) => {
    const props: StatefulAppProps = { ...current, ...change, containers: [{ ...current.containers[0], ...(container ?? {}) }] };
    const build = () => chartOf(ns, (scope) => new StatefulApp(scope, 'db', props));
    let next: Obj[] | undefined;
    let refusal: string | undefined;
    try {
      next = withLock(build);
    } catch (e) {
      if (!(e instanceof KeelsonValidationError)) throw e;
      refusal = e.message;
    }
    if (next === undefined) {
      // keelson refused: the API servers must refuse the same change (built without the lock).
      const unchecked = build();
      for (const plane of ['newest', 'oldest'] as const) {
        const r = apply(unchecked, { plane, dryRun: true });
        expect({ plane, refusal, status: r.status }).toEqual({ plane, refusal, status: 1 });
        expect(r.stderr).toMatch(/Forbidden|field is immutable/);
      }
      return;
    }
    const r = apply(next, { plane: 'oldest' });
    expect({ plane: 'oldest', status: r.status, stderr: r.stderr }).toEqual({ plane: 'oldest', status: 0, stderr: '' });
    const seen = await observeChange(ns, 'app.kubernetes.io/name=db', previous, next, { timeoutMs: 180_000 });
    prune(ns, previous, next);
    previous = next;
    current = props;
    expect(seen.minEndpoints.db ?? 1).toBeGreaterThan(0);
    expect(seen.minEndpoints['db-headless'] ?? 1).toBeGreaterThan(0);
    // A StatefulSet replaces its pods one at a time (no surge): at most one is down at any moment.
    expect(seen.minReadyPods).toBeGreaterThanOrEqual(Math.min(seen.before, seen.wanted) - 1);
  });
});

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
  const build = (props: CanaryReleaseProps) => synth((chart) => new CanaryRelease(new SecureNamespace(chart, ns, { mesh: {} }), 'api', props));

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
