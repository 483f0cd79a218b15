import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

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
      plus: has(/node_modules[\\\\/]cdk8s-plus-27[\\\\/]/),
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
      'CanaryMatch', 'CanaryRouting', 'ConfigReference', 'DEFAULTS', 'Duration', 'EnvFrom', 'EnvValue', 'HEADLESS_SUFFIX',
      'KeelsonValidationError', 'NAMESPACE_DEFAULTS', 'NetworkEgress', 'NetworkPeer', 'Port', 'Probe', 'Quantity', 'Subject',
      'TRACK_LABEL', 'buildCanaryRelease', 'buildSecureNamespace', 'buildStatefulApp', 'buildStatelessApp', 'checkReleaseStep',
    ]);
  });

  test('the adapters add their constructs to the core\'s exports, and no internal helper', () => {
    const core = load('keelson').exports;
    const own = (entry: string) => load(entry).exports.filter((e) => !core.includes(e));
    expect(own('keelson/cdk8s')).toEqual(['CanaryRelease', 'SecureNamespace', 'StatefulApp', 'StatelessApp', 'stringifyYaml', 'synthYaml']);
    expect(own('keelson/pulumi')).toEqual(['CanaryRelease', 'SecureNamespace', 'StatefulApp', 'StatelessApp']);
  });

  test('keelson/cdk8s loads cdk8s but neither cdk8s-plus-27 nor Pulumi', () => {
    const entry = load('keelson/cdk8s');
    expect(entry.exports).toEqual(expect.arrayContaining(['StatelessApp', 'buildStatelessApp']));
    expect(entry).toMatchObject({ cdk8s: true, plus: false, pulumi: false });
  });

  test('keelson/pulumi loads Pulumi but not cdk8s', () => {
    const entry = load('keelson/pulumi');
    expect(entry.exports).toEqual(expect.arrayContaining(['StatelessApp', 'buildStatelessApp']));
    expect(entry).toMatchObject({ cdk8s: false, plus: false, pulumi: true });
  });

  test('engines are optional peer dependencies, and only type packages are runtime dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    for (const peer of ['cdk8s', 'constructs', 'cdk8s-plus-27', '@pulumi/pulumi', '@pulumi/kubernetes']) {
      expect(pkg.peerDependencies[peer]).toBeDefined();
      expect(pkg.peerDependenciesMeta[peer]).toEqual({ optional: true });
    }
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(['kubernetes-types']);
  });
});
