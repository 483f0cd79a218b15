import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { checkDns1123Label, checkDns1123Subdomain, checkHostname, checkString } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import type { Port } from '../values/port';
import { NGINX_DEFAULTS } from './defaults';
import { checkRegex } from './istio';
import { RouteContext, RoutingKind, RoutingObjects, TrackServicesRouter } from './router';
import { IngressNginxRoutingOptions } from './routing';
import { safeText } from './text';

const NGINX = 'nginx.ingress.kubernetes.io';

/** An ingress-nginx route, checked. */
export interface NginxRoute {
  readonly name: string;
  readonly hosts: readonly string[];
  readonly className: string;
  readonly tlsSecretName?: string;
  /** The canary Ingress's annotations: weight, by-header, by-cookie. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly hasCanary: boolean;
  readonly port: Port;
  readonly controllerNamespace: string;
}

const NGINX_KEYS = ['hosts', 'className', 'tlsSecretName', 'header', 'headerValue', 'headerPattern', 'cookie', 'controllerNamespace'];

/** ingress-nginx: canary annotations on a second Ingress, per-track Services. */
export class IngressNginxRouter extends TrackServicesRouter<NginxRoute> {
  public readonly kind: RoutingKind = 'ingress-nginx';

  public resolveRoute(ctx: RouteContext): NginxRoute | undefined {
    const { problems } = ctx;
    const before = problems.count;
    const o = this.optionsOf<IngressNginxRoutingOptions>(ctx, NGINX_KEYS);
    if (!o) return undefined;
    if (!Array.isArray(o.hosts) || o.hosts.length === 0) problems.required(path('routing', 'hosts'), 'must list at least one host');
    else o.hosts.forEach((h, i) => checkHostname(problems, path('routing', 'hosts', i), h));
    const className = o.className ?? NGINX_DEFAULTS.className;
    checkDns1123Subdomain(problems, path('routing', 'className'), className);
    if (o.tlsSecretName !== undefined) checkDns1123Subdomain(problems, path('routing', 'tlsSecretName'), o.tlsSecretName);
    const annotations = canaryAnnotations(problems, o, ctx.weight);
    if (!ctx.hasCanary && (o.header !== undefined || o.cookie !== undefined)) problems.conflict('routing', 'routes by header or cookie to the canary, but there is no canary track');
    const controllerNamespace = o.controllerNamespace ?? NGINX_DEFAULTS.controllerNamespace;
    checkDns1123Label(problems, path('routing', 'controllerNamespace'), controllerNamespace);
    if (problems.count > before) return undefined;
    return {
      name: ctx.name,
      hosts: [...o.hosts],
      className,
      ...(o.tlsSecretName !== undefined ? { tlsSecretName: o.tlsSecretName } : {}),
      annotations,
      hasCanary: ctx.hasCanary,
      port: ctx.port,
      controllerNamespace,
    };
  }

  public renderRoute(r: NginxRoute, metadata: () => ObjectMeta): RoutingObjects {
    const ingress = (ingressName: string, service: string, extra: Readonly<Record<string, string>>): Ingress => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { ...metadata(), name: ingressName, ...(Object.keys(extra).length ? { annotations: { ...extra } } : {}) },
      spec: {
        ingressClassName: r.className,
        ...(r.tlsSecretName !== undefined ? { tls: [{ hosts: [...r.hosts], secretName: r.tlsSecretName }] } : {}),
        rules: r.hosts.map((host) => ({
          host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { name: r.port.name } } } }] },
        })),
      },
    });
    const ingresses = [ingress(r.name, `${r.name}-stable`, {})];
    if (r.hasCanary) ingresses.push(ingress(`${r.name}-canary`, `${r.name}-canary`, r.annotations));
    return { ingresses, admitted: [r.controllerNamespace] };
  }
}

/** The canary Ingress's annotations: its weight, and the header or cookie that sends a request to it. */
function canaryAnnotations(problems: Problems, o: IngressNginxRoutingOptions, weight: number): Record<string, string> {
  const annotations: Record<string, string> = { [`${NGINX}/canary`]: 'true', [`${NGINX}/canary-weight`]: String(weight) };
  if (o.header !== undefined) {
    if (checkString(problems, path('routing', 'header'), o.header) && !/^[A-Za-z0-9-]+$/.test(o.header)) {
      problems.invalid(path('routing', 'header'), `${JSON.stringify(o.header)} is not a valid header name`);
    }
    annotations[`${NGINX}/canary-by-header`] = safeText(o.header);
    if (o.headerValue !== undefined && o.headerPattern !== undefined) problems.conflict(path('routing', 'headerPattern'), 'cannot be set with headerValue; choose one');
    if (o.headerValue !== undefined && checkNotEmpty(problems, path('routing', 'headerValue'), o.headerValue)) annotations[`${NGINX}/canary-by-header-value`] = o.headerValue;
    if (o.headerPattern !== undefined && checkNotEmpty(problems, path('routing', 'headerPattern'), o.headerPattern) && checkRegex(problems, path('routing', 'headerPattern'), o.headerPattern)) {
      annotations[`${NGINX}/canary-by-header-pattern`] = o.headerPattern;
    }
  } else if (o.headerValue !== undefined || o.headerPattern !== undefined) {
    problems.required(path('routing', 'header'), 'is required with headerValue or headerPattern');
  }
  if (o.cookie !== undefined && checkNotEmpty(problems, path('routing', 'cookie'), o.cookie)) annotations[`${NGINX}/canary-by-cookie`] = o.cookie;
  return annotations;
}

/**
 * A non-empty string: ingress-nginx ignores an empty canary-by-header-value, -pattern or -cookie
 * annotation, so the canary would be chosen by something else than what was written (the header
 * alone, or nothing).
 */
function checkNotEmpty(problems: Problems, at: string, value: unknown): value is string {
  if (!checkString(problems, at, value)) return false;
  if (value !== '') return true;
  problems.invalid(at, 'is empty, which ingress-nginx ignores: give a value, or leave it out');
  return false;
}
