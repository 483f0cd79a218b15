/**
 * cdk8s and Pulumi produce the same BatchJob objects from the same props, and the same verdict
 * (one KeelsonValidationError, the same problems) for every row of the bad-input table. A Job
 * whose name is derived from an input (the hash of an image given as an Output) gets the name the
 * plain image gives, and keeps its child's logical name.
 */
import * as pulumi from '@pulumi/pulumi';
import { BatchJobProps, Duration, EnvValue, NetworkEgress, NetworkPeer, Port, Quantity } from '../lib';
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { BATCH_BAD_INPUT } from './helpers/bad-input/batch-job';
import { onCdk8s, onPulumi, verdict } from './helpers/engines';
import { cdk8sObjects, chartIn, pulumiObjects } from './helpers/parity';
import { mockPulumi, settle, valueOf } from './helpers/pulumi';

let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

const image = 'ghcr.io/acme/migrate:2.1.0';
const cases: Array<[string, Omit<BatchJobProps, 'name'>]> = [
  ['a Job with every default', { containers: [{ image }] }],
  ['a CronJob with every default', { containers: [{ image }], schedule: '30 2 * * *' }],
  ['everything: init container, egress, retries, exit codes, scheduling, identity', {
    containers: [{
      image,
      command: ['migrate', 'up'],
      env: { DB_PASSWORD: EnvValue.fromSecret('db', 'password'), MODE: 'strict' },
      resources: { cpu: { request: '250m', limit: '1' }, memory: { request: Quantity.mebibytes(256) } },
      writablePaths: ['/tmp', '/work'],
    }],
    initContainers: [{ name: 'wait-db', image: 'ghcr.io/acme/wait:1.0.0', args: ['db:5432'] }],
    allowTo: [NetworkEgress.to(NetworkPeer.podsInNamespace('data', { app: 'db' }), 5432)],
    backoffLimit: 1,
    deadline: Duration.minutes(20),
    ttlAfterFinished: Duration.minutes(60),
    completions: 4,
    parallelism: 2,
    nonRetryableExitCodes: [2, 64],
    serviceAccount: { name: 'migrator', annotations: { 'iam.gke.io/gcp-service-account': 'm@p.iam.gserviceaccount.com' } },
    imagePullSecrets: ['registry'],
    nodeSelector: { 'kubernetes.io/arch': 'arm64' },
    spot: true,
    labels: { team: 'data' },
    component: 'migration',
  }],
  ['a CronJob with its own settings and an existing ServiceAccount', {
    containers: [{ image }],
    schedule: '@hourly',
    timeZone: 'Europe/Berlin',
    concurrencyPolicy: 'Replace',
    startingDeadline: Duration.minutes(2),
    successfulJobsHistoryLimit: 1,
    failedJobsHistoryLimit: 5,
    suspend: true,
    restartPolicy: 'OnFailure',
    serviceAccount: { existing: 'reporter' },
  }],
];

describe('cdk8s and Pulumi produce the same BatchJob objects from the same props', () => {
  test.each(cases)('%s', async (_, props) => {
    const chart = chartIn('shop');
    new cdk8s.BatchJob(chart, 'migrate', props);
    new kpulumi.BatchJob('migrate', { ...props, namespace: 'shop' });
    await settle();
    const fromCdk8s = cdk8sObjects(chart);
    const fromPulumi = pulumiObjects(mocks.registrations);
    expect(Object.keys(fromCdk8s).some((k) => k.startsWith('Job/') || k.startsWith('CronJob/'))).toBe(true);
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    expect(fromPulumi).toEqual(fromCdk8s);
  });

  test('a Job whose image is an Output gets the name of the plain image, under the child <component>-job', async () => {
    const chart = chartIn('shop');
    // The version label defaults from a plain image only: given, both engines label alike.
    const plain = new cdk8s.BatchJob(chart, 'migrate', { version: '2.1.0', containers: [{ image }] });
    const job = new kpulumi.BatchJob('migrate', { namespace: 'shop', version: '2.1.0', containers: [{ image: pulumi.output(Promise.resolve(image)) }] });
    await settle();
    const registered = mocks.registrations.filter((r) => r.type === 'kubernetes:batch/v1:Job');
    expect(registered.map((r) => r.name)).toEqual(['migrate-job']);
    expect(await valueOf(job.job!.metadata.name)).toBe(plain.job!.name);
    expect(pulumiObjects(mocks.registrations)).toEqual(cdk8sObjects(chart));
  });

  test('a BatchJob calls a StatefulApp (allowTo: [db]) on both engines alike', async () => {
    const db = { replicas: 1, containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'db' })] }], storage: [{ name: 'data', mountPath: '/d', size: '1Gi' }] };
    const chart = chartIn('shop');
    const cdb = new cdk8s.StatefulApp(chart, 'db', db);
    new cdk8s.BatchJob(chart, 'migrate', { containers: [{ image }], allowTo: [cdb] });
    const pdb = new kpulumi.StatefulApp('db', { ...db, namespace: 'shop' });
    new kpulumi.BatchJob('migrate', { namespace: 'shop', containers: [{ image }], allowTo: [pdb] });
    await settle();
    const objects = cdk8sObjects(chart);
    expect(JSON.stringify(objects['NetworkPolicy/db-from-migrate'])).toContain('"app.kubernetes.io/name":"migrate"');
    expect(pulumiObjects(mocks.registrations)).toEqual(objects);
  });
});

describe('cdk8s and Pulumi give the same verdict for every BatchJob bad-input row', () => {
  test.each(BATCH_BAD_INPUT.map(([what, props]) => [what, props] as const))('%s', async (_, props) => {
    const steps = [{ type: 'BatchJob' as const, id: 'migrate', props }];
    const [onC] = onCdk8s(steps, 'shop');
    const [onP] = await onPulumi(mocks, steps);
    expect(onC.error).toBeDefined();
    expect(verdict(onP)).toEqual(verdict(onC));
  });
});
