import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { AppConstruct } from './app-construct';
import { addObjects, toNetworkPeer } from './interop';
import { namespaceOf } from './secure-namespace';
import type { Cdk8sNetworkPeer } from './stateless-app';
import { buildStatefulApp } from '../core/stateful-app/build';
import { HEADLESS_SUFFIX, STATEFUL_APP, StatefulAppProps } from '../core/stateful-app/props';
import { isRecord } from '../core/validation/checks';
import { checkNotCircular } from '../core/validation/props';
import { NetworkPeer } from '../core/values/network-peer';

/** Props of the cdk8s StatefulApp: the core props, with the name defaulting to the construct id. */
export interface StatefulAppCdk8sProps extends Omit<StatefulAppProps, 'name' | 'allowFrom'> {
  /**
   * Name of every generated object, and the `app.kubernetes.io/name`/`instance` labels.
   * @default the construct id (not the tree path: moving the construct renames nothing)
   */
  readonly name?: string;
  /**
   * Who may connect to the exposed ports: keelson `NetworkPeer`s (a SecureNamespace's `networkPeer`), or
   * cdk8s-plus peers (another keelson app declares its call in its own `allowTo`). Replicas always reach each other.
   * @default pods in the app's own namespace
   */
  readonly allowFrom?: readonly Cdk8sNetworkPeer[];
}

/**
 * A stateful app for cdk8s: StatefulSet with a headless Service (stable pod DNS names) and a
 * client Service, per-replica volumes kept on scale-down and delete, a PodDisruptionBudget that
 * never blocks a drain (optionally quorum-aware), ServiceAccount, NetworkPolicy, and optionally a
 * VerticalPodAutoscaler. Its objects' immutable fields are checked against keelson.lock.json when
 * the app is synthesised (see docs/upgrade-safety.md).
 */
export class StatefulApp extends AppConstruct {
  /** The name of every object. */
  public readonly name: string;
  /** The namespace, when set by props or by the chart. */
  public readonly namespace?: string;
  /** The labels that select this app's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Each replica's stable DNS name (`db-0.db-headless.shop.svc.cluster.local`). */
  public readonly podDnsNames: readonly string[];
  /** The app's own ServiceAccount (`serviceAccount.name`, by default `<name>`), with no API token mounted unless asked for; absent with `serviceAccount.existing`, whose ServiceAccount the pods use. */
  public readonly serviceAccount?: ApiObject;
  /** The NetworkPolicy `<name>`: the only traffic the pods accept and the only connections they may open. */
  public readonly networkPolicy: ApiObject;
  /** The PeerAuthentication `<name>-exposure` (PERMISSIVE on the exposed ports); present with `exposure.mesh`. */
  public readonly peerAuthentication?: ApiObject;
  /** The AuthorizationPolicy `<name>-exposure` (ALLOW on the exposed ports, from the source ranges); present with `exposure.mesh`. */
  public readonly authorizationPolicy?: ApiObject;
  /** The HTTPRoute `<name>` attached to the shared Gateway; present with `Exposure.gatewayApi()` on an HTTP port. */
  public readonly httpRoute?: ApiObject;
  /** The GRPCRoute `<name>` attached to the shared Gateway; present with `Exposure.gatewayApi()` on a gRPC port. */
  public readonly grpcRoute?: ApiObject;
  /** The Istio Gateway `<name>` on the ingress gateway's pods; present with `Exposure.istioGateway()`. */
  public readonly gateway?: ApiObject;
  /** The VirtualService `<name>` bound to that Gateway, routing to the Service; present with `Exposure.istioGateway()`. */
  public readonly virtualService?: ApiObject;
  /** The Ingress `<name>` to the client Service; present with `Exposure.ingress()`. */
  public readonly ingress?: ApiObject;
  /** The headless Service `<name>-headless` (`clusterIP: None`) that gives each replica its DNS name. */
  public readonly headlessService: ApiObject;
  /** Absent when no container exposes a port. */
  public readonly service?: ApiObject;
  /** The StatefulSet `<name>`, with a PersistentVolumeClaim template per persistent volume. */
  public readonly statefulSet: ApiObject;
  /** The PodDisruptionBudget `<name>`, limiting how many replicas a node drain may evict at once (a majority stays up with `quorum`). */
  public readonly podDisruptionBudget: ApiObject;
  /** The HorizontalPodAutoscaler `<name>`; present when `autoscaling` is set. */
  public readonly horizontalPodAutoscaler?: ApiObject;
  /** The VerticalPodAutoscaler `<name>`; present when `verticalAutoscaling` is set. */
  public readonly verticalPodAutoscaler?: ApiObject;

  constructor(scope: Construct, id: string, props: StatefulAppCdk8sProps) {
    // Validate and build before the construct joins the tree: a bad prop adds nothing.
    // Props that are not an object (from JavaScript) go to the core as they are, which reports them.
    checkNotCircular(STATEFUL_APP, props, { id });
    const given = isRecord(props) ? (props as StatefulAppCdk8sProps) : undefined;
    const name = given?.name ?? id;
    // In a SecureNamespace's scope the app takes its namespace; elsewhere the chart's.
    const namespace = given?.namespace ?? namespaceOf(scope);
    const manifest = buildStatefulApp(
      given
        ? {
          ...given,
          name,
          namespace,
          allowFrom: Array.isArray(given.allowFrom) ? given.allowFrom.map(toNetworkPeer) : (given.allowFrom as unknown as NetworkPeer[]),
        }
        : (props as unknown as StatefulAppProps),
      { id },
    );
    super(scope, id, STATEFUL_APP, name, manifest.objects);
    this.name = name;
    this.namespace = namespace;
    this.selector = manifest.selector;
    this.podDnsNames = manifest.podDnsNames;
    const objects = addObjects(this, manifest.objects, { [`${name}${HEADLESS_SUFFIX}`]: 'HeadlessService' });
    this.serviceAccount = objects.ServiceAccount;
    this.networkPolicy = objects.NetworkPolicy;
    this.headlessService = objects.HeadlessService;
    this.service = objects.Service;
    this.peerAuthentication = objects.PeerAuthentication;
    this.authorizationPolicy = objects.AuthorizationPolicy;
    this.httpRoute = objects.HTTPRoute;
    this.grpcRoute = objects.GRPCRoute;
    this.gateway = objects.Gateway;
    this.virtualService = objects.VirtualService;
    this.ingress = objects.Ingress;
    this.statefulSet = objects.StatefulSet;
    this.podDisruptionBudget = objects.PodDisruptionBudget;
    this.horizontalPodAutoscaler = objects.HorizontalPodAutoscaler;
    this.verticalPodAutoscaler = objects.VerticalPodAutoscaler;
  }
}
