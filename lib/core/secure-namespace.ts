import type { LimitRange, LimitRangeItem, Namespace, ResourceQuota, ServiceAccount } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import type { RoleBinding, Subject as RbacSubject } from 'kubernetes-types/rbac/v1';
import type { KubeObject } from './app-parts';
import { DEFAULTS } from './defaults';
import { path } from './validation/path';
import { Problems } from './validation/problems';
import {
  LABELS,
  MANAGED_BY,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkInteger,
  checkKnownKeys,
  checkLabelValue,
  checkObject,
  checkString,
  describe,
} from './validation/checks';
import { NetworkEgress, NetworkPeer } from './network-peer';
import { checkNetworkPeer } from './network-peer-check';
import { Quantity } from './quantity';
import { checkStringMap } from './workload';

/**
 * Every default a SecureNamespace applies, in one place. docs/defaults.md explains each one (a
 * test checks that it covers every key with its value).
 */
export const NAMESPACE_DEFAULTS = {
  /** Pod Security Admission level for enforce, audit and warn: the hardened profile keelson's apps pass. */
  podSecurityLevel: 'restricted',
  /** The policy version the levels are pinned to, so a cluster upgrade cannot tighten them under running apps. */
  podSecurityVersion: 'v1.30',
  /** ResourceQuota: what one team may request in total on a shared cluster. */
  quotaCpuRequests: '4',
  quotaMemoryRequests: '8Gi',
  quotaPods: 50,
  quotaServices: 20,
  /** Cloud load balancers and node ports cost money and open the cluster edge: none unless asked for. */
  quotaLoadBalancers: 0,
  quotaNodePorts: 0,
  quotaPersistentVolumeClaims: 10,
  quotaStorage: '100Gi',
  /** LimitRange: what a container that declares nothing gets (keelson's own workload defaults). */
  limitCpuDefaultRequest: DEFAULTS.cpuRequest,
  limitMemoryDefaultRequest: DEFAULTS.memoryRequest,
  /** The largest container and claim the namespace admits. */
  limitMemoryMax: '4Gi',
  limitStorageMax: '50Gi',
  /** Where the cluster DNS runs (CoreDNS/kube-dns in every common distribution). */
  dnsNamespace: 'kube-system',
  /** The ClusterRole the team's people get: read-only, writes go through CI/CD. */
  teamRole: 'view',
  /** Istio: where istiod runs, and the port sidecars fetch configuration and certificates from. */
  meshControlPlaneNamespace: 'istio-system',
  meshControlPlanePort: 15012,
  meshMtlsMode: 'STRICT',
  meshOutboundTrafficPolicy: 'REGISTRY_ONLY',
  /** The sidecar proxy Istio injects into every pod, as Istio's injection template sizes it; the quota check counts it. */
  meshSidecarCpuRequest: '100m',
  meshSidecarMemoryRequest: '128Mi',
  meshSidecarCpuLimit: '2',
  meshSidecarMemoryLimit: '1Gi',
} as const;

/** The type name used in validation errors. */
export const SECURE_NAMESPACE = 'SecureNamespace';

/** A Pod Security Standards level. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Pod Security Admission for the namespace. */
export interface PodSecurityProps {
  /**
   * Pods that violate this level are rejected.
   * @default 'restricted': the hardened profile; every keelson app passes it as emitted
   */
  readonly enforce?: PodSecurityLevel;
  /**
   * Violations of this level are recorded in the API server's audit log.
   * @default 'restricted'
   */
  readonly audit?: PodSecurityLevel;
  /**
   * Violations of this level are returned to the client as warnings (`kubectl apply` prints them).
   * @default 'restricted'
   */
  readonly warn?: PodSecurityLevel;
  /**
   * The version of the policies, `v1.N` or `latest`, for all three modes.
   * @default 'v1.30': pinned, so upgrading the cluster never tightens the rules under running apps
   */
  readonly version?: string;
}

/** A request and a limit, e.g. of CPU in the ResourceQuota. */
export interface QuotaPair {
  /**
   * The most the pods' requests may add up to.
   * @default see the quota's `cpu` and `memory`
   */
  readonly request?: Quantity | string;
  /**
   * The most the pods' limits may add up to.
   * @default see the quota's `cpu` and `memory`
   */
  readonly limit?: Quantity | string;
}

/** A ResourceQuota that counts only the pods of some PriorityClasses. */
export interface ScopedQuotaProps {
  /** The ResourceQuota's name. */
  readonly name: string;
  /** The PriorityClasses whose pods this quota counts. */
  readonly priorityClasses: readonly string[];
  /**
   * CPU requests and limits of those pods.
   * @default no CPU bound of its own
   */
  readonly cpu?: QuotaPair;
  /**
   * Memory requests and limits of those pods.
   * @default no memory bound of its own
   */
  readonly memory?: QuotaPair;
  /**
   * How many of those pods may exist.
   * @default no pod count of its own
   */
  readonly pods?: number;
}

/** The namespace's ResourceQuota: totals over every object in the namespace. */
export interface QuotaProps {
  /**
   * CPU: the sum of the requests (`requests.cpu`) and optionally of the limits (`limits.cpu`).
   * @default request 4, no limit: keelson leaves CPU limits opt-in, and a `limits.cpu` quota
   * would reject every pod without one
   */
  readonly cpu?: QuotaPair;
  /**
   * Memory: the sum of the requests and of the limits.
   * @default request 8Gi; limit = the request quota (keelson's memory limits equal requests)
   */
  readonly memory?: QuotaPair;
  /**
   * Pods (any phase but Succeeded/Failed).
   * @default 50
   */
  readonly pods?: number;
  /**
   * Services of any type.
   * @default 20
   */
  readonly services?: number;
  /**
   * Services of type LoadBalancer (`services.loadbalancers`).
   * @default 0: each one is a paid cloud load balancer and a new way into the cluster
   */
  readonly loadBalancers?: number;
  /**
   * Node ports (`services.nodeports`; a LoadBalancer Service allocates them too).
   * @default 0: node ports open every node to the outside
   */
  readonly nodePorts?: number;
  /**
   * PersistentVolumeClaims.
   * @default 10
   */
  readonly persistentVolumeClaims?: number;
  /**
   * The sum of the claims' storage requests (`requests.storage`).
   * @default 100Gi
   */
  readonly storage?: Quantity | string;
  /**
   * Extra quotas for the pods of given PriorityClasses, e.g. to cap what may run at high priority.
   * @default none
   */
  readonly scoped?: readonly ScopedQuotaProps[];
}

