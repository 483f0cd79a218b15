/**
 * Every default keelson applies, in one place. docs/defaults.md explains each one; the tests
 * check that the document and this table agree.
 */
export const DEFAULTS = {
  /** Two replicas: one pod can be drained, rescheduled or crash without an outage. */
  replicas: 2,
  /** A non-root UID/GID above 10000, so it never collides with a host user (kube-score's rule). */
  runAsUser: 10001,
  /** The primary GID, for the same reason. */
  runAsGroup: 10001,
  /** The group that owns mounted volumes, so the non-root user can write to them. */
  fsGroup: 10001,
  /** Requests are what the scheduler and the autoscaler reason with; always set them. */
  cpuRequest: '100m',
  /** The memory request, and the memory limit when none is set (memory cannot be throttled, only OOM-killed). */
  memoryRequest: '128Mi',
  /** The container port when none is declared. */
  containerPort: 8080,
  /** Conventional health routes: readiness says "send me traffic", liveness "I am not stuck". */
  readinessPath: '/ping',
  /** The HTTP path of the default liveness probe. */
  livenessPath: '/health',
  /** Readiness is checked more often than liveness: leaving the endpoints fast is cheap, a restart is not. */
  readinessPeriodSeconds: 5,
  /** Seconds between liveness (and startup) checks. */
  probePeriodSeconds: 10,
  /** Seconds a check may take before it counts as failed. */
  probeTimeoutSeconds: 2,
  /** Failed checks in a row before the pod is taken out of the endpoints (readiness) or restarted (liveness). */
  probeFailureThreshold: 3,
  /** Time for in-flight requests to finish after the pod leaves the endpoints. */
  terminationGracePeriodSeconds: 30,
  /** Pause before SIGTERM so load balancers and kube-proxy stop routing to the pod first. */
  preStopSleepSeconds: 5,
  /** A new pod must stay ready this long before the rollout counts it. */
  minReadySeconds: 5,
  /** Seconds a rollout may make no progress before the Deployment reports it failed (10 minutes). */
  progressDeadlineSeconds: 600,
  /** Old ReplicaSets (or StatefulSet revisions) kept for `kubectl rollout undo`. */
  revisionHistoryLimit: 5,
  /** Zero-downtime rolling update: surge first, never go below the desired count. */
  maxSurge: '25%',
  /** Pods a rolling update may take down below the desired count: none. */
  maxUnavailable: 0,
  /** One pod at a time may be evicted: availability is kept and drains never block. */
  disruptionMaxUnavailable: 1,
  /** HPA: scale on CPU at 70% of requests, wait 5 minutes of lower load before scaling down. */
  autoscalingCpuUtilization: 70,
  /** Seconds of lower load the HPA waits for before it scales down (5 minutes). */
  autoscalingScaleDownStabilizationSeconds: 300,
  /**
   * VPA: recommendations only: the VPA never evicts or resizes pods (a member of a quorum, a
   * service's replica) until a human has read its recommendations and chosen a mode.
   */
  verticalAutoscalingMode: 'Off',
  /** Size cap of each writable emptyDir (e.g. /tmp): a runaway writer is evicted, not the node's disk filled. */
  writableDirSizeLimit: '256Mi',
  /** Access modes of a generic ephemeral volume (`Volume.ephemeral`): its claim belongs to one pod, and every storage class offers it. */
  ephemeralAccessModes: ['ReadWriteOnce'] as readonly string[],
  /** The access mode assumed of an existing claim (`Volume.persistentVolumeClaim`): what most claims are, and the one that allows the least. */
  claimAccessMode: 'ReadWriteOnce',
  /** The directories each container may write to (the root filesystem is read-only): an emptyDir each. */
  writablePaths: ['/tmp'] as readonly string[],
  /** Where the cluster DNS runs (CoreDNS/kube-dns in every common distribution): egress to it on port 53. */
  dnsNamespace: 'kube-system',
  /** The cluster's DNS domain, in fully qualified names (StatefulApp replicas, CanaryRelease Istio hosts). */
  clusterDomain: 'cluster.local',
  /** The mesh's trust domain in a caller's identity, which a call's AuthorizationPolicy admits (Istio's default). */
  meshTrustDomain: 'cluster.local',
  /** The namespace the ingress controller runs in, admitted by the NetworkPolicy when an Ingress is set. */
  ingressControllerNamespace: 'ingress-nginx',
  /** An exposed Service's `externalTrafficPolicy`: the client address stays visible (to the app and the NetworkPolicy's ranges), no second hop. */
  externalTrafficPolicy: 'Local' as 'Local' | 'Cluster',
  /** The `istio` label of Istio's default ingress gateway's pods, which an `Exposure.istioGateway()` Gateway selects. */
  istioIngressGatewayLabel: 'ingressgateway',
  /** Where Istio's default ingress gateway runs (its pods are admitted by the NetworkPolicy from there). */
  istioGatewayNamespace: 'istio-system',
  /** The ServiceAccount of Istio's default ingress gateway, whose principal a mesh exposure allows. */
  istioGatewayServiceAccount: 'istio-ingressgateway-service-account',
  /** Istio names the ServiceAccount of the pods it deploys for a Gateway of class `istio` `<gateway>-istio`. */
  gatewayApiServiceAccountSuffix: '-istio',
  /** Pod-template annotation carrying the hash of referenced ConfigMaps/Secrets. */
  configHashAnnotation: 'keelson.dev/config-hash',
  /**
   * Pod-template annotation naming the local volumes the cluster autoscaler may delete with the pod:
   * without it, keelson's writable `emptyDir`s (e.g. /tmp) keep every node running a keelson pod from
   * scaling down. Set to the names of those volumes, only when there are any.
   */
  safeToEvictLocalVolumesAnnotation: 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes',
} as const;
