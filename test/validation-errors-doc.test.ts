import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * docs/validation-errors.md lists every validation message the library can produce. This test
 * keeps it honest: it reads every place lib/core (and its folders) records a problem, takes the message's
 * literal text, and checks that the document contains it.
 *
 * Where messages are recorded:
 * - `problems.<type>(path, message)` (the Problems collector's typed recorders: required, invalid,
 *   unknown, duplicate, notSupported, conflict) and `problems.report(type, path, message)`;
 * - in quota-fit.ts, which builds its error itself: `problem(path, message)` and
 *   `add({ ..., message })`.
 *
 * What is checked of a message:
 * - a string literal: its whole text;
 * - a template literal: its longest static chunk (the text between `${...}` parts, trimmed) of at
 *   least MIN_CHUNK characters;
 * - a conditional (`a ? 'x' : 'y'`): each branch;
 * - a parameter of the enclosing function (a message passed in, e.g. intOrPercent's `zeroMessage`
 *   or checkPattern's `explain`): each string literal that a call of that function in lib/core
 *   passes for it.
 * Anything else (a variable, a property such as `p.message`) is skipped and counted; the count
 * must stay small. Whitespace runs count as one space on both sides (a message may wrap in prose).
 */

const ROOT = path.resolve(__dirname, '..');
const CORE = path.join(ROOT, 'lib', 'core');
const DOC = path.join(ROOT, 'docs', 'validation-errors.md');

/** A static chunk shorter than this says too little to look for. */
const MIN_CHUNK = 12;
/** Messages whose text cannot be resolved (each is listed when the bound is exceeded). */
const MAX_SKIPPED = 10;

interface SourceText {
  readonly fileName: string;
  readonly text: string;
}

/** One recorded message: where, and the text the document must contain. */
interface Message {
  readonly where: string;
  readonly chunk: string;
}

/** A message whose text could not be resolved to a chunk, with why. */
interface Skipped {
  readonly where: string;
  readonly why: string;
}

interface Extraction {
  /** problem-recording calls seen (a guard against the parser silently finding nothing). */
  readonly problemsAddCalls: number;
  readonly messages: readonly Message[];
  readonly skipped: readonly Skipped[];
}

/** A message as parts: literal text, or a hole where a value is interpolated. */
type Part = string | null;

const HOLE: Part = null;

/** The Problems methods that record a problem of their type: `problems.<type>(at, message)`. */
const RECORDERS = ['required', 'invalid', 'unknown', 'duplicate', 'notSupported', 'conflict'];

/** The argument that carries the message, for a call that records a problem; undefined otherwise. */
function messageArgument(call: ts.CallExpression): { arg: ts.Expression; isProblemsAdd: boolean } | undefined {
  const callee = call.expression;
  // problems.invalid(at, message), problems.required(at, message), ... and problems.report(type, at, message)
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'problems') {
    if (RECORDERS.includes(callee.name.text) && call.arguments.length >= 2) return { arg: call.arguments[1], isProblemsAdd: true };
    if (callee.name.text === 'report' && call.arguments.length >= 3) return { arg: call.arguments[2], isProblemsAdd: true };
  }
  // quota-fit.ts: problem(at, message)
  if (ts.isIdentifier(callee) && callee.text === 'problem' && call.arguments.length >= 2) {
    return { arg: call.arguments[1], isProblemsAdd: false };
  }
  // quota-fit.ts: add({ constructType, construct, path, message })
  if (ts.isIdentifier(callee) && callee.text === 'add' && call.arguments.length === 1 && ts.isObjectLiteralExpression(call.arguments[0])) {
    const prop = call.arguments[0].properties.find((p): p is ts.PropertyAssignment =>
      ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'message');
    if (prop) return { arg: prop.initializer, isProblemsAdd: false };
  }
  return undefined;
}

/** The function a node is in, with its name (for finding its calls) and parameter names. */
function enclosingFunction(node: ts.Node): { name?: string; params: string[] } | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) {
      const params = n.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
      let name: string | undefined;
      if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name && ts.isIdentifier(n.name)) name = n.name.text;
      else if (ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) name = n.parent.name.text;
      return { name, params };
    }
  }
  return undefined;
}

