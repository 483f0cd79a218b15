import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Service, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Ingress, NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { CanaryRouting } from './routing';
import { EnvValue } from '../values/env';
import { AutoscalingProps } from '../workload/autoscaler';
import { DisruptionBudgetProps } from '../workload/disruption-budget';
import { ExposureProps } from '../workload/exposure';
import { NetworkAccessProps } from '../workload/network-policy';
import { KubeObject } from '../workload/objects';
import { ResourcesProps, WORKLOAD_KEYS, WorkloadProps } from '../workload/props';
import { RolloutProps } from '../workload/rollout';

/** The label that tells the tracks apart; it is in each Deployment's selector, so it never changes. */
export const TRACK_LABEL = 'keelson.dev/track';

/** One version of the app: what differs from the shared container definition. */
export interface ReleaseTrackProps {
  /**
   * The first container's image for this track.
   * @default the first container's `image` (stable track)
   */
  readonly image?: string;
  /**
   * The `app.kubernetes.io/version` label of this track's pods.
   * @default the image tag
   */
  readonly version?: string;
  /**
   * This track's pod count (not with replica-ratio routing, which splits `totalReplicas`).
   * @default 2 for stable; 1 for canary (blue/green: as many as stable, so a switch can take all traffic)
   */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler for this track only (each track scales on its own load).
   * @default none
   */
  readonly autoscaling?: AutoscalingProps;
  /**
   * Environment variables added to (or replacing) the first container's for this track.
   * @default none
   */
  readonly env?: Readonly<Record<string, string | EnvValue>>;
  /**
   * The first container's resources for this track.
   * @default the first container's
   */
  readonly resources?: ResourcesProps;
}

/** The canary track: its image and its share of the traffic. */
export interface CanaryTrackProps extends ReleaseTrackProps {
  /** The canary's image. */
  readonly image: string;
  /**
   * Percentage of requests (0..100) sent to the canary; the stable track gets the rest. Whole
   * percents, or hundredths (`0.5`) with ingress-nginx (`canary-weight-total`) and Traefik.
   * @default 0: the canary is deployed dark; raise the weight step by step
   */
  readonly weight?: number;
}

/** A named version besides stable and canary (`versions`): its image, its share of the traffic and its own track. */
export interface VersionTrackProps extends ReleaseTrackProps {
  /** This version's image. */
  readonly image: string;
  /**
   * Percentage of requests (0..100) sent to this version; stable gets what the canary and the versions leave.
   * @default 0: the version is deployed dark; raise its weight step by step
   */
  readonly weight?: number;
  /**
   * This version's pod count.
   * @default 1: a version starts small, as a canary does
   */
  readonly replicas?: number;
}

