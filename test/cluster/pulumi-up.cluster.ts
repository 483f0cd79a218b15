/**
 * `pulumi up` for real: the Pulumi CLI and Kubernetes provider built from pinned Go modules
 * (pulumi-build.sh), driven by the automation API with inline programs, against the newest control
 * plane. The example program (examples/pulumi) and every configuration of the cdk8s matrix
 * (matrix.ts, its props as they are) are deployed both ways, one after the other in the same
 * namespaces: `kubectl apply --server-side` of what the cdk8s adapter synthesises, then `pulumi up`
 * of the Pulumi components with the same props (the whole matrix in one update). The live objects
 * must be the same (once what the API server and each tool add is removed: see `normalise`), and
 * every field cdk8s sets must be live as it set it.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Stack } from '@pulumi/pulumi/automation';
import { Obj, applyClean, deleteNamespaces, get, kubectlOk, requireCluster, until } from './kube';
import { MatrixProps, buildApps, cdk8sConfiguration, example, matrixProps } from './matrix';
import { PULUMI_HOME, Steps, built, keyOf, liveOf, missing, pluginVersionWarning, requirePulumi, sdkPluginVersion, stackOf } from './pulumi-engine';
import * as p from '../../lib/pulumi';

/**
 * The cluster has no ingress controller and no load-balancer controller, so no Ingress and no
 * LoadBalancer Service ever gets an address: the provider's await would wait for one until it times
 * out (10 minutes, then the update fails: "Service was not allocated an IP address"). Each of them
 * gets `pulumi.com/skipAwait` (an annotation `normalise` removes, like Pulumi's others).
 */
export function skipAddressAwait(): void {
  pulumi.runtime.registerResourceTransform((args) => {
    const ingress = args.type === 'kubernetes:networking.k8s.io/v1:Ingress';
    const loadBalancer = args.type === 'kubernetes:core/v1:Service' && args.props.spec?.type === 'LoadBalancer';
    if (!ingress && !loadBalancer) return undefined;
    const metadata = { ...(args.props.metadata ?? {}) };
    metadata.annotations = { ...(metadata.annotations ?? {}), 'pulumi.com/skipAwait': 'true' };
    return { props: { ...args.props, metadata }, opts: args.opts };
  });
}

/**
 * The example program, exactly: examples/pulumi/index.ts, imported by the inline program. A module
 * runs once per registry, so each run imports it (and keelson) into a fresh one, with the one copy
 * of the Pulumi SDK this process runs the inline program with (a second copy's gRPC messages are
 * refused: "Request message serialization failure").
 */
async function shopProgram(): Promise<Record<string, unknown>> {
  let outputs: Record<string, unknown> = {};
  const sdk = { pulumi: await import('@pulumi/pulumi'), kubernetes: await import('@pulumi/kubernetes') };
  await jest.isolateModulesAsync(async () => {
    jest.doMock('@pulumi/pulumi', () => sdk.pulumi);
    jest.doMock('@pulumi/kubernetes', () => sdk.kubernetes);
    const m = await import('../../examples/pulumi/index');
    outputs = { webSelector: m.webSelector, etcdMembers: m.etcdMembers };
  });
  return outputs;
}

/**
 * The Pulumi side of a matrix configuration: the same props, given to the Pulumi components. Every
 * configuration goes into one stack, so each resource name is prefixed with the configuration's
 * (`stateless-min-web`) and `name` keeps the objects' names.
 */
