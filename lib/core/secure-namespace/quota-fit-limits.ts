import type { LimitRange, PodSpec, ResourceQuota } from 'kubernetes-types/core/v1';
import { NamespacePolicy } from './quota-fit';
import { quantities, quantityOf } from './quota-fit-objects';
import { Quantity } from '../values/quantity';

// ---------------------------------------------------------------- what a quota tracks

/** How a quota resource is used, and the SecureNamespace prop that sets it. */
export interface Tracked {
  /** Prop path under `quota` (or `quota.scoped[i]`). */
  readonly prop: string;
  /** Counted on pods (so scoped quotas track it). */
  readonly pod: boolean;
  readonly measure: 'requests.cpu' | 'requests.memory' | 'limits.cpu' | 'limits.memory'
  | 'requests.ephemeral-storage' | 'limits.ephemeral-storage' | 'pods' | 'services' | 'loadbalancers' | 'nodeports' | 'claims' | 'storage';
}

export const RESOURCES: Readonly<Record<string, Tracked>> = {
  'cpu': { prop: 'cpu.request', pod: true, measure: 'requests.cpu' },
  'requests.cpu': { prop: 'cpu.request', pod: true, measure: 'requests.cpu' },
  'memory': { prop: 'memory.request', pod: true, measure: 'requests.memory' },
  'requests.memory': { prop: 'memory.request', pod: true, measure: 'requests.memory' },
  'limits.cpu': { prop: 'cpu.limit', pod: true, measure: 'limits.cpu' },
  'limits.memory': { prop: 'memory.limit', pod: true, measure: 'limits.memory' },
  'ephemeral-storage': { prop: 'ephemeralStorage.request', pod: true, measure: 'requests.ephemeral-storage' },
  'requests.ephemeral-storage': { prop: 'ephemeralStorage.request', pod: true, measure: 'requests.ephemeral-storage' },
  'limits.ephemeral-storage': { prop: 'ephemeralStorage.limit', pod: true, measure: 'limits.ephemeral-storage' },
  'pods': { prop: 'pods', pod: true, measure: 'pods' },
  'count/pods': { prop: 'pods', pod: true, measure: 'pods' },
  'services': { prop: 'services', pod: false, measure: 'services' },
  'count/services': { prop: 'services', pod: false, measure: 'services' },
  'services.loadbalancers': { prop: 'loadBalancers', pod: false, measure: 'loadbalancers' },
  'services.nodeports': { prop: 'nodePorts', pod: false, measure: 'nodeports' },
  'persistentvolumeclaims': { prop: 'persistentVolumeClaims', pod: false, measure: 'claims' },
  'count/persistentvolumeclaims': { prop: 'persistentVolumeClaims', pod: false, measure: 'claims' },
  'requests.storage': { prop: 'storage', pod: false, measure: 'storage' },
};

export interface Scope {
  /** True when the quota tracks only some pods (and so no Services or claims). */
  readonly scoped: boolean;
  readonly matches: (pod: PodSpec, bestEffort: boolean) => boolean;
}

/** Which pods a quota counts; undefined for scopes this check does not model. */
export function scopeMatcher(quota: ResourceQuota): Scope | undefined {
  const tests: Array<(pod: PodSpec, bestEffort: boolean) => boolean> = [];
  for (const scope of quota.spec?.scopes ?? []) {
    const t = SCOPES[scope];
    if (!t) return undefined;
    tests.push(t);
  }
  for (const e of quota.spec?.scopeSelector?.matchExpressions ?? []) {
    const t = SCOPES[e.scopeName];
    if (e.scopeName === 'PriorityClass') {
      const values = e.values ?? [];
      const pc = (pod: PodSpec) => pod.priorityClassName ?? '';
      switch (e.operator) {
        case 'In': tests.push((pod) => values.includes(pc(pod))); break;
        case 'NotIn': tests.push((pod) => !values.includes(pc(pod))); break;
        case 'Exists': tests.push((pod) => pc(pod) !== ''); break;
        case 'DoesNotExist': tests.push((pod) => pc(pod) === ''); break;
        default: return undefined;
      }
    } else if (t && (e.operator === 'Exists' || e.operator === undefined)) {
      tests.push(t);
    } else {
      return undefined;
    }
  }
  return { scoped: tests.length > 0, matches: (pod, bestEffort) => tests.every((t) => t(pod, bestEffort)) };
}

const SCOPES: Readonly<Record<string, (pod: PodSpec, bestEffort: boolean) => boolean>> = {
  BestEffort: (_pod, bestEffort) => bestEffort,
  NotBestEffort: (_pod, bestEffort) => !bestEffort,
  Terminating: (pod) => pod.activeDeadlineSeconds !== undefined,
  NotTerminating: (pod) => pod.activeDeadlineSeconds === undefined,
};

// ---------------------------------------------------------------- LimitRanges

export type ResourceMap = Map<string, Quantity>;

export interface ResolvedLimits {
  /** The first LimitRange's container defaults win, as the API server applies them in order. */
  readonly defaultRequest: ResourceMap;
  readonly defaultLimit: ResourceMap;
  /** Every LimitRange's bounds apply. */
  readonly container: ReadonlyArray<{ readonly name: string; readonly min: ResourceMap; readonly max: ResourceMap }>;
  readonly claim: ReadonlyArray<{ readonly name: string; readonly min?: Quantity; readonly max?: Quantity }>;
  /** A container injected into every pod (the mesh's sidecar). */
  readonly injected?: NamespacePolicy['injected'];
}

export function resolveLimitRanges(ranges: readonly LimitRange[]): ResolvedLimits {
  const defaultRequest: ResourceMap = new Map();
  const defaultLimit: ResourceMap = new Map();
  const container: Array<ResolvedLimits['container'][number]> = [];
  const claim: Array<ResolvedLimits['claim'][number]> = [];
  for (const lr of ranges) {
    const name = lr.metadata?.name ?? '';
    for (const item of lr.spec?.limits ?? []) {
      if (item.type === 'Container') {
        const max = quantities(item.max);
        const min = quantities(item.min);
        // The API server's defaulting of a LimitRange: default ← max, defaultRequest ← default ← min.
        const limit = quantities(item.default);
        for (const [r, q] of max) if (!limit.has(r)) limit.set(r, q);
        const request = quantities(item.defaultRequest);
        for (const [r, q] of limit) if (!request.has(r)) request.set(r, q);
        for (const [r, q] of min) if (!request.has(r)) request.set(r, q);
        for (const [r, q] of request) if (!defaultRequest.has(r)) defaultRequest.set(r, q);
        for (const [r, q] of limit) if (!defaultLimit.has(r)) defaultLimit.set(r, q);
        container.push({ name, min, max });
      } else if (item.type === 'PersistentVolumeClaim') {
        claim.push({ name, min: quantityOf(item.min?.storage), max: quantityOf(item.max?.storage) });
      }
    }
  }
  return { defaultRequest, defaultLimit, container, claim };
}
