import { BLUE_GREEN_DEFAULTS, CANARY_DEFAULTS } from './defaults';
import { CanaryReleaseProps } from './props';
import { RoutingKind, ServiceRouter, ServicesPlan, Track } from './router';
import { checkKnownKeys, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';

/** Blue/green: the main Service selects the active track, a preview Service the other. */
export class BlueGreenRouter extends ServiceRouter {
  public readonly kind: RoutingKind = 'blue-green';
  /** All or nothing: a weight means nothing here. */
  public readonly weighted = false;

  public checkOptions(problems: Problems, options: unknown): void {
    if (checkObject(problems, 'routing', options)) checkKnownKeys(problems, 'routing', options, ['active']);
  }

  /** The preview must be able to take all traffic when switched: as many replicas as stable. */
  protected defaultCanaryReplicas(props: CanaryReleaseProps): number {
    return props.stable?.replicas ?? CANARY_DEFAULTS.stableReplicas;
  }

  public services(problems: Problems, name: string, hasCanary: boolean, options: unknown): ServicesPlan {
    const given = options && typeof options === 'object' ? (options as { active?: unknown }).active : undefined;
    const active = (given as Track | undefined) ?? BLUE_GREEN_DEFAULTS.active;
    if (active !== 'stable' && active !== 'canary') problems.notSupported(path('routing', 'active'), `must be 'stable' or 'canary', got ${describe(active)}`);
    if (active === 'canary' && !hasCanary) problems.conflict(path('routing', 'active'), 'is "canary" but there is no canary track');
    const preview: Track = active === 'stable' ? 'canary' : 'stable';
    return {
      services: [{ name, track: active }, ...(hasCanary ? [{ name: `${name}-preview`, track: preview }] : [])],
      // All or nothing: the main Service selects one track.
      achievedWeight: active === 'canary' ? 100 : 0,
    };
  }
}
