import type { HorizontalPodAutoscaler, MetricSpec } from 'kubernetes-types/autoscaling/v2';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { DEFAULTS } from './defaults';
import { ScaledResource, metricResources, resolveMetrics } from './metrics';
import { ResolvedScalingRules, ScalingRulesProps, renderScalingRules, resolveScalingRules, stabilizationSeconds } from './scaling-behavior';
import { checkInteger, checkKnownKeys, checkObject, isRecord } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import type { Duration } from '../values/duration';
import type { Metric } from '../values/metric';

// Objects and props shared by the workload constructs (StatelessApp, StatefulApp, ...).

/** Horizontal autoscaling (autoscaling/v2). */
export interface AutoscalingProps {
  /**
   * The fewest replicas.
   * @default 2, for the same reason as `replicas`
   */
  readonly minReplicas?: number;
  /** The most replicas. Required: an unbounded autoscaler can empty a cluster's budget. */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the request.
   * @default 70 without `metrics`: headroom for a spike while new pods start; none with `metrics`
   * (the HPA takes the highest count of all its metrics, so a CPU target you did not ask for would
   * override the ones you chose): set it to scale on CPU as well
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory use, in percent of the request.
   * @default none: memory rarely falls when load does, so it scales up and never back down
   */
  readonly memoryUtilization?: number;
  /**
   * Further metrics to scale on: `Metric.pods(...)`, `.object(...)`, `.external(...)`,
   * `.containerResource(...)`. With metrics, CPU is a target only when `cpuUtilization` is set.
   * @default none: the pods' CPU (`cpuUtilization`) is what most services saturate first
   */
  readonly metrics?: readonly Metric[];
  /**
   * How long load must stay low before scaling down: the shorthand of `scaleDown.stabilizationWindow`
   * (set one of them).
   * @default 5 minutes: avoids flapping on bursty traffic
   */
  readonly scaleDownStabilization?: Duration;
  /**
   * How fast the HPA adds pods (`behavior.scaleUp`): stabilization window, policies, selectPolicy.
   * @default Kubernetes' own: no stabilization, up by 100% or 4 pods per 15s, whichever is more
   */
  readonly scaleUp?: ScalingRulesProps;
  /**
   * How fast the HPA removes pods (`behavior.scaleDown`): stabilization window, policies, selectPolicy.
   * @default a 5-minute stabilization window (`scaleDownStabilization`), Kubernetes' policies (down by 100% per 15s)
   */
  readonly scaleDown?: ScalingRulesProps;
}

/** The most replicas an autoscaler's minimum or maximum may be. */
export const AUTOSCALER_MAX_REPLICAS = 10000;

/** An autoscaler's settings, checked and defaulted. */
export interface ResolvedAutoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Absent with `metrics` and no `cpuUtilization`. */
  readonly cpuUtilization?: number;
  readonly memoryUtilization?: number;
  /** The further metrics, in their Kubernetes form, in the order given. */
  readonly metrics: readonly MetricSpec[];
  /** `behavior.scaleUp`: empty when Kubernetes' defaults apply. */
  readonly scaleUp: ResolvedScalingRules;
  /** `behavior.scaleDown`, whose stabilization window is always set. */
  readonly scaleDown: ResolvedScalingRules & { readonly stabilizationWindowSeconds: number };
}

/** What an autoscaler scales: a Deployment, a StatefulSet or an Argo Rollout. */
export interface ScaleTarget {
  readonly apiVersion: string;
  readonly kind: string;
}

/**
 * Checks autoscaling props (any input) and applies the defaults; `min` is already defaulted by the
 * caller, and undefined when the caller's own count is invalid (recorded there): the rest is
 * checked, nothing is compared with it. Undefined when there is a problem (recorded).
 */
