/**
 * Fresh projects built against the packed tarball, as a new user builds them (`npm run
 * test:consumers`, run by .ci/run after `npm test`, which compiles out/):
 *
 * - a cdk8s TypeScript app as `cdk8s init typescript-app` lays it out (its package.json, its
 *   tsconfig with `skipLibCheck: false` stated, a main.ts with keelson constructs and cdk8s-plus
 *   interop both ways), once with the oldest and once with the newest cdk8s-plus line of keelson's
 *   peer range; the template's `import k8s` step is left out (it needs the network and keelson does
 *   not use the imported classes). It must compile with `tsc` and synthesise;
 * - a Pulumi TypeScript project as `pulumi new kubernetes-typescript` lays it out, which must
 *   compile with `tsc` and run its program under Pulumi's mocks (no engine, no cluster).
 *
 * Each project is installed with npm into a temporary directory outside the repository, with every
 * direct dependency pinned to the version the repository tests with (package.json devDependencies)
 * and keelson from the tarball; npm takes packages from its cache when it has them.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ROOT, npmPack } from '../helpers/pack';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The exact version the repository tests `name` with. */
function pinned(name: string): string {
  const version = pkg.devDependencies[name];
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`${name} is not a devDependency pinned to an exact version`);
  return version;
}

/** The oldest and the newest cdk8s-plus line of the peer range. */
const plusLines = Object.keys(pkg.peerDependencies)
  .map((p) => /^cdk8s-plus-(\d+)$/.exec(p)).filter((m) => m !== null)
  .map((m) => Number(m![1])).sort((a, b) => a - b);
const SUPPORTED_PLUS = [...new Set([plusLines[0], plusLines[plusLines.length - 1]])].map((n) => `cdk8s-plus-${n}`);

/**
 * A fresh project's environment: without the settings `npm run` passes to its scripts, and without
 * `CI` and keelson's own settings (the unit tests turn the lock off), as on a developer's machine.
 */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|KEELSON_|CI$)/i.test(k)));

function run(cwd: string, command: string, args: readonly string[], timeout: number): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} in ${cwd} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

let work: string;
let tarball: string;

/** Writes a project's files, installs its package.json, and returns its directory. */
function project(name: string, files: Record<string, string | object>): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  for (const [file, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, file), typeof content === 'string' ? content : `${JSON.stringify(content, undefined, 2)}\n`);
  }
  // Lifecycle scripts are skipped: @pulumi/kubernetes's would fetch the provider plugin, which the mocks do not need.
  run(dir, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], 300_000);
  return dir;
}

beforeAll(() => {
  expect(fs.existsSync(path.join(ROOT, 'out', 'index.js'))).toBe(true);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-consumers-'));
  tarball = path.join(work, npmPack(work).filename);
  expect(fs.existsSync(tarball)).toBe(true);
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** `cdk8s init typescript-app`'s tsconfig.json, with `skipLibCheck: false` said explicitly. */
const CDK8S_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ['es2016'],
    module: 'CommonJS',
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: 'ES2017',
    skipLibCheck: false,
  },
  include: ['**/*.ts'],
  exclude: ['node_modules'],
};

