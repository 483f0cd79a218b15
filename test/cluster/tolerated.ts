/**
 * kube-score findings on keelson's output that are tolerated, each with the reason. The cluster
 * suite fails on any other finding, and on an entry here that no longer occurs. A finding line is
 * `<manifest set> Kind/name: check-id: summary`.
 */
export interface Tolerated {
  readonly finding: RegExp;
  readonly reason: string;
}

export const KUBE_SCORE_TOLERATED: readonly Tolerated[] = [
  {
    finding: /^\S+ Service\/\S+: service-type: The service is of type NodePort$/,
    reason:
      'Only with exposure: Exposure.nodePort(), an explicit choice: the NetworkPolicy admits only its clients on the exposed ports, ' +
      'and a SecureNamespace grants node ports only through its quota (0 by default).',
  },
  {
    // One `CPU limit is not set` per container (a BatchJob's init container and its main container).
    finding: /^\S+ (Deployment|StatefulSet|Job|CronJob)\/\S+: container-resources: CPU limit is not set(; CPU limit is not set)*$/,
    reason:
      'A CPU limit is opt-in (resources.cpu.limit): CPU is compressible, and a limit throttles a pod even on an idle node. ' +
      'Requests are always set and the memory limit always equals the memory request.',
  },
  {
    finding: /^stateless-qos-security Deployment\/worker: container-resources: CPU limit is not set; Memory limit is not set$/,
    reason: 'The worker leaves its memory limit out on purpose (resources.memory.limit: \'none\'), the explicit opt-out this configuration tests.',
  },
  {
    finding: /^stateless-qos-security Deployment\/worker: container-security-context-user-group-id: The container is running with a low user ID; The container running with a low group ID$/,
    reason: 'The worker lets the platform assign its IDs (securityContext.platformAssignedIds, OpenShift-style): keelson emits none for kube-score to check.',
  },
  {
    finding: /^stateless-qos-security-baseline Deployment\/legacy: container-security-context-user-group-id: The container is running with a low user ID; The container running with a low group ID$/,
    reason: 'The legacy app runs as root on purpose (acknowledgeRisks: [\'run-as-root\']) in a namespace at Pod Security baseline: the opt-in this configuration tests.',
  },
  {
    finding: /^\S+ (Deployment|StatefulSet|Job|CronJob)\/\S+: container-ephemeral-storage-request-and-limit: /,
    reason:
      'keelson does not guess an app\'s disk use; the one volume it adds (the writable /tmp emptyDir) has a sizeLimit. ' +
      'Ephemeral-storage requests and limits are the user\'s to set.',
  },
  {
    finding: /^\S+ (Deployment|StatefulSet)\/\S+: (deployment|statefulset)-has-host-podantiaffinity: /,
    reason:
      'keelson spreads replicas with topologySpreadConstraints over kubernetes.io/hostname and topology.kubernetes.io/zone ' +
      '(the scheduler\'s recommended mechanism), which kube-score 1.20 does not recognise; a hard anti-affinity would also ' +
      'leave pods Pending when nodes are short.',
  },
  {
    finding: /^\S+ Deployment\/\S+-canary: deployment-replicas: /,
    reason: 'A canary track is deliberately small (one pod by default); its PDB never blocks a drain and stable keeps the capacity.',
  },
  {
    // The matrix's named versions are all `v3` (reference-mesh's reviews v3, canary-gateway-versions).
    finding: /^\S+ Deployment\/\S+-v3: deployment-replicas: /,
    reason: 'A named version starts small, as a canary does (one pod by default); its PDB never blocks a drain and stable keeps the capacity.',
  },
  {
    finding: /^\S+ StatefulSet\/\S+: pod-probes-identical: /,
    reason:
      'With only TCP ports and no probe given, readiness and liveness are both TCP connects on the first port (kube-score ' +
      'compares only the port); they differ in period and failure threshold, so a busy pod turns unready long before it is ' +
      'restarted. Apps with an HTTP or gRPC health endpoint should set both probes.',
  },
  {
    finding: /^canary-argo(-analysis|-nginx|-gateway)? (NetworkPolicy|Service)\/\S+: (networkpolicy|service)-targets-pod: /,
    reason: 'With Argo Rollouts routing the pods come from the Rollout\'s template, a kind kube-score does not read.',
  },
];
