import type { Affinity, NodeSelectorRequirement, NodeSelectorTerm, PodAffinityTerm, Toleration, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import type { LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import type { SpreadMode } from './pod';
import { NodeAffinityProps, NodeRequirementProps, PodAffinityProps, PodAffinityTermProps, SpotProps, TolerationProps, WorkloadProps } from './props';
import { checkDns1123Label, checkInteger, checkKnownKeys, checkLabelValue, checkObject, checkQualifiedName, describe, isRecord } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkStringMap, wholeSeconds } from '../validation/values';

/** Where the pods may and should run, checked: rendered as they are into the pod spec. */
export interface ResolvedScheduling {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly affinity?: Affinity;
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const NODE_OPERATORS: readonly NodeRequirementProps['operator'][] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const LABEL_OPERATORS: readonly NodeRequirementProps['operator'][] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** The scheduling props: node selector, tolerations (the spot pool's first), node and pod (anti-)affinity. */
export function resolveScheduling(problems: Problems, props: WorkloadProps, spread: { readonly nodes: SpreadMode }): ResolvedScheduling {
  const nodeSelector = checkStringMap(problems, 'nodeSelector', props.nodeSelector, true);
  const tolerations = [...resolveSpot(problems, props.spot, spread), ...resolveTolerations(problems, props.tolerations)];
  const nodeAffinity = props.nodeAffinity !== undefined ? resolveNodeAffinity(problems, props.nodeAffinity) : undefined;
  const podAffinity = props.podAffinity !== undefined ? resolvePodAffinity(problems, 'podAffinity', props.podAffinity) : undefined;
  const podAntiAffinity = props.podAntiAffinity !== undefined ? resolvePodAffinity(problems, 'podAntiAffinity', props.podAntiAffinity) : undefined;
  const affinity: Affinity = {
    ...(nodeAffinity ? { nodeAffinity } : {}),
    ...(podAffinity ? { podAffinity } : {}),
    ...(podAntiAffinity ? { podAntiAffinity } : {}),
  };
  return {
    ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
    tolerations,
    ...(Object.keys(affinity).length ? { affinity } : {}),
  };
}

/** A list prop: an array (its holes are reported by the props' shape check), or a problem and none. */
function list(problems: Problems, at: string, value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) {
    problems.invalid(at, `must be a list of ${what}, got ${describe(value)}`);
    return [];
  }
  return value;
}

/** Is the value one of the allowed strings? */
function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return allowed.includes(value as T);
}

/** Tolerations as Kubernetes validates them (a key, Exists without a value, tolerationSeconds only for NoExecute). */
function resolveTolerations(problems: Problems, value: unknown): Toleration[] {
  if (value === undefined) return [];
  const out: Toleration[] = [];
  list(problems, 'tolerations', value, 'tolerations').forEach((t, i) => {
    const at = path('tolerations', i);
    const toleration = resolveToleration(problems, at, t);
    if (toleration) out.push(toleration);
  });
  return out;
}

function resolveToleration(problems: Problems, at: string, value: unknown): Toleration | undefined {
  if (!checkObject(problems, at, value)) return undefined;
  checkKnownKeys(problems, at, value, ['key', 'operator', 'value', 'effect', 'tolerationSeconds']);
  const t = value as unknown as TolerationProps;
  const before = problems.count;
  // An empty key with Exists tolerates every taint, the control plane's and the cordoned nodes' too: refused.
  if (typeof t.key !== 'string' || t.key === '') {
    problems.required(path(at, 'key'), `must name the taint's key (a toleration without one tolerates every taint), got ${describe(t.key)}`);
  } else {
    checkQualifiedName(problems, path(at, 'key'), t.key);
  }
  const operator = t.operator ?? (t.value !== undefined ? 'Equal' : 'Exists');
  if (!isOneOf(operator, ['Exists', 'Equal'])) {
    problems.notSupported(path(at, 'operator'), `must be 'Exists' or 'Equal', got ${describe(operator)}`);
  } else {
    if (operator === 'Exists' && t.value !== undefined) {
      problems.conflict(path(at, 'value'), "cannot be set with operator 'Exists', which matches the taint's key with any value");
    }
    if (operator === 'Equal') {
      if (t.value === undefined) problems.required(path(at, 'value'), "is required with operator 'Equal'");
      else checkLabelValue(problems, path(at, 'value'), t.value);
    }
  }
  if (t.effect !== undefined && !isOneOf(t.effect, TAINT_EFFECTS)) {
    problems.notSupported(path(at, 'effect'), `must be 'NoSchedule', 'PreferNoSchedule' or 'NoExecute', got ${describe(t.effect)}`);
  }
  let seconds: number | undefined;
  if (t.tolerationSeconds !== undefined) {
    seconds = wholeSeconds(problems, path(at, 'tolerationSeconds'), t.tolerationSeconds, 0);
    if (t.effect !== 'NoExecute') {
      problems.conflict(path(at, 'tolerationSeconds'), "is only allowed with effect 'NoExecute': it is how long the pod stays on a node after such a taint appears");
    }
  }
  if (problems.count > before) return undefined;
  return {
    key: t.key,
    operator,
    ...(t.value !== undefined ? { value: t.value } : {}),
    ...(t.effect !== undefined ? { effect: t.effect } : {}),
    ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}),
  };
}

