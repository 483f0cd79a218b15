import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { npmPack } from './helpers/pack';

const root = path.join(__dirname, '..');

/**
 * Loads an entry point of the compiled package by its public name (Node resolves a package's
 * own name through its `exports`), and lists which engines it pulled in.
 */
function load(specifier: string): { exports: string[]; cdk8s: boolean; plus: boolean; pulumi: boolean } {
  const script = `
    const m = require(${JSON.stringify(specifier)});
    const files = Object.keys(require.cache);
    const has = (re) => files.some((f) => re.test(f));
    console.log(JSON.stringify({
      exports: Object.keys(m).sort(),
      cdk8s: has(/node_modules[\\\\/]cdk8s[\\\\/]/),
      plus: has(/node_modules[\\\\/]cdk8s-plus-\\d+[\\\\/]/),
      pulumi: has(/node_modules[\\\\/]@pulumi[\\\\/]/),
    }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
}

describe('package entry points (compiled, resolved through package.json exports)', () => {
  beforeAll(() => {
    // `npm test` compiles first; fail clearly if someone runs jest alone on a fresh clone.
    expect(fs.existsSync(path.join(root, 'out', 'index.js'))).toBe(true);
  });

  test('the core loads neither cdk8s nor Pulumi', () => {
    const core = load('keelson');
    expect(core.exports).toEqual(expect.arrayContaining(['buildStatelessApp', 'KeelsonValidationError', 'Port', 'Probe', 'Quantity']));
    expect(core).toMatchObject({ cdk8s: false, plus: false, pulumi: false });
  });

  test('the core exports the builders, value types, errors and documented constants, nothing internal', () => {
    expect(load('keelson').exports).toEqual([
      'Call', 'CanaryMatch', 'CanaryRouting', 'ConfigReference', 'DEFAULTS', 'Duration', 'EnvFrom', 'EnvValue', 'Exposure', 'HEADLESS_SUFFIX',
      'IMMUTABLE_FIELDS', 'KUBERNETES_VERSIONS', 'KeelsonValidationError', 'LOCK_DEFAULTS', 'Metric', 'NAMESPACE_DEFAULTS', 'NO_IMMUTABLE_FIELDS',
      'NetworkEgress', 'NetworkPeer', 'Port', 'Probe', 'ProjectedSource', 'Quantity', 'RISKS', 'RISK_ANNOTATION', 'Subject',
      'TRACK_LABEL', 'Volume', 'buildBatchJob', 'buildCanaryRelease', 'buildSecureNamespace', 'buildStatefulApp', 'buildStatelessApp', 'checkReleaseStep',
      // The immutable-field data and the comparison keelson.lock.json makes with it.
      'immutableChanges', 'immutableSnapshot',
    ]);
  });

  test('the adapters add their constructs to the core\'s exports, and no internal helper', () => {
    const core = load('keelson').exports;
    const own = (entry: string) => load(entry).exports.filter((e) => !core.includes(e));
    expect(own('keelson/cdk8s')).toEqual(['BatchJob', 'CanaryRelease', 'KeelsonLockError', 'SecureNamespace', 'StatefulApp', 'StatelessApp', 'configureLock', 'stringifyYaml', 'synthYaml']);
    expect(own('keelson/pulumi')).toEqual(['BatchJob', 'CanaryRelease', 'SecureNamespace', 'StatefulApp', 'StatelessApp']);
  });

  test('keelson/cdk8s loads cdk8s but neither cdk8s-plus nor Pulumi', () => {
    const entry = load('keelson/cdk8s');
    expect(entry.exports).toEqual(expect.arrayContaining(['StatelessApp', 'buildStatelessApp']));
    expect(entry).toMatchObject({ cdk8s: true, plus: false, pulumi: false });
  });

  test('keelson/pulumi loads Pulumi but not cdk8s', () => {
    const entry = load('keelson/pulumi');
    expect(entry.exports).toEqual(expect.arrayContaining(['StatelessApp', 'buildStatelessApp']));
    expect(entry).toMatchObject({ cdk8s: false, plus: false, pulumi: true });
  });

  test('engines are optional peer dependencies; the runtime dependencies are type declarations and the RE2 engine, pinned', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    for (const peer of ['cdk8s', 'constructs', 'cdk8s-plus-27', 'cdk8s-plus-34', '@pulumi/pulumi', '@pulumi/kubernetes']) {
      expect(pkg.peerDependencies[peer]).toBeDefined();
      expect(pkg.peerDependenciesMeta[peer]).toEqual({ optional: true });
    }
    // re2js: pure JavaScript (no native build, no download at install), so regexes are checked as Envoy and istiod read them.
    expect(pkg.dependencies).toEqual({ 'kubernetes-types': '1.30.0', 're2js': '2.10.0' });
  });

  test('names the repository, its home page and its issue tracker: the one address CONTRIBUTING.md states', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/[^/]+\/[^/]+\/[^/]+\.git$/) });
    const address = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(pkg.homepage).toBe(`${address}#readme`);
    expect(pkg.bugs).toEqual({ url: `${address}/issues` });
    expect(fs.readFileSync(path.join(root, 'CONTRIBUTING.md'), 'utf8')).toContain(`<${address}>`);
  });
});

