import { BLUE_GREEN_DEFAULTS } from './defaults';
import { ReplicaInputs, ReplicaPlan, RoutingKind, ServiceRouter, ServicesPlan, Track, checkRoutingKeys } from './router';
import { checkObject, describe } from '../validation/checks';
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
    if (checkObject(problems, 'routing', options)) checkRoutingKeys(problems, this.kind, options, ['active']);
  }

  /**
   * Each colour's count; the idle one may be 0 (retired). The active colour must run pods, and
   * retiring stable needs the canary's count written out, as it defaults to stable's.
   */
  public replicas(problems: Problems, r: ReplicaInputs): ReplicaPlan {
    const plan = super.replicas(problems, r);
    const active = activeOf(r.options);
    if (active !== undefined && plan.counts[active] === 0) {
      problems.conflict(path(active, 'replicas'), `is 0, but ${active} is the active colour (routing.active): the Service "${problems.construct}" would select no pods; switch routing.active to the other colour first (once its pods are ready), then retire this one`);
    }
    if (r.canary !== undefined && plan.counts.stable === 0 && r.canary.replicas === undefined) {
      problems.required(path('canary', 'replicas'), 'is required when stable is retired (stable.replicas 0): the canary\'s count defaults to stable\'s; write out the count it runs now (stable\'s count before this change) so that retiring stable does not scale it');
    }
    return plan;
  }

  /** The idle colour may have no pods: it is retired until the next release goes to it. */
  protected fewestReplicas(): number {
    return 0;
  }

  /** The preview must be able to take all traffic when switched: as many replicas as stable (none when stable's is invalid). */
  protected defaultCanaryReplicas(stable: number | undefined): number | undefined {
    return stable;
  }

  public services(problems: Problems, name: string, hasCanary: boolean, options: unknown, counts: ReplicaPlan['counts']): ServicesPlan | undefined {
    const active = activeOf(options);
    if (active === undefined) problems.notSupported(path('routing', 'active'), `must be 'stable' or 'canary', got ${describe(givenActive(options))}`);
    if (active === 'canary' && !hasCanary) problems.conflict(path('routing', 'active'), 'is "canary" but there is no canary track');
    if (active === undefined) return undefined;
    const preview: Track = active === 'stable' ? 'canary' : 'stable';
    const previewCount = counts[preview];
    // A retired colour has nothing to preview (and a Service selecting no pods never becomes ready for Pulumi).
    if (hasCanary && previewCount === undefined) return undefined;
    const previewed = hasCanary && previewCount !== undefined && previewCount > 0;
    return {
      services: [{ name, track: active }, ...(previewed ? [{ name: `${name}-preview`, track: preview }] : [])],
      // All or nothing: the main Service selects one track.
      achievedWeight: active === 'canary' ? 100 : 0,
    };
  }
}

/** The `active` option as given (options that are not an object are reported by checkOptions). */
function givenActive(options: unknown): unknown {
  return options && typeof options === 'object' ? (options as { active?: unknown }).active : undefined;
}

/** The active colour, defaulted; undefined when the option names none (reported by `services`). */
function activeOf(options: unknown): Track | undefined {
  const active = givenActive(options) ?? BLUE_GREEN_DEFAULTS.active;
  return active === 'stable' || active === 'canary' ? active : undefined;
}
