import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { AppConstruct } from './app-construct';
import type { PlusNetworkPolicyPeer } from './cdk8s-plus';
import { addObjects, toNetworkPeer } from './interop';
import { namespaceOf } from './secure-namespace';
import { buildStatelessApp } from '../core/stateless-app/build';
import { STATELESS_APP, StatelessAppProps } from '../core/stateless-app/props';
import { isRecord } from '../core/validation/checks';
import { checkNotCircular } from '../core/validation/props';
import { NetworkPeer } from '../core/values/network-peer';

/** A peer a cdk8s app admits: a keelson peer, a SecureNamespace (`networkPeer`), or any cdk8s-plus peer (a keelson app calls instead: `allowTo`). */
export type Cdk8sNetworkPeer = NetworkPeer | {
  /** The app's pods as a peer: any keelson app or release, on either engine, has it. */
  readonly networkPeer: NetworkPeer;
} | PlusNetworkPolicyPeer;

/** Props of the cdk8s StatelessApp: the core props, with the name defaulting to the construct id. */
export interface StatelessAppCdk8sProps extends Omit<StatelessAppProps, 'name' | 'allowFrom'> {
  /**
   * Name of every generated object, and the `app.kubernetes.io/name`/`instance` labels.
   * @default the construct id (not the tree path: moving the construct renames nothing)
   */
  readonly name?: string;
  /**
   * Who may connect to the app's exposed ports: keelson `NetworkPeer`s (a SecureNamespace's `networkPeer`), or
   * cdk8s-plus peers (`kplus.Pods.select(...)`, `kplus.Namespaces.select(...)`, workloads); another keelson
   * app declares its call in its own `allowTo`.
   * @default pods in the app's own namespace
   */
  readonly allowFrom?: readonly Cdk8sNetworkPeer[];
}

/**
 * A stateless app for cdk8s: Deployment, Service, PodDisruptionBudget, ServiceAccount,
 * NetworkPolicy, and optionally a HorizontalPodAutoscaler, a VerticalPodAutoscaler and an Ingress, with safe defaults.
 *
 * Every object is an `ApiObject` reachable as a property, so any field can be patched with
 * `app.deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/hostname', 'x'))`.
 * It is also a cdk8s-plus pod selector and network-policy peer.
 */
export class StatelessApp extends AppConstruct {
  /** The labels that select this app's pods (name and instance: they never change). */
  public readonly selector: Readonly<Record<string, string>>;
  /** The name of every object. */
  public readonly name: string;
  /** The namespace, when set by props or by the chart. */
  public readonly namespace?: string;
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
  /** Absent when no container exposes a port. */
  public readonly service?: ApiObject;
  /** The Deployment `<name>` running the pods. */
  public readonly deployment: ApiObject;
  /** The PodDisruptionBudget `<name>`, limiting how many pods a node drain may evict at once. */
  public readonly podDisruptionBudget: ApiObject;
  /** The HorizontalPodAutoscaler `<name>`; present when `autoscaling` is set. */
  public readonly horizontalPodAutoscaler?: ApiObject;
  /** The VerticalPodAutoscaler `<name>`; present when `verticalAutoscaling` is set. */
  public readonly verticalPodAutoscaler?: ApiObject;
  /** The Ingress `<name>`; present with `Exposure.ingress()`. */
  public readonly ingress?: ApiObject;

  constructor(scope: Construct, id: string, props: StatelessAppCdk8sProps) {
    // Validate and build everything before joining the tree: a bad prop throws before this
    // construct or any object is added to the chart, and the id stays free. Props that are not
    // an object (from JavaScript) go to the core as they are, which reports them.
    checkNotCircular(STATELESS_APP, props, { id });
    const given = isRecord(props) ? (props as StatelessAppCdk8sProps) : undefined;
    const name = given?.name ?? id;
    // In a SecureNamespace's scope the app takes its namespace; elsewhere the chart's.
    const namespace = given?.namespace ?? namespaceOf(scope);
    const manifest = buildStatelessApp(given
      ? {
        ...given,
        name,
        namespace,
        allowFrom: Array.isArray(given.allowFrom) ? given.allowFrom.map(toNetworkPeer) : (given.allowFrom as unknown as NetworkPeer[]),
      }
      : (props as unknown as StatelessAppProps), { id });
    super(scope, id, STATELESS_APP, name, manifest.objects);
    this.name = name;
    this.namespace = namespace;
    this.selector = manifest.selector;
    const objects = addObjects(this, manifest.objects);
    this.serviceAccount = objects.ServiceAccount;
    this.networkPolicy = objects.NetworkPolicy;
    this.service = objects.Service;
    this.peerAuthentication = objects.PeerAuthentication;
    this.authorizationPolicy = objects.AuthorizationPolicy;
    this.httpRoute = objects.HTTPRoute;
    this.grpcRoute = objects.GRPCRoute;
    this.gateway = objects.Gateway;
    this.virtualService = objects.VirtualService;
    this.deployment = objects.Deployment;
    this.podDisruptionBudget = objects.PodDisruptionBudget;
    this.horizontalPodAutoscaler = objects.HorizontalPodAutoscaler;
    this.verticalPodAutoscaler = objects.VerticalPodAutoscaler;
    this.ingress = objects.Ingress;
  }
}
