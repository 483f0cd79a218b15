/**
 * Reading and comparing immutable fields: what keelson.lock.json records of an object (a
 * snapshot), and which changes between two snapshots the API server of a given minor would refuse.
 */
import { GUARDED_KINDS, IMMUTABLE_FIELDS, rulesOf } from './fields';
import { FieldCondition, FieldRule, kindKey } from './rules';
import { KUBERNETES_VERSIONS, KubernetesVersion } from './versions';
import { Quantity } from '../values/quantity';

/** The recorded values of an object's immutable fields, by field path; absent fields are left out. */
export type ImmutableSnapshot = Readonly<Record<string, unknown>>;

/** A change the API server would refuse. */
export interface ImmutableChange {
  /** The field, as in the rules (`spec.volumeClaimTemplates`). */
  readonly path: string;
  /** The rule the change breaks: what the API server does with the field on update. */
  readonly rule: FieldRule;
  /** The recorded value (undefined: absent). */
  readonly before: unknown;
  /** The new value (undefined: absent). */
  readonly after: unknown;
}

/**
 * The paths a snapshot of a kind holds: every field immutable or grow-only in some supported
 * minor, and the fields their conditions read. The same for every minor, so changing the stated
 * version never needs a new recording.
 */
function recordedPaths(kind: string): string[] {
  const paths = new Set<string>();
  for (const version of KUBERNETES_VERSIONS) {
    for (const rule of rulesOf(kind, version)?.fields ?? []) {
      if (rule.change !== 'immutable' && rule.change !== 'growOnly') continue;
      paths.add(rule.path);
      for (const c of [...(rule.exceptWhenEither ?? []), ...(rule.onlyWhenBoth ?? [])]) paths.add(c.path);
    }
  }
  return [...paths].sort();
}

const PATHS = new Map<string, string[]>();

/** The snapshot of an object keelson.lock.json records (paths sorted), or undefined for a kind it does not guard. */
export function immutableSnapshot(obj: { readonly apiVersion?: string; readonly kind?: string }): ImmutableSnapshot | undefined {
  const kind = kindKey(obj.apiVersion, obj.kind);
  if (!GUARDED_KINDS.has(kind)) return undefined;
  let paths = PATHS.get(kind);
  if (!paths) PATHS.set(kind, (paths = recordedPaths(kind)));
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const value = canonical(valueAt(obj, p));
    if (value !== undefined) out[p] = value;
  }
  return out;
}

/**
 * The changes from `before` to `after` (snapshots of one object) that the API server of `version`
 * refuses, in rule order.
 */
export function immutableChanges(kind: string, before: ImmutableSnapshot, after: ImmutableSnapshot, version: KubernetesVersion): ImmutableChange[] {
  const rules = IMMUTABLE_FIELDS[version].find((k) => k.kind === kind)?.fields ?? [];
  return rules
    .filter((rule) => refuses(rule, before, after))
    .map((rule) => ({ rule, path: rule.path, before: before[rule.path], after: after[rule.path] }));
}

/**
 * The snapshot to keep after an accepted update: the new one, except that a server-allocated value
 * the new manifest leaves out stays what it was (the API server keeps it).
 */
export function nextSnapshot(kind: string, before: ImmutableSnapshot, after: ImmutableSnapshot): ImmutableSnapshot {
  let kept = KEPT.get(kind);
  if (!kept) KEPT.set(kind, (kept = [...new Set(KUBERNETES_VERSIONS.flatMap((v) => (rulesOf(kind, v)?.fields ?? []).filter((r) => r.omitted === 'keepsLive').map((r) => r.path)))]));
  const out: Record<string, unknown> = { ...after };
  for (const p of kept) if (after[p] === undefined && before[p] !== undefined) out[p] = before[p];
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

/** The server-allocated fields of each kind (kept when a manifest leaves them out). */
const KEPT = new Map<string, string[]>();

/** Whether the API server refuses this rule's field going from `before` to `after`. */
function refuses(rule: FieldRule, before: ImmutableSnapshot, after: ImmutableSnapshot): boolean {
  if (rule.change === 'mutable' || rule.change === 'dropped') return false;
  const holds = (c: FieldCondition, s: ImmutableSnapshot) => s[c.path] === c.equals;
  if (rule.onlyWhenBoth && !rule.onlyWhenBoth.every((c) => holds(c, before) && holds(c, after))) return false;
  if (rule.exceptWhenEither?.some((c) => holds(c, before) || holds(c, after))) return false;
  let b = before[rule.path];
  let a = after[rule.path];
  if (a === undefined && rule.omitted === 'keepsLive') return false;
  if (typeof rule.omitted === 'object') {
    b ??= rule.omitted.default;
    a ??= rule.omitted.default;
  }
  if (rule.change === 'growOnly') return shrinks(b, a);
  if (rule.unordered && Array.isArray(a) && Array.isArray(b)) return JSON.stringify([...b].sort()) !== JSON.stringify([...a].sort());
  return JSON.stringify(b ?? null) !== JSON.stringify(a ?? null);
}

/** A quantity going down (an unparsable or missing one counts as a change when the text differs). */
function shrinks(before: unknown, after: unknown): boolean {
  if (typeof before !== 'string' || typeof after !== 'string') return JSON.stringify(before ?? null) !== JSON.stringify(after ?? null);
  const b = Quantity.parse(before);
  const a = Quantity.parse(after);
  if (!a.isValid || !b.isValid) return before !== after;
  return a.compare(b) < 0;
}

/** The value at a dotted path with `[n]` indexes, or undefined. */
export function valueAt(obj: unknown, path: string): unknown {
  let steps = STEPS.get(path);
  if (!steps) STEPS.set(path, (steps = stepsOf(path)));
  let cur: unknown = obj;
  for (const step of steps) {
    cur = typeof step === 'number' ? (Array.isArray(cur) ? cur[step] : undefined) : (cur as Record<string, unknown> | undefined)?.[step];
    if (cur === undefined || cur === null) return undefined;
  }
  return cur;
}

/** Parsed paths: keys and indexes (`spec.ipFamilies[0]` is `['spec', 'ipFamilies', 0]`); a malformed part never matches. */
const STEPS = new Map<string, ReadonlyArray<string | number>>();
function stepsOf(path: string): ReadonlyArray<string | number> {
  const steps: Array<string | number> = [];
  for (const part of path.split('.')) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [NaN];
    steps.push(m[1], ...(m[2].match(/\d+/g) ?? []).map(Number));
  }
  return steps;
}

/**
 * A value as the API server compares it: absent, null, empty lists and empty maps are all
 * "absent" (apimachinery's semantic equality), at every depth; map keys sorted (their order
 * means nothing), list order kept.
 */
export function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v) ?? null);
    return items.length ? items : undefined;
  }
  if (typeof value === 'object') {
    const entries = Object.keys(value).sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}
