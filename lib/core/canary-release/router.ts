import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { CANARY_DEFAULTS } from './defaults';
import { CanaryReleaseProps, CanaryTrackProps, CustomObject, TRACK_LABEL } from './props';
import type { CanaryRouting } from './routing';
import type { ResolvedTrackPod } from './tracks';
import { TrackAutoscalers, WorkloadContext, Workloads, renderTrackWorkloads, resolveTrackAutoscalers } from './workloads';
import { checkInteger, checkKnownKeys, checkObject } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import type { RiskLedger } from '../validation/risks';
import type { Port } from '../values/port';
import { LABELS } from '../workload/labels';
import type { PodTemplateOptions } from '../workload/pod';

/** One version of the app in a release. */
export type Track = 'stable' | 'canary';

/** A track's name: `stable`, `canary`, or a named version's (`versions`). */
export type TrackName = string;

/** A named version's share of the traffic (`versions`). */
export interface VersionWeight {
  readonly name: string;
  readonly weight: number;
}

/** The routing kinds. */
export type RoutingKind = CanaryRouting['kind'];

/** What a router plans the tracks' replica counts from. */
export interface ReplicaInputs {
  readonly props: CanaryReleaseProps;
  /** Whether the props ask for a canary track (its props may still be invalid). */
  readonly hasCanary: boolean;
  /** The canary's props, when they are an object. */
  readonly canary?: CanaryTrackProps;
  /** The canary's weight (0 without a canary); undefined when it is invalid (reported). */
  readonly weight?: number;
  readonly options: unknown;
}

/** The replica counts of the tracks, and the share of traffic they give the canary when they decide it. */
export interface ReplicaPlan {
  /** Each track's count; a track whose count is invalid (reported), or cannot be known from invalid props, has none. */
  readonly counts: Readonly<Partial<Record<TrackName, number>>>;
  /** The canary's share when only replica counts split traffic (replica-ratio); otherwise the weight decides it. */
  readonly achievedWeight?: number;
  readonly warnings: readonly string[];
}

/** A Service of the release: its name and the track it selects (both tracks when absent). */
export interface ServicePlan {
  readonly name: string;
  readonly track?: TrackName;
}

/** Which Services a router needs, and the canary's share when a Service decides it (blue/green). */
export interface ServicesPlan {
  readonly services: readonly ServicePlan[];
  readonly achievedWeight?: number;
}

/** What a router checks its routing against. */
export interface RouteContext {
  readonly problems: Problems;
  readonly name: string;
  readonly namespace?: string;
  readonly options: unknown;
  /** The canary's weight; undefined when it is invalid (reported): the options are checked, no route is made. */
  readonly weight?: number;
  /** Whether the props ask for a canary track. */
  readonly hasCanary: boolean;
  /**
   * `<name>.<namespace>.svc.<clusterDomain>`; undefined when one of them is missing or invalid
   * (reported): nothing is compared with it, no route is made.
   */
  readonly fqdn?: string;
  /** The exposed HTTP or gRPC port traffic is routed to. */
  readonly port: Port;
  /** The named versions and their weights (`versions`), by name. */
  readonly versions?: readonly VersionWeight[];
}

/** The objects a router adds and the namespaces whose pods may reach the route port. */
export interface RoutingObjects {
  readonly destinationRule?: CustomObject;
  readonly virtualService?: CustomObject;
  readonly ingresses: readonly Ingress[];
  readonly httpRoute?: CustomObject;
  /** Traefik: the weighted TraefikService and the IngressRoute that routes to it. */
  readonly traefikService?: CustomObject;
  readonly ingressRoute?: CustomObject;
  /** Namespaces of the routers' pods (ingress controller, gateways), admitted by the NetworkPolicy. */
  readonly admitted: readonly string[];
}

/**
 * How traffic is split between the stable and the canary track. Each routing is one Router; the
 * release asks it, at each step, what differs from the common case (Deployments per track, one
 * Service over both, no routing objects).
 */
