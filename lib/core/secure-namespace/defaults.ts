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
  dnsNamespace: DEFAULTS.dnsNamespace,
  /** The Role the team's people get: keelson's read-only `keelson-viewer`; writes go through CI/CD. */
  teamRole: 'viewer',
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
