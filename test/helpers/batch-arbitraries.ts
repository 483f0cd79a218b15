/**
 * Valid BatchJob props, drawn: a Job or a CronJob with a selection of the batch settings and pod
 * props (for the engines' garbage property test).
 */
import fc from 'fast-check';
import { BatchJobProps, Duration, NetworkEgress, NetworkPeer, Quantity } from '../../lib';

const jobSettings = fc.record({
  backoffLimit: fc.integer({ min: 0, max: 10 }),
  deadline: fc.integer({ min: 1, max: 600 }).map((m) => Duration.minutes(m)),
  ttlAfterFinished: fc.integer({ min: 0, max: 3600 }).map((s) => Duration.seconds(s)),
  suspend: fc.boolean(),
  nonRetryableExitCodes: fc.uniqueArray(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 3 }),
  allowTo: fc.constant([NetworkEgress.to(NetworkPeer.namespace('data'), 5432)]),
}, { requiredKeys: [] });

const cronSettings = fc.record({
  schedule: fc.constantFrom('@daily', '@hourly', '30 2 * * *', '*/15 * * * MON-FRI', '0 0 1 JAN,JUL ?'),
  timeZone: fc.constantFrom('Etc/UTC', 'Europe/Berlin', 'America/New_York'),
  concurrencyPolicy: fc.constantFrom('Forbid' as const, 'Allow' as const, 'Replace' as const),
  startingDeadline: fc.integer({ min: 1, max: 60 }).map((m) => Duration.minutes(m)),
  successfulJobsHistoryLimit: fc.integer({ min: 0, max: 10 }),
  failedJobsHistoryLimit: fc.integer({ min: 0, max: 10 }),
}, { requiredKeys: ['schedule'] });

export const validBatchProps: fc.Arbitrary<BatchJobProps> = fc.tuple(
  fc.constantFrom('migrate', 'report', 'nightly-backup'),
  fc.constantFrom('ghcr.io/acme/job:1.0.0', `ghcr.io/acme/job@sha256:${'a'.repeat(64)}`),
  jobSettings,
  fc.option(cronSettings, { nil: undefined }),
  fc.boolean(),
).map(([name, image, job, cron, withInit]) => ({
  name,
  containers: [{ image, command: ['/run'], resources: { memory: { request: Quantity.mebibytes(256) } } }],
  ...(withInit ? { initContainers: [{ name: 'init', image }] } : {}),
  ...job,
  ...(cron ?? {}),
}));
