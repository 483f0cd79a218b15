import { DEFAULTS } from './defaults';
import { checkInteger } from '../validation/checks';
import { Problems } from '../validation/problems';
import { wholeSeconds, intOrPercent } from '../validation/values';
import type { Duration } from '../values/duration';

/** How a Deployment rolls out (StatelessApp, and each track of a CanaryRelease). */
export interface RolloutProps {
  /**
   * A new pod must stay ready this long before it counts as available.
   * @default 5s: catches pods that crash right after their first successful probe
   */
  readonly minReady?: Duration;
  /**
   * A rollout that makes no progress for this long is marked failed.
   * @default 10 minutes
   */
  readonly progressDeadline?: Duration;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`.
   * @default 5
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Extra pods a rollout may start above the desired count (a count or `"25%"`). Pods never go
   * below the desired count (`maxUnavailable: 0`).
   * @default '25%' (at least one pod)
   */
  readonly maxSurge?: number | string;
}

/** The validated rollout settings, defaults applied. */
export interface RolloutSettings {
  readonly minReadySeconds: number;
  readonly progressDeadlineSeconds: number;
  readonly revisionHistoryLimit: number;
  readonly maxSurge: number | string;
}

/** Checks RolloutProps (any input) and applies their defaults; undefined when there is a problem (recorded). */
export function resolveRollout(problems: Problems, props: RolloutProps): RolloutSettings | undefined {
  const before = problems.count;
  const minReady = wholeSeconds(problems, 'minReady', props.minReady, DEFAULTS.minReadySeconds);
  const progressDeadline = wholeSeconds(problems, 'progressDeadline', props.progressDeadline, DEFAULTS.progressDeadlineSeconds);
  if (progressDeadline !== undefined && minReady !== undefined && progressDeadline <= minReady) {
    problems.conflict('progressDeadline', `${progressDeadline}s must be longer than minReady (${minReady}s)`);
  }
  const revisionHistoryLimit = props.revisionHistoryLimit ?? DEFAULTS.revisionHistoryLimit;
  checkInteger(problems, 'revisionHistoryLimit', revisionHistoryLimit, 0, 1000);
  const maxSurge = intOrPercent(problems, 'maxSurge', props.maxSurge ?? DEFAULTS.maxSurge,
    '0 would stall every rollout: with maxUnavailable 0 the rollout needs room for at least one new pod');
  if (problems.count > before || minReady === undefined || progressDeadline === undefined || maxSurge === undefined) return undefined;
  return { minReadySeconds: minReady, progressDeadlineSeconds: progressDeadline, revisionHistoryLimit, maxSurge };
}
