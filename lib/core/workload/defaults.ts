/**
 * Every default keelson applies, in one place. docs/defaults.md explains each one; the tests
 * check that the document and this table agree.
 */
export const DEFAULTS = {
  /** Two replicas: one pod can be drained, rescheduled or crash without an outage. */
  replicas: 2,
  /** A non-root UID/GID above 10000, so it never collides with a host user (kube-score's rule). */
  runAsUser: 10001,
  runAsGroup: 10001,
  fsGroup: 10001,
  /** Requests are what the scheduler and the autoscaler reason with; always set them. */
  cpuRequest: '100m',
  memoryRequest: '128Mi',
  /** The container port when none is declared. */
  containerPort: 8080,
  /** Conventional health routes: readiness says "send me traffic", liveness "I am not stuck". */
  readinessPath: '/ping',
  livenessPath: '/health',
  /** Readiness is checked more often than liveness: leaving the endpoints fast is cheap, a restart is not. */
  readinessPeriodSeconds: 5,
  probePeriodSeconds: 10,
  probeTimeoutSeconds: 2,
  probeFailureThreshold: 3,
  /** Time for in-flight requests to finish after the pod leaves the endpoints. */
  terminationGracePeriodSeconds: 30,
  /** Pause before SIGTERM so load balancers and kube-proxy stop routing to the pod first. */
  preStopSleepSeconds: 5,
  /** A new pod must stay ready this long before the rollout counts it. */
  minReadySeconds: 5,
  progressDeadlineSeconds: 600,
  revisionHistoryLimit: 5,
  /** Zero-downtime rolling update: surge first, never go below the desired count. */
  maxSurge: '25%',
  maxUnavailable: 0,
  /** One pod at a time may be evicted: availability is kept and drains never block. */
  disruptionMaxUnavailable: 1,
  /** HPA: scale on CPU at 70% of requests, wait 5 minutes of lower load before scaling down. */
  autoscalingCpuUtilization: 70,
  autoscalingScaleDownStabilizationSeconds: 300,
  /** Size cap of each writable emptyDir (e.g. /tmp): a runaway writer is evicted, not the node's disk filled. */
  writableDirSizeLimit: '256Mi',
  writablePaths: ['/tmp'] as readonly string[],
  /** Where the cluster DNS runs (CoreDNS/kube-dns in every common distribution): egress to it on port 53. */
  dnsNamespace: 'kube-system',
  /** The cluster's DNS domain, in fully qualified names (StatefulApp replicas, CanaryRelease Istio hosts). */
  clusterDomain: 'cluster.local',
  /** The namespace the ingress controller runs in, admitted by the NetworkPolicy when an Ingress is set. */
  ingressControllerNamespace: 'ingress-nginx',
  /** Pod-template annotation carrying the hash of referenced ConfigMaps/Secrets. */
  configHashAnnotation: 'keelson.dev/config-hash',
  /**
   * Pod-template annotation naming the local volumes the cluster autoscaler may delete with the pod:
   * without it, keelson's writable `emptyDir`s (e.g. /tmp) keep every node running a keelson pod from
   * scaling down. Set to the names of those volumes, only when there are any.
   */
  safeToEvictLocalVolumesAnnotation: 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes',
} as const;
