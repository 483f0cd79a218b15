/**
 * `pulumi up` for real: the Pulumi CLI and Kubernetes provider built from pinned Go modules
 * (pulumi-build.sh), driven by the automation API with inline programs, against the newest control
 * plane. The example program (examples/pulumi) and a few configurations of the cdk8s matrix are
 * deployed both ways, one after the other in the same namespace: `kubectl apply --server-side` of
 * what the cdk8s adapter synthesises, then `pulumi up` of the Pulumi components with the same
 * props. The live objects must be the same (once what the API server and each tool add is
 * removed: see `normalise`), and every field cdk8s sets must be live as it set it.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { Stack } from '@pulumi/pulumi/automation';
import { Construct } from 'constructs';
import { Obj, applyClean, deleteNamespaces, kubectlOk, requireCluster, synth } from './kube';
import { example } from './matrix';
import { PULUMI_HOME, Steps, built, keyOf, liveOf, missing, pluginVersionWarning, requirePulumi, sdkPluginVersion, stackOf } from './pulumi-engine';
import {
  CanaryReleaseProps,
  CanaryRouting,
  Duration,
  NetworkEgress,
  NetworkPeer,
  Port,
  Probe,
  Quantity,
  SecureNamespaceProps,
  StatefulAppProps,
  StatelessAppProps,
} from '../../lib';
import * as c from '../../lib/cdk8s';
import * as p from '../../lib/pulumi';

const IMAGE = 'ghcr.io/acme/app:1.0.0';
const CANARY = 'ghcr.io/acme/app:1.1.0';
const small = { cpu: { request: Quantity.millicores(50) }, memory: { request: Quantity.mebibytes(64) } };

/**
 * The cluster has no ingress controller, so no Ingress ever gets a load-balancer address: the
 * provider's Ingress await would wait for one until it times out. Every Ingress gets
 * `pulumi.com/skipAwait` (an annotation `normalise` removes, like Pulumi's others).
 */
export function skipIngressAwait(): void {
  pulumi.runtime.registerResourceTransform((args) => {
    if (args.type !== 'kubernetes:networking.k8s.io/v1:Ingress') return undefined;
    const metadata = { ...(args.props.metadata ?? {}) };
    metadata.annotations = { ...(metadata.annotations ?? {}), 'pulumi.com/skipAwait': 'true' };
    return { props: { ...args.props, metadata }, opts: args.opts };
  });
}

/** A configuration built on both engines from the same props. */
interface Both {
  readonly name: string;
  readonly cdk8s: () => Obj[];
  readonly pulumi: () => Promise<Record<string, unknown>>;
}

type Apps = {
  stateless?: Omit<StatelessAppProps, 'name'>;
  stateful?: Omit<StatefulAppProps, 'name'>;
  canary?: Omit<CanaryReleaseProps, 'name'>;
};

/** Apps in a SecureNamespace, on both engines (the cdk8s side as matrix.ts builds it). */
function both(name: string, namespace: Omit<SecureNamespaceProps, 'name'>, apps: Apps): Both {
  return {
    name,
    cdk8s: () => synth((chart) => {
      const ns: Construct = new c.SecureNamespace(chart, name, namespace);
      if (apps.stateless) new c.StatelessApp(ns, 'web', apps.stateless);
      if (apps.stateful) new c.StatefulApp(ns, 'db', apps.stateful);
      if (apps.canary) new c.CanaryRelease(ns, 'api', apps.canary);
    }),
    pulumi: async () => {
      skipIngressAwait();
      const ns = new p.SecureNamespace(name, namespace);
      if (apps.stateless) new p.StatelessApp('web', { ...apps.stateless, namespace: ns });
      if (apps.stateful) new p.StatefulApp('db', { ...apps.stateful, namespace: ns });
      if (apps.canary) new p.CanaryRelease('api', { ...apps.canary, namespace: ns } as p.CanaryReleaseArgs);
      return {};
    },
  };
}

const quota = { cpu: { request: Quantity.cores(8) }, memory: { request: Quantity.gibibytes(16) }, pods: 60 };

/**
 * The example program, exactly: examples/pulumi/index.ts, imported by the inline program. A module
 * runs once per registry, so each run imports it (and keelson) into a fresh one, with the one copy
 * of the Pulumi SDK this process runs the inline program with (a second copy's gRPC messages are
 * refused: "Request message serialization failure").
 */
const shop: Both = {
  name: example.name,
  cdk8s: example.objects,
  pulumi: async () => {
    skipIngressAwait();
    let outputs: Record<string, unknown> = {};
    const sdk = { pulumi: await import('@pulumi/pulumi'), kubernetes: await import('@pulumi/kubernetes') };
    await jest.isolateModulesAsync(async () => {
      jest.doMock('@pulumi/pulumi', () => sdk.pulumi);
      jest.doMock('@pulumi/kubernetes', () => sdk.kubernetes);
      const m = await import('../../examples/pulumi/index');
      outputs = { webSelector: m.webSelector, etcdMembers: m.etcdMembers };
    });
    return outputs;
  },
};

