import type { NodeAffinityProps, PodAffinityProps, SpotProps, TolerationProps, TopologySpreadProps } from './scheduling-props';
import type { Risk } from '../validation/risks';
import { Duration } from '../values/duration';
import { EnvFrom, EnvValue } from '../values/env';
import { Port } from '../values/port';
import { Probe } from '../values/probe';
import { Quantity } from '../values/quantity';
import type { Volume } from '../values/volume';

export type {
  LabelRequirementProps, NodeAffinityProps, NodeRequirementProps, PodAffinityProps,
  PodAffinityTermProps, SpotProps, TolerationProps, TopologySpreadProps,
} from './scheduling-props';

/** CPU, memory and local disk for one container. */
export interface ResourcesProps {
  /**
   * CPU request and optional limit.
   * @default request 100m, no limit: a CPU limit throttles a busy pod even on an idle node, so
   * it is opt-in; the request still gives the scheduler and the HPA what they need
   */
  readonly cpu?: {
    /**
     * CPU the scheduler reserves for the container, in cores (`Quantity.millicores(250)`, `'250m'`); the
     * HPA's utilization target is a percentage of it.
     * @default 100m, or the limit when only the limit is set (as Kubernetes does): the scheduler and the HPA
     * always have a request to reason with
     */
    readonly request?: Quantity | string;
    /**
     * The most CPU the container may use before it is throttled, in cores; at least the request.
     * @default no limit: a CPU limit throttles a busy pod even on an idle node
     */
    readonly limit?: Quantity | string;
  };
  /**
   * Memory request and limit.
   * @default request 128Mi, limit = request: memory cannot be throttled, only OOM-killed, so a
   * limit above the request lets a pod be evicted under node pressure for using what it was allowed
   */
  readonly memory?: {
    /**
     * Memory the scheduler reserves for the container, in bytes (`Quantity.mebibytes(256)`, `'256Mi'`).
     * @default 128Mi, or the limit when only the limit is set: a request below the limit lets a pod be
     * evicted under node pressure for using what it was allowed
     */
    readonly request?: Quantity | string;
    /**
     * The most memory the container may use before it is OOM-killed, in bytes; at least the request.
     * `'none'` leaves the limit out on purpose (the container may use any free memory of its node, and
     * is among the first evicted when the node runs short); it cannot be combined with `qos: 'Guaranteed'`.
     * @default the request: memory cannot be throttled, only OOM-killed, so the pod is never allowed more than it reserved
     */
    readonly limit?: Quantity | string;
  };
  /**
   * Local disk (`ephemeral-storage`) request and limit: the container's logs and writable layer, and
   * its share of the pod's `emptyDir`s. A limit alone sets the request too.
   * @default none: the root filesystem is read-only and each writable directory is an `emptyDir` capped
   * at 256Mi, so disk use is already bounded; a made-up amount would only count against quotas
   */
  readonly ephemeralStorage?: {
    /**
     * Disk the scheduler reserves for the container, in bytes (`Quantity.gibibytes(1)`, `'1Gi'`).
     * @default the limit when only the limit is set (as Kubernetes does), else none
     */
    readonly request?: Quantity | string;
    /**
     * The most local disk the container may use before the kubelet evicts the pod; at least the request.
     * @default none: the kubelet evicts only under node disk pressure
     */
    readonly limit?: Quantity | string;
  };
}

