/**
 * Property paths, in the spirit of Kubernetes' `field.Path`: built from a root by `child(name)`,
 * `index(i)` and `key(k)`, formatted as users read them in messages: `containers[0].image`,
 * `env["MY-VAR"]`.
 */

/** One step of a property path. */
export type PathSegment =
  | {
    /** A property: formatted `.name`. */
    readonly kind: 'child';
    /** The property's name. */
    readonly name: string;
  }
  | {
    /** An array item: formatted `[index]`. */
    readonly kind: 'index';
    /** The item's position, from 0. */
    readonly index: number;
  }
  | {
    /** A map entry: formatted `["key"]`. */
    readonly kind: 'key';
    /** The entry's key. */
    readonly key: string;
  };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const FORMATTED = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[[^\]]*\])*$/;

/**
 * `FORMATTED.test(part)`, remembered: paths are built for every checked property whether or not it
 * has a problem, from a small set of property names. Bounded (short parts only, cleared when full).
 */
const SEGMENTS = new Map<string, boolean>();
function isPathSegment(part: string): boolean {
  let ok = SEGMENTS.get(part);
  if (ok === undefined) {
    ok = FORMATTED.test(part);
    if (part.length > 128) return ok;
    if (SEGMENTS.size >= 4096) SEGMENTS.clear();
    SEGMENTS.set(part, ok);
  }
  return ok;
}

/**
 * Joins a property path: `path('containers', 0, 'image')` is `containers[0].image`, and a key
 * that is not an identifier is quoted: `path('env', 'MY-VAR')` is `env["MY-VAR"]`. A part that is
 * already a formatted path (`containers[0]`) is appended as it is.
 */
export function path(...parts: ReadonlyArray<string | number | FieldPath>): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (part instanceof FieldPath) out = joinFormatted(out, part.toString());
    else if (part === '') continue;
    else if (isPathSegment(part)) out = joinFormatted(out, part);
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function joinFormatted(out: string, part: string): string {
  if (!part) return out;
  if (!out) return part;
  return part.startsWith('[') ? out + part : `${out}.${part}`;
}

/** A structured property path; `toString()` gives the form used in messages. */
export class FieldPath {
  /** The empty path: the props themselves. */
  public static root(): FieldPath {
    return new FieldPath([]);
  }

  /** Parses a formatted path (`containers[0].env["MY-VAR"]`) back into its segments. */
  public static parse(formatted: string): FieldPath {
    const segments: PathSegment[] = [];
    const re = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\[([^\]]*)\]/gy;
    let m: RegExpExecArray | null;
    let last = 0;
    while (last < formatted.length && (m = re.exec(formatted)) !== null) {
      if (m[1] !== undefined) segments.push({ kind: 'child', name: m[1] });
      else if (m[2] !== undefined) segments.push({ kind: 'index', index: Number(m[2]) });
      else if (m[3] !== undefined) segments.push({ kind: 'key', key: JSON.parse(m[3]) as string });
      else segments.push({ kind: 'key', key: m[4] });
      last = re.lastIndex;
    }
    if (last < formatted.length) segments.push({ kind: 'key', key: formatted.slice(last) });
    return new FieldPath(segments);
  }

  private constructor(
    /** The steps from the props to the property. */
    public readonly segments: readonly PathSegment[],
  ) {}

  /** A named property of this one. */
  public child(name: string): FieldPath {
    return new FieldPath([...this.segments, { kind: 'child', name }]);
  }

  /** An element of this list. */
  public index(index: number): FieldPath {
    return new FieldPath([...this.segments, { kind: 'index', index }]);
  }

  /** An entry of this map (env variables, labels), quoted in messages when not an identifier. */
  public key(key: string): FieldPath {
    return new FieldPath([...this.segments, { kind: 'key', key }]);
  }

  /** `containers[0].image`, `env["MY-VAR"]`, or '' for the root. */
  public toString(): string {
    let out = '';
    for (const s of this.segments) {
      if (s.kind === 'index') {out += `[${s.index}]`;} else {
        const name = s.kind === 'child' ? s.name : s.key;
        if (IDENTIFIER.test(name)) out += out ? `.${name}` : name;
        else out += `[${JSON.stringify(name)}]`;
      }
    }
    return out;
  }
}
