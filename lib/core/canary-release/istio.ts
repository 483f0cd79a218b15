import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { ISTIO_DEFAULTS } from './defaults';
import { checkDuration, checkMirrorPercent, hostsOverlap, renderMatch, resolveRetries } from './istio-checks';
import { TRACK_LABEL } from './props';
import { RouteContext, Router, RoutingKind, RoutingObjects, TrackName, VersionWeight } from './router';
import { IstioRoutingOptions } from './routing';
import { checkHostname, checkInteger, checkKnownKeys, checkObject, checkString, describe } from '../validation/checks';
import { ANY_HOST } from '../validation/hosts';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import type { Port } from '../values/port';

export { checkDuration } from './istio-checks';

/** An Istio route, checked: the DestinationRule's and the VirtualService's specs. */
export interface IstioRoute {
  readonly apiVersion: string;
  readonly destinationRule: Record<string, unknown>;
  readonly virtualService: Record<string, unknown>;
  /** Namespaces of the ingress gateways' pods. */
  readonly gatewayNamespaces: readonly string[];
}

export const ISTIO_KEYS = [
  'apiVersion', 'gateways', 'mesh', 'externalHosts', 'match', 'mirrorPercent', 'retries', 'timeout', 'tlsMode',
  'outlierDetection', 'connectionPool', 'loadBalancer',
];

/** Istio: DestinationRule subsets per track and a weighted VirtualService (the default routing). */
export class IstioRouter extends Router<IstioRoute> {
  public readonly kind: RoutingKind = 'istio';
  public readonly namespaceNeededFor: string | undefined = 'its hosts are fully qualified (<name>.<namespace>.svc.cluster.local)';
  public readonly usesMesh = true;
  public readonly namedVersions: boolean = true;

  public resolveRoute(ctx: RouteContext): IstioRoute | undefined {
    const { problems } = ctx;
    const before = problems.count;
    if (ctx.options !== undefined) checkObject(problems, 'routing', ctx.options);
    const o = (ctx.options && typeof ctx.options === 'object' ? ctx.options : {}) as IstioRoutingOptions;
    checkKnownKeys(problems, 'routing', o, this.optionKeys());
    const version = o.apiVersion ?? ISTIO_DEFAULTS.apiVersion;
    if (version !== 'v1' && version !== 'v1beta1') problems.notSupported(path('routing', 'apiVersion'), `must be 'v1' or 'v1beta1', got ${describe(version)}`);
    const gateways = resolveGateways(problems, o, ctx.fqdn);
    const routes = this.resolveRoutes(ctx, o, gateways.mesh);
    const trafficPolicy = resolveTrafficPolicy(problems, o);
    const { fqdn, weight } = ctx;
    if (problems.count > before || fqdn === undefined || weight === undefined) return undefined;
    const externalHosts = (o.externalHosts ?? []) as string[];
    return {
      apiVersion: `networking.istio.io/${version}`,
      destinationRule: { host: fqdn, trafficPolicy, subsets: this.subsets(ctx.versions ?? []) },
      virtualService: {
        hosts: [fqdn, ...externalHosts],
        ...(gateways.list.length ? { gateways: [...(gateways.mesh ? ['mesh'] : []), ...gateways.list] } : {}),
        http: this.http(routes, { fqdn, weight, port: ctx.port, hasCanary: ctx.hasCanary, versions: ctx.versions ?? [] }),
      },
      gatewayNamespaces: gateways.namespaces,
    };
  }

  public renderRoute(route: IstioRoute, metadata: () => ObjectMeta): RoutingObjects {
    // Each object its own metadata: a shared object would leak a mutation from one to the other.
    return {
      destinationRule: { apiVersion: route.apiVersion, kind: 'DestinationRule', metadata: metadata(), spec: route.destinationRule },
      virtualService: { apiVersion: route.apiVersion, kind: 'VirtualService', metadata: metadata(), spec: route.virtualService },
      ingresses: [],
      admitted: route.gatewayNamespaces,
    };
  }

  /** The option keys this routing takes. */
  protected optionKeys(): string[] {
    return ISTIO_KEYS;
  }

  /** Match routes send requests to the canary: there must be one. */
  protected checkMatches(problems: Problems, hasCanary: boolean): void {
    if (!hasCanary) problems.conflict(path('routing', 'match'), 'sends requests to the canary, but there is no canary track');
  }

  /** Mirroring copies requests to the canary: there must be one. */
  protected mirrors(problems: Problems, hasCanary: boolean): boolean {
    if (!hasCanary) problems.conflict(path('routing', 'mirrorPercent'), 'mirrors to the canary, but there is no canary track');
    return hasCanary;
  }

