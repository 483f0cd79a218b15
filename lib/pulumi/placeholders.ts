import * as pulumi from '@pulumi/pulumi';
import { CanaryRouting } from '../core/canary-release/routing';
import { Subject } from '../core/secure-namespace/rbac';
import { ConfigReference, EnvFrom, EnvValue } from '../core/values/env';
import { NetworkEgress, NetworkPeer } from '../core/values/network-peer';
import { ProjectedSource, Volume } from '../core/values/volume';

/**
 * What a Pulumi input stands for, which decides the placeholder the core checks until it is known:
 * `name` for names, label values and host names (a DNS label fits them all), `image` for an image
 * (a digest-pinned reference), `text` for free text (env and annotation values), `cidr` for an
 * address range (a canonical IPv6 CIDR), `className` for a class with a domain prefix
 * (`<domain>/<name>`: a load balancer class).
 */
export type InputKind = 'name' | 'image' | 'text' | 'cidr' | 'className';

/** A real Pulumi input: an `Output`, or a promise (anything else is a plain value the core checks). */
export function isInput(value: unknown): value is pulumi.Output<unknown> | PromiseLike<unknown> {
  if (pulumi.Output.isInstance(value)) return true;
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** A keelson value class (their constructors are private: only `instanceof` is needed). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ValueType = { readonly prototype: object } & Function;

/** keelson's value types whose fields may hold inputs: copied with their prototype, so the core still recognises them. */
const VALUE_TYPES: readonly ValueType[] = [
  EnvValue, EnvFrom, ConfigReference, NetworkPeer, NetworkEgress, Subject, CanaryRouting, Volume, ProjectedSource,
];

function isContainer(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || VALUE_TYPES.some((t) => value instanceof t);
}

/**
 * A copy of `value` with `leaf` applied to every value that is not a plain object, an array or a
 * keelson value type. Parts with nothing changed keep their identity (and a circular reference
 * stays as it is, for the core to report), so args without inputs reach the core untouched.
 */
export function mapLeaves(
  value: unknown,
  leaf: (v: unknown, at: readonly string[]) => unknown, at: readonly string[] = [], seen = new Set<object>(),
): unknown {
  if (!isContainer(value)) return leaf(value, at);
  if (seen.has(value)) return value;
  seen.add(value);
  const source = value as Record<string, unknown>;
  // `new Array(length)` keeps the holes of a sparse array for the core to see.
  const copy: Record<string, unknown> = Array.isArray(value) ? (new Array(value.length) as never) : Object.create(Object.getPrototypeOf(value));
  let changed = false;
  // A keelson value's `given` is what its factory received, kept for the core's option checks
  // (values/given.ts): an input there is the same input as in the value's own fields, which are
  // mapped; the check walks past inputs, so `given` is kept as it is.
  const proto = Object.getPrototypeOf(value) as object | null;
  const keelsonValue = !Array.isArray(value) && proto !== Object.prototype && proto !== null;
  for (const key of Object.keys(source)) {
    if (keelsonValue && key === 'given') {
      copy[key] = source[key];
      continue;
    }
    const mapped = mapLeaves(source[key], leaf, [...at, key], seen);
    changed ||= mapped !== source[key];
    copy[key] = mapped;
  }
  seen.delete(value);
  return changed ? copy : value;
}

interface Placeholder {
  readonly n: number;
  readonly kind: InputKind;
  /** 0: the placeholders the objects are built with; 1: the second set, to compare with. */
  readonly set: 0 | 1;
}

/** Values derived from inputs (not the inputs themselves), by path in the manifest, and the build they come from once known. */
export interface Derived {
  readonly paths: ReadonlySet<string>;
  readonly from: pulumi.Output<unknown>;
}

const key = (at: readonly string[]) => at.join('\u0000');

/**
 * The placeholders of one component's inputs, in two sets: the objects are built with the first;
 * a second build with the second tells where an input lands verbatim (whole, or inside a longer
 * string: a namespace in a service's FQDN) from values derived from one.
 */
export class Placeholders {
  private readonly byText = new Map<string, Placeholder>();

  /** The placeholder of input `n` of this kind, in a set. */
  public of(n: number, kind: InputKind, set: 0 | 1): string {
    const name = `keelson-input-${n}-${set ? 'stand-in' : 'deferred'}`;
    // A CIDR: a /96 of the unique local range fd00::/8 ("keelson" in hex), per set and input, in canonical form.
    const text = kind === 'image' ? `deferred.keelson.invalid/${name}@sha256:${String(set).repeat(64)}`
      : kind === 'cidr' ? `fd6b:6565:6c73:6f6e:${(set + 1).toString(16)}:${(n + 1).toString(16)}::/96`
        : kind === 'className' ? `deferred.keelson.invalid/${name}` : name;
    this.byText.set(text, { n, kind, set });
    return text;
  }

  /** True when `text` holds a placeholder of either set. */
  public in(text: string): boolean {
    return this.pattern(0)?.test(text) === true || this.pattern(1)?.test(text) === true;
  }

  /** The args with the second set of placeholders. */
  public alternate<T>(props: T): T {
    return mapLeaves(props, (v) => (typeof v === 'string' ? this.swap(v, 0, (p) => this.of(p.n, p.kind, 1)) : v)) as T;
  }

  /** The args with the real values (anything: an Output typed `any` may resolve to garbage, which the core reports). */
  public substitute<T>(props: T, values: readonly unknown[]): T {
    return mapLeaves(props, (v) => {
      const p = typeof v === 'string' ? this.byText.get(v) : undefined;
      return p?.set === 0 ? values[p.n] : v;
    }) as T;
  }

  /**
   * Paths (in `a`, built with the first set) of values derived from an input: those that differ in
   * `b` (built with the second) other than by the placeholders, and the pull policy of a container
   * whose image is an input. Throws if the two differ in shape: an input then decides the shape
   * of the objects, and a slot that allows that is a bug in keelson.
   */
  public derivedPaths(a: unknown, b: unknown): Set<string> {
    const out = new Set<string>();
    const walk = (x: unknown, y: unknown, at: readonly string[]): void => {
      if (typeof x === 'string' && typeof y === 'string') {
        if (x !== y && this.swap(x, 0, (p) => this.of(p.n, p.kind, 1)) !== y) out.add(key(at));
        return;
      }
      const shape = (v: unknown) => (Array.isArray(v) ? `array ${v.length}` : typeof v === 'object' && v !== null ? `object ${Object.keys(v).sort().join()}` : typeof v);
      if (shape(x) !== shape(y)) throw new Error(`keelson: the shape of ${at.join('.')} depends on a deferred Pulumi input`);
      if (typeof x !== 'object' || x === null) {
        if (x !== y) out.add(key(at));
        return;
      }
      for (const k of Object.keys(x)) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], [...at, k]);
      const image = (x as { image?: unknown }).image;
      if (typeof image === 'string' && this.byText.get(image)?.kind === 'image' && 'imagePullPolicy' in x) out.add(key([...at, 'imagePullPolicy']));
    };
    walk(a, b, []);
    return out;
  }

  /**
   * A copy of `value` (built with the first set) with each placeholder replaced by its input's
   * checked output (inside a longer string: a concatenation), and each derived value by the same
   * value from the build with the real args.
   */
  public restore<T>(value: T, checked: ReadonlyArray<pulumi.Output<unknown>>, derived?: Derived): T {
    const walk = (v: unknown, at: readonly string[]): unknown => {
      if (derived?.paths.has(key(at))) return derived.from.apply((m) => at.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], m));
      if (typeof v === 'string') return this.restoreText(v, checked);
      if (Array.isArray(v)) return v.map((x, i) => walk(x, [...at, String(i)]));
      if (typeof v !== 'object' || v === null) return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...at, k])]));
    };
    return walk(value, []) as T;
  }

  private restoreText(s: string, checked: ReadonlyArray<pulumi.Output<unknown>>): unknown {
    const whole = this.byText.get(s);
    if (whole) return checked[whole.n];
    const re = this.pattern(0);
    if (!re || !re.test(s)) return s;
    const parts: Array<pulumi.Input<unknown>> = [];
    let last = 0;
    for (const m of s.matchAll(this.pattern(0)!)) {
      parts.push(s.slice(last, m.index), checked[this.byText.get(m[0])!.n]);
      last = m.index! + m[0].length;
    }
    parts.push(s.slice(last));
    return pulumi.concat(...parts);
  }

  /** `s` with each placeholder of set `set` replaced. */
  private swap(s: string, set: 0 | 1, by: (p: Placeholder) => string): string {
    const re = this.pattern(set);
    return re ? s.replace(re, (m) => by(this.byText.get(m)!)) : s;
  }

  /** The placeholders of a set, longest first (one that contains another is matched whole). */
  private pattern(set: 0 | 1): RegExp | undefined {
    const all = [...this.byText].filter(([, p]) => p.set === set).map(([t]) => t).sort((a, b) => b.length - a.length);
    return all.length ? new RegExp(all.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : undefined;
  }
}
