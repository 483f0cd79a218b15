import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { AnalysisTarget, ResolvedAnalysis, istioQueries, renderAnalysisTemplate, resolveAnalysis, rolloutAnalysis } from './analysis';
import { ARGO_DEFAULTS } from './defaults';
import { ISTIO_KEYS, IstioRouter, checkDuration } from './istio';
import { CustomObject } from './props';
import type { RoutingKind } from './router';
import { ArgoRolloutsOptions } from './routing';
import { ResolvedTrackPod } from './tracks';
import { WorkloadContext, Workloads } from './workloads';
import { checkInteger } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import type { RiskLedger } from '../validation/risks';
import { Duration } from '../values/duration';
import { ResolvedAutoscaling, renderAutoscaler, resolveAutoscaling } from '../workload/autoscaler';
import { DEFAULTS } from '../workload/defaults';
import { renderDisruptionBudget } from '../workload/disruption-budget';
import { LABELS } from '../workload/labels';
import { PodTemplateOptions, renderPod } from '../workload/pod';

/** The Rollout's canary steps and the stable track's autoscaler, checked. */
export interface ArgoWorkload {
  readonly steps: readonly number[];
  /** The pause after each step; undefined: a manual one, held until promoted. */
  readonly pause?: string;
  readonly autoscaling?: ResolvedAutoscaling;
  /** The metric analysis the Rollout runs in the background; absent with `analysis: false` (an acknowledged risk). */
  readonly analysis?: ResolvedAnalysis;
}

/**
 * Argo Rollouts: a Rollout instead of the two Deployments, driving the Istio VirtualService and
 * DestinationRule; the controller moves the weights and can roll back.
 */
export class ArgoRolloutsRouter extends IstioRouter {
  public readonly kind: RoutingKind = 'argo-rollouts';
  /** The controller drives the canary: its weight is not the props'. */
  public readonly weightCanOverload = false;
  public readonly oneWorkload = true;
  /** One Rollout runs two tracks: no named versions. */
  public readonly namedVersions: boolean = false;

  /** Argo Rollouts' ReplicaSets carry rollouts-pod-template-hash, and it labels the revisions itself. */
  public podOptions(): PodTemplateOptions {
    return { revisionLabelKey: 'rollouts-pod-template-hash', extraSelector: {} };
  }

  /** The Rollout's steps and pause, and the stable track's autoscaler; undefined when invalid (recorded). */
  public resolveWorkloads(
    problems: Problems,
    options: unknown,
    tracks: readonly ResolvedTrackPod[],
    hasCanary: boolean,
    risks: RiskLedger,
  ): ArgoWorkload | undefined {
    return resolveArgoWorkload(problems, options, tracks, hasCanary, risks, true);
  }

  /** The Rollout, one PodDisruptionBudget over all its pods, and the autoscaler targeting the Rollout. */
  public renderWorkloads(ctx: WorkloadContext, resolved: unknown): Workloads {
    const name = ctx.props.name;
    const trafficRouting = {
      istio: {
        virtualService: { name, routes: ['primary'] },
        destinationRule: { name, canarySubsetName: 'canary', stableSubsetName: 'stable' },
      },
    };
    return renderArgoWorkloads(ctx, resolved as ArgoWorkload, { trafficRouting, queries: istioQueries, versionQueries: true });
  }

  protected optionKeys(): string[] {
    return [...ISTIO_KEYS, ...ARGO_KEYS];
  }

  protected checkMatches(problems: Problems): void {
    problems.notSupported(path('routing', 'match'), 'is not supported with Argo Rollouts, which owns the routes (use its setHeaderRoute steps)');
  }

  protected mirrors(problems: Problems): boolean {
    problems.notSupported(path('routing', 'mirrorPercent'), 'is not supported with Argo Rollouts, which owns the route');
    return false;
  }

  /** The primary route always lists both subsets: the controller moves the weight. */
  protected splits(): boolean {
    return true;
  }

  /** Argo Rollouts injects the revision label into the subsets itself. */
  protected subsets(): Array<Record<string, unknown>> {
    return [{ name: 'stable', labels: {} }, { name: 'canary', labels: {} }];
  }
}

/** The options every Argo Rollouts routing takes besides its traffic router's. */
export const ARGO_KEYS = ['steps', 'pause', 'analysis'];

/**
 * The Rollout's steps and pause, and the stable track's autoscaler; undefined when invalid (recorded).
 * `versionQueries`: the router's queries tell the new revision apart by its version (Istio's).
 */