  /** The weighted route lists the canary only when there is one. */
  protected splits(hasCanary: boolean): boolean {
    return hasCanary;
  }

  /**
   * A subset per track, selected by the track label; the canary's also without a canary track. A
   * subset with no pods costs nothing while no route names it, and with both always defined,
   * adding or removing the canary never changes the DestinationRule: no route can be left naming a
   * subset that a concurrent change removed (Istio's "make before break"), whatever order the
   * objects are applied in. Each named version adds its subset (retired at weight 0 first, see docs).
   */
  protected subsets(versions: readonly VersionWeight[]): Array<Record<string, unknown>> {
    return ['stable', 'canary', ...versions.map((v) => v.name)].map((t) => ({ name: t, labels: { [TRACK_LABEL]: t } }));
  }

  /** The routes' checked parts: the matches (A/B), timeout, retries and mirroring. */
  private resolveRoutes(ctx: RouteContext, o: IstioRoutingOptions, mesh: boolean): IstioRouteParts {
    const { problems, hasCanary } = ctx;
    const matches = this.resolveMatches(problems, o, mesh, hasCanary);
    const timeout = checkDuration(problems, path('routing', 'timeout'), o.timeout);
    const retries = resolveRetries(problems, o.retries);
    const mirrorPercent = this.resolveMirror(ctx, o);
    return { matches, ...(timeout ? { timeout } : {}), ...(retries ? { retries } : {}), ...(mirrorPercent !== undefined ? { mirrorPercent } : {}) };
  }

  /** The VirtualService's HTTP routes: matches first (A/B), then the weights. */
  private http(
    parts: IstioRouteParts, t: { fqdn: string; weight: number; port: Port; hasCanary: boolean; versions: readonly VersionWeight[] },
  ): Record<string, unknown>[] {
    const { timeout, retries, mirrorPercent } = parts;
    const destination = (subset: TrackName) => ({ host: t.fqdn, subset, port: { number: t.port.servicePort } });
    // A fresh copy per route: shared objects would be written as YAML anchors.
    const common = () => ({ ...(timeout ? { timeout } : {}), ...(retries ? { retries: { ...retries } } : {}) });
    const http: Record<string, unknown>[] = parts.matches.map((m, i) => ({ name: `canary-match-${i}`, match: [m], route: [{ destination: destination('canary') }], ...common() }));
    const mirror = mirrorPercent !== undefined
      ? { mirror: { host: t.fqdn, subset: 'canary', port: { number: t.port.servicePort } }, mirrorPercentage: { value: mirrorPercent } }
      : {};
    http.push({
      // Argo Rollouts finds the route it drives by this name.
      name: 'primary',
      route: weightedRoute(this.splits(t.hasCanary), t.weight, t.versions).map((w) => ({ destination: destination(w.name), weight: w.weight })),
      ...mirror,
      ...common(),
    });
    return http;
  }

  private resolveMatches(problems: Problems, o: IstioRoutingOptions, mesh: boolean, hasCanary: boolean): Record<string, unknown>[] {
    const matches: Record<string, unknown>[] = [];
    if (o.match === undefined) return matches;
    if (!Array.isArray(o.match)) {
      problems.invalid(path('routing', 'match'), `must be a list of CanaryMatch, got ${describe(o.match)}`);
    } else {
      o.match.forEach((m, i) => {
        const r = renderMatch(problems, path('routing', 'match', i), m, mesh);
        // istiod warns that a repeated match is never used: it is a mistake, said once here.
        if (r && matches.some((x) => JSON.stringify(x) === JSON.stringify(r))) {
          problems.duplicate(path('routing', 'match', i), 'repeats an earlier match, which Istio never reaches; remove it');
        } else if (r) {
          matches.push(r);
        }
      });
    }
    if (Array.isArray(o.match) && o.match.length > 0) this.checkMatches(problems, hasCanary);
    return matches;
  }

  /** The share of requests mirrored to the canary; undefined for none, or when invalid (recorded). */
  private resolveMirror(ctx: RouteContext, o: IstioRoutingOptions): number | undefined {
    if (o.mirrorPercent === undefined) return undefined;
    if (!checkMirrorPercent(ctx.problems, o.mirrorPercent)) return undefined;
    return this.mirrors(ctx.problems, ctx.hasCanary) ? o.mirrorPercent : undefined;
  }
}

