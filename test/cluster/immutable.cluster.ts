/**
 * keelson's immutable-field data against the real API servers, and the CI check that catches what
 * a lock cannot.
 *
 * 1. For every field of every kind in IMMUTABLE_FIELDS, on the oldest (1.33) and the newest (1.37)
 *    supported API server, with the data of that server's minor: an update that changes the field
 *    is refused exactly when keelson's comparison (the one keelson.lock.json makes) says it is, with
 *    the API server's own reason; an accepted change is applied as the data says (a `dropped` field
 *    is not kept). Cases come from the data (immutable-cases.ts has one per field, more for a rule
 *    with a condition); a field without a case fails the test.
 * 2. `kubectl apply --server-side --dry-run=server`, the check docs/upgrade-safety.md recommends in
 *    CI, refuses a new StatefulApp size that keelson's lock refuses too, and accepts the unchanged
 *    manifests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { CASES, EXPANDABLE, NAMESPACE, UpdateCase } from './immutable-cases';
import { Obj, Plane, applyClean, deleteNamespaces, get, kubectl, kubectlOk, namespace, planeVersion, requireCluster, runFile, synth, toYaml, until } from './kube';
import { IMMUTABLE_FIELDS, KUBERNETES_VERSIONS, KubernetesVersion, Quantity, immutableChanges, immutableSnapshot } from '../../lib';
import { Port, StatefulApp } from '../../lib/cdk8s';
import { valueAt } from '../../lib/core/immutable/compare';
import { kindKey } from '../../lib/core/immutable/rules';
import { checkLock } from '../../lib/lock';

const PLANES: readonly Plane[] = ['oldest', 'newest'];
const minor = (plane: Plane) => planeVersion(plane).replace(/^v(\d+\.\d+)\..*$/, '$1') as KubernetesVersion;

/** Labels the cluster-scoped objects this file makes, for the clean-up. */
const TEST_LABEL = 'keelson.dev/immutable-fields-test';
/** Names the volumes of this run: one still being deleted from an earlier run cannot be reused. */
const RUN = Date.now().toString(36);

beforeAll(() => requireCluster());
afterAll(() => {
  deleteNamespaces([NAMESPACE, 'immutable-ci']);
  for (const plane of PLANES) kubectl(['delete', 'persistentvolume,storageclass', '-l', TEST_LABEL, '--wait=false'], { plane });
});

/** Every (field, case) of a minor's data, with the case's kind. */
function casesOf(version: KubernetesVersion): Array<{ kind: string; path: string; c: UpdateCase; index: number }> {
  const out: Array<{ kind: string; path: string; c: UpdateCase; index: number }> = [];
  for (const kind of IMMUTABLE_FIELDS[version]) {
    for (const rule of kind.fields) {
      for (const c of CASES[`${kind.kind} ${rule.path}`] ?? []) out.push({ kind: kind.kind, path: rule.path, c, index: out.length });
    }
  }
  return out;
}

describe('the cases cover the data', () => {
  it.each(KUBERNETES_VERSIONS)('every field of %s has a case, and every case a field', (version) => {
    const fields = IMMUTABLE_FIELDS[version].flatMap((k) => k.fields.map((f) => `${k.kind} ${f.path}`));
    expect(fields.filter((f) => !CASES[f]?.length)).toEqual([]);
    expect(Object.keys(CASES).filter((k) => !fields.includes(k))).toEqual([]);
    expect(fields.length).toBeGreaterThan(40);
  });
});

describe.each(PLANES)('immutable fields per Kubernetes minor: the %s API server', (plane) => {
  const version = minor(plane);
  const cases = casesOf(version);

  beforeAll(() => {
    expect(KUBERNETES_VERSIONS).toContain(version);
    namespace(NAMESPACE, {}, plane);
    applyClean([{
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: EXPANDABLE, labels: { [TEST_LABEL]: 'true' } },
      provisioner: 'example.com/none',
      allowVolumeExpansion: true,
    }], { plane });
  });

  it('refuses and accepts both kinds of change', () => {
    const outcomes = cases.map(({ kind, c }) => expected(kind, c, version));
    expect(outcomes.filter((o) => o).length).toBeGreaterThan(10);
    expect(outcomes.filter((o) => !o).length).toBeGreaterThan(20);
  });

  it.each(cases.map((x) => [`${x.kind} ${x.path}: ${x.c.title}`, x] as const))('%s', async (_title, { kind, path: field, c, index }) => {
    const base = named(c.base(), `case-${index}`);
    if (c.bound) bind(base, plane, `${NAMESPACE}-${RUN}-case-${index}`);
    applyClean([base], { plane });
    if (c.bound) await bound(base, plane);
    const next = JSON.parse(JSON.stringify(base));
    c.change(next);
    const refuse = expected(kind, c, version);
    const key = kindKey(base.apiVersion, base.kind);
    const rules = immutableChanges(key, immutableSnapshot(base)!, immutableSnapshot(next)!, version).map((x) => x.path);
    if (refuse) expect(rules).toContain(field);

    const r = kubectl(['apply', '--server-side', '--field-manager=keelson-ci', '--dry-run=server', '-o', 'json', '-f', '-'], { plane, input: toYaml([next]) });
    if (refuse) {
      expect({ status: r.status, refusedAs: c.refusal.test(r.stderr) ? 'expected' : r.stderr }).toEqual({ status: 1, refusedAs: 'expected' });
      return;
    }
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const applied = JSON.parse(r.stdout);
    const rule = IMMUTABLE_FIELDS[version].find((k) => k.kind === kind)!.fields.find((f) => f.path === field)!;
    // A dropped field is not kept; any other accepted change is applied as asked (the API server
    // adds its defaults inside it).
    const asked = valueAt(next, field);
    if (rule.change === 'dropped' || typeof asked !== 'object') expect(valueAt(applied, field)).toEqual(rule.change === 'dropped' ? undefined : asked);
    else expect(valueAt(applied, field)).toMatchObject(asked as object);
  });
});

