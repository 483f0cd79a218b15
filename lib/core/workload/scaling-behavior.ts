import type { HPAScalingRules } from 'kubernetes-types/autoscaling/v2';
import { checkInteger, checkKnownKeys, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { wholeSeconds } from '../validation/values';
import type { Duration } from '../values/duration';

// The HorizontalPodAutoscaler's behavior (autoscaling.scaleUp, autoscaling.scaleDown), checked
// against the API server's limits (pkg/apis/autoscaling/validation).

/** One scaling policy: at most `value` pods, or `value` percent of the current pods, per `period`. */
export interface ScalingPolicyProps {
  /** `Pods`: a number of pods; `Percent`: a percentage of the current replicas. */
  readonly type: 'Pods' | 'Percent';
  /** How many pods, or what percentage, per period; at least 1. */
  readonly value: number;
  /** The period the limit holds for: 1 second to 30 minutes. */
  readonly period: Duration;
}

/** How the HPA scales in one direction (`behavior.scaleUp` or `behavior.scaleDown`). */
export interface ScalingRulesProps {
  /**
   * How long the HPA looks back before it changes the count: it takes the highest (scale-down) or
   * lowest (scale-up) recommendation of the window, so a short dip or spike changes nothing (0-3600s).
   * @default for scaleDown 5 minutes (`scaleDownStabilization`): avoids flapping on bursty traffic; for
   * scaleUp Kubernetes' 0s: react to load at once
   */
  readonly stabilizationWindow?: Duration;
  /**
   * Which policy wins when several apply: `Max` (the largest change), `Min` (the smallest), or
   * `Disabled` (never scale in this direction).
   * @default Kubernetes' `Max`: the policy that allows the largest change
   */
  readonly selectPolicy?: 'Max' | 'Min' | 'Disabled';
  /**
   * The most the count may change per period.
   * @default Kubernetes' own: scale up by 100% or 4 pods per 15s (whichever is more), scale down by
   * 100% per 15s; they fit most services
   */
  readonly policies?: readonly ScalingPolicyProps[];
}

/** One direction's rules, checked. */
export interface ResolvedScalingRules {
  readonly stabilizationWindowSeconds?: number;
  readonly selectPolicy?: string;
  readonly policies?: ReadonlyArray<{ readonly type: string; readonly value: number; readonly periodSeconds: number }>;
}

/** The API server's bounds. */
const MAX_STABILIZATION_SECONDS = 3600;
const MAX_PERIOD_SECONDS = 1800;
const MAX_INT32 = 2_147_483_647;
const SELECT_POLICIES = ['Max', 'Min', 'Disabled'];
const POLICY_TYPES = ['Pods', 'Percent'];

/**
 * Checks one direction's rules (any input); `fallback` is the stabilization window when none is
 * given (undefined: leave it to Kubernetes). Undefined when invalid (recorded).
 */
export function resolveScalingRules(problems: Problems, at: string, r: unknown, fallback: number | undefined): ResolvedScalingRules | undefined {
  if (r === undefined) return fallback === undefined ? {} : { stabilizationWindowSeconds: fallback };
  if (!checkObject(problems, at, r)) return undefined;
  const before = problems.count;
  checkKnownKeys(problems, at, r, ['stabilizationWindow', 'selectPolicy', 'policies'], [], 'property of the scaling rules');
  const window = stabilizationSeconds(problems, path(at, 'stabilizationWindow'), r.stabilizationWindow, fallback);
  const select = r.selectPolicy;
  if (select !== undefined && (typeof select !== 'string' || !SELECT_POLICIES.includes(select))) {
    problems.notSupported(path(at, 'selectPolicy'), `must be one of ${SELECT_POLICIES.join(', ')}, got ${describe(select)}`);
  }
  const policies = r.policies === undefined ? undefined : resolvePolicies(problems, path(at, 'policies'), r.policies);
  if (problems.count > before) return undefined;
  return {
    ...(window !== undefined ? { stabilizationWindowSeconds: window } : {}),
    ...(select !== undefined ? { selectPolicy: select as string } : {}),
    ...(policies !== undefined ? { policies } : {}),
  };
}

/** A stabilization window in whole seconds, 0-3600; `fallback` when not given. */
export function stabilizationSeconds(problems: Problems, at: string, value: unknown, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const seconds = wholeSeconds(problems, at, value, 0);
  if (seconds !== undefined && seconds > MAX_STABILIZATION_SECONDS) {
    problems.invalid(at, `${seconds}s is above the ${MAX_STABILIZATION_SECONDS}s Kubernetes allows`);
    return undefined;
  }
  return seconds;
}

function resolvePolicies(problems: Problems, at: string, value: unknown): ResolvedScalingRules['policies'] {
  if (!Array.isArray(value)) {
    problems.invalid(at, `must be an array of policies ({ type, value, period }), got ${describe(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    problems.invalid(at, 'is empty: give at least one policy, or leave policies out for Kubernetes\' default');
    return undefined;
  }
  const before = problems.count;
  const out: Array<{ type: string; value: number; periodSeconds: number }> = [];
  const seen = new Map<string, number>();
  value.forEach((p: unknown, i) => {
    const pat = path(at, i);
    if (!checkObject(problems, pat, p)) return;
    checkKnownKeys(problems, pat, p, ['type', 'value', 'period'], [], 'property of a scaling policy');
    if (p.type === undefined) problems.required(path(pat, 'type'), 'is required: Pods (a number of pods) or Percent (of the current replicas)');
    else if (typeof p.type !== 'string' || !POLICY_TYPES.includes(p.type)) problems.notSupported(path(pat, 'type'), `must be one of ${POLICY_TYPES.join(', ')}, got ${describe(p.type)}`);
    if (p.value === undefined) problems.required(path(pat, 'value'), 'is required: how many pods, or what percentage, per period');
    else checkInteger(problems, path(pat, 'value'), p.value, 1, MAX_INT32);
    let period: number | undefined;
    if (p.period === undefined) {
      problems.required(path(pat, 'period'), 'is required: the period the limit holds for (e.g. Duration.seconds(60))');
    } else {
      period = wholeSeconds(problems, path(pat, 'period'), p.period, 0);
      if (period !== undefined && (period < 1 || period > MAX_PERIOD_SECONDS)) {
        problems.invalid(path(pat, 'period'), `${period}s is outside the 1s to ${MAX_PERIOD_SECONDS}s (30 minutes) Kubernetes allows`);
        period = undefined;
      }
    }
    if (typeof p.type === 'string' && period !== undefined) {
      // Two limits of one type over one period: the HPA would apply only the one selectPolicy picks.
      const key = `${p.type}/${period}`;
      const first = seen.get(key);
      if (first !== undefined) problems.duplicate(pat, `limits ${p.type} per ${period}s like policies[${first}]: keep one`);
      else seen.set(key, i);
    }
    out.push({ type: p.type as string, value: p.value as number, periodSeconds: period as number });
  });
  return problems.count > before ? undefined : out;
}

/** A direction's rules in the HPA's form; undefined when there is nothing to say (Kubernetes' defaults). */
export function renderScalingRules(r: ResolvedScalingRules): HPAScalingRules | undefined {
  if (r.stabilizationWindowSeconds === undefined && r.selectPolicy === undefined && r.policies === undefined) return undefined;
  return {
    ...(r.stabilizationWindowSeconds !== undefined ? { stabilizationWindowSeconds: r.stabilizationWindowSeconds } : {}),
    ...(r.selectPolicy !== undefined ? { selectPolicy: r.selectPolicy } : {}),
    ...(r.policies !== undefined ? { policies: r.policies.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.periodSeconds })) } : {}),
  };
}