/** Per-container defaults and bounds for one resource. */
export interface ContainerLimitProps {
  /**
   * The request a container that declares none gets.
   * @default see the LimitRange's `cpu` and `memory`
   */
  readonly defaultRequest?: Quantity | string;
  /**
   * The limit a container that declares none gets.
   * @default memory: the default request; CPU: the max when one is set (what the API server would
   * store anyway), otherwise none
   */
  readonly defaultLimit?: Quantity | string;
  /**
   * The smallest request or limit a container may declare.
   * @default none
   */
  readonly min?: Quantity | string;
  /**
   * The largest request or limit a container may declare. Kubernetes then requires a limit, so the
   * max becomes the default limit of containers that declare none.
   * @default memory 4Gi; CPU none
   */
  readonly max?: Quantity | string;
}

/** The namespace's LimitRange. */
export interface LimitRangeProps {
  /**
   * CPU per container.
   * @default defaultRequest 100m; no default limit, min or max: a CPU max would make Kubernetes give
   * every container a CPU limit, which keelson leaves opt-in
   */
  readonly cpu?: ContainerLimitProps;
  /**
   * Memory per container.
   * @default defaultRequest 128Mi, defaultLimit = defaultRequest (memory is not compressible), max 4Gi
   */
  readonly memory?: ContainerLimitProps;
  /**
   * Storage per PersistentVolumeClaim.
   * @default max 50Gi, or the storage quota when that is smaller
   */
  readonly storage?: { readonly min?: Quantity | string; readonly max?: Quantity | string };
}

/** Where the cluster DNS runs. */
export interface DnsProps {
  /**
   * The namespace of the cluster DNS pods.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /**
   * Labels of the DNS pods, to narrow the rule from the whole namespace to them.
   * @default none: every pod in the DNS namespace (survives a switch between kube-dns and CoreDNS)
   */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** The namespace's NetworkPolicies. */
export interface NamespaceNetworkProps {
  /**
   * Let every pod reach every other pod of the namespace, on any port.
   * @default false: each app admits its own peers on its own ports and declares its own egress
   */
  readonly allowSameNamespace?: boolean;
  /**
   * Peers that may reach every pod of the namespace on any port (e.g. `NetworkPeer.namespace('monitoring')`).
   * @default none
   */
  readonly allowFrom?: readonly NetworkPeer[];
  /**
   * Destinations every pod of the namespace may reach (e.g. a database's CIDR).
   * @default none besides DNS
   */
  readonly allowTo?: readonly NetworkEgress[];
  /**
   * The cluster DNS, which every pod may reach on port 53 (UDP and TCP).
   * @default the `kube-system` namespace
   */
  readonly dns?: DnsProps;
}

/** The built-in ClusterRoles a team can be bound to. */
export type TeamRole = 'view' | 'edit' | 'admin';

/**
 * Who a RoleBinding grants to: `Subject.group('shop-developers')`, `Subject.user('alice@example.com')`,
 * `Subject.serviceAccount('deployer', 'ci')`.
 */
export class Subject {
  /** A group, as the cluster's authenticator names it (OIDC group claim, cloud IAM group...). */
  public static group(name: string): Subject {
    return new Subject('Group', name);
  }

  /** A user, as the cluster's authenticator names it. */
  public static user(name: string): Subject {
    return new Subject('User', name);
  }

  /** A ServiceAccount, e.g. the identity a CI/CD system deploys with. */
  public static serviceAccount(name: string, namespace: string): Subject {
    return new Subject('ServiceAccount', name, namespace);
  }

