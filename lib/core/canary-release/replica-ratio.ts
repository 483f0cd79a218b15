import { REPLICA_RATIO_DEFAULTS } from './defaults';
import { ReplicaInputs, ReplicaPlan, RoutingKind, ServiceRouter, checkRoutingKeys } from './router';
import { checkInteger, checkObject } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';

/** The most canary pods a replica-ratio weight may ask for (as many as `totalReplicas` may be). */
const MAX_CANARY_PODS = 1000;

/**
 * No router: one Service over both tracks, so the split follows the replica counts (imprecise:
 * 27% needs 100 pods, and autoscaling would move it).
 *
 * Stable keeps `totalReplicas` pods at every weight and the canary's pods come on top: keelson
 * renders each step as one desired state, and a step that moved pods from one track to the other
 * would remove them (at once) before their replacements are ready (after their start). With
 * stable's count independent of the weight, no weight change, in either direction and of any
 * size, ever scales stable down, so the app never has fewer ready pods than it had before or
 * asks for after.
 */
export class ReplicaRatioRouter extends ServiceRouter {
  public readonly kind: RoutingKind = 'replica-ratio';
  /** The weight sizes the canary: it cannot overload it. */
  public readonly weightCanOverload = false;

  public checkOptions(problems: Problems, options: unknown): void {
    if (checkObject(problems, 'routing', options)) checkRoutingKeys(problems, this.kind, options, ['totalReplicas']);
  }

  /**
   * Stable runs `totalReplicas`; the canary as many more as give its weight; the weight they achieve
   * is reported when it differs. A count that cannot be known (an invalid total or weight,
   * reported) is left out of the plan.
   */
  public replicas(problems: Problems, r: ReplicaInputs): ReplicaPlan {
    const { props, options } = r;
    const given = options && typeof options === 'object' ? (options as { totalReplicas?: unknown }).totalReplicas : undefined;
    const total = given ?? REPLICA_RATIO_DEFAULTS.totalReplicas;
    const totalOk = checkInteger(problems, path('routing', 'totalReplicas'), total, 2, 1000);
    for (const t of ['stable', 'canary'] as const) {
      if (props[t]?.replicas !== undefined) problems.conflict(path(t, 'replicas'), 'is set by replica-ratio routing from totalReplicas and the weight; remove it');
      if (props[t]?.autoscaling !== undefined) problems.conflict(path(t, 'autoscaling'), 'cannot be used with replica-ratio routing: the autoscaler would change the ratio, so the traffic split');
    }
    if (!totalOk) return { counts: {}, warnings: [] };
    if (!r.hasCanary) return { counts: { stable: total, canary: 0 }, achievedWeight: 0, warnings: [] };
    const canaryCount = r.weight === undefined ? undefined : canaryPods(problems, total, r.weight);
    if (canaryCount === undefined) return { counts: { stable: total }, warnings: [] };
    const achievedWeight = Math.round((canaryCount / (total + canaryCount)) * 10000) / 100;
    const warnings = achievedWeight !== r.weight
      ? [`canary weight ${r.weight}% is not reachable with ${total} stable replicas: ${canaryCount} canary pod${canaryCount === 1 ? '' : 's'} next to ${total} give ${achievedWeight}%; raise routing.totalReplicas or use a router (Istio, ingress-nginx, Gateway API) for a precise split`]
      : [];
    return { counts: { stable: total, canary: canaryCount }, achievedWeight, warnings };
  }
}

/**
 * The canary pods that take `weight` percent next to `total` stable ones: total × w / (100 − w),
 * rounded, at least one for a positive weight. 100 is refused (stable never shrinks: promote
 * instead), and so is a count above MAX_CANARY_PODS: undefined then (recorded).
 */
function canaryPods(problems: Problems, total: number, weight: number): number | undefined {
  if (weight === 100) {
    problems.conflict(path('canary', 'weight'), `is 100: with replica-ratio routing stable keeps its ${total} pods throughout a release (so no weight change scales it down), and cannot take none of the traffic; to move all traffic to the canary, promote it (give stable the canary's image and remove canary)`);
    return undefined;
  }
  const count = weight > 0 ? Math.max(1, Math.round((total * weight) / (100 - weight))) : 0;
  if (count > MAX_CANARY_PODS) {
    problems.conflict(path('canary', 'weight'), `${weight}% needs ${count} canary pods next to ${total} stable ones (at most ${MAX_CANARY_PODS}); lower the weight or use a router (Istio, ingress-nginx, Gateway API)`);
    return undefined;
  }
  return count;
}