/** The taints of spot nodes in the managed clouds that taint them (AKS, GKE), tolerated by default. */
export const SPOT_TAINTS: ReadonlyArray<{ readonly key: string; readonly value: string; readonly effect: 'NoSchedule' }> = [
  { key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: 'NoSchedule' },
  { key: 'cloud.google.com/gke-spot', value: 'true', effect: 'NoSchedule' },
];

/** The spot preset: tolerate the spot nodes' taints; node spreading stays, so one reclaimed node takes few pods. */
function resolveSpot(problems: Problems, value: unknown, spread: { readonly nodes: SpreadMode }): Toleration[] {
  if (value === undefined || value === false) return [];
  const spot: SpotProps = value === true ? {} : (value as SpotProps);
  if (value !== true && !isRecord(value)) {
    problems.invalid('spot', `must be true, false or an object ({ taints: [...] }), got ${describe(value)}`);
    return [];
  }
  checkKnownKeys(problems, 'spot', spot, ['taints']);
  if (spread.nodes === 'off') {
    problems.conflict('topologySpread.nodes', "cannot be 'off' with spot: spot nodes are reclaimed one by one at short notice, and pods packed on one node go down together");
  }
  if (spot.taints === undefined) return SPOT_TAINTS.map((t) => ({ key: t.key, operator: 'Equal', value: t.value, effect: t.effect }));
  const taints = list(problems, path('spot', 'taints'), spot.taints, 'taints');
  if (Array.isArray(spot.taints) && taints.length === 0) problems.invalid(path('spot', 'taints'), 'must name at least one taint (leave it out for the common clouds\' spot taints)');
  const out: Toleration[] = [];
  taints.forEach((t, i) => {
    const toleration = resolveToleration(problems, path('spot', 'taints', i), t);
    if (toleration) out.push(toleration);
  });
  return out;
}