  private constructor(
    /** `Group`, `User` or `ServiceAccount`. */
    public readonly kind: 'Group' | 'User' | 'ServiceAccount',
    /** The name. */
    public readonly name: string,
    /** The namespace of a ServiceAccount. */
    public readonly namespace?: string,
  ) {}
}

/** RoleBindings of the built-in ClusterRoles in the namespace. */
export interface AccessProps {
  /**
   * The team's people.
   * @default none
   */
  readonly team?: readonly Subject[];
  /**
   * The built-in ClusterRole the team gets.
   * @default 'view': read-only; changes go through CI/CD (`deployers`)
   */
  readonly teamRole?: TeamRole;
  /**
   * Identities that deploy (CI/CD), bound to `edit`: they may change workloads, Services, ConfigMaps,
   * Secrets and NetworkPolicies, but not RBAC, the quota or the LimitRange.
   * @default none
   */
  readonly deployers?: readonly Subject[];
  /**
   * Namespace administrators, bound to `admin` (they may also grant roles inside the namespace).
   * @default none
   */
  readonly admins?: readonly Subject[];
}

/** Istio for the namespace: sidecar injection, mutual TLS, default-deny authorization. */
export interface MeshProps {
  /**
   * An Istio revision: the namespace gets `istio.io/rev: <revision>` instead of `istio-injection: enabled`.
   * @default none (`istio-injection: enabled`)
   */
  readonly revision?: string;
  /**
   * The namespace istiod runs in; pods may reach it on port 15012 (configuration and certificates).
   * @default 'istio-system'
   */
  readonly controlPlaneNamespace?: string;
  /**
   * The PeerAuthentication mode.
   * @default 'STRICT': sidecars accept only mutual TLS; 'PERMISSIVE' while clients migrate to the mesh
   */
  readonly mtls?: 'STRICT' | 'PERMISSIVE';
  /**
   * Namespaces whose workloads may call this namespace's workloads (AuthorizationPolicy `allow`).
   * @default the namespace itself
   */
  readonly allowFromNamespaces?: readonly string[];
  /**
   * Workload identities that may call this namespace's workloads, e.g.
   * `cluster.local/ns/istio-ingress/sa/istio-ingressgateway`.
   * @default none
   */
  readonly allowFromPrincipals?: readonly string[];
  /**
   * More hosts the Sidecar lets the workloads reach, as `namespace/dns-name` (`payments/*`).
   * @default the namespace (`./*`), the control plane's namespace, and the namespaces of `network.allowTo`
   */
  readonly egressHosts?: readonly string[];
  /**
   * What sidecars do with traffic to hosts outside the mesh registry.
   * @default 'REGISTRY_ONLY': only known services (add ServiceEntries for external ones)
   */
  readonly outboundTrafficPolicy?: 'REGISTRY_ONLY' | 'ALLOW_ANY';
  /**
   * The resources of the sidecar proxy injected into every pod, as your mesh configures them
   * (`global.proxy.resources`, or per pod `sidecar.istio.io/proxyCPU` and friends). The quota
   * check adds them to every pod of every app in the namespace.
   * @default Istio's injection defaults: requests 100m CPU / 128Mi, limits 2 CPU / 1Gi
   */
  readonly sidecarResources?: {
    readonly requests?: { readonly cpu?: Quantity | string; readonly memory?: Quantity | string };
    readonly limits?: { readonly cpu?: Quantity | string; readonly memory?: Quantity | string };
  };
}

/** Props of a SecureNamespace: one team's namespace on a shared cluster. */
export interface SecureNamespaceProps {
  /** The namespace's name (a DNS-1123 label, not starting with `kube-`). */
  readonly name: string;
  /**
   * The `app.kubernetes.io/part-of` label on every object.
   * @default none
   */
  readonly partOf?: string;
  /**
   * Extra labels on every object (e.g. `team: shop`).
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations on the Namespace (e.g. a node selector or a cost centre).
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Pod Security Admission labels.
   * @default `restricted` for enforce, audit and warn, pinned to v1.30
   */
  readonly podSecurity?: PodSecurityProps;
  /**
   * The ResourceQuota.
   * @default requests.cpu 4, requests.memory and limits.memory 8Gi, 50 pods, 20 Services, no
   * LoadBalancer or NodePort Services, 10 claims, 100Gi of storage
   */
  readonly quota?: QuotaProps;
  /**
   * The LimitRange.
   * @default containers without requests get 100m CPU and 128Mi memory (memory limit 128Mi); at most
   * 4Gi memory per container and 50Gi per claim
   */
  readonly limitRange?: LimitRangeProps;
  /**
   * NetworkPolicies besides the namespace-wide default deny and the DNS rule.
   * @default none: every app declares its own peers
   */
  readonly network?: NamespaceNetworkProps;
  /**
   * RoleBindings for the team.
   * @default none
   */
  readonly access?: AccessProps;
  /**
   * Istio: sidecar injection, PeerAuthentication, default-deny AuthorizationPolicy, Sidecar.
   * `mesh: {}` turns it on with the defaults.
   * @default off
   */
  readonly mesh?: MeshProps;
}

/** An Istio PeerAuthentication (security.istio.io/v1, Istio ≥ 1.22). */
export interface IstioPeerAuthentication extends KubeObject {
  readonly apiVersion: 'security.istio.io/v1';
  readonly kind: 'PeerAuthentication';
  readonly spec: { readonly mtls: { readonly mode: 'STRICT' | 'PERMISSIVE' } };
}

/** An Istio AuthorizationPolicy (security.istio.io/v1). */
export interface IstioAuthorizationPolicy extends KubeObject {
  readonly apiVersion: 'security.istio.io/v1';
  readonly kind: 'AuthorizationPolicy';
  readonly spec: {
    readonly action?: 'ALLOW' | 'DENY';
    readonly rules?: ReadonlyArray<{ readonly from?: ReadonlyArray<{ readonly source: { readonly namespaces?: readonly string[]; readonly principals?: readonly string[] } }> }>;
  };
}

/** An Istio Sidecar (networking.istio.io/v1, Istio ≥ 1.22). */
export interface IstioSidecar extends KubeObject {
  readonly apiVersion: 'networking.istio.io/v1';
  readonly kind: 'Sidecar';
  readonly spec: {
    readonly egress: ReadonlyArray<{ readonly hosts: readonly string[] }>;
    readonly outboundTrafficPolicy: { readonly mode: 'REGISTRY_ONLY' | 'ALLOW_ANY' };
  };
}

/** Every object a SecureNamespace produces. */
export interface SecureNamespaceManifest {
  /** The namespace's name. */
  readonly name: string;
  readonly namespace: Namespace;
  /** The namespace-wide quota (`default`). */
  readonly resourceQuota: ResourceQuota;
  /** One quota per `quota.scoped` entry, in order. */
  readonly scopedQuotas: readonly ResourceQuota[];
  readonly limitRange: LimitRange;
  /** The namespace's `default` ServiceAccount, without an API token. */
  readonly serviceAccount: ServiceAccount;
  /** The NetworkPolicies, allows first, `default-deny` last. */
  readonly networkPolicies: readonly NetworkPolicy[];
  readonly roleBindings: readonly RoleBinding[];
  /** With `mesh` only. */
  readonly peerAuthentication?: IstioPeerAuthentication;
  /** With `mesh` only: `allow` (when anyone is allowed), then `default-deny`. */
  readonly authorizationPolicies: readonly IstioAuthorizationPolicy[];
  /** With `mesh` only. */
  readonly sidecar?: IstioSidecar;
  /** With `mesh` only: the proxy container injected into every pod, as the quota check counts it. */
  readonly meshSidecar?: { readonly name: string; readonly requests: Record<string, string>; readonly limits: Record<string, string> };
  /** Every object in apply order: the Namespace first, then what must exist before any pod. */
  readonly objects: ReadonlyArray<KubeObject>;
}

/** Names of the objects a SecureNamespace emits (fixed: apps and policies refer to them). */
export const NAMESPACE_OBJECT_NAMES = {
  quota: 'default',
  limitRange: 'default',
  serviceAccount: 'default',
  defaultDeny: 'default-deny',
  allowDns: 'allow-dns',
  allowSameNamespace: 'allow-same-namespace',
  allowIngress: 'allow-ingress',
  allowEgress: 'allow-egress',
  allowMeshControlPlane: 'allow-mesh-control-plane',
  peerAuthentication: 'default',
  authorizationAllow: 'allow',
  authorizationDeny: 'default-deny',
  sidecar: 'default',
  deployers: 'deployers',
  admins: 'admins',
} as const;

/** Pod Security Admission label keys. */
export const POD_SECURITY_LABEL = 'pod-security.kubernetes.io';

const KEYS = ['name', 'partOf', 'labels', 'annotations', 'podSecurity', 'quota', 'limitRange', 'network', 'access', 'mesh'];
const LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];
const ROLES: readonly TeamRole[] = ['view', 'edit', 'admin'];
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Validates SecureNamespace props and builds its objects. Throws one KeelsonValidationError
 * listing every problem; returns nothing partial.
 */
