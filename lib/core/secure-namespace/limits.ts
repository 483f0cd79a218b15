import type { LimitRangeItem } from 'kubernetes-types/core/v1';
import { checkQuantity } from './checks';
import { NAMESPACE_DEFAULTS } from './defaults';
import { checkKnownKeys, checkObject } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { Quantity } from '../values/quantity';

/** Per-container defaults and bounds for one resource. */
export interface ContainerLimitProps {
  /**
   * The request a container that declares none gets.
   * @default see the LimitRange's `cpu` and `memory`
   */
  readonly defaultRequest?: Quantity | string;
  /**
   * The limit a container that declares none gets.
   * @default memory: the default request; CPU: the max when one is set (what the API server would
   * store anyway), otherwise none
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
   * @default memory 4Gi; CPU none
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

export function resolveLimitRange(problems: Problems, lr: LimitRangeProps | undefined, quotaStorage: Quantity | undefined): LimitRangeItem[] {
  if (lr !== undefined && checkObject(problems, 'limitRange', lr)) checkKnownKeys(problems, 'limitRange', lr, ['cpu', 'memory', 'storage']);
  const given = (lr && typeof lr === 'object' ? lr : {}) as LimitRangeProps;
  const cpu = containerBounds(problems, 'cpu', given.cpu, { defaultRequest: NAMESPACE_DEFAULTS.limitCpuDefaultRequest });
  const memory = containerBounds(problems, 'memory', given.memory, {
    defaultRequest: NAMESPACE_DEFAULTS.limitMemoryDefaultRequest,
    max: NAMESPACE_DEFAULTS.limitMemoryMax,
    limitFromRequest: true,
  });

  const container: LimitRangeItem = { type: 'Container' };
  for (const field of ['defaultRequest', 'default', 'min', 'max'] as const) {
    const key = field === 'default' ? 'defaultLimit' : field;
    const values: Record<string, string> = {};
    if (cpu[key]) values.cpu = cpu[key]!.toString();
    if (memory[key]) values.memory = memory[key]!.toString();
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
 * Per-container bounds of one resource, with the consistency Kubernetes needs:
 * min ≤ defaultRequest ≤ defaultLimit ≤ max. A `max` without a `defaultLimit` gets the max as its
 * default limit, which is what the API server would store anyway; keelson writes it out.
 */
function containerBounds(
  problems: Problems,
  resource: 'cpu' | 'memory',
  value: unknown,
  defaults: { defaultRequest?: string; max?: string; limitFromRequest?: boolean },
): ResourceBounds {
  const at = path('limitRange', resource);
  if (value !== undefined && checkObject(problems, at, value)) checkKnownKeys(problems, at, value, ['defaultRequest', 'defaultLimit', 'min', 'max']);
  const given = (value && typeof value === 'object' ? value : {}) as ContainerLimitProps;
  const q = (key: keyof ContainerLimitProps, fallback?: string) => {
    const v = given[key] ?? fallback;
    // A default limit and a max are limits containers run under; the others are amounts.
    return v !== undefined ? checkQuantity(problems, path(at, key), v, false, resource, key === 'defaultLimit' || key === 'max' ? 'limit' : 'amount') : undefined;
  };
  const defaultRequest = q('defaultRequest', defaults.defaultRequest);
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
      problems.conflict(path(at, reportAt), `${subject}; ${resource} needs min ≤ defaultRequest ≤ defaultLimit ≤ max`);
    }
  }
  return { defaultRequest, defaultLimit, min, max };
}