export abstract class Router<Route = unknown> {
  /** The routing kind. */
  public abstract readonly kind: RoutingKind;
  /** The canary's weight splits traffic (blue/green switches a Service instead). */
  public readonly weighted: boolean = true;
  /** The router sends traffic to a port of the first container, an HTTP or gRPC one. */
  public readonly routesToPort: boolean = true;
  /** Why the release's `namespace` must be set, when its objects name it (Istio's fully qualified hosts). */
  public readonly namespaceNeededFor: string | undefined = undefined;
  /** The tracks' pods run in a service mesh (with its sidecar proxy). */
  public readonly usesMesh: boolean = false;
  /** The weight can send the canary more load than its pods take (not when the weight sizes it, or a controller drives it). */
  public readonly weightCanOverload: boolean = true;
  /**
   * Decimals of the canary's weight the router expresses (0: whole percents): ingress-nginx with
   * `canary-weight-total`, Traefik with relative weights.
   */
  public readonly weightDecimals: number = 0;
  /** One workload (a Rollout) runs both tracks, under one PodDisruptionBudget, instead of one per track. */
  public readonly oneWorkload: boolean = false;
  /** It splits traffic over more than two tracks: the named `versions`. */
  public readonly namedVersions: boolean = false;

  /** The labels that select the release's pods (the NetworkPolicy's, the PodDisruptionBudget's). */
  public releaseSelector(name: string): Record<string, string> {
    return { [LABELS.name]: name, [LABELS.instance]: name };
  }

  /** Checks of the router's own options that come before the tracks. */
  public checkOptions(_problems: Problems, _options: unknown): void {}

  /** Replica counts per track: the tracks' own, or the defaults (2 stable, 1 canary). */
  public replicas(problems: Problems, r: ReplicaInputs): ReplicaPlan {
    const stable = this.trackReplicas(problems, r.props, 'stable', CANARY_DEFAULTS.stableReplicas);
    if (!r.hasCanary) return { counts: { ...(stable !== undefined ? { stable } : {}) }, warnings: [] };
    const canaryDefault = this.defaultCanaryReplicas(stable);
    const canary = r.canary ? this.trackReplicas(problems, r.props, 'canary', canaryDefault) : undefined;
    return { counts: { ...(stable !== undefined ? { stable } : {}), ...(canary !== undefined ? { canary } : {}) }, warnings: [] };
  }

  /** A track's own count (undefined when invalid, recorded), or `fallback` when it sets none. */
  private trackReplicas(problems: Problems, props: CanaryReleaseProps, t: Track, fallback: number | undefined): number | undefined {
    const r = props[t]?.replicas;
    const valid = r !== undefined && checkInteger(problems, path(t, 'replicas'), r, this.fewestReplicas(), 10000);
    if (r !== undefined && props[t]?.autoscaling !== undefined) problems.conflict(path(t, 'replicas'), 'cannot be set with autoscaling: set autoscaling.minReplicas instead');
    return r === undefined ? fallback : valid ? r : undefined;
  }

  /** The fewest replicas a track may set: one, as every track serves (blue/green lets the idle colour have none). */
  protected fewestReplicas(): number {
    return 1;
  }

  /** The canary's replicas when it sets none: a canary starts small (`stable`: stable's count, when valid). */
  protected defaultCanaryReplicas(_stable: number | undefined): number | undefined {
    return CANARY_DEFAULTS.canaryReplicas;
  }

  /** The pod template options of a track: its own selector label, Deployment revisions. */
  public podOptions(track: TrackName): PodTemplateOptions {
    return { revisionLabelKey: 'pod-template-hash', extraSelector: { [TRACK_LABEL]: track } };
  }

  /** Checks the tracks' workloads: each track's autoscaler; undefined when invalid (recorded). */
  public resolveWorkloads(
    problems: Problems, _options: unknown, tracks: readonly ResolvedTrackPod[], _hasCanary: boolean, _risks: RiskLedger,
  ): unknown {
    return resolveTrackAutoscalers(problems, tracks);
  }

  /** A Deployment, a PodDisruptionBudget and maybe an autoscaler per track. */
  public renderWorkloads(ctx: WorkloadContext, resolved: unknown): Workloads {
    return renderTrackWorkloads(ctx, resolved as TrackAutoscalers);
  }