function pulumiConfiguration(m: MatrixProps): void {
  const ns = new p.SecureNamespace(m.name, m.namespace);
  // The objects the apps mount (ConfigMaps, Secrets, claims), in the namespace, by kind.
  for (const o of m.objects ?? []) {
    const args = { ...o, metadata: { ...o.metadata, namespace: m.name } };
    const name = `${m.name}-${o.kind.toLowerCase()}-${o.metadata.name}`;
    if (o.kind === 'ConfigMap') new k8s.core.v1.ConfigMap(name, args, { dependsOn: [ns] });
    else if (o.kind === 'Secret') new k8s.core.v1.Secret(name, args, { dependsOn: [ns] });
    else if (o.kind === 'PersistentVolumeClaim') new k8s.core.v1.PersistentVolumeClaim(name, args, { dependsOn: [ns] });
    else throw new Error(`pulumiConfiguration: no Pulumi resource for a ${o.kind} of configuration ${m.name}`);
  }
  buildApps(m.apps, (app, props) => {
    const args = { ...props, name: app.id, namespace: ns };
    if (app.kind === 'StatelessApp') return new p.StatelessApp(`${m.name}-${app.id}`, args as p.StatelessAppArgs);
    if (app.kind === 'StatefulApp') return new p.StatefulApp(`${m.name}-${app.id}`, args as p.StatefulAppArgs);
    if (app.kind === 'BatchJob') return new p.BatchJob(`${m.name}-${app.id}`, args as p.BatchJobArgs);
    return new p.CanaryRelease(`${m.name}-${app.id}`, args as p.CanaryReleaseArgs);
  });
}

/**
 * Each stateful configuration here runs twice (cdk8s, then Pulumi), and deleted claims leave their
 * volumes Released, never bound again: make them Available again (the volumes are make-believe).
 */
function recycleVolumes(): void {
  for (const pv of JSON.parse(kubectlOk(['get', 'persistentvolumes', '-o', 'json'])).items) {
    if (pv.status?.phase !== 'Released') continue;
    kubectlOk(['patch', 'persistentvolume', pv.metadata.name, '--type=json', '-p', '[{"op":"remove","path":"/spec/claimRef"}]']);
  }
}

/**
 * Diagnostics other than the expected warnings: the plugin installed as the SDK's version reports
 * the release it was built from; while it awaits a workload, the provider reports its progress and
 * relays the controller's events, among them write conflicts the controller retries (with
 * `volumeRetention.whenDeleted: Delete`, the StatefulSet controller races itself setting the
 * claims' owner references).
 */
export function unexpected(diagnostics: readonly string[]): string[] {
  const expected = [
    /^warning: \[MinimumReplicasUnavailable\] Deployment does not have minimum availability\.$/,
    /^warning: FailedUpdate: .* the object has been modified; please apply your changes to the latest version and try again$/,
  ];
  return diagnostics.filter((d) => d !== pluginVersionWarning() && !expected.some((e) => e.test(d)));
}

/** The example and the matrix, with their cdk8s objects. */
const configurations = [example, ...matrixProps.map(cdk8sConfiguration)].map((c) => ({ name: c.name, objects: c.objects() }));

/** The Pulumi program: the example (its outputs are the stack's) and every matrix configuration. */
async function program(): Promise<Record<string, unknown>> {
  skipAddressAwait();
  const outputs = await shopProgram();
  for (const m of matrixProps) pulumiConfiguration(m);
  return outputs;
}

const stacks: Stack[] = [];
beforeAll(() => {
  requireCluster();
  requirePulumi();
  recycleVolumes();
});
afterAll(async () => {
  // Every object is in a configuration's namespace: deleting the namespaces removes them in one
  // step, and the stacks' state goes with `stack rm --force`. A `pulumi destroy` of every object
  // took over 10 minutes on 2 cores; pulumi-day2 tests what destroy does.
  deleteNamespaces(configurations.map((x) => x.name));
  for (const s of stacks) await s.workspace.removeStack(s.name, { force: true }).catch(() => undefined);
}, 10 * 60 * 1000);