/** The template's main.ts with keelson apps in the chart, admitting and admitted by cdk8s-plus workloads. */
const cdk8sMain = (plus: string) => `import { Construct } from 'constructs';
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from '${plus}';
import { CanaryRelease, NetworkPeer, Port, StatelessApp } from 'keelson/cdk8s';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = { }) {
    super(scope, id, props);

    const worker = new kplus.Deployment(this, 'worker', {
      containers: [{ image: 'ghcr.io/acme/worker:1.0.0', portNumber: 9000, securityContext: { user: 1000 } }],
    });
    const api = new CanaryRelease(this, 'api', {
      containers: [{ image: 'ghcr.io/acme/api:1.4.2', ports: [Port.http(8080)] }],
      canary: { image: 'ghcr.io/acme/api:1.5.0', weight: 10 },
      allowFrom: [],
    });
    // cdk8s-plus peers in a keelson app's allowFrom: a workload, and pods selected by labels; and a call to
    // another keelson app, declared once (api admits web).
    const web = new StatelessApp(this, 'web', {
      containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)] }],
      allowFrom: [worker, kplus.Pods.select(this, 'scrapers', { labels: { role: 'scraper' } }), NetworkPeer.namespace('monitoring')],
      allowTo: [api],
    });
    // keelson apps as cdk8s-plus peers and selectors.
    worker.connections.allowTo(api);
    new kplus.NetworkPolicy(this, 'web-from-worker', { selector: web, ingress: { rules: [{ peer: worker }] } });
    // What the app publishes, wired onward: the worker calls the release's Service.
    worker.containers[0].env.addVariable('API_URL', kplus.EnvValue.fromValue(\`http://\${api.serviceName}:\${api.servicePort}\`));
    api.canaryDeployment?.metadata.addAnnotation('example.com/owner', 'shop');
  }
}

const app = new App();
new MyChart(app, 'hello', { namespace: 'shop' });
app.synth();
`;

interface KubeObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
}

