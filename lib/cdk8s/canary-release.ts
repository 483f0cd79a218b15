import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { AppConstruct } from './app-construct';
import { toNetworkPeer } from './interop';
import { namespaceOf } from './secure-namespace';
import type { Cdk8sNetworkPeer } from './stateless-app';
import { buildCanaryRelease } from '../core/canary-release/build';
import { CANARY_RELEASE, CanaryReleaseProps } from '../core/canary-release/props';
import { isRecord } from '../core/validation/checks';
import { checkNotCircular } from '../core/validation/props';
import { NetworkPeer } from '../core/values/network-peer';
import type { KubeObject } from '../core/workload/objects';

/** Props of the cdk8s CanaryRelease: the core props, with the name defaulting to the construct id. */
export interface CanaryReleaseCdk8sProps extends Omit<CanaryReleaseProps, 'name' | 'allowFrom'> {
  /**
   * Name of the shared objects; the tracks' objects add `-stable`/`-canary`.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Who may connect to the exposed ports: keelson peers, keelson apps or cdk8s-plus peers.
   * @default pods in the app's own namespace
   */
  readonly allowFrom?: readonly Cdk8sNetworkPeer[];
}

/**
 * A stable and a canary version of one app for cdk8s, and the routing between them (Istio by
 * default; ingress-nginx, Gateway API, replica ratio, blue/green, or Argo Rollouts).
 *
 * Every object is an ApiObject, reachable through the properties or `objects` by kind/name.
 * Objects are added in apply order: the DestinationRule before the VirtualService that routes to
 * its subsets (keep that order in GitOps tools that apply in file order).
 */