/**
 * Each track's weight in the primary route: stable takes what the canary (when it is split to) and
 * the named versions leave; stable alone takes 100. A version at weight 0 is left out of the route
 * (its subset or Service stays): retiring it in two steps, weight 0 then removal, never leaves a
 * route naming a subset or Service that is gone, whatever the apply order.
 */
export function weightedRoute(splits: boolean, canary: number, versions: readonly VersionWeight[]): VersionWeight[] {
  const others = [...(splits ? [{ name: 'canary', weight: canary }] : []), ...versions.filter((v) => v.weight > 0)];
  return [{ name: 'stable', weight: 100 - others.reduce((sum, v) => sum + v.weight, 0) }, ...others];
}

/** The checked parts of the Istio routes, from which they are made once the host and weight are known. */
interface IstioRouteParts {
  readonly matches: readonly Record<string, unknown>[];
  readonly timeout?: string;
  readonly retries?: Record<string, unknown>;
  readonly mirrorPercent?: number;
}

/** The ingress gateways, the namespaces of their pods, and whether mesh traffic is routed too. */
function resolveGateways(problems: Problems, o: IstioRoutingOptions, fqdn?: string): { list: string[]; namespaces: string[]; mesh: boolean } {
  const gateways = o.gateways ?? [];
  const namespaces: string[] = [];
  if (!Array.isArray(gateways)) {problems.invalid(path('routing', 'gateways'), `must be a list of "namespace/name", got ${describe(gateways)}`);} else {
    gateways.forEach((g, i) => {
      const at = path('routing', 'gateways', i);
      if (!checkString(problems, at, g)) return;
      const parts = g.split('/');
      if (parts.length > 2 || !parts.every((p) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p))) {
        problems.invalid(at, `${JSON.stringify(g)} must be "name" or "namespace/name" of an Istio Gateway`);
        return;
      }
      // The gateway's pods usually run in its namespace (istio-system for the default ingress gateway).
      const ns = parts.length === 2 ? parts[0] : ISTIO_DEFAULTS.gatewayNamespace;
      if (!namespaces.includes(ns)) namespaces.push(ns);
    });
  }
  const mesh = o.mesh ?? ISTIO_DEFAULTS.mesh;
  if (typeof mesh !== 'boolean') problems.invalid(path('routing', 'mesh'), `must be a boolean, got ${describe(mesh)}`);
  const list = Array.isArray(gateways) ? gateways.filter((g) => typeof g === 'string') : [];
  if (!mesh && list.length === 0) problems.conflict(path('routing', 'mesh'), 'is false but no gateways are given: the VirtualService would route nothing');
  const externalHosts = o.externalHosts ?? [];
  if (!Array.isArray(externalHosts)) problems.invalid(path('routing', 'externalHosts'), `must be a list of host names, got ${describe(externalHosts)}`);
  else checkExternalHosts(problems, externalHosts, fqdn);
  if (list.length > 0 && Array.isArray(externalHosts) && externalHosts.length === 0) {
    problems.required(path('routing', 'externalHosts'), 'is required with gateways: the host names clients use through the gateway');
  }
  return { list, namespaces, mesh: mesh === true };
}

/**
 * Each external host is valid and overlaps neither another host nor the Service's (when its name
 * is known): istiod rejects overlapping VirtualService hosts.
 */
function checkExternalHosts(problems: Problems, hosts: readonly unknown[], fqdn: string | undefined): void {
  const seen: string[] = fqdn !== undefined ? [fqdn] : [];
  hosts.forEach((h, i) => {
    const at = path('routing', 'externalHosts', i);
    if (h === ANY_HOST) {
      problems.notSupported(at, '"*" (every host) is not available: the VirtualService also serves the Service\'s own host, and istiod rejects "*" beside another host; name the hosts clients use');
      return;
    }
    if (!checkHostname(problems, at, h)) return;
    const host = h as string;
    const other = seen.find((s) => hostsOverlap(s, host));
    if (other !== undefined) problems.duplicate(at, `${JSON.stringify(host)} overlaps ${other === fqdn ? "the Service's host" : 'the host'} ${JSON.stringify(other)}: istiod rejects a VirtualService whose hosts overlap`);
    else seen.push(host);
  });
}

