import type { LimitRange, Namespace, ResourceQuota, ServiceAccount } from 'kubernetes-types/core/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { RoleBinding, Role } from 'kubernetes-types/rbac/v1';
import { LimitRangeProps } from './limits';
import { MeshProps } from './mesh';
import { NamespaceNetworkProps } from './network';
import { QuotaProps } from './quota';
import { AccessProps } from './rbac';
import type { Risk } from '../validation/risks';
import type { KubeObject } from '../workload/objects';

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
   * Who may do what in the namespace: keelson's least-privilege Roles for the team and for CI
   * deployers, and the built-in `admin` ClusterRole only for `admins`.
   * @default none: no Role and no RoleBinding
   */
  readonly access?: AccessProps;
  /**
   * Istio: sidecar injection, PeerAuthentication, default-deny AuthorizationPolicy, Sidecar.
   * `mesh: {}` turns it on with the defaults.
   * @default off
   */
  readonly mesh?: MeshProps;
  /**
   * Dangerous settings the namespace takes on purpose, by name (e.g. `'zero-quota'` for a quota
   * that admits no pod). Each one shows in the output as the annotation
   * `keelson.dev/acknowledged-risks` on the object that carries it; an acknowledged risk the props
   * do not take is an error, so a stale one cannot hide a later change.
   * @default none: every dangerous setting is refused, with the name that would acknowledge it
   */
  readonly acknowledgeRisks?: readonly Risk[];
}

/** An Istio PeerAuthentication (security.istio.io/v1, Istio ≥ 1.22). */
export interface IstioPeerAuthentication extends KubeObject {
  /** Istio's security API group and version. */
  readonly apiVersion: 'security.istio.io/v1';
  /** The kind. */
  readonly kind: 'PeerAuthentication';
  /** The namespace-wide mutual TLS setting. */
  readonly spec: {
    /** Mutual TLS between sidecars. */
    readonly mtls: {
      /** `STRICT`: sidecars accept only mutual TLS; `PERMISSIVE`: plain text too (the `mesh.mtls` prop). */
      readonly mode: 'STRICT' | 'PERMISSIVE';
    };
  };
}

/** An Istio AuthorizationPolicy (security.istio.io/v1). */
export interface IstioAuthorizationPolicy extends KubeObject {
  /** Istio's security API group and version. */
  readonly apiVersion: 'security.istio.io/v1';
  /** The kind. */
  readonly kind: 'AuthorizationPolicy';
  /** Who may call the namespace's workloads. An empty spec (`default-deny`) allows nothing. */
  readonly spec: {
    /** `ALLOW` for the `allow` policy; absent on `default-deny`, whose empty spec matches no request. */
    readonly action?: 'ALLOW' | 'DENY';
    /** The requests the policy matches: any rule matching is enough. */
    readonly rules?: ReadonlyArray<{
      /** The callers the rule matches: any entry matching is enough. */
      readonly from?: ReadonlyArray<{
        /** The caller, by namespace or by workload identity. */
        readonly source: {
          /** Namespaces whose workloads match (`mesh.allowFromNamespaces`). */
          readonly namespaces?: readonly string[];
          /** Workload identities that match, e.g. `cluster.local/ns/istio-ingress/sa/istio-ingressgateway` (`mesh.allowFromPrincipals`). */
          readonly principals?: readonly string[];
        };
      }>;
    }>;
  };
}

/** An Istio Sidecar (networking.istio.io/v1, Istio ≥ 1.22). */
export interface IstioSidecar extends KubeObject {
  /** Istio's networking API group and version. */
  readonly apiVersion: 'networking.istio.io/v1';
  /** The kind. */
  readonly kind: 'Sidecar';
  /** What the namespace's sidecars may reach. */
  readonly spec: {
    /** The hosts the sidecars get configuration for (and so may reach). */
    readonly egress: ReadonlyArray<{
      /** `namespace/dns-name` entries: the namespace itself, the control plane's, `network.allowTo`'s and `mesh.egressHosts`. */
      readonly hosts: readonly string[];
    }>;
    /** What sidecars do with traffic to hosts outside the mesh registry. */
    readonly outboundTrafficPolicy: {
      /** `REGISTRY_ONLY` (refuse it) or `ALLOW_ANY` (pass it through): the `mesh.outboundTrafficPolicy` prop. */
      readonly mode: 'REGISTRY_ONLY' | 'ALLOW_ANY';
    };
  };
}

/** Every object a SecureNamespace produces. */
export interface SecureNamespaceManifest {
  /** The namespace's name. */
  readonly name: string;
  /** The Namespace, labelled with its Pod Security levels (and Istio injection, with `mesh`). */
  readonly namespace: Namespace;
  /** The namespace-wide quota (`default`). */
  readonly resourceQuota: ResourceQuota;
  /** One quota per `quota.scoped` entry, in order. */
  readonly scopedQuotas: readonly ResourceQuota[];
  /** The LimitRange `default`: the defaults and bounds of each container and claim. */
  readonly limitRange: LimitRange;
  /** The namespace's `default` ServiceAccount, without an API token. */
  readonly serviceAccount: ServiceAccount;
  /** The NetworkPolicies, allows first, `default-deny` last. */
  readonly networkPolicies: readonly NetworkPolicy[];
  /** keelson's Roles that `access` binds (`keelson-viewer`, `keelson-deployer`), before the bindings. */
  readonly roles: readonly Role[];
  /** One RoleBinding per `access` entry, binding its subjects to its Role or ClusterRole in the namespace. */
  readonly roleBindings: readonly RoleBinding[];
  /** With `mesh` only. */
  readonly peerAuthentication?: IstioPeerAuthentication;
  /** With `mesh` only: `allow` (when anyone is allowed), then `default-deny`. */
  readonly authorizationPolicies: readonly IstioAuthorizationPolicy[];
  /** With `mesh` only. */
  readonly sidecar?: IstioSidecar;
  /** With `mesh` only: the proxy container injected into every pod, as the quota check counts it. */
  readonly meshSidecar?: {
    /** The injected container's name (`istio-proxy`). */
    readonly name: string;
    /** Its requests by resource (`{ cpu: '100m', memory: '128Mi' }`): `mesh.sidecarResources.requests`. */
    readonly requests: Record<string, string>;
    /** Its limits by resource: `mesh.sidecarResources.limits`. */
    readonly limits: Record<string, string>;
  };
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
  /** The team's RoleBinding is `team-<Role>` (`team-keelson-viewer`): another Role is another binding. */
  team: 'team',
  /** Binds the deployers to `keelson-deployer` (until 0.x `deployers` bound the built-in `edit`). */
  deployers: 'deployers-keelson-deployer',
  admins: 'admins',
} as const;

/** Pod Security Admission label keys. */
export const POD_SECURITY_LABEL = 'pod-security.kubernetes.io';

export const KEYS = ['name', 'partOf', 'labels', 'annotations', 'podSecurity', 'quota', 'limitRange', 'network', 'access', 'mesh', 'acknowledgeRisks'];
export const LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];
