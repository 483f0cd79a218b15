import { ResourceMap } from './quota-fit-limits';
import { Quantity } from '../values/quantity';

// ---------------------------------------------------------------- helpers

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyObject = Record<string, any>;

export function isObject(o: unknown): o is AnyObject {
  return typeof o === 'object' && o !== null && !Array.isArray(o) && typeof (o as AnyObject).kind === 'string';
}

export function nameOf(o: AnyObject): string {
  return String(o.metadata?.name ?? '');
}

export function quantityOf(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const q = Quantity.parse(String(value));
  return q.isValid ? q : undefined;
}

export function quantities(map: Record<string, unknown> | undefined): ResourceMap {
  const out: ResourceMap = new Map();
  for (const [k, v] of Object.entries(map ?? {})) {
    const q = quantityOf(v);
    if (q) out.set(k, q);
  }
  return out;
}

export function sum(values: readonly Quantity[]): Quantity {
  return values.reduce((a, b) => a.plus(b), Quantity.parse('0'));
}