/** Props of a CanaryRelease: one app, a stable and a canary track, and the routing between them. */
export interface CanaryReleaseProps extends Omit<WorkloadProps, 'version'>, RolloutProps, NetworkAccessProps, ExposureProps {
  /**
   * The stable track.
   * @default the containers as given, 2 replicas
   */
  readonly stable?: ReleaseTrackProps;
  /**
   * The canary track; remove it to finish a release (after promoting its image to stable).
   * @default none: stable only
   */
  readonly canary?: CanaryTrackProps;
  /**
   * More versions besides stable and canary, by name (a DNS label, not `stable` or `canary`), each
   * its own track with its own Deployment (`<name>-<version>`), weight and DestinationRule subset or
   * Service; istio and gateway-api routings only. Retire one by setting its weight to 0 first.
   * @default none: stable and canary only, as most releases need
   */
  readonly versions?: Readonly<Record<string, VersionTrackProps>>;
  /**
   * How traffic is split between the tracks.
   * @default `CanaryRouting.istio()`
   */
  readonly routing?: CanaryRouting;
  /**
   * Each track's PodDisruptionBudget.
   * @default `maxUnavailable: 1` per track: a one-pod canary never blocks a drain
   */
  readonly disruptionBudget?: DisruptionBudgetProps;
  /**
   * The cluster's DNS domain, for the fully qualified hosts of Istio routing.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

export const CANARY_KEYS = [
  ...WORKLOAD_KEYS.filter((k) => k !== 'version'),
  'stable', 'canary', 'routing', 'allowFrom', 'allowTo', 'disruptionBudget', 'minReady', 'progressDeadline', 'revisionHistoryLimit',
  'maxSurge', 'clusterDomain', 'exposure', 'versions',
];
export const TRACK_KEYS = ['image', 'version', 'replicas', 'autoscaling', 'env', 'resources'];

/** An Istio or other custom object (not in kubernetes-types). */
export interface CustomObject extends KubeObject {
  /** The object's spec, as its CustomResourceDefinition defines it. */
  readonly spec: Record<string, unknown>;
}

/** Every object a CanaryRelease produces. */
export interface CanaryReleaseManifest {
  /** The ServiceAccount (`serviceAccount.name`, by default `<name>`) both tracks' pods run as; absent with `serviceAccount.existing`, whose ServiceAccount the pods use. */
  readonly serviceAccount?: ServiceAccount;
  /** The NetworkPolicy `<name>` over both tracks' pods: what may reach them, and where they may connect. */
  readonly networkPolicy: NetworkPolicy;
  /** The Services: the shared one, per-track ones or active/preview, depending on the routing. */
  readonly services: readonly Service[];
  /** The PeerAuthentication `<name>-exposure` (PERMISSIVE on the exposed ports); present with `exposure.mesh`. */
  readonly peerAuthentication?: CustomObject;
  /** The AuthorizationPolicy `<name>-exposure` (ALLOW on the exposed ports, from the source ranges or the gateway's identity); present with `exposure.mesh`. */
  readonly authorizationPolicy?: CustomObject;
  /** One Deployment per track (none with Argo Rollouts). */
  readonly deployments: readonly Deployment[];
  /** The Argo Rollouts Rollout, with that routing. */
  readonly rollout?: CustomObject;
  /** The Argo Rollouts AnalysisTemplate `<name>` the Rollout's background analysis runs (argo-rollouts routing, unless `analysis: false`). */
  readonly analysisTemplate?: CustomObject;
  /** The Flagger Canary `<name>` that drives the Deployment `<name>` (flagger routing). */
  readonly flaggerCanary?: CustomObject;
  /** One PodDisruptionBudget per track (`<name>-stable`, `<name>-canary`); one over all the Rollout's pods with Argo Rollouts. */
  readonly podDisruptionBudgets: readonly PodDisruptionBudget[];
  /** The HorizontalPodAutoscaler of each track that sets `autoscaling` (of the Rollout, with Argo Rollouts). */
  readonly horizontalPodAutoscalers: readonly HorizontalPodAutoscaler[];
  /** Istio DestinationRule and VirtualService (istio and argo-rollouts routings). */
  readonly destinationRule?: CustomObject;
  /** The Istio VirtualService that splits the traffic between the DestinationRule's subsets (istio and argo-rollouts routings). */
  readonly virtualService?: CustomObject;
  /** ingress-nginx: the main and the canary Ingress; `Exposure.ingress()` (replica-ratio, blue-green): the Ingress `<name>`. */
  readonly ingresses: readonly Ingress[];
  /** Gateway API HTTPRoute: the gateway-api routing's, or `Exposure.gatewayApi()`'s (replica-ratio, blue-green) on an HTTP port. */
  readonly httpRoute?: CustomObject;
  /** Traefik: the TraefikService `<name>` that weighs the per-track Services. */
  readonly traefikService?: CustomObject;
  /** Traefik: the IngressRoute `<name>` that sends the hosts' requests to the TraefikService. */
  readonly ingressRoute?: CustomObject;
  /** The GRPCRoute `<name>` of `Exposure.gatewayApi()` on a gRPC port (replica-ratio, blue-green routings). */
  readonly grpcRoute?: CustomObject;
  /** The Istio Gateway `<name>` of `Exposure.istioGateway()`; with istio or argo-rollouts routing, the release's VirtualService is bound to it. */
  readonly gateway?: CustomObject;
  /** The canary's share of traffic the output achieves (replica ratio: what the replica counts allow). */
  readonly achievedWeight: number;
  /** Things the user should know that are not errors (e.g. an approximated weight). */
  readonly warnings: readonly string[];
  /** Labels selecting the pods of both tracks. */
  readonly selector: Readonly<Record<string, string>>;
  /** Every object in apply order (DestinationRule before the VirtualService that uses its subsets). */
  readonly objects: ReadonlyArray<KubeObject>;
}

/** The type name used in validation errors. */
export const CANARY_RELEASE = 'CanaryRelease';
