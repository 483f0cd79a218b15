/**
 * BatchJob determinism (same props ⇒ identical output) and upgrade safety: a routine change never
 * changes a field the API server refuses to change on an object of the same name. A Job's name
 * carries a hash of its immutable fields, so a new image (or env, resources, command...) is a new
 * Job; a change of a mutable field (deadline, retries, parallelism, TTL, suspend) keeps the name,
 * so re-applying does not run the job again. A CronJob keeps its name: its job template is mutable.
 */
import {
  BatchJobManifest, BatchJobProps, ConfigReference, Duration, EnvValue, IMMUTABLE_FIELDS, KUBERNETES_VERSIONS, NetworkEgress, NetworkPeer, Quantity,
  buildBatchJob, immutableChanges, immutableSnapshot,
} from '../../lib';
import { kindKey } from '../../lib/core/immutable/rules';

const full = (): BatchJobProps => ({
  name: 'orders-migrate',
  namespace: 'shop',
  component: 'migration',
  labels: { team: 'orders' },
  containers: [{
    image: 'ghcr.io/acme/orders-migrate:3.2.0',
    command: ['migrate', 'up'],
    env: {
      B: 'second',
      A: EnvValue.fromConfigMap(ConfigReference.configMap('migrate-settings', { data: { z: '1', a: '2' } }), 'a'),
      PASSWORD: EnvValue.fromSecret('orders-db', 'password'),
    },
    resources: { cpu: { request: Quantity.millicores(500) }, memory: { request: '512Mi' } },
  }],
  initContainers: [{ name: 'wait-db', image: 'ghcr.io/acme/wait:1.0.0' }],
  allowTo: [NetworkEgress.to(NetworkPeer.podsInNamespace('shop', { app: 'orders-db' }), 5432)],
  nonRetryableExitCodes: [2],
});

type Change = (p: BatchJobProps) => BatchJobProps;
const container = (p: BatchJobProps, c: object): BatchJobProps => ({ ...p, containers: [{ ...p.containers[0], ...c }] });

/** Changes a release makes to the pod template or an immutable field: a new Job. */
const NEW_JOB: ReadonlyArray<[string, Change]> = [
  ['a new image tag', (p) => container(p, { image: 'ghcr.io/acme/orders-migrate:3.3.0' })],
  ['another command', (p) => container(p, { command: ['migrate', 'up', '--verbose'] })],
  ['another env value', (p) => container(p, { env: { ...p.containers[0].env, B: 'third' } })],
  ['more memory', (p) => container(p, { resources: { memory: { request: '1Gi' } } })],
  ['a changed ConfigMap (config hash)', (p) => container(p, { env: { A: EnvValue.fromConfigMap(ConfigReference.configMap('migrate-settings', { data: { z: '2' } }), 'a') } })],
  ['a pod annotation', (p) => ({ ...p, podAnnotations: { 'example.com/owner': 'orders' } })],
  ['another label', (p) => ({ ...p, labels: { team: 'payments' } })],
  ['another init container', (p) => ({ ...p, initContainers: [...(p.initContainers ?? []), { name: 'seed', image: 'ghcr.io/acme/seed:1.0.0' }] })],
  ['more completions', (p) => ({ ...p, completions: 3 })],
  ['another non-retryable exit code', (p) => ({ ...p, nonRetryableExitCodes: [2, 3] })],
];

/** Changes of mutable fields only: the same Job, updated in place (not run again). */
const SAME_JOB: ReadonlyArray<[string, Change]> = [
  ['a longer deadline', (p) => ({ ...p, deadline: Duration.minutes(90) })],
  ['more retries', (p) => ({ ...p, backoffLimit: 6 })],
  ['a TTL', (p) => ({ ...p, ttlAfterFinished: Duration.minutes(30) })],
  ['suspended', (p) => ({ ...p, suspend: true })],
  ['egress to another port', (p) => ({ ...p, allowTo: [NetworkEgress.to(NetworkPeer.podsInNamespace('shop', { app: 'orders-db' }), 6432)] })],
];

