import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Service, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Ingress, NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { AutoscalingProps } from '../workload/autoscaler';
import { DisruptionBudgetProps } from '../workload/disruption-budget';
import { ExposureProps } from '../workload/exposure';
import { NetworkAccessProps } from '../workload/network-policy';
import { KubeObject } from '../workload/objects';
import { WORKLOAD_KEYS, WorkloadProps } from '../workload/props';
import { RolloutProps } from '../workload/rollout';
import type { VerticalAutoscalingProps, VerticalPodAutoscaler } from '../workload/vertical-autoscaler';

/** Props of a StatelessApp: one Deployment and everything it needs in production. */
export interface StatelessAppProps extends WorkloadProps, RolloutProps, NetworkAccessProps, ExposureProps {
  /**
   * The number of pods when there is no autoscaler.
   * @default 2: one pod can be drained, rescheduled or crash without an outage
   */
  readonly replicas?: number;
  /**
   * Add a HorizontalPodAutoscaler. The Deployment then omits `replicas`, so an apply never
   * resets what the autoscaler chose.
   * @default none
   */
  readonly autoscaling?: AutoscalingProps;
  /**
   * A VerticalPodAutoscaler that right-sizes the pods' requests. Not on a resource `autoscaling`
   * scales on (CPU by default): the two would fight; an HPA on custom metrics alone is fine.
   * @default none: requests are what the containers' `resources` say
   */
  readonly verticalAutoscaling?: VerticalAutoscalingProps;
  /**
   * The PodDisruptionBudget.
   * @default `maxUnavailable: 1` and unhealthy pods always evictable: drains proceed one pod at a
   * time and a crash-looping pod never blocks them
   */
  readonly disruptionBudget?: DisruptionBudgetProps;
}

export const STATELESS_KEYS = [
  ...WORKLOAD_KEYS,
  'replicas', 'autoscaling', 'verticalAutoscaling', 'disruptionBudget', 'allowFrom', 'allowTo', 'minReady', 'progressDeadline',
  'revisionHistoryLimit', 'maxSurge', 'exposure',
];

/** Every object a StatelessApp produces. */
export interface StatelessAppManifest {
  /** The app's own ServiceAccount (`serviceAccount.name`, by default `<name>`), with no API token mounted unless asked for; absent with `serviceAccount.existing`, whose ServiceAccount the pods use. */
  readonly serviceAccount?: ServiceAccount;
  /** The NetworkPolicy `<name>`: the only traffic the pods accept and the only connections they may open. */
  readonly networkPolicy: NetworkPolicy;
  /** The PeerAuthentication `<name>-exposure` (PERMISSIVE on the exposed ports); present with `exposure.mesh`. */
  readonly peerAuthentication?: KubeObject;
  /** The AuthorizationPolicy `<name>-exposure` (ALLOW on the exposed ports, from the source ranges or the gateway's identity); present with `exposure.mesh`. */
  readonly authorizationPolicy?: KubeObject;
  /** The HTTPRoute `<name>` attached to the shared Gateway; present with `Exposure.gatewayApi()` on an HTTP port. */
  readonly httpRoute?: KubeObject;
  /** The GRPCRoute `<name>` attached to the shared Gateway; present with `Exposure.gatewayApi()` on a gRPC port. */
  readonly grpcRoute?: KubeObject;
  /** The Istio Gateway `<name>` on the ingress gateway's pods; present with `Exposure.istioGateway()`. */
  readonly gateway?: KubeObject;
  /** The VirtualService `<name>` bound to that Gateway, routing to the Service; present with `Exposure.istioGateway()`. */
  readonly virtualService?: KubeObject;
  /** Absent when no container exposes a port (a worker); of the `exposure`'s type when set. */
  readonly service?: Service;
  /** The Deployment `<name>` running the pods. */
  readonly deployment: Deployment;
  /** The PodDisruptionBudget `<name>`, limiting how many pods a node drain may evict at once. */
  readonly podDisruptionBudget: PodDisruptionBudget;
  /** The HorizontalPodAutoscaler `<name>`; present when `autoscaling` is set. */
  readonly horizontalPodAutoscaler?: HorizontalPodAutoscaler;
  /** The VerticalPodAutoscaler `<name>`; present when `verticalAutoscaling` is set. */
  readonly verticalPodAutoscaler?: VerticalPodAutoscaler;
  /** The Ingress `<name>`; present with `Exposure.ingress()`. */
  readonly ingress?: Ingress;
  /** The labels that select the app's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Every object in apply order: the policy exists before the pods it protects. */
  readonly objects: ReadonlyArray<KubeObject>;
}

/** The type name used in validation errors. */
export const STATELESS_APP = 'StatelessApp';
