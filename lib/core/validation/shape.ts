import { checkKnownKeys, describe, isRecord } from './checks';
import { path } from './path';
import { Problems } from './problems';
import type { GivenOptions } from '../values/given';

/** Deeper than this, props are not data a user wrote (and a recursive check could overflow the stack). */
const MAX_DEPTH = 64;
/** Values visited at most per props (shared sub-objects are visited once per place they appear). */
const MAX_VISITS = 100_000;

/** What the walk found that later checks must not meet. */
export interface ShapeResult {
  /** A circular structure: checks that copy, compare or serialise props would never end. */
  readonly circular: boolean;
}

/**
 * Checks the shape of props as a whole, before any prop is read: JavaScript and configuration
 * files can hand over structures that per-prop checks would not see or would trip over.
 *
 * - a hole in a sparse array (`[a, , b]`): every array method the checks use skips it, so it would
 *   silently vanish from the output;
 * - a circular structure: reported at the property that refers back, with where it points to;
 * - nesting deeper than any props (64 levels);
 * - the options of every keelson value (`Port.http(8080, { servicPort: 80 })`, `Probe.http(p,
 *   { periodSeconds: 5 })`, ...) wherever the value appears: options that are not an object, and
 *   unknown keys with what they probably meant. Factories never throw; their options are checked
 *   here, with the construct's name and the property path.
 *
 * Records, arrays and keelson values (objects with a `given` list, see values/given.ts) are walked;
 * other values are left to the per-prop checks.
 */
export function checkShape(problems: Problems, at: string, value: unknown): ShapeResult {
  const walk = new ShapeWalk(problems);
  walk.visit(at, value, 0);
  return { circular: walk.circular };
}

class ShapeWalk {
  public circular = false;
  private visits = 0;
  /** The objects on the path from the props to the value being visited, with their paths. */
  private readonly ancestors = new Map<object, string>();

  constructor(private readonly problems: Problems) {}

  public visit(at: string, value: unknown, depth: number): void {
    if (typeof value !== 'object' || value === null || ++this.visits > MAX_VISITS) return;
    const given = givenOf(value);
    if (!Array.isArray(value) && !isRecord(value) && given === undefined) return;
    const back = this.ancestors.get(value);
    if (back !== undefined) {
      this.circular = true;
      this.problems.invalid(at, `refers back to ${back === '' ? 'the props themselves' : back}: a circular structure cannot be rendered`);
      return;
    }
    if (depth >= MAX_DEPTH) {
      this.problems.invalid(at, `is nested more than ${MAX_DEPTH} levels deep: props are never this deep`);
      return;
    }
    this.ancestors.set(value, at);
    if (given !== undefined) this.visitValue(at, given, depth);
    else if (Array.isArray(value)) this.visitArray(at, value, depth);
    else for (const [k, v] of Object.entries(value)) this.visit(path(at, k), v, depth + 1);
    this.ancestors.delete(value);
  }

  private visitArray(at: string, list: readonly unknown[], depth: number): void {
    for (let i = 0; i < list.length; i++) {
      if (!(i in list)) this.problems.invalid(path(at, i), 'is a hole in a sparse array: give a value or remove the slot');
      else this.visit(path(at, i), list[i], depth + 1);
    }
  }

  /** A keelson value: its options checked against the factory's keys, and everything it holds walked. */
  private visitValue(at: string, given: readonly GivenOptions[], depth: number): void {
    for (const g of given) {
      const gat = path(at, g.at);
      if (g.keys !== undefined && g.value !== undefined) {
        if (!isRecord(g.value)) {
          this.problems.invalid(gat, `${g.at === '' ? 'the options ' : ''}must be an object, got ${describe(g.value)}`);
          continue;
        }
        checkKnownKeys(this.problems, gat, g.value, g.keys, g.mirrors ?? [], 'option');
      }
      this.visit(gat, g.value, depth + 1);
    }
  }
}

/** The `given` list of a keelson value; undefined for anything else. */
function givenOf(value: object): readonly GivenOptions[] | undefined {
  if (isRecord(value) || Array.isArray(value)) return undefined;
  const given = (value as { given?: unknown }).given;
  return Array.isArray(given) ? (given as GivenOptions[]) : undefined;
}
