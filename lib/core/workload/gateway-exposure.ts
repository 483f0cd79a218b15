import type { NetworkPolicyIngressRule } from 'kubernetes-types/networking/v1';
import { DEFAULTS } from './defaults';
import type { KubeObject } from './objects';
import {
  checkDns1123Label, checkDns1123Subdomain, checkKnownKeys, checkObject, checkString, describe,
} from '../validation/checks';
import { isAnyHost, resolveHostList } from '../validation/hosts';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkStringMap } from '../validation/values';
import { Duration } from '../values/duration';
import type { Port } from '../values/port';

/** The Gateway an exposure's route attaches to (Gateway API `parentRefs`). */
export interface GatewayReference {
  /** The Gateway's name (a DNS label). */
  readonly name: string;
  /**
   * The Gateway's namespace; a Gateway elsewhere must admit routes from the app's namespace (`allowedRoutes`).
   * @default the app's namespace (Gateway API's own default for a parentRef)
   */
  readonly namespace?: string;
  /**
   * One listener of the Gateway (its name).
   * @default every listener whose host names and protocol fit the route
   */
  readonly sectionName?: string;
}

/** The pods of a gateway, for the NetworkPolicy rule and, in a mesh, the AuthorizationPolicy that let them in. */
export interface GatewayPods {
  /**
   * The namespace the gateway's pods run in.
   * @default Gateway API: the Gateway's namespace (where Istio, Envoy Gateway and most implementations deploy
   * them), else the app's; Istio gateway: 'istio-system' (the ingress gateway of a default Istio install)
   */
  readonly namespace?: string;
  /**
   * The labels of the gateway's pods.
   * @default Gateway API: `gateway.networking.k8s.io/gateway-name: <gateway name>` (the label GEP-1762
   * in-cluster gateways carry); Istio gateway: the Gateway's `selector`
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The gateway pods' ServiceAccount, whose identity the mesh AuthorizationPolicy allows (`exposure.mesh`).
   * @default Gateway API: '<gateway name>-istio' (the one Istio deploys for a Gateway of class `istio`);
   * Istio gateway: 'istio-ingressgateway-service-account' (the default ingress gateway's)
   */
  readonly serviceAccount?: string;
  /**
   * The mesh's trust domain, the first part of the gateway's principal.
   * @default 'cluster.local' (Istio's default trust domain)
   */
  readonly trustDomain?: string;
}

