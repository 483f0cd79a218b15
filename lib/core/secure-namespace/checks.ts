import { describe } from '../validation/checks';
import { Problems } from '../validation/problems';
import { Quantity } from '../values/quantity';

/** A quantity prop; zero is allowed where `allowZero` (a quota of nothing is a valid quota). */
export function checkQuantity(problems: Problems, at: string, value: unknown, allowZero: boolean): Quantity | undefined {
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
  return q;
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
