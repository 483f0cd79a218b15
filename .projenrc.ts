import { javascript, typescript } from 'projen';

/**
 * Where the project lives (CONTRIBUTING.md states it): package.json's `repository`, `homepage` and
 * `bugs` are derived from it.
 */
const REPOSITORY = 'https://github.com/keelson/keelson';

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
  repository: `git+${REPOSITORY}.git`,
  homepage: `${REPOSITORY}#readme`,
  bugsUrl: `${REPOSITORY}/issues`,

  // Sources live in lib/ and compile to out/ (dist/ holds the synthesised example manifests).
  srcdir: 'lib',
  libdir: 'out',
  entrypoint: 'out/index.js',
  entrypointTypes: 'out/index.d.ts',

  // No hosted CI, release or dependency bots: .ci/run is the project's CI. Releases are cut on a
  // maintainer's machine with `npx projen release` (below); projen's own release component is off:
  // its bump fetches commit-and-tag-version at run time, and it writes workflows for hosted CI.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,
  // eslint with projen's stylistic rules is both the linter and the formatter (`npx projen eslint:fix`);
  // `npm test` lints without fixing and fails on any warning.
  eslint: true,
  eslintOptions: {
    dirs: ['lib'],
    // bench/ is left out: it loads the engines with require() on purpose, to time cold starts.
    devdirs: ['test', 'examples'],
    commandOptions: { fix: false, extraArgs: ['--max-warnings', '0'] },
  },
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
    // The lowest published release within the range cdk8s-plus 27 to 34 ask for (^2.68.11, which was never published).
    'cdk8s@^2.68.12',
    // Every cdk8s-plus line keelson's interop works with, each optional: a user has one, or none.
    'cdk8s-plus-27@^2',
    'cdk8s-plus-28@^2',
    'cdk8s-plus-29@^2',
    'cdk8s-plus-30@^2',
    'cdk8s-plus-31@^2',
    'cdk8s-plus-32@^2',
    'cdk8s-plus-33@^2',
    'cdk8s-plus-34@^2',
    'constructs@^10.3.0',
    '@pulumi/pulumi@^3.142.0',
    '@pulumi/kubernetes@^4.18.0',
  ],
  devDeps: [
    'cdk8s@2.70.106',
    // The oldest and the newest supported cdk8s-plus lines, both tested.
    'cdk8s-plus-27@2.9.5',
    'cdk8s-plus-34@2.0.54',
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
    // The packed tarball's checks (npm run check:package, part of npm test).
    'publint@0.3.25',
    '@arethetypeswrong/cli@0.18.5',
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
      // The cluster suite's run directory holds etcd's member/snap/*.snap files, which jest would
      // count as obsolete snapshots (and fail the run under --ci).
      modulePathIgnorePatterns: ['<rootDir>/.cluster/'],
    },
  },
  tsconfig: {
    compilerOptions: {
      // The package ships JavaScript and declarations only: inline source maps made up 73 % of it.
      inlineSourceMap: false,
      inlineSources: false,
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
    },
  },
  tsconfigDev: {
    compilerOptions: {},
    include: ['../examples/**/*.ts'],
  },
  gitignore: ['/.node/', '/dist/', '/out/', '/.cluster/', '/bench/results/', '/bench/out/', '/docs/api/', '*.cpuprofile'],
});

// The version users get; CHANGELOG.md has its entry. Releasing: CONTRIBUTING.md.
project.package.addVersion('0.1.0');

// The published package is an allowlist (package.json `files`): the compiled JavaScript and its
// declarations, the README, LICENSE and CHANGELOG; never CI, examples, benchmarks or the repository's own
// keelson.lock.json. test/packaging.test.ts packs it and checks the list.
project.package.addField('files', ['out/**/*.js', 'out/**/*.d.ts', 'CHANGELOG.md']);
project.package.addField('keywords', ['kubernetes', 'cdk8s', 'pulumi', 'infrastructure-as-code', 'istio', 'canary', 'networkpolicy', 'statefulset']);
// Importing an entry point registers nothing global: bundlers may drop what is unused.
project.package.addField('sideEffects', false);
// CommonJS, said explicitly so Node does not have to guess.
project.package.addField('type', 'commonjs');

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
  ...Object.fromEntries([27, 28, 29, 30, 31, 32, 33, 34].map((n) => [`cdk8s-plus-${n}`, { optional: true }])),
  'constructs': { optional: true },
  '@pulumi/pulumi': { optional: true },
  '@pulumi/kubernetes': { optional: true },
});

// The examples have no tsconfig of their own: lint them with the project's.
project.eslint!.allowDefaultProjectFiles('examples/*.ts', 'examples/*/*.ts');

