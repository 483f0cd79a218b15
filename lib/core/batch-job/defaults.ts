/**
 * Every default specific to a BatchJob, in one place (the pod defaults are the workload's, in
 * lib/core/workload/defaults.ts). docs/defaults.md explains each one.
 */
export const BATCH_DEFAULTS = {
  /** Three retries (after 10s, 20s, 40s) ride out a transient failure; more pods rarely fix a job that keeps failing. */
  backoffLimit: 3,
  /** A stuck job ends (and shows as failed) after an hour instead of running, and holding back later runs, forever. */
  activeDeadlineSeconds: 3600,
  /** One pod to completion: the common case. */
  completions: 1,
  /** One pod at a time. */
  parallelism: 1,
  /** A new pod per retry: the failed one keeps its logs, and the pod failure policy can tell disruptions from failures. */
  restartPolicy: 'Never',
  /** The schedule is read in UTC, never in the controller node's own time zone. */
  timeZone: 'Etc/UTC',
  /** A run due while the previous one still runs is skipped: two runs never work on the same data at once. */
  concurrencyPolicy: 'Forbid',
  /** A missed run may start up to 5 minutes late, then it is skipped (and the controller never gives up after 100 misses). */
  startingDeadlineSeconds: 300,
  /** Finished Jobs a CronJob keeps (with their pods and logs), per outcome. */
  successfulJobsHistoryLimit: 3,
  /** Failed Jobs a CronJob keeps, for debugging. */
  failedJobsHistoryLimit: 3,
  /** Characters of the template hash in a Job's name (`<name>-<hash>`). */
  jobNameHashLength: 10,
} as const;