/** Node affinity: required terms (any one of them), preferred terms with a weight of 1 to 100. */
function resolveNodeAffinity(problems: Problems, value: NodeAffinityProps): Affinity['nodeAffinity'] {
  if (!checkObject(problems, 'nodeAffinity', value)) return undefined;
  checkKnownKeys(problems, 'nodeAffinity', value, ['required', 'preferred']);
  const required: NodeSelectorTerm[] = [];
  if (value.required !== undefined) {
    const terms = list(problems, path('nodeAffinity', 'required'), value.required, 'node terms');
    if (Array.isArray(value.required) && terms.length === 0) problems.invalid(path('nodeAffinity', 'required'), 'must list at least one term (leave it out to require nothing)');
    terms.forEach((term, i) => {
      const at = path('nodeAffinity', 'required', i);
      if (!checkObject(problems, at, term)) return;
      checkKnownKeys(problems, at, term, ['match']);
      const match = nodeRequirements(problems, path(at, 'match'), (term as { match?: unknown }).match);
      if (match) required.push({ matchExpressions: match });
    });
  }
  const preferred = (value.preferred === undefined ? [] : list(problems, path('nodeAffinity', 'preferred'), value.preferred, 'weighted node terms')).flatMap((term, i) => {
    const at = path('nodeAffinity', 'preferred', i);
    if (!checkObject(problems, at, term)) return [];
    checkKnownKeys(problems, at, term, ['weight', 'match']);
    const weight = (term as { weight?: unknown }).weight;
    const weightOk = checkInteger(problems, path(at, 'weight'), weight, 1, 100);
    const match = nodeRequirements(problems, path(at, 'match'), (term as { match?: unknown }).match);
    return weightOk && match ? [{ weight: weight as number, preference: { matchExpressions: match } }] : [];
  });
  if (!required.length && !preferred.length) return undefined;
  return {
    ...(required.length ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: required } } : {}),
    ...(preferred.length ? { preferredDuringSchedulingIgnoredDuringExecution: preferred } : {}),
  };
}

/** A term's node requirements, as Kubernetes checks them: values per operator, at least one requirement. */
function nodeRequirements(problems: Problems, at: string, value: unknown): NodeSelectorRequirement[] | undefined {
  if (value === undefined) {
    problems.required(at, 'must list the node requirements of the term (e.g. [{ key: \'topology.kubernetes.io/zone\', operator: \'In\', values: [\'eu-west-1a\'] }])');
    return undefined;
  }
  const before = problems.count;
  const items = list(problems, at, value, 'node requirements');
  if (Array.isArray(value) && items.length === 0) problems.invalid(at, 'must list at least one requirement: a term without one matches no node');
  const out = items.map((r, i) => requirement(problems, path(at, i), r, NODE_OPERATORS));
  return problems.count > before ? undefined : (out as NodeSelectorRequirement[]);
}

/** One requirement: a label key, an operator and the values the operator takes. */
function requirement(
  problems: Problems, at: string, value: unknown, operators: readonly NodeRequirementProps['operator'][],
): NodeSelectorRequirement | LabelSelectorRequirement | undefined {
  if (!checkObject(problems, at, value)) return undefined;
  checkKnownKeys(problems, at, value, ['key', 'operator', 'values']);
  const r = value as unknown as NodeRequirementProps;
  if (typeof r.key !== 'string') problems.invalid(path(at, 'key'), `must be a label key, got ${describe(r.key)}`);
  else checkQualifiedName(problems, path(at, 'key'), r.key);
  if (!isOneOf(r.operator, operators)) {
    problems.notSupported(path(at, 'operator'), operators === NODE_OPERATORS
      ? `must be 'In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt' or 'Lt', got ${describe(r.operator)}`
      : `must be 'In', 'NotIn', 'Exists' or 'DoesNotExist' (Gt and Lt compare node labels only), got ${describe(r.operator)}`);
    return undefined;
  }
  const vat = path(at, 'values');
  const values = r.values === undefined ? [] : list(problems, vat, r.values, 'label values');
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0 && (r.values === undefined || Array.isArray(r.values))) problems.required(vat, `must list at least one value for operator '${r.operator}'`);
      values.forEach((v, i) => checkLabelValue(problems, path(vat, i), v));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (r.values !== undefined) problems.conflict(vat, `cannot be set with operator '${r.operator}', which looks at the key only`);
      break;
    default:
      // Gt and Lt compare the node label's value with one integer.
      if ((r.values === undefined || Array.isArray(r.values)) && (values.length !== 1 || typeof values[0] !== 'string' || !/^-?\d{1,18}$/.test(values[0]))) {
        problems.invalid(vat, `must be exactly one integer (as a string, e.g. ['4']) for operator '${r.operator}', got ${r.values === undefined ? 'none' : JSON.stringify(r.values)}`);
      }
  }
  return { key: r.key, operator: r.operator, ...(r.values !== undefined ? { values: [...(r.values as string[])] } : {}) };
}