// The linters projen adds, pinned like every other dev dependency (projen adds them with caret ranges).
for (const pinned of [
  'eslint@9.39.5',
  '@stylistic/eslint-plugin@2.13.0',
  '@typescript-eslint/eslint-plugin@8.74.0',
  '@typescript-eslint/parser@8.74.0',
  'eslint-plugin-import@2.32.0',
  'eslint-import-resolver-typescript@4.4.5',
]) {
  project.deps.removeDependency(pinned.slice(0, pinned.lastIndexOf('@')));
  project.addDevDeps(pinned);
}

// `npx projen eslint:fix`: format and fix what eslint can (the test task only checks).
project.addTask('eslint:fix', {
  description: 'Format the sources and fix what eslint can',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
  exec: 'eslint --ext .ts --fix --no-error-on-unmatched-pattern lib test examples .projenrc.ts',
});

// `npm run check:package`: the packed tarball, as users get it, checked by publint (package.json
// fields, exports) and are-the-types-wrong (declarations resolve under node10, node16 and bundlers).
project.addTask('check:package', {
  description: 'Pack the library and check the tarball with publint and are-the-types-wrong',
  steps: [{ exec: 'publint --strict' }, { exec: 'attw --pack . --format ascii' }],
});
project.testTask.spawn(project.tasks.tryFind('check:package')!);

// `npm test` compiles first: the packaging tests load the compiled entry points the way users do.
project.testTask.prependSpawn(project.compileTask);

// `npm run synth`: synthesise the cdk8s example app to dist/*.k8s.yaml (no cluster needed).
project.addTask('synth', {
  description: 'Synthesise the cdk8s example app to dist/*.k8s.yaml',
  exec: 'tsx examples/cdk8s/main.ts',
});

// `npm run test:node-lines`: the unit suite on Node.js 22 and 24 too (binaries from npm packages).
project.addTask('test:node-lines', {
  description: 'Run the unit suite on each maintained Node.js LTS line (22, 24) besides the current one',
  exec: 'bash test/node-lines.sh',
  receiveArgs: true,
});

// `npm run test:consumers`: fresh cdk8s (oldest and newest cdk8s-plus line) and Pulumi projects,
// installed with npm from the packed tarball into a temporary directory, compiled with tsc
// (skipLibCheck: false), synthesised / run under Pulumi's mocks. Minutes, not seconds (three npm
// installs, a type-check of @pulumi/kubernetes): a task of its own, which .ci/run runs.
project.addTask('test:consumers', {
  description: 'Build fresh cdk8s and Pulumi projects against the packed tarball (type-check, synthesise, run under mocks)',
  steps: [
    { spawn: 'compile' },
    { exec: 'jest --config test/consumers/jest.config.json', receiveArgs: true },
  ],
});

// `npm run test:cluster`: build the pinned Kubernetes control planes and linters from Go modules,
// start them on loopback, run the cluster suite (test/cluster/*.cluster.ts) and stop them.
project.addTask('test:cluster', {
  description: 'Build and start a real control plane from Go modules, apply keelson output to it, and stop it',
  exec: 'bash test/cluster/run.sh',
  receiveArgs: true,
});

// `npx projen docs:api`: the API reference, a static site from the JSDoc, in docs/api/ (git-ignored).
// typedoc.json makes any undocumented public member and any typedoc warning fail it, and renders
// `@default` as prose. Part of `npm test`, so CI enforces it.
project.addTask('docs:api', {
  description: 'Build the API reference site into docs/api/; fails on any undocumented public member or typedoc warning',
  exec: 'typedoc', // settings in typedoc.json
});
project.testTask.spawn(project.tasks.tryFind('docs:api')!);

// `npx projen release`: the next version from the conventional commits since the last tag, CHANGELOG.md's
// entry dated with the release's commits, the version set here, committed and tagged; nothing pushed or
// published (projenrc/release.ts; CONTRIBUTING.md#releasing). `-- --dry-run` shows what it would do.
project.addTask('release', {
  description: 'Cut a release locally: version from conventional commits, changelog entry, commit and tag (--dry-run to preview)',
  exec: 'tsx projenrc/release.ts',
  receiveArgs: true,
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

// `npm run bench:pulumi`: the real Pulumi engine against the cluster suite's control plane: `pulumi preview`,
// `up`, a no-change preview and `destroy` of 100 apps (`-- N` for N), keelson components vs raw
// @pulumi/kubernetes resources. Builds and starts the cluster itself and stops it (docs/benchmark.md).
project.addTask('bench:pulumi', {
  description: 'Benchmark pulumi preview/up/destroy of N apps with the real engine against a local control plane',
  exec: 'bash test/cluster/pulumi-bench.sh',
  receiveArgs: true,
});

project.synth();