/** One container of an app's pods. */
export interface ContainerProps {
  /**
   * The container's name.
   * @default the app's name for the first container; required for the others
   */
  readonly name?: string;
  /**
   * The image, pinned to a tag or digest (`registry/team/api:1.4.2`, `...@sha256:...`).
   * Untagged and `latest` images are rejected unless the app sets `allowUnpinnedImages`.
   */
  readonly image: string;
  /**
   * The entrypoint.
   * @default the image's ENTRYPOINT
   */
  readonly command?: readonly string[];
  /**
   * Arguments to the entrypoint.
   * @default the image's CMD
   */
  readonly args?: readonly string[];
  /**
   * The ports the container listens on; exposed ports go into the Service and NetworkPolicy.
   * @default `[Port.http(8080)]` for the first container, none for the others
   */
  readonly ports?: readonly Port[];
  /**
   * Environment variables. A string is a literal value; an `EnvValue` reads a ConfigMap key, a
   * Secret key or a pod field. Variables keep the order given, so `$(VAR)` references work.
   * @default none
   */
  readonly env?: Readonly<Record<string, string | EnvValue>>;
  /**
   * Whole ConfigMaps or Secrets as environment variables.
   * @default none
   */
  readonly envFrom?: readonly EnvFrom[];
  /**
   * CPU, memory and local disk requests and limits.
   * @default cpu request 100m (no limit), memory request 128Mi with limit = request, no ephemeral-storage
   */
  readonly resources?: ResourcesProps;
  /**
   * When the container may receive traffic.
   * @default for the first container, on its first TCP-like port: `Probe.http('/ping')` on an
   * HTTP port, gRPC health on a gRPC port, a TCP connect otherwise; none for other containers
   */
  readonly readiness?: Probe;
  /**
   * When the container is stuck and must be restarted. Check the process only, not its
   * dependencies, or one failing database restarts every caller.
   * @default for the first container, on its first TCP-like port: `Probe.http('/health')` on an
   * HTTP port, gRPC health on a gRPC port, a TCP connect otherwise; none for other containers
   */
  readonly liveness?: Probe;
  /**
   * Holds liveness and readiness back until a slow starter is up, instead of a large
   * `initialDelay` that delays every restart too.
   * @default none
   */
  readonly startup?: Probe;
  /**
   * Directories the container may write to, each an `emptyDir` capped at 256Mi; the rest of the
   * filesystem is read-only.
   * @default `['/tmp']`
   */
  readonly writablePaths?: readonly string[];
  /**
   * Volumes mounted into the container: ConfigMap and Secret files, projected volumes, sized
   * emptyDirs (on disk or in memory), generic ephemeral volumes, existing claims. Each path must be
   * absolute and apart from the container's other mounts and writable paths.
   * @default none
   */
  readonly volumeMounts?: readonly VolumeMountProps[];
  /**
   * Make the root filesystem read-only. Turn off only for images that write all over it.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Linux capabilities to add back after dropping all. `NET_BIND_SERVICE` (to listen below port 1024)
   * is the only one Pod Security restricted allows; the others of the baseline level (`CHOWN`,
   * `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`, `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID`,
   * `SYS_CHROOT`, `AUDIT_WRITE`) need the risk `'baseline-capabilities'` acknowledged and a namespace
   * at `baseline`; any other is refused.
   * @default none: every capability is dropped
   */
  readonly addCapabilities?: readonly string[];
}

/** A volume mounted into a container (`{ path: '/etc/app', volume: Volume.configMap('app-config') }`). */
export interface VolumeMountProps {
  /** Where the volume is mounted: an absolute path, apart from the container's other mounts. */
  readonly path: string;
  /** The volume; the same one mounted by several containers is one volume of the pod. */
  readonly volume: Volume;
  /**
   * Mount it read-only. ConfigMap, Secret and projected volumes and ReadOnlyMany claims are always read-only.
   * @default true for ConfigMap, Secret and projected volumes and ReadOnlyMany claims, false for the others (they are there to be written)
   */
  readonly readOnly?: boolean;
  /**
   * Mount one file or directory of the volume instead of its root (e.g. one ConfigMap key over one
   * file of the image). A subPath mount of a ConfigMap or Secret is not updated when it changes.
   * @default none: the volume's root
   */
  readonly subPath?: string;
}

