import { CanaryReleaseProps, ReleaseTrackProps } from './props';
import type { ReplicaPlan, Router, Track } from './router';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { AcknowledgedRisk, RiskLedger, acknowledgeHint } from '../validation/risks';
import { checkBudgetLimits } from '../workload/disruption-budget';

/**
 * The canary's load per pod, relative to what a stable pod is sized for, from which it is a risk:
 * at twice the load, a canary sized for a trial takes the traffic of the whole stable track.
 */
export const CANARY_OVERLOAD_FACTOR = 2;

/** The most pods a track runs: its autoscaler's maximum, or its replica count. */
function trackPods(props: CanaryReleaseProps, track: Track, plan: ReplicaPlan): number {
  const max = (props[track] as ReleaseTrackProps | undefined)?.autoscaling?.maxReplicas;
  return typeof max === 'number' && Number.isInteger(max) && max > 0 ? max : plan.counts[track];
}

/**
 * The share of traffic the canary gets against its capacity: with weight W, `c` canary pods
 * beside `s` stable pods, each canary pod takes W·s/c of the load a stable pod takes when stable
 * serves everything (the load the app is sized for). Blue/green with the canary active sends it
 * everything. Replica-ratio routing sizes the canary from the weight, so it cannot overload it.
 */
export function checkCanaryLoad(
  problems: Problems,
  name: string,
  props: CanaryReleaseProps,
  router: Router,
  weight: number,
  plan: ReplicaPlan,
  risks: RiskLedger,
): void {
  if (props.canary === undefined || router.kind === 'replica-ratio' || router.kind === 'argo-rollouts') return;
  // A weight out of range is reported as such: no load to judge.
  if (!Number.isInteger(weight) || weight < 0 || weight > 100) return;
  const active = router.weighted ? undefined : (props.routing?.options as { active?: unknown } | undefined)?.active;
  const share = router.weighted ? weight / 100 : active === 'canary' ? 1 : 0;
  const stable = trackPods(props, 'stable', plan);
  const canary = trackPods(props, 'canary', plan);
  const factor = (share * stable) / canary;
  if (share === 0 || factor < CANARY_OVERLOAD_FACTOR || risks.accepts('canary-overload', 'Deployment', `${name}-canary`)) return;
  const at = router.weighted ? path('canary', 'weight') : path('routing', 'active');
  const sent = router.weighted ? `${weight}% of the traffic` : 'all the traffic';
  problems.invalid(at, `sends ${sent} to ${canary} canary ${canary === 1 ? 'pod' : 'pods'} beside ${stable} stable: each canary pod would take ${Math.round(factor * 10) / 10} times the load a stable pod is sized for; give the canary more replicas (or a higher autoscaling.maxReplicas) as its weight grows${acknowledgeHint('canary-overload')}`);
}

/** Each PodDisruptionBudget of the release must limit something: per track, or the Rollout's one. */
export function checkReleaseBudgets(
  problems: Problems,
  name: string,
  props: CanaryReleaseProps,
  router: Router,
  plan: ReplicaPlan,
  maxUnavailable: number | string,
  risks: RiskLedger,
): void {
  if (router.kind === 'argo-rollouts') {
    checkBudgetLimits(problems, maxUnavailable, trackPods(props, 'stable', plan), 'the Rollout', risks, { kind: 'PodDisruptionBudget', name });
    return;
  }
  for (const track of props.canary !== undefined ? (['stable', 'canary'] as const) : (['stable'] as const)) {
    checkBudgetLimits(problems, maxUnavailable, trackPods(props, track, plan), `the ${track} track`, risks, { kind: 'PodDisruptionBudget', name: `${name}-${track}` });
  }
}

/** The release's budget and load risks; returns the acknowledged risks it takes (finishing the ledger). */
export function releaseRisks(
  problems: Problems,
  name: string,
  props: CanaryReleaseProps,
  router: Router,
  r: { readonly plan: ReplicaPlan; readonly weight: number; readonly maxUnavailable: number | string | undefined },
  risks: RiskLedger,
): readonly AcknowledgedRisk[] {
  if (r.maxUnavailable !== undefined) checkReleaseBudgets(problems, name, props, router, r.plan, r.maxUnavailable, risks);
  checkCanaryLoad(problems, name, props, router, r.weight, r.plan, risks);
  return risks.finish();
}
