import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Service, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Ingress, NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { BuildOptions } from '../validation/props';
import type { Call, Callable } from '../values/call';
import { Duration } from '../values/duration';
import { NetworkEgress, NetworkPeer } from '../values/network-peer';
import { Quantity } from '../values/quantity';
import { AutoscalingProps } from '../workload/autoscaler';
import { ExposureProps } from '../workload/exposure';
import { KubeObject } from '../workload/objects';
import { WORKLOAD_KEYS, WorkloadProps } from '../workload/props';
import type { VerticalAutoscalingProps, VerticalPodAutoscaler } from '../workload/vertical-autoscaler';

export type { VerticalAutoscalingProps, VerticalPodAutoscaler } from '../workload/vertical-autoscaler';

/** How a PersistentVolume may be mounted. */
export type AccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadOnlyMany' | 'ReadWriteMany';

/** One persistent volume per replica, from a volumeClaimTemplate. */
export interface PersistentStorageProps {
  /**
   * The claim template's name; each replica's claim is `<name>-<app>-<ordinal>` (e.g. `data-db-0`).
   * Immutable: renaming it gives every replica a new, empty volume.
   */
  readonly name: string;
  /** Where the volume is mounted (or, for `volumeMode: 'Block'`, the device path). */
  readonly mountPath: string;
  /**
   * The size of each replica's volume. Immutable in the StatefulSet: see docs/defaults.md for
   * how to grow volumes.
   */
  readonly size: Quantity | string;
  /**
   * The StorageClass.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * How the volume may be mounted.
   * @default `['ReadWriteOnce']`: one node at a time, what block storage offers everywhere
   */
  readonly accessModes?: readonly AccessMode[];
  /**
   * A filesystem, or a raw block device for software that manages its own disk layout.
   * @default 'Filesystem'
   */
  readonly volumeMode?: 'Filesystem' | 'Block';
  /**
   * The containers that mount the volume, by name.
   * @default the first container and every init container
   */
  readonly containers?: readonly string[];
}

/** What happens to the replicas' volumes when the app shrinks or goes away. */
export interface VolumeRetentionProps {
  /**
   * When the StatefulSet is deleted.
   * @default 'Retain': deleting an app (or a botched rename) must never delete its data
   */
  readonly whenDeleted?: 'Retain' | 'Delete';
  /**
   * When the StatefulSet scales down.
   * @default 'Retain': scaling back up finds the data where it was
   */
  readonly whenScaled?: 'Retain' | 'Delete';
}

/** The PodDisruptionBudget of a StatefulApp. */
export interface StatefulDisruptionBudgetProps {
  /**
   * Pods that may be evicted at once (≥ 1: zero would block every drain).
   * @default 1
   */
  readonly maxUnavailable?: number | string;
  /**
   * Keep a majority of replicas up (`minAvailable: floor(n/2)+1`), for consensus systems (etcd,
   * ZooKeeper, Raft-based databases). Needs an odd replica count of at least 3.
   * @default false
   */
  readonly quorum?: boolean;
}