export function resolveArgoWorkload(
  problems: Problems,
  options: unknown,
  tracks: readonly ResolvedTrackPod[],
  hasCanary: boolean,
  risks: RiskLedger,
  versionQueries: boolean,
): ArgoWorkload | undefined {
  const stable = tracks[0];
  const before = problems.count;
  const o = options as ArgoRolloutsOptions | undefined;
  const steps = o?.steps ?? ARGO_DEFAULTS.steps;
  if (!Array.isArray(steps) || steps.length === 0) {problems.required(path('routing', 'steps'), 'must list at least one weight');} else {
    steps.forEach((w, i) => {
      if (checkInteger(problems, path('routing', 'steps', i), w, 1, 100) && i > 0 && w <= steps[i - 1]) {
        problems.invalid(path('routing', 'steps', i), `${w} must be above the previous step ${steps[i - 1]}`);
      }
    });
  }
  // 'manual': an empty pause, which Argo Rollouts holds until `kubectl argo rollouts promote`.
  const pause = o?.pause === undefined ? ARGO_DEFAULTS.pause : o.pause === 'manual' ? undefined : checkPause(problems, o.pause);
  if (hasCanary) {
    problems.conflict('canary', 'is driven by Argo Rollouts with this routing: change the image in `stable` (or the container) and the controller runs the canary steps');
  }
  const a = stable.autoscaling;
  const autoscaling = a ? resolveAutoscaling(problems, a, a.minReplicas ?? DEFAULTS.replicas, path('stable', 'autoscaling')) : undefined;
  const analysis = resolveAnalysis(problems, o?.analysis, risks, problems.construct);
  const q = analysis ? analysis.queries : undefined;
  if (versionQueries && q && (q.successRate === undefined || q.latency === undefined) && stable.pod.labels[LABELS.version] === undefined) {
    problems.required(path('stable', 'version'), "is required with the Rollout's analysis: its queries tell the new revision's requests apart by the pods' app.kubernetes.io/version, and the image gives none (set it, or give routing.analysis.queries)");
  }
  if (problems.count > before) return undefined;
  return { steps, ...(pause !== undefined ? { pause } : {}), ...(autoscaling ? { autoscaling } : {}), ...(analysis ? { analysis } : {}) };
}

/** The router's PromQL for the analysis, from where its metrics are. */
export type RouterQueries = (t: AnalysisTarget, a: ResolvedAnalysis) => { successRate: string; latency: string };

/**
 * The Rollout (driving `trafficRouting`), its AnalysisTemplate, one PodDisruptionBudget over all its pods, and the autoscaler.
 * The analysis passes the pods' version as `canary-version` always with `versionQueries` (Istio's), else when there is one.
 */
export function renderArgoWorkloads(
  ctx: WorkloadContext, w: ArgoWorkload, router: { trafficRouting: Record<string, unknown>; queries: RouterQueries; versionQueries: boolean },
  services?: Record<string, string>,
): Workloads {
  const label = ctx.tracks[0].pod.labels[LABELS.version];
  const version = label ?? (router.versionQueries ? '' : undefined);
  const rollout = renderRolloutObject(ctx, w, router.trafficRouting, version, services);
  const target = { name: ctx.props.name, namespace: ctx.props.namespace ?? '', version: version ?? '' };
  const analysisTemplate = w.analysis
    ? renderAnalysisTemplate(ctx.meta(), w.analysis, router.queries(target, w.analysis), version !== undefined)
    : undefined;
  const hpas = w.autoscaling ? [renderAutoscaler(w.autoscaling, ctx.meta(), { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' })] : [];
  return {
    deployments: [],
    rollout,
    ...(analysisTemplate ? { analysisTemplate } : {}),
    podDisruptionBudgets: [renderDisruptionBudget(ctx.meta(), ctx.selector, { maxUnavailable: ctx.maxUnavailable })],
    horizontalPodAutoscalers: hpas,
  };
}

/** The longest pause Argo Rollouts can hold: it counts pauses in whole seconds, as a 32-bit integer. */
const MAX_PAUSE_SECONDS = 2_147_483_647;

/**
 * A timed pause, as Argo Rollouts reads it: it truncates the duration to whole seconds, so a pause
 * under one second is no pause at all and 1500ms is 1s. Its text, or undefined (recorded).
 */
function checkPause(problems: Problems, value: unknown): string | undefined {
  const at = path('routing', 'pause');
  const text = checkDuration(problems, at, value);
  if (text === undefined) return undefined;
  const d = value as Duration;
  if (!d.isWholeSeconds || d.toSeconds() < 1 || d.toSeconds() > MAX_PAUSE_SECONDS) {
    problems.invalid(at, `${d} is not a whole number of seconds from 1s to ${MAX_PAUSE_SECONDS}s: Argo Rollouts counts a pause in whole seconds (a 32-bit count) and drops the rest, so a pause under 1s does not pause at all; use 'manual' to wait for a promotion`);
    return undefined;
  }
  return text;
}

function renderRolloutObject(
  ctx: WorkloadContext, w: ArgoWorkload, trafficRouting: Record<string, unknown>, version: string | undefined, services?: Record<string, string>,
): CustomObject {
  const { props, settings } = ctx;
  const stable = ctx.tracks[0];
  // The Rollout's template is the stable track's: Argo Rollouts runs the new revision as the canary.
  const template: PodTemplateSpec = renderPod(stable.pod);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: ctx.meta(),
    spec: {
      ...(stable.autoscaling ? {} : { replicas: stable.replicas }),
      selector: { matchLabels: { ...ctx.selector } },
      minReadySeconds: settings.minReadySeconds,
      progressDeadlineSeconds: settings.progressDeadlineSeconds,
      revisionHistoryLimit: settings.revisionHistoryLimit,
      template,
      strategy: {
        canary: {
          ...(props.maxSurge !== undefined ? { maxSurge: props.maxSurge, maxUnavailable: 0 } : {}),
          ...services,
          trafficRouting,
          steps: w.steps.flatMap((s) => [{ setWeight: s }, { pause: w.pause ? { duration: w.pause } : {} }]),
          ...(w.analysis ? { analysis: rolloutAnalysis(props.name, version) } : {}),
        },
      },
    },
  };
}