/** String literals passed at `index` in calls of the function `name`, across the sources. */
function literalArguments(sources: readonly ts.SourceFile[], name: string, index: number): string[] | undefined {
  const out: string[] = [];
  let unresolved = false;
  for (const source of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) {
        const arg = node.arguments[index];
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) out.push(arg.text);
        else unresolved = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out.length > 0 && !unresolved ? out : undefined;
}

/**
 * The variants of a message expression as parts, or a reason it cannot be resolved. A template's
 * spans are holes; only when that leaves no chunk long enough are its `${param}` and
 * `${a ? 'x' : 'y'}` spans resolved (checkPattern's `${JSON.stringify(value)} ${explain}`).
 */
function variants(expr: ts.Expression, sources: readonly ts.SourceFile[], resolveSpans = false): Part[][] | string {
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [[expr.text]];
  if (ts.isConditionalExpression(expr)) {
    const a = variants(expr.whenTrue, sources);
    const b = variants(expr.whenFalse, sources);
    if (typeof a === 'string') return a;
    if (typeof b === 'string') return b;
    return [...a, ...b];
  }
  if (ts.isIdentifier(expr)) {
    const fn = enclosingFunction(expr);
    const index = fn?.params.indexOf(expr.text) ?? -1;
    if (!fn?.name || index < 0) return `\`${expr.text}\` is not a parameter of a named function`;
    const passed = literalArguments(sources, fn.name, index);
    if (!passed) return `not every call of ${fn.name}() passes a string literal for \`${expr.text}\``;
    return passed.map((text) => [text]);
  }
  if (ts.isTemplateExpression(expr)) {
    if (!resolveSpans) {
      const plain = [[expr.head.text, ...expr.templateSpans.flatMap((span) => [HOLE, span.literal.text])]];
      if (longestChunk(plain[0]) !== undefined) return plain;
      return variants(expr, sources, true);
    }
    let out: Part[][] = [[expr.head.text]];
    for (const span of expr.templateSpans) {
      const e = span.expression;
      const inner = ts.isIdentifier(e) || ts.isConditionalExpression(e) ? variants(e, sources) : undefined;
      const fill: Part[][] = inner === undefined || typeof inner === 'string' ? [[HOLE]] : inner;
      out = out.flatMap((prefix) => fill.map((f) => [...prefix, ...f, span.literal.text]));
    }
    return out;
  }
  return `a ${ts.SyntaxKind[expr.kind]} message`;
}

/** The longest static run of a variant, trimmed, if it is long enough to look for. */
function longestChunk(parts: readonly Part[]): string | undefined {
  const runs: string[] = [];
  let run = '';
  for (const p of parts) {
    if (p === HOLE) {
      runs.push(run);
      run = '';
    } else {
      run += p;
    }
  }
  runs.push(run);
  const best = runs.map((r) => r.trim()).reduce((a, b) => (b.length > a.length ? b : a), '');
  return best.length >= MIN_CHUNK ? best : undefined;
}

