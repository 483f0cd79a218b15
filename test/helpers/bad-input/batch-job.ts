/**
 * The batch-job bad-input table (and its fixtures), shared by its bad-input test and the parity
 * test that checks both engines give the same error.
 */
import { BatchJobProps, Duration, NetworkEgress, NetworkPeer, Port, Probe } from '../../../lib';

/** JS callers can pass anything: the table is typed loosely on purpose. */
export type Loose = Record<string, any>;
export const JOB_IMAGE = 'ghcr.io/acme/migrate:2.1.0';
export const minimalJobProps = (): BatchJobProps => ({ name: 'migrate', containers: [{ image: JOB_IMAGE }] });
export const withProps = (p: Loose): BatchJobProps => ({ ...minimalJobProps(), ...p }) as BatchJobProps;
export const scheduled = (p: Loose = {}): BatchJobProps => withProps({ schedule: '30 2 * * *', ...p });
export const withContainer = (c: Loose): BatchJobProps => withProps({ containers: [{ image: JOB_IMAGE, ...c }] });

/** [description, props, expected property path] */
export const BATCH_BAD_INPUT: ReadonlyArray<readonly [string, unknown, string]> = [
  // Top level.
  ['null props', null, ''],
  ['an unknown property (typo)', withProps({ backofLimit: 3 }), 'backofLimit'],
  ['a StatelessApp-only property', withProps({ replicas: 2 }), 'replicas'],
  ['an upper-case name', withProps({ name: 'Migrate' }), 'name'],
  ['a 53-character name (the Job name and its hash would exceed 63)', withProps({ name: `m${'i'.repeat(52)}` }), 'name'],
  ['a bad namespace', withProps({ namespace: 'Data_NS' }), 'namespace'],
  ['no containers', withProps({ containers: [] }), 'containers'],
  // What a job does not serve.
  ['a port', withContainer({ ports: [Port.http(8080)] }), 'containers[0].ports'],
  ['a readiness probe', withContainer({ readiness: Probe.exec(['true']) }), 'containers[0].readiness'],
  ['a liveness probe', withContainer({ liveness: Probe.exec(['true']) }), 'containers[0].liveness'],
  ['a startup probe', withContainer({ startup: Probe.exec(['true']) }), 'containers[0].startup'],
  ['a preStop delay', withProps({ preStopDelay: Duration.seconds(5) }), 'preStopDelay'],
  ['allowFrom', withProps({ allowFrom: [] }), 'allowFrom'],
  ['an init container with a port', withProps({ initContainers: [{ name: 'init', image: JOB_IMAGE, ports: [Port.tcp(1)] }] }), 'initContainers[0].ports'],
  ['a root init container image without a tag', withProps({ initContainers: [{ name: 'init', image: 'busybox' }] }), 'initContainers[0].image'],
  // Job settings.
  ['a negative backoffLimit', withProps({ backoffLimit: -1 }), 'backoffLimit'],
  ['a fractional backoffLimit', withProps({ backoffLimit: 1.5 }), 'backoffLimit'],
  ['a deadline as a number', withProps({ deadline: 3600 }), 'deadline'],
  ['a zero deadline', withProps({ deadline: Duration.seconds(0) }), 'deadline'],
  ['a fractional-second deadline', withProps({ deadline: Duration.millis(1500) }), 'deadline'],
  ['a negative ttlAfterFinished', withProps({ ttlAfterFinished: Duration.seconds(-1) }), 'ttlAfterFinished'],
  ['zero completions', withProps({ completions: 0 }), 'completions'],
  ['zero parallelism', withProps({ parallelism: 0 }), 'parallelism'],
  ['parallelism above completions', withProps({ completions: 2, parallelism: 3 }), 'parallelism'],
  ['restartPolicy Always', withProps({ restartPolicy: 'Always' }), 'restartPolicy'],
  ['suspend as a string', withProps({ suspend: 'yes' }), 'suspend'],
  ['exit codes not an array', withProps({ nonRetryableExitCodes: 2 }), 'nonRetryableExitCodes'],
  ['an empty exit code list', withProps({ nonRetryableExitCodes: [] }), 'nonRetryableExitCodes'],
  ['exit code 0', withProps({ nonRetryableExitCodes: [0] }), 'nonRetryableExitCodes[0]'],
  ['exit code 256', withProps({ nonRetryableExitCodes: [256] }), 'nonRetryableExitCodes[0]'],
  ['an exit code twice', withProps({ nonRetryableExitCodes: [2, 2] }), 'nonRetryableExitCodes[1]'],
  ['exit codes with OnFailure', withProps({ restartPolicy: 'OnFailure', nonRetryableExitCodes: [2] }), 'nonRetryableExitCodes'],
  ['allowTo not an array', withProps({ allowTo: NetworkEgress.to(NetworkPeer.namespace('db'), 5432) }), 'allowTo'],
  // CronJob settings.
  ['a schedule as a number', scheduled({ schedule: 5 }), 'schedule'],
  ['an empty schedule', scheduled({ schedule: '' }), 'schedule'],
  ['a schedule with six fields (seconds)', scheduled({ schedule: '0 30 2 * * *' }), 'schedule'],
  ['a schedule with four fields', scheduled({ schedule: '30 2 * *' }), 'schedule'],
  ['minute 60', scheduled({ schedule: '60 2 * * *' }), 'schedule'],
  ['hour 24', scheduled({ schedule: '0 24 * * *' }), 'schedule'],
  ['day of month 0', scheduled({ schedule: '0 2 0 * *' }), 'schedule'],
  ['month 13', scheduled({ schedule: '0 2 1 13 *' }), 'schedule'],
  ['day of week 7', scheduled({ schedule: '0 2 * * 7' }), 'schedule'],
  ['an unknown month name', scheduled({ schedule: '0 2 1 FOO *' }), 'schedule'],
  ['a reversed range', scheduled({ schedule: '0 5-2 * * *' }), 'schedule'],
  ['a zero step', scheduled({ schedule: '*/0 * * * *' }), 'schedule'],
  ['an unknown descriptor', scheduled({ schedule: '@every 5m' }), 'schedule'],
  ['a time zone in the schedule', scheduled({ schedule: 'CRON_TZ=Europe/Berlin 0 2 * * *' }), 'schedule'],
  ['time zone Local', scheduled({ timeZone: 'Local' }), 'timeZone'],
  ['a time zone with a space', scheduled({ timeZone: 'Europe/New York' }), 'timeZone'],
  ['a time zone as a number', scheduled({ timeZone: 1 }), 'timeZone'],
  ['an unknown concurrency policy', scheduled({ concurrencyPolicy: 'Skip' }), 'concurrencyPolicy'],
  ['a 5s starting deadline', scheduled({ startingDeadline: Duration.seconds(5) }), 'startingDeadline'],
  ['a negative history limit', scheduled({ successfulJobsHistoryLimit: -1 }), 'successfulJobsHistoryLimit'],
  ['a fractional failed history limit', scheduled({ failedJobsHistoryLimit: 0.5 }), 'failedJobsHistoryLimit'],
  ['a time zone without a schedule', withProps({ timeZone: 'Europe/Berlin' }), 'timeZone'],
  ['a concurrency policy without a schedule', withProps({ concurrencyPolicy: 'Allow' }), 'concurrencyPolicy'],
  ['a starting deadline without a schedule', withProps({ startingDeadline: Duration.minutes(1) }), 'startingDeadline'],
  ['history limits without a schedule', withProps({ successfulJobsHistoryLimit: 1 }), 'successfulJobsHistoryLimit'],
];

