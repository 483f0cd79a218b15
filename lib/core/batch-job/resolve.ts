import { BATCH_DEFAULTS } from './defaults';
import { BATCH_JOB, BATCH_JOB_KEYS, BatchJobBuildOptions, BatchJobProps, ConcurrencyPolicy, JobRestartPolicy, MAX_BATCH_NAME_LENGTH } from './props';
import { checkSchedule, checkTimeZone } from './schedule';
import { checkDns1035Label, checkDns1123Label, checkInteger, describe, isRecord } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { beginResolve } from '../validation/props';
import { AcknowledgedRisk, RiskLedger } from '../validation/risks';
import { wholeSeconds } from '../validation/values';
import { Duration } from '../values/duration';
import { ResolvedNetworkAccess, resolveNetworkAccess } from '../workload/network-policy';
import { ResolvedPod, resolvePod } from '../workload/pod';
import type { ContainerProps, WorkloadProps } from '../workload/props';

/** The Job's own settings (also a CronJob's jobTemplate), checked and defaulted. */
export interface ResolvedJobSettings {
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
  readonly ttlSecondsAfterFinished?: number;
  readonly completions: number;
  readonly parallelism: number;
  readonly restartPolicy: JobRestartPolicy;
  readonly nonRetryableExitCodes: readonly number[];
  readonly suspend: boolean;
}

/** A CronJob's schedule settings, checked and defaulted. */
export interface ResolvedSchedule {
  readonly schedule: string;
  readonly timeZone: string;
  readonly concurrencyPolicy: ConcurrencyPolicy;
  readonly startingDeadlineSeconds: number;
  readonly successfulJobsHistoryLimit: number;
  readonly failedJobsHistoryLimit: number;
}

/** A BatchJob's props, checked and defaulted: everything its objects are rendered from. */
export interface ResolvedBatchJob {
  readonly name: string;
  readonly namespace?: string;
  readonly pod: ResolvedPod;
  readonly job: ResolvedJobSettings;
  /** Present with `schedule`: the construct emits a CronJob. */
  readonly schedule?: ResolvedSchedule;
  readonly access: ResolvedNetworkAccess;
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /** The risks the props acknowledge and take, with the objects that carry them. */
  readonly risks: readonly AcknowledgedRisk[];
}