/** A request match: all of its parts must hold. */
export interface RouteMatch {
  /**
   * The request path: `{ value: '/api' }` is a prefix (whole segments), `{ type: 'Exact', value: '/health' }` one path.
   * @default every path
   */
  readonly path?: {
    /**
     * `PathPrefix` matches whole segments (`/api` matches `/api/v1`, not `/apiv1`; Istio's prefix is a string prefix).
     * @default 'PathPrefix'
     */
    readonly type?: 'PathPrefix' | 'Exact';
    /** The path, starting with `/`. */
    readonly value: string;
  };
  /**
   * Request headers and the value each must equal exactly (names are case-insensitive).
   * @default no header condition
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a gateway exposure shares (both entries route to the app's Service). */
export interface GatewayExposureOptions {
  /**
   * The requests routed to the app; a request matching any of them.
   * @default every request (path prefix `/`)
   */
  readonly matches?: readonly RouteMatch[];
  /**
   * The name of the Service port routed to.
   * @default the first exposed port
   */
  readonly port?: string;
  /**
   * The gateway's pods, which the NetworkPolicy admits on the routed port (and, with `mesh`, the AuthorizationPolicy).
   * @default see each field: the gateway's usual namespace, labels and ServiceAccount
   */
  readonly gatewayPods?: GatewayPods;
  /**
   * Also emit an AuthorizationPolicy `<name>-exposure` allowing the gateway's identity on the routed
   * port, for a keelson mesh namespace (STRICT mutual TLS, deny-all). A SecureNamespace with a mesh
   * refuses a gateway exposure without it, and one without a mesh refuses it.
   * @default false
   */
  readonly mesh?: boolean;
}

/** Options of `Exposure.gatewayApi()`: an HTTPRoute (GRPCRoute for a gRPC port) attached to a shared Gateway. */
export interface GatewayApiOptions extends GatewayExposureOptions {
  /** The shared Gateway the route attaches to; TLS is configured on its listeners. */
  readonly gateway: GatewayReference;
  /**
   * The host names the route serves (a leading `*.` wildcard is allowed; `"*"` alone is the default's every host).
   * @default every host the Gateway listener accepts: the route names none
   */
  readonly hostnames?: readonly string[];
  /**
   * Timeouts of the route's HTTP requests (HTTPRoute only): `request` for the whole request through the
   * gateway, `backendRequest` for one request to the app (at most `request`).
   * @default the gateway's (none, for most implementations)
   */
  readonly timeouts?: {
    /**
     * The whole request through the gateway, retries included.
     * @default the gateway's
     */
    readonly request?: Duration;
    /**
     * One request from the gateway to the app.
     * @default the gateway's
     */
    readonly backendRequest?: Duration;
  };
}

/** Options of `Exposure.istioGateway()`: an Istio Gateway and a VirtualService bound to it. */
export interface IstioGatewayOptions extends GatewayExposureOptions {
  /** The host names clients use (a leading `*.` wildcard is allowed; `"*"` alone: every host). */
  readonly hosts: readonly string[];
  /**
   * The labels selecting the ingress gateway's pods (the Gateway's `selector`).
   * @default { istio: 'ingressgateway' }: Istio's default ingress gateway
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * Serve HTTPS on port 443 with the certificate in this Secret (in the gateway pods' namespace).
   * @default none: plain HTTP on port 80 (TLS terminated in front of the gateway)
   */
  readonly tls?: {
    /** The Secret (a TLS Secret or `cert`/`key`/`cacert` data) in the gateway pods' namespace. */
    readonly credentialName: string;
  };
  /**
   * The VirtualService route's timeout.
   * @default Istio's (none)
   */
  readonly timeout?: Duration;
}

/** A resolved request match. */
export interface ResolvedRouteMatch {
  readonly path?: { readonly type: 'PathPrefix' | 'Exact'; readonly value: string };
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** A gateway exposure, checked and defaulted. */
export interface ResolvedGatewayExposure {
  readonly type: 'GatewayAPI' | 'IstioGateway';
  readonly mesh: boolean;
  /** The routed port (the only one the gateway reaches). */
  readonly ports: readonly Port[];
  readonly port: Port;
  readonly hostnames: readonly string[];
  readonly matches: readonly ResolvedRouteMatch[];
  readonly gateway?: GatewayReference;
  readonly timeouts: { readonly request?: string; readonly backendRequest?: string };
  readonly selector: Readonly<Record<string, string>>;
  readonly tls?: { readonly credentialName: string };
  /** The gateway pods' namespace; undefined: the app's (a peer without a namespace selector). */
  readonly podsNamespace?: string;
  readonly podsLabels: Readonly<Record<string, string>>;
  /** The gateway's principal; undefined when there is no mesh entry. */
  readonly principal?: string;
}

const COMMON = ['type', 'matches', 'port', 'gatewayPods', 'mesh'];
const GATEWAY_API_KEYS = [...COMMON, 'gateway', 'hostnames', 'timeouts'];
const ISTIO_KEYS = [...COMMON, 'hosts', 'selector', 'tls', 'timeout'];
/** An HTTPRoute or GRPCRoute takes at most 16 host names and 64 matches per rule (the CRD's limits). */
const MAX_HOSTNAMES = 16;
const GATEWAY_HOSTS = 'the host names clients use through the gateway';

/**
 * A Gateway API route's `hostnames` (at most 16); `"*"` alone is no hostnames, which is every host
 * the Gateway's listener accepts (the API has no `*` host of its own). `[]` when invalid (recorded).
 */
export function resolveRouteHostnames(problems: Problems, at: string, value: unknown): string[] {
  const hosts = resolveHostList(problems, at, value, { required: false, purpose: GATEWAY_HOSTS, max: MAX_HOSTNAMES }) ?? [];
  return isAnyHost(hosts) ? [] : hosts;
}
const MAX_MATCHES = 64;
/** Gateway API durations: 1–5 digits per unit (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`). */
const MAX_GATEWAY_DURATION_DIGITS = 99999;

/** Checks a gateway exposure (Gateway API or Istio gateway); undefined when invalid (recorded). */
export function resolveGatewayExposure(
  problems: Problems, e: Record<string, unknown>, exposed: readonly Port[], appNamespace: string | undefined,
): ResolvedGatewayExposure | undefined {
  const at = 'exposure';
  const before = problems.count;
  const istio = e.type === 'IstioGateway';
  checkKnownKeys(problems, at, e, istio ? ISTIO_KEYS : GATEWAY_API_KEYS);
  const port = resolveRoutedPort(problems, e.port, exposed);
  const grpc = port?.protocol === 'grpc';
  if (e.mesh !== undefined && typeof e.mesh !== 'boolean') problems.invalid(path(at, 'mesh'), `must be a boolean, got ${describe(e.mesh)}`);
  const matches = resolveMatches(problems, e.matches, grpc && !istio);
  let gateway: GatewayReference | undefined;
  let hostnames: readonly string[] = [];
  let timeouts: { request?: string; backendRequest?: string } = {};
  let selector: Record<string, string> = {};
  let tls: { credentialName: string } | undefined;
  if (istio) {
    hostnames = resolveHostList(problems, path(at, 'hosts'), e.hosts, { required: true, purpose: GATEWAY_HOSTS, max: MAX_HOSTNAMES }) ?? [];
    const n = problems.count;
    selector = e.selector === undefined ? { istio: DEFAULTS.istioIngressGatewayLabel } : checkStringMap(problems, path(at, 'selector'), e.selector, true);
    if (Object.keys(selector).length === 0 && problems.count === n) {
      problems.invalid(path(at, 'selector'), 'is empty, which would bind the Gateway to every gateway pod of the mesh; name the ingress gateway\'s labels');
    }
    if (e.tls !== undefined && checkObject(problems, path(at, 'tls'), e.tls)) {
      checkKnownKeys(problems, path(at, 'tls'), e.tls, ['credentialName']);
      const credentialName = (e.tls as Record<string, unknown>).credentialName;
      if (credentialName === undefined) problems.required(path(at, 'tls', 'credentialName'), 'is required: the Secret (in the gateway pods\' namespace) holding the certificate');
      else if (checkDns1123Subdomain(problems, path(at, 'tls', 'credentialName'), credentialName)) tls = { credentialName };
    }
    const timeout = resolveDuration(problems, path(at, 'timeout'), e.timeout, false);
    if (timeout) timeouts = { request: timeout };
  } else {
    gateway = resolveGatewayRef(problems, e.gateway);
    hostnames = resolveRouteHostnames(problems, path(at, 'hostnames'), e.hostnames);
    timeouts = resolveTimeouts(problems, e.timeouts, grpc);
  }
  const pods = resolvePods(problems, e.gatewayPods, {
    namespace: istio ? DEFAULTS.istioGatewayNamespace : gateway?.namespace,
    labels: istio ? selector : gateway ? { [GATEWAY_NAME_LABEL]: gateway.name } : {},
    serviceAccount: istio ? DEFAULTS.istioGatewayServiceAccount : `${gateway?.name ?? ''}${DEFAULTS.gatewayApiServiceAccountSuffix}`,
  });
  const mesh = e.mesh === true;
  const podsNamespace = pods?.namespace;
  if (mesh && podsNamespace === undefined && appNamespace === undefined) {
    problems.required(path(at, 'gatewayPods', 'namespace'), 'is required with mesh when the app has no namespace: the gateway\'s principal names its namespace');
  }
  if (problems.count > before || !port || !pods) return undefined;
  const principalNs = podsNamespace ?? appNamespace;
  return {
    type: istio ? 'IstioGateway' : 'GatewayAPI',
    mesh,
    ports: [port],
    port,
    hostnames,
    matches,
    ...(gateway ? { gateway } : {}),
    timeouts,
    selector,
    ...(tls ? { tls } : {}),
    ...(podsNamespace !== undefined ? { podsNamespace } : {}),
    podsLabels: pods.labels,
    ...(mesh && principalNs !== undefined ? { principal: `${pods.trustDomain}/ns/${principalNs}/sa/${pods.serviceAccount}` } : {}),
  };
}

/** The label GEP-1762 gateways (Istio's, among others) put on the pods they deploy for a Gateway. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

function resolveRoutedPort(problems: Problems, name: unknown, exposed: readonly Port[]): Port | undefined {
  const at = path('exposure', 'port');
  const routable = exposed.filter((p) => p.transport === 'TCP');
  if (name === undefined) {
    if (exposed.length && !routable.length) problems.invalid('exposure', 'routes HTTP, but every exposed port is UDP');
    return routable[0];
  }
  if (!checkString(problems, at, name)) return undefined;
  const port = exposed.find((p) => p.name === name);
  if (!port) {problems.invalid(at, `${JSON.stringify(name)} names no exposed port: the Service's ports are ${exposed.map((p) => JSON.stringify(p.name)).join(', ') || 'none'}`);} else if (port.protocol === 'udp' || port.protocol === 'tcp') {
    problems.invalid(at, `${JSON.stringify(name)} is a ${port.protocol.toUpperCase()} port: a gateway route carries HTTP or gRPC (Port.http, Port.grpc)`);
  }
  return port;
}

function resolveGatewayRef(problems: Problems, value: unknown): GatewayReference | undefined {
  const at = path('exposure', 'gateway');
  if (value === undefined) {
    problems.required(at, 'is required: the shared Gateway the route attaches to ({ name, namespace })');
    return undefined;
  }
  if (!checkObject(problems, at, value)) return undefined;
  const before = problems.count;
  checkKnownKeys(problems, at, value, ['name', 'namespace', 'sectionName']);
  if (value.name === undefined) problems.required(path(at, 'name'), 'is required: the Gateway\'s name');
  else checkDns1123Label(problems, path(at, 'name'), value.name);
  if (value.namespace !== undefined) checkDns1123Label(problems, path(at, 'namespace'), value.namespace);
  if (value.sectionName !== undefined) checkDns1123Subdomain(problems, path(at, 'sectionName'), value.sectionName);
  if (problems.count > before) return undefined;
  return {
    name: value.name as string,
    ...(value.namespace !== undefined ? { namespace: value.namespace as string } : {}),
    ...(value.sectionName !== undefined ? { sectionName: value.sectionName as string } : {}),
  };
}

function resolveMatches(problems: Problems, value: unknown, grpc: boolean): ResolvedRouteMatch[] {
  const at = path('exposure', 'matches');
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.invalid(at, `must be a list of matches ({ path, headers }), got ${describe(value)}`);
    return [];
  }
  if (value.length === 0) problems.invalid(at, 'is empty, which would route nothing; leave it out to route every request');
  if (value.length > MAX_MATCHES) problems.invalid(at, `has ${value.length} matches: a route rule takes at most ${MAX_MATCHES}`);
  const out: ResolvedRouteMatch[] = [];
  value.forEach((m: unknown, i) => {
    const mat = path(at, i);
    if (!checkObject(problems, mat, m)) return;
    checkKnownKeys(problems, mat, m, ['path', 'headers']);
    let p: ResolvedRouteMatch['path'];
    if (m.path !== undefined) {
      const pat = path(mat, 'path');
      if (grpc) {problems.conflict(pat, 'cannot be used on a gRPC port: a GRPCRoute matches services and methods, not paths; match on headers, or leave matches out');} else if (checkObject(problems, pat, m.path)) {
        checkKnownKeys(problems, pat, m.path, ['type', 'value']);
        const type = m.path.type ?? 'PathPrefix';
        if (type !== 'PathPrefix' && type !== 'Exact') problems.notSupported(path(pat, 'type'), `must be 'PathPrefix' or 'Exact', got ${describe(type)}`);
        const v = m.path.value;
        if (v === undefined) {problems.required(path(pat, 'value'), 'is required: the path, starting with "/"');} else if (checkString(problems, path(pat, 'value'), v)) {
          if (!v.startsWith('/') || v.length > 1024 || /\/\/|\/\.\.?(\/|$)|[%#?\s]/.test(v)) {
            problems.invalid(path(pat, 'value'), `${JSON.stringify(v)} must be an absolute path ("/api"): at most 1024 characters, no "//", "/./", "/../", "%", "#", "?" or spaces`);
          } else if (type === 'PathPrefix' || type === 'Exact') {p = { type, value: v };}
        }
      }
    }
    const headers: Array<[string, string]> = [];
    if (m.headers !== undefined) {
      const hat = path(mat, 'headers');
      const map = checkStringMap(problems, hat, m.headers, false);
      const seen = new Map<string, string>();
      for (const [name, v] of Object.entries(map)) {
        if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,256}$/.test(name)) problems.invalid(path(hat, name), 'is not an HTTP header name: an RFC 9110 token (letters, digits, and punctuation such as - _ .), at most 256 characters');
        const first = seen.get(name.toLowerCase());
        if (first !== undefined) problems.duplicate(path(hat, name), `is the header ${JSON.stringify(first)} again (header names are case-insensitive)`);
        seen.set(name.toLowerCase(), name);
        if (v.length === 0 || v.length > 4096) problems.invalid(path(hat, name), 'must be a value of 1 to 4096 characters');
        headers.push([name, v]);
      }
      if (Object.keys(map).length > 16) problems.invalid(hat, `has ${Object.keys(map).length} headers: a match takes at most 16`);
    }
    if (m.path === undefined && m.headers === undefined) problems.required(mat, 'is empty: give a path, headers or both');
    out.push({ ...(p ? { path: p } : {}), headers });
  });
  return out;
}

function resolveDuration(problems: Problems, at: string, value: unknown, gatewayApi: boolean): string | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Duration) || !value.isValid || !Number.isInteger(value.toMillis()) || value.toMillis() < 1) {
    problems.invalid(at, `must be a Duration of at least 1ms, a whole number of milliseconds (e.g. Duration.seconds(30)), got ${describe(value)}`);
    return undefined;
  }
  const ms = value.toMillis();
  if (gatewayApi && (ms % 1000 === 0 ? ms / 1000 : ms) > MAX_GATEWAY_DURATION_DIGITS) {
    problems.invalid(at, `${value} is longer than a Gateway API duration takes (at most ${MAX_GATEWAY_DURATION_DIGITS}s, or ${MAX_GATEWAY_DURATION_DIGITS}ms when not whole seconds)`);
    return undefined;
  }
  return value.toString();
}

/** An HTTPRoute rule's `timeouts` (the exposure's, or a CanaryRelease routing's at `at`), as Gateway API durations. */
export function resolveTimeouts(problems: Problems, value: unknown, grpc: boolean, at = path('exposure', 'timeouts')): { request?: string; backendRequest?: string } {
  if (value === undefined) return {};
  if (!checkObject(problems, at, value)) return {};
  checkKnownKeys(problems, at, value, ['request', 'backendRequest']);
  if (grpc) {
    problems.conflict(at, 'cannot be used on a gRPC port: a GRPCRoute has no timeouts (set deadlines in the gRPC clients)');
    return {};
  }
  const request = resolveDuration(problems, path(at, 'request'), value.request, true);
  const backendRequest = resolveDuration(problems, path(at, 'backendRequest'), value.backendRequest, true);
  if (request && backendRequest && (value.backendRequest as Duration).toMillis() > (value.request as Duration).toMillis()) {
    problems.invalid(path(at, 'backendRequest'), `${backendRequest} is longer than the request timeout ${request}: one request to the app must fit in the whole request`);
  }
  return { ...(request ? { request } : {}), ...(backendRequest ? { backendRequest } : {}) };
}

function resolvePods(
  problems: Problems, value: unknown, defaults: { namespace?: string; labels: Record<string, string>; serviceAccount: string },
): { namespace?: string; labels: Record<string, string>; serviceAccount: string; trustDomain: string } | undefined {
  const at = path('exposure', 'gatewayPods');
  const v = value === undefined ? {} : value;
  if (!checkObject(problems, at, v)) return undefined;
  const before = problems.count;
  checkKnownKeys(problems, at, v, ['namespace', 'labels', 'serviceAccount', 'trustDomain']);
  if (v.namespace !== undefined) checkDns1123Label(problems, path(at, 'namespace'), v.namespace);
  let labels = defaults.labels;
  if (v.labels !== undefined) {
    const n = problems.count;
    labels = checkStringMap(problems, path(at, 'labels'), v.labels, true);
    if (Object.keys(labels).length === 0 && problems.count === n) problems.invalid(path(at, 'labels'), 'is empty, which would admit every pod of the namespace; name the gateway pods\' labels');
  }
  if (v.serviceAccount !== undefined) checkDns1123Subdomain(problems, path(at, 'serviceAccount'), v.serviceAccount);
  if (v.trustDomain !== undefined) checkDns1123Subdomain(problems, path(at, 'trustDomain'), v.trustDomain);
  if (problems.count > before) return undefined;
  const namespace = (v.namespace as string | undefined) ?? defaults.namespace;
  return {
    ...(namespace !== undefined ? { namespace } : {}),
    labels,
    serviceAccount: (v.serviceAccount as string | undefined) ?? defaults.serviceAccount,
    trustDomain: (v.trustDomain as string | undefined) ?? DEFAULTS.clusterDomain,
  };
}

/** The NetworkPolicy rule that lets the gateway's pods in, on the routed port only. */
export function gatewayRule(e: ResolvedGatewayExposure): NetworkPolicyIngressRule {
  const podSelector = { matchLabels: { ...e.podsLabels } };
  const peer = e.podsNamespace !== undefined
    ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': e.podsNamespace } }, podSelector }
    : { podSelector };
  return { from: [peer], ports: [{ protocol: e.port.transport, port: e.port.containerPort }] };
}

/** The AuthorizationPolicy `<name>-exposure` that allows the gateway's identity on the routed port (with mesh). */
export function gatewayMeshObjects(
  e: ResolvedGatewayExposure, metadata: () => Record<string, unknown>, selector: Readonly<Record<string, string>>,
): Array<KubeObject & { readonly spec: Record<string, unknown> }> {
  if (!e.mesh || e.principal === undefined) return [];
  return [{
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: metadata() as KubeObject['metadata'],
    spec: {
      selector: { matchLabels: { ...selector } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: [e.principal] } }], to: [{ operation: { ports: [String(e.port.containerPort)] } }] }],
    },
  }];
}

