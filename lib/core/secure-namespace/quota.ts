import { checkQuantity } from './checks';
import { NAMESPACE_DEFAULTS } from './defaults';
import { NAMESPACE_OBJECT_NAMES } from './props';
import { checkZeroQuota } from './risks';
import { checkDns1123Subdomain, checkInteger, checkKnownKeys, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { RiskLedger } from '../validation/risks';
import { Quantity } from '../values/quantity';

/** A request and a limit, e.g. of CPU in the ResourceQuota. */
export interface QuotaPair {
  /**
   * The most the pods' requests may add up to.
   * @default see the quota's `cpu` and `memory`
   */
  readonly request?: Quantity | string;
  /**
   * The most the pods' limits may add up to.
   * @default see the quota's `cpu` and `memory`
   */
  readonly limit?: Quantity | string;
}

/** A ResourceQuota that counts only the pods of some PriorityClasses. */
export interface ScopedQuotaProps {
  /** The ResourceQuota's name. */
  readonly name: string;
  /** The PriorityClasses whose pods this quota counts. */
  readonly priorityClasses: readonly string[];
  /**
   * CPU requests and limits of those pods.
   * @default no CPU bound of its own
   */
  readonly cpu?: QuotaPair;
  /**
   * Memory requests and limits of those pods.
   * @default no memory bound of its own
   */
  readonly memory?: QuotaPair;
  /**
   * Local disk (`ephemeral-storage`) requests and limits of those pods; needs the LimitRange
   * defaults the namespace-wide `ephemeralStorage` needs.
   * @default no ephemeral-storage bound of its own
   */
  readonly ephemeralStorage?: QuotaPair;
  /**
   * How many of those pods may exist.
   * @default no pod count of its own
   */
  readonly pods?: number;
}

/** The namespace's ResourceQuota: totals over every object in the namespace. */
export interface QuotaProps {
  /**
   * CPU: the sum of the requests (`requests.cpu`) and optionally of the limits (`limits.cpu`).
   * @default request 4, no limit: keelson leaves CPU limits opt-in, and a `limits.cpu` quota
   * would reject every pod without one
   */
  readonly cpu?: QuotaPair;
  /**
   * Memory: the sum of the requests and of the limits.
   * @default request 8Gi; limit = the request quota (keelson's memory limits equal requests)
   */
  readonly memory?: QuotaPair;
  /**
   * Local disk (`ephemeral-storage`: logs, writable layers, disk `emptyDir`s): the sum of the
   * requests and optionally of the limits. Kubernetes then rejects every container without that
   * request (or limit), so the LimitRange must give one: set `limitRange.ephemeralStorage`
   * (a `defaultRequest` for a request quota, a `defaultLimit` or `max` for a limit quota).
   * @default none: keelson's apps already bound their disk (read-only root filesystem, `emptyDir`s
   * capped at 256Mi) and request none, and no amount suits every node's disk; the namespace's
   * objects stay as they were
   */
  readonly ephemeralStorage?: QuotaPair;
  /**
   * Pods (any phase but Succeeded/Failed).
   * @default 50
   */
  readonly pods?: number;
  /**
   * Services of any type.
   * @default 20
   */
  readonly services?: number;
  /**
   * Services of type LoadBalancer (`services.loadbalancers`).
   * @default 0: each one is a paid cloud load balancer and a new way into the cluster
   */
  readonly loadBalancers?: number;
  /**
   * Node ports (`services.nodeports`; a LoadBalancer Service allocates them too).
   * @default 0: node ports open every node to the outside
   */
  readonly nodePorts?: number;
  /**
   * PersistentVolumeClaims.
   * @default 10
   */
  readonly persistentVolumeClaims?: number;
  /**
   * The sum of the claims' storage requests (`requests.storage`).
   * @default 100Gi
   */
  readonly storage?: Quantity | string;
  /**
   * Extra quotas for the pods of given PriorityClasses, e.g. to cap what may run at high priority.
   * @default none
   */
  readonly scoped?: readonly ScopedQuotaProps[];
}

/** `request` ≤ `limit` of a quota pair; returns both (parsed) for the caller. */
function quotaPair(
  problems: Problems,
  at: string,
  pair: unknown,
  kind: 'cpu' | 'memory' | 'storage',
  defaults: { request?: string; limitFromRequest: boolean },
): { request?: Quantity; limit?: Quantity } {
  if (pair !== undefined && checkObject(problems, at, pair)) checkKnownKeys(problems, at, pair, ['request', 'limit']);
  const given = (pair && typeof pair === 'object' ? pair : {}) as QuotaPair;
  const requestValue = given.request ?? defaults.request;
  const request = requestValue !== undefined ? checkQuantity(problems, path(at, 'request'), requestValue, true, kind) : undefined;
  const limit = given.limit !== undefined
    ? checkQuantity(problems, path(at, 'limit'), given.limit, true, kind)
    : defaults.limitFromRequest ? request : undefined;
  if (request && limit && given.limit !== undefined && request.compare(limit) > 0) {
    problems.conflict(path(at, 'limit'), `${limit} is below the request quota ${request}: pods could never use the requests the quota allows`);
  }
  return { request, limit };
}

function count(problems: Problems, at: string, value: unknown, fallback: number): number | undefined {
  const v = value ?? fallback;
  return checkInteger(problems, at, v, 0, 1_000_000) ? v : undefined;
}

/** The namespace-wide quota and the scoped ones, checked and defaulted. */
export interface ResolvedQuota {
  readonly hard: Record<string, string>;
  readonly storage?: Quantity;
  readonly scoped: ReadonlyArray<{ readonly name: string; readonly priorityClasses: readonly string[]; readonly hard: Record<string, string> }>;
}

export function resolveQuota(problems: Problems, q: QuotaProps | undefined, risks: RiskLedger): ResolvedQuota {
  if (q !== undefined && checkObject(problems, 'quota', q)) {
    checkKnownKeys(problems, 'quota', q, ['cpu', 'memory', 'ephemeralStorage', 'pods', 'services', 'loadBalancers', 'nodePorts', 'persistentVolumeClaims', 'storage', 'scoped']);
  }
  const given = (q && typeof q === 'object' ? q : {}) as QuotaProps;
  const hard: Record<string, string> = {};
  const cpu = quotaPair(problems, path('quota', 'cpu'), given.cpu, 'cpu', { request: NAMESPACE_DEFAULTS.quotaCpuRequests, limitFromRequest: false });
  const memory = quotaPair(problems, path('quota', 'memory'), given.memory, 'memory', { request: NAMESPACE_DEFAULTS.quotaMemoryRequests, limitFromRequest: true });
  const disk = quotaPair(problems, path('quota', 'ephemeralStorage'), given.ephemeralStorage, 'storage', { limitFromRequest: false });
  pairsInto(hard, cpu, memory, disk);
  const counts: ReadonlyArray<[keyof QuotaProps, string, number]> = [
    ['pods', 'pods', NAMESPACE_DEFAULTS.quotaPods],
    ['services', 'services', NAMESPACE_DEFAULTS.quotaServices],
    ['loadBalancers', 'services.loadbalancers', NAMESPACE_DEFAULTS.quotaLoadBalancers],
    ['nodePorts', 'services.nodeports', NAMESPACE_DEFAULTS.quotaNodePorts],
    ['persistentVolumeClaims', 'persistentvolumeclaims', NAMESPACE_DEFAULTS.quotaPersistentVolumeClaims],
  ];
  for (const [prop, resource, fallback] of counts) {
    const n = count(problems, path('quota', prop), given[prop], fallback);
    if (n !== undefined) hard[resource] = String(n);
  }
  const storage = checkQuantity(problems, path('quota', 'storage'), given.storage ?? NAMESPACE_DEFAULTS.quotaStorage, true, 'storage');
  if (storage) hard['requests.storage'] = storage.toString();
  checkZeroQuota(problems, (r) => quotaProp('quota', r, given), hard, risks, NAMESPACE_OBJECT_NAMES.quota);
  return { hard, storage, scoped: renderScopedQuotas(problems, given.scoped, risks) };
}

type Pair = { request?: Quantity; limit?: Quantity };

/** The quota pairs' resources, requests first (the order of the rendered `hard` map). */
function pairsInto(hard: Record<string, string>, cpu: Pair, memory: Pair, disk: Pair): void {
  if (cpu.request) hard['requests.cpu'] = cpu.request.toString();
  if (memory.request) hard['requests.memory'] = memory.request.toString();
  if (disk.request) hard['requests.ephemeral-storage'] = disk.request.toString();
  if (cpu.limit) hard['limits.cpu'] = cpu.limit.toString();
  if (memory.limit) hard['limits.memory'] = memory.limit.toString();
  if (disk.limit) hard['limits.ephemeral-storage'] = disk.limit.toString();
}

/** The props of each quota resource (a limit quota that follows the request quota is the request's). */
const RESOURCE_PROPS: Readonly<Record<string, readonly string[]>> = {
  'requests.cpu': ['cpu', 'request'],
  'limits.cpu': ['cpu', 'limit'],
  'requests.memory': ['memory', 'request'],
  'limits.memory': ['memory', 'limit'],
  'requests.ephemeral-storage': ['ephemeralStorage', 'request'],
  'limits.ephemeral-storage': ['ephemeralStorage', 'limit'],
  'pods': ['pods'],
  'services': ['services'],
  'persistentvolumeclaims': ['persistentVolumeClaims'],
  'requests.storage': ['storage'],
};

/** The props path that sets a quota resource, under `base` (`quota`, `quota.scoped[0]`). */
function quotaProp(base: string, resource: string, given: { memory?: QuotaPair }): string {
  const parts = RESOURCE_PROPS[resource] ?? [];
  if (resource === 'limits.memory' && given.memory?.limit === undefined) return path(base, 'memory', 'request');
  return path(base, ...parts);
}

function renderScopedQuotas(problems: Problems, scoped: unknown, risks: RiskLedger): ResolvedQuota['scoped'] {
  if (scoped === undefined) return [];
  if (!Array.isArray(scoped)) {
    problems.invalid(path('quota', 'scoped'), `must be an array of scoped quotas, got ${describe(scoped)}`);
    return [];
  }
  const names = new Set<string>();
  const out: Array<ResolvedQuota['scoped'][number]> = [];
  scoped.forEach((s: ScopedQuotaProps, i) => {
    const at = path('quota', 'scoped', i);
    if (!checkObject(problems, at, s)) return;
    checkKnownKeys(problems, at, s, ['name', 'priorityClasses', 'cpu', 'memory', 'ephemeralStorage', 'pods']);
    if (checkDns1123Subdomain(problems, path(at, 'name'), s.name)) {
      if (s.name === NAMESPACE_OBJECT_NAMES.quota) problems.duplicate(path(at, 'name'), `"${s.name}" is the name of the namespace-wide quota; choose another`);
      else if (names.has(s.name)) problems.duplicate(path(at, 'name'), `${JSON.stringify(s.name)} is used by another scoped quota`);
      names.add(s.name);
    }
    const classes = s.priorityClasses;
    if (!Array.isArray(classes) || classes.length === 0) {
      problems.required(path(at, 'priorityClasses'), 'must list at least one PriorityClass');
    } else {
      classes.forEach((c, j) => checkDns1123Subdomain(problems, path(at, 'priorityClasses', j), c));
    }
    const hard: Record<string, string> = {};
    const cpu = quotaPair(problems, path(at, 'cpu'), s.cpu, 'cpu', { limitFromRequest: false });
    const memory = quotaPair(problems, path(at, 'memory'), s.memory, 'memory', { limitFromRequest: false });
    const disk = quotaPair(problems, path(at, 'ephemeralStorage'), s.ephemeralStorage, 'storage', { limitFromRequest: false });
    pairsInto(hard, cpu, memory, disk);
    if (s.pods !== undefined && checkInteger(problems, path(at, 'pods'), s.pods, 0, 1_000_000)) hard.pods = String(s.pods);
    if (s.cpu === undefined && s.memory === undefined && s.ephemeralStorage === undefined && s.pods === undefined) {
      problems.invalid(at, 'sets no bound: give cpu, memory, ephemeralStorage or pods');
    }
    if (typeof s.name === 'string') checkZeroQuota(problems, (r) => quotaProp(at, r, s), hard, risks, s.name);
    out.push({ name: s.name, priorityClasses: Array.isArray(classes) ? [...classes] : [], hard });
  });
  return out;
}
