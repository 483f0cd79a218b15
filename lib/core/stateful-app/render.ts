import type { Service } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Ingress, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { HEADLESS_SUFFIX, StatefulAppManifest } from './props';
import { ResolvedStatefulApp } from './resolve';
import { renderStatefulSet } from './statefulset';
import { annotateRisks } from '../validation/risks';
import { renderAutoscaler } from '../workload/autoscaler';
import { callerOf, renderCallObjects } from '../workload/calls';
import { renderDisruptionBudget } from '../workload/disruption-budget';
import { exposeService, exposureMeshObjects, exposureRouteObjects, exposureRule, meshEntryByKind } from '../workload/exposure';
import { renderNetworkPolicy } from '../workload/network-policy';
import { entryByKind, KubeObject, renderService, renderServiceAccount, servicePort } from '../workload/objects';
import { renderPod } from '../workload/pod';
import { renderVerticalAutoscaler } from '../workload/vertical-autoscaler';

/** A StatefulApp's objects, from its resolved props: a mapping, no checks. */
export function renderStatefulApp(app: ResolvedStatefulApp): StatefulAppManifest {
  const { pod } = app;
  const exposed = pod.ports.filter((p) => p.expose);
  const meta = (extra: Partial<ObjectMeta> = {}): ObjectMeta => ({
    name: app.name,
    ...(app.namespace !== undefined ? { namespace: app.namespace } : {}),
    labels: { ...pod.labels },
    ...extra,
  });
  const headlessName = `${app.name}${HEADLESS_SUFFIX}`;
  const serviceAccount = renderServiceAccount(meta(), pod, app.serviceAccountAnnotations);
  const headlessService = renderHeadlessService(app, meta({ name: headlessName }));
  const clientService = exposed.length ? renderService(meta(), pod.selector, exposed) : undefined;
  const service = clientService && app.exposure ? exposeService(clientService, app.exposure) : clientService;
  const statefulSet = renderStatefulSet(app.statefulSet, {
    template: renderPod(pod),
    selector: pod.selector,
    serviceName: headlessName,
    volumeClaimTemplates: app.volumeClaimTemplates,
    ...(app.autoscaling ? {} : { replicas: app.replicas }),
  }, meta());
  const podDisruptionBudget = renderDisruptionBudget(meta(), pod.selector, app.budget);
  const horizontalPodAutoscaler = app.autoscaling ? renderAutoscaler(app.autoscaling, meta(), { apiVersion: 'apps/v1', kind: 'StatefulSet' }) : undefined;
  const verticalPodAutoscaler = app.verticalAutoscaling ? renderVerticalAutoscaler(app.verticalAutoscaling, meta(), { apiVersion: 'apps/v1', kind: 'StatefulSet' }) : undefined;
  // Replicas talk to each other on every declared port (replication, gossip, consensus).
  const peerPorts = (): NetworkPolicyPort[] => pod.ports.map((p) => ({ protocol: p.transport, port: p.containerPort }));
  const self = () => ({ podSelector: { matchLabels: { ...pod.selector } } });
  const networkPolicy = renderNetworkPolicy(app.access, exposed, pod.selector, meta(), {
    // Separate copies: shared objects would be written as YAML anchors.
    ingress: [...(pod.ports.length ? [{ from: [self()], ports: peerPorts() }] : []), ...(app.exposure ? [exposureRule(app.exposure)] : [])],
    egress: pod.ports.length ? [{ to: [self()], ports: peerPorts() }] : [],
  });
  const suffix = app.namespace !== undefined ? `.${headlessName}.${app.namespace}.svc.${app.clusterDomain}` : `.${headlessName}`;
  const podDnsNames = Array.from({ length: app.replicas }, (_, i) => `${app.name}-${i}${suffix}`);
  // The objects by name, in apply order: `objects` lists them in this order.
  const { peerAuthentication, authorizationPolicy } = meshEntryByKind(app.exposure
    ? exposureMeshObjects(app.exposure, app.name, app.namespace, pod.labels, pod.selector)
    : []);
  const routes = exposureRouteObjects(app.exposure, app.name, app.namespace, pod.labels);
  const entry = entryByKind(routes);
  const named = {
    serviceAccount,
    networkPolicy,
    peerAuthentication,
    authorizationPolicy,
    headlessService,
    service,
    statefulSet,
    podDisruptionBudget,
    horizontalPodAutoscaler,
    verticalPodAutoscaler,
    httpRoute: entry.httpRoute,
    grpcRoute: entry.grpcRoute,
    gateway: entry.gateway,
    virtualService: entry.virtualService,
    ingress: routes.find((o) => o.kind === 'Ingress') as Ingress | undefined,
  };
  const objects = Object.values(named).filter((o) => o !== undefined) as unknown as KubeObject[];
  annotateRisks(objects, app.risks);
  objects.push(...renderCallObjects(app.access.calls, callerOf(app.name, app.namespace, pod)));
  return { ...named, selector: pod.selector, podDnsNames, objects };
}

/** The headless Service: stable per-replica DNS names, the StatefulSet's `serviceName`. */
function renderHeadlessService(app: ResolvedStatefulApp, metadata: ObjectMeta): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      clusterIP: 'None',
      // Peers must find each other while starting, before they are ready (cluster bootstrap).
      publishNotReadyAddresses: true,
      selector: { ...app.pod.selector },
      // No proxy: peers connect to the pod IPs on the container port, so that is the port here. (The
      // service ports of unexposed ports are not checked for clashes, and would repeat e.g. 80.)
      ports: app.pod.ports.map((p) => ({ ...servicePort(p), port: p.containerPort })),
    },
  };
}
