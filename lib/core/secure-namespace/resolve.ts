import type { LimitRangeItem } from 'kubernetes-types/core/v1';
import { NAMESPACE_DEFAULTS } from './defaults';
import { resolveLimitRange } from './limits';
import { CheckedMesh, checkMesh } from './mesh';
import { ResolvedNetwork, resolveNetwork } from './network';
import { KEYS, LEVELS, POD_SECURITY_LABEL, PodSecurityProps, SECURE_NAMESPACE, SecureNamespaceProps } from './props';
import { ResolvedQuota, resolveQuota } from './quota';
import { ResolvedAccess, resolveAccess } from './rbac';
import { checkBindingRisks } from './risks';
import { checkDns1123Label, checkKnownKeys, checkLabelValue, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { BuildOptions, beginResolve } from '../validation/props';
import { AcknowledgedRisk, RiskLedger, acknowledgeHint } from '../validation/risks';
import { checkStringMap } from '../validation/values';
import { LABELS, MANAGED_BY, NAMESPACE_NAME_LABEL } from '../workload/labels';

/** A SecureNamespace's props, checked and defaulted: everything its objects are rendered from. */
export interface ResolvedSecureNamespace {
  readonly name: string;
  /** The labels of every object: the recommended ones and the user's. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The Namespace's Pod Security Admission labels. */
  readonly podSecurity: Readonly<Record<string, string>>;
  readonly mesh?: CheckedMesh;
  readonly quota: ResolvedQuota;
  readonly limits: readonly LimitRangeItem[];
  readonly network: ResolvedNetwork;
  readonly access: ResolvedAccess;
  /** The risks the props acknowledge and take, with the objects that carry them. */
  readonly risks: readonly AcknowledgedRisk[];
}

/**
 * Checks SecureNamespace props (any input, JavaScript garbage included) and applies the defaults.
 * Throws one KeelsonValidationError listing every problem.
 */
export function resolveSecureNamespace(input: unknown, options: BuildOptions = {}): ResolvedSecureNamespace {
  const { props, problems } = beginResolve<SecureNamespaceProps>(SECURE_NAMESPACE, input, KEYS, options);
  const name = problems.construct;
  const risks = RiskLedger.from(problems, props.acknowledgeRisks);
  if (checkDns1123Label(problems, 'name', props.name) && props.name.startsWith('kube-')) {
    problems.invalid('name', `${JSON.stringify(props.name)} starts with "kube-", which Kubernetes reserves for its own namespaces`);
  } else if (props.name === 'default' && !risks.accepts('default-namespace', 'Namespace', 'default')) {
    problems.invalid('name', `"default" is where every command and manifest without a namespace lands: its default-deny policies, quota and LimitRange would fall on workloads nobody placed here on purpose; choose the team's own name${acknowledgeHint('default-namespace')}`);
  }
  // Labels on every object: the recommended ones, then the user's (which may not override them).
  const labels: Record<string, string> = { [LABELS.name]: name, [LABELS.instance]: name };
  if (props.partOf !== undefined && checkLabelValue(problems, 'partOf', props.partOf)) labels[LABELS.partOf] = props.partOf;
  labels[LABELS.managedBy] = MANAGED_BY;
  const extraLabels = checkStringMap(problems, 'labels', props.labels, true);
  const annotations = checkStringMap(problems, 'annotations', props.annotations, false);
  const podSecurity = resolvePodSecurity(problems, props.podSecurity);
  const mesh = props.mesh !== undefined ? checkMesh(problems, props.mesh, risks) : undefined;
  for (const key of Object.keys(extraLabels)) {
    const owned = key in labels || key.startsWith(`${POD_SECURITY_LABEL}/`) || key === 'istio-injection' || key === 'istio.io/rev' || key === NAMESPACE_NAME_LABEL;
    if (owned) problems.conflict(path('labels', key), 'is set by keelson (recommended, Pod Security, mesh or namespace-name labels); use the matching prop instead');
  }
  const quota = resolveQuota(problems, props.quota, risks);
  const limits = resolveLimitRange(problems, props.limitRange, quota);
  const network = resolveNetwork(problems, props.network, risks);
  const access = resolveAccess(problems, props.access);
  checkBindingRisks(problems, props.access, access?.bindings, risks);
  const acknowledged = risks.finish();
  const complete = problems.complete({ network, access });
  return {
    name,
    labels: { ...labels, ...extraLabels },
    annotations,
    podSecurity,
    ...(mesh ? { mesh } : {}),
    quota,
    limits,
    network: complete.network,
    access: complete.access,
    risks: acknowledged,
  };
}

/** The Pod Security Admission labels (enforce, audit, warn, each with its version), checked. */
function resolvePodSecurity(problems: Problems, ps: PodSecurityProps | undefined): Record<string, string> {
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
