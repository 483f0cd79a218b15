/**
 * BatchJob bad input: every invalid prop produces the library's one error type,
 * KeelsonValidationError, with a problem at the exact property path — never a TypeError, never
 * output.
 */
import { BatchJobProps, Duration, KeelsonValidationError, Port, Probe, buildBatchJob } from '../../lib';
import { BATCH_BAD_INPUT, JOB_IMAGE } from '../helpers/bad-input/batch-job';
import { paths, validationError } from '../helpers/fixtures';

describe('BatchJob bad input', () => {
  it('has at least 40 cases', () => {
    expect(BATCH_BAD_INPUT.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BATCH_BAD_INPUT.map(([what, props, at]) => [what, at, props] as const))('%s => KeelsonValidationError at path %j', (_what, expectedPath, props) => {
    const e = validationError(() => buildBatchJob(props as BatchJobProps));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e.constructType).toBe('BatchJob');
    expect(paths(e)).toContain(expectedPath);
    // No problem is reported twice.
    const lines = e.problems.map((p) => `${p.path}: ${p.message}`);
    expect(new Set(lines).size).toBe(lines.length);
    for (const p of e.problems) expect(e.message).toContain(p.path ? `: ${p.path}: ${p.message}` : `: ${p.message}`);
  });

  it('reports every problem of a badly broken props object in one error', () => {
    const props = {
      name: 'Bad Job',
      containers: [{ image: 'busybox', ports: [Port.http(80)], readiness: Probe.exec(['true']) }],
      preStopDelay: Duration.seconds(1),
      schedule: '* * *',
      timeZone: 'Local',
      concurrencyPolicy: 'Never',
      startingDeadline: Duration.seconds(1),
      backoffLimit: -2,
      deadline: Duration.millis(10),
      completions: 1,
      parallelism: 2,
      restartPolicy: 'OnFailure',
      nonRetryableExitCodes: [1, 300],
      failedJobsHistoryLimit: 'all',
    } as unknown as BatchJobProps;
    const e = validationError(() => buildBatchJob(props));
    expect(paths(e)).toEqual(expect.arrayContaining([
      'name', 'containers[0].image', 'containers[0].ports', 'containers[0].readiness', 'preStopDelay', 'schedule', 'timeZone',
      'concurrencyPolicy', 'startingDeadline', 'backoffLimit', 'deadline', 'parallelism', 'nonRetryableExitCodes', 'nonRetryableExitCodes[1]',
      'failedJobsHistoryLimit',
    ]));
  });

  it('a port the first container does not declare is never defaulted, and an empty port list is accepted', () => {
    const m = buildBatchJob({ name: 'migrate', containers: [{ image: JOB_IMAGE, ports: [] }] });
    expect(m.job!.spec!.template.spec!.containers[0].ports).toBeUndefined();
  });

  it('accepts the schedules Kubernetes accepts', () => {
    for (const schedule of ['@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually', '*/15 * * * *', '0 0-6/2 * * MON-FRI',
      '5,35 1 1,15 jan,jul ?', '0 3 28 * *', '  0 3 * * 0  ']) {
      expect(buildBatchJob({ name: 'report', containers: [{ image: JOB_IMAGE }], schedule }).cronJob!.spec!.schedule).toBe(schedule.trim());
    }
  });
});
