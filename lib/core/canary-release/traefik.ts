import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { TRAEFIK_DEFAULTS } from './defaults';
import { CustomObject } from './props';
import { RouteContext, RoutingKind, RoutingObjects, TrackServicesRouter, integerShares } from './router';
import { TraefikRoutingOptions } from './routing';
import { checkDns1123Label, checkDns1123Subdomain, describe } from '../validation/checks';
import { isAnyHost, resolveHostList } from '../validation/hosts';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import type { Port } from '../values/port';

/** Traefik's Kubernetes CRD provider group and version (Traefik v3; v2.10+ serves it too). */
const TRAEFIK_API = 'traefik.io/v1alpha1';

/** A Traefik route, checked. */
export interface TraefikRoute {
  readonly name: string;
  /** The IngressRoute's rule: `Host()`s (a `*.` wildcard as a `HostRegexp()`), or `PathPrefix(/)` for the host `*`. */
  readonly match: string;
  readonly entryPoints: readonly string[];
  readonly tlsSecretName?: string;
  readonly hasCanary: boolean;
  readonly weight: number;
  readonly port: Port;
  readonly controllerNamespace: string;
}

const TRAEFIK_KEYS = ['hosts', 'entryPoints', 'tlsSecretName', 'controllerNamespace'];

/**
 * Traefik (Kubernetes CRD provider): a weighted TraefikService over the per-track Services, and an
 * IngressRoute that sends the hosts' requests to it.
 */
export class TraefikRouter extends TrackServicesRouter<TraefikRoute> {
  public readonly kind: RoutingKind = 'traefik';
  /** Weights are relative: hundredths of a percent are weights out of 10000. */
  public readonly weightDecimals: number = 2;

  public resolveRoute(ctx: RouteContext): TraefikRoute | undefined {
    const { problems } = ctx;
    const before = problems.count;
    const o = this.optionsOf<TraefikRoutingOptions>(ctx, TRAEFIK_KEYS);
    if (!o) return undefined;
    const match = resolveMatch(problems, o.hosts);
    const entryPoints = o.entryPoints ?? [];
    if (!Array.isArray(entryPoints)) problems.invalid(path('routing', 'entryPoints'), `must be a list of Traefik entry point names, got ${describe(entryPoints)}`);
    else entryPoints.forEach((e, i) => checkEntryPoint(problems, path('routing', 'entryPoints', i), e, entryPoints.indexOf(e) !== i));
    if (o.tlsSecretName !== undefined) checkDns1123Subdomain(problems, path('routing', 'tlsSecretName'), o.tlsSecretName);
    const controllerNamespace = o.controllerNamespace ?? TRAEFIK_DEFAULTS.controllerNamespace;
    checkDns1123Label(problems, path('routing', 'controllerNamespace'), controllerNamespace);
    if (problems.count > before || match === undefined || ctx.weight === undefined) return undefined;
    return {
      name: ctx.name,
      match,
      entryPoints: [...(entryPoints as string[])],
      ...(o.tlsSecretName !== undefined ? { tlsSecretName: o.tlsSecretName } : {}),
      hasCanary: ctx.hasCanary,
      weight: ctx.weight,
      port: ctx.port,
      controllerNamespace,
    };
  }

  public renderRoute(r: TraefikRoute, metadata: () => ObjectMeta): RoutingObjects {
    // Traefik ignores a service of weight 0 (and weighs an unset weight 1): every weight is explicit.
    const service = (track: string, weight: number) => ({ name: `${r.name}-${track}`, kind: 'Service', port: r.port.servicePort, weight });
    const shares = integerShares(r.weight, this.weightDecimals);
    const traefikService: CustomObject = {
      apiVersion: TRAEFIK_API,
      kind: 'TraefikService',
      metadata: metadata(),
      spec: { weighted: { services: r.hasCanary ? [service('stable', shares.stable), service('canary', shares.canary)] : [service('stable', 100)] } },
    };
    const ingressRoute: CustomObject = {
      apiVersion: TRAEFIK_API,
      kind: 'IngressRoute',
      metadata: metadata(),
      spec: {
        ...(r.entryPoints.length ? { entryPoints: [...r.entryPoints] } : {}),
        routes: [{ kind: 'Rule', match: r.match, services: [{ name: r.name, kind: 'TraefikService' }] }],
        ...(r.tlsSecretName !== undefined ? { tls: { secretName: r.tlsSecretName } } : {}),
      },
    };
    return { traefikService, ingressRoute, ingresses: [], admitted: [r.controllerNamespace] };
  }
}

/** The IngressRoute rule of the hosts; undefined when they are invalid (recorded). */
function resolveMatch(problems: Problems, value: unknown): string | undefined {
  const hosts = resolveHostList(problems, path('routing', 'hosts'), value, { required: true, purpose: 'the host names the IngressRoute serves' });
  if (!hosts) return undefined;
  if (isAnyHost(hosts)) return 'PathPrefix(`/`)';
  // Traefik v3's Host() takes no wildcard; HostRegexp() matches one DNS label in its place.
  return hosts
    .map((h) => (h.startsWith('*.') ? `HostRegexp(\`^[a-z0-9-]+${h.slice(1).replace(/\./g, '\\.')}$\`)` : `Host(\`${h}\`)`))
    .join(' || ');
}

/** A Traefik entry point name (its static configuration's key: letters, digits, `-` and `_`). */
function checkEntryPoint(problems: Problems, at: string, value: unknown, repeated: boolean): void {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(value)) {
    problems.invalid(at, `must be the name of a Traefik entry point (e.g. "websecure"), got ${describe(value)}`);
  } else if (repeated) {
    problems.duplicate(at, `lists the entry point ${JSON.stringify(value)} again`);
  }
}
