import * as pulumi from '@pulumi/pulumi';
import { InputKind, Placeholders, isInput, mapLeaves } from './placeholders';
import { path } from '../core/validation/path';
import { KeelsonValidationError, ValidationProblem } from '../core/validation/problems';
import { NetworkPeer } from '../core/values/network-peer';

export { isInput, mapLeaves } from './placeholders';
export type { InputKind } from './placeholders';

/** A place in a construct's args that accepts a Pulumi input: a path (`*`: any key or index) and its kind. */
export interface InputSlot {
  readonly path: readonly string[];
  readonly kind: InputKind;
}

/** A slot from a dotted path (`containers.*.image`), or from segments when a key has dots. */
export function slot(at: string | readonly string[], kind: InputKind = 'name'): InputSlot {
  return { path: typeof at === 'string' ? at.split('.') : at, kind };
}

/** One deferred input: its index, and the placeholders that stand for it. */
interface Entry {
  readonly input: unknown;
  readonly n: number;
}

/** What `seal` gives a component: the gate its children wait for, and the restore of its objects. */
export interface SealedInputs {
  /** A copy of the manifest the first build gave, with the inputs put back (see `Placeholders.restore`). */
  restoreManifest<T>(manifest: T): T;
  /** A copy of a value from the args, with the inputs put back. */
  restore<T>(value: T): T;
  /** The dependsOn of a child: its dependencies, after every input is known and accepted. */
  dependsOn(resources: readonly pulumi.Resource[]): pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/**
 * The Pulumi inputs of one component's args. Only real inputs (Outputs and promises) are
 * deferred, and only at the component's slots: everything else reaches the core as it is and is
 * checked synchronously, exactly as on cdk8s. While the core builds the objects, a deferred input
 * is a placeholder of its kind; the core builds twice, with two sets of placeholders, which tells
 * where an input lands verbatim and which values are derived from one (a config hash of a
 * ConfigMap's name). Once every input is known, the core checks the real args again (every
 * problem, once, in one error), the derived values come from that build, and the children, which
 * all wait for it, are registered only then.
 */
export class PulumiInputs {
  private readonly entries: Entry[] = [];
  private readonly byInput = new Map<unknown, Entry>();
  private readonly placeholders = new Placeholders();
  private readonly misplaced: ValidationProblem[] = [];
  private derived = new Set<string>();

  constructor(private readonly constructType: string, private readonly construct: string, private readonly slots: readonly InputSlot[]) {}

  /** `args` with every input at a slot replaced by its placeholder; an input anywhere else is reported. */
  public defer<T>(args: T): T {
    return mapLeaves(args, (v, at) => {
      if (!isInput(v)) return v;
      const s = this.slots.find((x) => x.path.length === at.length && x.path.every((p, i) => p === '*' || p === at[i]));
      if (s) return this.placeholders.of(this.entry(v).n, s.kind, 0);
      this.misplaced.push({
        construct: this.construct,
        path: formatPath(at),
        message: 'a Pulumi Output or promise is not accepted here: this value decides the shape of the objects, so it must be known when the program runs',
        type: 'notSupported',
      });
      // Kept, so the core's verdict on the rest is cdk8s's for the same value; its problem here is replaced.
      return v;
    }) as T;
  }

  /**
   * Builds with the core; throws one KeelsonValidationError with the core's problems and the
   * misplaced inputs (in place of the core's problems at and under their paths).
   */
  public build<P, M>(props: P, build: (props: P) => M): M {
    let manifest: M | undefined;
    let found: readonly ValidationProblem[] = [];
    let type = this.constructType;
    try {
      manifest = build(props);
    } catch (e) {
      if (!(e instanceof KeelsonValidationError)) throw e;
      found = e.problems;
      type = e.constructType;
    }
    if (this.misplaced.length === 0 && manifest !== undefined) {
      if (this.entries.length) this.derived = this.placeholders.derivedPaths(manifest, build(this.placeholders.alternate(props)));
      return manifest;
    }
    const under = (p: string, m: string) => p === m || p.startsWith(`${m}.`) || p.startsWith(`${m}[`);
    throw new KeelsonValidationError(type, [...this.misplaced, ...found.filter((p) => !this.misplaced.some((m) => under(p.path, m.path)))]);
  }

  /** True when `value` (e.g. a StatefulSet's immutable fields) holds a placeholder. */
  public holdsPlaceholder(value: unknown): boolean {
    return this.placeholders.in(JSON.stringify(value) ?? '');
  }

  /**
   * After the core accepted the args with placeholders: the check of the real args once known
   * (`check` builds `props` with the real values and throws the library's error), the gate every
   * child waits for, and the restore of the objects. Nothing asynchronous starts before this, so
   * args the core refuses leave nothing behind.
   */
  public seal<P, M>(props: P, check: (real: P) => M): SealedInputs {
    if (this.entries.length === 0) return { restoreManifest: (v) => v, restore: (v) => v, dependsOn: (r) => [...r] };
    const rebuilt = pulumi.all(this.entries.map((e) => e.input as pulumi.Input<unknown>)).apply((values) => {
      try {
        return check(this.placeholders.substitute(props, values));
      } catch (e) {
        throw keepMessage(e);
      }
    });
    // The gate resolves to nothing, so it carries no secret: each input keeps its own secrecy.
    const gate = pulumi.unsecret(rebuilt).apply(() => undefined);
    const checked = this.entries.map((e) => pulumi.all([gate, pulumi.output(e.input)]).apply(([, v]) => v));
    return {
      restoreManifest: (v) => this.placeholders.restore(v, checked, { paths: this.derived, from: rebuilt }),
      restore: (v) => this.placeholders.restore(v, checked),
      dependsOn: (r) => gate.apply(() => [...r]),
    };
  }

  private entry(input: unknown): Entry {
    let entry = this.byInput.get(input);
    if (!entry) {
      entry = { input, n: this.entries.length };
      this.entries.push(entry);
      this.byInput.set(input, entry);
    }
    return entry;
  }
}

/**
 * The library's error as it is: Pulumi prefixes the message of an error that fails a resource's
 * inputs (`error serializing property "spec": ...`) in place, once for every resource that shares
 * it, and reports the error object once. Its message stays the list of problems.
 */
function keepMessage(e: unknown): unknown {
  if (e instanceof KeelsonValidationError) {
    const message = e.message;
    Object.defineProperty(e, 'message', { get: () => message, set: () => undefined, configurable: true, enumerable: false });
  }
  return e;
}

/** `containers[0].env.DB` from `['containers', '0', 'env', 'DB']`, formatted as the core's paths. */
function formatPath(at: readonly string[]): string {
  return path(...at.map((k) => (/^(0|[1-9]\d*)$/.test(k) ? Number(k) : k)));
}

/** A keelson app component (anything with a `networkPeer`) as a peer; other values unchanged. */
export function toNetworkPeer(peer: unknown): NetworkPeer {
  const own = (peer as { networkPeer?: unknown } | null)?.networkPeer;
  return (own instanceof NetworkPeer ? own : peer) as NetworkPeer;
}