describe('pulumi up with the real engine', () => {
  it('is the pinned build: the CLI of the npm SDK\'s version, the provider as the plugin the SDK asks for', () => {
    expect(built().cli).toBe(`v${JSON.parse(fs.readFileSync(require.resolve('@pulumi/pulumi/package.json'), 'utf8')).version}`);
    expect(built().provider).toBe(`kubernetes 4.25.0 (github.com/pulumi/pulumi-kubernetes/provider/v4 v4.0.0-20260115033456-f47bc2d6f199), installed as ${sdkPluginVersion()}`);
  });

  describe(`the example and the ${matrixProps.length} matrix configurations: kubectl apply of the cdk8s manifests, then one pulumi up`, () => {
    const fromCdk8s: Record<string, Record<string, Obj>> = {};
    const fromPulumi: Record<string, Record<string, Obj>> = {};
    const up = new Steps();
    let stack: Stack;
    let outputs: Record<string, { value: unknown }>;

    beforeAll(async () => {
      // One namespace per configuration, holding all its other objects (the teardown deletes the namespaces).
      for (const c of configurations) {
        expect({
          name: c.name,
          namespaces: c.objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name),
          elsewhere: c.objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== c.name).map((o) => `${o.kind}/${o.metadata.name}`),
        }).toEqual({ name: c.name, namespaces: [c.name], elsewhere: [] });
      }
      // cdk8s: applied as users ship it, read back, then removed.
      applyClean(configurations.flatMap((c) => c.objects));
      for (const c of configurations) fromCdk8s[c.name] = liveOf(c.objects);
      const names = configurations.map((c) => c.name);
      deleteNamespaces(names);
      await until('the namespaces to be gone', () => (names.every((n) => get('Namespace', n) === undefined) ? true : undefined), 300_000, 1000);
      recycleVolumes();
      // Pulumi: one update of everything.
      stack = await stackOf('pulumi-up', program);
      stacks.push(stack);
      const result = await stack.up({ onEvent: up.onEvent });
      expect(result.summary.result).toBe('succeeded');
      outputs = result.outputs;
      for (const c of configurations) fromPulumi[c.name] = liveOf(c.objects);
    }, 1_200_000);

    it('pulumi up created exactly these objects and the components, with no diagnostic but the expected warnings', () => {
      // keelson's own warning (canary-replicas: 1 canary pod next to 5) reaches the engine as a warning.
      expect(unexpected(up.diagnostics)).toEqual([
        'warning: canary weight 20% is not reachable with 5 stable replicas: 1 canary pod next to 5 give 16.67%; '
        + 'raise routing.totalReplicas or use a router (Istio, ingress-nginx, Gateway API) for a precise split',
      ]);
      expect(up.ops()).toEqual(['create']);
      const objects = up.steps.filter((s) => s.resource.startsWith('kubernetes:'));
      expect(objects).toHaveLength(configurations.reduce((n, c) => n + c.objects.length, 0));
      expect(up.steps.filter((s) => !s.resource.startsWith('kubernetes:')).every((s) => s.resource.startsWith('keelson:'))).toBe(true);
    });

    it.each(configurations.map((c) => [c.name, c] as const))('%s: the same live objects as from the cdk8s manifests', (name, config) => {
      for (const o of config.objects) {
        expect({ object: keyOf(o), missing: missing(o, fromPulumi[name][keyOf(o)]) }).toEqual({ object: keyOf(o), missing: [] });
      }
      expect(fromPulumi[name]).toEqual(fromCdk8s[name]);
    });

    it('the example program\'s outputs, as another stack would read them', () => {
      expect(outputs.etcdMembers.value).toEqual([0, 1, 2].map((i) => `etcd-${i}.etcd-headless.shop.svc.cluster.local`));
      expect(outputs.webSelector.value).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });
    });

    it('a second preview plans nothing', async () => {
      const again = new Steps();
      await stack.preview({ onEvent: again.onEvent, expectNoChanges: true });
      expect(again.changes()).toEqual([]);
    });
  });

  it('used the one local plugin and downloaded none', () => {
    expect(fs.readdirSync(path.join(PULUMI_HOME, 'plugins')).filter((f) => !f.endsWith('.lock') && !f.endsWith('.partial'))).toEqual([`resource-kubernetes-v${sdkPluginVersion()}`]);
  });
});