const byKey = (m: BatchJobManifest) => new Map(m.objects.map((o) => [`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o]));

/** Every refused change between same-named objects of two builds, in every supported minor. */
function refused(before: BatchJobManifest, after: BatchJobManifest): string[] {
  const old = byKey(before);
  const out: string[] = [];
  for (const [key, o] of byKey(after)) {
    const was = old.get(key);
    const a = was && immutableSnapshot(was);
    const b = immutableSnapshot(o);
    if (!a || !b) continue;
    for (const v of KUBERNETES_VERSIONS) out.push(...immutableChanges(kindKey(o.apiVersion, o.kind), a, b, v).map((c) => `${v} ${key} ${c.path}`));
  }
  return out;
}

describe('BatchJob determinism', () => {
  it.each([['a Job', full()], ['a CronJob', { ...full(), schedule: '15 3 * * *' }]])('%s: the same props give byte-identical output', (_, props) => {
    const a = JSON.stringify(buildBatchJob(props).objects);
    expect(JSON.stringify(buildBatchJob({ ...props }).objects)).toBe(a);
    // The order the props are written in does not matter.
    const reversed = Object.fromEntries(Object.entries(props).reverse()) as unknown as BatchJobProps;
    expect(JSON.stringify(buildBatchJob(reversed).objects)).toBe(a);
  });

  it('the Job\'s name is <name>-<10 hex characters>, the same for the same props', () => {
    const name = buildBatchJob(full()).job!.metadata!.name!;
    expect(name).toMatch(/^orders-migrate-[0-9a-f]{10}$/);
    expect(buildBatchJob(full()).job!.metadata!.name).toBe(name);
  });
});

describe('BatchJob upgrade safety', () => {
  it('the Job is in the immutable-field data: its template, completions and pod failure policy are refused', () => {
    for (const v of KUBERNETES_VERSIONS) {
      const job = IMMUTABLE_FIELDS[v].find((k) => k.kind === 'batch/Job')!;
      expect(job.fields.filter((f) => f.change === 'immutable').map((f) => f.path)).toEqual(['spec.template', 'spec.completions', 'spec.podFailurePolicy']);
    }
  });

  it.each(NEW_JOB)('%s: a new Job (a new name), so no immutable field is updated', (_, change) => {
    const before = buildBatchJob(full());
    const after = buildBatchJob(change(full()));
    expect(after.job!.metadata!.name).not.toBe(before.job!.metadata!.name);
    expect(refused(before, after)).toEqual([]);
    // Without the hash in the name the same change would be refused: the test can fail.
    const renamed = { ...after, objects: after.objects.map((o) => (o.kind === 'Job' ? { ...o, metadata: { ...o.metadata, name: before.job!.metadata!.name } } : o)) };
    expect(refused(before, renamed).length).toBeGreaterThan(0);
  });

  it.each(SAME_JOB)('%s: the same Job, updated in place without an immutable change', (_, change) => {
    const before = buildBatchJob(full());
    const after = buildBatchJob(change(full()));
    expect(after.job!.metadata!.name).toBe(before.job!.metadata!.name);
    expect(refused(before, after)).toEqual([]);
  });

  it.each([...NEW_JOB, ...SAME_JOB])('a CronJob keeps its name through %s, with nothing refused', (_, change) => {
    const cron = (p: BatchJobProps) => ({ ...p, schedule: '15 3 * * *' });
    const before = buildBatchJob(cron(full()));
    const after = buildBatchJob(cron(change(full())));
    expect(after.cronJob!.metadata!.name).toBe('orders-migrate');
    expect(refused(before, after)).toEqual([]);
  });

  it('a new schedule, time zone or concurrency policy changes the CronJob in place', () => {
    const before = buildBatchJob({ ...full(), schedule: '15 3 * * *' });
    const after = buildBatchJob({ ...full(), schedule: '@hourly', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Allow' });
    expect(after.cronJob!.metadata!.name).toBe(before.cronJob!.metadata!.name);
    expect(refused(before, after)).toEqual([]);
  });
});
