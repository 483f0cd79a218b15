import type { LimitRangeItem } from 'kubernetes-types/core/v1';
import { checkQuantity } from './checks';
import { NAMESPACE_DEFAULTS } from './defaults';
import type { ResolvedQuota } from './quota';
import { checkKnownKeys, checkObject } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { Quantity } from '../values/quantity';

/** Per-container defaults and bounds for one resource. */
export interface ContainerLimitProps {
  /**
   * The request a container that declares none gets.
   * @default see the LimitRange's `cpu` and `memory`; ephemeral storage: the default limit, else the
   * min (what the API server would store anyway), else none
   */
  readonly defaultRequest?: Quantity | string;
  /**
   * The limit a container that declares none gets.
   * @default memory: the default request; CPU and ephemeral storage: the max when one is set (what
   * the API server would store anyway), otherwise none
   */
  readonly defaultLimit?: Quantity | string;
  /**
   * The smallest request or limit a container may declare.
   * @default none
   */
  readonly min?: Quantity | string;
  /**
   * The largest request or limit a container may declare. Kubernetes then requires a limit, so the
   * max becomes the default limit of containers that declare none.
   * @default memory 4Gi; CPU and ephemeral storage none
   */
  readonly max?: Quantity | string;
}

/** The namespace's LimitRange. */
export interface LimitRangeProps {
  /**
   * CPU per container.
   * @default defaultRequest 100m; no default limit, min or max: a CPU max would make Kubernetes give
   * every container a CPU limit, which keelson leaves opt-in
   */
  readonly cpu?: ContainerLimitProps;
  /**
   * Memory per container.
   * @default defaultRequest 128Mi, defaultLimit = defaultRequest (memory is not compressible), max 4Gi
   */
  readonly memory?: ContainerLimitProps;
  /**
   * Local disk (`ephemeral-storage`) per container. A quota on `ephemeralStorage` needs a default
   * request here (and a default limit or max for a limit quota): Kubernetes rejects containers without one.
   * @default none: keelson's apps bound their disk already (read-only root filesystem, `emptyDir`s
   * capped at 256Mi), a default limit would evict pods whose `emptyDir`s are larger, and no amount
   * suits every node's disk
   */
  readonly ephemeralStorage?: ContainerLimitProps;
  /**
   * Storage per PersistentVolumeClaim.
   * @default max 50Gi, or the storage quota when that is smaller
   */
  readonly storage?: {
    /**
     * The smallest claim the namespace admits, in bytes (`'1Gi'`).
     * @default no minimum: a small claim wastes nothing
     */
    readonly min?: Quantity | string;
    /**
     * The largest claim the namespace admits, in bytes (`'200Gi'`); at most the storage quota.
     * @default 50Gi, or the storage quota when that is smaller: one claim cannot take the team's whole quota by a typo
     */
    readonly max?: Quantity | string;
  };
}

interface ResourceBounds {
  defaultRequest?: Quantity;
  defaultLimit?: Quantity;
  min?: Quantity;
  max?: Quantity;
}