/** Every recorded message of the given sources. */
export function extractMessages(files: readonly SourceText[]): Extraction {
  const sources = files.map((f) => ts.createSourceFile(f.fileName, f.text, ts.ScriptTarget.ES2022, true));
  const messages: Message[] = [];
  const skipped: Skipped[] = [];
  let problemsAddCalls = 0;
  for (const source of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const found = messageArgument(node);
        if (found) {
          if (found.isProblemsAdd) problemsAddCalls++;
          const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
          const where = `${path.basename(source.fileName)}:${line}`;
          const resolved = variants(found.arg, sources);
          if (typeof resolved === 'string') {
            skipped.push({ where, why: `${resolved}: ${found.arg.getText(source).slice(0, 80)}` });
          } else {
            for (const parts of resolved) {
              const chunk = longestChunk(parts);
              if (chunk === undefined) skipped.push({ where, why: `no static text of ${MIN_CHUNK}+ characters: ${found.arg.getText(source).slice(0, 80)}` });
              else messages.push({ where, chunk });
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { problemsAddCalls, messages, skipped };
}

/** Whitespace runs as one space. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** The messages whose chunk the document does not contain. */
export function undocumented(doc: string, messages: readonly Message[]): Message[] {
  const text = normalise(doc);
  return messages.filter((m) => !text.includes(normalise(m.chunk)));
}

/** Every .ts file under lib/core, folders included. */
function coreSources(dir = CORE): SourceText[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return coreSources(file);
    return e.name.endsWith('.ts') ? [{ fileName: file, text: fs.readFileSync(file, 'utf8') }] : [];
  });
}

describe('docs/validation-errors.md', () => {
  const extraction = extractMessages(coreSources());
  const doc = fs.readFileSync(DOC, 'utf8');

  test('the checker finds the problem-recording calls of lib/core', () => {
    // About 210 when this test was written; far fewer means the parser lost track of them.
    expect(extraction.problemsAddCalls).toBeGreaterThanOrEqual(150);
    expect(extraction.messages.length).toBeGreaterThanOrEqual(extraction.problemsAddCalls - MAX_SKIPPED);
  });

  test(`few messages are skipped as unresolvable (at most ${MAX_SKIPPED})`, () => {
    if (extraction.skipped.length > MAX_SKIPPED) {
      throw new Error(`${extraction.skipped.length} messages cannot be checked:\n${extraction.skipped.map((s) => `  ${s.where}: ${s.why}`).join('\n')}`);
    }
  });

  test('documents every message verbatim', () => {
    const missing = undocumented(doc, extraction.messages);
    if (missing.length > 0) {
      throw new Error(`docs/validation-errors.md lacks ${missing.length} message(s):\n${missing.map((m) => `  ${m.where}: ${JSON.stringify(m.chunk)}`).join('\n')}`);
    }
  });
});

describe('the checker itself', () => {
  const source = (text: string): SourceText[] => [{ fileName: 'synthetic.ts', text }];

  test('catches a message the document lacks: a string literal, a template chunk, a conditional branch', () => {
    const { messages, skipped, problemsAddCalls } = extractMessages(source(`
      function check(problems: Problems, value: string) {
        problems.required('size', 'is required, e.g. "10Gi"');
        problems.invalid('name', \`\${JSON.stringify(value)} is a name nobody documented\`);
        problems.report('notSupported', 'mode', value ? 'must be quiet' : 'must be loud, and this one is undocumented');
      }
    `));
    expect(problemsAddCalls).toBe(3);
    expect(skipped).toEqual([]);
    expect(messages.map((m) => m.chunk)).toEqual([
      'is required, e.g. "10Gi"',
      'is a name nobody documented',
      'must be quiet',
      'must be loud, and this one is undocumented',
    ]);
    const doc = 'Path `size`: `is required, e.g. "10Gi"`. Path `mode`: `must be quiet`.';
    expect(undocumented(doc, messages).map((m) => m.where)).toEqual(['synthetic.ts:4', 'synthetic.ts:5']);
  });

  test('resolves a message passed in as a parameter from the literals its callers pass', () => {
    const { messages, skipped } = extractMessages(source(`
      function zeroCheck(problems: Problems, at: string, value: number, zeroMessage: string) {
        if (value === 0) problems.invalid(at, zeroMessage);
      }
      function pattern(problems: Problems, at: string, value: string, explain: string) {
        problems.invalid(at, \`\${JSON.stringify(value)} \${explain}\`);
      }
      zeroCheck(p, 'maxSurge', 0, '0 would stall every rollout');
      pattern(p, 'name', 'X', 'is not a valid name: use lowercase');
    `));
    expect(skipped).toEqual([]);
    expect(messages.map((m) => m.chunk)).toEqual(['0 would stall every rollout', 'is not a valid name: use lowercase']);
  });

  test('counts what it cannot resolve instead of passing it silently', () => {
    const { messages, skipped } = extractMessages(source(`
      function remap(problems: Problems, found: Problem[]) {
        for (const p of found) problems.report(p.type, p.path, p.message);
        problems.conflict('x', \`\${a}: \${b}\`);
      }
    `));
    expect(messages).toEqual([]);
    expect(skipped.map((s) => s.where)).toEqual(['synthetic.ts:3', 'synthetic.ts:4']);
  });

  test('reads quota-fit style recorders: problem(at, message) and add({ message })', () => {
    const { messages, problemsAddCalls } = extractMessages(source(`
      problem(at, \`\${request} is below the min per container of \${lr}\`);
      add({ constructType: t, construct: n, path: 'namespace', message: 'is not set, so it goes elsewhere' });
      seen.add(key);
    `));
    expect(problemsAddCalls).toBe(0);
    expect(messages.map((m) => m.chunk)).toEqual(['is below the min per container of', 'is not set, so it goes elsewhere']);
  });
});
