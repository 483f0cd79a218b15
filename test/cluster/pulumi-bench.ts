/**
 * `pulumi preview`, `pulumi up`, a no-change `pulumi preview` and `pulumi destroy` of N apps with
 * the real engine against the cluster suite's newest control plane: keelson's Pulumi StatelessApp
 * (the benchmark's app, as in bench/app.ts) against the same objects registered directly as
 * @pulumi/kubernetes resources. One run of each variant, keelson first, in one process, each in its
 * own stack and in the same namespace (the first is destroyed before the second starts), after an
 * untimed warm-up preview; after
 * each `up` the live objects are read, and the two variants' must be the same. Needs a running
 * cluster and pulumi-build.sh's build: `npm run bench:pulumi` (test/cluster/pulumi-bench.sh)
 * builds, starts and stops them. Prints one JSON line per variant and the ratios, and writes them
 * to bench/results/pulumi-engine-<N>.json.
 *
 *   npx tsx test/cluster/pulumi-bench.ts [N]      # N = 100 by default
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Stack } from '@pulumi/pulumi/automation';
import { Obj, deleteNamespaces, kubectlOk, namespace, requireCluster } from './kube';
import { Steps, built, normalise, requirePulumi, stackOf } from './pulumi-engine';
import { buildStatelessApp } from '../../lib/core/stateless-app/build';
import * as kp from '../../lib/pulumi';

/** bench/app.ts's app (which this project's test tsconfig cannot import: it imports 'keelson'). */
const appName = (i: number): string => `app-${i}`;
const appProps = (name: string) => ({ containers: [{ image: `registry.example.com/shop/${name}:1.4.2` }], autoscaling: { maxReplicas: 10 } });

const NAMESPACE = 'bench-pulumi';
const KINDS = ['serviceaccounts', 'networkpolicies', 'services', 'deployments', 'poddisruptionbudgets', 'horizontalpodautoscalers'];

type ResourceClass = new (name: string, args: Record<string, unknown>) => pulumi.CustomResource;
const classes: Record<string, () => ResourceClass> = {
  ServiceAccount: () => k8s.core.v1.ServiceAccount as unknown as ResourceClass,
  NetworkPolicy: () => k8s.networking.v1.NetworkPolicy as unknown as ResourceClass,
  Service: () => k8s.core.v1.Service as unknown as ResourceClass,
  Deployment: () => k8s.apps.v1.Deployment as unknown as ResourceClass,
  PodDisruptionBudget: () => k8s.policy.v1.PodDisruptionBudget as unknown as ResourceClass,
  HorizontalPodAutoscaler: () => k8s.autoscaling.v2.HorizontalPodAutoscaler as unknown as ResourceClass,
};

const variants: Record<string, (n: number) => void> = {
  'keelson': (n) => {
    for (let i = 0; i < n; i++) new kp.StatelessApp(appName(i), { namespace: NAMESPACE, ...appProps(appName(i)) });
  },
  'raw-pulumi': (n) => {
    for (let i = 0; i < n; i++) {
      const name = appName(i);
      for (const obj of buildStatelessApp({ name, namespace: NAMESPACE, ...appProps(name) }).objects) {
        // The typed classes set apiVersion and kind themselves.
        const { apiVersion: _v, kind, ...args } = obj as unknown as Record<string, unknown> & { kind: string };
        new (classes[kind]())(`${name}-${kind.toLowerCase()}`, args);
      }
    }
  },
};

interface Result {
  readonly variant: string;
  readonly apps: number;
  /** Resources `pulumi up` created: all of them, and the Kubernetes objects among them. */
  readonly resources: number;
  readonly kubernetesResources: number;
  readonly previewSeconds: number;
  readonly upSeconds: number;
  readonly noChangePreviewSeconds: number;
  readonly destroySeconds: number;
}

async function seconds(operation: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await operation();
  return Math.round((performance.now() - t) / 100) / 10;
}

/** The live objects of the namespace, normalised, by `Kind/name`. */
function liveObjects(): Record<string, Obj> {
  const items: Obj[] = JSON.parse(kubectlOk(['get', KINDS.join(','), '-n', NAMESPACE, '-o', 'json'])).items;
  const out: Record<string, Obj> = {};
  for (const o of items) {
    if (o.kind === 'ServiceAccount' && o.metadata.name === 'default') continue;
    out[`${o.kind}/${o.metadata.name}`] = normalise(o);
  }
  return out;
}

