import { createHash } from 'crypto';
import type { CronJob, Job, JobSpec } from 'kubernetes-types/batch/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { BATCH_DEFAULTS } from './defaults';
import { BatchJobManifest } from './props';
import { ResolvedBatchJob, ResolvedJobSettings } from './resolve';
import { annotateRisks } from '../validation/risks';
import { callerOf, renderCallObjects } from '../workload/calls';
import { renderNetworkPolicy } from '../workload/network-policy';
import { KubeObject, renderServiceAccount } from '../workload/objects';
import { renderPod, ResolvedPod } from '../workload/pod';

/**
 * The Job spec fields the API server lets an update change (pkg/apis/batch/validation ValidateJobSpecUpdate):
 * every other field keelson sets (the pod template, completions, the pod failure policy) is in the
 * hash that names the Job, so changing one makes a new Job instead of a refused update.
 */
const MUTABLE_JOB_FIELDS: ReadonlySet<string> = new Set(['parallelism', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'suspend']);

/** A BatchJob's objects, from its resolved props: a mapping, no checks. */
export function renderBatchJob(app: ResolvedBatchJob): BatchJobManifest {
  const { pod } = app;
  const meta = (name = app.name): ObjectMeta => ({
    name,
    ...(app.namespace !== undefined ? { namespace: app.namespace } : {}),
    labels: { ...pod.labels },
  });
  const serviceAccount = renderServiceAccount(meta(), pod, app.serviceAccountAnnotations);
  // No exposed port and no extra rule: every connection to the pods is refused.
  const networkPolicy = renderNetworkPolicy(app.access, [], pod.selector, meta());
  const spec = renderJobSpec(app.job, pod);
  let job: Job | undefined;
  let cronJob: CronJob | undefined;
  if (app.schedule) {
    const s = app.schedule;
    cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta(),
      spec: {
        schedule: s.schedule,
        timeZone: s.timeZone,
        concurrencyPolicy: s.concurrencyPolicy,
        startingDeadlineSeconds: s.startingDeadlineSeconds,
        successfulJobsHistoryLimit: s.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: s.failedJobsHistoryLimit,
        suspend: app.job.suspend,
        jobTemplate: { metadata: { labels: { ...pod.labels } }, spec },
      },
    };
  } else {
    job = { apiVersion: 'batch/v1', kind: 'Job', metadata: meta(jobName(app.name, spec)), spec: { ...spec, suspend: app.job.suspend } };
  }
  const objects = [serviceAccount, networkPolicy, job, cronJob].filter((o) => o !== undefined) as unknown as KubeObject[];
  annotateRisks(objects, app.risks);
  objects.push(...renderCallObjects(app.access.calls, callerOf(app.name, app.namespace, pod)));
  return {
    ...(serviceAccount ? { serviceAccount } : {}),
    networkPolicy,
    ...(job ? { job } : {}),
    ...(cronJob ? { cronJob } : {}),
    selector: pod.selector,
    objects,
  };
}

function renderJobSpec(job: ResolvedJobSettings, pod: ResolvedPod): JobSpec {
  const template = renderPod(pod);
  template.spec = { ...template.spec!, restartPolicy: job.restartPolicy };
  const never = job.restartPolicy === 'Never';
  return {
    completions: job.completions,
    parallelism: job.parallelism,
    backoffLimit: job.backoffLimit,
    activeDeadlineSeconds: job.activeDeadlineSeconds,
    ...(job.ttlSecondsAfterFinished !== undefined ? { ttlSecondsAfterFinished: job.ttlSecondsAfterFinished } : {}),
    // Only for pods that are not restarted in place (Kubernetes' rule). A disruption (drain,
    // preemption, spot reclaim: the DisruptionTarget condition) is not the job's failure, so it is
    // not counted; it comes first, so a listed exit code of a disrupted pod does not fail the Job.
    ...(never ? {
      podFailurePolicy: {
        rules: [
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          ...(job.nonRetryableExitCodes.length ? [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [...job.nonRetryableExitCodes] } }] : []),
        ],
      },
    } : {}),
    template,
  };
}

/**
 * `<name>-<hash>`: the hash covers every field of the spec an update may not change, so a Job
 * whose template (image, env, resources...) changes gets a new name, and is a new Job.
 */
export function jobName(name: string, spec: JobSpec): string {
  const fixed = Object.fromEntries(Object.entries(spec).filter(([k]) => !MUTABLE_JOB_FIELDS.has(k)));
  return `${name}-${createHash('sha256').update(JSON.stringify(fixed)).digest('hex').slice(0, BATCH_DEFAULTS.jobNameHashLength)}`;
}
