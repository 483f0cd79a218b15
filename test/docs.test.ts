import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { DEFAULTS } from '../lib/core/workload/defaults';

/**
 * The docs must agree with the code: docs/defaults.md covers every default, every TypeScript
 * snippet in README.md and docs/*.md compiles against the library, and the README opens with
 * the commands a newcomer runs.
 */

const ROOT = path.resolve(__dirname, '..');
const README = path.join(ROOT, 'README.md');
const DEFAULTS_DOC = path.join(ROOT, 'docs', 'defaults.md');

/** One fenced code block of a Markdown file. */
interface CodeBlock {
  /** Path relative to the repository root, for messages. */
  readonly file: string;
  /** 1-based line of the block's first content line. */
  readonly firstLine: number;
  /** The info string after the opening fence, e.g. `ts nocheck`. */
  readonly info: string;
  readonly code: string;
}

function markdownFiles(): string[] {
  const docsDir = path.join(ROOT, 'docs');
  const docs = fs.existsSync(docsDir)
    ? fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(docsDir, f))
    : [];
  return [README, ...docs];
}

/** Every fenced (```) code block of a Markdown file, with where it starts. */
function codeBlocks(file: string): CodeBlock[] {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let open: { fence: string; info: string; start: number; body: string[] } | undefined;
  lines.forEach((line, i) => {
    if (open === undefined) {
      const m = /^\s*(`{3,})\s*([^`]*)$/.exec(line);
      if (m) open = { fence: m[1], info: m[2].trim(), start: i + 2, body: [] };
      return;
    }
    if (line.trim().startsWith(open.fence) && line.trim().replace(/`/g, '') === '') {
      blocks.push({ file: path.relative(ROOT, file), firstLine: open.start, info: open.info, code: open.body.join('\n') });
      open = undefined;
      return;
    }
    open.body.push(line);
  });
  if (open !== undefined) throw new Error(`${path.relative(ROOT, file)}:${open.start - 1}: code block is never closed`);
  return blocks;
}

function isTypeScript(block: CodeBlock): boolean {
  const words = block.info.split(/\s+/);
  return words[0] === 'ts' || words[0] === 'typescript';
}

function isNoCheck(block: CodeBlock): boolean {
  return block.info.split(/\s+/).includes('nocheck');
}

/** A default's value as the docs write it: strings as they are, arrays joined with ", ". */
function asDocumented(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

describe('README.md', () => {
  test('opens with the install-and-synth and install-and-test commands', () => {
    const lines = fs.readFileSync(README, 'utf8').split(/\r?\n/).map((l) => l.trim());
    const synth = lines.indexOf('npm ci && npm run synth');
    const test = lines.indexOf('npm ci && npm test');
    expect(synth).toBeGreaterThanOrEqual(0);
    expect(test).toBeGreaterThanOrEqual(0);
    // Near the top: before the first second-level section.
    const firstSection = lines.findIndex((l) => l.startsWith('## '));
    expect(synth).toBeLessThan(firstSection);
    expect(test).toBeLessThan(firstSection);
    // Inside a shell code block.
    const shell = codeBlocks(README).find((b) => /^(sh|bash|shell|console)\b/.test(b.info));
    expect(shell?.code.split('\n').map((l) => l.trim())).toEqual(expect.arrayContaining(['npm ci && npm run synth', 'npm ci && npm test']));
  });
});

describe('docs/defaults.md', () => {
  const doc = fs.readFileSync(DEFAULTS_DOC, 'utf8');
  const lines = doc.split(/\r?\n/);

  test.each(Object.keys(DEFAULTS))('documents DEFAULTS.%s with its value', (key) => {
    const value = asDocumented(DEFAULTS[key as keyof typeof DEFAULTS]);
    const mentions = lines.filter((l) => l.includes(`\`${key}\``));
    if (mentions.length === 0) throw new Error(`docs/defaults.md never mentions \`${key}\` (in backticks)`);
    expect(doc).toContain(value);
    // The value is written, in backticks, on a line that names the key.
    const documented = mentions.some((l) => l.includes(`\`${value}\``) || l.includes(`\`${value}: `));
    if (!documented) {
      throw new Error(`docs/defaults.md mentions \`${key}\` but not its value \`${value}\` on the same line:\n${mentions.join('\n')}`);
    }
  });
});

describe('TypeScript snippets in README.md and docs/*.md', () => {
  const blocks = markdownFiles().flatMap(codeBlocks).filter(isTypeScript);
  const checked = blocks.filter((b) => !isNoCheck(b));
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-docs-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('there are snippets, and few are exempt from checking', () => {
    expect(checked.length).toBeGreaterThan(0);
    expect(blocks.length - checked.length).toBeLessThanOrEqual(Math.max(1, Math.floor(blocks.length / 5)));
  });

  test('every ```ts block compiles against the library (strict)', () => {
    // One file per block, all in one program: type-checking the libraries once is what costs.
    const files = checked.map((block, i) => {
      const fileName = path.join(dir, `snippet-${i}.ts`);
      // `export {}` makes every snippet a module, so top-level names never clash between snippets.
      fs.writeFileSync(fileName, `${block.code}\nexport {};\n`);
      return { fileName, block };
    });
    const options: ts.CompilerOptions = {
      strict: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      baseUrl: ROOT,
      paths: {
        'keelson': ['lib/index.ts'],
        'keelson/cdk8s': ['lib/cdk8s/index.ts'],
        'keelson/pulumi': ['lib/pulumi/index.ts'],
        // The snippets live outside the repository: resolve their other imports from its node_modules.
        '*': ['node_modules/*', 'node_modules/@types/*'],
      },
    };
    const program = ts.createProgram(files.map((f) => f.fileName), options);
    const byFile = new Map(files.map((f) => [path.resolve(f.fileName), f.block]));
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return `(global): ${text}`;
      const block = byFile.get(path.resolve(d.file.fileName));
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      if (!block) return `${path.relative(ROOT, d.file.fileName)}:${line + 1}:${character + 1}: ${text}`;
      return `${block.file}:${block.firstLine + line}:${character + 1}: ${text}`;
    });
    expect(problems).toEqual([]);
  });
});

/** GitHub's anchor for a heading: lowercased, punctuation but `-` and `_` dropped, spaces to `-`. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings (outside code blocks), with GitHub's `-1` suffixes for repeats. */
function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let inBlock = false;
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (/^\s*```/.test(line)) inBlock = !inBlock;
    const m = /^#{1,6} (.*)$/.exec(line);
    if (inBlock || !m) continue;
    const base = anchorOf(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

describe('links between README.md and docs/*.md', () => {
  // The pages link each other by relative path and heading anchor; a moved section must not leave a dead link.
  test.each(markdownFiles().map((f) => [path.relative(ROOT, f), f]))('%s links only to files and headings that exist', (_, file) => {
    const text = fs.readFileSync(file, 'utf8').replace(/^\s*```[\s\S]*?^\s*```/gm, '');
    const dead: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue; // an absolute URL
      const [rel, anchor] = target.split('#');
      const dest = rel === '' ? file : path.resolve(path.dirname(file), rel);
      if (!fs.existsSync(dest)) dead.push(`${target}: no file ${path.relative(ROOT, dest)}`);
      else if (anchor !== undefined && dest.endsWith('.md') && !anchorsOf(dest).has(anchor)) dead.push(`${target}: no heading #${anchor}`);
    }
    expect(dead).toEqual([]);
  });
});
