/**
 * StatefulApp day-2 changes with the immutable-field lock on (checked when the app is synthesised):
 * every change keelson accepts is accepted by both API servers (and keeps the Services' endpoints on
 * the newest), every change it refuses really is refused by both.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chartOf, prune, small } from './day2';
import { Obj, apply, applyClean, deleteNamespaces, requireCluster, rolledOut } from './kube';
import { observeChange } from './observe';
import type { StatefulAppProps } from '../../lib';
import { Duration, KeelsonValidationError, Port, Quantity, StatefulApp } from '../../lib/cdk8s';

const used: string[] = [];
beforeAll(() => requireCluster());
// Only on the newest plane: the oldest runs no namespace controller to finish a deletion, and each
// run of the suite starts from an empty etcd anyway.
afterAll(() => deleteNamespaces(used));

describe('StatefulApp day-2 changes with the immutable-field lock', () => {
  const ns = 'day2-db';
  let lockDir = '';
  const base: StatefulAppProps = {
    name: 'db',
    replicas: 3,
    containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'postgres' })], resources: small }],
    storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1) }],
  };
  // Every row has three entries: jest passes `done` as an extra parameter when a row is shorter.
  const steps: Array<[string, Partial<StatefulAppProps>, Record<string, unknown>]> = [
    ['image', {}, { image: 'ghcr.io/acme/db:1.0.1' }],
    ['replicas', { replicas: 4 }, {}],
    ['env', {}, { env: { MODE: 'replica' } }],
    ['resources', {}, { resources: { cpu: { request: Quantity.millicores(60) }, memory: { request: Quantity.mebibytes(80) } } }],
    ['revisionHistoryLimit', { revisionHistoryLimit: 3 }, {}],
    ['minReady', { minReady: Duration.seconds(2) }, {}],
    ['updatePartition', { updatePartition: 1 }, {}],
    ['volumeRetention', { volumeRetention: { whenDeleted: 'Delete', whenScaled: 'Delete' } }, {}],
    // A quorum budget needs an odd member count.
    ['disruptionBudget', { replicas: 5, disruptionBudget: { quorum: true } }, {}],
    ['ports', {}, { ports: [Port.tcp(5432, { name: 'postgres' }), Port.tcp(9187, { name: 'metrics' })] }],
    ['podManagementPolicy', { podManagementPolicy: 'Parallel' }, {}],
    ['storage size', { storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(2) }] }, {}],
    ['storage class', { storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1), storageClassName: 'ssd' }] }, {}],
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
    // Recording, as a developer's synthesis does (CI, when set, would only verify).
    process.env.KEELSON_LOCK = 'record';
    process.env.KEELSON_LOCK_FILE = path.join(lockDir, 'keelson.lock.json');
    try {
      return fn();
    } finally {
      for (const [key, value] of [['KEELSON_LOCK', saved.lock], ['KEELSON_LOCK_FILE', saved.file]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }

  it.each(steps)('%s: keelson and both API servers agree', async (_step, change, container) => {
    const props: StatefulAppProps = { ...current, ...change, containers: [{ ...current.containers[0], ...container }] };
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

