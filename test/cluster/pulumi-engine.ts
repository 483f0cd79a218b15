/**
 * The real Pulumi engine against the cluster suite's newest control plane: the CLI and the
 * Kubernetes provider that build.sh built from pinned Go modules (pulumi-build.sh), driven by the
 * Node.js automation API with inline programs. The automation API serves the language runtime in
 * this process, so no language-host binary is needed; state is a local file backend under the
 * cluster's run directory, and no plugin is ever downloaded.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  EngineEvent,
  LocalWorkspace,
  OpType,
  PulumiCommand,
  PulumiFn,
  Stack,
} from '@pulumi/pulumi/automation';
import { BIN, Obj, deleteNamespaces, kubectl, requireCluster, runDir } from './kube';

const BASE = path.dirname(BIN);
/** PULUMI_HOME: the provider plugin pulumi-build.sh installed. */
export const PULUMI_HOME = path.join(BASE, 'pulumi-home');
const ROOT = path.join(BIN, 'pulumi');
const PROJECT = 'keelson-cluster';

/** What pulumi-build.sh built: the CLI version and the provider's release and plugin version. */
export function built(): { cli: string; provider: string } {
  return {
    cli: fs.readFileSync(path.join(ROOT, 'VERSION'), 'utf8').trim(),
    provider: fs.readFileSync(path.join(ROOT, 'PROVIDER'), 'utf8').trim(),
  };
}

/** The plugin version the npm @pulumi/kubernetes asks for (and pulumi-build.sh installed the provider as). */
export function sdkPluginVersion(): string {
  return JSON.parse(fs.readFileSync(require.resolve('@pulumi/kubernetes/package.json'), 'utf8')).pulumi.version;
}

/**
 * The engine's warning on every operation: the plugin installed as the SDK's version reports the
 * release it was built from (pulumi-build.sh).
 */
export function pluginVersionWarning(): string {
  const release = /^kubernetes (\S+) /.exec(built().provider)![1];
  return `warning: resource plugin kubernetes is expected to have version >=${sdkPluginVersion()}, but has ${release}; the wrong version may be on your path, or this may be a bug in the plugin`;
}

/** Throws with what to do when pulumi-build.sh has not run. */
export function requirePulumi(): void {
  for (const f of [path.join(ROOT, 'bin', 'pulumi'), path.join(ROOT, 'PROVIDER'), PULUMI_HOME]) {
    if (!fs.existsSync(f)) throw new Error(`No Pulumi engine: ${f} is missing. Run test/cluster/build.sh (it builds the CLI and the provider).`);
  }
}

/** The environment of every CLI run (and so of the provider plugin it starts). */
export function pulumiEnv(): Record<string, string> {
  const state = path.join(runDir(), 'pulumi-state');
  fs.mkdirSync(state, { recursive: true });
  return {
    PULUMI_HOME,
    PULUMI_BACKEND_URL: `file://${state}`,
    PULUMI_CONFIG_PASSPHRASE: 'keelson-cluster-suite',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'false',
    // The provider reads the cluster from KUBECONFIG, as it would from a user's shell.
    KUBECONFIG: path.join(runDir(), 'newest.kubeconfig'),
  };
}

let command: Promise<PulumiCommand> | undefined;

/** A stack of an inline program, created or selected, in its own work directory. */
export async function stackOf(stackName: string, program: PulumiFn): Promise<Stack> {
  command ??= PulumiCommand.get({ root: ROOT });
  const workDir = path.join(runDir(), 'pulumi-work', stackName);
  fs.mkdirSync(workDir, { recursive: true });
  return LocalWorkspace.createOrSelectStack({ stackName, projectName: PROJECT, program }, {
    pulumiCommand: await command,
    workDir,
    pulumiHome: PULUMI_HOME,
    envVars: pulumiEnv(),
    projectSettings: { name: PROJECT, runtime: 'nodejs', backend: { url: pulumiEnv().PULUMI_BACKEND_URL } },
  });
}

/** One step of a preview or an update, from the engine's events. */
export interface Step {
  readonly op: OpType;
  /** `<type>::<name>`, e.g. `kubernetes:apps/v1:Deployment::web-deployment`. */
  readonly resource: string;
  readonly diffs: readonly string[];
  /** The changed property paths, e.g. `metadata.labels["app.kubernetes.io/version"]`. */
  readonly paths: readonly string[];
  /** Property paths that force a replacement. */
  readonly replaceKeys: readonly string[];
}

/** Collects the engine's resource steps (and diagnostics) of an operation. */
export class Steps {
  public readonly steps: Step[] = [];
  public readonly diagnostics: string[] = [];

  public readonly onEvent = (e: EngineEvent): void => {
    const m = e.resourcePreEvent?.metadata;
    if (m && m.type !== 'pulumi:pulumi:Stack' && !m.type.startsWith('pulumi:providers:')) {
      const [, , type, name] = m.urn.split('::');
      this.steps.push({ op: m.op, resource: `${type.split('$').pop()}::${name}`, diffs: m.diffs ?? [], paths: Object.keys(m.detailedDiff ?? {}).sort(), replaceKeys: m.keys ?? [] });
    }
    const d = e.diagnosticEvent;
    if (d && (d.severity === 'error' || d.severity === 'warning')) this.diagnostics.push(`${d.severity}: ${d.message.trim()}`);
  };

  /** `op resource` lines, sorted, for steps other than `same`. */
  public changes(): string[] {
    return this.steps.filter((s) => s.op !== 'same').map((s) => `${s.op} ${s.resource}`).sort();
  }

  /** The set of operations seen. */
  public ops(): OpType[] {
    return [...new Set(this.steps.map((s) => s.op))].sort();
  }
}

