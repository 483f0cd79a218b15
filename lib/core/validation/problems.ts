import { FieldPath } from './path';

/**
 * What kind of problem a property has, in the spirit of Kubernetes' `field.ErrorType`:
 * - `required`: missing;
 * - `invalid`: present but malformed or out of range;
 * - `unknown`: not a property of the props (a typo, from JavaScript or YAML);
 * - `duplicate`: a name, port, host or path given twice;
 * - `notSupported`: a value or option this construct or routing does not offer;
 * - `conflict`: valid on its own, but not together with another setting (or the namespace's
 *   quota, or what is already deployed).
 */
export type ProblemType = 'required' | 'invalid' | 'unknown' | 'duplicate' | 'notSupported' | 'conflict';

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
  /** The kind of problem. */
  readonly type: ProblemType;
}

/**
 * The one error keelson throws for bad input. It lists every problem found, so a user fixes
 * them all in one round instead of one per synth.
 *
 * The list is in the message once: `problems` and `constructType` are not enumerable, so Node's
 * and Pulumi's printers (which inspect an error's own enumerable properties besides its stack)
 * do not print it a second time.
 */
export class KeelsonValidationError extends Error {
  /** Every problem found, in the order the props were checked. */
  declare public readonly problems: readonly ValidationProblem[];
  /** The construct type, e.g. `StatelessApp`. */
  declare public readonly constructType: string;

  constructor(constructType: string, problems: readonly ValidationProblem[]) {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`);
    const noun = problems.length === 1 ? 'problem' : 'problems';
    const construct = problems[0]?.construct;
    super(`${constructType} ${JSON.stringify(construct)}: ${problems.length} ${noun} in its props:\n${lines.join('\n')}`);
    Object.setPrototypeOf(this, KeelsonValidationError.prototype);
    Object.defineProperties(this, {
      name: { value: 'KeelsonValidationError', enumerable: false, writable: true, configurable: true },
      problems: { value: Object.freeze([...problems]), enumerable: false },
      constructType: { value: constructType, enumerable: false },
    });
  }
}

/** `web: containers[0].image: "nginx" has no tag; pin a tag or digest` */
export function formatProblem(p: Pick<ValidationProblem, 'construct' | 'path' | 'message'>): string {
  return p.path ? `${p.construct}: ${p.path}: ${p.message}` : `${p.construct}: ${p.message}`;
}

/** Where a problem is: a formatted path (`containers[0].image`) or a structured one. */
export type At = string | FieldPath;

/**
 * Collects problems while props are resolved. Checks never throw: they record and go on, and
 * the caller throws once, with everything, before any object is built.
 */
export class Problems {
  private found: ValidationProblem[] = [];
  /** Where a view records a problem reported at a path (none: where it was reported). */
  private where?: (at: string) => string;

  /**
   * @param constructType the construct type every problem names, e.g. `StatelessApp`
   * @param construct the construct's name every problem names, e.g. `web`
   */
  constructor(
    /** The construct type every problem names, e.g. `StatelessApp`. */
    public readonly constructType: string,
    /** The construct's name every problem names, e.g. `web`. */
    public readonly construct: string,
  ) {}

  /**
   * The same collector, recording each problem at the path `to` gives: for props resolved from a
   * merge, where the user wrote the value (a CanaryRelease track's `image` for the container's).
   */
  public rewritten(to: (at: string) => string): Problems {
    const view = new Problems(this.constructType, this.construct);
    view.found = this.found;
    const outer = this.where;
    view.where = outer ? (at) => outer(to(at)) : to;
    return view;
  }

  /** Records a problem of the given type at a property path. */
  public report(type: ProblemType, at: At, message: string): void {
    const formatted = String(at);
    this.found.push({ construct: this.construct, path: this.where ? this.where(formatted) : formatted, message, type });
  }

  /** A property that must be set is missing. */
  public required(at: At, message: string): void {
    this.report('required', at, message);
  }

  /** A value is malformed or out of range. */
  public invalid(at: At, message: string): void {
    this.report('invalid', at, message);
  }

  /** A property the props do not have. */
  public unknown(at: At, message: string): void {
    this.report('unknown', at, message);
  }

  /** A value given twice where each must be unique. */
  public duplicate(at: At, message: string): void {
    this.report('duplicate', at, message);
  }

  /** A value or option that is not offered here. */
  public notSupported(at: At, message: string): void {
    this.report('notSupported', at, message);
  }

  /** A value that cannot go together with another setting. */
  public conflict(at: At, message: string): void {
    this.report('conflict', at, message);
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

  /**
   * The end of a resolver: throws the library's error if anything was recorded, or gives the
   * parts, every one of them there (a part resolver returns nothing only with a problem recorded).
   */
  public complete<T extends Record<string, unknown>>(parts: T): { [K in keyof T]: NonNullable<T[K]> } {
    this.throwIfAny();
    for (const [key, value] of Object.entries(parts)) {
      // Nothing without a problem is a bug in keelson, not bad input: say so rather than emit less.
      if (value === undefined || value === null) throw new Error(`keelson: ${this.constructType} ${key} was not resolved, and no problem says why`);
    }
    return parts as { [K in keyof T]: NonNullable<T[K]> };
  }
}