async function run(variant: string, n: number): Promise<{ result: Result; live: Record<string, Obj> }> {
  const s: Stack = await stackOf(`bench-${variant}-${n}`, async () => {
    variants[variant](n);
    return {};
  });
  try {
    const previewSeconds = await seconds(() => s.preview());
    const up = new Steps();
    const upSeconds = await seconds(() => s.up({ onEvent: up.onEvent }));
    const created = up.steps.filter((x) => x.op === 'create');
    if (created.length !== up.steps.length) throw new Error(`${variant}: pulumi up did more than create: ${up.changes().filter((c) => !c.startsWith('create ')).join(', ')}`);
    const live = liveObjects();
    // expectNoChanges: the preview fails if it plans anything.
    const noChangePreviewSeconds = await seconds(() => s.preview({ expectNoChanges: true }));
    const destroySeconds = await seconds(() => s.destroy());
    const result: Result = {
      variant,
      apps: n,
      resources: created.length,
      kubernetesResources: created.filter((x) => x.resource.startsWith('kubernetes:')).length,
      previewSeconds,
      upSeconds,
      noChangePreviewSeconds,
      destroySeconds,
    };
    console.log(JSON.stringify(result));
    return { result, live };
  } catch (e) {
    await s.destroy().catch(() => undefined);
    throw e;
  }
}

/**
 * One untimed preview of one object first, so the first variant does not pay alone for loading the
 * CLI and the provider from disk and for the SDK's first run in this process.
 */
async function warmUp(): Promise<void> {
  const s = await stackOf('bench-warm-up', async () => {
    new k8s.core.v1.ConfigMap('warm-up', { metadata: { name: 'warm-up', namespace: NAMESPACE }, data: { a: 'b' } });
    return {};
  });
  await s.preview();
}

async function main(): Promise<void> {
  requireCluster();
  requirePulumi();
  const n = Number(process.argv[2] ?? 100);
  if (!Number.isInteger(n) || n < 1) throw new Error(`N must be a positive integer, got ${process.argv[2]}`);
  namespace(NAMESPACE);
  await warmUp();
  const results: Result[] = [];
  const live: Record<string, Record<string, Obj>> = {};
  const started = new Date();
  try {
    for (const variant of Object.keys(variants)) {
      const r = await run(variant, n);
      results.push(r.result);
      live[variant] = r.live;
    }
  } finally {
    deleteNamespaces([NAMESPACE]);
  }
  const [keelson, raw] = results;
  // The benchmark compares the same objects: both variants must have made them.
  const differ = Object.keys({ ...live.keelson, ...live['raw-pulumi'] })
    .filter((k) => JSON.stringify(live.keelson[k]) !== JSON.stringify(live['raw-pulumi'][k]));
  if (differ.length > 0) throw new Error(`the variants' live objects differ: ${differ.slice(0, 10).join(', ')}${differ.length > 10 ? ', …' : ''}`);
  if (keelson.kubernetesResources !== raw.kubernetesResources || Object.keys(live.keelson).length !== keelson.kubernetesResources) {
    throw new Error(`the variants created ${keelson.kubernetesResources} and ${raw.kubernetesResources} Kubernetes resources, ${Object.keys(live.keelson).length} live`);
  }
  const ratio = (k: keyof Result) => Math.round(((keelson[k] as number) / (raw[k] as number)) * 100) / 100;
  const ratios = { preview: ratio('previewSeconds'), up: ratio('upSeconds'), noChangePreview: ratio('noChangePreviewSeconds'), destroy: ratio('destroySeconds') };
  console.log(JSON.stringify({ ratio: 'keelson / raw-pulumi', apps: n, ...ratios }));
  const machine = { cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100), node: process.version, ...built() };
  const out = path.resolve(__dirname, '../../bench/results', `pulumi-engine-${n}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ started: started.toISOString(), finished: new Date().toISOString(), machine, results, ratios }, null, 2)}\n`);
  console.log(`written: ${path.relative(process.cwd(), out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
