/**
 * The cluster suite's view of the control planes cluster.sh started: kubectl as users run it
 * (server-side apply), reads of live objects, and polling for what the controllers do.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';

/** Which control plane: the newest supported minor (with controllers and nodes) or the oldest (API server only). */
export type Plane = 'newest' | 'oldest';

const ROOT = path.resolve(__dirname, '../..');
const BASE = process.env.KEELSON_CLUSTER_DIR ?? path.join(ROOT, '.cluster');
export const BIN = path.join(BASE, 'bin');
const RUN = path.join(BASE, 'run');
const KUBECTL = path.join(BIN, 'newest', 'kubectl');

export type Obj = Record<string, any>;

/** The Kubernetes version of a plane, e.g. `v1.37.2`. */
export function planeVersion(plane: Plane): string {
  return fs.readFileSync(path.join(BIN, plane, 'VERSION'), 'utf8').trim();
}

/** Throws with a clear message when the cluster is not up (cluster.sh start). */
export function requireCluster(): void {
  for (const plane of ['newest', 'oldest'] as const) {
    const file = path.join(RUN, `${plane}.kubeconfig`);
    if (!fs.existsSync(file)) {
      throw new Error(`No test cluster: ${file} is missing. Run \`npm run test:cluster\` (it builds and starts the cluster), or test/cluster/cluster.sh start.`);
    }
  }
}

