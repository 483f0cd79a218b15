import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { buildStatefulApp } from '../core/stateful-app/build';
import { HEADLESS_SUFFIX, PersistentStorageProps, STATEFUL_APP, StatefulAppProps } from '../core/stateful-app/props';
import type { KubeObject } from '../core/workload/objects';
import { lockCheck } from '../lock';
import { AppComponent, prepareApp } from './app-component';
import { WORKLOAD_SLOTS, WorkloadArgs } from './args';
import { InputSlot, slot } from './inputs';
import { namespacePlacement } from './secure-namespace';

/** Persistent storage whose StorageClass may be a Pulumi input. */
export interface PersistentStorageArgs extends Omit<PersistentStorageProps, 'storageClassName'> {
  /**
   * The StorageClass (e.g. `storageClass.metadata.name`).
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: pulumi.Input<string>;
}

/** Args of the Pulumi StatefulApp: the core props, with Pulumi inputs where outputs are common. */
export interface StatefulAppArgs extends Omit<StatefulAppProps, keyof WorkloadArgs | 'storage'>, WorkloadArgs {
  /**
   * Persistent volumes, one claim per replica each.
   * @default none
   */
  readonly storage?: readonly PersistentStorageArgs[];
}

/** Where StatefulApp args accept Pulumi inputs. */
const SLOTS: readonly InputSlot[] = [...WORKLOAD_SLOTS, slot('storage.*.storageClassName')];

/**
 * A stateful app for Pulumi: StatefulSet, headless and client Services, PodDisruptionBudget,
 * ServiceAccount, NetworkPolicy, and optionally a HorizontalPodAutoscaler or a
 * VerticalPodAutoscaler, as @pulumi/kubernetes resources parented to this component.
 *
 * Immutable StatefulSet fields are checked against keelson.lock.json before anything is
 * registered, so a change Pulumi could only apply by deleting the StatefulSet fails with what to do.
 */
export class StatefulApp extends AppComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'keelson:index:StatefulApp';

  /** Each replica's stable DNS name (`db-0.db-headless.shop.svc.cluster.local`). */
  public readonly podDnsNames: ReadonlyArray<pulumi.Input<string>>;
  public readonly serviceAccount: k8s.core.v1.ServiceAccount;
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;
  public readonly headlessService: k8s.core.v1.Service;
  /** Absent when no container exposes a port. */
  public readonly service?: k8s.core.v1.Service;
  public readonly statefulSet: k8s.apps.v1.StatefulSet;
  public readonly podDisruptionBudget: k8s.policy.v1.PodDisruptionBudget;
  public readonly horizontalPodAutoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
  /** A `CustomResource` (the VPA has no typed class in @pulumi/kubernetes). */
  public readonly verticalPodAutoscaler?: k8s.apiextensions.CustomResource;

  constructor(name: string, args: StatefulAppArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate and build before registering anything: bad args throw with no resource created.
    const inSecureNamespace = namespacePlacement((args as { namespace?: unknown } | undefined)?.namespace).secureNamespace !== undefined;
    // One lock entry per stack (stacks are often environments that differ); nothing recorded by a preview.
    const lock = (props: StatefulAppProps) => lockCheck(props?.namespace, props?.name, { scope: `pulumi:${pulumi.getStack()}`, record: !pulumi.runtime.isDryRun() });
    // The immutable fields are checked against the lock with their real values: at once, or (when
    // they or the namespace hold a deferred input) once the inputs are known.
    let lockWhenKnown = false;
    const app = prepareApp(STATEFUL_APP, name, args, opts, SLOTS, (props: StatefulAppProps, inputs) => buildStatefulApp(props, {
      id: name,
      checkImmutable: !inputs ? (lockWhenKnown ? lock(props) : undefined) : (problems, fields) => {
        if (inputs.holdsPlaceholder([fields, props.namespace])) lockWhenKnown = true;
        else lock(props)?.(problems, fields);
      },
      inSecureNamespace,
    }));
    const { manifest, restored } = app;
    super(StatefulApp.TYPE, name, {
      type: STATEFUL_APP,
      ...app,
      selector: manifest.selector,
      objects: restored.objects,
      outputs: { podDnsNames: restored.podDnsNames },
    }, opts);

    this.podDnsNames = restored.podDnsNames;
    this.serviceAccount = this.child(restored.serviceAccount);
    this.networkPolicy = this.child(restored.networkPolicy);
    this.headlessService = this.child(restored.headlessService);
    this.service = this.child(restored.service);
    this.statefulSet = this.child(restored.statefulSet);
    this.podDisruptionBudget = this.child(restored.podDisruptionBudget);
    this.horizontalPodAutoscaler = this.child(restored.horizontalPodAutoscaler);
    this.verticalPodAutoscaler = this.child(restored.verticalPodAutoscaler);
  }

  /** The headless Service keeps the logical name it always had (`<name>-headless-service`). */
  protected logicalSuffix(obj: KubeObject): string {
    return obj.kind === 'Service' && obj.metadata.name === `${this.name}${HEADLESS_SUFFIX}` ? 'headless-service' : super.logicalSuffix(obj);
  }
}
