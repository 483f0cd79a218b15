import type { ResourceRequirements } from 'kubernetes-types/core/v1';
import { DEFAULTS } from './defaults';
import { ResourcesProps } from './props';
import { checkKnownKeys, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { ResourceKind } from '../validation/resources';
import { quantity } from '../validation/values';
import { Quantity } from '../values/quantity';

/** A pod's Kubernetes QoS class, as the API server computes it (`status.qosClass`). */
export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** The QoS a workload asks for: `Guaranteed` makes every container's requests equal its limits. */
export type Qos = 'Guaranteed' | 'Burstable';

/** The value of `memory.limit` that leaves the memory limit out on purpose. */
export const NO_LIMIT = 'none';

/** The workload's `qos` prop, checked: `Guaranteed`, or `Burstable` (the default) when absent or invalid (recorded). */
export function resolveQos(problems: Problems, value: unknown): Qos {
  if (value === undefined) return 'Burstable';
  if (value === 'Guaranteed' || value === 'Burstable') return value;
  problems.notSupported('qos', `must be 'Guaranteed' or 'Burstable', got ${describe(value)}${value === 'BestEffort'
    ? ': keelson always sets requests, so the scheduler and the autoscaler have something to reason with' : ''}`);
  return 'Burstable';
}

/**
 * Checks the requests and limits and applies the defaults (memory's limit defaults to its request,
 * unless it is `'none'`). Under `Guaranteed`, CPU's limit defaults to its request too, and each
 * request must equal its limit.
 */
export function resolveResources(problems: Problems, at: string, r: ResourcesProps | undefined, qos: Qos = 'Burstable'): ResourceRequirements {
  if (r !== undefined && checkObject(problems, at, r)) checkKnownKeys(problems, at, r, ['cpu', 'memory', 'ephemeralStorage']);
  const guaranteed = qos === 'Guaranteed';
  const cpu = pair(problems, path(at, 'cpu'), r?.cpu, { defaultRequest: DEFAULTS.cpuRequest, kind: 'cpu', limitFollowsRequest: guaranteed, guaranteed });
  const memory = pair(problems, path(at, 'memory'), r?.memory, { defaultRequest: DEFAULTS.memoryRequest, kind: 'memory', limitFollowsRequest: true, guaranteed });
  const storage = pair(problems, path(at, 'ephemeralStorage'), r?.ephemeralStorage, { kind: 'storage', limitFollowsRequest: false, guaranteed: false });
  const requests: Record<string, string> = { cpu: cpu.request ?? '', memory: memory.request ?? '' };
  if (storage.request !== undefined) requests['ephemeral-storage'] = storage.request;
  const limits: Record<string, string> = {};
  if (cpu.limit !== undefined) limits.cpu = cpu.limit;
  if (memory.limit !== undefined) limits.memory = memory.limit;
  if (storage.limit !== undefined) limits['ephemeral-storage'] = storage.limit;
  // No empty `limits: {}` (memory limit 'none', no CPU limit): the API server would drop it, and the YAML should not show it.
  return Object.keys(limits).length ? { requests, limits } : { requests };
}

interface PairOptions {
  /** The request when neither is given; none: neither is emitted. */
  readonly defaultRequest?: string;
  readonly kind: ResourceKind;
  /** The limit is the request when no limit is given. */
  readonly limitFollowsRequest: boolean;
  /** The request must equal the limit (`qos: 'Guaranteed'`). */
  readonly guaranteed: boolean;
}

type PairProps = { readonly request?: Quantity | string; readonly limit?: Quantity | string } | undefined;

function pair(problems: Problems, at: string, value: PairProps, o: PairOptions): { request?: string; limit?: string } {
  if (value !== undefined && checkObject(problems, at, value)) checkKnownKeys(problems, at, value, ['request', 'limit']);
  const noLimit = value?.limit === NO_LIMIT;
  if (value?.limit === NO_LIMIT && o.kind !== 'memory') {
    problems.notSupported(path(at, 'limit'), `'none' is only for memory: ${o.kind === 'cpu' ? 'CPU has no limit unless one is given' : 'there is no limit unless one is given'}`);
    return {};
  }
  if (noLimit && o.guaranteed) {
    problems.conflict(path(at, 'limit'), "'none' cannot be combined with qos: 'Guaranteed', which needs a memory limit equal to the request");
  }
  const limit = value?.limit !== undefined && !noLimit ? quantity(problems, path(at, 'limit'), value.limit, o.kind, 'limit') : undefined;
  // A limit alone sets the request too, as Kubernetes does; the default request applies otherwise.
  const givenLimit = value?.limit !== undefined && !noLimit;
  const requestIsLimit = o.limitFollowsRequest && !givenLimit && !noLimit;
  const requestValue = value?.request ?? (givenLimit ? undefined : o.defaultRequest);
  const request = requestValue !== undefined
    ? quantity(problems, path(at, 'request'), requestValue, o.kind, requestIsLimit ? 'limit' : 'amount')
    : limit;
  if (request && limit && request.compare(limit) > 0) {
    problems.conflict(path(at, 'limit'), `${limit} is below the request ${request}; a limit must be at least the request`);
  } else if (o.guaranteed && request && limit && request.compare(limit) !== 0) {
    problems.conflict(path(at, 'limit'), `${limit} is above the request ${request}: qos 'Guaranteed' needs every request equal to its limit; set both to one value`);
  }
  const requestText = request?.toString();
  const limitText = limit?.toString() ?? (requestIsLimit ? requestText : undefined);
  return { request: requestText, limit: limitText };
}

/**
 * The QoS class Kubernetes gives a pod with these containers' resources (init containers
 * included): Guaranteed when every container has CPU and memory limits and its requests (where
 * given) equal them; BestEffort when none has any request or limit; Burstable otherwise.
 */
export function qosClass(containers: ReadonlyArray<ResourceRequirements | undefined>): QosClass {
  let any = false;
  let guaranteed = true;
  for (const r of containers) {
    const requests = r?.requests ?? {};
    const limits = r?.limits ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const name of ['cpu', 'memory']) {
      const limit = limits[name];
      const request = requests[name] ?? limit;
      if (limit === undefined || Quantity.of(String(request)).compare(Quantity.of(String(limit))) !== 0) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
