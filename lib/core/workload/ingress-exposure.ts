import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { DEFAULTS } from './defaults';
import { checkDns1123Label, checkDns1123Subdomain, checkKnownKeys, describe } from '../validation/checks';
import { isAnyHost, resolveHostList } from '../validation/hosts';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkStringMap } from '../validation/values';
import type { Port } from '../values/port';

/** Options of `Exposure.ingress()`: an Ingress `<name>` in front of the app's Service, served by an ingress controller. */
export interface IngressOptions {
  /** The host names to serve (`shop.example.com`, `*.example.com`; `"*"` alone: every host, one rule without a host). */
  readonly hosts: readonly string[];
  /**
   * The URL path prefix routed to the app.
   * @default '/'
   */
  readonly path?: string;
  /**
   * The IngressClass.
   * @default the cluster's default IngressClass
   */
  readonly className?: string;
  /**
   * A Secret holding the TLS certificate for the hosts.
   * @default none (plain HTTP, or TLS terminated in front of the controller)
   */
  readonly tlsSecretName?: string;
  /**
   * The Service port (by name) the Ingress sends traffic to.
   * @default the first exposed HTTP port (else gRPC)
   */
  readonly portName?: string;
  /**
   * Annotations for the ingress controller.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The namespace the ingress controller's pods run in; the NetworkPolicy admits it on the backend port.
   * @default 'ingress-nginx' when `className` is unset or names an nginx class; required otherwise
   */
  readonly controllerNamespace?: string;
  /**
   * Also emit what lets the controller into a keelson mesh namespace (STRICT mutual TLS, deny-all):
   * an ingress controller outside the mesh sends plaintext, so a PeerAuthentication `<name>-exposure`
   * PERMISSIVE on the routed port and an AuthorizationPolicy that allows it. A SecureNamespace with a
   * mesh refuses an Ingress-exposed app without it, and one without a mesh refuses it.
   * @default false
   */
  readonly mesh?: boolean;
}

/** An Ingress exposure: an Ingress `<name>` routing to the app's ClusterIP Service. */
export interface IngressExposure extends IngressOptions {
  /** The entry's kind. */
  readonly type: 'Ingress';
}

/** An Ingress exposure, checked and defaulted. */
export interface ResolvedIngressExposure {
  readonly type: 'Ingress';
  readonly hosts: readonly string[];
  readonly path: string;
  readonly className?: string;
  readonly tlsSecretName?: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** The exposed port it routes to. */
  readonly port: Port;
  /** The routed port (the only one the controller reaches). */
  readonly ports: readonly Port[];
  /** The namespace of the controller's pods, admitted by the NetworkPolicy. */
  readonly controllerNamespace: string;
  readonly mesh: boolean;
}

const INGRESS_KEYS = ['type', 'hosts', 'path', 'className', 'tlsSecretName', 'portName', 'annotations', 'controllerNamespace', 'mesh'];
const AT = 'exposure';

/** Checks an Ingress exposure (any input) against the exposed ports; undefined when invalid (recorded). */
export function resolveIngressExposure(
  problems: Problems, i: Record<string, unknown>, exposed: readonly Port[],
): ResolvedIngressExposure | undefined {
  const before = problems.count;
  checkKnownKeys(problems, AT, i, INGRESS_KEYS);
  const props = i as unknown as IngressOptions;
  const hosts = resolveHostList(problems, path(AT, 'hosts'), props.hosts, { required: true, purpose: 'the host names the Ingress serves' });
  const urlPath = props.path ?? '/';
  checkPrefixPath(problems, urlPath, servedByIngressNginx(props));
  if (props.className !== undefined) checkDns1123Subdomain(problems, path(AT, 'className'), props.className);
  if (props.tlsSecretName !== undefined) checkDns1123Subdomain(problems, path(AT, 'tlsSecretName'), props.tlsSecretName);
  checkControllerNamespace(problems, props);
  const annotations = checkStringMap(problems, path(AT, 'annotations'), props.annotations, false);
  if (props.mesh !== undefined && typeof props.mesh !== 'boolean') problems.invalid(path(AT, 'mesh'), `must be a boolean, got ${describe(props.mesh)}`);
  // No exposed port at all: the caller's `noService` conflict already says so, once.
  const port = exposed.length ? ingressPort(problems, props, exposed) : undefined;
  if (problems.count > before || !port || !hosts) return undefined;
  return {
    type: 'Ingress',
    hosts,
    path: urlPath,
    ...(props.className !== undefined ? { className: props.className } : {}),
    ...(props.tlsSecretName !== undefined ? { tlsSecretName: props.tlsSecretName } : {}),
    annotations,
    port,
    ports: [port],
    controllerNamespace: props.controllerNamespace ?? DEFAULTS.ingressControllerNamespace,
    mesh: props.mesh ?? false,
  };
}

