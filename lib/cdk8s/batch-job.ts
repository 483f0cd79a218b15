import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { AppConstruct } from './app-construct';
import { addObjects } from './interop';
import { namespaceOf } from './secure-namespace';
import { buildBatchJob } from '../core/batch-job/build';
import { BATCH_JOB, BatchJobProps } from '../core/batch-job/props';
import { isRecord } from '../core/validation/checks';
import { checkNotCircular } from '../core/validation/props';

/** Props of the cdk8s BatchJob: the core props, with the name defaulting to the construct id. */
export interface BatchJobCdk8sProps extends Omit<BatchJobProps, 'name'> {
  /**
   * Name of every generated object (the Job's is `<name>-<hash>`), and the `app.kubernetes.io/name`/`instance` labels.
   * @default the construct id (not the tree path: moving the construct renames nothing)
   */
  readonly name?: string;
}

/**
 * Batch work for cdk8s: a Job that runs once, or a CronJob with `schedule`, with a ServiceAccount
 * and a NetworkPolicy that admits nothing, and the hardened pods of the apps.
 *
 * Every object is an `ApiObject` reachable as a property (`job.job`, `job.cronJob`), so any field
 * can be patched with `addJsonPatch`. It is also a peer: a database's `allowFrom: [migration]`
 * admits the job's pods.
 */
export class BatchJob extends AppConstruct {
  /** The labels on the job's pods (name and instance). */
  public readonly selector: Readonly<Record<string, string>>;
  /** The name of every object (the Job's adds `-<hash>`). */
  public readonly name: string;
  /** The namespace, when set by props or by the chart. */
  public readonly namespace?: string;
  /** The job's own ServiceAccount (`serviceAccount.name`, by default `<name>`), with no API token mounted unless asked for; absent with `serviceAccount.existing`. */
  public readonly serviceAccount?: ApiObject;
  /** The NetworkPolicy `<name>`: no ingress, and the only connections the pods may open when `allowTo` is set. */
  public readonly networkPolicy: ApiObject;
  /** The Job `<name>-<hash>`; present without `schedule`. */
  public readonly job?: ApiObject;
  /** The CronJob `<name>`; present with `schedule`. */
  public readonly cronJob?: ApiObject;

  constructor(scope: Construct, id: string, props: BatchJobCdk8sProps) {
    // Validate and build everything before joining the tree: a bad prop throws before this
    // construct or any object is added to the chart.
    checkNotCircular(BATCH_JOB, props, { id });
    const given = isRecord(props) ? (props as BatchJobCdk8sProps) : undefined;
    const name = given?.name ?? id;
    // In a SecureNamespace's scope the job takes its namespace; elsewhere the chart's.
    const namespace = given?.namespace ?? namespaceOf(scope);
    const manifest = buildBatchJob(given ? { ...given, name, namespace } : (props as unknown as BatchJobProps), { id });
    super(scope, id, BATCH_JOB, name, manifest.objects);
    this.name = name;
    this.namespace = namespace;
    this.selector = manifest.selector;
    const objects = addObjects(this, manifest.objects);
    this.serviceAccount = objects.ServiceAccount;
    this.networkPolicy = objects.NetworkPolicy;
    this.job = objects.Job;
    this.cronJob = objects.CronJob;
  }
}
