import { javascript, typescript } from 'projen';

/**
 * keelson's project definition. package.json, tsconfig*.json, .gitignore and the
 * npm scripts are generated from this file: edit it, then run `npx projen`.
 */
const project = new typescript.TypeScriptProject({
  name: 'keelson',
  description:
    'Typed, high-level Kubernetes constructs with safe defaults, for cdk8s and Pulumi from the same props.',
  license: 'Apache-2.0',
  copyrightOwner: 'The keelson authors',
  authorName: 'The keelson authors',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  // tsx runs .projenrc.ts and the examples without per-file tsconfig tuning; ts-node, run outside
  // the project's tsconfig on this Node 20.20, handed .ts entry files to the ESM loader and failed.
  projenrcTsOptions: { runner: typescript.TypeScriptRunner.tsx() },
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',

  // Sources live in lib/ and compile to out/ (dist/ holds the synthesised example manifests).
  srcdir: 'lib',
  libdir: 'out',
  entrypoint: 'out/index.js',
  entrypointTypes: 'out/index.d.ts',

  // No hosted CI, release or dependency bots: .ci/run is the project's CI.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,
  eslint: false,
  prettier: false,
  vscode: false,
  package: false,

  typescriptVersion: '5.9.3',
  projenVersion: '0.103.25',

  // kubernetes-types: types only (the core returns objects typed with the Kubernetes API, at no
  // runtime cost). re2js: RE2 in pure JavaScript (no native build), so route regexes are checked
  // with the engine Envoy and istiod use, not JavaScript's.
  deps: ['kubernetes-types@1.30.0', 're2js@2.10.0'],
  // Peers are the ranges users may bring; the exact versions we test with are the devDeps below.
  peerDependencyOptions: { pinnedDevDependency: false },
  peerDeps: [
    'cdk8s@^2.68.11',
    'cdk8s-plus-27@^2.9.5',
    'constructs@^10.3.0',
    '@pulumi/pulumi@^3.142.0',
    '@pulumi/kubernetes@^4.18.0',
  ],
  devDeps: [
    'cdk8s@2.70.106',
    'cdk8s-plus-27@2.9.5',
    '@pulumi/pulumi@3.248.0',
    '@pulumi/kubernetes@4.34.2',
    'kubernetes-models@4.5.1',
    '@kubernetes-models/autoscaler@3.3.4',
    '@kubernetes-models/istio@2.3.0',
    '@kubernetes-models/gateway-api@0.5.1',
    '@kubernetes-models/argo-rollouts@0.3.2',
    'fast-check@4.10.2',
    'yaml@2.9.1',
    '@types/node@20.19.43',
    'ts-node@10.9.2',
    'tsx@4.23.15',
    'constructs@10.8.1',
    'typedoc@0.28.20',
  ],

  jest: true,
  jestOptions: {
    jestVersion: '^29',
    junitReporting: false,
    // CI must fail on a changed snapshot and on an empty run, never rewrite or skip them.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    coverageText: false,
    jestConfig: {
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      collectCoverage: false,
      testTimeout: 60_000,
    },
  },
  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
    },
  },
  tsconfigDev: {
    compilerOptions: {},
    include: ['../examples/**/*.ts'],
  },
  gitignore: ['/dist/', '/out/', '/.cluster/', '/bench/results/', '/bench/out/', '/docs/api/', '*.cpuprofile'],
  // The published package holds the compiled entry points, README and docs; not CI, examples or benchmarks.
  npmignore: ['/.ci/', '/examples/', '/bench/', '/dist/', '/docs/*.test.*'],
});

// Subpath entry points: the core needs neither cdk8s nor Pulumi; each adapter is opt-in.
project.package.addField('exports', {
  '.': { types: './out/index.d.ts', default: './out/index.js' },
  './cdk8s': { types: './out/cdk8s/index.d.ts', default: './out/cdk8s/index.js' },
  './pulumi': { types: './out/pulumi/index.d.ts', default: './out/pulumi/index.js' },
  './package.json': './package.json',
});
project.package.addField('typesVersions', {
  '*': { cdk8s: ['out/cdk8s/index.d.ts'], pulumi: ['out/pulumi/index.d.ts'] },
});
project.package.addField('peerDependenciesMeta', {
  'cdk8s': { optional: true },
  'cdk8s-plus-27': { optional: true },
  'constructs': { optional: true },
  '@pulumi/pulumi': { optional: true },
  '@pulumi/kubernetes': { optional: true },
});

// `npm test` compiles first: the packaging tests load the compiled entry points the way users do.
project.testTask.prependSpawn(project.compileTask);

// `npm run synth`: synthesise the cdk8s example app to dist/*.k8s.yaml (no cluster needed).
project.addTask('synth', {
  description: 'Synthesise the cdk8s example app to dist/*.k8s.yaml',
  exec: 'tsx examples/cdk8s/main.ts',
});

// `npm run test:cluster`: build the pinned Kubernetes control planes and linters from Go modules,
// start them on loopback, run the cluster suite (test/cluster/*.cluster.ts) and stop them.
project.addTask('test:cluster', {
  description: 'Build and start a real control plane from Go modules, apply keelson output to it, and stop it',
  exec: 'bash test/cluster/run.sh',
  receiveArgs: true,
});

// `npm run docs`: the API reference from the JSDoc (every prop with its default) in docs/api/.
project.addTask('docs', {
  description: 'Generate the API reference from the JSDoc into docs/api/',
  exec: 'typedoc', // settings in typedoc.json
});

// `npm run bench`: compile the library and bench/ (tsc, so no TypeScript compilation is timed), then
// run the benchmark against raw cdk8s, cdk8s-plus-27 and raw Pulumi. `npm run bench -- --quick` for a short run.
project.addTask('bench', {
  description: 'Benchmark synthesis speed, memory and cold start (bench/; results in bench/results/)',
  steps: [
    { spawn: 'compile' },
    { exec: 'tsc -p bench/tsconfig.json' },
    { exec: 'node bench/out/main.js', receiveArgs: true },
  ],
});

project.synth();