/** Props of a StatefulApp: a StatefulSet with stable identities and storage. */
export interface StatefulAppProps extends WorkloadProps, ExposureProps {
  /**
   * The number of replicas. Required: for stateful software the count is a design decision
   * (a quorum of 3 or 5, a primary and replicas), not a default.
   */
  readonly replicas: number;
  /**
   * Persistent volumes, one per replica each.
   * @default none
   */
  readonly storage?: readonly PersistentStorageProps[];
  /**
   * What happens to the volumes on scale-down and delete.
   * @default keep them in both cases
   */
  readonly volumeRetention?: VolumeRetentionProps;
  /**
   * `OrderedReady` starts and stops replicas one at a time, in order; `Parallel` all at once
   * (faster, for software that does not need ordered bootstrap). Immutable.
   * @default 'OrderedReady'
   */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /**
   * Only replicas with an ordinal ≥ partition are updated: set it to `replicas - 1` to try a
   * new version on the highest ordinal first, then lower it step by step.
   * @default 0 (update every replica)
   */
  readonly updatePartition?: number;
  /**
   * Replicas that may be down at once during a rolling update. Needs the
   * MaxUnavailableStatefulSet feature (alpha until Kubernetes 1.34; ignored where off).
   * @default none: one at a time
   */
  readonly maxUnavailableDuringUpdate?: number;
  /**
   * The PodDisruptionBudget.
   * @default `maxUnavailable: 1`, unhealthy pods always evictable
   */
  readonly disruptionBudget?: StatefulDisruptionBudgetProps;
  /**
   * A VerticalPodAutoscaler, the usual way to right-size stateful apps. Not on a resource
   * `autoscaling` scales on: the two would fight (an HPA on custom metrics alone is fine).
   * @default none
   */
  readonly verticalAutoscaling?: VerticalAutoscalingProps;
  /**
   * A HorizontalPodAutoscaler; the StatefulSet then omits `replicas` and `replicas` gives the
   * minimum. Only for software that rebalances on its own when replicas come and go.
   * @default none
   */
  readonly autoscaling?: Omit<AutoscalingProps, 'minReplicas'>;
  /**
   * Who may connect to the exposed ports. Replicas always reach each other on every port.
   * @default `[NetworkPeer.sameNamespace()]`
   */
  readonly allowFrom?: readonly NetworkPeer[];
  /**
   * Where the pods may connect besides DNS and the other replicas: egress is limited to these.
   * @default `[]`: DNS and the other replicas only, wherever the app is placed, so the replicas reach
   * each other in a namespace that denies egress (a SecureNamespace's default-deny, or anyone's)
   */
  readonly allowTo?: ReadonlyArray<NetworkEgress | Call | Callable>;
  /**
   * A new pod must stay ready this long before the next one is updated.
   * @default 5s
   */
  readonly minReady?: Duration;
  /**
   * Old revisions kept for rollback.
   * @default 5
   */
  readonly revisionHistoryLimit?: number;
  /**
   * The cluster's DNS domain, for `podDnsNames`.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

export const STATEFUL_KEYS = [
  ...WORKLOAD_KEYS,
  'replicas', 'storage', 'volumeRetention', 'podManagementPolicy', 'updatePartition', 'maxUnavailableDuringUpdate',
  'disruptionBudget', 'verticalAutoscaling', 'autoscaling', 'allowFrom', 'allowTo', 'minReady', 'revisionHistoryLimit',
  'clusterDomain', 'exposure',
];

/** Every object a StatefulApp produces. */
export interface StatefulAppManifest {
  /** The app's own ServiceAccount (`serviceAccount.name`, by default `<name>`), with no API token mounted unless asked for; absent with `serviceAccount.existing`, whose ServiceAccount the pods use. */
  readonly serviceAccount?: ServiceAccount;
  /** The NetworkPolicy `<name>`: the only traffic the pods accept (replicas among themselves included) and the only connections they may open. */
  readonly networkPolicy: NetworkPolicy;
  /** `clusterIP: None`: gives each replica a stable DNS name; the StatefulSet's `serviceName`. */
  readonly headlessService: Service;
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
  /** The Ingress `<name>` to the client Service; present with `Exposure.ingress()`. */
  readonly ingress?: Ingress;
  /** The client Service: ready replicas only. Absent when no port is exposed. */
  readonly service?: Service;
  /** The StatefulSet `<name>`, with a PersistentVolumeClaim template per persistent volume. */
  readonly statefulSet: StatefulSet;
  /** The PodDisruptionBudget `<name>`, limiting how many replicas a node drain may evict at once (a majority stays up with `quorum`). */
  readonly podDisruptionBudget: PodDisruptionBudget;
  /** The HorizontalPodAutoscaler `<name>`; present when `autoscaling` is set. */
  readonly horizontalPodAutoscaler?: HorizontalPodAutoscaler;
  /** The VerticalPodAutoscaler `<name>`; present when `verticalAutoscaling` is set. */
  readonly verticalPodAutoscaler?: VerticalPodAutoscaler;
  /** The labels that select the app's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Each replica's stable DNS name, e.g. `db-0.db-headless.shop.svc.cluster.local`. */
  readonly podDnsNames: readonly string[];
  /** Every object in apply order. */
  readonly objects: ReadonlyArray<KubeObject>;
}

/** The type name used in validation errors. */
export const STATEFUL_APP = 'StatefulApp';

/** The suffix of the headless Service's name. */
export const HEADLESS_SUFFIX = '-headless';

/** The longest StatefulApp name: 63 minus the `-<10-character hash>` of the controller-revision-hash label. */
export const MAX_NAME_LENGTH = 52;

/** Options of buildStatefulApp that come from outside the props. */
export type StatefulAppBuildOptions = BuildOptions;
