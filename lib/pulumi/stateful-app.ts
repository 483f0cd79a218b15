import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { AppComponent, prepareApp } from './app-component';
import { EXPOSURE_SLOTS, ExposureArgs, WORKLOAD_SLOTS, WorkloadArgs } from './args';
import { InputSlot, slot } from './inputs';
import { buildStatefulApp } from '../core/stateful-app/build';
import { HEADLESS_SUFFIX, PersistentStorageProps, STATEFUL_APP, StatefulAppProps } from '../core/stateful-app/props';
import type { KubeObject } from '../core/workload/objects';

/** Persistent storage whose StorageClass may be a Pulumi input. */
export interface PersistentStorageArgs extends Omit<PersistentStorageProps, 'storageClassName'> {
  /**
   * The StorageClass (e.g. `storageClass.metadata.name`).
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: pulumi.Input<string>;
}

/** Args of the Pulumi StatefulApp: the core props, with Pulumi inputs where outputs are common. */
export interface StatefulAppArgs extends Omit<StatefulAppProps, keyof WorkloadArgs | keyof ExposureArgs | 'storage'>, WorkloadArgs, ExposureArgs {
  /**
   * Persistent volumes, one claim per replica each.
   * @default none
   */
  readonly storage?: readonly PersistentStorageArgs[];
}

/** Where StatefulApp args accept Pulumi inputs. */
const SLOTS: readonly InputSlot[] = [...WORKLOAD_SLOTS, ...EXPOSURE_SLOTS, slot('storage.*.storageClassName')];

/**
 * A stateful app for Pulumi: StatefulSet, headless and client Services, PodDisruptionBudget,
 * ServiceAccount, NetworkPolicy, and optionally a HorizontalPodAutoscaler or a
 * VerticalPodAutoscaler, as @pulumi/kubernetes resources parented to this component.
 *
 * The StatefulSet is registered with `protect: true` unless the component's options say
 * `protect: false`: the Kubernetes provider applies a change of a StatefulSet field it treats as
 * immutable (`selector`, `serviceName`, `podManagementPolicy`, `volumeClaimTemplates`, and also
 * `revisionHistoryLimit`) by deleting the StatefulSet with its pods and creating it again; with
 * the StatefulSet protected in the stack's state, Pulumi refuses that replacement, in `pulumi
 * preview` as in `pulumi up`. keelson.lock.json is not used with Pulumi: the stack's state is the
 * record. See docs/upgrade-safety.md.
 */
export class StatefulApp extends AppComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'keelson:index:StatefulApp';

  /** Each replica's stable DNS name (`db-0.db-headless.shop.svc.cluster.local`). */
  public readonly podDnsNames: ReadonlyArray<pulumi.Input<string>>;
  /** The app's own ServiceAccount (`serviceAccount.name`, by default `<name>`), with no API token mounted unless asked for; absent with `serviceAccount.existing`, whose ServiceAccount the pods use. */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The NetworkPolicy `<name>`: the only traffic the pods accept and the only connections they may open. */
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;
  /** The PeerAuthentication `<name>-exposure` (PERMISSIVE on the exposed ports); present with `exposure.mesh`. */
  public readonly peerAuthentication?: k8s.apiextensions.CustomResource;
  /** The AuthorizationPolicy `<name>-exposure` (ALLOW on the exposed ports, from the source ranges); present with `exposure.mesh`. */
  public readonly authorizationPolicy?: k8s.apiextensions.CustomResource;
  /** The HTTPRoute `<name>` attached to the shared Gateway; present with `Exposure.gatewayApi()` on an HTTP port. */
  public readonly httpRoute?: k8s.apiextensions.CustomResource;
  /** The GRPCRoute `<name>` attached to the shared Gateway; present with `Exposure.gatewayApi()` on a gRPC port. */
  public readonly grpcRoute?: k8s.apiextensions.CustomResource;
  /** The Istio Gateway `<name>` on the ingress gateway's pods; present with `Exposure.istioGateway()`. */
  public readonly gateway?: k8s.apiextensions.CustomResource;
  /** The VirtualService `<name>` bound to that Gateway, routing to the Service; present with `Exposure.istioGateway()`. */
  public readonly virtualService?: k8s.apiextensions.CustomResource;
  /** The Ingress `<name>` to the client Service; present with `Exposure.ingress()`. */
  public readonly ingress?: k8s.networking.v1.Ingress;
  /** The headless Service `<name>-headless` (`clusterIP: None`) that gives each replica its DNS name. */
  public readonly headlessService: k8s.core.v1.Service;
  /** Absent when no container exposes a port. */
  public readonly service?: k8s.core.v1.Service;
  /** The StatefulSet `<name>`, with a PersistentVolumeClaim template per persistent volume. */
  public readonly statefulSet: k8s.apps.v1.StatefulSet;
  /** The PodDisruptionBudget `<name>`, limiting how many replicas a node drain may evict at once (a majority stays up with `quorum`). */
  public readonly podDisruptionBudget: k8s.policy.v1.PodDisruptionBudget;
  /** The HorizontalPodAutoscaler `<name>`; present when `autoscaling` is set. */
  public readonly horizontalPodAutoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
  /** A `CustomResource` (the VPA has no typed class in @pulumi/kubernetes). */
  public readonly verticalPodAutoscaler?: k8s.apiextensions.CustomResource;

  constructor(name: string, args: StatefulAppArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate and build before registering anything: bad args throw with no resource created.
    const build = (props: StatefulAppProps) => buildStatefulApp(props, { id: name });
    const app = prepareApp(STATEFUL_APP, name, args, opts, SLOTS, build);
    const { manifest, restored } = app;
    super(StatefulApp.TYPE, name, {
      type: STATEFUL_APP,
      ...app,
      selector: manifest.selector,
      objects: restored.objects,
      outputs: { podDnsNames: restored.podDnsNames },
      // Pulumi state protects the StatefulSet: a change the provider can only make by replacing it
      // (deleting it and its pods first) fails `pulumi preview` and `pulumi up` instead.
      childOptions: (obj) => (obj.kind === 'StatefulSet' ? { protect: opts.protect ?? true } : {}),
    }, opts);

    this.podDnsNames = restored.podDnsNames;
    this.serviceAccount = this.child(restored.serviceAccount);
    this.networkPolicy = this.child(restored.networkPolicy);
    this.peerAuthentication = this.child(restored.peerAuthentication);
    this.authorizationPolicy = this.child(restored.authorizationPolicy);
    this.httpRoute = this.child(restored.httpRoute);
    this.grpcRoute = this.child(restored.grpcRoute);
    this.gateway = this.child(restored.gateway);
    this.virtualService = this.child(restored.virtualService);
    this.ingress = this.child(restored.ingress);
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
