import type { LimitRange, Namespace, ResourceQuota, ServiceAccount } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { checkDns1123Label, checkKnownKeys, checkLabelValue, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkStringMap } from '../validation/values';
import { Quantity } from '../values/quantity';
import { LABELS, MANAGED_BY, NAMESPACE_NAME_LABEL } from '../workload/labels';
import type { KubeObject } from '../workload/objects';
import { NAMESPACE_DEFAULTS } from './defaults';
import { renderLimitRange } from './limits';
import { checkMesh } from './mesh';
import { renderNetwork } from './network';
import { IstioAuthorizationPolicy, IstioPeerAuthentication, IstioSidecar, KEYS, LEVELS, NAMESPACE_OBJECT_NAMES, POD_SECURITY_LABEL, PodSecurityProps, SECURE_NAMESPACE, SecureNamespaceManifest, SecureNamespaceProps } from './props';
import { renderQuota } from './quota';
import { renderAccess } from './rbac';

/**
 * Validates SecureNamespace props and builds its objects. Throws one KeelsonValidationError
 * listing every problem; returns nothing partial.
 */
export function buildSecureNamespace(props: SecureNamespaceProps): SecureNamespaceManifest {
  const name = typeof props?.name === 'string' ? props.name : '<unnamed>';
  const problems = new Problems(SECURE_NAMESPACE, name);
  if (!checkObject(problems, '', props)) problems.throwIfAny();
  checkKnownKeys(problems, '', props, KEYS);
  if (checkDns1123Label(problems, 'name', props.name) && props.name.startsWith('kube-')) {
    problems.invalid('name', `${JSON.stringify(props.name)} starts with "kube-", which Kubernetes reserves for its own namespaces`);
  }

  // Labels on every object: the recommended ones, then the user's (which may not override them).
  const labels: Record<string, string> = { [LABELS.name]: name, [LABELS.instance]: name };
  if (props.partOf !== undefined && checkLabelValue(problems, 'partOf', props.partOf)) labels[LABELS.partOf] = props.partOf;
  labels[LABELS.managedBy] = MANAGED_BY;
  const extraLabels = checkStringMap(problems, 'labels', props.labels, true);
  const annotations = checkStringMap(problems, 'annotations', props.annotations, false);

  const podSecurity = renderPodSecurity(problems, props.podSecurity);
  const mesh = props.mesh !== undefined ? checkMesh(problems, props.mesh) : undefined;
  const meshLabels: Record<string, string> = mesh ? (mesh.revision !== undefined ? { 'istio.io/rev': mesh.revision } : { 'istio-injection': 'enabled' }) : {};

  for (const key of Object.keys(extraLabels)) {
    const owned = key in labels || key.startsWith(`${POD_SECURITY_LABEL}/`) || key === 'istio-injection' || key === 'istio.io/rev' || key === NAMESPACE_NAME_LABEL;
    if (owned) problems.conflict(path('labels', key), 'is set by keelson (recommended, Pod Security, mesh or namespace-name labels); use the matching prop instead');
  }
  Object.assign(labels, extraLabels);

  const meta = (objectName: string): ObjectMeta => ({ name: objectName, namespace: name, labels: { ...labels } });

  const namespace: Namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { ...labels, ...podSecurity, ...meshLabels },
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
  };

  const quota = renderQuota(problems, props.quota);
  const resourceQuota: ResourceQuota = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta(NAMESPACE_OBJECT_NAMES.quota),
    spec: { hard: quota.hard },
  };
  const scopedQuotas: ResourceQuota[] = quota.scoped.map((s) => ({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta(s.name),
    spec: {
      hard: s.hard,
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: [...s.priorityClasses] }] },
    },
  }));

  const limitRange: LimitRange = {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: meta(NAMESPACE_OBJECT_NAMES.limitRange),
    spec: { limits: renderLimitRange(problems, props.limitRange, quota.storage) },
  };

  const serviceAccount: ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(NAMESPACE_OBJECT_NAMES.serviceAccount),
    automountServiceAccountToken: false,
  };

  const network = renderNetwork(problems, props.network, mesh, meta);
  const roleBindings = renderAccess(problems, props.access, meta);

  let peerAuthentication: IstioPeerAuthentication | undefined;
  const authorizationPolicies: IstioAuthorizationPolicy[] = [];
  let sidecar: IstioSidecar | undefined;
  if (mesh) {
    peerAuthentication = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: meta(NAMESPACE_OBJECT_NAMES.peerAuthentication),
      spec: { mtls: { mode: mesh.mtls } },
    };
    const allowNamespaces = mesh.allowFromNamespaces ?? [name];
    const from = [
      ...(allowNamespaces.length ? [{ source: { namespaces: [...allowNamespaces] } }] : []),
      ...(mesh.allowFromPrincipals.length ? [{ source: { principals: [...mesh.allowFromPrincipals] } }] : []),
    ];
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
    authorizationPolicies.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta(NAMESPACE_OBJECT_NAMES.authorizationDeny),
      spec: {},
    });
    const hosts = unique(['./*', `${mesh.controlPlaneNamespace}/*`, ...network.egressNamespaces.map((ns) => `${ns}/*`), ...mesh.egressHosts]);
    sidecar = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: meta(NAMESPACE_OBJECT_NAMES.sidecar),
      spec: { egress: [{ hosts }], outboundTrafficPolicy: { mode: mesh.outboundTrafficPolicy } },
    };
  }

  problems.throwIfAny();
  const objects = [
    namespace,
    resourceQuota,
    ...scopedQuotas,
    limitRange,
    serviceAccount,
    ...network.policies,
    ...roleBindings,
    peerAuthentication,
    ...authorizationPolicies,
    sidecar,
  ].filter((o) => o !== undefined) as unknown as KubeObject[];
  return {
    name,
    namespace,
    resourceQuota,
    scopedQuotas,
    limitRange,
    serviceAccount,
    networkPolicies: network.policies,
    roleBindings,
    peerAuthentication,
    authorizationPolicies,
    sidecar,
    ...(mesh ? { meshSidecar: { name: 'istio-proxy', ...mesh.sidecarResources } } : {}),
    objects,
  };
}