export function resolveAutoscaling(problems: Problems, a: unknown, min: number | undefined, at = 'autoscaling'): ResolvedAutoscaling | undefined {
  if (!checkObject(problems, at, a)) return undefined;
  const before = problems.count;
  checkKnownKeys(problems, at, a, ['minReplicas', 'maxReplicas', 'cpuUtilization', 'memoryUtilization', 'metrics', 'scaleDownStabilization', 'scaleUp', 'scaleDown'], ['HorizontalPodAutoscalerSpec']);
  const minOk = min !== undefined && checkInteger(problems, path(at, 'minReplicas'), min, 1, AUTOSCALER_MAX_REPLICAS);
  const max = a.maxReplicas;
  if (max === undefined) {
    problems.required(path(at, 'maxReplicas'), 'is required: an autoscaler without a ceiling can exhaust the namespace quota');
  } else if (checkInteger(problems, path(at, 'maxReplicas'), max, 1, AUTOSCALER_MAX_REPLICAS) && minOk && max < min) {
    problems.conflict(path(at, 'maxReplicas'), `${max} is below minReplicas ${min}`);
  }
  const metrics = a.metrics !== undefined ? resolveMetrics(problems, path(at, 'metrics'), a.metrics) : [];
  // With metrics of their own choosing, CPU is one of them only when asked for (see cpuUtilization).
  const cpu = a.cpuUtilization ?? (a.metrics === undefined ? DEFAULTS.autoscalingCpuUtilization : undefined);
  if (cpu !== undefined) checkInteger(problems, path(at, 'cpuUtilization'), cpu, 1, 1000);
  const memory = a.memoryUtilization;
  if (memory !== undefined) checkInteger(problems, path(at, 'memoryUtilization'), memory, 1, 1000);
  // scaleDownStabilization is scaleDown.stabilizationWindow's shorthand: the default is stated once, here.
  const shorthand = stabilizationSeconds(problems, path(at, 'scaleDownStabilization'), a.scaleDownStabilization, DEFAULTS.autoscalingScaleDownStabilizationSeconds);
  const down = a.scaleDown;
  if (a.scaleDownStabilization !== undefined && isRecord(down) && down.stabilizationWindow !== undefined) {
    problems.conflict(path(at, 'scaleDownStabilization'), 'cannot be combined with scaleDown.stabilizationWindow, which it is the shorthand of; keep one');
  }
  const scaleUp = resolveScalingRules(problems, path(at, 'scaleUp'), a.scaleUp, undefined);
  const scaleDown = resolveScalingRules(problems, path(at, 'scaleDown'), down, shorthand);
  if (problems.count > before || !minOk) return undefined;
  return {
    minReplicas: min,
    maxReplicas: max as number,
    ...(cpu !== undefined ? { cpuUtilization: cpu as number } : {}),
    ...(memory !== undefined ? { memoryUtilization: memory as number } : {}),
    metrics: metrics!,
    scaleUp: scaleUp!,
    scaleDown: scaleDown as ResolvedAutoscaling['scaleDown'],
  };
}

/** The HorizontalPodAutoscaler for a workload. */
export function renderAutoscaler(a: ResolvedAutoscaling, metadata: ObjectMeta, target: ScaleTarget): HorizontalPodAutoscaler {
  const metrics: MetricSpec[] = [];
  if (a.cpuUtilization !== undefined) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: a.cpuUtilization } } });
  }
  if (a.memoryUtilization !== undefined) {
    metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: a.memoryUtilization } } });
  }
  metrics.push(...a.metrics);
  const up = renderScalingRules(a.scaleUp);
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: metadata.name! },
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
      metrics,
      behavior: { ...(up ? { scaleUp: up } : {}), scaleDown: renderScalingRules(a.scaleDown)! },
    },
  };
}

/** The CPU and memory an autoscaler scales on: its pod targets and its container resource metrics. */
export function scaledResources(a: ResolvedAutoscaling): Set<ScaledResource> {
  const out = new Set<ScaledResource>(metricResources(a.metrics));
  if (a.cpuUtilization !== undefined) out.add('cpu');
  if (a.memoryUtilization !== undefined) out.add('memory');
  return out;
}