export function buildSecureNamespace(props: SecureNamespaceProps): SecureNamespaceManifest {
  const name = typeof props?.name === 'string' ? props.name : '<unnamed>';
  const problems = new Problems(SECURE_NAMESPACE, name);
  if (!checkObject(problems, '', props)) problems.throwIfAny();
  checkKnownKeys(problems, '', props, KEYS);
  if (checkDns1123Label(problems, 'name', props.name) && props.name.startsWith('kube-')) {
    problems.invalid('name', `${JSON.stringify(props.name)} starts with "kube-", which Kubernetes reserves for its own namespaces`);
  }

  // Labels on every object: the recommended ones, then the user's (which may not override them).
  const labels: Record<string, string> = { [LABELS.name]: name, [LABELS.instance]: name };
  if (props.partOf !== undefined && checkLabelValue(problems, 'partOf', props.partOf)) labels[LABELS.partOf] = props.partOf;
  labels[LABELS.managedBy] = MANAGED_BY;
  const extraLabels = checkStringMap(problems, 'labels', props.labels, true);
  const annotations = checkStringMap(problems, 'annotations', props.annotations, false);

  const podSecurity = renderPodSecurity(problems, props.podSecurity);
  const mesh = props.mesh !== undefined ? checkMesh(problems, props.mesh) : undefined;
  const meshLabels: Record<string, string> = mesh ? (mesh.revision !== undefined ? { 'istio.io/rev': mesh.revision } : { 'istio-injection': 'enabled' }) : {};

  for (const key of Object.keys(extraLabels)) {
    const owned = key in labels || key.startsWith(`${POD_SECURITY_LABEL}/`) || key === 'istio-injection' || key === 'istio.io/rev' || key === NAMESPACE_NAME_LABEL;
    if (owned) problems.conflict(path('labels', key), 'is set by keelson (recommended, Pod Security, mesh or namespace-name labels); use the matching prop instead');
  }
  Object.assign(labels, extraLabels);

  const meta = (objectName: string): ObjectMeta => ({ name: objectName, namespace: name, labels: { ...labels } });

  const namespace: Namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { ...labels, ...podSecurity, ...meshLabels },
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
  };

  const quota = renderQuota(problems, props.quota);
  const resourceQuota: ResourceQuota = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta(NAMESPACE_OBJECT_NAMES.quota),
    spec: { hard: quota.hard },
  };
  const scopedQuotas: ResourceQuota[] = quota.scoped.map((s) => ({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta(s.name),
    spec: {
      hard: s.hard,
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: [...s.priorityClasses] }] },
    },
  }));

  const limitRange: LimitRange = {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: meta(NAMESPACE_OBJECT_NAMES.limitRange),
    spec: { limits: renderLimitRange(problems, props.limitRange, quota.storage) },
  };

  const serviceAccount: ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(NAMESPACE_OBJECT_NAMES.serviceAccount),
    automountServiceAccountToken: false,
  };

  const network = renderNetwork(problems, props.network, mesh, meta);
  const roleBindings = renderAccess(problems, props.access, meta);

  let peerAuthentication: IstioPeerAuthentication | undefined;
  const authorizationPolicies: IstioAuthorizationPolicy[] = [];
  let sidecar: IstioSidecar | undefined;
  if (mesh) {
    peerAuthentication = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: meta(NAMESPACE_OBJECT_NAMES.peerAuthentication),
      spec: { mtls: { mode: mesh.mtls } },
    };
    const allowNamespaces = mesh.allowFromNamespaces ?? [name];
    const from = [
      ...(allowNamespaces.length ? [{ source: { namespaces: [...allowNamespaces] } }] : []),
      ...(mesh.allowFromPrincipals.length ? [{ source: { principals: [...mesh.allowFromPrincipals] } }] : []),
    ];
    if (from.length) {
      authorizationPolicies.push({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: meta(NAMESPACE_OBJECT_NAMES.authorizationAllow),
        spec: { action: 'ALLOW', rules: [{ from }] },
      });
    }
    // An ALLOW policy without rules matches nothing: every request not allowed above is denied,
    // even if the `allow` policy is later removed.
    authorizationPolicies.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta(NAMESPACE_OBJECT_NAMES.authorizationDeny),
      spec: {},
    });
    const hosts = unique(['./*', `${mesh.controlPlaneNamespace}/*`, ...network.egressNamespaces.map((ns) => `${ns}/*`), ...mesh.egressHosts]);
    sidecar = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: meta(NAMESPACE_OBJECT_NAMES.sidecar),
      spec: { egress: [{ hosts }], outboundTrafficPolicy: { mode: mesh.outboundTrafficPolicy } },
    };
  }

  problems.throwIfAny();
  const objects = [
    namespace,
    resourceQuota,
    ...scopedQuotas,
    limitRange,
    serviceAccount,
    ...network.policies,
    ...roleBindings,
    peerAuthentication,
    ...authorizationPolicies,
    sidecar,
  ].filter((o) => o !== undefined) as unknown as KubeObject[];
  return {
    name,
    namespace,
    resourceQuota,
    scopedQuotas,
    limitRange,
    serviceAccount,
    networkPolicies: network.policies,
    roleBindings,
    peerAuthentication,
    authorizationPolicies,
    sidecar,
    ...(mesh ? { meshSidecar: { name: 'istio-proxy', ...mesh.sidecarResources } } : {}),
    objects,
  };
}

function renderPodSecurity(problems: Problems, ps: PodSecurityProps | undefined): Record<string, string> {
  if (ps !== undefined && checkObject(problems, 'podSecurity', ps)) {
    checkKnownKeys(problems, 'podSecurity', ps, ['enforce', 'audit', 'warn', 'version']);
  }
  const given = ps && typeof ps === 'object' ? ps : {};
  const version = given.version ?? NAMESPACE_DEFAULTS.podSecurityVersion;
  if (typeof version !== 'string' || !/^(latest|v1\.(0|[1-9]\d{0,2}))$/.test(version)) {
    problems.invalid(path('podSecurity', 'version'), `${describe(version)} is not a Pod Security version: use "v1.N" (e.g. "v1.30") or "latest"`);
  }
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn'] as const) {
    const level = given[mode] ?? NAMESPACE_DEFAULTS.podSecurityLevel;
    if (!LEVELS.includes(level)) {
      problems.notSupported(path('podSecurity', mode), `${describe(level)} is not a Pod Security level: use ${LEVELS.map((l) => `"${l}"`).join(', ')}`);
      continue;
    }
    labels[`${POD_SECURITY_LABEL}/${mode}`] = level;
    labels[`${POD_SECURITY_LABEL}/${mode}-version`] = typeof version === 'string' ? version : 'invalid';
  }
  return labels;
}

/** A quantity prop; zero is allowed where `allowZero` (a quota of nothing is a valid quota). */
function checkQuantity(problems: Problems, at: string, value: unknown, allowZero: boolean): Quantity | undefined {
  if (!(value instanceof Quantity) && typeof value !== 'string') {
    problems.invalid(at, `must be a Quantity or a string like "500m", "4" or "8Gi", got ${describe(value)}`);
    return undefined;
  }
  const q = Quantity.of(value);
  if (!q.isValid) {
    problems.invalid(at, `${JSON.stringify(String(value))} is not a Kubernetes quantity (e.g. "500m", "4", "8Gi")`);
    return undefined;
  }
  if (q.compare(Quantity.parse('0')) < 0 || (!allowZero && !q.isPositive)) {
    problems.invalid(at, `${JSON.stringify(String(value))} must be ${allowZero ? 'zero or more' : 'greater than zero'}`);
    return undefined;
  }
  return q;
}

