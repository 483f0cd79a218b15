import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { CanaryReleaseManifest, TRACK_LABEL } from './props';
import { ResolvedCanaryRelease } from './resolve';
import { RoutingObjects } from './router';
import { annotateRisks } from '../validation/risks';
import { exposeService, exposureMeshObjects, exposureRule } from '../workload/exposure';
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
    { props, name: r.name, tracks: r.tracks, settings: r.settings, maxUnavailable: r.maxUnavailable, selector, meta },
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
  const { deployments, rollout, analysisTemplate, podDisruptionBudgets, horizontalPodAutoscalers } = workloads;
  const { destinationRule, virtualService, ingresses, httpRoute } = routing;
  const objects = [
    serviceAccount, networkPolicy, ...meshEntry, ...services, ...deployments, analysisTemplate, rollout,
    ...podDisruptionBudgets, ...horizontalPodAutoscalers,
    destinationRule, virtualService, ...ingresses, httpRoute,
  ].filter((o) => o !== undefined) as unknown as KubeObject[];
  annotateRisks(objects, r.risks);
  return {
    serviceAccount,
    networkPolicy,
    peerAuthentication: meshEntry[0],
    authorizationPolicy: meshEntry[1],
    services,
    deployments: [...deployments],
    rollout,
    ...(analysisTemplate ? { analysisTemplate } : {}),
    podDisruptionBudgets: [...podDisruptionBudgets],
    horizontalPodAutoscalers: [...horizontalPodAutoscalers],
    destinationRule,
    virtualService,
    ingresses: [...ingresses],
    httpRoute,
    achievedWeight: r.achievedWeight,
    warnings: [...r.warnings],
    selector,
    objects,
  };
}