describe('the published tarball', () => {
  // `npm pack --dry-run` lists exactly what `npm publish` would upload (test/consumers/ installs the real tarball).
  const files: string[] = npmPack().files.map((f) => f.path).sort();

  test('holds only the compiled library, its declarations, README, LICENSE, CHANGELOG and package.json', () => {
    const unexpected = files.filter((f) => !/^out\/.+\.(js|d\.ts)$/.test(f) && !['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json'].includes(f));
    expect(unexpected).toEqual([]);
    for (const entry of ['out/index.js', 'out/index.d.ts', 'out/cdk8s/index.js', 'out/cdk8s/index.d.ts', 'out/pulumi/index.js', 'out/pulumi/index.d.ts']) {
      expect(files).toContain(entry);
    }
  });

  test('ships every compiled module and no source map', () => {
    const compiled = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? compiled(path.join(dir, e.name)) : e.name.endsWith('.js') ? [path.relative(root, path.join(dir, e.name))] : []);
    expect(files.filter((f) => f.endsWith('.js'))).toEqual(compiled(path.join(root, 'out')).sort());
    const mapped = files.filter((f) => f.endsWith('.js') && fs.readFileSync(path.join(root, f), 'utf8').includes('sourceMappingURL'));
    expect(mapped).toEqual([]);
  });
});

describe('.projenrc.ts', () => {
  // projen runs it with tsx, which strips types without checking them: an option projen does not
  // have would be silently ignored. Type-check it here.
  test('type-checks against projen', () => {
    const program = ts.createProgram([path.join(root, '.projenrc.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules', '@types')],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});

describe('the declarations users compile against', () => {
  // A user's project type-checks keelson's .d.ts files unless it sets skipLibCheck. They must name
  // no cdk8s-plus line, and keelson apps and cdk8s-plus peers must fit each other both ways, with
  // the oldest and the newest supported cdk8s-plus.
  const consumer = (plus: string) => `
    import { App, Chart } from 'cdk8s';
    import * as kplus from '${plus}';
    import { StatelessApp } from 'keelson/cdk8s';
    const chart = new Chart(new App(), 'shop', { namespace: 'shop' });
    const scrapers = kplus.Pods.select(chart, 'scrapers', { labels: { role: 'scraper' } });
    const web = new StatelessApp(chart, 'web', { containers: [{ image: 'ghcr.io/acme/web:1.0.0' }], allowFrom: [scrapers] });
    new kplus.NetworkPolicy(chart, 'web-policy', { selector: web, ingress: { rules: [{ peer: web }] } });
    // @ts-expect-error a number is no peer: allowFrom is typed, not any
    new StatelessApp(chart, 'api', { containers: [{ image: 'ghcr.io/acme/api:1.0.0' }], allowFrom: [42] });
  `;

  test('import no cdk8s-plus package', () => {
    const importsPlus = /from ['"]cdk8s-plus-\d+['"]|import\(['"]cdk8s-plus-\d+['"]\)/;
    const importing = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) return importing(file);
      return e.name.endsWith('.d.ts') && importsPlus.test(fs.readFileSync(file, 'utf8')) ? [path.relative(root, file)] : [];
    });
    expect(importing(path.join(root, 'out'))).toEqual([]);
  });

  test.each(['cdk8s-plus-27', 'cdk8s-plus-34'])('type-check with skipLibCheck: false beside %s', (plus) => {
    const dir = fs.mkdtempSync(path.join(root, 'node_modules', '.keelson-consumer-'));
    try {
      const file = path.join(dir, 'main.ts');
      fs.writeFileSync(file, consumer(plus));
      const program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2022.d.ts'],
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        types: [],
      });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.relative(root, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(problems).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