/** `request` ≤ `limit` of a quota pair; returns both (parsed) for the caller. */
function quotaPair(problems: Problems, at: string, pair: unknown, defaults: { request?: string; limitFromRequest: boolean }): { request?: Quantity; limit?: Quantity } {
  if (pair !== undefined && checkObject(problems, at, pair)) checkKnownKeys(problems, at, pair, ['request', 'limit']);
  const given = (pair && typeof pair === 'object' ? pair : {}) as QuotaPair;
  const requestValue = given.request ?? defaults.request;
  const request = requestValue !== undefined ? checkQuantity(problems, path(at, 'request'), requestValue, true) : undefined;
  const limit = given.limit !== undefined
    ? checkQuantity(problems, path(at, 'limit'), given.limit, true)
    : defaults.limitFromRequest ? request : undefined;
  if (request && limit && given.limit !== undefined && request.compare(limit) > 0) {
    problems.conflict(path(at, 'limit'), `${limit} is below the request quota ${request}: pods could never use the requests the quota allows`);
  }
  return { request, limit };
}

function count(problems: Problems, at: string, value: unknown, fallback: number): number | undefined {
  const v = value ?? fallback;
  return checkInteger(problems, at, v, 0, 1_000_000) ? v : undefined;
}

interface RenderedQuota {
  readonly hard: Record<string, string>;
  readonly storage?: Quantity;
  readonly scoped: ReadonlyArray<{ readonly name: string; readonly priorityClasses: readonly string[]; readonly hard: Record<string, string> }>;
}

function renderQuota(problems: Problems, q: QuotaProps | undefined): RenderedQuota {
  if (q !== undefined && checkObject(problems, 'quota', q)) {
    checkKnownKeys(problems, 'quota', q, ['cpu', 'memory', 'pods', 'services', 'loadBalancers', 'nodePorts', 'persistentVolumeClaims', 'storage', 'scoped']);
  }
  const given = (q && typeof q === 'object' ? q : {}) as QuotaProps;
  const hard: Record<string, string> = {};
  const cpu = quotaPair(problems, path('quota', 'cpu'), given.cpu, { request: NAMESPACE_DEFAULTS.quotaCpuRequests, limitFromRequest: false });
  const memory = quotaPair(problems, path('quota', 'memory'), given.memory, { request: NAMESPACE_DEFAULTS.quotaMemoryRequests, limitFromRequest: true });
  if (cpu.request) hard['requests.cpu'] = cpu.request.toString();
  if (memory.request) hard['requests.memory'] = memory.request.toString();
  if (cpu.limit) hard['limits.cpu'] = cpu.limit.toString();
  if (memory.limit) hard['limits.memory'] = memory.limit.toString();
  const counts: ReadonlyArray<[keyof QuotaProps, string, number]> = [
    ['pods', 'pods', NAMESPACE_DEFAULTS.quotaPods],
    ['services', 'services', NAMESPACE_DEFAULTS.quotaServices],
    ['loadBalancers', 'services.loadbalancers', NAMESPACE_DEFAULTS.quotaLoadBalancers],
    ['nodePorts', 'services.nodeports', NAMESPACE_DEFAULTS.quotaNodePorts],
    ['persistentVolumeClaims', 'persistentvolumeclaims', NAMESPACE_DEFAULTS.quotaPersistentVolumeClaims],
  ];
  for (const [prop, resource, fallback] of counts) {
    const n = count(problems, path('quota', prop), given[prop], fallback);
    if (n !== undefined) hard[resource] = String(n);
  }
  const storage = checkQuantity(problems, path('quota', 'storage'), given.storage ?? NAMESPACE_DEFAULTS.quotaStorage, true);
  if (storage) hard['requests.storage'] = storage.toString();
  return { hard, storage, scoped: renderScopedQuotas(problems, given.scoped) };
}

function renderScopedQuotas(problems: Problems, scoped: unknown): RenderedQuota['scoped'] {
  if (scoped === undefined) return [];
  if (!Array.isArray(scoped)) {
    problems.invalid(path('quota', 'scoped'), `must be an array of scoped quotas, got ${describe(scoped)}`);
    return [];
  }
  const names = new Set<string>();
  const out: Array<RenderedQuota['scoped'][number]> = [];
  scoped.forEach((s: ScopedQuotaProps, i) => {
    const at = path('quota', 'scoped', i);
    if (!checkObject(problems, at, s)) return;
    checkKnownKeys(problems, at, s, ['name', 'priorityClasses', 'cpu', 'memory', 'pods']);
    if (checkDns1123Subdomain(problems, path(at, 'name'), s.name)) {
      if (s.name === NAMESPACE_OBJECT_NAMES.quota) problems.duplicate(path(at, 'name'), `"${s.name}" is the name of the namespace-wide quota; choose another`);
      else if (names.has(s.name)) problems.duplicate(path(at, 'name'), `${JSON.stringify(s.name)} is used by another scoped quota`);
      names.add(s.name);
    }
    const classes = s.priorityClasses;
    if (!Array.isArray(classes) || classes.length === 0) {
      problems.required(path(at, 'priorityClasses'), 'must list at least one PriorityClass');
    } else {
      classes.forEach((c, j) => checkDns1123Subdomain(problems, path(at, 'priorityClasses', j), c));
    }
    const hard: Record<string, string> = {};
    const cpu = quotaPair(problems, path(at, 'cpu'), s.cpu, { limitFromRequest: false });
    const memory = quotaPair(problems, path(at, 'memory'), s.memory, { limitFromRequest: false });
    if (cpu.request) hard['requests.cpu'] = cpu.request.toString();
    if (memory.request) hard['requests.memory'] = memory.request.toString();
    if (cpu.limit) hard['limits.cpu'] = cpu.limit.toString();
    if (memory.limit) hard['limits.memory'] = memory.limit.toString();
    if (s.pods !== undefined && checkInteger(problems, path(at, 'pods'), s.pods, 0, 1_000_000)) hard.pods = String(s.pods);
    if (s.cpu === undefined && s.memory === undefined && s.pods === undefined) {
      problems.invalid(at, 'sets no bound: give cpu, memory or pods');
    }
    out.push({ name: s.name, priorityClasses: Array.isArray(classes) ? [...classes] : [], hard });
  });
  return out;
}

interface ResourceBounds {
  defaultRequest?: Quantity;
  defaultLimit?: Quantity;
  min?: Quantity;
  max?: Quantity;
}

