import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { DEFAULTS } from './defaults';
import { checkKnownKeys, checkObject } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { RiskLedger, acknowledgeHint } from '../validation/risks';
import { intOrPercent } from '../validation/values';

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

/**
 * A budget that lets every pod of a workload of two or more go at once protects nothing: a drain
 * may evict them all together. (One pod cannot be protected without blocking drains, so a budget
 * of one pod is not a risk.) `pods` is the most the workload runs (an autoscaler's maximum);
 * percentages round up, as Kubernetes rounds a PDB's maxUnavailable.
 */
export function checkBudgetLimits(
  problems: Problems,
  maxUnavailable: number | string,
  pods: number,
  what: string,
  risks: RiskLedger,
  target: { kind: string; name: string },
): void {
  // A replica count that is not a number is reported where it is given: no budget to judge.
  if (typeof pods !== 'number' || !Number.isInteger(pods) || pods < 2) return;
  const allowed = typeof maxUnavailable === 'number' ? maxUnavailable : Math.ceil((Number(maxUnavailable.slice(0, -1)) * pods) / 100);
  if (allowed < pods || risks.accepts('budget-never-limits', target.kind, target.name)) return;
  problems.invalid(path('disruptionBudget', 'maxUnavailable'), `${JSON.stringify(maxUnavailable)} lets all ${pods} pods of ${what} be evicted at once, so the PodDisruptionBudget protects nothing during a drain; use a smaller value${acknowledgeHint('budget-never-limits')}`);
}
