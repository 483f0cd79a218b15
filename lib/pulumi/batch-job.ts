import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { AppComponent, prepareApp } from './app-component';
import { WORKLOAD_SLOTS, WorkloadArgs } from './args';
import { InputSlot } from './inputs';
import { buildBatchJob } from '../core/batch-job/build';
import { BATCH_JOB, BatchJobProps } from '../core/batch-job/props';
import type { KubeObject } from '../core/workload/objects';

/** Args of the Pulumi BatchJob: the core props, with Pulumi inputs where outputs are common (image, env, names). */
export interface BatchJobArgs extends Omit<BatchJobProps, keyof WorkloadArgs>, Omit<WorkloadArgs, 'allowFrom' | 'replicasHandOff' | 'preStopDelay'> {}

/** Where BatchJob args accept Pulumi inputs: the workload's (no `allowFrom`: a job admits nothing). */
const SLOTS: readonly InputSlot[] = WORKLOAD_SLOTS;

/**
 * Batch work for Pulumi: a Job that runs once, or a CronJob with `schedule`, with a ServiceAccount
 * and a NetworkPolicy that admits nothing, and the hardened pods of the apps, as typed
 * @pulumi/kubernetes resources parented to this component.
 *
 * The Job is named `<name>-<hash>` (the hash of the fields Kubernetes refuses to change): a change
 * of its template is a new name, which Pulumi applies as a replacement of the child `<component>-job`.
 */
export class BatchJob extends AppComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'keelson:index:BatchJob';

  /** The job's own ServiceAccount (`serviceAccount.name`, by default `<name>`), with no API token mounted unless asked for; absent with `serviceAccount.existing`. */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The NetworkPolicy `<name>`: no ingress, and the only connections the pods may open when `allowTo` is set. */
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;
  /** The Job `<name>-<hash>`; present without `schedule`. */
  public readonly job?: k8s.batch.v1.Job;
  /** The CronJob `<name>`; present with `schedule`. */
  public readonly cronJob?: k8s.batch.v1.CronJob;

  constructor(name: string, args: BatchJobArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate and build before registering anything: bad args throw with no resource created.
    const app = prepareApp(BATCH_JOB, name, args, opts, SLOTS, (props: BatchJobProps) => buildBatchJob(props, { id: name }));
    const { manifest, restored } = app;
    super(BatchJob.TYPE, name, { type: BATCH_JOB, ...app, selector: manifest.selector, objects: restored.objects }, opts);

    this.serviceAccount = this.child(restored.serviceAccount);
    this.networkPolicy = this.child(restored.networkPolicy);
    this.job = this.child(restored.job);
    this.cronJob = this.child(restored.cronJob);
  }

  /** The Job's child keeps its logical name (`<component>-job`) whatever its hash: a new hash replaces it. */
  protected logicalSuffix(obj: KubeObject): string {
    return obj.kind === 'Job' ? 'job' : super.logicalSuffix(obj);
  }
}
