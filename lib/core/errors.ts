/**
 * One problem found in a construct's props: where it is and what is wrong with it.
 */
export interface ValidationProblem {
  /** The construct's name, e.g. `web`. */
  readonly construct: string;
  /** The property path inside the props, e.g. `containers[0].image`. */
  readonly path: string;
  /** What is wrong and, where it helps, what to do instead. */
  readonly message: string;
}

/**
 * The one error keelson throws for bad input. It lists every problem found, so a user fixes
 * them all in one round instead of one per synth.
 */
export class KeelsonValidationError extends Error {
  /** Every problem found, in the order the props were checked. */
  public readonly problems: readonly ValidationProblem[];
  /** The construct type, e.g. `StatelessApp`. */
  public readonly constructType: string;

  constructor(constructType: string, problems: readonly ValidationProblem[]) {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`);
    const noun = problems.length === 1 ? 'problem' : 'problems';
    const construct = problems[0]?.construct;
    super(`${constructType} ${JSON.stringify(construct)}: ${problems.length} ${noun} in its props:\n${lines.join('\n')}`);
    this.name = 'KeelsonValidationError';
    this.constructType = constructType;
    this.problems = problems;
    Object.setPrototypeOf(this, KeelsonValidationError.prototype);
  }
}

/** `web: containers[0].image: "nginx" has no tag; pin a tag or digest` */
export function formatProblem(p: ValidationProblem): string {
  return p.path ? `${p.construct}: ${p.path}: ${p.message}` : `${p.construct}: ${p.message}`;
}

/**
 * Collects problems while props are checked. Checks never throw: they record and go on, and
 * the caller throws once, with everything, before any object is built.
 */
export class Problems {
  private readonly found: ValidationProblem[] = [];

  constructor(public readonly constructType: string, public readonly construct: string) {}

  /** Records a problem at a property path. */
  public add(path: string, message: string): void {
    this.found.push({ construct: this.construct, path, message });
  }

  /** The problems recorded so far. */
  public list(): readonly ValidationProblem[] {
    return this.found;
  }

  /** Number of problems recorded so far. */
  public get count(): number {
    return this.found.length;
  }

  /** Throws the library's error if anything was recorded. */
  public throwIfAny(): void {
    if (this.found.length > 0) {
      throw new KeelsonValidationError(this.constructType, this.found);
    }
  }
}

const PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[[^\]]*\])*$/;

/**
 * `PATH.test(part)`, remembered: paths are built for every checked property whether or not it has
 * a problem, from a small set of property names. Bounded (short parts only, cleared when full).
 */
const SEGMENTS = new Map<string, boolean>();
function isPathSegment(part: string): boolean {
  let ok = SEGMENTS.get(part);
  if (ok === undefined) {
    ok = PATH.test(part);
    if (part.length > 128) return ok;
    if (SEGMENTS.size >= 4096) SEGMENTS.clear();
    SEGMENTS.set(part, ok);
  }
  return ok;
}

/**
 * Joins a property path: `path('containers', 0, 'image')` is `containers[0].image`, and a key
 * that is not an identifier is quoted: `path('env', 'MY-VAR')` is `env["MY-VAR"]`.
 */
export function path(...parts: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (part === '') continue;
    else if (isPathSegment(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