/** Sequences the API server rejects in a `Prefix` (or `Exact`) path, and endings it rejects. */
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
/** ingress-nginx's strict path validation (on by default): letters, digits, '.', '_', '-' and '/'. */
const NGINX_STRICT_PATH = /^\/[A-Za-z0-9._\-/]*$/;

/** Is the Ingress for ingress-nginx (its class names nginx, or none and keelson admits ingress-nginx)? */
function servedByIngressNginx(i: IngressOptions): boolean {
  return i.className === undefined ? i.controllerNamespace === undefined : typeof i.className === 'string' && i.className.includes('nginx');
}

/**
 * The Ingress path, which keelson writes with `pathType: Prefix`: what the API server accepts for
 * it (absolute, no `//`, `/./`, `/../`, `%2f`, not ending in `/.` or `/..`), and for ingress-nginx
 * what its admission accepts too (letters, digits, '.', '_', '-', '/').
 */
function checkPrefixPath(problems: Problems, urlPath: unknown, nginx: boolean): void {
  const at = path(AT, 'path');
  if (typeof urlPath !== 'string' || !/^\/[A-Za-z0-9\-._~/%]*$/.test(urlPath)) {
    problems.invalid(at, `${JSON.stringify(urlPath)} must be a URL path starting with '/' (letters, digits, '-', '.', '_', '~', '/')`);
    return;
  }
  const bad = [...INVALID_PATH_SEQUENCES.filter((q) => urlPath.includes(q)), ...INVALID_PATH_SUFFIXES.filter((q) => urlPath.endsWith(q)).map((q) => `a trailing ${q}`)];
  if (bad.length) {
    problems.invalid(at, `${JSON.stringify(urlPath)} has ${bad.map((b) => (b.startsWith('a trailing') ? b : `'${b}'`)).join(', ')}, which the API server rejects in a Prefix path: write the path in its plain form (e.g. "/api/v1")`);
  } else if (nginx && !NGINX_STRICT_PATH.test(urlPath)) {
    problems.invalid(at, `${JSON.stringify(urlPath)} has a character ingress-nginx's path validation rejects for a Prefix path: letters, digits, '.', '_', '-' and '/' only`);
  }
}

function checkControllerNamespace(problems: Problems, i: IngressOptions): void {
  if (i.controllerNamespace !== undefined) {checkDns1123Label(problems, path(AT, 'controllerNamespace'), i.controllerNamespace);} else if (typeof i.className === 'string' && !i.className.includes('nginx')) {
    // The NetworkPolicy admits the controller's pods by namespace; guessing ingress-nginx for
    // another controller would leave the backend unreachable.
    problems.required(
      path(AT, 'controllerNamespace'),
      `is required with ingress class ${JSON.stringify(i.className)}: the namespace of that controller's pods, which the NetworkPolicy admits (for a load balancer that sends traffic straight to pods, admit its addresses with allowFrom: NetworkPeer.cidr(...) and set the namespace of any controller pods)`,
    );
  }
}

function ingressPort(problems: Problems, i: IngressOptions, exposed: readonly Port[]): Port | undefined {
  if (i.portName !== undefined) {
    const p = exposed.find((e) => e.name === i.portName);
    if (!p) problems.notSupported(path(AT, 'portName'), `${JSON.stringify(i.portName)} is not an exposed port (${exposed.map((e) => e.name).join(', ') || 'none'})`);
    return p;
  }
  const p = exposed.find((e) => e.protocol === 'http') ?? exposed.find((e) => e.protocol === 'grpc');
  if (!p) problems.required(AT, 'needs an exposed HTTP or gRPC port to route to');
  return p;
}

/** The Ingress `<name>` to the Service `service`. */
export function renderIngress(i: ResolvedIngressExposure, metadata: ObjectMeta, service: string): Ingress {
  // "*": one rule without a host, which serves every host (and TLS without hosts: the controller's default).
  const any = isAnyHost(i.hosts);
  const hosts = [...i.hosts];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: Object.keys(i.annotations).length ? { ...metadata, annotations: { ...i.annotations } } : metadata,
    spec: {
      ...(i.className !== undefined ? { ingressClassName: i.className } : {}),
      ...(i.tlsSecretName !== undefined ? { tls: [{ ...(any ? {} : { hosts }), secretName: i.tlsSecretName }] } : {}),
      rules: (any ? [undefined] : hosts).map((host) => ({
        ...(host !== undefined ? { host } : {}),
        http: {
          paths: [{ path: i.path, pathType: 'Prefix', backend: { service: { name: service, port: { name: i.port.name } } } }],
        },
      })),
    },
  };
}
