import { App, Chart, Yaml } from 'cdk8s';
import type { IConstruct } from 'constructs';

/**
 * Synthesises a cdk8s app to one multi-document YAML string: the same string as
 * `app.synthYaml()`, byte for byte, in a fraction of the time on large apps.
 *
 * cdk8s renders every object with the general-purpose `yaml` library, which builds a document
 * tree per object and then prints it; on apps with thousands of objects that is most of the
 * synthesis time. This function takes the same objects (`chart.toJson()` of every chart, in
 * `app.charts` order, so dependencies, validation, JSON patches and resolvers apply as usual) and
 * prints them with {@link stringifyYaml}.
 *
 * ```ts nocheck
 * import { App } from 'cdk8s';
 * import { synthYaml } from 'keelson/cdk8s';
 * fs.writeFileSync('dist/app.k8s.yaml', synthYaml(app)); // instead of app.synthYaml()
 * ```
 */
export function synthYaml(app: App): string {
  const first = firstChart(app);
  // An app without charts: nothing to print, but let cdk8s run its validation as it would.
  if (first === undefined) return app.synthYaml();
  // Any chart's toJson() resolves the app's dependencies and validates it, as synthYaml() does
  // first; only then is `app.charts` in its final (dependency) order.
  const firstDocs = first.toJson();
  const docs: unknown[] = [];
  for (const chart of app.charts) docs.push(...Object.values(chart === first ? firstDocs : chart.toJson()));
  return stringifyYaml(...docs);
}

/**
 * The same string as cdk8s's `Yaml.stringify(...docs)` (YAML 1.1 schema, no line folding,
 * documents joined by `---`), printed directly for the JSON shapes Kubernetes objects have: plain
 * objects and arrays, strings, integers and booleans. Strings are written plain or quoted exactly as
 * the `yaml` library decides (it is asked once per distinct string that could need quoting); a
 * document with anything else (null, fractions, multi-line strings, shared or cyclic references,
 * class instances...) is printed by cdk8s's `Yaml.stringify` itself.
 */
export function stringifyYaml(...docs: unknown[]): string {
  const printer = new Printer();
  const out: string[] = [];
  for (const doc of docs) {
    if (doc === undefined) {
      out.push('\n');
      continue;
    }
    const fast = printer.document(doc);
    out.push(fast ?? Yaml.stringify(doc));
  }
  return out.join('---\n');
}

function firstChart(app: App): Chart | undefined {
  const visit = (c: IConstruct): Chart | undefined => {
    for (const child of c.node.children) {
      if (Chart.isChart(child)) return child;
      const found = visit(child);
      if (found) return found;
    }
    return undefined;
  };
  return visit(app);
}

/**
 * Strings that print plain (unquoted) in the YAML 1.1 schema without asking the library: they
 * start with a letter or '/', contain no space or indicator that matters after the first
 * character (`: `, ` #`), do not end with ':', and are none of YAML 1.1's booleans or nulls, nor
 * an exponent alone (`E0`, `e-5`: the library's float pattern has an optional mantissa). Other
 * numbers and timestamps start with a digit, a sign or a dot.
 */
const SAFE_PLAIN = /^[A-Za-z/][A-Za-z0-9._/:@-]*$/;
const YAML11_WORDS = /^(?:[YyNn]|[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL|[eE]-?[0-9]+)$/;

/** The indentation of each depth, shared by every call. */
const INDENTS: string[] = [''];
function indentOf(depth: number): string {
  while (INDENTS.length <= depth) INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
  return INDENTS[depth];
}

/**
 * A block printer. It appends to `parts`, joined once per document: a flat string, where
 * concatenating piece by piece would keep a rope of thousands of nodes per document alive until
 * the final join. Any method returning false means "not a shape this printer knows".
 */
class Printer {
  /** Rendering of each string the fast check could not settle; undefined = not single-line. */
  private readonly scalars = new Map<string, string | undefined>();
  /** Objects already printed in the current document (the library would alias a repeated one). */
  private seen = new Set<object>();
  private parts: string[] = [];

  public document(doc: unknown): string | undefined {
    if (!isPlainObject(doc) || Object.keys(doc).length === 0) return undefined;
    this.seen = new Set();
    this.parts = [];
    if (!this.map(doc, 0)) return undefined;
    this.parts.push('\n');
    return this.parts.join('');
  }

  /** A non-empty map whose first line starts where the output is; later lines indented to `depth`. */
  private map(obj: Record<string, unknown>, depth: number): boolean {
    if (this.seen.has(obj)) return false;
    this.seen.add(obj);
    const indent = indentOf(depth);
    let first = true;
    for (const key of Object.keys(obj)) {
      const k = this.string(key);
      if (k === undefined || k.length > 1024) return false;
      this.parts.push(first ? `${k}:` : `\n${indent}${k}:`);
      first = false;
      if (!this.pairValue(obj[key], depth)) return false;
    }
    return true;
  }

  /** What follows `key:`: a space and an inline value, or a nested block on the next lines. */
  private pairValue(value: unknown, depth: number): boolean {
    if (typeof value === 'object' && value !== null) {
      const child = depth + 1;
      if (Array.isArray(value)) {
        if (value.length === 0) return this.parts.push(' []') > 0;
        this.parts.push(`\n${indentOf(child)}`);
        return this.seq(value, child);
      }
      if (!isPlainObject(value)) return false;
      if (Object.keys(value).length === 0) return this.parts.push(' {}') > 0;
      this.parts.push(`\n${indentOf(child)}`);
      return this.map(value, child);
    }
    const scalar = this.scalar(value);
    return scalar !== undefined && this.parts.push(` ${scalar}`) > 0;
  }

  /** A non-empty sequence whose first `- ` starts where the output is; later items at `depth`. */
  private seq(items: unknown[], depth: number): boolean {
    if (this.seen.has(items)) return false;
    this.seen.add(items);
    const indent = indentOf(depth);
    for (let i = 0; i < items.length; i++) {
      // `[, 1]`: a hole; the library prints it as null.
      if (!(i in items)) return false;
      this.parts.push(i === 0 ? '- ' : `\n${indent}- `);
      if (!this.seqItem(items[i], depth)) return false;
    }
    return true;
  }

  private seqItem(value: unknown, depth: number): boolean {
    if (typeof value === 'object' && value !== null) {
      if (Array.isArray(value)) return value.length === 0 ? this.parts.push('[]') > 0 : this.seq(value, depth + 1);
      if (!isPlainObject(value)) return false;
      return Object.keys(value).length === 0 ? this.parts.push('{}') > 0 : this.map(value, depth + 1);
    }
    const scalar = this.scalar(value);
    return scalar !== undefined && this.parts.push(scalar) > 0;
  }

  private scalar(value: unknown): string | undefined {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'number':
        // Integers print as JSON does; -0, fractions, NaN and infinities go to the library.
        return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : undefined;
      default:
        return undefined;
    }
  }

  /** A string as the library prints it (plain or quoted), if that fits on one line. */
  private string(value: string): string | undefined {
    if (SAFE_PLAIN.test(value) && !value.endsWith(':') && !YAML11_WORDS.test(value)) return value;
    if (this.scalars.has(value)) return this.scalars.get(value);
    let rendered: string | undefined = undefined;
    if (!/[\n\r]/.test(value)) {
      // A single-line scalar prints the same as a document, as a mapping key and as a value
      // (cdk8s sets lineWidth 0, so nothing is folded); anything else is left to the library.
      const text = Yaml.stringify(value);
      if (text.indexOf('\n') === text.length - 1) rendered = text.slice(0, -1);
    }
    this.scalars.set(value, rendered);
    return rendered;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
