/**
 * Every default specific to a StatefulApp, in one place (the workload defaults are in
 * lib/core/workload/defaults.ts). docs/defaults.md explains each one.
 */
export const STATEFUL_DEFAULTS = {
  /** Start replicas one at a time, each ready before the next: what clustered software expects. */
  podManagementPolicy: 'OrderedReady',
  /** Update every replica. */
  updatePartition: 0,
  /** Keep the data when the StatefulSet is deleted or scaled down. */
  whenDeleted: 'Retain',
  whenScaled: 'Retain',
  /** A claim is read and written by one node at a time: what block storage offers everywhere. */
  accessModes: ['ReadWriteOnce'] as readonly string[],
  volumeMode: 'Filesystem',
  /** Replicas on separate nodes: one node failure takes at most one member. */
  spread: { zones: 'soft', nodes: 'hard' },
  /**
   * In a SecureNamespace (which denies all egress) the app's NetworkPolicy governs egress even
   * without `allowTo`: DNS and the peer replicas, nothing else, so the replicas reach each other.
   */
  allowToInSecureNamespace: [] as readonly never[],
  /** Recommendations only: the VPA never evicts a member of a quorum on its own. */
  verticalAutoscalingMode: 'Off',
} as const;
