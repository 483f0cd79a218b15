import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { CanaryReleaseManifest, CustomObject, TRACK_LABEL } from './props';
import { ResolvedCanaryRelease } from './resolve';
import { RoutingObjects } from './router';
import { annotateRisks } from '../validation/risks';
import { callerOf, renderCallObjects } from '../workload/calls';
import { exposeService, exposureMeshObjects, exposureRouteObjects, exposureRule, isGatewayExposure, meshEntryByKind } from '../workload/exposure';
import { gatewayRouteObjects } from '../workload/gateway-exposure';
import { namespaceRule, renderNetworkPolicy } from '../workload/network-policy';
import { KubeObject, renderService, renderServiceAccount } from '../workload/objects';

/** A CanaryRelease's objects, from its resolved props: a mapping, no checks. */
export function renderCanaryRelease(r: ResolvedCanaryRelease): CanaryReleaseManifest {
  const { props, router, selector } = r;
  const meta = (extra: Partial<ObjectMeta> = {}, labels: Record<string, string> = r.labels): ObjectMeta => ({
    name: props.name,
    ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
    labels: { ...labels },
    ...extra,
  });
  const stable = r.tracks[0];
  const serviceAccount = renderServiceAccount(meta(), stable.pod, props.serviceAccount?.annotations);
  const workloads = router.renderWorkloads(
    { props, name: r.name, tracks: r.tracks, settings: r.settings, maxUnavailable: r.maxUnavailable, selector, meta, route: r.route },
    r.workloads,
  );
  const services = r.services.map((s) => {
    const selected = s.track ? { ...selector, [TRACK_LABEL]: s.track } : selector;
    const service = renderService(meta({ name: s.name }), selected, r.exposed);
    return r.exposure && s.name === props.name ? exposeService(service, r.exposure) : service;
  });
  const routing: RoutingObjects = r.route !== undefined ? router.renderRoute(r.route, () => meta()) : { ingresses: [], admitted: [] };
  const admitted = r.routePort ? routing.admitted.map((ns) => namespaceRule(ns, r.routePort!)) : [];
  const exposureRules = r.exposure ? [exposureRule(r.exposure)] : [];
  const networkPolicy = renderNetworkPolicy(r.access, r.exposed, selector, meta(), { ingress: [...admitted, ...exposureRules] });
  const meshEntry = r.exposure ? exposureMeshObjects(r.exposure, props.name, props.namespace, r.labels, selector) : [];
  const { deployments, rollout, analysisTemplate, flaggerCanary, podDisruptionBudgets, horizontalPodAutoscalers } = workloads;
  const { destinationRule, traefikService, ingressRoute } = routing;
  // An Istio gateway joins the release's VirtualService (istio, argo-rollouts); other routings' Service `<name>` takes the route.
  const e = r.exposure && isGatewayExposure(r.exposure) ? r.exposure : undefined;
  const joined = e && e.type === 'IstioGateway' && routing.virtualService !== undefined;
  const own = { name: props.name, ...(props.namespace !== undefined ? { namespace: props.namespace } : {}), labels: { ...r.labels } };
  const entry = joined ? gatewayRouteObjects(e, own, props.name, false)
    : exposureRouteObjects(r.exposure, props.name, props.namespace, r.labels);
  const virtualService = joined ? joinGateway(routing.virtualService!, props.name, e.hostnames) : routing.virtualService ?? entry.find((o) => o.kind === 'VirtualService');
  const httpRoute = routing.httpRoute ?? entry.find((o) => o.kind === 'HTTPRoute');
  const grpcRoute = entry.find((o) => o.kind === 'GRPCRoute');
  const gateway = entry.find((o) => o.kind === 'Gateway');
  const ingresses = [...routing.ingresses, ...(entry.filter((o) => o.kind === 'Ingress') as unknown as Ingress[])];
  const objects = [
    serviceAccount, networkPolicy, ...meshEntry, ...services, ...deployments, analysisTemplate, rollout,
    ...podDisruptionBudgets, ...horizontalPodAutoscalers,
    destinationRule, gateway, virtualService, ...ingresses, httpRoute, grpcRoute, traefikService, ingressRoute,
    // Last: Flagger reads the target and the Ingress it copies when it first reconciles the Canary.
    flaggerCanary,
  ].filter((o) => o !== undefined) as unknown as KubeObject[];
  annotateRisks(objects, r.risks);
  const caller = callerOf(props.name, props.namespace, { selector, serviceAccountName: stable.pod.serviceAccountName });
  objects.push(...renderCallObjects(r.access.calls, caller));
  return {
    serviceAccount,
    networkPolicy,
    ...(meshEntryByKind(meshEntry) as Pick<CanaryReleaseManifest, 'peerAuthentication' | 'authorizationPolicy'>),
    services,
    deployments: [...deployments],
    rollout,
    ...(analysisTemplate ? { analysisTemplate } : {}),
    ...(flaggerCanary ? { flaggerCanary } : {}),
    podDisruptionBudgets: [...podDisruptionBudgets],
    horizontalPodAutoscalers: [...horizontalPodAutoscalers],
    destinationRule,
    virtualService,
    ingresses: [...ingresses],
    httpRoute,
    traefikService,
    ingressRoute,
    grpcRoute,
    gateway,
    achievedWeight: r.achievedWeight,
    warnings: [...r.warnings],
    selector,
    objects,
  };
}

/** The release's VirtualService, also bound to the exposure's Gateway `<name>` for its hosts (mesh traffic kept when routed). */
function joinGateway(vs: CustomObject, gateway: string, hosts: readonly string[]): CustomObject {
  const spec = vs.spec as { hosts?: string[]; gateways?: string[] };
  const gateways = spec.gateways ?? ['mesh'];
  return {
    ...vs,
    spec: { ...vs.spec, hosts: [...new Set([...(spec.hosts ?? []), ...hosts])], gateways: [...gateways, gateway] },
  };
}
