import { describe } from '../validation/checks';
import { Problems } from '../validation/problems';
import { ResourceKind, ResourceRole, checkResourceAmount } from '../validation/resources';
import { Quantity } from '../values/quantity';

/**
 * A quantity prop of a resource; zero is allowed where `allowZero` (a quota of nothing is a valid
 * quota). The amount must be one Kubernetes honours as written (see checkResourceAmount).
 */
export function checkQuantity(problems: Problems, at: string, value: unknown, allowZero: boolean, kind: ResourceKind, role: ResourceRole = 'amount'): Quantity | undefined {
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
  return checkResourceAmount(problems, at, q, kind, role) ? q : undefined;
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
