import { BATCH_JOB, BatchJobBuildOptions, BatchJobManifest, BatchJobProps } from './props';
import { renderBatchJob } from './render';
import { resolveBatchJob } from './resolve';
import { assertOutputLimits } from '../validation/output-limits';

/**
 * Validates BatchJob props and builds its objects: a Job, or a CronJob with `schedule`. Throws one
 * KeelsonValidationError listing every problem; returns nothing partial.
 */
export function buildBatchJob(props: BatchJobProps, options: BatchJobBuildOptions = {}): BatchJobManifest {
  const manifest = renderBatchJob(resolveBatchJob(props, options));
  assertOutputLimits(BATCH_JOB, props.name, manifest.objects, { ServiceAccount: 'serviceAccount.annotations' });
  return manifest;
}