function renderLimitRange(problems: Problems, lr: LimitRangeProps | undefined, quotaStorage: Quantity | undefined): LimitRangeItem[] {
  if (lr !== undefined && checkObject(problems, 'limitRange', lr)) checkKnownKeys(problems, 'limitRange', lr, ['cpu', 'memory', 'storage']);
  const given = (lr && typeof lr === 'object' ? lr : {}) as LimitRangeProps;
  const cpu = containerBounds(problems, 'cpu', given.cpu, { defaultRequest: NAMESPACE_DEFAULTS.limitCpuDefaultRequest });
  const memory = containerBounds(problems, 'memory', given.memory, {
    defaultRequest: NAMESPACE_DEFAULTS.limitMemoryDefaultRequest,
    max: NAMESPACE_DEFAULTS.limitMemoryMax,
    limitFromRequest: true,
  });

  const container: LimitRangeItem = { type: 'Container' };
  for (const field of ['defaultRequest', 'default', 'min', 'max'] as const) {
    const key = field === 'default' ? 'defaultLimit' : field;
    const values: Record<string, string> = {};
    if (cpu[key]) values.cpu = cpu[key]!.toString();
    if (memory[key]) values.memory = memory[key]!.toString();
    if (Object.keys(values).length) container[field] = values;
  }

  const sat = path('limitRange', 'storage');
  if (given.storage !== undefined && checkObject(problems, sat, given.storage)) checkKnownKeys(problems, sat, given.storage, ['min', 'max']);
  const storageGiven = (given.storage && typeof given.storage === 'object' ? given.storage : {}) as { min?: unknown; max?: unknown };
  const storageMin = storageGiven.min !== undefined ? checkQuantity(problems, path(sat, 'min'), storageGiven.min, false) : undefined;
  // The default max follows a smaller storage quota (a claim above the quota could never be created);
  // with no storage quota at all there is no claim to bound.
  let storageMax: Quantity | undefined;
  if (storageGiven.max !== undefined) {
    storageMax = checkQuantity(problems, path(sat, 'max'), storageGiven.max, false);
  } else {
    storageMax = Quantity.parse(NAMESPACE_DEFAULTS.limitStorageMax);
    if (quotaStorage && quotaStorage.compare(storageMax) < 0) storageMax = quotaStorage.isPositive ? quotaStorage : undefined;
  }
  if (storageMin && storageMax && storageMin.compare(storageMax) > 0) {
    problems.conflict(path(sat, 'min'), `${storageMin} is above the max ${storageMax}`);
  }
  if (storageMax && quotaStorage && storageGiven.max !== undefined && storageMax.compare(quotaStorage) > 0) {
    problems.conflict(path(sat, 'max'), `${storageMax} is above the quota's storage ${quotaStorage}: no claim that size could ever be created; lower it or raise quota.storage`);
  }
  const claims: LimitRangeItem = {
    type: 'PersistentVolumeClaim',
    ...(storageMin ? { min: { storage: storageMin.toString() } } : {}),
    ...(storageMax ? { max: { storage: storageMax.toString() } } : {}),
  };
  return [container, claims];
}

/**
 * Per-container bounds of one resource, with the consistency Kubernetes needs:
 * min ≤ defaultRequest ≤ defaultLimit ≤ max. A `max` without a `defaultLimit` gets the max as its
 * default limit, which is what the API server would store anyway; keelson writes it out.
 */
function containerBounds(
  problems: Problems,
  resource: 'cpu' | 'memory',
  value: unknown,
  defaults: { defaultRequest?: string; max?: string; limitFromRequest?: boolean },
): ResourceBounds {
  const at = path('limitRange', resource);
  if (value !== undefined && checkObject(problems, at, value)) checkKnownKeys(problems, at, value, ['defaultRequest', 'defaultLimit', 'min', 'max']);
  const given = (value && typeof value === 'object' ? value : {}) as ContainerLimitProps;
  const q = (key: keyof ContainerLimitProps, fallback?: string) => {
    const v = given[key] ?? fallback;
    return v !== undefined ? checkQuantity(problems, path(at, key), v, false) : undefined;
  };
  const defaultRequest = q('defaultRequest', defaults.defaultRequest);
  const min = q('min');
  const max = q('max', defaults.max);
  let defaultLimit = q('defaultLimit');
  // Where each value comes from: a prop the user set, or the prop a default follows.
  const origin: Record<string, keyof ContainerLimitProps | undefined> = {
    min: given.min !== undefined ? 'min' : undefined,
    defaultRequest: given.defaultRequest !== undefined ? 'defaultRequest' : undefined,
    defaultLimit: given.defaultLimit !== undefined ? 'defaultLimit' : undefined,
    max: given.max !== undefined ? 'max' : undefined,
  };
  if (given.defaultLimit === undefined) {
    defaultLimit = defaults.limitFromRequest ? defaultRequest : max;
    origin.defaultLimit = defaults.limitFromRequest ? origin.defaultRequest : origin.max;
  }
  const order: Array<[keyof ContainerLimitProps, Quantity | undefined]> = [['min', min], ['defaultRequest', defaultRequest], ['defaultLimit', defaultLimit], ['max', max]];
  const reported = new Set<string>();
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      const [lowKey, low] = order[i];
      const [highKey, high] = order[j];
      if (!low || !high || low.compare(high) <= 0) continue;
      // Report at a prop the user set (the other side may be a default), once per prop.
      const reportAt = origin[highKey] ?? origin[lowKey] ?? highKey;
      if (reported.has(reportAt)) continue;
      reported.add(reportAt);
      const subject = reportAt === origin[lowKey] && reportAt !== origin[highKey]
        ? `${low} is above the ${highKey} ${high}`
        : `${high} is below the ${lowKey} ${low}`;
      problems.conflict(path(at, reportAt), `${subject}; ${resource} needs min ≤ defaultRequest ≤ defaultLimit ≤ max`);
    }
  }
  return { defaultRequest, defaultLimit, min, max };
}

interface RenderedNetwork {
  readonly policies: NetworkPolicy[];
  /** Namespaces named by `network.allowTo` peers (the Sidecar lets the mesh reach them too). */
  readonly egressNamespaces: string[];
}