export interface Result {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl against a plane; never throws (callers assert on status and stderr). */
export function kubectl(args: readonly string[], options: { plane?: Plane; input?: string } = {}): Result {
  const r = spawnSync(KUBECTL, ['--kubeconfig', path.join(RUN, `${options.plane ?? 'newest'}.kubeconfig`), ...args], {
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs kubectl and returns stdout, throwing with stderr on failure. */
export function kubectlOk(args: readonly string[], options: { plane?: Plane; input?: string } = {}): string {
  const r = kubectl(args, options);
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** The API server's warnings in kubectl's stderr (`Warning: ...` lines). */
export function warnings(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('Warning:'));
}

/**
 * Objects as multi-document YAML, the way `cdk8s synth` writes them: YAML 1.1, so strings such as
 * `Off` or `yes` are quoted (kubectl reads YAML 1.1, where they would be booleans).
 */
export function toYaml(objects: readonly Obj[]): string {
  return objects.map((o) => stringify(o, { version: '1.1' })).join('---\n');
}

export function fromYaml(yaml: string): Obj[] {
  return parseAllDocuments(yaml).map((d) => d.toJS() as Obj).filter((o) => o != null);
}

/**
 * `kubectl apply --server-side` of objects, as users ship keelson output. The field manager is
 * fixed (as a CI pipeline's would be), so a later apply owns and may drop the same fields.
 */
export function apply(objects: readonly Obj[], options: { plane?: Plane; dryRun?: boolean; fieldManager?: string } = {}): Result {
  const args = ['apply', '--server-side', `--field-manager=${options.fieldManager ?? 'keelson-ci'}`, '-f', '-'];
  if (options.dryRun) args.push('--dry-run=server');
  // Namespaces first, as `cdk8s synth` orders them and `kubectl apply` requires.
  const ordered = [...objects].sort((a, b) => Number(b.kind === 'Namespace') - Number(a.kind === 'Namespace'));
  return kubectl(args, { plane: options.plane, input: toYaml(ordered) });
}

/** Applies and throws unless the API server accepted every object without a warning. */
export function applyClean(objects: readonly Obj[], options: { plane?: Plane; fieldManager?: string } = {}): void {
  const r = apply(objects, options);
  if (r.status !== 0) throw new Error(`apply to the ${options.plane ?? 'newest'} API server failed:\n${r.stderr}`);
  const w = warnings(r.stderr);
  if (w.length > 0) throw new Error(`the ${options.plane ?? 'newest'} API server warned:\n${w.join('\n')}`);
}

/** Creates a namespace with labels (a plain one, for apps not in a SecureNamespace). */
export function namespace(name: string, labels: Record<string, string> = {}, plane: Plane = 'newest'): Obj {
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
  applyClean([ns], { plane });
  return ns;
}

/**
 * Deletes namespaces on the newest plane and waits until they are gone (kwok finalises the pods).
 * Never on the oldest: it runs no namespace controller, so a deletion would never finish.
 */
export function deleteNamespaces(names: readonly string[]): void {
  if (names.length === 0) return;
  kubectl(['delete', 'namespace', '--ignore-not-found', '--wait=true', '--timeout=120s', ...names]);
}

/** Live object as JSON, or undefined when it does not exist. */
export function get(kind: string, name: string, ns?: string, plane: Plane = 'newest'): Obj | undefined {
  const r = kubectl(['get', kind, name, '-o', 'json', ...(ns ? ['-n', ns] : [])], { plane });
  if (r.status !== 0) {
    if (/NotFound/.test(r.stderr)) return undefined;
    throw new Error(`kubectl get ${kind} ${name}: ${r.stderr}`);
  }
  return JSON.parse(r.stdout);
}

/** Every object of a kind in a namespace. */
export function list(kind: string, ns: string, selector?: string, plane: Plane = 'newest'): Obj[] {
  const args = ['get', kind, '-n', ns, '-o', 'json'];
  if (selector) args.push('-l', selector);
  return JSON.parse(kubectlOk(args, { plane })).items;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until `check` returns a value (not undefined), or throws after `timeoutMs` with the last state. */
export async function until<T>(what: string, check: () => T | undefined, timeoutMs = 90_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

/**
 * Whether a live Deployment or StatefulSet has rolled out its current template: the controller saw
 * the latest generation, every replica is ready and updated (for a partitioned StatefulSet, the pods
 * at or above the partition ordinal; all of them when the template did not change), and no extra
 * replica is left.
 */
export function rolloutDone(live: Obj): boolean {
  const s = live.status ?? {};
  const want = live.spec.replicas ?? 1;
  if ((s.observedGeneration ?? 0) < live.metadata.generation) return false;
  const statefulSet = live.kind === 'StatefulSet';
  const partition = statefulSet ? live.spec.updateStrategy?.rollingUpdate?.partition ?? 0 : 0;
  const updated = statefulSet && s.currentRevision !== s.updateRevision ? Math.max(0, want - partition) : want;
  if ((s.updatedReplicas ?? 0) !== updated || (s.readyReplicas ?? 0) !== want || (s.replicas ?? 0) !== want) return false;
  if (!statefulSet) return (s.availableReplicas ?? 0) === want;
  return partition > 0 || s.currentRevision === s.updateRevision;
}

/** Waits until a Deployment or StatefulSet has rolled out its current template on every replica. */
export async function rolledOut(kind: 'Deployment' | 'StatefulSet', name: string, ns: string, timeoutMs = 120_000): Promise<Obj> {
  return until(`${kind} ${ns}/${name} to roll out`, () => rolledOutNow(kind, name, ns), timeoutMs);
}

/** The live Deployment or StatefulSet if it has rolled out its current template on every replica, else undefined. */
export function rolledOutNow(kind: 'Deployment' | 'StatefulSet', name: string, ns: string): Obj | undefined {
  const o = get(kind, name, ns);
  return o && rolloutDone(o) ? o : undefined;
}

/** Ready endpoint addresses of a Service, from its EndpointSlices. */
export function readyEndpoints(service: string, ns: string): number {
  const slices = list('endpointslices', ns, `kubernetes.io/service-name=${service}`);
  let n = 0;
  for (const s of slices) for (const e of s.endpoints ?? []) if (e.conditions?.ready !== false) n += 1;
  return n;
}

/** Running, ready pods matching a selector. */
export function readyPods(ns: string, selector: string): number {
  return list('pods', ns, selector).filter(
    (p) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True'),
  ).length;
}

/** Events of a namespace, as `reason: message` lines (e.g. ReplicaSet `FailedCreate` on quota). */
export function events(ns: string): string[] {
  return list('events', ns).map((e) => `${e.involvedObject?.kind}/${e.involvedObject?.name} ${e.reason}: ${e.message}`);
}

/** A cdk8s chart in a fresh App, the objects it synthesises, in `cdk8s synth` order. */
export function synth(build: (chart: Chart) => void, namespaceName?: string): Obj[] {
  const app = new App({ outdir: path.join(RUN, 'never-written') });
  const chart = new Chart(app, 'test', namespaceName ? { namespace: namespaceName } : {});
  build(chart);
  return fromYaml(app.synthYaml());
}

/** The binaries' run directory, for tests that write manifest files. */
export function runDir(): string {
  return RUN;
}

/** A file path in the run directory. */
export function runFile(name: string): string {
  fs.mkdirSync(path.join(RUN, 'files'), { recursive: true });
  return path.join(RUN, 'files', name);
}
