import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { ServiceAccount } from 'kubernetes-types/core/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { BuildOptions } from '../validation/props';
import type { Call, Callable } from '../values/call';
import type { Duration } from '../values/duration';
import type { NetworkEgress } from '../values/network-peer';
import type { KubeObject } from '../workload/objects';
import { WORKLOAD_KEYS, WorkloadProps } from '../workload/props';

/** How a CronJob treats a run that is due while the previous one is still running. */
export type ConcurrencyPolicy = 'Forbid' | 'Allow' | 'Replace';

/** What the pods' containers do when they fail: a new pod (`Never`) or a restart in place (`OnFailure`). */
export type JobRestartPolicy = 'Never' | 'OnFailure';

/**
 * Props of a BatchJob: work that runs to completion, once (a Job) or on a schedule (a CronJob),
 * with the same hardened pods as the apps. Its containers serve nothing: no ports, no probes, no Service.
 */
export interface BatchJobProps extends Omit<WorkloadProps, 'preStopDelay'> {
  /**
   * Run on this schedule: five cron fields (`'30 2 * * *'`: minute, hour, day of month, month, day
   * of week) or `@hourly`, `@daily`/`@midnight`, `@weekly`, `@monthly`, `@yearly`/`@annually`.
   * With a schedule the construct emits a CronJob; without one, a Job that runs once.
   * @default none: a Job that runs once
   */
  readonly schedule?: string;
  /**
   * The IANA time zone the schedule is read in (`'Europe/Berlin'`). Only with `schedule`.
   * @default 'Etc/UTC': the schedule never depends on the time zone of the node running the controller
   */
  readonly timeZone?: string;
  /**
   * What happens when a run is due while the previous one is still running. Only with `schedule`.
   * @default 'Forbid': the new run is skipped, so two runs never work on the same data at once
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * How late a run may still start (the controller was down, or `Forbid` held it back); a run that
   * could not start in time is skipped. At least 10s (the controller checks every 10s). Only with `schedule`.
   * @default 5 minutes: a missed run is skipped rather than started hours late, and the controller
   * never stops scheduling after 100 missed runs
   */
  readonly startingDeadline?: Duration;
  /**
   * Finished successful Jobs (and their pods, with their logs) a CronJob keeps. Only with `schedule`.
   * @default 3: the last few runs stay readable with `kubectl logs`, older ones are deleted
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed Jobs (and their pods, with their logs) a CronJob keeps. Only with `schedule`.
   * @default 3: the failures stay for debugging, older ones are deleted
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Create the Job or CronJob suspended: a CronJob starts no run, a Job starts no pod, until set back to false.
   * @default false
   */
  readonly suspend?: boolean;
  /**
   * Retries (new pods) before the Job is marked failed. Pod disruptions (a node drain, a preemption,
   * a spot node reclaimed) do not count with the default `restartPolicy: 'Never'`.
   * @default 3: three retries (after 10s, 20s, 40s) ride out a transient failure; a job still
   * failing after that needs a person, not more pods
   */
  readonly backoffLimit?: number;
  /**
   * How long the Job may run, retries included, before its pods are stopped and it is marked failed
   * (`activeDeadlineSeconds`).
   * @default 1 hour: a stuck job (a hung connection, a deadlock) ends and shows as failed instead
   * of running forever and, with `Forbid`, holding back every later run
   */
  readonly deadline?: Duration;
  /**
   * Delete a finished Job (and its pods) this long after it finishes (`ttlSecondsAfterFinished`).
   * For a Job without `schedule`, the next apply of the same manifest creates it again, and it runs
   * again: set it only when the Job is applied once (a one-shot pipeline step).
   * @default none: a finished Job stays, so re-applying the manifest runs nothing; a changed Job gets
   * a new name and the deploy tool prunes the old one (a CronJob's Jobs are pruned by the history limits)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Successful pods the Job needs to complete.
   * @default 1
   */
  readonly completions?: number;
  /**
   * Pods the Job runs at once; at most `completions`.
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * What a failed container leads to: `'Never'` starts a new pod (the failed one stays, with its logs
   * and exit status), `'OnFailure'` restarts the container in place.
   * @default 'Never': each retry is a fresh pod whose failed predecessor keeps its logs, and the
   * Job can tell disruptions (not counted against `backoffLimit`) from failures
   */
  readonly restartPolicy?: JobRestartPolicy;
  /**
   * Exit codes that mean retrying is pointless (a configuration error, bad input): a container
   * exiting with one of them fails the Job at once, whatever `backoffLimit` says. Needs `restartPolicy: 'Never'`.
   * @default none: every failure is retried up to `backoffLimit`
   */
  readonly nonRetryableExitCodes?: readonly number[];
  /**
   * Where the pods may open connections. When set, the NetworkPolicy also governs egress: these
   * destinations plus DNS (port 53 in `kube-system`) and nothing else. Ingress is always denied:
   * a job serves nothing.
   * @default egress is not governed by the job's policy: it is open unless the namespace denies it
   * (as a keelson SecureNamespace does)
   */
  readonly allowTo?: ReadonlyArray<NetworkEgress | Call | Callable>;
}

/** Keys of BatchJobProps, for the unknown-property check. */
export const BATCH_JOB_KEYS = [
  ...WORKLOAD_KEYS.filter((k) => k !== 'preStopDelay'),
  'schedule', 'timeZone', 'concurrencyPolicy', 'startingDeadline', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'suspend',
  'backoffLimit', 'deadline', 'ttlAfterFinished', 'completions', 'parallelism', 'restartPolicy', 'nonRetryableExitCodes', 'allowTo',
];

/** Every object a BatchJob produces. */
export interface BatchJobManifest {
  /** The job's own ServiceAccount (`serviceAccount.name`, by default `<name>`), with no API token mounted unless asked for; absent with `serviceAccount.existing`. */
  readonly serviceAccount?: ServiceAccount;
  /** The NetworkPolicy `<name>`: no ingress at all, and the only connections the pods may open when `allowTo` is set. */
  readonly networkPolicy: NetworkPolicy;
  /**
   * The Job `<name>-<hash>` (without `schedule`): the hash is taken over the fields Kubernetes refuses
   * to change, so a changed Job is a new Job, never a refused update.
   */
  readonly job?: Job;
  /** The CronJob `<name>` (with `schedule`). */
  readonly cronJob?: CronJob;
  /** The labels on the job's pods (name and instance). */
  readonly selector: Readonly<Record<string, string>>;
  /** Every object in apply order: the ServiceAccount and the policy exist before the pods. */
  readonly objects: ReadonlyArray<KubeObject>;
}

/** The type name used in validation errors. */
export const BATCH_JOB = 'BatchJob';

/**
 * The longest BatchJob name: a Job's name is a label value of its pods (`job-name`, at most 63
 * characters) and keelson adds `-<10-character hash>`; a CronJob's controller adds
 * `-<11-digit time>` to name its Jobs, and Kubernetes caps CronJob names at 52 for that.
 */
export const MAX_BATCH_NAME_LENGTH = 52;

/** Options of buildBatchJob that come from outside the props. */
export type BatchJobBuildOptions = BuildOptions;
