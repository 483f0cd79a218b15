import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { STATEFUL_DEFAULTS } from './defaults';
import { StatefulAppProps } from './props';
import { checkInteger, checkKnownKeys, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { wholeSeconds } from '../validation/values';
import { DEFAULTS } from '../workload/defaults';

/** How the StatefulSet starts, updates and keeps its replicas, checked and defaulted. */
export interface ResolvedStatefulSet {
  readonly podManagementPolicy: string;
  readonly updatePartition: number;
  readonly maxUnavailableDuringUpdate?: number;
  readonly minReadySeconds: number;
  readonly revisionHistoryLimit: number;
  readonly whenDeleted: string;
  readonly whenScaled: string;
}

/**
 * Checks the StatefulSet's props (any input) against the replica count (undefined when it is
 * invalid, reported: nothing is compared with it); undefined when invalid (recorded).
 */
export function resolveStatefulSet(problems: Problems, props: StatefulAppProps, replicas: number | undefined): ResolvedStatefulSet | undefined {
  const before = problems.count;
  const policy = props.podManagementPolicy ?? STATEFUL_DEFAULTS.podManagementPolicy;
  if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    problems.notSupported('podManagementPolicy', `must be 'OrderedReady' or 'Parallel', got ${describe(policy)}`);
  }
  const partition = props.updatePartition ?? STATEFUL_DEFAULTS.updatePartition;
  if (checkInteger(problems, 'updatePartition', partition, 0, 1000) && replicas !== undefined && partition > replicas) {
    problems.conflict('updatePartition', `${partition} is above the replica count ${replicas}: no replica would be updated; use at most ${replicas}`);
  }
  const maxUnavailable = props.maxUnavailableDuringUpdate;
  if (maxUnavailable !== undefined) checkInteger(problems, 'maxUnavailableDuringUpdate', maxUnavailable, 1, 1000);
  const minReady = wholeSeconds(problems, 'minReady', props.minReady, DEFAULTS.minReadySeconds);
  const revisionHistoryLimit = props.revisionHistoryLimit ?? DEFAULTS.revisionHistoryLimit;
  checkInteger(problems, 'revisionHistoryLimit', revisionHistoryLimit, 0, 1000);
  const retention = resolveRetention(problems, props.volumeRetention);
  if (problems.count > before || minReady === undefined) return undefined;
  return {
    podManagementPolicy: policy,
    updatePartition: partition,
    ...(maxUnavailable !== undefined ? { maxUnavailableDuringUpdate: maxUnavailable } : {}),
    minReadySeconds: minReady,
    revisionHistoryLimit,
    ...retention,
  };
}

/** What happens to the claims when the StatefulSet is deleted or scaled down. */
function resolveRetention(problems: Problems, retention: StatefulAppProps['volumeRetention']): { whenDeleted: string; whenScaled: string } {
  if (retention !== undefined && checkObject(problems, 'volumeRetention', retention)) {
    checkKnownKeys(problems, 'volumeRetention', retention, ['whenDeleted', 'whenScaled']);
  }
  const whenDeleted = retention?.whenDeleted ?? STATEFUL_DEFAULTS.whenDeleted;
  const whenScaled = retention?.whenScaled ?? STATEFUL_DEFAULTS.whenScaled;
  for (const [key, value] of [['whenDeleted', whenDeleted], ['whenScaled', whenScaled]] as const) {
    if (value !== 'Retain' && value !== 'Delete') problems.notSupported(path('volumeRetention', key), `must be 'Retain' or 'Delete', got ${describe(value)}`);
  }
  return { whenDeleted, whenScaled };
}

/** What the StatefulSet is rendered from besides its own settings. */
export interface StatefulSetParts {
  readonly template: PodTemplateSpec;
  readonly selector: Record<string, string>;
  readonly serviceName: string;
  readonly volumeClaimTemplates: readonly PersistentVolumeClaim[];
  /** The replica count; absent with an autoscaler. */
  readonly replicas?: number;
}

/** The StatefulSet. */
export function renderStatefulSet(s: ResolvedStatefulSet, parts: StatefulSetParts, metadata: ObjectMeta): StatefulSet {
  const rollingUpdate = {
    ...(s.updatePartition ? { partition: s.updatePartition } : {}),
    ...(s.maxUnavailableDuringUpdate !== undefined ? { maxUnavailable: s.maxUnavailableDuringUpdate } : {}),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata,
    spec: {
      ...(parts.replicas !== undefined ? { replicas: parts.replicas } : {}),
      selector: { matchLabels: { ...parts.selector } },
      serviceName: parts.serviceName,
      podManagementPolicy: s.podManagementPolicy,
      updateStrategy: Object.keys(rollingUpdate).length ? { type: 'RollingUpdate', rollingUpdate } : { type: 'RollingUpdate' },
      minReadySeconds: s.minReadySeconds,
      revisionHistoryLimit: s.revisionHistoryLimit,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: s.whenDeleted, whenScaled: s.whenScaled },
      template: parts.template,
      ...(parts.volumeClaimTemplates.length ? { volumeClaimTemplates: [...parts.volumeClaimTemplates] } : {}),
    },
  };
}
