import type { ResourceRequirements } from 'kubernetes-types/core/v1';
import { DEFAULTS } from './defaults';
import { ResourcesProps } from './props';
import { checkKnownKeys, checkObject } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { quantity } from '../validation/values';
import { Quantity } from '../values/quantity';

/** Checks the requests and limits and applies the defaults (memory's limit defaults to its request). */
export function resolveResources(problems: Problems, at: string, r: ResourcesProps | undefined): ResourceRequirements {
  if (r !== undefined && checkObject(problems, at, r)) checkKnownKeys(problems, at, r, ['cpu', 'memory']);
  const cpu = pair(problems, path(at, 'cpu'), r?.cpu, DEFAULTS.cpuRequest, 'cpu');
  const memory = pair(problems, path(at, 'memory'), r?.memory, DEFAULTS.memoryRequest, 'memory');
  const requests: Record<string, string> = { cpu: cpu.request, memory: memory.request };
  const limits: Record<string, string> = {};
  if (cpu.limit !== undefined) limits.cpu = cpu.limit;
  if (memory.limit !== undefined) limits.memory = memory.limit;
  return { requests, limits };
}

function pair(
  problems: Problems,
  at: string,
  value: { readonly request?: Quantity | string; readonly limit?: Quantity | string } | undefined,
  defaultRequest: string,
  kind: 'cpu' | 'memory',
): { request: string; limit?: string } {
  if (value !== undefined && checkObject(problems, at, value)) checkKnownKeys(problems, at, value, ['request', 'limit']);
  // Memory's limit defaults to the request: a request without a limit is then the limit too.
  const limitDefaultsToRequest = kind === 'memory';
  const limit = value?.limit !== undefined ? quantity(problems, path(at, 'limit'), value.limit, kind, 'limit') : undefined;
  // A limit alone sets the request too, as Kubernetes does; the default request applies otherwise.
  const requestRole = limitDefaultsToRequest && value?.limit === undefined ? 'limit' : 'amount';
  const request = value?.request !== undefined || value?.limit === undefined
    ? quantity(problems, path(at, 'request'), value?.request ?? defaultRequest, kind, requestRole)
    : limit;
  if (request && limit && request.compare(limit) > 0) {
    problems.conflict(path(at, 'limit'), `${limit} is below the request ${request}; a limit must be at least the request`);
  }
  const requestText = request?.toString() ?? '';
  const limitText = limit?.toString() ?? (limitDefaultsToRequest ? requestText : undefined);
  return { request: requestText, limit: limitText };
}