/** Configurations of matrix.ts, with its props. */
const configurations: readonly Both[] = [
  shop,
  both('pulumi-stateless-full', { quota }, {
    stateless: {
      containers: [{
        image: IMAGE,
        ports: [Port.http(8080), Port.grpc(9090)],
        resources: { cpu: { request: Quantity.millicores(100), limit: Quantity.cores(1) }, memory: { request: Quantity.mebibytes(128) } },
        startup: Probe.http('/health', { failureThreshold: 30 }),
      }],
      autoscaling: { minReplicas: 2, maxReplicas: 6 },
      ingress: { hosts: ['web.example.com'], className: 'nginx', tlsSecretName: 'web-tls' },
      allowFrom: [NetworkPeer.sameNamespace(), NetworkPeer.namespace('monitoring')],
      allowTo: [NetworkEgress.to(NetworkPeer.pods({ 'app.kubernetes.io/name': 'db' }), 5432)],
    },
  }),
  both('pulumi-stateful-options', { quota }, {
    stateful: {
      replicas: 5,
      containers: [{ image: IMAGE, ports: [Port.tcp(2379, { name: 'client' }), Port.tcp(2380, { name: 'peer', expose: false })], resources: small }],
      storage: [
        { name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(2), storageClassName: 'ssd' },
        { name: 'wal', mountPath: '/var/lib/wal', size: Quantity.gibibytes(1) },
      ],
      podManagementPolicy: 'Parallel',
      updatePartition: 2,
      volumeRetention: { whenDeleted: 'Delete', whenScaled: 'Retain' },
      disruptionBudget: { quorum: true },
      verticalAutoscaling: { mode: 'Initial', maxAllowed: { cpu: Quantity.cores(2), memory: Quantity.gibibytes(4) } },
      minReady: Duration.seconds(5),
      revisionHistoryLimit: 5,
      allowTo: [],
    },
  }),
  both('pulumi-canary-nginx', { quota }, {
    canary: {
      containers: [{ image: IMAGE, ports: [Port.http(8080)], resources: small }],
      stable: { replicas: 3 },
      canary: { image: CANARY, weight: 20 },
      routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'], header: 'x-canary' }),
      allowFrom: [NetworkPeer.sameNamespace()],
    },
  }),
  both('pulumi-canary-gateway', { quota, podSecurity: { enforce: 'baseline', audit: 'baseline', warn: 'baseline' } }, {
    canary: {
      containers: [{ image: IMAGE, ports: [Port.http(8080)], resources: small }],
      stable: { replicas: 3 },
      canary: { image: CANARY, weight: 20 },
      routing: CanaryRouting.gatewayApi({ gateway: 'infra/public', hostnames: ['api.example.com'], controllerNamespace: 'infra' }),
      allowFrom: [NetworkPeer.sameNamespace()],
    },
  }),
];

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

const stacks: Stack[] = [];
beforeAll(() => {
  requireCluster();
  requirePulumi();
  recycleVolumes();
});
afterAll(async () => {
  // `pulumi destroy` of what is left, then the namespaces (a destroy that failed leaves them).
  for (const s of stacks) await s.destroy().catch(() => undefined);
  deleteNamespaces(configurations.map((x) => x.name));
});

describe('pulumi up with the real engine', () => {
  it('is the pinned build: the CLI of the npm SDK\'s version, the provider as the plugin the SDK asks for', () => {
    expect(built().cli).toBe(`v${JSON.parse(fs.readFileSync(require.resolve('@pulumi/pulumi/package.json'), 'utf8')).version}`);
    expect(built().provider).toBe(`kubernetes 4.25.0 (github.com/pulumi/pulumi-kubernetes/provider/v4 v4.0.0-20260115033456-f47bc2d6f199), installed as ${sdkPluginVersion()}`);
  });

  it.each(configurations.map((x) => [x.name, x] as const))('%s: the same live objects as the cdk8s manifests applied with kubectl', async (name, config) => {
    const objects = config.cdk8s();
    const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    expect(namespaces).toEqual([name]);

    // cdk8s: applied as users ship it, read back, then removed.
    applyClean(objects);
    const fromCdk8s = liveOf(objects);
    deleteNamespaces(namespaces);
    recycleVolumes();

    // Pulumi: `pulumi up` creates exactly these objects, and nothing else but the components.
    const stack = await stackOf(name, config.pulumi);
    stacks.push(stack);
    const up = new Steps();
    const result = await stack.up({ onEvent: up.onEvent });
    expect(unexpected(up.diagnostics)).toEqual([]);
    expect(result.summary.result).toBe('succeeded');
    const created = up.steps.filter((s) => !s.resource.startsWith('keelson:'));
    expect(up.ops()).toEqual(['create']);
    expect(created.map((s) => s.resource.split('::')[0].split(':').pop())).toHaveLength(objects.length);

    const fromPulumi = liveOf(objects);
    for (const o of objects) {
      expect({ object: keyOf(o), missing: missing(o, fromPulumi[keyOf(o)]) }).toEqual({ object: keyOf(o), missing: [] });
    }
    expect(fromPulumi).toEqual(fromCdk8s);

    if (name === shop.name) {
      // The program's outputs, as another stack would read them.
      expect(result.outputs.etcdMembers.value).toEqual([0, 1, 2].map((i) => `etcd-${i}.etcd-headless.shop.svc.cluster.local`));
      expect(result.outputs.webSelector.value).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });
    }

    // A second run changes nothing.
    const again = new Steps();
    await stack.preview({ onEvent: again.onEvent, expectNoChanges: true });
    expect(again.changes()).toEqual([]);
  });

  it('used the one local plugin and downloaded none', () => {
    expect(fs.readdirSync(path.join(PULUMI_HOME, 'plugins')).filter((f) => !f.endsWith('.lock') && !f.endsWith('.partial'))).toEqual([`resource-kubernetes-v${sdkPluginVersion()}`]);
  });
});

