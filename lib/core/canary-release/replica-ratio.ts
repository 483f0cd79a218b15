import { REPLICA_RATIO_DEFAULTS } from './defaults';
import { CanaryReleaseProps, CanaryTrackProps } from './props';
import { ReplicaPlan, RoutingKind, ServiceRouter } from './router';
import { checkInteger, checkKnownKeys, checkObject } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';

/**
 * No router: one Service over both tracks, so the split follows the replica counts (imprecise:
 * 27% needs 100 pods, and autoscaling would move it).
 */
export class ReplicaRatioRouter extends ServiceRouter {
  public readonly kind: RoutingKind = 'replica-ratio';

  public checkOptions(problems: Problems, options: unknown): void {
    if (checkObject(problems, 'routing', options)) checkKnownKeys(problems, 'routing', options, ['totalReplicas']);
  }

  /** The tracks share `totalReplicas` by the weight; the weight they achieve is reported when it differs. */
  public replicas(
    problems: Problems,
    props: CanaryReleaseProps,
    canary: CanaryTrackProps | undefined,
    weight: number,
    options: unknown,
  ): ReplicaPlan {
    const given = options && typeof options === 'object' ? (options as { totalReplicas?: unknown }).totalReplicas : undefined;
    const total = given ?? REPLICA_RATIO_DEFAULTS.totalReplicas;
    checkInteger(problems, path('routing', 'totalReplicas'), total, 2, 1000);
    // A total that cannot be shared is reported above; the tracks' replicas are then checked as with any routing.
    if (typeof total !== 'number' || !Number.isInteger(total) || total < 2) return super.replicas(problems, props, canary, weight, options);
    const canaryCount = canary === undefined ? 0 : Math.min(total - 1, Math.max(weight > 0 ? 1 : 0, Math.round((total * weight) / 100)));
    const achievedWeight = Math.round((canaryCount / total) * 10000) / 100;
    const warnings = canary !== undefined && achievedWeight !== weight
      ? [`canary weight ${weight}% is not reachable with ${total} replicas: ${canaryCount} of ${total} pods give ${achievedWeight}%; raise routing.totalReplicas or use a router (Istio, ingress-nginx, Gateway API) for a precise split`]
      : [];
    for (const t of ['stable', 'canary'] as const) {
      if (props[t]?.replicas !== undefined) problems.conflict(path(t, 'replicas'), 'is set by replica-ratio routing from totalReplicas and the weight; remove it');
      if (props[t]?.autoscaling !== undefined) problems.conflict(path(t, 'autoscaling'), 'cannot be used with replica-ratio routing: the autoscaler would change the ratio, so the traffic split');
    }
    return { counts: { stable: total - canaryCount, canary: canaryCount }, achievedWeight, warnings };
  }
}