  /**
   * The Services: one over both tracks, so the split follows the router (or the replica counts);
   * undefined when they cannot be planned from invalid props (recorded).
   */
  public services(_problems: Problems, name: string, _hasCanary: boolean, _options: unknown, _counts: ReplicaPlan['counts']): ServicesPlan | undefined {
    return { services: [{ name }] };
  }

  /** The Services the named versions add: none, the Service over all tracks selects them. */
  public versionServices(_name: string, _versions: readonly string[]): ServicePlan[] {
    return [];
  }

  /** Checks the routing options against the release; undefined when there is a problem (recorded). */
  public abstract resolveRoute(ctx: RouteContext): Route | undefined;

  /** The routing options as an object of known keys; undefined (recorded) when they are not an object. */
  protected optionsOf<O>(ctx: RouteContext, keys: readonly string[]): O | undefined {
    if (!checkObject(ctx.problems, 'routing', ctx.options)) return undefined;
    checkRoutingKeys(ctx.problems, this.kind, ctx.options, keys);
    return ctx.options as O;
  }

  /** The routing objects, from the resolved route. */
  public abstract renderRoute(route: Route, metadata: () => ObjectMeta): RoutingObjects;
}

/** Options some routings take and others cannot: what an unknown one of them says (not a guess at a near name). */
const OTHER_ROUTINGS_OPTIONS: Readonly<Record<string, string>> = {
  mirrorPercent: 'cannot mirror requests (CanaryRouting.istio() and .gatewayApi() can)',
};

/** The routing options' keys: each known, or unknown with the reason when another routing has it. */
export function checkRoutingKeys(problems: Problems, kind: RoutingKind, options: object, keys: readonly string[]): void {
  const elsewhere = Object.keys(options).filter((k) => !keys.includes(k) && Object.prototype.hasOwnProperty.call(OTHER_ROUTINGS_OPTIONS, k));
  checkKnownKeys(problems, 'routing', options, [...keys, ...elsewhere]);
  for (const k of elsewhere) problems.unknown(path('routing', k), `unknown property: ${kind} routing ${OTHER_ROUTINGS_OPTIONS[k]}`);
}

/** A router with no routing objects: the Services alone split the traffic. */
export abstract class ServiceRouter extends Router<Record<string, never>> {
  public readonly routesToPort: boolean = false;

  public resolveRoute(): Record<string, never> {
    return {};
  }

  public renderRoute(): RoutingObjects {
    return { ingresses: [], admitted: [] };
  }
}

/** A router that weighs two Services, `<name>-stable` and `<name>-canary` (ingress-nginx, Gateway API, Traefik). */
export abstract class TrackServicesRouter<Route> extends Router<Route> {
  public services(_problems: Problems, name: string, hasCanary: boolean): ServicesPlan {
    return { services: [{ name: `${name}-stable`, track: 'stable' }, ...(hasCanary ? [{ name: `${name}-canary`, track: 'canary' as const }] : [])] };
  }

  /** A Service `<name>-<version>` per named version. */
  public versionServices(name: string, versions: readonly string[]): ServicePlan[] {
    return versions.map((v) => ({ name: `${name}-${v}`, track: v }));
  }
}

/**
 * A weight as whole units of `10^-decimals` percent (`0.5` with 2 decimals: 50); undefined when it has
 * more decimals (the float product is rounded to millionths first: `0.29 * 100` is 28.999999999999996).
 */
export function scaledWeight(weight: number, decimals: number): number | undefined {
  const scaled = Math.round(weight * 10 ** decimals * 1e6) / 1e6;
  return Number.isInteger(scaled) ? scaled : undefined;
}

/**
 * The canary's and stable's shares as integers, and their total: whole percents (out of 100) for
 * an integer weight, so its output stays what it always was; else units of `10^-decimals` percent.
 */
export function integerShares(weight: number, decimals: number): { canary: number; stable: number; total: number } {
  if (Number.isInteger(weight)) return { canary: weight, stable: 100 - weight, total: 100 };
  const total = 100 * 10 ** decimals;
  const canary = scaledWeight(weight, decimals)!;
  return { canary, stable: total - canary, total };
}
