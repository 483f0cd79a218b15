import { BLUE_GREEN_DEFAULTS, CANARY_DEFAULTS } from './defaults';
import { CanaryReleaseProps, CanaryTrackProps } from './props';
import { RoutingKind, ServiceRouter, ServicesPlan, Track, ReplicaPlan } from './router';
import { checkKnownKeys, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';

/**
 * Blue/green: the main Service selects the active track, a preview Service the other. The idle
 * colour may be retired (`replicas: 0`): it then has no pods and no preview Service, and is the
 * colour the next release goes to.
 */
export class BlueGreenRouter extends ServiceRouter {
  public readonly kind: RoutingKind = 'blue-green';
  /** All or nothing: a weight means nothing here. */
  public readonly weighted = false;

  public checkOptions(problems: Problems, options: unknown): void {
    if (checkObject(problems, 'routing', options)) checkKnownKeys(problems, 'routing', options, ['active']);
  }

  /**
   * Each colour's count; the idle one may be 0 (retired). The active colour must run pods, and
   * retiring stable needs the canary's count written out, as it defaults to stable's.
   */
  public replicas(
    problems: Problems,
    props: CanaryReleaseProps,
    canary: CanaryTrackProps | undefined,
    weight: number,
    options: unknown,
  ): ReplicaPlan {
    const plan = super.replicas(problems, props, canary, weight, options);
    const active = activeOf(options);
    if (props[active]?.replicas === 0) {
      problems.conflict(path(active, 'replicas'), `is 0, but ${active} is the active colour (routing.active): the Service "${safeName(props)}" would select no pods; switch routing.active to the other colour first (once its pods are ready), then retire this one`);
    }
    if (canary !== undefined && props.stable?.replicas === 0 && props.canary?.replicas === undefined) {
      problems.required(path('canary', 'replicas'), 'is required when stable is retired (stable.replicas 0): the canary\'s count defaults to stable\'s; write out the count it runs now (stable\'s count before this change) so that retiring stable does not scale it');
    }
    return plan;
  }

  /** The idle colour may have no pods: it is retired until the next release goes to it. */
  protected fewestReplicas(): number {
    return 0;
  }

  /** The preview must be able to take all traffic when switched: as many replicas as stable. */
  protected defaultCanaryReplicas(props: CanaryReleaseProps): number {
    return props.stable?.replicas ?? CANARY_DEFAULTS.stableReplicas;
  }

  public services(problems: Problems, name: string, hasCanary: boolean, options: unknown, counts: Readonly<Record<Track, number>>): ServicesPlan {
    const given = options && typeof options === 'object' ? (options as { active?: unknown }).active : undefined;
    const active = (given as Track | undefined) ?? BLUE_GREEN_DEFAULTS.active;
    if (active !== 'stable' && active !== 'canary') problems.notSupported(path('routing', 'active'), `must be 'stable' or 'canary', got ${describe(active)}`);
    if (active === 'canary' && !hasCanary) problems.conflict(path('routing', 'active'), 'is "canary" but there is no canary track');
    const preview: Track = active === 'stable' ? 'canary' : 'stable';
    // A retired colour has nothing to preview (and a Service selecting no pods never becomes ready for Pulumi).
    const previewed = hasCanary && counts[preview] > 0;
    return {
      services: [{ name, track: active }, ...(previewed ? [{ name: `${name}-preview`, track: preview }] : [])],
      // All or nothing: the main Service selects one track.
      achievedWeight: active === 'canary' ? 100 : 0,
    };
  }
}

/** The active colour named by the options (an invalid one is reported by `services`). */
function activeOf(options: unknown): Track {
  const given = options && typeof options === 'object' ? (options as { active?: unknown }).active : undefined;
  return given === 'canary' ? 'canary' : 'stable';
}

function safeName(props: CanaryReleaseProps): string {
  return typeof props.name === 'string' ? props.name : '<name>';
}