function renderPodSecurity(problems: Problems, ps: PodSecurityProps | undefined): Record<string, string> {
  if (ps !== undefined && checkObject(problems, 'podSecurity', ps)) {
    checkKnownKeys(problems, 'podSecurity', ps, ['enforce', 'audit', 'warn', 'version']);
  }
  const given = ps && typeof ps === 'object' ? ps : {};
  const version = given.version ?? NAMESPACE_DEFAULTS.podSecurityVersion;
  if (typeof version !== 'string' || !/^(latest|v1\.(0|[1-9]\d{0,2}))$/.test(version)) {
    problems.invalid(path('podSecurity', 'version'), `${describe(version)} is not a Pod Security version: use "v1.N" (e.g. "v1.30") or "latest"`);
  }
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn'] as const) {
    const level = given[mode] ?? NAMESPACE_DEFAULTS.podSecurityLevel;
    if (!LEVELS.includes(level)) {
      problems.notSupported(path('podSecurity', mode), `${describe(level)} is not a Pod Security level: use ${LEVELS.map((l) => `"${l}"`).join(', ')}`);
      continue;
    }
    labels[`${POD_SECURITY_LABEL}/${mode}`] = level;
    labels[`${POD_SECURITY_LABEL}/${mode}-version`] = typeof version === 'string' ? version : 'invalid';
  }
  return labels;
}

/** A quantity prop; zero is allowed where `allowZero` (a quota of nothing is a valid quota). */
export function checkQuantity(problems: Problems, at: string, value: unknown, allowZero: boolean): Quantity | undefined {
  if (!(value instanceof Quantity) && typeof value !== 'string') {
    problems.invalid(at, `must be a Quantity or a string like "500m", "4" or "8Gi", got ${describe(value)}`);
    return undefined;
  }
  const q = Quantity.of(value);
  if (!q.isValid) {
    problems.invalid(at, `${JSON.stringify(String(value))} is not a Kubernetes quantity (e.g. "500m", "4", "8Gi")`);
    return undefined;
  }
  if (q.compare(Quantity.parse('0')) < 0 || (!allowZero && !q.isPositive)) {
    problems.invalid(at, `${JSON.stringify(String(value))} must be ${allowZero ? 'zero or more' : 'greater than zero'}`);
    return undefined;
  }
  return q;
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
