import { Problems } from './problems';
import { Quantity } from '../values/quantity';

/** What a quantity measures: CPU, memory, or storage (claims, the storage quota). */
export type ResourceKind = 'cpu' | 'memory' | 'storage';

/**
 * How the amount is used: an `amount` (a request, a quota, a lower bound) or a `limit` a container
 * runs under (its limit, a LimitRange default limit or max, a VPA's maximum, the mesh sidecar's limit).
 */
export type ResourceRole = 'amount' | 'limit';

const MILLICORE = Quantity.parse('1m');
const BYTE = Quantity.parse('1');
/** Kubernetes counts CPU in int64 millicores and bytes in int64 bytes. */
const MAX: Record<ResourceKind, Quantity> = {
  cpu: Quantity.parse('9223372036854775807m'),
  memory: Quantity.parse('9223372036854775807'),
  storage: Quantity.parse('9223372036854775807'),
};
/** Below this memory limit the runtime's own init process is OOM-killed before the app starts. */
export const MIN_MEMORY_LIMIT = Quantity.mebibytes(6);
/** The smallest CPU limit the kubelet enforces: a CFS quota of 1ms per 100ms period. */
export const MIN_CPU_LIMIT = Quantity.millicores(10);

/**
 * Checks that a valid, non-negative quantity is one Kubernetes honours as written for the resource
 * (records a problem and returns false otherwise):
 * - CPU in whole millicores: the kubelet and the scheduler round anything finer up to a millicore;
 * - memory and storage in whole bytes: the API server warns that a fractional byte value is
 *   invalid (`128m` is 0.128 bytes, not 128 megabytes);
 * - at most what Kubernetes counts in a 64-bit integer (millicores, bytes);
 * - a limit of at least 6Mi of memory (less and the container is OOM-killed while it starts) and
 *   10m of CPU (the kubelet would silently raise a smaller one to that).
 */
export function checkResourceAmount(problems: Problems, at: string, q: Quantity, kind: ResourceKind, role: ResourceRole = 'amount'): boolean {
  const text = JSON.stringify(q.toString());
  if (kind === 'cpu' && !q.isMultipleOf(MILLICORE)) {
    problems.invalid(at, `${text} is not a whole number of millicores: Kubernetes counts CPU in millicores and would round it up to ${Math.ceil(q.toNumber() * 1000)}m`);
    return false;
  }
  if (kind !== 'cpu' && !q.isMultipleOf(BYTE)) {
    const hint = /\dm$/.test(q.toString()) ? ` ("m" means thousandths: write "${q.toString().slice(0, -1)}Mi" for mebibytes)` : '';
    problems.invalid(at, `${text} is not a whole number of bytes${hint}: the API server warns that a fractional byte value is invalid`);
    return false;
  }
  if (q.compare(MAX[kind]) > 0) {
    problems.invalid(at, `${text} is more than Kubernetes can count: ${kind === 'cpu' ? 'CPU is counted in 64-bit millicores' : 'bytes are counted in a 64-bit integer'} (at most ${MAX[kind]})`);
    return false;
  }
  if (role === 'limit' && kind === 'memory' && q.isPositive && q.compare(MIN_MEMORY_LIMIT) < 0) {
    problems.invalid(at, `${text} is below ${MIN_MEMORY_LIMIT}: a container limited to less memory is OOM-killed while the runtime is still starting it`);
    return false;
  }
  if (role === 'limit' && kind === 'cpu' && q.isPositive && q.compare(MIN_CPU_LIMIT) < 0) {
    problems.invalid(at, `${text} is below ${MIN_CPU_LIMIT}, the smallest CPU limit the kubelet enforces (1ms of CPU time per 100ms period): it would silently become ${MIN_CPU_LIMIT}`);
    return false;
  }
  return true;
}
