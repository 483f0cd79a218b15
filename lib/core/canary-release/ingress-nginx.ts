import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { NGINX_DEFAULTS } from './defaults';
import { RouteContext, RoutingKind, RoutingObjects, TrackServicesRouter, integerShares } from './router';
import { IngressNginxRoutingOptions } from './routing';
import { checkDns1123Label, checkDns1123Subdomain, checkString } from '../validation/checks';
import { isAnyHost, resolveHostList } from '../validation/hosts';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkNginxRegex } from '../validation/regex';
import type { Port } from '../values/port';

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
  /** `canary-weight-total` lets the weight be hundredths of a percent. */
  public readonly weightDecimals: number = 2;

  public resolveRoute(ctx: RouteContext): NginxRoute | undefined {
    const { problems } = ctx;
    const before = problems.count;
    const o = this.optionsOf<IngressNginxRoutingOptions>(ctx, this.optionKeys());
    if (!o) return undefined;
    const hosts = resolveHostList(problems, path('routing', 'hosts'), o.hosts, { required: true, purpose: 'the host names the Ingresses serve' });
    const className = o.className ?? NGINX_DEFAULTS.className;
    checkDns1123Subdomain(problems, path('routing', 'className'), className);
    if (o.tlsSecretName !== undefined) checkDns1123Subdomain(problems, path('routing', 'tlsSecretName'), o.tlsSecretName);
    // A routing without the canary Ingress's options (Argo Rollouts makes that Ingress) reports them as unknown, once.
    const byRequest = this.optionKeys().includes('header');
    const annotations = byRequest ? canaryAnnotations(problems, o) : {};
    if (byRequest && !ctx.hasCanary && (o.header !== undefined || o.cookie !== undefined)) problems.conflict('routing', 'routes by header or cookie to the canary, but there is no canary track');
    const controllerNamespace = o.controllerNamespace ?? NGINX_DEFAULTS.controllerNamespace;
    checkDns1123Label(problems, path('routing', 'controllerNamespace'), controllerNamespace);
    if (problems.count > before || !hosts || ctx.weight === undefined) return undefined;
    return {
      name: ctx.name,
      hosts,
      className,
      ...(o.tlsSecretName !== undefined ? { tlsSecretName: o.tlsSecretName } : {}),
      annotations: { [`${NGINX}/canary`]: 'true', ...weightAnnotations(ctx.weight, this.weightDecimals), ...annotations },
      hasCanary: ctx.hasCanary,
      port: ctx.port,
      controllerNamespace,
    };
  }

  /** The option names this routing takes. */
  protected optionKeys(): readonly string[] {
    return NGINX_KEYS;
  }

  public renderRoute(r: NginxRoute, metadata: () => ObjectMeta): RoutingObjects {
    const any = isAnyHost(r.hosts);
    const ingress = (ingressName: string, service: string, extra: Readonly<Record<string, string>>): Ingress => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { ...metadata(), name: ingressName, ...(Object.keys(extra).length ? { annotations: { ...extra } } : {}) },
      spec: {
        ingressClassName: r.className,
        ...(r.tlsSecretName !== undefined ? { tls: [{ ...(any ? {} : { hosts: [...r.hosts] }), secretName: r.tlsSecretName }] } : {}),
        // "*": one rule without a host, which serves every host.
        rules: (any ? [undefined] : r.hosts).map((host) => ({
          ...(host !== undefined ? { host } : {}),
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { name: r.port.name } } } }] },
        })),
      },
    });
    const ingresses = [ingress(r.name, `${r.name}-stable`, {})];
    if (r.hasCanary) ingresses.push(ingress(`${r.name}-canary`, `${r.name}-canary`, r.annotations));
    return { ingresses, admitted: [r.controllerNamespace] };
  }
}

/** The canary Ingress's annotations but its weight: the header or cookie that sends a request to it. */
function canaryAnnotations(problems: Problems, o: IngressNginxRoutingOptions): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (o.header !== undefined) {
    if (checkString(problems, path('routing', 'header'), o.header)) {
      if (/^[A-Za-z0-9-]+$/.test(o.header)) annotations[`${NGINX}/canary-by-header`] = o.header;
      else problems.invalid(path('routing', 'header'), `${JSON.stringify(o.header)} is not a valid header name`);
    }
    if (o.headerValue !== undefined && o.headerPattern !== undefined) problems.conflict(path('routing', 'headerPattern'), 'cannot be set with headerValue; choose one');
    if (o.headerValue !== undefined && checkAnnotationWord(problems, path('routing', 'headerValue'), o.headerValue, true)) annotations[`${NGINX}/canary-by-header-value`] = o.headerValue;
    if (o.headerPattern !== undefined && checkNginxRegex(problems, path('routing', 'headerPattern'), o.headerPattern)) annotations[`${NGINX}/canary-by-header-pattern`] = o.headerPattern;
  } else if (o.headerValue !== undefined || o.headerPattern !== undefined) {
    problems.required(path('routing', 'header'), 'is required with headerValue or headerPattern');
  }
  if (o.cookie !== undefined && checkAnnotationWord(problems, path('routing', 'cookie'), o.cookie, false)) annotations[`${NGINX}/canary-by-cookie`] = o.cookie;
  return annotations;
}

/** ingress-nginx's annotation validation of canary-by-header-value and canary-by-cookie ("basic characters"; spaces ignored in a value). */
const NGINX_BASIC_CHARS = /^[/\-._~a-zA-Z0-9:]*$/;

/** A non-empty value of the characters ingress-nginx accepts in these annotations: it rejects the Ingress otherwise, and ignores an empty one. */
function checkAnnotationWord(problems: Problems, at: string, value: unknown, spacesIgnored: boolean): value is string {
  if (!checkString(problems, at, value)) return false;
  const checked = spacesIgnored ? value.replace(/ /g, '') : value;
  if (value.length === 0 || !NGINX_BASIC_CHARS.test(checked)) {
    problems.invalid(at, `${JSON.stringify(value)} is not a value ingress-nginx accepts here: it must be non-empty, of letters, digits and / - . _ ~ : only${spacesIgnored ? ' (and spaces)' : ''}`);
    return false;
  }
  return true;
}

/** `canary-weight`, and `canary-weight-total` (ingress-nginx's default is 100) for a weight with decimals. */
function weightAnnotations(weight: number, decimals: number): Record<string, string> {
  const { canary, total } = integerShares(weight, decimals);
  return { [`${NGINX}/canary-weight`]: String(canary), ...(total !== 100 ? { [`${NGINX}/canary-weight-total`]: String(total) } : {}) };
}
