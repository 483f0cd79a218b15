import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { IngressProps } from './props';
import { checkDns1123Label, checkDns1123Subdomain, checkHostname, checkKnownKeys, checkObject } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkStringMap } from '../validation/values';
import type { Port } from '../values/port';
import { DEFAULTS } from '../workload/defaults';

/** An Ingress, checked and defaulted. */
export interface ResolvedIngress {
  readonly hosts: readonly string[];
  readonly path: string;
  readonly className?: string;
  readonly tlsSecretName?: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** The exposed port it routes to. */
  readonly port: Port;
  /** The namespace of the controller's pods, admitted by the NetworkPolicy. */
  readonly controllerNamespace: string;
}

const INGRESS_KEYS = ['hosts', 'path', 'className', 'tlsSecretName', 'portName', 'annotations', 'controllerNamespace'];

/** Checks the ingress prop (any input) against the exposed ports; undefined when invalid (recorded). */
export function resolveIngress(problems: Problems, i: unknown, exposed: readonly Port[]): ResolvedIngress | undefined {
  if (!checkObject(problems, 'ingress', i)) return undefined;
  const before = problems.count;
  checkKnownKeys(problems, 'ingress', i, INGRESS_KEYS);
  const props = i as unknown as IngressProps;
  checkHosts(problems, props.hosts);
  const urlPath = props.path ?? '/';
  checkPrefixPath(problems, urlPath, servedByIngressNginx(props));
  if (props.className !== undefined) checkDns1123Subdomain(problems, path('ingress', 'className'), props.className);
  if (props.tlsSecretName !== undefined) checkDns1123Subdomain(problems, path('ingress', 'tlsSecretName'), props.tlsSecretName);
  checkControllerNamespace(problems, props);
  const annotations = checkStringMap(problems, path('ingress', 'annotations'), props.annotations, false);
  const port = ingressPort(problems, props, exposed);
  if (problems.count > before || !port) return undefined;
  return {
    hosts: [...props.hosts],
    path: urlPath,
    ...(props.className !== undefined ? { className: props.className } : {}),
    ...(props.tlsSecretName !== undefined ? { tlsSecretName: props.tlsSecretName } : {}),
    annotations,
    port,
    controllerNamespace: props.controllerNamespace ?? DEFAULTS.ingressControllerNamespace,
  };
}

/** Sequences the API server rejects in a `Prefix` (or `Exact`) path, and endings it rejects. */
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
/** ingress-nginx's strict path validation (on by default): letters, digits, '.', '_', '-' and '/'. */
const NGINX_STRICT_PATH = /^\/[A-Za-z0-9._\-/]*$/;

/** Is the Ingress for ingress-nginx (its class names nginx, or none and keelson admits ingress-nginx)? */
function servedByIngressNginx(i: IngressProps): boolean {
  return i.className === undefined ? i.controllerNamespace === undefined : typeof i.className === 'string' && i.className.includes('nginx');
}

/**
 * The Ingress path, which keelson writes with `pathType: Prefix`: what the API server accepts for
 * it (absolute, no `//`, `/./`, `/../`, `%2f`, not ending in `/.` or `/..`), and for ingress-nginx
 * what its admission accepts too (letters, digits, '.', '_', '-', '/').
 */
function checkPrefixPath(problems: Problems, urlPath: unknown, nginx: boolean): void {
  const at = path('ingress', 'path');
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

function checkHosts(problems: Problems, hosts: unknown): void {
  if (!Array.isArray(hosts) || hosts.length === 0) {
    problems.required(path('ingress', 'hosts'), 'must list at least one host');
    return;
  }
  const seen = new Set<string>();
  hosts.forEach((h, j) => {
    if (checkHostname(problems, path('ingress', 'hosts', j), h) && seen.has(h)) {
      problems.duplicate(path('ingress', 'hosts', j), `${JSON.stringify(h)} is listed twice`);
    }
    seen.add(h);
  });
}

function checkControllerNamespace(problems: Problems, i: IngressProps): void {
  if (i.controllerNamespace !== undefined) {checkDns1123Label(problems, path('ingress', 'controllerNamespace'), i.controllerNamespace);} else if (typeof i.className === 'string' && !i.className.includes('nginx')) {
    // The NetworkPolicy admits the controller's pods by namespace; guessing ingress-nginx for
    // another controller would leave the backend unreachable.
    problems.required(
      path('ingress', 'controllerNamespace'),
      `is required with ingress class ${JSON.stringify(i.className)}: the namespace of that controller's pods, which the NetworkPolicy admits (for a load balancer that sends traffic straight to pods, admit its addresses with allowFrom: NetworkPeer.cidr(...) and set the namespace of any controller pods)`,
    );
  }
}

function ingressPort(problems: Problems, i: IngressProps, exposed: readonly Port[]): Port | undefined {
  if (i.portName !== undefined) {
    const p = exposed.find((e) => e.name === i.portName);
    if (!p) problems.notSupported(path('ingress', 'portName'), `${JSON.stringify(i.portName)} is not an exposed port (${exposed.map((e) => e.name).join(', ') || 'none'})`);
    return p;
  }
  const p = exposed.find((e) => e.protocol === 'http') ?? exposed.find((e) => e.protocol === 'grpc');
  if (!p) problems.required('ingress', 'needs an exposed HTTP or gRPC port to route to');
  return p;
}

/** The Ingress to the app's Service. */
export function renderIngress(i: ResolvedIngress, metadata: ObjectMeta): Ingress {
  const hosts = [...i.hosts];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: Object.keys(i.annotations).length ? { ...metadata, annotations: { ...i.annotations } } : metadata,
    spec: {
      ...(i.className !== undefined ? { ingressClassName: i.className } : {}),
      ...(i.tlsSecretName !== undefined ? { tls: [{ hosts, secretName: i.tlsSecretName }] } : {}),
      rules: hosts.map((host) => ({
        host,
        http: {
          paths: [{ path: i.path, pathType: 'Prefix', backend: { service: { name: metadata.name!, port: { name: i.port.name } } } }],
        },
      })),
    },
  };
}
