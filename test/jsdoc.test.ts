import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The style rule every props interface follows: each property has a JSDoc comment, and each
 * optional property states its default (`@default ...`) — the API reference (`npm run docs`) and
 * the editor tooltips are where users read them.
 */
const root = path.join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

interface Finding { readonly file: string; readonly line: number; readonly what: string }

function checkFile(file: string): { checked: number; findings: Finding[] } {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const findings: Finding[] = [];
  let checked = 0;
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node) && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      && /(Props|Args|Options)$/.test(node.name.text)) {
      for (const member of node.members) {
        if (!ts.isPropertySignature(member)) continue;
        checked++;
        const name = `${node.name.text}.${member.name.getText(source)}`;
        const line = source.getLineAndCharacterOfPosition(member.getStart(source)).line + 1;
        const docs = ts.getJSDocCommentsAndTags(member);
        const doc = docs.map((d) => d.getText(source)).join('\n');
        if (!doc) findings.push({ file, line, what: `${name} has no JSDoc comment` });
        else if (member.questionToken && !/@default\b/.test(doc)) findings.push({ file, line, what: `${name} is optional but its JSDoc has no @default` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { checked, findings };
}

describe('props documentation', () => {
  const files = sourceFiles(path.join(root, 'lib'));

  test('every property of every exported Props/Args/Options interface has JSDoc, optional ones with @default', () => {
    let checked = 0;
    const findings: string[] = [];
    for (const file of files) {
      const r = checkFile(file);
      checked += r.checked;
      findings.push(...r.findings.map((f) => `${path.relative(root, f.file)}:${f.line}: ${f.what}`));
    }
    expect(checked).toBeGreaterThan(100);
    expect(findings).toEqual([]);
  });

  test('the check finds a missing @default', () => {
    const tmp = path.join(root, 'test', '.jsdoc-probe.ts');
    fs.writeFileSync(tmp, '/** x */\nexport interface ProbeProps {\n  /** documented, no default */\n  readonly a?: string;\n  readonly b: string;\n}\n');
    try {
      const r = checkFile(tmp);
      expect(r.findings.map((f) => f.what)).toEqual([
        'ProbeProps.a is optional but its JSDoc has no @default',
        'ProbeProps.b has no JSDoc comment',
      ]);
    } finally {
      fs.rmSync(tmp);
    }
  });
});

describe('API reference', () => {
  test('`npm run docs` (typedoc, warnings as errors) documents the three entry points without a warning', () => {
    const bin = path.join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
    const out = execFileSync(process.execPath, [bin, '--emit', 'none'], { cwd: root, encoding: 'utf8' });
    expect(out).not.toMatch(/warning|error/i);
  }, 120_000);
});