/** Pod affinity or anti-affinity: required terms, preferred terms with a weight of 1 to 100. */
function resolvePodAffinity(problems: Problems, at: 'podAffinity' | 'podAntiAffinity', value: PodAffinityProps): Affinity['podAffinity'] {
  if (!checkObject(problems, at, value)) return undefined;
  checkKnownKeys(problems, at, value, ['required', 'preferred']);
  const required = (value.required === undefined ? [] : list(problems, path(at, 'required'), value.required, 'pod terms'))
    .flatMap((t, i) => {
      const term = podTerm(problems, path(at, 'required', i), t, []);
      return term ? [term] : [];
    });
  const preferred = (value.preferred === undefined ? [] : list(problems, path(at, 'preferred'), value.preferred, 'weighted pod terms'))
    .flatMap((t, i): WeightedPodAffinityTerm[] => {
      const tat = path(at, 'preferred', i);
      const term = podTerm(problems, tat, t, ['weight']);
      const weight = (t as { weight?: unknown } | null)?.weight;
      const weightOk = term !== undefined && checkInteger(problems, path(tat, 'weight'), weight, 1, 100);
      return term && weightOk ? [{ weight: weight as number, podAffinityTerm: term }] : [];
    });
  if (!required.length && !preferred.length) return undefined;
  return {
    ...(required.length ? { requiredDuringSchedulingIgnoredDuringExecution: required } : {}),
    ...(preferred.length ? { preferredDuringSchedulingIgnoredDuringExecution: preferred } : {}),
  };
}

/** One pod term: the topology domain and the other pods, by labels and/or requirements, in given namespaces. */
function podTerm(problems: Problems, at: string, value: unknown, extraKeys: readonly string[]): PodAffinityTerm | undefined {
  if (!checkObject(problems, at, value)) return undefined;
  checkKnownKeys(problems, at, value, ['topologyKey', 'labels', 'match', 'namespaces', ...extraKeys]);
  const t = value as unknown as PodAffinityTermProps;
  const before = problems.count;
  if (typeof t.topologyKey !== 'string' || t.topologyKey === '') {
    problems.required(path(at, 'topologyKey'), `must name the node label that makes the domain (e.g. 'kubernetes.io/hostname' or 'topology.kubernetes.io/zone'), got ${describe(t.topologyKey)}`);
  } else {
    checkQualifiedName(problems, path(at, 'topologyKey'), t.topologyKey);
  }
  const selectorBefore = problems.count;
  const labels = checkStringMap(problems, path(at, 'labels'), t.labels, true);
  const match = t.match === undefined ? [] : list(problems, path(at, 'match'), t.match, 'label requirements')
    .map((r, i) => requirement(problems, path(at, 'match', i), r, LABEL_OPERATORS) as LabelSelectorRequirement);
  if (Object.keys(labels).length === 0 && match.length === 0 && problems.count === selectorBefore) {
    problems.required(at, 'must select the other pods with labels or match: an empty selector would pick every pod');
  }
  const namespaces = t.namespaces === undefined ? [] : list(problems, path(at, 'namespaces'), t.namespaces, 'namespace names');
  namespaces.forEach((ns, i) => checkDns1123Label(problems, path(at, 'namespaces', i), ns));
  if (problems.count > before) return undefined;
  return {
    labelSelector: {
      ...(Object.keys(labels).length ? { matchLabels: labels } : {}),
      ...(match.length ? { matchExpressions: match } : {}),
    },
    ...(namespaces.length ? { namespaces: [...(namespaces as string[])] } : {}),
    topologyKey: t.topologyKey,
  };
}
