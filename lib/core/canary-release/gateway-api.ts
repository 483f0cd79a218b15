import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { weightedRoute } from './istio';
import { checkMirrorPercent } from './istio-checks';
import { checkMatchPath } from './match-checks';
import { CustomObject } from './props';
import { RouteContext, RoutingKind, RoutingObjects, TrackName, TrackServicesRouter, VersionWeight, scaledWeight } from './router';
import { CanaryMatch, GatewayApiRoutingOptions } from './routing';
import { checkDns1123Label, checkObject, checkString, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { re2Error } from '../validation/regex';
import type { Port } from '../values/port';
import { resolveRouteHostnames, resolveTimeouts } from '../workload/gateway-exposure';

/** A Gateway API route, checked. */
export interface GatewayRoute {
  readonly name: string;
  readonly parentRef: Readonly<Record<string, string>>;
  readonly hostnames: readonly string[];
  /** The HTTPRouteMatches sent to the canary before the weights (`headers`, then `match`). */
  readonly matches: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly controllerNamespace?: string;
  /** Every rule's `timeouts` (Gateway API durations), or none. */
  readonly timeouts: { readonly request?: string; readonly backendRequest?: string };
  readonly hasCanary: boolean;
  readonly weight: number;
  readonly port: Port;
  /** The named versions' weights. */
  readonly versions: readonly VersionWeight[];
  /** The share of the weighted rule's requests mirrored to the canary (none: every request), when `mirrorPercent` is set. */
  readonly mirror?: MirrorShare;
}

/** The HTTPRequestMirrorFilter's share: `percent`, a `fraction`, or neither (every request). */
export type MirrorShare = { readonly percent?: number; readonly fraction?: { readonly numerator: number; readonly denominator: number } };

/** Gateway API: an HTTPRoute with weighted backendRefs, per-track Services. */
export class GatewayApiRouter extends TrackServicesRouter<GatewayRoute> {
  public readonly kind: RoutingKind = 'gateway-api';
  public readonly namedVersions: boolean = true;

  public resolveRoute(ctx: RouteContext): GatewayRoute | undefined {
    const { problems } = ctx;
    const before = problems.count;
    const o = this.optionsOf<GatewayApiRoutingOptions>(ctx, this.optionKeys());
    if (!o) return undefined;
    const parentRef = resolveParentRef(problems, o.gateway);
    const hostnames = resolveRouteHostnames(problems, path('routing', 'hostnames'), o.hostnames);
    // A routing without header matches (Argo Rollouts owns its routes) reports `headers` as unknown, once.
    const headerMatches = this.optionKeys().includes('headers') ? resolveHeaderMatches(problems, o.headers ?? {}) : [];
    if (headerMatches.length && !ctx.hasCanary) problems.conflict(path('routing', 'headers'), 'route to the canary, but there is no canary track');
    const matches = [...(headerMatches.length ? [{ headers: headerMatches }] : []), ...resolveMatches(problems, o.match, ctx.hasCanary)];
    const timeouts = resolveTimeouts(problems, o.timeouts, false, path('routing', 'timeouts'));
    const mirror = this.optionKeys().includes('mirrorPercent') ? resolveMirror(problems, o.mirrorPercent, ctx.hasCanary) : undefined;
    const controllerNamespace = o.controllerNamespace ?? parentRef?.namespace ?? ctx.namespace;
    if (controllerNamespace === undefined && parentRef) {
      // Without it the NetworkPolicy would admit no gateway at all, silently.
      problems.required(path('routing', 'controllerNamespace'), "is required when neither the Gateway nor the release has a namespace: the namespace of the Gateway's data-plane pods, which the NetworkPolicy admits");
    }
    if (o.controllerNamespace !== undefined) checkDns1123Label(problems, path('routing', 'controllerNamespace'), o.controllerNamespace);
    if (problems.count > before || !parentRef || ctx.weight === undefined) return undefined;
    return {
      name: ctx.name,
      parentRef,
      hostnames,
      matches,
      timeouts,
      ...(controllerNamespace !== undefined ? { controllerNamespace } : {}),
      hasCanary: ctx.hasCanary,
      weight: ctx.weight,
      port: ctx.port,
      versions: ctx.versions ?? [],
      ...(mirror ? { mirror } : {}),
    };
  }

  /** The option names this routing takes. */
  protected optionKeys(): readonly string[] {
    return ['gateway', 'hostnames', 'headers', 'match', 'timeouts', 'mirrorPercent', 'controllerNamespace'];
  }

  public renderRoute(r: GatewayRoute, metadata: () => ObjectMeta): RoutingObjects {
    const backend = (t: TrackName, w?: number) => ({ name: `${r.name}-${t}`, port: r.port.servicePort, ...(w !== undefined ? { weight: w } : {}) });
    const rules: Record<string, unknown>[] = [];
    // A fresh object per rule: shared ones would become YAML anchors.
    const timeouts = () => (Object.keys(r.timeouts).length ? { timeouts: { ...r.timeouts } } : {});
    if (r.matches.length && r.hasCanary) {
      rules.push({ matches: r.matches.map((m) => JSON.parse(JSON.stringify(m)) as Record<string, unknown>), backendRefs: [backend('canary')], ...timeouts() });
    }
    const weights = weightedRoute(r.hasCanary, r.weight, r.versions);
    // Mirroring copies the weighted rule's requests only: the matched ones already reach the canary.
    const mirror = r.mirror
      ? { filters: [{ type: 'RequestMirror', requestMirror: { backendRef: backend('canary'), ...JSON.parse(JSON.stringify(r.mirror)) as MirrorShare } }] }
      : {};
    rules.push({ ...mirror, backendRefs: weights.length > 1 ? weights.map((w) => backend(w.name, w.weight)) : [backend('stable')], ...timeouts() });
    const httpRoute: CustomObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: metadata(),
      spec: {
        parentRefs: [{ ...r.parentRef }],
        ...(r.hostnames.length ? { hostnames: [...r.hostnames] } : {}),
        rules,
      },
    };
    return { httpRoute, ingresses: [], admitted: r.controllerNamespace ? [r.controllerNamespace] : [] };
  }
}

