import { DEFAULTS } from '../workload/defaults';

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
  /** The total memory the namespace's pods may request. */
  quotaMemoryRequests: '8Gi',
  /** The most pods the namespace may hold (of any phase but finished). */
  quotaPods: 50,
  /** The most Services the namespace may hold. */
  quotaServices: 20,
  /** Cloud load balancers and node ports cost money and open the cluster edge: none unless asked for. */
  quotaLoadBalancers: 0,
  /** NodePort Services: none, for the same reason. */
  quotaNodePorts: 0,
  /** The most PersistentVolumeClaims the namespace may hold. */
  quotaPersistentVolumeClaims: 10,
  /** The total storage the namespace's PersistentVolumeClaims may request. */
  quotaStorage: '100Gi',
  /** LimitRange: what a container that declares nothing gets (keelson's own workload defaults). */
  limitCpuDefaultRequest: DEFAULTS.cpuRequest,
  /** The memory request (and limit) of a container that declares none: keelson's own memory request. */
  limitMemoryDefaultRequest: DEFAULTS.memoryRequest,
  /** The largest container and claim the namespace admits. */
  limitMemoryMax: '4Gi',
  /** The largest PersistentVolumeClaim the namespace admits. */
  limitStorageMax: '50Gi',
  /** Where the cluster DNS runs (CoreDNS/kube-dns in every common distribution). */
  dnsNamespace: DEFAULTS.dnsNamespace,
  /** The Role the team's people get: keelson's read-only `keelson-viewer`; writes go through CI/CD. */
  teamRole: 'viewer',
  /** Istio: where istiod runs, and the port sidecars fetch configuration and certificates from. */
  meshControlPlaneNamespace: 'istio-system',
  /** istiod's port for configuration (xDS) and certificates, which the NetworkPolicies let pods reach. */
  meshControlPlanePort: 15012,
  /** The PeerAuthentication mode: sidecars accept only mutual TLS. */
  meshMtlsMode: 'STRICT',
  /** Sidecars reach only hosts in the mesh registry (external ones need a ServiceEntry). */
  meshOutboundTrafficPolicy: 'REGISTRY_ONLY',
  /** The sidecar proxy Istio injects into every pod, as Istio's injection template sizes it; the quota check counts it. */
  meshSidecarCpuRequest: '100m',
  /** The sidecar's memory request. */
  meshSidecarMemoryRequest: '128Mi',
  /** The sidecar's CPU limit. */
  meshSidecarCpuLimit: '2',
  /** The sidecar's memory limit. */
  meshSidecarMemoryLimit: '1Gi',
} as const;
