import { isRecord } from '../validation/checks';
import type { KubernetesObjectKind } from '../validation/suggest';

/**
 * What a value type's factory received from its caller (`Port.http(8080, { servicPort: 80 })`, the
 * labels of `NetworkPeer.pods(...)`), kept for the construct that uses the value: factories never
 * throw, so a typo, an unknown key, options that are not an object, a hole in a list or a circular
 * structure are reported by the construct, with its name and the property path, among all its
 * other problems (validation/shape.ts).
 */
export interface GivenOptions {
  /** Where the options sit in the value, relative to it (`''` for the options argument itself). */
  readonly at: string;
  /** What was passed (anything, from JavaScript). */
  readonly value: unknown;
  /**
   * The keys the factory takes, when `value` is an options argument.
   * @default none: `value` is another argument (a list, a map, a wrapped value), walked but not key-checked
   */
  readonly keys?: readonly string[];
  /**
   * The Kubernetes objects these options stand for, for hints on fields keelson has no option for.
   * @default none
   */
  readonly mirrors?: readonly KubernetesObjectKind[];
}

/** The options argument of a factory, as given. */
export function given(value: unknown, keys: readonly string[], mirrors?: readonly KubernetesObjectKind[]): GivenOptions {
  return { at: '', value, keys, ...(mirrors ? { mirrors } : {}) };
}

/** Another argument of a factory (a list, a map, a value it wraps), at its path in the value. */
export function held(at: string, value: unknown): GivenOptions {
  return { at, value };
}

/**
 * The options as a record to read defaults from: a plain object as it is, anything else (null, a
 * Map, a string, from JavaScript) as none, which the construct then reports.
 */
export function optionsOf<T extends object>(value: T | undefined | null): Partial<T> {
  return isRecord(value) ? (value as Partial<T>) : {};
}

/**
 * A copy of a map argument (labels), so later changes to the caller's object do not reach the
 * value; anything else (null, a Map, a string, from JavaScript) is kept as it is for the construct
 * to report, rather than silently becoming an empty map, which would select everything.
 */
export function copyRecord<T>(value: Readonly<Record<string, T>>): Record<string, T> {
  return isRecord(value) ? { ...value } : (value as Record<string, T>);
}