/** The Gateway a route attaches to (`routing.gateway`: `name` or `namespace/name`); undefined when invalid (recorded). */
export function resolveParentRef(problems: Problems, gateway: unknown): { name: string; namespace?: string } | undefined {
  if (!checkString(problems, path('routing', 'gateway'), gateway)) return undefined;
  const parts = gateway.split('/');
  if (parts.length > 2 || !parts.every((p) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p))) {
    problems.invalid(path('routing', 'gateway'), `${JSON.stringify(gateway)} must be "name" or "namespace/name" of a Gateway`);
    return undefined;
  }
  return parts.length === 2 ? { name: parts[1], namespace: parts[0] } : { name: parts[0] };
}

/** The most decimals of `mirrorPercent` an HTTPRoute's mirror `fraction` is given (a denominator of 1000000: 0.0001%). */
const MAX_MIRROR_DECIMALS = 4;

/**
 * `mirrorPercent` as the RequestMirror filter's share: a whole percentage as `percent`, one with
 * decimals as a `fraction` out of `100 * 10^decimals`, 100 as neither (the Gateway API's default:
 * every request, which gateways without percentage mirroring support too); undefined when there is
 * none, or it is invalid (recorded).
 */
function resolveMirror(problems: Problems, value: unknown, hasCanary: boolean): MirrorShare | undefined {
  if (value === undefined || !checkMirrorPercent(problems, value)) return undefined;
  if (!hasCanary) {
    problems.conflict(path('routing', 'mirrorPercent'), 'mirrors to the canary, but there is no canary track');
    return undefined;
  }
  if (value === 100) return {};
  for (let d = 0; d <= MAX_MIRROR_DECIMALS; d++) {
    const n = scaledWeight(value, d);
    if (n !== undefined) return d === 0 ? { percent: n } : { fraction: { numerator: n, denominator: 100 * 10 ** d } };
  }
  problems.invalid(path('routing', 'mirrorPercent'), `${value} has more than ${MAX_MIRROR_DECIMALS} decimals: an HTTPRoute mirrors whole percents, or a fraction keelson gives at most ${100 * 10 ** MAX_MIRROR_DECIMALS} as its denominator (0.0001%)`);
  return undefined;
}

/** The HTTPRoute CRD's bounds: at most 16 headers per match, names up to 256 characters, values of 1 to 4096. */
const MAX_HEADER_MATCHES = 16;
const MAX_HEADER_NAME = 256;
const MAX_HEADER_VALUE = 4096;

/** The HTTPRoute CRD's bound on the matches of one rule. */
const MAX_RULE_MATCHES = 64;

