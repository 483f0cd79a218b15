import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { CanaryReleaseProps, CustomObject } from './props';
import type { TrackName } from './router';
import { ResolvedTrack, ResolvedTrackPod } from './tracks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { ResolvedAutoscaling, renderAutoscaler, resolveAutoscaling } from '../workload/autoscaler';
import { DEFAULTS } from '../workload/defaults';
import { renderDisruptionBudget } from '../workload/disruption-budget';
import { LABELS } from '../workload/labels';
import { renderPod } from '../workload/pod';
import { RolloutSettings } from '../workload/rollout';

/** What the tracks' workloads are rendered from. */
export interface WorkloadContext {
  readonly props: CanaryReleaseProps;
  readonly name: string;
  readonly tracks: readonly ResolvedTrack[];
  readonly settings: RolloutSettings;
  readonly maxUnavailable: number | string;
  readonly selector: Record<string, string>;
  /** Metadata of the release's objects, or of a track's (its name and labels). */
  readonly meta: (extra?: Partial<ObjectMeta>, labels?: Record<string, string>) => ObjectMeta;
  /** The resolved route, when it resolved (Flagger's Canary is made from it). */
  readonly route?: unknown;
}

/** The workloads of a release: a Deployment per track, or one Argo Rollout. */
export interface Workloads {
  readonly deployments: readonly Deployment[];
  readonly rollout?: CustomObject;
  /** The Argo Rollouts AnalysisTemplate the Rollout's analysis runs. */
  readonly analysisTemplate?: CustomObject;
  /** The Flagger Canary that drives the Deployment. */
  readonly flaggerCanary?: CustomObject;
  readonly podDisruptionBudgets: readonly PodDisruptionBudget[];
  readonly horizontalPodAutoscalers: readonly HorizontalPodAutoscaler[];
}

/** Each track's autoscaler, checked (the minimum defaults to the app's replica default). */
export type TrackAutoscalers = Partial<Record<TrackName, ResolvedAutoscaling>>;

/** Resolves the autoscaler of each track that has one; undefined when there is a problem (recorded). */
export function resolveTrackAutoscalers(problems: Problems, tracks: readonly ResolvedTrackPod[]): TrackAutoscalers | undefined {
  const before = problems.count;
  const out: TrackAutoscalers = {};
  for (const t of tracks) {
    if (!t.autoscaling) continue;
    const a = resolveAutoscaling(problems, t.autoscaling, t.autoscaling.minReplicas ?? DEFAULTS.replicas, path(t.at ?? t.track, 'autoscaling'));
    if (a) out[t.track] = a;
  }
  return problems.count > before ? undefined : out;
}

/** A Deployment, a PodDisruptionBudget and maybe an autoscaler per track, each named `<name>-<track>`. */
export function renderTrackWorkloads(ctx: WorkloadContext, autoscalers: TrackAutoscalers): Workloads {
  const deployments: Deployment[] = [];
  const budgets: PodDisruptionBudget[] = [];
  const hpas: HorizontalPodAutoscaler[] = [];
  const { settings } = ctx;
  for (const t of ctx.tracks) {
    const trackName = `${ctx.name}-${t.track}`;
    deployments.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      // The Deployment's own instance label is its name, as for every other keelson workload (and as
      // Polaris' metadataAndInstanceMismatched asks); its pods keep the release's, which the
      // immutable selector matches: the release is still selected by `app.kubernetes.io/name`.
      metadata: ctx.meta({ name: trackName }, { ...t.pod.labels, [LABELS.instance]: trackName }),
      spec: {
        ...(t.autoscaling ? {} : { replicas: t.replicas }),
        selector: { matchLabels: { ...t.pod.selector } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: settings.maxSurge, maxUnavailable: DEFAULTS.maxUnavailable } },
        minReadySeconds: settings.minReadySeconds,
        progressDeadlineSeconds: settings.progressDeadlineSeconds,
        revisionHistoryLimit: settings.revisionHistoryLimit,
        template: renderPod(t.pod),
      },
    });
    budgets.push(renderDisruptionBudget(ctx.meta({ name: trackName }, t.pod.labels), t.pod.selector, { maxUnavailable: ctx.maxUnavailable }));
    const a = autoscalers[t.track];
    if (a) hpas.push(renderAutoscaler(a, ctx.meta({ name: trackName }, t.pod.labels), { apiVersion: 'apps/v1', kind: 'Deployment' }));
  }
  return { deployments, podDisruptionBudgets: budgets, horizontalPodAutoscalers: hpas };
}
