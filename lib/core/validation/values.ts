import { checkInteger, checkLabelValue, checkObject, checkQualifiedName, checkString, describe } from './checks';
import { path } from './path';
import { Problems } from './problems';
import { ResourceKind, ResourceRole, checkResourceAmount } from './resources';
import { Duration } from '../values/duration';
import { Quantity } from '../values/quantity';

/**
 * Parses a quantity prop of a resource; records a problem and returns undefined when invalid, not
 * positive, or not an amount Kubernetes honours as written (see checkResourceAmount).
 */
export function quantity(problems: Problems, at: string, value: unknown, kind: ResourceKind, role: ResourceRole = 'amount'): Quantity | undefined {
  if (!(value instanceof Quantity) && typeof value !== 'string') {
    problems.invalid(at, `must be a Quantity or a string like "250m" or "256Mi", got ${describe(value)}`);
    return undefined;
  }
  const q = Quantity.of(value);
  if (!q.isValid) {
    problems.invalid(at, `${JSON.stringify(String(value))} is not a Kubernetes quantity (e.g. "250m", "1.5", "256Mi", "1Gi")`);
    return undefined;
  }
  if (!q.isPositive) {
    problems.invalid(at, `${JSON.stringify(String(value))} must be greater than zero`);
    return undefined;
  }
  return checkResourceAmount(problems, at, q, kind, role) ? q : undefined;
}

/** A map of label/annotation keys to string values; returns a copy (empty when undefined or invalid). */
export function checkStringMap(problems: Problems, at: string, value: unknown, labelValues: boolean): Record<string, string> {
  if (value === undefined) return {};
  if (!checkObject(problems, at, value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    const kat = path(at, k);
    checkQualifiedName(problems, kat, k);
    if (labelValues) {
      if (checkLabelValue(problems, kat, v)) out[k] = v as string;
    } else if (checkString(problems, kat, v)) {
      out[k] = v;
    }
  }
  return out;
}

export function checkStringList(problems: Problems, at: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) {
    problems.invalid(at, `must be a list of strings, got ${describe(value)}`);
    return undefined;
  }
  return value;
}

/** The largest value of a 32-bit Kubernetes field (`periodSeconds`, `minReadySeconds`, ...). */
const MAX_INT32 = 2_147_483_647;

/** A Duration prop that Kubernetes takes in whole seconds ≥ 0; returns the default when unset. */
export function wholeSeconds(problems: Problems, at: string, value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  if (!(value instanceof Duration)) {
    problems.invalid(at, `must be a Duration (e.g. Duration.seconds(30)), got ${describe(value)}`);
    return undefined;
  }
  if (!value.isValid) {
    problems.invalid(at, Number.isFinite(value.toMillis()) ? `${value.toMillis()}ms must be a duration of zero or more` : 'must be a finite duration of zero or more, made from a number');
    return undefined;
  }
  if (!value.isWholeSeconds) {
    problems.invalid(at, `${value} is not a whole number of seconds, which is what Kubernetes accepts here`);
    return undefined;
  }
  if (value.toSeconds() > MAX_INT32) {
    problems.invalid(at, `${value} is longer than Kubernetes' 32-bit seconds fields hold (${MAX_INT32}s, about 68 years)`);
    return undefined;
  }
  return value.toSeconds();
}

/**
 * A count ≥ 1 or a percentage string `"1%"`..`"100%"`; `zeroMessage` explains why 0 is refused.
 * Undefined when invalid (recorded).
 */
export function intOrPercent(problems: Problems, at: string, value: unknown, zeroMessage: string): number | string | undefined {
  if (typeof value === 'string') {
    const m = /^(\d{1,3})%$/.exec(value);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 100) {
      problems.invalid(at, `${JSON.stringify(value)} must be a whole percentage between "1%" and "100%"`);
      return undefined;
    }
    return value;
  }
  if (value === 0) {
    problems.invalid(at, zeroMessage);
    return undefined;
  }
  return checkInteger(problems, at, value, 1, 10000) ? value : undefined;
}
