import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The style rule every props interface follows: each property has a JSDoc comment, and each
 * optional property states its default (`@default ...`) — the API reference (`npx projen docs:api`) and
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
      // The props, and the fields of object types written inline in them (`securityContext: { runAsUser?: ... }`).
      const checkMembers = (members: ts.NodeArray<ts.TypeElement>, owner: string) => {
        for (const member of members) {
          if (!ts.isPropertySignature(member)) continue;
          checked++;
          const name = `${owner}.${member.name.getText(source)}`;
          const line = source.getLineAndCharacterOfPosition(member.getStart(source)).line + 1;
          const docs = ts.getJSDocCommentsAndTags(member);
          const doc = docs.map((d) => d.getText(source)).join('\n');
          if (!doc) findings.push({ file, line, what: `${name} has no JSDoc comment` });
          else if (member.questionToken && !/@default\b/.test(doc)) findings.push({ file, line, what: `${name} is optional but its JSDoc has no @default` });
          const inline = (type: ts.TypeNode | undefined): void => {
            if (!type) return;
            if (ts.isTypeLiteralNode(type)) checkMembers(type.members, name);
            else if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) type.types.forEach(inline);
            else if (ts.isArrayTypeNode(type)) inline(type.elementType);
            else if (ts.isTypeOperatorNode(type) || ts.isParenthesizedTypeNode(type)) inline(type.type);
            else if (ts.isTypeReferenceNode(type) && /^(Readonly)?Array$/.test(type.typeName.getText(source))) type.typeArguments?.forEach(inline);
          };
          inline(member.type);
        }
      };
      checkMembers(node.members, node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { checked, findings };
}

describe('props documentation', () => {
  const files = sourceFiles(path.join(root, 'lib'));

  test('every property of every exported Props/Args/Options interface, inline object fields included, has JSDoc, optional ones with @default', () => {
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
    fs.writeFileSync(tmp, '/** x */\nexport interface ProbeProps {\n  /** documented, no default */\n  readonly a?: string;\n  readonly b: string;\n'
      + '  /** inline fields\n   * @default none */\n  readonly c?: ReadonlyArray<{\n    readonly d?: number;\n    /** e\n     * @default 1 */\n    readonly e?: number;\n  }> | false;\n}\n');
    try {
      const r = checkFile(tmp);
      expect(r.findings.map((f) => f.what)).toEqual([
        'ProbeProps.a is optional but its JSDoc has no @default',
        'ProbeProps.b has no JSDoc comment',
        'ProbeProps.c.d has no JSDoc comment',
      ]);
    } finally {
      fs.rmSync(tmp);
    }
  });
});

describe('API reference (`npx projen docs:api`, part of `npm test`)', () => {
  // The task builds the real site; here a two-member probe project, built with the project's own
  // typedoc.json, shows that the settings fail on an undocumented member and render @default as prose.
  const typedoc = path.join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
  const probe = (source: string) => {
    const dir = fs.mkdtempSync(path.join(root, 'test', '.typedoc-probe-'));
    fs.writeFileSync(path.join(dir, 'index.ts'), source);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['es2022'], types: [], skipLibCheck: true }, files: ['index.ts'] }));
    // The project's settings, with the probe's entry point, tsconfig and output folder.
    const config = JSON.parse(fs.readFileSync(path.join(root, 'typedoc.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'typedoc.json'), JSON.stringify({ ...config, entryPoints: ['index.ts'], tsconfig: 'tsconfig.json', out: 'site' }));
    const args = [typedoc, '--options', path.join(dir, 'typedoc.json')];
    try {
      const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const page = fs.readFileSync(path.join(dir, 'site', 'interfaces', 'WidgetProps.html'), 'utf8');
      return { ok: true, out, page };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}`, page: '' };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  test('runs in `npm test` and builds into a git-ignored folder', () => {
    const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8')).tasks;
    expect(tasks.test.steps).toContainEqual({ spawn: 'docs:api' });
    expect(tasks['docs:api'].steps).toEqual([{ exec: 'typedoc' }]);
    const config = JSON.parse(fs.readFileSync(path.join(root, 'typedoc.json'), 'utf8'));
    expect(config).toMatchObject({ treatWarningsAsErrors: true, validation: { notDocumented: true }, out: 'docs/api' });
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n')).toContain(`/${config.out}/`);
  });

  test('fails on an undocumented public member', () => {
    const r = probe('/** A widget. */\nexport interface WidgetProps {\n  readonly size: number;\n}\n');
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/WidgetProps\.size .*does not have any documentation/);
  }, 120_000);

  test('renders @default as prose, not as a code block', () => {
    const r = probe('/** A widget. */\nexport interface WidgetProps {\n  /**\n   * The size, in pixels.\n   * @default 10: big enough to click\n   */\n  readonly size?: number;\n}\n');
    expect(r.out).not.toMatch(/warning|error/i);
    expect(r.ok).toBe(true);
    expect(r.page).toMatch(/Default<a[^>]*>.*?<\/a><\/h4><p>10: big enough to click<\/p>/s);
    expect(r.page).not.toContain('<code>10: big enough to click');
  }, 120_000);
});