export function resolveLimitRange(problems: Problems, lr: LimitRangeProps | undefined, quota: ResolvedQuota): LimitRangeItem[] {
  const quotaStorage = quota.storage;
  if (lr !== undefined && checkObject(problems, 'limitRange', lr)) checkKnownKeys(problems, 'limitRange', lr, ['cpu', 'memory', 'ephemeralStorage', 'storage']);
  const given = (lr && typeof lr === 'object' ? lr : {}) as LimitRangeProps;
  const cpu = containerBounds(problems, 'cpu', given.cpu, { defaultRequest: NAMESPACE_DEFAULTS.limitCpuDefaultRequest });
  const memory = containerBounds(problems, 'memory', given.memory, {
    defaultRequest: NAMESPACE_DEFAULTS.limitMemoryDefaultRequest,
    max: NAMESPACE_DEFAULTS.limitMemoryMax,
    limitFromRequest: true,
  });
  const disk = containerBounds(problems, 'ephemeralStorage', given.ephemeralStorage, {});
  checkDiskDefaults(problems, quota, disk);

  const container: LimitRangeItem = { type: 'Container' };
  for (const field of ['defaultRequest', 'default', 'min', 'max'] as const) {
    const key = field === 'default' ? 'defaultLimit' : field;
    const values: Record<string, string> = {};
    if (cpu[key]) values.cpu = cpu[key]!.toString();
    if (memory[key]) values.memory = memory[key]!.toString();
    if (disk[key]) values['ephemeral-storage'] = disk[key]!.toString();
    if (Object.keys(values).length) container[field] = values;
  }

  const sat = path('limitRange', 'storage');
  if (given.storage !== undefined && checkObject(problems, sat, given.storage)) checkKnownKeys(problems, sat, given.storage, ['min', 'max']);
  const storageGiven = (given.storage && typeof given.storage === 'object' ? given.storage : {}) as { min?: unknown; max?: unknown };
  const storageMin = storageGiven.min !== undefined ? checkQuantity(problems, path(sat, 'min'), storageGiven.min, false, 'storage') : undefined;
  // The default max follows a smaller storage quota (a claim above the quota could never be created);
  // with no storage quota at all there is no claim to bound.
  let storageMax: Quantity | undefined;
  if (storageGiven.max !== undefined) {
    storageMax = checkQuantity(problems, path(sat, 'max'), storageGiven.max, false, 'storage');
  } else {
    storageMax = Quantity.parse(NAMESPACE_DEFAULTS.limitStorageMax);
    if (quotaStorage && quotaStorage.compare(storageMax) < 0) storageMax = quotaStorage.isPositive ? quotaStorage : undefined;
  }
  if (storageMin && storageMax && storageMin.compare(storageMax) > 0) {
    problems.conflict(path(sat, 'min'), `${storageMin} is above the max ${storageMax}`);
  }
  if (storageMax && quotaStorage && storageGiven.max !== undefined && storageMax.compare(quotaStorage) > 0) {
    problems.conflict(path(sat, 'max'), `${storageMax} is above the quota's storage ${quotaStorage}: no claim that size could ever be created; lower it or raise quota.storage`);
  }
  // The API server rejects a PersistentVolumeClaim item with neither a min nor a max (with a storage
  // quota of 0 there is no default max): no item then, as no claim can be created anyway.
  if (!storageMin && !storageMax) return [container];
  const claims: LimitRangeItem = {
    type: 'PersistentVolumeClaim',
    ...(storageMin ? { min: { storage: storageMin.toString() } } : {}),
    ...(storageMax ? { max: { storage: storageMax.toString() } } : {}),
  };
  return [container, claims];
}

/**
 * A quota on ephemeral storage makes Kubernetes reject every container without that request (or
 * limit), and keelson's apps set none unless `resources.ephemeralStorage` asks: the LimitRange must
 * give them one. (A zero quota admits no pod either way; the quota reports that.)
 */
function checkDiskDefaults(problems: Problems, quota: ResolvedQuota, disk: ResourceBounds): void {
  const quotas = [{ at: 'quota', hard: quota.hard }, ...quota.scoped.map((s, i) => ({ at: path('quota', 'scoped', i), hard: s.hard }))];
  const needs = [
    { kind: 'request', resource: 'requests.ephemeral-storage', has: disk.defaultRequest, prop: 'defaultRequest', fix: 'a defaultRequest' },
    { kind: 'limit', resource: 'limits.ephemeral-storage', has: disk.defaultLimit, prop: 'defaultLimit', fix: 'a defaultLimit or a max' },
  ] as const;
  for (const n of needs) {
    const q = quotas.find((x) => x.hard[n.resource] !== undefined && Quantity.parse(x.hard[n.resource]).isPositive);
    if (n.has || !q) continue;
    const quotaPath = path(q.at, 'ephemeralStorage', n.kind);
    // One template literal, so docs/validation-errors.md is checked against it.
    problems.required(path('limitRange', 'ephemeralStorage', n.prop), `is not set, but ${quotaPath} sets ${n.resource} ${q.hard[n.resource]}: Kubernetes then rejects every pod with a container without an ephemeral-storage ${n.kind}, as keelson's apps are unless resources.ephemeralStorage sets one; set ${n.fix} of limitRange.ephemeralStorage (e.g. '256Mi'), or leave the quota out`);
  }
}

