import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { checkKnownKeys, checkObject } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { intOrPercent } from '../validation/values';
import { DEFAULTS } from './defaults';

/** The PodDisruptionBudget. */
export interface DisruptionBudgetProps {
  /**
   * Pods that may be evicted at once, as a count (≥ 1) or a percentage (`"25%"`). Zero would
   * block every node drain and is rejected.
   * @default 1
   */
  readonly maxUnavailable?: number | string;
}

/** How many pods a budget lets go at once: a count or a percentage; undefined when invalid (recorded). */
export function resolveMaxUnavailable(problems: Problems, value: unknown): number | string | undefined {
  return intOrPercent(problems, path('disruptionBudget', 'maxUnavailable'), value ?? DEFAULTS.disruptionMaxUnavailable,
    '0 would block every node drain and cluster upgrade; use at least 1');
}

/** Checks DisruptionBudgetProps (any input) and applies the default; undefined when invalid (recorded). */
export function resolveDisruptionBudget(problems: Problems, budget: unknown): number | string | undefined {
  if (budget !== undefined && checkObject(problems, 'disruptionBudget', budget)) {
    checkKnownKeys(problems, 'disruptionBudget', budget, ['maxUnavailable'], ['PodDisruptionBudgetSpec']);
  }
  return resolveMaxUnavailable(problems, (budget as DisruptionBudgetProps | null | undefined)?.maxUnavailable);
}

/**
 * A PodDisruptionBudget that never blocks a drain: unhealthy pods are always evictable, so a
 * crash-looping pod cannot hold a node hostage.
 */
export function renderDisruptionBudget(
  metadata: ObjectMeta,
  selector: Record<string, string>,
  budget: { readonly maxUnavailable: number | string } | { readonly minAvailable: number },
): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata,
    spec: {
      ...budget,
      selector: { matchLabels: { ...selector } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