export class CanaryRelease extends AppConstruct {
  /** The name of the shared objects. */
  public readonly name: string;
  /** The namespace, when set by props or by the chart. */
  public readonly namespace?: string;
  /** The labels that select both tracks' pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The canary's share of traffic the output achieves. */
  public readonly achievedWeight: number;
  /** Notes that are not errors (e.g. an approximated replica-ratio weight); also printed as process warnings. */
  public readonly warnings: readonly string[];
  /** Every object, keyed `Kind/name` (e.g. `Deployment/api-canary`). */
  public readonly objects: Readonly<Record<string, ApiObject>>;
  /** The ServiceAccount (`serviceAccount.name`, by default `<name>`) both tracks' pods run as; absent with `serviceAccount.existing`. */
  public readonly serviceAccount?: ApiObject;
  /** The NetworkPolicy `<name>` over both tracks' pods. */
  public readonly networkPolicy: ApiObject;
  /** The PeerAuthentication `<name>-exposure` (PERMISSIVE on the exposed ports); present with `exposure.mesh`. */
  public readonly peerAuthentication?: ApiObject;
  /** The AuthorizationPolicy `<name>-exposure` (ALLOW on the exposed ports, from the source ranges); present with `exposure.mesh`. */
  public readonly authorizationPolicy?: ApiObject;
  /** The tracks' Deployments (none with Argo Rollouts). */
  public readonly deployments: readonly ApiObject[];
  /** The stable track's Deployment `<name>-stable` (absent with Argo Rollouts). */
  public readonly stableDeployment?: ApiObject;
  /** The canary track's Deployment `<name>-canary` (absent with Argo Rollouts, or without a canary). */
  public readonly canaryDeployment?: ApiObject;
  /** The Services: the shared `<name>`, per-track ones or active/preview, depending on the routing. */
  public readonly services: readonly ApiObject[];
  /** The Service in-cluster clients call, the one `serviceName` names. */
  public readonly service?: ApiObject;
  /** One per track (one for the Rollout with Argo Rollouts). */
  public readonly podDisruptionBudgets: readonly ApiObject[];
  /** One per track with `autoscaling`. */
  public readonly horizontalPodAutoscalers: readonly ApiObject[];
  /** The Istio DestinationRule `<name>` with the `stable` and `canary` subsets (istio and argo-rollouts routings). */
  public readonly destinationRule?: ApiObject;
  /** The Istio VirtualService `<name>` that splits the traffic between the subsets (istio and argo-rollouts routings). */
  public readonly virtualService?: ApiObject;
  /** The Argo Rollouts Rollout `<name>` running both tracks (argo-rollouts routing). */
  public readonly rollout?: ApiObject;
  /** The Argo Rollouts AnalysisTemplate `<name>` the Rollout's analysis runs (argo-rollouts routing, unless `analysis: false`). */
  public readonly analysisTemplate?: ApiObject;
  /** The Flagger Canary `<name>` that drives the Deployment `<name>` (flagger routing). */
  public readonly flaggerCanary?: ApiObject;
  /** The Gateway API HTTPRoute `<name>` that splits the traffic by weight (gateway-api routing). */
  public readonly httpRoute?: ApiObject;
  /** The Traefik TraefikService `<name>` that weighs the per-track Services (traefik routing). */
  public readonly traefikService?: ApiObject;
  /** The Traefik IngressRoute `<name>` that routes the hosts to the TraefikService (traefik routing). */
  public readonly ingressRoute?: ApiObject;
  /** The GRPCRoute `<name>` of `Exposure.gatewayApi()` on a gRPC port (replica-ratio, blue-green routings). */
  public readonly grpcRoute?: ApiObject;
  /** The Istio Gateway `<name>` of `Exposure.istioGateway()`; with istio or argo-rollouts routing, the VirtualService is bound to it. */
  public readonly gateway?: ApiObject;
  /** The ingress-nginx Ingresses: the main one and the canary one (ingress-nginx routing); the Ingress `<name>` of `Exposure.ingress()` (replica-ratio, blue-green); none otherwise. */
  public readonly ingresses: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: CanaryReleaseCdk8sProps) {
    // Validate and build before joining the tree: a bad prop adds nothing.
    checkNotCircular(CANARY_RELEASE, props, { id });
    const given = isRecord(props) ? (props as CanaryReleaseCdk8sProps) : undefined;
    const name = given?.name ?? id;
    // In a SecureNamespace's scope the app takes its namespace; elsewhere the chart's.
    const namespace = given?.namespace ?? namespaceOf(scope);
    const manifest = buildCanaryRelease(given
      ? {
        ...given,
        name,
        namespace,
        allowFrom: Array.isArray(given.allowFrom) ? given.allowFrom.map(toNetworkPeer) : (given.allowFrom as unknown as NetworkPeer[]),
      }
      : (props as unknown as CanaryReleaseProps), { id });
    super(scope, id, CANARY_RELEASE, name, manifest.objects);
    this.name = name;
    this.namespace = namespace;
    this.selector = manifest.selector;
    this.achievedWeight = manifest.achievedWeight;
    this.warnings = manifest.warnings;
    for (const w of manifest.warnings) process.emitWarning(`${name}: ${w}`, 'KeelsonWarning');
    const objects: Record<string, ApiObject> = {};
    const add = (obj: KubeObject) => {
      const key = `${obj.kind}/${obj.metadata.name}`;
      objects[key] = new ApiObject(this, `${obj.kind}-${obj.metadata.name}`, obj);
      return objects[key];
    };
    for (const obj of manifest.objects) add(obj);
    this.objects = objects;
    const pick = (o: KubeObject | undefined) => (o ? objects[`${o.kind}/${o.metadata.name}`] : undefined);
    const all = <T>(list: readonly T[]) => list.map((o) => pick(o as unknown as KubeObject)!);
    this.serviceAccount = pick(manifest.serviceAccount as KubeObject | undefined);
    this.networkPolicy = pick(manifest.networkPolicy as KubeObject)!;
    this.deployments = all(manifest.deployments);
    this.stableDeployment = objects[`Deployment/${name}-stable`];
    this.canaryDeployment = objects[`Deployment/${name}-canary`];
    this.services = all(manifest.services);
    this.service = this.serviceName !== undefined ? objects[`Service/${this.serviceName}`] : undefined;
    this.podDisruptionBudgets = all(manifest.podDisruptionBudgets);
    this.horizontalPodAutoscalers = all(manifest.horizontalPodAutoscalers);
    this.ingresses = all(manifest.ingresses);
    this.destinationRule = pick(manifest.destinationRule);
    this.virtualService = pick(manifest.virtualService);
    this.rollout = pick(manifest.rollout);
    this.analysisTemplate = pick(manifest.analysisTemplate);
    this.flaggerCanary = pick(manifest.flaggerCanary);
    this.httpRoute = pick(manifest.httpRoute);
    this.traefikService = pick(manifest.traefikService);
    this.ingressRoute = pick(manifest.ingressRoute);
    this.grpcRoute = pick(manifest.grpcRoute);
    this.gateway = pick(manifest.gateway);
    this.peerAuthentication = pick(manifest.peerAuthentication);
    this.authorizationPolicy = pick(manifest.authorizationPolicy);
    // GitOps tools and `kubectl apply` read in order; cdk8s keeps it, and the dependency records it.
    if (this.virtualService && this.destinationRule) this.virtualService.addDependency(this.destinationRule);
    if (this.rollout && this.analysisTemplate) this.rollout.addDependency(this.analysisTemplate);
    // Flagger's Canary after its target, its autoscaler and the Ingress it copies.
    const flagged = [...this.deployments, ...this.horizontalPodAutoscalers, ...this.ingresses];
    if (this.flaggerCanary) for (const o of flagged) this.flaggerCanary.addDependency(o);
  }
}