/**
 * Per-container bounds of one resource, with the consistency Kubernetes needs:
 * min ≤ defaultRequest ≤ defaultLimit ≤ max. A `max` without a `defaultLimit` gets the max as its
 * default limit, which is what the API server would store anyway; keelson writes it out.
 */
function containerBounds(
  problems: Problems,
  resource: 'cpu' | 'memory' | 'ephemeralStorage',
  value: unknown,
  defaults: { defaultRequest?: string; max?: string; limitFromRequest?: boolean },
): ResourceBounds {
  const at = path('limitRange', resource);
  if (value !== undefined && checkObject(problems, at, value)) checkKnownKeys(problems, at, value, ['defaultRequest', 'defaultLimit', 'min', 'max']);
  const given = (value && typeof value === 'object' ? value : {}) as ContainerLimitProps;
  const q = (key: keyof ContainerLimitProps, fallback?: string) => {
    const v = given[key] ?? fallback;
    // A default limit and a max are limits containers run under; the others are amounts.
    const kind = resource === 'ephemeralStorage' ? 'storage' : resource;
    return v !== undefined ? checkQuantity(problems, path(at, key), v, false, kind, key === 'defaultLimit' || key === 'max' ? 'limit' : 'amount') : undefined;
  };
  let defaultRequest = q('defaultRequest', defaults.defaultRequest);
  const min = q('min');
  const max = q('max', defaults.max);
  let defaultLimit = q('defaultLimit');
  // Where each value comes from: a prop the user set, or the prop a default follows.
  const origin: Record<string, keyof ContainerLimitProps | undefined> = {
    min: given.min !== undefined ? 'min' : undefined,
    defaultRequest: given.defaultRequest !== undefined ? 'defaultRequest' : undefined,
    defaultLimit: given.defaultLimit !== undefined ? 'defaultLimit' : undefined,
    max: given.max !== undefined ? 'max' : undefined,
  };
  if (given.defaultLimit === undefined) {
    defaultLimit = defaults.limitFromRequest ? defaultRequest : max;
    origin.defaultLimit = defaults.limitFromRequest ? origin.defaultRequest : origin.max;
  }
  if (defaultRequest === undefined) {
    // No request of keelson's own: the API server's defaulting (the default limit, else the min), written out.
    defaultRequest = defaultLimit ?? min;
    origin.defaultRequest = defaultLimit ? origin.defaultLimit : origin.min;
  }
  const order: Array<[keyof ContainerLimitProps, Quantity | undefined]> = [['min', min], ['defaultRequest', defaultRequest], ['defaultLimit', defaultLimit], ['max', max]];
  const reported = new Set<string>();
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      const [lowKey, low] = order[i];
      const [highKey, high] = order[j];
      if (!low || !high || low.compare(high) <= 0) continue;
      // Report at a prop the user set (the other side may be a default), once per prop.
      const reportAt = origin[highKey] ?? origin[lowKey] ?? highKey;
      if (reported.has(reportAt)) continue;
      reported.add(reportAt);
      const subject = reportAt === origin[lowKey] && reportAt !== origin[highKey]
        ? `${low} is above the ${highKey} ${high}`
        : `${high} is below the ${lowKey} ${low}`;
      problems.conflict(path(at, reportAt), `${subject}; ${resource === 'ephemeralStorage' ? 'ephemeral-storage' : resource} needs min ≤ defaultRequest ≤ defaultLimit ≤ max`);
    }
  }
  return { defaultRequest, defaultLimit, min, max };
}
