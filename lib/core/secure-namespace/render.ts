import type { LimitRange, Namespace, ResourceQuota, ServiceAccount } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { unique } from './checks';
import { renderNetworkPolicies } from './network';
import { IstioAuthorizationPolicy, IstioPeerAuthentication, IstioSidecar, NAMESPACE_OBJECT_NAMES, SecureNamespaceManifest } from './props';
import { renderRoleBindings } from './rbac';
import { ResolvedSecureNamespace } from './resolve';
import { renderRoles } from './roles';
import { annotateRisks } from '../validation/risks';
import type { KubeObject } from '../workload/objects';

/** A SecureNamespace's objects, from its resolved props: a mapping, no checks. */
export function renderSecureNamespace(ns: ResolvedSecureNamespace): SecureNamespaceManifest {
  const { name, mesh } = ns;
  const meta = (objectName: string): ObjectMeta => ({ name: objectName, namespace: name, labels: { ...ns.labels } });
  const meshLabels: Record<string, string> = mesh ? (mesh.revision !== undefined ? { 'istio.io/rev': mesh.revision } : { 'istio-injection': 'enabled' }) : {};
  const namespace: Namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { ...ns.labels, ...ns.podSecurity, ...meshLabels },
      ...(Object.keys(ns.annotations).length ? { annotations: { ...ns.annotations } } : {}),
    },
  };
  const resourceQuota: ResourceQuota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta(NAMESPACE_OBJECT_NAMES.quota), spec: { hard: ns.quota.hard } };
  const scopedQuotas: ResourceQuota[] = ns.quota.scoped.map((s) => ({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta(s.name),
    spec: {
      hard: s.hard,
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: [...s.priorityClasses] }] },
    },
  }));
  const limitRange: LimitRange = { apiVersion: 'v1', kind: 'LimitRange', metadata: meta(NAMESPACE_OBJECT_NAMES.limitRange), spec: { limits: [...ns.limits] } };
  const serviceAccount: ServiceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(NAMESPACE_OBJECT_NAMES.serviceAccount), automountServiceAccountToken: false };
  const networkPolicies = renderNetworkPolicies(ns.network, mesh, meta);
  const roles = renderRoles(ns.access.roles, meta);
  const roleBindings = renderRoleBindings(ns.access.bindings, meta);
  const istio = renderMesh(ns, meta);
  const objects = [
    namespace, resourceQuota, ...scopedQuotas, limitRange, serviceAccount, ...networkPolicies, ...roles, ...roleBindings,
    istio.peerAuthentication, ...istio.authorizationPolicies, istio.sidecar,
  ].filter((o) => o !== undefined) as unknown as KubeObject[];
  annotateRisks(objects, ns.risks);
  return {
    name,
    namespace,
    resourceQuota,
    scopedQuotas,
    limitRange,
    serviceAccount,
    networkPolicies,
    roles,
    roleBindings,
    ...istio,
    ...(mesh ? { meshSidecar: { name: 'istio-proxy', ...mesh.sidecarResources } } : {}),
    objects,
  };
}

/** With `mesh`: mutual TLS, default-deny authorization with the allowed sources, and the Sidecar's egress. */
function renderMesh(ns: ResolvedSecureNamespace, meta: (name: string) => ObjectMeta): {
  peerAuthentication?: IstioPeerAuthentication; authorizationPolicies: IstioAuthorizationPolicy[]; sidecar?: IstioSidecar;
} {
  const { mesh } = ns;
  if (!mesh) return { peerAuthentication: undefined, authorizationPolicies: [], sidecar: undefined };
  const peerAuthentication: IstioPeerAuthentication = {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: meta(NAMESPACE_OBJECT_NAMES.peerAuthentication),
    spec: { mtls: { mode: mesh.mtls } },
  };
  const allowNamespaces = mesh.allowFromNamespaces ?? [ns.name];
  const from = [
    ...(allowNamespaces.length ? [{ source: { namespaces: [...allowNamespaces] } }] : []),
    ...(mesh.allowFromPrincipals.length ? [{ source: { principals: [...mesh.allowFromPrincipals] } }] : []),
  ];
  const authorizationPolicies: IstioAuthorizationPolicy[] = [];
  if (from.length) {
    authorizationPolicies.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta(NAMESPACE_OBJECT_NAMES.authorizationAllow),
      spec: { action: 'ALLOW', rules: [{ from }] },
    });
  }
  // An ALLOW policy without rules matches nothing: every request not allowed above is denied,
  // even if the `allow` policy is later removed.
  authorizationPolicies.push({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta(NAMESPACE_OBJECT_NAMES.authorizationDeny), spec: {} });
  const hosts = unique(['./*', `${mesh.controlPlaneNamespace}/*`, ...ns.network.egressNamespaces.map((n) => `${n}/*`), ...mesh.egressHosts]);
  const sidecar: IstioSidecar = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Sidecar',
    metadata: meta(NAMESPACE_OBJECT_NAMES.sidecar),
    spec: { egress: [{ hosts }], outboundTrafficPolicy: { mode: mesh.outboundTrafficPolicy } },
  };
  return { peerAuthentication, authorizationPolicies, sidecar };
}
