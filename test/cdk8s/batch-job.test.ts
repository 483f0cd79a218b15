/**
 * The cdk8s BatchJob: its objects as properties, its name from the construct id, its namespace
 * from a SecureNamespace around it, and keelson.lock.json: a new image is a new Job (nothing
 * refused), a JSON patch that changes the Job's template under the same name is refused at synth.
 */
import { JsonPatch, Testing, Chart } from 'cdk8s';
import { BatchJob, BatchJobCdk8sProps, SecureNamespace } from '../../lib/cdk8s';
import { paths, validationError } from '../helpers/fixtures';
import { readLock, withLockFile } from '../helpers/stateful';

const props = (image = 'ghcr.io/acme/migrate:2.1.0'): BatchJobCdk8sProps => ({ containers: [{ image }] });

function shop(image?: string) {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { namespace: 'shop' });
  const job = new BatchJob(chart, 'migrate', props(image));
  return { app, chart, job };
}

describe('cdk8s BatchJob', () => {
  it('names its objects after the construct id, in the chart\'s namespace, and exposes them', () => {
    const { chart, job } = shop();
    expect(job.name).toBe('migrate');
    expect(job.namespace).toBe('shop');
    expect(job.job!.name).toMatch(/^migrate-[0-9a-f]{10}$/);
    expect(job.cronJob).toBeUndefined();
    expect(Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceAccount/migrate', 'NetworkPolicy/migrate', `Job/${job.job!.name}`]);
  });

  it('takes the namespace of a SecureNamespace around it, and fits its quota', () => {
    const chart = new Chart(Testing.app(), 'c');
    const ns = new SecureNamespace(chart, 'batch', {});
    const cron = new BatchJob(ns, 'report', { ...props(), schedule: '@daily' });
    expect(cron.namespace).toBe('batch');
    expect(cron.cronJob!.metadata.namespace).toBe('batch');
    expect(Testing.synth(chart).some((o) => o.kind === 'CronJob')).toBe(true);
  });

  it('keelson.lock.json: a new image is a new Job, so the next synthesis passes', async () => {
    await withLockFile((file) => {
      const first = shop();
      first.app.synthYaml();
      const second = shop('ghcr.io/acme/migrate:2.2.0');
      second.app.synthYaml();
      expect(second.job.job!.name).not.toBe(first.job.job!.name);
      // Both Jobs are recorded (the lock keeps what it saw): neither was changed.
      expect(Object.keys(readLock(file).targets.c).sort()).toEqual([`batch/Job shop/${first.job.job!.name}`, `batch/Job shop/${second.job.job!.name}`].sort());
    });
  });

  it('keelson.lock.json: a JSON patch that changes the Job\'s template under its name is refused at synth', async () => {
    await withLockFile(() => {
      shop().app.synthYaml();
      const { app, job } = shop();
      job.job!.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/image', 'ghcr.io/acme/migrate:2.2.0'));
      const e = validationError(() => app.synthYaml());
      expect(paths(e)).toEqual(['spec.template']);
      expect(e.problems[0].message).toContain('a JSON patch changed it under the same name');
    });
  });
});
