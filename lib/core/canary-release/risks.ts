import { CanaryReleaseProps } from './props';
import type { ReplicaPlan, Router, VersionWeight } from './router';
import type { ResolvedTrackPod } from './tracks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { AcknowledgedRisk, RiskLedger, acknowledgeHint } from '../validation/risks';
import { AUTOSCALER_MAX_REPLICAS } from '../workload/autoscaler';
import { checkBudgetLimits } from '../workload/disruption-budget';

/**
 * The canary's load per pod, relative to what a stable pod is sized for, from which it is a risk:
 * at twice the load, a canary sized for a trial takes the traffic of the whole stable track.
 */
export const CANARY_OVERLOAD_FACTOR = 2;

/**
 * The most pods a track runs: its autoscaler's maximum, or its replica count; undefined when the
 * one it runs by is invalid (reported where it is resolved): nothing is judged from it.
 */
function trackPods(track: ResolvedTrackPod, plan: ReplicaPlan): number | undefined {
  if (track.autoscaling === undefined) return plan.counts[track.track];
  const a: unknown = track.autoscaling;
  const max = typeof a === 'object' && a !== null ? (a as { maxReplicas?: unknown }).maxReplicas : undefined;
  return typeof max === 'number' && Number.isInteger(max) && max >= 1 && max <= AUTOSCALER_MAX_REPLICAS ? max : undefined;
}

/** What the release's risks are judged from: the tracks, their replica counts and the canary's weight. */
export interface ReleaseLoad {
  readonly tracks: readonly ResolvedTrackPod[];
  readonly plan: ReplicaPlan;
  /** The canary's weight; undefined when invalid (reported). */
  readonly weight?: number;
  /** The budget's limit; undefined when invalid (reported). */
  readonly maxUnavailable?: number | string;
  /** The named versions' weights; undefined when one is invalid (reported). */
  readonly versions?: readonly VersionWeight[];
}

/**
 * The share of traffic the canary gets against its capacity: with weight W, `c` canary pods
 * beside `s` stable pods, each canary pod takes W·s/c of the load a stable pod takes when stable
 * serves everything (the load the app is sized for); a mirror adds its share M: (W+M)·s/c. Blue/green with the canary active sends it
 * everything. Replica-ratio routing sizes the canary from the weight, so it cannot overload it.
 */
export function checkCanaryLoad(
  problems: Problems, name: string, props: CanaryReleaseProps, router: Router, r: ReleaseLoad, risks: RiskLedger,
): void {
  const stableTrack = r.tracks[0];
  const canaryTrack = r.tracks.find((t) => t.track === 'canary');
  if (router.weightCanOverload) checkVersionLoads(problems, name, r, risks);
  if (canaryTrack === undefined || !router.weightCanOverload) return;
  const options = props.routing?.options as { active?: unknown; mirrorPercent?: unknown } | undefined;
  const active = router.weighted ? undefined : options?.active;
  // A mirror copies a share of the weighted route's requests to the canary on top of its weight.
  const mirror = router.weighted ? mirrorShare(options?.mirrorPercent) : 0;
  const share = router.weighted ? (r.weight === undefined ? undefined : (r.weight + mirror) / 100) : active === 'canary' ? 1 : 0;
  const stable = trackPods(stableTrack, r.plan);
  const canary = trackPods(canaryTrack, r.plan);
  if (share === undefined || stable === undefined || canary === undefined) return;
  const factor = (share * stable) / canary;
  if (share === 0 || factor < CANARY_OVERLOAD_FACTOR || risks.accepts('canary-overload', 'Deployment', `${name}-canary`)) return;
  const at = !router.weighted ? path('routing', 'active') : r.weight === 0 ? path('routing', 'mirrorPercent') : path('canary', 'weight');
  const sent = !router.weighted ? 'all the traffic'
    : mirror === 0 ? `${r.weight}% of the traffic` : r.weight === 0 ? `a ${mirror}% mirror of the traffic` : `${r.weight}% of the traffic and a ${mirror}% mirror`;
  problems.invalid(at, `sends ${sent} to ${canary} canary ${canary === 1 ? 'pod' : 'pods'} beside ${stable} stable: each canary pod would take ${Math.round(factor * 10) / 10} times the load a stable pod is sized for; give the canary more replicas (or a higher autoscaling.maxReplicas) as its weight grows${acknowledgeHint('canary-overload')}`);
}

/** The mirrored share (`routing.mirrorPercent`) when it is valid; 0 otherwise (an invalid one is reported where it is resolved). */
function mirrorShare(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 100 ? value : 0;
}

/** Each named version's weight against its pods, as the canary's (a version is a weighted track like it). */
function checkVersionLoads(problems: Problems, name: string, r: ReleaseLoad, risks: RiskLedger): void {
  const stable = trackPods(r.tracks[0], r.plan);
  for (const v of r.versions ?? []) {
    const track = r.tracks.find((t) => t.track === v.name);
    const pods = track && trackPods(track, r.plan);
    if (stable === undefined || pods === undefined || v.weight === 0) continue;
    const factor = (v.weight / 100 * stable) / pods;
    if (factor < CANARY_OVERLOAD_FACTOR || risks.accepts('canary-overload', 'Deployment', `${name}-${v.name}`)) continue;
    problems.invalid(path('versions', v.name, 'weight'), `sends ${v.weight}% of the traffic to ${pods} ${pods === 1 ? 'pod' : 'pods'} of version ${v.name} beside ${stable} stable: each would take ${Math.round(factor * 10) / 10} times the load a stable pod is sized for; give the version more replicas (or a higher autoscaling.maxReplicas) as its weight grows${acknowledgeHint('canary-overload')}`);
  }
}

/** Each PodDisruptionBudget of the release must limit something: per track, or the Rollout's one. */
export function checkReleaseBudgets(
  problems: Problems, name: string, router: Router, r: ReleaseLoad, maxUnavailable: number | string, risks: RiskLedger,
): void {
  const limit = (track: ResolvedTrackPod, what: string, objectName: string) => {
    const pods = trackPods(track, r.plan);
    if (pods !== undefined) checkBudgetLimits(problems, maxUnavailable, pods, what, risks, { kind: 'PodDisruptionBudget', name: objectName });
  };
  if (router.oneWorkload) {
    limit(r.tracks[0], router.kind === 'flagger' ? 'the Deployment' : 'the Rollout', name);
    return;
  }
  for (const track of r.tracks) limit(track, `the ${track.track} track`, `${name}-${track.track}`);
}

/** The release's budget and load risks; returns the acknowledged risks it takes (finishing the ledger). */
export function releaseRisks(
  problems: Problems, name: string, props: CanaryReleaseProps, router: Router, r: ReleaseLoad, risks: RiskLedger,
): readonly AcknowledgedRisk[] {
  if (r.maxUnavailable !== undefined) checkReleaseBudgets(problems, name, router, r, r.maxUnavailable, risks);
  checkCanaryLoad(problems, name, props, router, r, risks);
  return risks.finish();
}