/** The pods' identity: the ServiceAccount keelson emits, or an existing one. */
export interface ServiceAccountProps {
  /**
   * Name of the ServiceAccount keelson emits (e.g. one a cloud IAM binding or a mesh policy already
   * names). Renaming it replaces the ServiceAccount and rolls the pods.
   * @default the app's name: one identity per app, so permissions granted to one never leak to another
   */
  readonly name?: string;
  /**
   * Run the pods as this ServiceAccount, made outside keelson (e.g. by the platform team, with its
   * RBAC and cloud bindings): keelson emits no ServiceAccount. Cannot be combined with `name` or
   * `annotations`.
   * @default none: keelson emits the app's own ServiceAccount
   */
  readonly existing?: string;
  /**
   * Mount the API token (on the pod, and on keelson's ServiceAccount).
   * @default false
   */
  readonly automountToken?: boolean;
  /**
   * Annotations of keelson's ServiceAccount, e.g. a cloud workload identity binding.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Keys of ServiceAccountProps, for the unknown-property check. */
export const SERVICE_ACCOUNT_KEYS = ['name', 'existing', 'automountToken', 'annotations'] as const;

/** Pod-level settings shared by every keelson workload. */
export interface WorkloadProps {
  /**
   * Name of every generated object, and the `app.kubernetes.io/name` and `instance` labels. It
   * comes from props, never from the construct's place in the tree, so moving the construct does
   * not rename or re-select anything.
   * @default the construct id (cdk8s) or the resource name (Pulumi)
   */
  readonly name: string;
  /**
   * The namespace of every generated object.
   * @default the cdk8s chart's namespace, or none (the provider's or kubeconfig's default)
   */
  readonly namespace?: string;
  /** The app's containers; the first is the main one. */
  readonly containers: readonly ContainerProps[];
  /**
   * Containers that run to completion before the app's containers start, e.g. to prepare a data
   * directory. Same restricted security context and resource defaults; no ports, no probes.
   * @default none
   */
  readonly initContainers?: readonly ContainerProps[];
  /**
   * The `app.kubernetes.io/version` label (pods and objects; never in selectors).
   * @default the first container's image tag, when it is a valid label value
   */
  readonly version?: string;
  /**
   * The `app.kubernetes.io/component` label, e.g. `frontend`, `api`, `worker`.
   * @default none
   */
  readonly component?: string;
  /**
   * The `app.kubernetes.io/part-of` label: the larger system this app belongs to.
   * @default none
   */
  readonly partOf?: string;
  /**
   * Extra labels on every object and pod. They never enter selectors, so they can change freely.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on the pods (e.g. for a metrics scraper).
   * @default none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * The pods' QoS class. `'Guaranteed'` sets every container's (init containers' too) CPU and memory
   * limits to their requests: a CPU limit that is not given is the CPU request, and a request given
   * apart from its limit must equal it. Guaranteed pods are the last evicted under node pressure and
   * can get exclusive CPUs; practice says: if in doubt, start with Guaranteed.
   * @default 'Burstable': memory limit = request, but no CPU limit, since a CPU limit throttles a busy pod even on an idle node
   */
  readonly qos?: 'Guaranteed' | 'Burstable';
  /**
   * Pod security identity.
   * @default UID 10001, GID 10001, fsGroup 10001: non-root, above 10000 so it never matches a host user
   */
  readonly securityContext?: {
    /**
     * The UID every container runs as. `0` (root, `runAsNonRoot: false`) is refused unless the props
     * acknowledge the risk `'run-as-root'`; such pods need a namespace at Pod Security `baseline`.
     * @default 10001: non-root, above 10000 so it never matches a host user
     */
    readonly runAsUser?: number;
    /**
     * The primary GID every container runs as.
     * @default 10001: non-root, above 10000 so it never matches a host group
     */
    readonly runAsGroup?: number;
    /**
     * The group that owns the volumes the pod mounts (ownership fixed only when wrong: `fsGroupChangePolicy: OnRootMismatch`).
     * @default 10001: the non-root user can write to its volumes
     */
    readonly fsGroup?: number;
    /**
     * Let the platform assign the UID, GID and fsGroup (OpenShift's restricted SCC assigns them per
     * namespace): `runAsUser`, `runAsGroup` and `fsGroup` are left out, `runAsNonRoot: true` stays.
     * Cannot be combined with `runAsUser`, `runAsGroup` or `fsGroup`.
     * @default false: keelson sets UID, GID and fsGroup 10001, so the pods run the same on every cluster
     */
    readonly platformAssignedIds?: boolean;
    /**
     * The seccomp profile of the pod and every container: `'RuntimeDefault'` or `{ localhost: 'profiles/app.json' }`
     * (a path relative to the kubelet's seccomp directory, which the nodes must have).
     * @default 'RuntimeDefault': the container runtime's default filter, which Pod Security restricted requires at least
     */
    readonly seccompProfile?: 'RuntimeDefault' | {
      /** The profile's path, relative to the kubelet's seccomp directory (`profiles/app.json`). */
      readonly localhost: string;
    };
    /**
     * The AppArmor profile of the pod: `'RuntimeDefault'` or `{ localhost: 'k8s-app' }` (a profile loaded
     * on every node). Needs Kubernetes ≥ 1.30 (the `appArmorProfile` field).
     * @default none: the runtime's default profile where the node runs AppArmor
     */
    readonly appArmorProfile?: 'RuntimeDefault' | {
      /** The name of an AppArmor profile loaded on every node (`k8s-app`). */
      readonly localhost: string;
    };
  };
  /**
   * The pods' ServiceAccount: keelson's own, dedicated to the app, or an existing one.
   * @default a ServiceAccount named after the app, no API token mounted: most apps never call the
   * Kubernetes API, and a mounted token is a credential an attacker gets for free
   */
  readonly serviceAccount?: ServiceAccountProps;
  /**
   * Secrets (of type `kubernetes.io/dockerconfigjson`, in the app's namespace) with the credentials
   * of private registries, by name; the kubelet tries each when it pulls the images.
   * @default none: the node's own credentials (its cloud identity or kubelet config), which is
   * what most managed clusters use for their registry
   */
  readonly imagePullSecrets?: readonly string[];
  /**
   * A RuntimeClass such as `gvisor` or `kata` to sandbox untrusted code.
   * @default the cluster's default runtime
   */
  readonly runtimeClassName?: string;
  /**
   * A PriorityClass, so important apps preempt less important ones under pressure.
   * @default the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * How long a pod has to finish in-flight work after SIGTERM (includes the preStop pause).
   * @default 30s
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Pause in `preStop` before SIGTERM, so endpoints and load balancers stop sending traffic first.
   * Uses the kubelet's built-in sleep (Kubernetes ≥ 1.30): works in distroless images.
   * @default 5s; `Duration.seconds(0)` turns it off
   */
  readonly preStopDelay?: Duration;
  /**
   * Node labels the pods' nodes must have, e.g. `{ 'kubernetes.io/arch': 'arm64' }`.
   * @default none: any node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Node taints the pods tolerate, so they may run on nodes reserved for them.
   * @default none: only nodes without taints (that matter to the scheduler)
   */
  readonly tolerations?: readonly TolerationProps[];
  /**
   * Nodes the pods must or should run on, by node label requirements.
   * @default none
   */
  readonly nodeAffinity?: NodeAffinityProps;
  /**
   * Other pods the app's pods must or should run near (same node, same zone).
   * @default none
   */
  readonly podAffinity?: PodAffinityProps;
  /**
   * Other pods the app's pods must or should run away from. For spreading the app's own pods,
   * `topologySpread` (the default) is the better tool.
   * @default none
   */
  readonly podAntiAffinity?: PodAffinityProps;
  /**
   * Let the pods run on spot (preemptible) nodes: `true` tolerates the common clouds' spot taints,
   * `{ taints: [...] }` the taints of your own spot pool. Spreading over nodes must stay on
   * (`topologySpread.nodes` cannot be `'off'`), so one reclaimed node takes few pods. It only
   * tolerates: to keep the pods on spot nodes, add a `nodeAffinity` on the pool's label.
   * @default false: spot nodes, which the cloud reclaims at short notice, are only used when asked for
   */
  readonly spot?: boolean | SpotProps;
  /**
   * Spread of pods over zones and nodes.
   * @default soft spread over both
   */
  readonly topologySpread?: TopologySpreadProps;
  /**
   * Annotate the pod template with a hash of referenced ConfigMaps/Secrets (those given `data` or
   * `revision`), so a config change rolls the pods.
   * @default true
   */
  readonly configHash?: boolean;
  /**
   * Accept untagged and `latest` images.
   * @default false: the same manifest could run different code on different nodes
   */
  readonly allowUnpinnedImages?: boolean;
  /**
   * Dangerous settings the app takes on purpose, by name (e.g. `'ingress-from-any-address'` for
   * `allowFrom: [NetworkPeer.cidr('0.0.0.0/0')]`). Each one shows in the output as the annotation
   * `keelson.dev/acknowledged-risks` on the object that carries it; an acknowledged risk the props
   * do not take is an error, so a stale one cannot hide a later change.
   * @default none: every dangerous setting is refused, with the name that would acknowledge it
   */
  readonly acknowledgeRisks?: readonly Risk[];
}

/** Keys of WorkloadProps, for the unknown-property check. */
export const WORKLOAD_KEYS = [
  'name', 'namespace', 'containers', 'initContainers', 'version', 'component', 'partOf', 'labels', 'podAnnotations',
  'securityContext', 'serviceAccount', 'imagePullSecrets', 'runtimeClassName', 'priorityClassName', 'terminationGracePeriod',
  'preStopDelay', 'nodeSelector', 'tolerations', 'nodeAffinity', 'podAffinity', 'podAntiAffinity', 'spot', 'topologySpread', 'configHash', 'allowUnpinnedImages', 'acknowledgeRisks',
  'qos',
] as const;