/** Marks the objects of a gateway exposure (the SecureNamespace's mesh check finds them by it). */
export const EXPOSURE_LABEL = 'keelson.dev/exposure';

/**
 * The entry's objects, routing to the Service `service`: an HTTPRoute or GRPCRoute (Gateway API), or
 * an Istio Gateway and VirtualService (`withVirtualService: false` when a release's VirtualService takes the Gateway).
 */
export function gatewayRouteObjects(
  e: ResolvedGatewayExposure, meta: { name: string; namespace?: string; labels: Record<string, string> }, service: string, withVirtualService = true,
): Array<KubeObject & { readonly spec: Record<string, unknown> }> {
  const metadata = () => ({ ...meta, labels: { ...meta.labels, [EXPOSURE_LABEL]: e.type === 'GatewayAPI' ? 'gateway-api' : 'istio-gateway' } });
  const port = e.port.servicePort;
  if (e.type === 'GatewayAPI') {
    const grpc = e.port.protocol === 'grpc';
    const g = e.gateway!;
    const matches = e.matches.map((m) => ({
      ...(m.path ? { path: { type: m.path.type, value: m.path.value } } : {}),
      ...(m.headers.length ? { headers: m.headers.map(([name, value]) => ({ type: 'Exact', name, value })) } : {}),
    }));
    return [{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: grpc ? 'GRPCRoute' : 'HTTPRoute',
      metadata: metadata(),
      spec: {
        parentRefs: [{
          name: g.name,
          ...(g.namespace !== undefined ? { namespace: g.namespace } : {}),
          ...(g.sectionName !== undefined ? { sectionName: g.sectionName } : {}),
        }],
        ...(e.hostnames.length ? { hostnames: [...e.hostnames] } : {}),
        rules: [{
          ...(matches.length ? { matches } : {}),
          backendRefs: [{ name: service, port }],
          ...(Object.keys(e.timeouts).length ? { timeouts: { ...e.timeouts } } : {}),
        }],
      },
    }];
  }
  const https = e.tls !== undefined;
  const gateway = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: metadata(),
    spec: {
      selector: { ...e.selector },
      servers: [{
        port: https ? { number: 443, name: 'https', protocol: 'HTTPS' } : { number: 80, name: 'http', protocol: 'HTTP' },
        hosts: [...e.hostnames],
        ...(https ? { tls: { mode: 'SIMPLE', credentialName: e.tls!.credentialName } } : {}),
      }],
    },
  };
  if (!withVirtualService) return [gateway];
  const match = e.matches.map((m) => ({
    ...(m.path ? { uri: istioPathMatch(m.path.type === 'Exact' ? 'exact' : 'prefix', m.path.value) } : {}),
    ...(m.headers.length ? { headers: Object.fromEntries(m.headers.map(([name, value]) => [name.toLowerCase(), { exact: value }])) } : {}),
  }));
  const virtualService = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: metadata(),
    spec: {
      hosts: [...e.hostnames],
      gateways: [meta.name],
      http: [{
        ...(match.length ? { match } : {}),
        route: [{ destination: { host: service, port: { number: port } } }],
        ...(e.timeouts.request ? { timeout: e.timeouts.request } : {}),
      }],
    },
  };
  return [gateway, virtualService];
}

/**
 * A path match as Istio's `uri` StringMatch, with the Gateway API's meaning: `exact`, or a prefix of
 * whole segments (`/beta` matches `/beta` and `/beta/x`, not `/betamax`; a trailing `/` is ignored).
 * Istio's own `prefix` is a string prefix, so a segment prefix is the RE2 regex `^/beta(/.*)?$`
 * (Envoy matches it against the path without the query string); `/` stays `prefix: '/'`.
 */
export function istioPathMatch(kind: 'exact' | 'prefix', value: string): Record<string, string> {
  if (kind === 'exact') return { exact: value };
  const segments = value.replace(/\/+$/, '');
  if (segments === '') return { prefix: '/' };
  return { regex: `^${segments.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/.*)?$` };
}