/** The CronJob-only props, reported when there is no schedule. */
const SCHEDULE_ONLY = ['timeZone', 'concurrencyPolicy', 'startingDeadline', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const;
const SERVES = ['ports', 'readiness', 'liveness', 'startup'] as const;

/**
 * Checks BatchJob props (any input, JavaScript garbage included) and applies the defaults.
 * Throws one KeelsonValidationError listing every problem.
 */
export function resolveBatchJob(input: unknown, options: BatchJobBuildOptions = {}): ResolvedBatchJob {
  const { props, problems } = beginResolve<BatchJobProps>(BATCH_JOB, input, [...BATCH_JOB_KEYS, 'preStopDelay', 'allowFrom'], options, ['PodSpec']);
  checkName(problems, props);
  const risks = RiskLedger.from(problems, props.acknowledgeRisks);
  const pod = resolvePod(problems, podProps(problems, props), { revisionLabelKey: 'batch.kubernetes.io/controller-uid' });
  const job = resolveJobSettings(problems, props);
  const schedule = props.schedule !== undefined ? resolveSchedule(problems, props) : undefined;
  if (props.schedule === undefined) {
    for (const key of SCHEDULE_ONLY) {
      if (props[key] !== undefined) problems.notSupported(key, 'applies to a CronJob only: set schedule too, or remove it');
    }
  }
  const access = resolveNetworkAccess(problems, [], props.allowTo, { risks, kind: 'NetworkPolicy', name: problems.construct }, props.namespace);
  const acknowledged = risks.finish();
  const complete = problems.complete({ job, access });
  return {
    name: props.name,
    ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
    pod,
    job: complete.job,
    ...(schedule ? { schedule } : {}),
    access: complete.access,
    ...(props.serviceAccount?.annotations ? { serviceAccountAnnotations: props.serviceAccount.annotations } : {}),
    risks: acknowledged,
  };
}

/**
 * The props the shared pod resolver gets: the job's containers serve nothing, so the ports,
 * probes and the preStop pause (which only matter to a Service's endpoints) are refused here, and
 * the containers resolve without the app defaults (a first container's HTTP port and its probes).
 */
function podProps(problems: Problems, props: BatchJobProps): WorkloadProps {
  const hint = 'a job serves nothing (no Service, no traffic)';
  if ((props as { preStopDelay?: unknown }).preStopDelay !== undefined) {
    problems.notSupported('preStopDelay', `is not used by a BatchJob: ${hint}, so there are no endpoints to leave before SIGTERM`);
  }
  if ((props as { allowFrom?: unknown }).allowFrom !== undefined) {
    problems.notSupported('allowFrom', `is not used by a BatchJob: ${hint}; its NetworkPolicy admits no ingress at all`);
  }
  const containers = Array.isArray(props.containers)
    ? props.containers.map((c, i) => {
      if (!isRecord(c)) return c;
      for (const key of SERVES) {
        if (c[key] !== undefined && !(key === 'ports' && Array.isArray(c[key]) && (c[key] as unknown[]).length === 0)) {
          problems.notSupported(path('containers', i, key), key === 'ports'
            ? `are not used by a BatchJob: ${hint}; a job that reports metrics pushes them (e.g. to a Prometheus Pushgateway)`
            : `is not used by a BatchJob: ${hint}, and a probe cannot tell a job's progress; use deadline for one that hangs`);
        }
      }
      return { ...(c as unknown as ContainerProps), ports: [], readiness: undefined, liveness: undefined, startup: undefined };
    })
    : props.containers;
  return { ...props, containers, preStopDelay: Duration.seconds(0) } as WorkloadProps;
}

/** The Job's settings: retries, deadline, clean-up, completions and the restart policy. */
function resolveJobSettings(problems: Problems, props: BatchJobProps): ResolvedJobSettings | undefined {
  const before = problems.count;
  const backoffLimit = props.backoffLimit ?? BATCH_DEFAULTS.backoffLimit;
  checkInteger(problems, 'backoffLimit', backoffLimit, 0, 100);
  const deadline = wholeSeconds(problems, 'deadline', props.deadline, BATCH_DEFAULTS.activeDeadlineSeconds);
  if (deadline === 0) problems.invalid('deadline', 'must be at least 1s: Kubernetes refuses an activeDeadlineSeconds of 0');
  const ttl = props.ttlAfterFinished !== undefined ? wholeSeconds(problems, 'ttlAfterFinished', props.ttlAfterFinished, 0) : undefined;
  const completions = props.completions ?? BATCH_DEFAULTS.completions;
  const parallelism = props.parallelism ?? BATCH_DEFAULTS.parallelism;
  if (checkInteger(problems, 'completions', completions, 1, 100000) && checkInteger(problems, 'parallelism', parallelism, 1, 100000) && parallelism > completions) {
    problems.conflict('parallelism', `${parallelism} is more than completions (${completions}): the extra pods would never start; make it at most ${completions}`);
  }
  const restartPolicy = props.restartPolicy ?? BATCH_DEFAULTS.restartPolicy;
  if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    problems.invalid('restartPolicy', `must be 'Never' or 'OnFailure' (a Job's pods run to completion; 'Always' is refused), got ${describe(restartPolicy)}`);
  }
  const exitCodes = resolveExitCodes(problems, props.nonRetryableExitCodes, restartPolicy);
  if (props.suspend !== undefined && typeof props.suspend !== 'boolean') problems.invalid('suspend', `must be a boolean, got ${describe(props.suspend)}`);
  if (problems.count > before || deadline === undefined || exitCodes === undefined) return undefined;
  return {
    backoffLimit,
    activeDeadlineSeconds: deadline,
    ...(ttl !== undefined ? { ttlSecondsAfterFinished: ttl } : {}),
    completions,
    parallelism,
    restartPolicy,
    nonRetryableExitCodes: exitCodes,
    suspend: props.suspend === true,
  };
}