describe.each(SUPPORTED_PLUS)('a fresh cdk8s TypeScript app with %s, keelson from the tarball', (plus) => {
  let dir: string;
  beforeAll(() => {
    dir = project(`cdk8s-${plus}`, {
      'package.json': {
        name: 'hello',
        version: '1.0.0',
        main: 'main.js',
        types: 'main.ts',
        license: 'Apache-2.0',
        private: true,
        scripts: { compile: 'tsc --build', synth: 'node main.js' },
        dependencies: {
          cdk8s: pinned('cdk8s'),
          [plus]: pinned(plus),
          constructs: pinned('constructs'),
          keelson: `file:${tarball}`,
        },
        devDependencies: { '@types/node': pinned('@types/node'), 'typescript': pinned('typescript') },
      },
      'tsconfig.json': CDK8S_TSCONFIG,
      'main.ts': cdk8sMain(plus),
      // Compiled, never run: allowFrom is typed (not \`any\`), so a value that is no peer fails tsc.
      'typed.ts': `import { Chart } from 'cdk8s';
import { StatelessApp } from 'keelson/cdk8s';

export function notAPeer(chart: Chart): StatelessApp {
  // @ts-expect-error a number is no peer
  return new StatelessApp(chart, 'typed', { containers: [{ image: 'ghcr.io/acme/web:1.0.0' }], allowFrom: [42] });
}
`,
      'cdk8s.yaml': 'language: typescript\napp: node main.js\n',
    });
  });

  test('installs keelson with its runtime dependencies and no engine it does not use', () => {
    const installed = (name: string) => fs.existsSync(path.join(dir, 'node_modules', name, 'package.json'));
    expect(['keelson', 'kubernetes-types', 're2js', plus].filter((p) => !installed(p))).toEqual([]);
    expect(['@pulumi/pulumi', '@pulumi/kubernetes'].filter(installed)).toEqual([]);
  });

  test('compiles with tsc (skipLibCheck: false) and synthesises, with the interop both ways', () => {
    run(dir, 'npm', ['run', 'compile'], 300_000);
    run(dir, 'npm', ['run', 'synth'], 120_000);
    const objects = parseAllDocuments(fs.readFileSync(path.join(dir, 'dist', 'hello.k8s.yaml'), 'utf8')).map((d) => d.toJSON() as KubeObject);
    const find = (kind: string, name: string) => {
      const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
      if (!found) throw new Error(`no ${kind} ${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
      return found;
    };
    const worker = objects.find((o) => o.kind === 'Deployment' && o.metadata.name.startsWith('hello-worker'))!;
    const workerPods = worker.spec.template.metadata.labels;
    // keelson's NetworkPolicy for web admits the worker's pods (a cdk8s-plus workload), the scrapers and the monitoring namespace.
    const webPeers = find('NetworkPolicy', 'web').spec.ingress.flatMap((r: any) => r.from);
    expect(webPeers).toEqual(expect.arrayContaining([
      expect.objectContaining({ podSelector: { matchLabels: workerPods } }),
      expect.objectContaining({ podSelector: { matchLabels: { role: 'scraper' } } }),
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ]));
    // cdk8s-plus's policies select keelson's pods: the one written by hand, and the one allowTo adds.
    const webPods = find('Deployment', 'web').spec.template.metadata.labels;
    const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name.startsWith('hello-web-from-worker'))!;
    expect(Object.entries(policy.spec.podSelector.matchLabels).every(([k, v]) => webPods[k] === v)).toBe(true);
    expect(policy.spec.podSelector.matchLabels).toEqual(find('Service', 'web').spec.selector);
    const egressPeers = objects.filter((o) => o.kind === 'NetworkPolicy').flatMap((o) => (o.spec.egress ?? []).flatMap((r: any) => r.to ?? []));
    expect(egressPeers).toContainEqual(expect.objectContaining({ podSelector: { matchLabels: find('Service', 'api').spec.selector } }));
    // web's call to api: api admits web's pods in the NetworkPolicy web adds.
    expect(find('NetworkPolicy', 'api-from-web').spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: find('Service', 'web').spec.selector } }]);
    // Both tracks of the release run; what the release publishes reached the worker and the canary's Deployment.
    expect(['api-stable', 'api-canary'].map((n) => find('Deployment', n).metadata.namespace)).toEqual(['shop', 'shop']);
    expect(worker.spec.template.spec.containers[0].env).toContainEqual({ name: 'API_URL', value: 'http://api:80' });
    expect((find('Deployment', 'api-canary').metadata as { annotations?: object }).annotations).toEqual({ 'example.com/owner': 'shop' });
  });
});

/** `pulumi new kubernetes-typescript`'s tsconfig.json, with `skipLibCheck: false` said explicitly. */
const PULUMI_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: 'bin',
    target: 'es2020',
    module: 'commonjs',
    moduleResolution: 'node',
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
    skipLibCheck: false,
  },
  files: ['index.ts'],
};

/** A Pulumi program with keelson components, an Output namespace and image, and what users wire onward. */
const PULUMI_INDEX = `import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { CanaryRelease, Exposure, NetworkPeer, Port, StatelessApp } from 'keelson/pulumi';

const config = new pulumi.Config();
const ns = new k8s.core.v1.Namespace('shop', { metadata: { name: 'shop' } });
// One input for both apps: web's call to api is then known to stay in the namespace.
const namespace = ns.metadata.name;

const api = new CanaryRelease('api', {
  namespace,
  containers: [{ image: 'ghcr.io/acme/api:1.4.2', ports: [Port.http(8080)] }],
  canary: { image: pulumi.output('ghcr.io/acme/api:1.5.0'), weight: 10 },
  allowFrom: [],
});
const web = new StatelessApp('web', {
  namespace,
  containers: [{ image: config.get('webImage') ?? 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)] }],
  exposure: Exposure.ingress({ hosts: ['shop.example.com'] }),
  allowFrom: [NetworkPeer.namespace('monitoring')],
  allowTo: [api],
});

// The children are typed @pulumi/kubernetes resources.
const deployment: k8s.apps.v1.Deployment = web.deployment;
const canary: k8s.apps.v1.Deployment | undefined = api.canaryDeployment;
export const webDeployment = deployment.metadata.name;
export const canaryImage = canary?.spec.template.spec.containers[0].image;
export const apiRoute = api.virtualService?.metadata.name;
// What the components publish, wired onward.
export const webUrl = pulumi.interpolate\`http://\${web.serviceName}.\${ns.metadata.name}.svc:\${web.servicePort}\`;
export const webHosts = web.hosts;
export const apiSelector = api.selector;
export const apiWeight = api.achievedWeight;
`;

/** Runs the compiled program under Pulumi's mocks and prints its registrations and stack outputs. */
const PULUMI_MOCKS = `const pulumi = require('@pulumi/pulumi');
const registered = [];
pulumi.runtime.setMocks({
  newResource: (a) => { registered.push({ type: a.type, name: a.name, inputs: a.inputs }); return { id: a.name + '-id', state: a.inputs }; },
  call: (a) => a.inputs,
}, 'consumer', 'dev', false).then(async () => {
  const program = require('./bin/index.js');
  const value = (o) => new Promise((resolve) => pulumi.output(o).apply(resolve));
  const outputs = {};
  for (const [k, v] of Object.entries(program)) outputs[k] = await value(v);
  // Children that wait for inputs register late: wait until a round registers nothing more.
  let count = -1;
  while (count !== registered.length) {
    count = registered.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(JSON.stringify({ registered, outputs }));
}).catch((e) => { console.error(e); process.exit(1); });
`;

describe('a fresh Pulumi TypeScript project, keelson from the tarball', () => {
  let dir: string;
  beforeAll(() => {
    dir = project('pulumi', {
      'package.json': {
        name: 'shop',
        main: 'bin/index.js',
        scripts: { build: 'tsc' },
        devDependencies: { '@types/node': pinned('@types/node'), 'typescript': pinned('typescript') },
        dependencies: {
          '@pulumi/kubernetes': pinned('@pulumi/kubernetes'),
          '@pulumi/pulumi': pinned('@pulumi/pulumi'),
          'keelson': `file:${tarball}`,
        },
      },
      'Pulumi.yaml': 'name: shop\nruntime: nodejs\ndescription: keelson from the packed tarball\nmain: bin/index.js\n',
      'tsconfig.json': PULUMI_TSCONFIG,
      'index.ts': PULUMI_INDEX,
      'mocks.js': PULUMI_MOCKS,
    });
  });

  test('installs keelson with its runtime dependencies and no cdk8s', () => {
    const installed = (name: string) => fs.existsSync(path.join(dir, 'node_modules', name, 'package.json'));
    expect(['keelson', 'kubernetes-types', 're2js'].filter((p) => !installed(p))).toEqual([]);
    expect(['cdk8s', 'constructs', ...SUPPORTED_PLUS].filter(installed)).toEqual([]);
  });

  test('compiles with tsc (skipLibCheck: false) and runs under Pulumi\'s mocks', () => {
    run(dir, 'npm', ['run', 'build'], 300_000);
    const result = JSON.parse(run(dir, 'node', ['mocks.js'], 120_000)) as {
      registered: Array<{ type: string; name: string; inputs: any }>;
      outputs: Record<string, unknown>;
    };
    const child = (type: string, name: string) => {
      const found = result.registered.find((r) => r.type === type && r.name === name);
      if (!found) throw new Error(`no ${type} ${name} in ${result.registered.map((r) => `${r.type} ${r.name}`).join(', ')}`);
      return found.inputs;
    };
    expect(result.outputs).toEqual({
      webDeployment: 'web',
      canaryImage: 'ghcr.io/acme/api:1.5.0',
      apiRoute: 'api',
      webUrl: 'http://web.shop.svc:80',
      webHosts: ['shop.example.com'],
      apiSelector: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' },
      apiWeight: 10,
    });
    // The Output namespace and the Output canary image reached the children once known.
    expect(child('kubernetes:apps/v1:Deployment', 'web-deployment').metadata.namespace).toBe('shop');
    expect(child('kubernetes:apps/v1:Deployment', 'api-deployment-canary').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/api:1.5.0');
    expect(child('kubernetes:networking.k8s.io/v1:Ingress', 'web-ingress').spec.rules[0].host).toBe('shop.example.com');
    // web's call admits web's pods at the release, in the release's namespace.
    const admitted = child('kubernetes:networking.k8s.io/v1:NetworkPolicy', 'web-networkpolicy-api-from-web');
    expect(admitted.metadata.namespace).toBe('shop');
    expect(admitted.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: child('kubernetes:core/v1:Service', 'web-service').spec.selector } }]);
    expect(result.registered.filter((r) => r.type.startsWith('keelson:')).map((r) => `${r.type} ${r.name}`).sort())
      .toEqual(['keelson:index:CanaryRelease api', 'keelson:index:StatelessApp web']);
  });
});