/** Whether keelson's comparison, with the data of `version`, refuses the case's change. */
function expected(kind: string, c: UpdateCase, version: KubernetesVersion): boolean {
  const base = c.base();
  const next = JSON.parse(JSON.stringify(base));
  c.change(next);
  return immutableChanges(kind, immutableSnapshot(base)!, immutableSnapshot(next)!, version).length > 0;
}

function named(o: Obj, name: string): Obj {
  return { ...o, metadata: { ...o.metadata, name, namespace: NAMESPACE } };
}

/** A PersistentVolume reserved for the claim, and the claim pointing at it. */
function bind(claim: Obj, plane: Plane, volume: string): void {
  applyClean([{
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: volume, labels: { [TEST_LABEL]: 'true' } },
    spec: {
      capacity: { storage: claim.spec.resources.requests.storage },
      accessModes: claim.spec.accessModes,
      storageClassName: EXPANDABLE,
      hostPath: { path: `/tmp/${volume}` },
      claimRef: { namespace: NAMESPACE, name: claim.metadata.name },
    },
  }], { plane });
  claim.spec.volumeName = volume;
}

/**
 * A bound claim: on the newest plane the volume controller binds it to its volume; the oldest runs
 * no controller, so its status is written as the controller would.
 */
async function bound(claim: Obj, plane: Plane): Promise<void> {
  const name = claim.metadata.name;
  if (plane === 'newest') {
    await until(`claim ${name} to be bound`, () => (get('persistentvolumeclaim', name, NAMESPACE, plane)?.status?.phase === 'Bound' ? true : undefined), 60_000);
    return;
  }
  const status = { status: { phase: 'Bound', accessModes: claim.spec.accessModes, capacity: { storage: claim.spec.resources.requests.storage } } };
  kubectlOk(['patch', 'persistentvolumeclaim', name, '-n', NAMESPACE, '--subresource=status', '--type=merge', '-p', JSON.stringify(status)], { plane });
}

describe('the CI check: kubectl apply --server-side --dry-run=server', () => {
  const ns = 'immutable-ci';
  const build = (size: string) => synth((chart: Chart) => {
    new StatefulApp(chart, 'db', {
      replicas: 1,
      containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' })], resources: { cpu: { request: Quantity.millicores(50) }, memory: { request: Quantity.mebibytes(64) } } }],
      storage: [{ name: 'data', mountPath: '/data', size }],
    });
  }, ns);

  it.each(PLANES)('on the %s API server it refuses a new StatefulApp size, as the lock does, and accepts the unchanged manifests', (plane) => {
    namespace(ns, {}, plane);
    const deployed = build('1Gi');
    applyClean(deployed, { plane });
    const dryRun = (objects: Obj[], file: string) => {
      fs.writeFileSync(runFile(file), toYaml(objects));
      return kubectl(['apply', '--server-side', '--field-manager=keelson-ci', '--dry-run=server', '-f', runFile(file)], { plane });
    };
    expect(dryRun(build('1Gi'), `ci-same-${plane}.yaml`)).toMatchObject({ status: 0 });
    const refused = dryRun(build('2Gi'), `ci-bigger-${plane}.yaml`);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/StatefulSet "db" is invalid: spec(\.volumeClaimTemplates)?: (Forbidden|Invalid value)/);
    // Nothing was changed: the live claim template still asks for 1Gi.
    const live = JSON.parse(kubectlOk(['get', 'statefulset', 'db', '-n', ns, '-o', 'json'], { plane }));
    expect(live.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
    expect(lockRefuses(deployed, build('2Gi'))).toEqual(['storage']);
  });
});

/** The lock's verdict on the same change (recorded from `before`, in a temporary file). */
function lockRefuses(before: Obj[], after: Obj[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-lock-'));
  const saved = { lock: process.env.KEELSON_LOCK, file: process.env.KEELSON_LOCK_FILE };
  process.env.KEELSON_LOCK = 'record';
  process.env.KEELSON_LOCK_FILE = path.join(dir, 'keelson.lock.json');
  try {
    const objects = (all: Obj[]) => all.map((object) => ({ target: 'ci', version: '1.33' as const, owner: { type: 'StatefulApp', name: 'db' }, object }));
    checkLock(objects(before));
    try {
      checkLock(objects(after));
      return [];
    } catch (e) {
      return (e as { problems?: Array<{ path: string }> }).problems?.map((p) => p.path) ?? [String(e)];
    }
  } finally {
    for (const [key, value] of [['KEELSON_LOCK', saved.lock], ['KEELSON_LOCK_FILE', saved.file]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
