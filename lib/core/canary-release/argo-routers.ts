import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { AnalysisTarget, ResolvedAnalysis } from './analysis';
import { ARGO_KEYS, ArgoWorkload, renderArgoWorkloads, resolveArgoWorkload } from './argo-rollouts';
import { GatewayApiRouter, GatewayRoute } from './gateway-api';
import { IngressNginxRouter, NginxRoute } from './ingress-nginx';
import type { RoutingKind, RoutingObjects, ServicesPlan } from './router';
import type { ResolvedTrackPod } from './tracks';
import type { WorkloadContext, Workloads } from './workloads';
import type { Problems } from '../validation/problems';
import type { RiskLedger } from '../validation/risks';
import type { PodTemplateOptions } from '../workload/pod';


/** Why Argo over ingress-nginx or the Gateway API needs the release's namespace. */
const ARGO_NAMESPACE_REASON = "the Rollout's analysis queries and traffic router name the namespace";
/** The name of Argo Rollouts' Gateway API traffic router plugin, as its controller's ConfigMap lists it. */
export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

/** A label value inside a PromQL string literal. */
const prom = (s: string) => JSON.stringify(s);

/**
 * ingress-nginx's metrics of the canary's requests: the controller counts them under the stable
 * Ingress (`ingress`), with the canary upstream in the `canary` label (empty for stable's).
 */
export function nginxQueries(t: AnalysisTarget, a: ResolvedAnalysis): { successRate: string; latency: string } {
  const sel = `namespace=${prom(t.namespace)},ingress=${prom(t.name)},canary!=""`;
  const w = a.interval;
  return {
    successRate: `sum(rate(nginx_ingress_controller_requests{${sel},status!~"5.."}[${w}])) / sum(rate(nginx_ingress_controller_requests{${sel}}[${w}]))`,
    latency: `histogram_quantile(${a.latencyPercentile / 100}, sum by (le) (rate(nginx_ingress_controller_request_duration_seconds_bucket{${sel}}[${w}])))`,
  };
}

/**
 * An Istio-implemented Gateway's metrics of the canary's requests: its proxy reports them
 * (`reporter="source"`) to the Service `<name>-canary`, which the controller pins to the new revision.
 */
export function gatewayQueries(t: AnalysisTarget, a: ResolvedAnalysis): { successRate: string; latency: string } {
  const sel = [
    'reporter="source"',
    `destination_service_name=${prom(`${t.name}-canary`)}`,
    `destination_service_namespace=${prom(t.namespace)}`,
  ].join(',');
  const w = a.interval;
  return {
    successRate: `sum(rate(istio_requests_total{${sel},response_code!~"5.."}[${w}])) / sum(rate(istio_requests_total{${sel}}[${w}]))`,
    latency: `histogram_quantile(${a.latencyPercentile / 100}, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[${w}]))) / 1000`,
  };
}

/** The Services the controller pins to a revision (it adds `rollouts-pod-template-hash` to their selectors). */
function argoServices(name: string): ServicesPlan {
  return { services: [{ name: `${name}-stable` }, { name: `${name}-canary` }] };
}

/** The Rollout's fields naming them. */
function serviceFields(name: string): Record<string, string> {
  return { canaryService: `${name}-canary`, stableService: `${name}-stable` };
}

/**
 * Argo Rollouts over ingress-nginx: the Rollout, the stable Ingress `<name>` (the controller makes
 * and weighs the canary Ingress), and the two Services it pins.
 */
export class ArgoIngressNginxRouter extends IngressNginxRouter {
  public readonly kind: RoutingKind = 'argo-rollouts-ingress-nginx';
  public readonly namespaceNeededFor: string | undefined = ARGO_NAMESPACE_REASON;
  public readonly weightDecimals: number = 0;
  public readonly weightCanOverload = false;
  public readonly oneWorkload = true;

  public podOptions(): PodTemplateOptions {
    return { revisionLabelKey: 'rollouts-pod-template-hash', extraSelector: {} };
  }

  public services(_problems: Problems, name: string): ServicesPlan {
    return argoServices(name);
  }

  public resolveWorkloads(
    problems: Problems, options: unknown, tracks: readonly ResolvedTrackPod[], hasCanary: boolean, risks: RiskLedger,
  ): ArgoWorkload | undefined {
    return resolveArgoWorkload(problems, options, tracks, hasCanary, risks, false);
  }

  public renderWorkloads(ctx: WorkloadContext, resolved: unknown): Workloads {
    const name = ctx.props.name;
    const trafficRouting = { nginx: { stableIngress: name } };
    return renderArgoWorkloads(ctx, resolved as ArgoWorkload, { trafficRouting, queries: nginxQueries, versionQueries: false }, serviceFields(name));
  }

  /** The stable Ingress only (there is no canary track): Argo Rollouts makes the canary Ingress from it. */
  public renderRoute(r: NginxRoute, metadata: () => ObjectMeta): RoutingObjects {
    return super.renderRoute({ ...r, hasCanary: false }, metadata);
  }

  protected optionKeys(): readonly string[] {
    return ['hosts', 'className', 'tlsSecretName', 'controllerNamespace', ...ARGO_KEYS];
  }
}

/**
 * Argo Rollouts over the Gateway API (its `argoproj-labs/gatewayAPI` plugin): the Rollout, the
 * HTTPRoute `<name>` with both Services (stable 100, canary 0; the controller moves the weights),
 * and the two Services it pins.
 */
export class ArgoGatewayApiRouter extends GatewayApiRouter {
  public readonly kind: RoutingKind = 'argo-rollouts-gateway-api';
  public readonly namespaceNeededFor: string | undefined = ARGO_NAMESPACE_REASON;
  public readonly namedVersions: boolean = false;
  public readonly weightCanOverload = false;
  public readonly oneWorkload = true;

  public podOptions(): PodTemplateOptions {
    return { revisionLabelKey: 'rollouts-pod-template-hash', extraSelector: {} };
  }

  public services(_problems: Problems, name: string): ServicesPlan {
    return argoServices(name);
  }

  public resolveWorkloads(
    problems: Problems, options: unknown, tracks: readonly ResolvedTrackPod[], hasCanary: boolean, risks: RiskLedger,
  ): ArgoWorkload | undefined {
    return resolveArgoWorkload(problems, options, tracks, hasCanary, risks, false);
  }

  public renderWorkloads(ctx: WorkloadContext, resolved: unknown): Workloads {
    const name = ctx.props.name;
    const trafficRouting = { plugins: { [GATEWAY_API_PLUGIN]: { httpRoute: name, namespace: ctx.props.namespace ?? '' } } };
    const router = { trafficRouting, queries: gatewayQueries, versionQueries: false };
    return renderArgoWorkloads(ctx, resolved as ArgoWorkload, router, serviceFields(name));
  }

  /** Both backendRefs, stable at 100 and canary at 0: the controller moves the weights. */
  public renderRoute(r: GatewayRoute, metadata: () => ObjectMeta): RoutingObjects {
    return super.renderRoute({ ...r, hasCanary: true, weight: 0, versions: [] }, metadata);
  }

  protected optionKeys(): readonly string[] {
    return ['gateway', 'hostnames', 'controllerNamespace', ...ARGO_KEYS];
  }
}