/** Exit codes 1-255, each once; they need a new pod per retry (`restartPolicy: 'Never'`). */
function resolveExitCodes(problems: Problems, value: unknown, restartPolicy: unknown): number[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.invalid('nonRetryableExitCodes', `must be an array of exit codes (1 to 255), got ${describe(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    problems.invalid('nonRetryableExitCodes', 'must list at least one exit code, or be left out');
    return undefined;
  }
  if (restartPolicy === 'OnFailure') {
    problems.conflict('nonRetryableExitCodes', 'needs restartPolicy \'Never\': Kubernetes applies a pod failure policy only to pods that are not restarted in place');
  }
  const seen = new Set<number>();
  value.forEach((code, i) => {
    if (!checkInteger(problems, path('nonRetryableExitCodes', i), code, 1, 255)) return;
    if (seen.has(code)) problems.duplicate(path('nonRetryableExitCodes', i), `${code} is listed twice`);
    seen.add(code);
  });
  return [...seen].sort((a, b) => a - b);
}

/** The CronJob's settings: the schedule, its time zone, concurrency, lateness and history. */
function resolveSchedule(problems: Problems, props: BatchJobProps): ResolvedSchedule | undefined {
  const before = problems.count;
  checkSchedule(problems, 'schedule', props.schedule);
  const timeZone = props.timeZone ?? BATCH_DEFAULTS.timeZone;
  checkTimeZone(problems, 'timeZone', timeZone);
  const concurrencyPolicy = props.concurrencyPolicy ?? BATCH_DEFAULTS.concurrencyPolicy;
  if (!['Forbid', 'Allow', 'Replace'].includes(concurrencyPolicy as string)) {
    problems.invalid('concurrencyPolicy', `must be 'Forbid', 'Allow' or 'Replace', got ${describe(concurrencyPolicy)}`);
  }
  const startingDeadline = wholeSeconds(problems, 'startingDeadline', props.startingDeadline, BATCH_DEFAULTS.startingDeadlineSeconds);
  if (startingDeadline !== undefined && startingDeadline < 10) {
    problems.invalid('startingDeadline', `${startingDeadline}s is shorter than the 10s between the controller's checks: the CronJob might never run; make it at least 10s`);
  }
  const successful = props.successfulJobsHistoryLimit ?? BATCH_DEFAULTS.successfulJobsHistoryLimit;
  checkInteger(problems, 'successfulJobsHistoryLimit', successful, 0, 100);
  const failed = props.failedJobsHistoryLimit ?? BATCH_DEFAULTS.failedJobsHistoryLimit;
  checkInteger(problems, 'failedJobsHistoryLimit', failed, 0, 100);
  if (problems.count > before || startingDeadline === undefined) return undefined;
  return {
    schedule: (props.schedule as string).trim(),
    timeZone,
    concurrencyPolicy,
    startingDeadlineSeconds: startingDeadline,
    successfulJobsHistoryLimit: successful,
    failedJobsHistoryLimit: failed,
  };
}

/** A name short enough for the Job's hash suffix (or the CronJob controller's time suffix), and a namespace. */
function checkName(problems: Problems, props: BatchJobProps): void {
  if (checkDns1035Label(problems, 'name', props.name) && props.name.length > MAX_BATCH_NAME_LENGTH) {
    problems.invalid('name', `${JSON.stringify(props.name)} is too long: a BatchJob name may have at most ${MAX_BATCH_NAME_LENGTH} characters, so that its Jobs' names ("<name>-<hash>", or the CronJob's "<name>-<time>") fit in a 63-character label`);
  }
  if (props.namespace !== undefined) checkDns1123Label(problems, 'namespace', props.namespace);
}