/** `match`: each CanaryMatch as one HTTPRouteMatch (any of them sends the request to the canary). */
function resolveMatches(problems: Problems, match: unknown, hasCanary: boolean): Array<Record<string, unknown>> {
  const matches: Array<Record<string, unknown>> = [];
  if (match === undefined) return matches;
  if (!Array.isArray(match)) {
    problems.invalid(path('routing', 'match'), `must be a list of CanaryMatch, got ${describe(match)}`);
    return matches;
  }
  if (match.length > MAX_RULE_MATCHES - 1) problems.invalid(path('routing', 'match'), `has ${match.length} matches: an HTTPRoute rule takes at most ${MAX_RULE_MATCHES}, one of them for \`headers\``);
  match.forEach((m, i) => {
    const r = resolveMatch(problems, path('routing', 'match', i), m);
    if (!r) return;
    // A repeated match is never the one that decides: a mistake, said once here.
    if (matches.some((x) => JSON.stringify(x) === JSON.stringify(r))) problems.duplicate(path('routing', 'match', i), 'repeats an earlier match; remove it');
    else matches.push(r);
  });
  if (match.length > 0 && !hasCanary) problems.conflict(path('routing', 'match'), 'sends requests to the canary, but there is no canary track');
  return matches;
}

/** One CanaryMatch as an HTTPRouteMatch; undefined when invalid (recorded). */
function resolveMatch(problems: Problems, at: string, m: unknown): Record<string, unknown> | undefined {
  if (!(m instanceof CanaryMatch)) {
    problems.invalid(at, `must be made with CanaryMatch.headerExact(), .headerRegex(), .pathExact() or .pathPrefix(), got ${describe(m)}`);
    return undefined;
  }
  const s = m.spec;
  if (s.kind === 'path') {
    const key = s.prefix !== undefined ? 'prefix' : 'exact';
    return checkMatchPath(problems, path(at, key), s[key]) ? { path: { type: key === 'prefix' ? 'PathPrefix' : 'Exact', value: s[key] } } : undefined;
  }
  if (s.kind !== 'header' || s.prefix !== undefined) {
    const what = s.kind === 'cookie' ? 'a cookie' : s.kind === 'sourceLabels' ? 'source labels' : 'a header prefix';
    problems.invalid(at, `matches ${what}, which an HTTPRoute cannot: use CanaryMatch.headerRegex() (e.g. on the \`cookie\` header), .headerExact(), .pathExact() or .pathPrefix()`);
    return undefined;
  }
  if (!checkString(problems, path(at, 'name'), s.name)) return undefined;
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(s.name) || s.name.length > MAX_HEADER_NAME) problems.invalid(path(at, 'name'), `${JSON.stringify(s.name)} is not a valid header name`);
  const key = s.regex !== undefined ? 'regex' : 'value';
  const value = s.regex ?? s.exact;
  if (!checkString(problems, path(at, key), value)) return undefined;
  if (value.length === 0 || value.length > MAX_HEADER_VALUE) {
    problems.invalid(path(at, key), `must be 1 to ${MAX_HEADER_VALUE} characters: the HTTPRoute API rejects ${value.length === 0 ? 'an empty one' : 'a longer one'}`);
    return undefined;
  }
  const error = key === 'regex' ? re2Error(value) : undefined;
  if (error !== undefined) {
    problems.invalid(path(at, key), `${JSON.stringify(value)} is not an RE2 regular expression, the syntax the Envoy-based gateways run (the Gateway API leaves the dialect to each implementation): ${error}`);
    return undefined;
  }
  return { headers: [{ type: key === 'regex' ? 'RegularExpression' : 'Exact', name: s.name, value }] };
}

function resolveHeaderMatches(problems: Problems, headers: unknown): Array<{ type: string; name: string; value: string }> {
  const matches: Array<{ type: string; name: string; value: string }> = [];
  if (!checkObject(problems, path('routing', 'headers'), headers)) return matches;
  const entries = Object.entries(headers);
  if (entries.length > MAX_HEADER_MATCHES) problems.invalid(path('routing', 'headers'), `has ${entries.length} headers: an HTTPRoute match takes at most ${MAX_HEADER_MATCHES}`);
  const seen = new Map<string, string>();
  for (const [k, v] of entries) {
    const at = path('routing', 'headers', k);
    if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(k) || k.length > MAX_HEADER_NAME) problems.invalid(at, `${JSON.stringify(k)} is not a valid header name`);
    // Header names are case-insensitive: a gateway considers only the first of two that differ in case.
    const first = seen.get(k.toLowerCase());
    if (first !== undefined) problems.duplicate(at, `is the header ${JSON.stringify(first)} again (header names are case-insensitive): gateways consider only the first`);
    seen.set(k.toLowerCase(), k);
    if (!checkString(problems, at, v)) continue;
    if (v.length === 0 || v.length > MAX_HEADER_VALUE) {
      problems.invalid(at, `must be a value of 1 to ${MAX_HEADER_VALUE} characters: the HTTPRoute API rejects ${v.length === 0 ? 'an empty one' : 'a longer one'} (to match any value, use \`match: [CanaryMatch.headerRegex(name, '.+')]\`)`);
      continue;
    }
    matches.push({ type: 'Exact', name: k, value: v });
  }
  return matches;
}