/** TLS, outlier detection, connection pool and load balancing between a subset's endpoints. */
function resolveTrafficPolicy(problems: Problems, o: IstioRoutingOptions): Record<string, unknown> {
  const tlsMode = o.tlsMode ?? ISTIO_DEFAULTS.tlsMode;
  if (tlsMode !== 'ISTIO_MUTUAL' && tlsMode !== 'DISABLE') problems.notSupported(path('routing', 'tlsMode'), `must be 'ISTIO_MUTUAL' or 'DISABLE', got ${describe(tlsMode)}`);
  const trafficPolicy: Record<string, unknown> = { tls: { mode: tlsMode } };
  if (o.outlierDetection !== false) trafficPolicy.outlierDetection = resolveOutlierDetection(problems, o.outlierDetection);
  if (o.connectionPool !== undefined && checkObject(problems, path('routing', 'connectionPool'), o.connectionPool)) {
    trafficPolicy.connectionPool = resolveConnectionPool(problems, o.connectionPool);
  }
  if (o.loadBalancer !== undefined) trafficPolicy.loadBalancer = renderLoadBalancer(problems, o.loadBalancer);
  return trafficPolicy;
}

function resolveOutlierDetection(problems: Problems, given: IstioRoutingOptions['outlierDetection']): Record<string, unknown> {
  const od = (given ?? {}) as Exclude<IstioRoutingOptions['outlierDetection'], false | undefined>;
  const at = path('routing', 'outlierDetection');
  if (checkObject(problems, at, od)) checkKnownKeys(problems, at, od, ['consecutive5xxErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent']);
  const errors = od.consecutive5xxErrors ?? ISTIO_DEFAULTS.consecutive5xxErrors;
  checkInteger(problems, path(at, 'consecutive5xxErrors'), errors, 1, 1000);
  const percent = od.maxEjectionPercent ?? ISTIO_DEFAULTS.maxEjectionPercent;
  checkInteger(problems, path(at, 'maxEjectionPercent'), percent, 1, 100);
  return {
    consecutive5xxErrors: errors,
    interval: checkDuration(problems, path(at, 'interval'), od.interval ?? ISTIO_DEFAULTS.outlierInterval),
    baseEjectionTime: checkDuration(problems, path(at, 'baseEjectionTime'), od.baseEjectionTime ?? ISTIO_DEFAULTS.baseEjectionTime),
    maxEjectionPercent: percent,
  };
}

function resolveConnectionPool(problems: Problems, c: NonNullable<IstioRoutingOptions['connectionPool']>): Record<string, unknown> {
  const at = path('routing', 'connectionPool');
  checkKnownKeys(problems, at, c, ['maxConnections', 'http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection']);
  for (const k of ['maxConnections', 'http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection'] as const) {
    if (c[k] !== undefined) checkInteger(problems, path(at, k), c[k], 1, 10_000_000);
  }
  const tcp = c.maxConnections !== undefined ? { tcp: { maxConnections: c.maxConnections } } : {};
  const httpPool = Object.fromEntries((['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection'] as const).filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));
  return { ...tcp, ...(Object.keys(httpPool).length ? { http: httpPool } : {}) };
}

function renderLoadBalancer(problems: Problems, lb: unknown): Record<string, unknown> | undefined {
  const at = path('routing', 'loadBalancer');
  if (typeof lb === 'string') {
    if (!['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'PASSTHROUGH'].includes(lb)) {
      problems.invalid(at, `must be ROUND_ROBIN, LEAST_REQUEST, RANDOM, PASSTHROUGH or { consistentHash }, got ${describe(lb)}`);
    }
    return { simple: lb };
  }
  if (!checkObject(problems, at, lb)) return undefined;
  const ch = (lb as { consistentHash?: Record<string, unknown> }).consistentHash;
  if (!ch || !checkObject(problems, path(at, 'consistentHash'), ch)) return undefined;
  const chosen = ['header', 'cookie', 'sourceIp'].filter((k) => ch[k] !== undefined);
  if (chosen.length !== 1) {
    problems.invalid(path(at, 'consistentHash'), 'must hash on exactly one of header, cookie or sourceIp');
    return undefined;
  }
  if (ch.header !== undefined) {
    if (!checkString(problems, path(at, 'consistentHash', 'header'), ch.header)) return undefined;
    return { consistentHash: { httpHeaderName: ch.header } };
  }
  if (ch.sourceIp !== undefined) return { consistentHash: { useSourceIp: ch.sourceIp === true } };
  const cookie = ch.cookie as { name?: unknown; ttl?: unknown };
  if (!checkObject(problems, path(at, 'consistentHash', 'cookie'), cookie) || !checkString(problems, path(at, 'consistentHash', 'cookie', 'name'), cookie.name)) return undefined;
  const ttl = cookie.ttl === undefined ? undefined : checkDuration(problems, path(at, 'consistentHash', 'cookie', 'ttl'), cookie.ttl);
  return { consistentHash: { httpCookie: { name: cookie.name, ...(ttl ? { ttl } : {}) } } };
}