function renderNetwork(
  problems: Problems,
  n: NamespaceNetworkProps | undefined,
  mesh: CheckedMesh | undefined,
  meta: (name: string) => ObjectMeta,
): RenderedNetwork {
  if (n !== undefined && checkObject(problems, 'network', n)) checkKnownKeys(problems, 'network', n, ['allowSameNamespace', 'allowFrom', 'allowTo', 'dns']);
  const given = (n && typeof n === 'object' ? n : {}) as NamespaceNetworkProps;
  const policies: NetworkPolicy[] = [];
  const policy = (name: string, spec: NetworkPolicy['spec']): NetworkPolicy => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(name),
    spec,
  });

  // DNS: without it no pod resolves any name, and every other rule is useless.
  const dnsAt = path('network', 'dns');
  if (given.dns !== undefined && checkObject(problems, dnsAt, given.dns)) checkKnownKeys(problems, dnsAt, given.dns, ['namespace', 'podLabels']);
  const dns = (given.dns && typeof given.dns === 'object' ? given.dns : {}) as DnsProps;
  const dnsNamespace = dns.namespace ?? NAMESPACE_DEFAULTS.dnsNamespace;
  checkDns1123Label(problems, path(dnsAt, 'namespace'), dnsNamespace);
  const dnsPods = dns.podLabels !== undefined ? checkStringMap(problems, path(dnsAt, 'podLabels'), dns.podLabels, true) : undefined;
  if (dnsPods !== undefined && Object.keys(dnsPods).length === 0 && checkObject(problems, path(dnsAt, 'podLabels'), dns.podLabels) && Object.keys(dns.podLabels!).length === 0) {
    problems.invalid(path(dnsAt, 'podLabels'), 'is empty: leave it out to allow the whole DNS namespace');
  }
  const dnsPeer: NetworkPolicyPeer = {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: String(dnsNamespace) } },
    ...(dnsPods && Object.keys(dnsPods).length ? { podSelector: { matchLabels: dnsPods } } : {}),
  };
  policies.push(policy(NAMESPACE_OBJECT_NAMES.allowDns, {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{ to: [dnsPeer], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
  }));

  if (given.allowSameNamespace !== undefined && typeof given.allowSameNamespace !== 'boolean') {
    problems.invalid(path('network', 'allowSameNamespace'), `must be a boolean, got ${describe(given.allowSameNamespace)}`);
  }
  if (given.allowSameNamespace === true) {
    policies.push(policy(NAMESPACE_OBJECT_NAMES.allowSameNamespace, {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }));
  }

  const from: NetworkPolicyPeer[] = [];
  if (given.allowFrom !== undefined) {
    if (!Array.isArray(given.allowFrom)) {
      problems.invalid(path('network', 'allowFrom'), `must be an array of NetworkPeer, got ${describe(given.allowFrom)}`);
    } else {
      given.allowFrom.forEach((p, i) => {
        const peer = checkNetworkPeer(problems, path('network', 'allowFrom', i), p);
        if (peer) from.push(peer);
      });
    }
  }
  if (from.length) {
    policies.push(policy(NAMESPACE_OBJECT_NAMES.allowIngress, { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from }] }));
  }

  const egressNamespaces: string[] = [];
  const egress: NetworkPolicyEgressRule[] = [];
  if (given.allowTo !== undefined) {
    if (!Array.isArray(given.allowTo)) {
      problems.invalid(path('network', 'allowTo'), `must be an array of NetworkEgress, got ${describe(given.allowTo)}`);
    } else {
      given.allowTo.forEach((e, i) => {
        const rule = egressRule(problems, path('network', 'allowTo', i), e);
        if (rule) egress.push(rule);
        if (e instanceof NetworkEgress && e.peer instanceof NetworkPeer) egressNamespaces.push(...e.peer.namespaces);
      });
    }
  }
  if (egress.length) policies.push(policy(NAMESPACE_OBJECT_NAMES.allowEgress, { podSelector: {}, policyTypes: ['Egress'], egress }));

  if (mesh) {
    policies.push(policy(NAMESPACE_OBJECT_NAMES.allowMeshControlPlane, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: mesh.controlPlaneNamespace } } }],
        ports: [{ protocol: 'TCP', port: NAMESPACE_DEFAULTS.meshControlPlanePort }],
      }],
    }));
  }

  // Last: when a namespace is converted, the allows are in place before everything else is denied.
  policies.push(policy(NAMESPACE_OBJECT_NAMES.defaultDeny, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
  return { policies, egressNamespaces: unique(egressNamespaces) };
}

function egressRule(problems: Problems, at: string, e: unknown): NetworkPolicyEgressRule | undefined {
  if (!(e instanceof NetworkEgress)) {
    problems.invalid(at, `must be made with NetworkEgress.to(peer, ...ports), got ${describe(e)}`);
    return undefined;
  }
  const peer = checkNetworkPeer(problems, path(at, 'peer'), e.peer);
  const ports: NetworkPolicyPort[] = [];
  if (!Array.isArray(e.ports)) {
    problems.invalid(path(at, 'ports'), `must be an array of ports, got ${describe(e.ports)}`);
  } else {
    e.ports.forEach((p, k) => {
      const pat = path(at, 'ports', k);
      if (!checkObject(problems, pat, p as unknown)) return;
      const protocol = p.protocol ?? 'TCP';
      if (protocol !== 'TCP' && protocol !== 'UDP') problems.notSupported(path(pat, 'protocol'), `must be 'TCP' or 'UDP', got ${describe(protocol)}`);
      if (checkInteger(problems, path(pat, 'port'), p.port, 1, 65535)) ports.push({ protocol, port: p.port });
    });
  }
  if (!peer) return undefined;
  return ports.length ? { to: [peer], ports } : { to: [peer] };
}

function renderAccess(problems: Problems, a: AccessProps | undefined, meta: (name: string) => ObjectMeta): RoleBinding[] {
  if (a === undefined) return [];
  if (!checkObject(problems, 'access', a as unknown)) return [];
  checkKnownKeys(problems, 'access', a, ['team', 'teamRole', 'deployers', 'admins']);
  const teamRole = a.teamRole ?? NAMESPACE_DEFAULTS.teamRole;
  if (!ROLES.includes(teamRole)) {
    problems.notSupported(path('access', 'teamRole'), `${describe(teamRole)} is not a built-in role: use ${ROLES.map((r) => `"${r}"`).join(', ')}`);
  }
  // The role is part of the binding's name: roleRef is immutable, so another role is another binding.
  // An invalid role (reported above) must not reach a string template: it may not even convert.
  const roleName = typeof teamRole === 'string' ? teamRole : 'invalid';
  const groups: Array<[keyof AccessProps, string, string]> = [
    ['team', `team-${roleName}`, roleName],
    ['deployers', NAMESPACE_OBJECT_NAMES.deployers, 'edit'],
    ['admins', NAMESPACE_OBJECT_NAMES.admins, 'admin'],
  ];
  const out: RoleBinding[] = [];
  for (const [prop, bindingName, role] of groups) {
    const subjects = checkSubjects(problems, path('access', prop), a[prop]);
    if (!subjects.length || !ROLES.includes(role as TeamRole)) continue;
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(bindingName),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects,
    });
  }
  return out;
}

