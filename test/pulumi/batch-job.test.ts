/**
 * The Pulumi BatchJob under Pulumi's mocks: children and their logical names (the Job's stays
 * `<component>-job` whatever its hash), dependsOn order, a new image replaces the Job under the
 * same logical name with a new metadata.name, and bad args register nothing.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KeelsonValidationError, Port } from '../../lib';
import { BatchJob } from '../../lib/pulumi';
import { validationError } from '../helpers/fixtures';
import { mockPulumi, settle, valueOf } from '../helpers/pulumi';

const image = 'ghcr.io/acme/migrate:2.1.0';

let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

describe('Pulumi BatchJob', () => {
  test('a Job: typed children, the Job under <component>-job with its hashed name', async () => {
    const job = new BatchJob('orders', { name: 'migrate', namespace: 'shop', containers: [{ image }] });
    await settle();
    expect(mocks.sorted().map((r) => `${r.type} ${r.name}`)).toEqual([
      'keelson:index:BatchJob orders',
      'kubernetes:batch/v1:Job orders-job',
      'kubernetes:core/v1:ServiceAccount orders-serviceaccount',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy orders-networkpolicy',
    ]);
    expect(job.job).toBeInstanceOf(k8s.batch.v1.Job);
    expect(job.cronJob).toBeUndefined();
    expect(await valueOf(job.job!.metadata.name)).toMatch(/^migrate-[0-9a-f]{10}$/);
    expect(Object.keys(job.resources)).toEqual(['ServiceAccount/migrate', 'NetworkPolicy/migrate', `Job/${await valueOf(job.job!.metadata.name)}`]);
  });

  test('a CronJob with schedule', async () => {
    const job = new BatchJob('report', { containers: [{ image }], schedule: '@daily' });
    await settle();
    expect(job.cronJob).toBeInstanceOf(k8s.batch.v1.CronJob);
    expect(mocks.registrations.filter((r) => r.type === 'kubernetes:batch/v1:CronJob').map((r) => r.name)).toEqual(['report-cronjob']);
  });

  test('dependsOn: the Job and the CronJob wait for their ServiceAccount and NetworkPolicy', async () => {
    const deps = new Map<string, unknown>();
    const record: pulumi.ResourceTransformation = (a) => {
      deps.set(a.name, a.opts.dependsOn);
      return undefined;
    };
    const once = new BatchJob('migrate', { containers: [{ image }] }, { transformations: [record] });
    const cron = new BatchJob('report', { containers: [{ image }], schedule: '@daily' }, { transformations: [record] });
    await settle();
    const list = (name: string) => [deps.get(name)].flat().filter((d) => d !== undefined);
    expect(list('migrate-job')).toEqual([once.serviceAccount, once.networkPolicy]);
    expect(list('report-cronjob')).toEqual([cron.serviceAccount, cron.networkPolicy]);
  });

  test('a new image: the same child, a new metadata.name (Pulumi replaces the Job)', async () => {
    const first = new BatchJob('migrate', { containers: [{ image }] });
    await settle();
    const before = await valueOf(first.job!.metadata.name);
    await mocks.newStack();
    const next = new BatchJob('migrate', { containers: [{ image: 'ghcr.io/acme/migrate:2.2.0' }] });
    await settle();
    expect(mocks.registrations.filter((r) => r.type === 'kubernetes:batch/v1:Job').map((r) => r.name)).toEqual(['migrate-job']);
    expect(await valueOf(next.job!.metadata.name)).not.toBe(before);
  });

  test('bad args throw the library\'s error and register nothing', async () => {
    const e = validationError(() => new BatchJob('migrate', { containers: [{ image, ports: [Port.http(8080)] }], schedule: '61 * * * *' }));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e.problems.map((p) => p.path)).toEqual(['containers[0].ports', 'schedule']);
    await settle();
    expect(mocks.registrations).toEqual([]);
  });
});
