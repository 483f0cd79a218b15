import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { PolicyRule, Role } from 'kubernetes-types/rbac/v1';

/** An API resource: its group and plural (what RBAC rules name) and its kind (what objects name). */
export interface ApiResource {
  readonly group: string;
  readonly resource: string;
  readonly kind: string;
}

const res = (group: string, resource: string, kind: string): ApiResource => ({ group, resource, kind });

/**
 * Every kind the app constructs emit (StatelessApp, StatefulApp, CanaryRelease with every
 * routing, BatchJob): what the deployer Role manages, and nothing else. A test renders every construct and
 * routing and checks that this list is exactly what they emit.
 */
export const APP_RESOURCES: readonly ApiResource[] = [
  res('', 'serviceaccounts', 'ServiceAccount'),
  res('', 'services', 'Service'),
  res('apps', 'deployments', 'Deployment'),
  res('apps', 'statefulsets', 'StatefulSet'),
  res('batch', 'jobs', 'Job'),
  res('batch', 'cronjobs', 'CronJob'),
  res('policy', 'poddisruptionbudgets', 'PodDisruptionBudget'),
  res('autoscaling', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'),
  res('autoscaling.k8s.io', 'verticalpodautoscalers', 'VerticalPodAutoscaler'),
  res('networking.k8s.io', 'networkpolicies', 'NetworkPolicy'),
  res('networking.k8s.io', 'ingresses', 'Ingress'),
  res('networking.istio.io', 'destinationrules', 'DestinationRule'),
  res('networking.istio.io', 'virtualservices', 'VirtualService'),
  res('gateway.networking.k8s.io', 'httproutes', 'HTTPRoute'),
  res('traefik.io', 'traefikservices', 'TraefikService'),
  res('traefik.io', 'ingressroutes', 'IngressRoute'),
  // An exposed app's entry (exposure: Exposure.gatewayApi() on a gRPC port, Exposure.istioGateway()).
  res('gateway.networking.k8s.io', 'grpcroutes', 'GRPCRoute'),
  res('networking.istio.io', 'gateways', 'Gateway'),
  res('argoproj.io', 'rollouts', 'Rollout'),
  res('argoproj.io', 'analysistemplates', 'AnalysisTemplate'),
  res('flagger.app', 'canaries', 'Canary'),
  // An exposed app's mesh entry (exposure.mesh); as with NetworkPolicies, apps emit their own, so the
  // deployer may change the namespace's too (its pipeline re-applies them with the SecureNamespace).
  res('security.istio.io', 'peerauthentications', 'PeerAuthentication'),
  res('security.istio.io', 'authorizationpolicies', 'AuthorizationPolicy'),
];

/**
 * Every kind a SecureNamespace emits inside its namespace: the platform's guard rails (quota,
 * limits, policies, RBAC, mesh security). Neither Role changes them; the viewer reads all but RBAC.
 */
export const NAMESPACE_RESOURCES: readonly ApiResource[] = [
  res('', 'resourcequotas', 'ResourceQuota'),
  res('', 'limitranges', 'LimitRange'),
  res('', 'serviceaccounts', 'ServiceAccount'),
  res('networking.k8s.io', 'networkpolicies', 'NetworkPolicy'),
  res('rbac.authorization.k8s.io', 'roles', 'Role'),
  res('rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding'),
  res('security.istio.io', 'peerauthentications', 'PeerAuthentication'),
  res('security.istio.io', 'authorizationpolicies', 'AuthorizationPolicy'),
  res('networking.istio.io', 'sidecars', 'Sidecar'),
];

/**
 * What the controllers make of the apps' objects and report about them (pods, ReplicaSets, claims,
 * endpoints, events): read by both Roles, so a deployment can be watched until it is rolled out
 * (`kubectl rollout status`, Pulumi's await logic).
 */
export const OBSERVED_RESOURCES: readonly ApiResource[] = [
  res('', 'pods', 'Pod'),
  res('', 'persistentvolumeclaims', 'PersistentVolumeClaim'),
  res('', 'endpoints', 'Endpoints'),
  res('', 'events', 'Event'),
  res('apps', 'replicasets', 'ReplicaSet'),
  res('apps', 'controllerrevisions', 'ControllerRevision'),
  res('discovery.k8s.io', 'endpointslices', 'EndpointSlice'),
  res('events.k8s.io', 'events', 'Event'),
];

/** The ConfigMaps apps read (keelson references them by name, never emits them): the viewer reads them. */
const CONFIG_MAPS = res('', 'configmaps', 'ConfigMap');

const READ = ['get', 'list', 'watch'];
const MANAGE = [...READ, 'create', 'update', 'patch', 'delete'];
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** keelson's namespaced Roles. */
export type KeelsonRole = 'viewer' | 'deployer';

/** The name of each Role in the namespace. */
export const ROLE_NAMES: Readonly<Record<KeelsonRole, string>> = { viewer: 'keelson-viewer', deployer: 'keelson-deployer' };

/**
 * The rules of each Role. Neither grants Secrets (no read: a Secret's data is its value; no write:
 * an update or patch returns the whole Secret), `pods/exec`, `pods/attach`, `pods/portforward`,
 * `serviceaccounts/token`, RBAC changes or a wildcard.
 * - deployer: manages the kinds the apps emit; reads the namespace's guard rails (to see why a
 *   rollout is refused) and what the controllers make.
 * - viewer: reads all of that, the ConfigMaps, and the pods' logs.
 */
export function roleRules(role: KeelsonRole): PolicyRule[] {
  const guardRails = NAMESPACE_RESOURCES.filter((r) => r.group !== RBAC_GROUP);
  if (role === 'deployer') {
    return [...rules(APP_RESOURCES, MANAGE), ...rules(without([...guardRails, ...OBSERVED_RESOURCES], APP_RESOURCES), READ)];
  }
  return [
    ...rules(without([...APP_RESOURCES, ...guardRails, ...OBSERVED_RESOURCES, CONFIG_MAPS], []), READ),
    { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  ];
}

/** The Roles, in the order given. */
export function renderRoles(roles: readonly KeelsonRole[], meta: (name: string) => ObjectMeta): Role[] {
  return roles.map((role) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(ROLE_NAMES[role]), rules: roleRules(role) }));
}

/** `list` without duplicates and without what is in `minus` (by group and resource). */
function without(list: readonly ApiResource[], minus: readonly ApiResource[]): ApiResource[] {
  const key = (r: ApiResource) => `${r.group}/${r.resource}`;
  const seen = new Set(minus.map(key));
  return list.filter((r) => !seen.has(key(r)) && seen.add(key(r)));
}

/** One rule per API group (in first-seen order), its resources in list order. */
function rules(list: readonly ApiResource[], verbs: readonly string[]): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const r of list) {
    const resources = byGroup.get(r.group) ?? [];
    if (!resources.includes(r.resource)) resources.push(r.resource);
    byGroup.set(r.group, resources);
  }
  return [...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources, verbs: [...verbs] }));
}