function checkSubjects(problems: Problems, at: string, list: unknown): RbacSubject[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    problems.invalid(at, `must be an array of Subject, got ${describe(list)}`);
    return [];
  }
  const out: RbacSubject[] = [];
  const seen = new Set<string>();
  list.forEach((s, i) => {
    const sat = path(at, i);
    if (!(s instanceof Subject)) {
      problems.invalid(sat, `must be made with Subject.group(), Subject.user() or Subject.serviceAccount(), got ${describe(s)}`);
      return;
    }
    const before = problems.count;
    if (s.kind === 'ServiceAccount') {
      checkDns1123Subdomain(problems, path(sat, 'name'), s.name);
      checkDns1123Label(problems, path(sat, 'namespace'), s.namespace);
    } else if (checkString(problems, path(sat, 'name'), s.name) && (s.name.trim() !== s.name || s.name.length === 0)) {
      problems.invalid(path(sat, 'name'), `${JSON.stringify(s.name)} must be a non-empty ${s.kind.toLowerCase()} name without surrounding spaces`);
    }
    const key = `${s.kind}/${s.namespace ?? ''}/${s.name}`;
    if (problems.count === before && seen.has(key)) problems.duplicate(sat, `${s.kind} ${JSON.stringify(s.name)} is listed twice`);
    seen.add(key);
    if (problems.count !== before) return;
    out.push(s.kind === 'ServiceAccount'
      ? { kind: 'ServiceAccount', name: s.name, namespace: s.namespace }
      : { apiGroup: 'rbac.authorization.k8s.io', kind: s.kind, name: s.name });
  });
  return out;
}

interface CheckedMesh {
  readonly revision?: string;
  readonly controlPlaneNamespace: string;
  readonly mtls: 'STRICT' | 'PERMISSIVE';
  readonly allowFromNamespaces?: readonly string[];
  readonly allowFromPrincipals: readonly string[];
  readonly egressHosts: readonly string[];
  readonly outboundTrafficPolicy: 'REGISTRY_ONLY' | 'ALLOW_ANY';
  readonly sidecarResources: { readonly requests: Record<string, string>; readonly limits: Record<string, string> };
}

const SIDECAR_HOST = /^(\*|\.|~|[a-z0-9]([-a-z0-9]*[a-z0-9])?)\/(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

function checkMesh(problems: Problems, m: MeshProps): CheckedMesh | undefined {
  if (!checkObject(problems, 'mesh', m as unknown)) return undefined;
  checkKnownKeys(problems, 'mesh', m, ['revision', 'controlPlaneNamespace', 'mtls', 'allowFromNamespaces', 'allowFromPrincipals', 'egressHosts', 'outboundTrafficPolicy', 'sidecarResources']);
  if (m.revision !== undefined && checkLabelValue(problems, path('mesh', 'revision'), m.revision) && m.revision === '') {
    problems.invalid(path('mesh', 'revision'), 'is empty: leave it out to use istio-injection: enabled');
  }
  const controlPlaneNamespace = m.controlPlaneNamespace ?? NAMESPACE_DEFAULTS.meshControlPlaneNamespace;
  checkDns1123Label(problems, path('mesh', 'controlPlaneNamespace'), controlPlaneNamespace);
  const mtls = m.mtls ?? NAMESPACE_DEFAULTS.meshMtlsMode;
  if (mtls !== 'STRICT' && mtls !== 'PERMISSIVE') problems.invalid(path('mesh', 'mtls'), `must be "STRICT" or "PERMISSIVE", got ${describe(mtls)}`);
  const policy = m.outboundTrafficPolicy ?? NAMESPACE_DEFAULTS.meshOutboundTrafficPolicy;
  if (policy !== 'REGISTRY_ONLY' && policy !== 'ALLOW_ANY') {
    problems.invalid(path('mesh', 'outboundTrafficPolicy'), `must be "REGISTRY_ONLY" or "ALLOW_ANY", got ${describe(policy)}`);
  }
  const list = (key: 'allowFromNamespaces' | 'allowFromPrincipals' | 'egressHosts', check: (at: string, v: unknown) => void): string[] | undefined => {
    const v = m[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      problems.invalid(path('mesh', key), `must be an array of strings, got ${describe(v)}`);
      return [];
    }
    v.forEach((x, i) => check(path('mesh', key, i), x));
    return [...v];
  };
  const allowFromNamespaces = list('allowFromNamespaces', (at, v) => checkDns1123Label(problems, at, v));
  const allowFromPrincipals = list('allowFromPrincipals', (at, v) => {
    if (checkString(problems, at, v) && (v.length === 0 || /\s/.test(v))) {
      problems.invalid(at, `${JSON.stringify(v)} is not a principal: e.g. "cluster.local/ns/istio-ingress/sa/istio-ingressgateway"`);
    }
  }) ?? [];
  const egressHosts = list('egressHosts', (at, v) => {
    if (checkString(problems, at, v) && !SIDECAR_HOST.test(v)) {
      problems.invalid(at, `${JSON.stringify(v)} is not a Sidecar host: use "namespace/dns-name", e.g. "payments/*" or "*/api.example.com"`);
    }
  }) ?? [];
  const sidecarResources = checkSidecarResources(problems, m.sidecarResources);
  return {
    revision: m.revision,
    controlPlaneNamespace: typeof controlPlaneNamespace === 'string' ? controlPlaneNamespace : 'invalid',
    sidecarResources,
    mtls: mtls as 'STRICT' | 'PERMISSIVE',
    allowFromNamespaces,
    allowFromPrincipals,
    egressHosts,
    outboundTrafficPolicy: policy as 'REGISTRY_ONLY' | 'ALLOW_ANY',
  };
}

function checkSidecarResources(problems: Problems, given: MeshProps['sidecarResources']): CheckedMesh['sidecarResources'] {
  const at = path('mesh', 'sidecarResources');
  const g = given !== undefined && checkObject(problems, at, given as unknown) ? given : undefined;
  if (g) checkKnownKeys(problems, at, g, ['requests', 'limits']);
  const defaults = {
    requests: { cpu: NAMESPACE_DEFAULTS.meshSidecarCpuRequest, memory: NAMESPACE_DEFAULTS.meshSidecarMemoryRequest },
    limits: { cpu: NAMESPACE_DEFAULTS.meshSidecarCpuLimit, memory: NAMESPACE_DEFAULTS.meshSidecarMemoryLimit },
  };
  const out = { requests: {} as Record<string, string>, limits: {} as Record<string, string> };
  for (const kind of ['requests', 'limits'] as const) {
    const part = g?.[kind];
    if (part !== undefined && checkObject(problems, path(at, kind), part as unknown)) checkKnownKeys(problems, path(at, kind), part, ['cpu', 'memory']);
    for (const r of ['cpu', 'memory'] as const) {
      const value = (part && typeof part === 'object' ? part[r] : undefined) ?? defaults[kind][r];
      const q = checkQuantity(problems, path(at, kind, r), value, false);
      if (q) out[kind][r] = q.toString();
    }
  }
  for (const r of ['cpu', 'memory'] as const) {
    const request = out.requests[r];
    const limit = out.limits[r];
    if (request && limit && Quantity.parse(request).compare(Quantity.parse(limit)) > 0) {
      problems.conflict(path(at, 'limits', r), `${limit} is below the request ${request}`);
    }
  }
  return out;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
