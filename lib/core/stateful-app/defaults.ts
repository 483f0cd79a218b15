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
   * The app's NetworkPolicy governs egress even without `allowTo`: DNS and the peer replicas,
   * nothing else. Replicas must reach each other in any namespace that denies egress (a keelson
   * SecureNamespace, or a default-deny written by anyone else), and the policy depends on the props
   * alone, never on where the construct is placed.
   */
  allowTo: [] as readonly never[],
} as const;