/**
 * `pulumi up`, calling `sample` every 100 ms while it runs (the engine works in its own processes;
 * each sample holds this process, which serves the inline program, for a moment); its steps.
 * Throws unless the update succeeded.
 */
export async function upSampled(s: Stack, sample: () => void, options: { refresh?: boolean } = {}): Promise<Steps> {
  const steps = new Steps();
  let done = false;
  const up = s.up({ onEvent: steps.onEvent, refresh: options.refresh }).finally(() => {
    done = true;
  });
  while (!done) {
    sample();
    await new Promise((r) => setTimeout(r, 100));
  }
  const result = await up;
  if (result.summary.result !== 'succeeded') throw new Error(`pulumi up: ${result.summary.result}\n${steps.diagnostics.join('\n')}`);
  return steps;
}

/**
 * A live object as the comparison sees it: what the API server and its controllers add or own
 * (status, uid, resourceVersion, timestamps, managedFields, generation, a Service's allocated
 * cluster IPs, a Deployment's revision) and what the applying tool adds (Pulumi's annotations and
 * managed-by label, kubectl's last-applied-configuration) removed.
 */
export function normalise(live: Obj, want?: Obj): Obj {
  const o = JSON.parse(JSON.stringify(live));
  delete o.status;
  const m = o.metadata ?? {};
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'selfLink']) delete m[k];
  const annotations: Record<string, string> = m.annotations ?? {};
  for (const k of Object.keys(annotations)) {
    if (k.startsWith('pulumi.com/') || k === 'kubectl.kubernetes.io/last-applied-configuration' || k === 'deployment.kubernetes.io/revision') delete annotations[k];
  }
  if (m.annotations && Object.keys(annotations).length === 0) delete m.annotations;
  if (m.labels?.['app.kubernetes.io/managed-by'] === 'pulumi') delete m.labels['app.kubernetes.io/managed-by'];
  // Allocated cluster IPs differ from one creation to the next; a headless Service's `None` stays.
  if (o.kind === 'Service' && o.spec?.clusterIP !== 'None') {
    delete o.spec?.clusterIP;
    delete o.spec?.clusterIPs;
  }
  // So do allocated node ports (a fixed one, in `want`, stays), the volume a claim was bound to, and
  // the uid a Job's selector and pod labels carry.
  if (o.kind === 'Service') {
    if (want?.spec?.healthCheckNodePort === undefined) delete o.spec?.healthCheckNodePort;
    for (const p of o.spec?.ports ?? []) {
      const fixed = (want?.spec?.ports ?? []).some((w: Obj) => w.port === p.port && w.nodePort !== undefined);
      if (!fixed) delete p.nodePort;
    }
  }
  if (o.kind === 'PersistentVolumeClaim') delete o.spec?.volumeName;
  if (o.kind === 'Job') {
    delete o.spec?.selector;
    const labels = o.spec?.template?.metadata?.labels ?? {};
    for (const k of ['batch.kubernetes.io/controller-uid', 'controller-uid']) delete labels[k];
  }
  return o;
}

/** `Kind/name`, for maps of objects. */
export function keyOf(o: Obj): string {
  return `${o.kind}/${o.metadata.name}`;
}

/**
 * The live versions of objects (by apiVersion, kind, namespace and name), normalised, keyed `Kind/name`
 * (one `kubectl get -f -` for all of them).
 */
export function liveOf(objects: readonly Obj[]): Record<string, Obj> {
  const r = kubectl(['get', '-f', '-', '-o', 'json'], { input: objects.map((o) => JSON.stringify(o)).join('\n') });
  if (r.status !== 0) throw new Error(`kubectl get -f - of ${objects.length} objects: ${r.stderr}`);
  const got = JSON.parse(r.stdout);
  const items: Obj[] = got.kind === 'List' ? got.items : [got];
  const out: Record<string, Obj> = {};
  const wanted = new Map(objects.map((o) => [keyOf(o), o]));
  for (const o of items) out[keyOf(o)] = normalise(o, wanted.get(keyOf(o)));
  return out;
}

/**
 * The paths where `live` does not carry what `want` sets (every field of `want` must be in `live`
 * with the same value; `live` may have more: the API server's defaults).
 */
export function missing(want: unknown, live: unknown, at = ''): string[] {
  if (Array.isArray(want)) {
    // The API server omits an empty list it stores (`omitempty`): `ingress: []` reads back absent,
    // whoever applied it.
    if (want.length === 0 && live === undefined) return [];
    if (!Array.isArray(live) || live.length !== want.length) return [`${at}: ${JSON.stringify(want)} != ${JSON.stringify(live)}`];
    return want.flatMap((w, i) => missing(w, live[i], `${at}[${i}]`));
  }
  if (want && typeof want === 'object') {
    if (!live || typeof live !== 'object') return [`${at}: ${JSON.stringify(want)} != ${JSON.stringify(live)}`];
    return Object.entries(want).flatMap(([k, v]) => missing(v, (live as Obj)[k], `${at}.${k}`));
  }
  // The API server normalises quantities ("1Gi" stays, "1000m" becomes "1"): compare as given.
  return want === live ? [] : [`${at}: ${JSON.stringify(want)} != ${JSON.stringify(live)}`];
}

/**
 * The hooks of a real-engine test file: the cluster and the engine must be there before its tests,
 * and after them every stack it created is destroyed and every namespace it used deleted. Returns
 * the lists the file adds its stacks and namespaces to.
 */
export function realEngineSuite(): { stacks: Stack[]; namespaces: string[] } {
  const created = { stacks: [] as Stack[], namespaces: [] as string[] };
  beforeAll(() => {
    requireCluster();
    requirePulumi();
  });
  afterAll(async () => {
    for (const s of created.stacks) await s.destroy().catch(() => undefined);
    deleteNamespaces(created.namespaces);
  });
  return created;
}
