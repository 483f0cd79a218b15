/**
 * The Pulumi StatefulApp under Pulumi's mocks: children and their logical names, the VPA as a
 * CustomResource, dependsOn order, Output images in containers and init containers, bad args,
 * and what protects the StatefulSet (Pulumi's `protect`; no keelson.lock.json).
 */
import * as fs from 'fs';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KeelsonValidationError, Port, Quantity } from '../../lib';
import { StatefulApp, StatefulAppArgs } from '../../lib/pulumi';
import { paths, validationError } from '../helpers/fixtures';
import { mockPulumi, settle, valueOf, Registration } from '../helpers/pulumi';
import { withLockFile } from '../helpers/stateful';

const image = 'ghcr.io/acme/db:1.4.2';
const DIGEST = `sha256:${'c'.repeat(64)}`;
const args = (extra: Partial<StatefulAppArgs> = {}): StatefulAppArgs => ({
  replicas: 3,
  containers: [{ image, ports: [Port.tcp(5432, { name: 'db' })] }],
  storage: [{ name: 'data', mountPath: '/var/lib/db', size: Quantity.gibibytes(10) }],
  ...extra,
});

let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

function byName(name: string): Registration {
  const found = mocks.registrations.filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('Pulumi StatefulApp', () => {
  test('registers one typed resource per object, with explicit metadata.name; the headless Service is <name>-headless-service', async () => {
    const app = new StatefulApp('orders', { ...args(), name: 'db', namespace: 'shop', verticalAutoscaling: { mode: 'Initial' } });
    await settle();
    expect(mocks.sorted().map((r) => `${r.type} ${r.name}`)).toEqual([
      'keelson:index:StatefulApp orders',
      'kubernetes:apps/v1:StatefulSet orders-statefulset',
      'kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler orders-verticalpodautoscaler',
      'kubernetes:core/v1:Service orders-headless-service',
      'kubernetes:core/v1:Service orders-service',
      'kubernetes:core/v1:ServiceAccount orders-serviceaccount',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy orders-networkpolicy',
      'kubernetes:policy/v1:PodDisruptionBudget orders-poddisruptionbudget',
    ]);
    for (const r of mocks.registrations.filter((x) => x.type.startsWith('kubernetes:'))) {
      expect((r.inputs.metadata as { namespace: string }).namespace).toBe('shop');
    }
    expect((byName('orders-headless-service').inputs as any).metadata.name).toBe('db-headless');
    expect((byName('orders-headless-service').inputs as any).spec.clusterIP).toBe('None');
    expect((byName('orders-service').inputs as any).metadata.name).toBe('db');
    expect((byName('orders-statefulset').inputs as any).spec.serviceName).toBe('db-headless');

    expect(app.statefulSet).toBeInstanceOf(k8s.apps.v1.StatefulSet);
    expect(app.headlessService).toBeInstanceOf(k8s.core.v1.Service);
    expect(app.service).toBeInstanceOf(k8s.core.v1.Service);
    expect(app.serviceAccount).toBeInstanceOf(k8s.core.v1.ServiceAccount);
    expect(app.networkPolicy).toBeInstanceOf(k8s.networking.v1.NetworkPolicy);
    expect(app.podDisruptionBudget).toBeInstanceOf(k8s.policy.v1.PodDisruptionBudget);
    expect(app.horizontalPodAutoscaler).toBeUndefined();
    expect(app.name).toBe('db');
    expect(app.podDnsNames).toEqual(['db-0.db-headless.shop.svc.cluster.local', 'db-1.db-headless.shop.svc.cluster.local', 'db-2.db-headless.shop.svc.cluster.local']);
    expect(await valueOf(app.statefulSet.urn)).toContain('keelson:index:StatefulApp$kubernetes:apps/v1:StatefulSet::orders-statefulset');
  });

  test('the VPA is a CustomResource with apiVersion and kind in its inputs', async () => {
    const app = new StatefulApp('db', args({ verticalAutoscaling: { maxAllowed: { memory: '8Gi' } } }));
    await settle();
    expect(app.verticalPodAutoscaler).toBeInstanceOf(k8s.apiextensions.CustomResource);
    const vpa = byName('db-verticalpodautoscaler');
    expect(vpa.type).toBe('kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler');
    expect(vpa.inputs).toMatchObject({
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: { name: 'db' },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' },
        updatePolicy: { updateMode: 'Off' },
        resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['cpu', 'memory'], maxAllowed: { memory: '8Gi' } }] },
      },
    });
  });

  test('with an HPA the StatefulSet omits replicas; without ports there is no client Service', async () => {
    const app = new StatefulApp('worker', args({ containers: [{ image, ports: [] }], autoscaling: { maxReplicas: 6 } }));
    await settle();
    expect(app.service).toBeUndefined();
    expect(app.horizontalPodAutoscaler).toBeInstanceOf(k8s.autoscaling.v2.HorizontalPodAutoscaler);
    expect(mocks.registrations.filter((r) => r.type === 'kubernetes:core/v1:Service').map((r) => r.name)).toEqual(['worker-headless-service']);
    expect((byName('worker-statefulset').inputs as any).spec).not.toHaveProperty('replicas');
    expect((byName('worker-horizontalpodautoscaler').inputs as any).spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'worker' });
  });

  test('dependsOn: the StatefulSet waits for its ServiceAccount, NetworkPolicy and headless Service; the autoscalers for the StatefulSet', async () => {
    const deps = new Map<string, unknown>();
    const record: pulumi.ResourceTransformation = (a) => {
      deps.set(a.name, a.opts.dependsOn);
      return undefined;
    };
    const vpaApp = new StatefulApp('db', args({ verticalAutoscaling: {} }), { transformations: [record] });
    const hpaApp = new StatefulApp('queue', args({ autoscaling: { maxReplicas: 5 } }), { transformations: [record] });
    await settle();
    const list = (name: string) => [deps.get(name)].flat().filter((d) => d !== undefined);
    expect(list('db-statefulset')).toHaveLength(3);
    expect(list('db-statefulset')[0]).toBe(vpaApp.serviceAccount);
    expect(list('db-statefulset')[1]).toBe(vpaApp.networkPolicy);
    expect(list('db-statefulset')[2]).toBe(vpaApp.headlessService);
    expect(list('db-verticalpodautoscaler')).toEqual([vpaApp.statefulSet]);
    expect(list('queue-horizontalpodautoscaler')).toEqual([hpaApp.statefulSet]);
    for (const n of ['db-serviceaccount', 'db-networkpolicy', 'db-headless-service', 'db-service', 'db-poddisruptionbudget']) expect(list(n)).toEqual([]);
  });

  test('accepts Output images for containers and init containers, and keeps them, with the pull policy of the real image', async () => {
    const app = new StatefulApp('db', args({
      namespace: 'shop',
      containers: [{ image: pulumi.output(`registry.example.com/db@${DIGEST}`), ports: [Port.tcp(5432, { name: 'db' })], env: { ROLE: pulumi.output('primary') } }],
      initContainers: [{ name: 'init', image: pulumi.output('registry.example.com/db-init:2.0.0') }, { name: 'plain', image: 'ghcr.io/acme/plain:1.0.0' }],
    }));
    await settle();
    const spec = await valueOf(app.statefulSet.spec);
    const [main] = spec.template.spec!.containers;
    const [init, plain] = spec.template.spec!.initContainers!;
    expect(main.image).toBe(`registry.example.com/db@${DIGEST}`);
    expect(main.imagePullPolicy).toBe('IfNotPresent');
    expect(main.env).toEqual([{ name: 'ROLE', value: 'primary' }]);
    expect(init.image).toBe('registry.example.com/db-init:2.0.0');
    expect(init.imagePullPolicy).toBe('Always');
    expect(init.volumeMounts!.map((v) => v.name)).toEqual(['tmp', 'data']);
    expect(plain.image).toBe('ghcr.io/acme/plain:1.0.0');
    // An image known only later gives no version label rather than a guessed one.
    expect(spec.template.metadata!.labels).not.toHaveProperty(['app.kubernetes.io/version']);
    expect(JSON.stringify(mocks.registrations.map((r) => r.inputs))).not.toContain('deferred.keelson.invalid');
  });

  test('bad args throw the library error before anything is registered', async () => {
    const e = validationError(() => new StatefulApp('Db', { containers: [], storage: [{ name: 'data', mountPath: 'rel', size: '0' }] } as unknown as StatefulAppArgs));
    expect(paths(e)).toEqual(['name', 'storage[0].mountPath', 'storage[0].size', 'containers', 'replicas']);
    expect(() => new StatefulApp('db', args({ replicas: 4, disruptionBudget: { quorum: true } }))).toThrow(KeelsonValidationError);
    expect(() => new StatefulApp('db', args({ verticalAutoscaling: { mode: 'Auto' }, autoscaling: { maxReplicas: 5 } }))).toThrow(KeelsonValidationError);
    expect(() => new StatefulApp('db', null as unknown as StatefulAppArgs)).toThrow(KeelsonValidationError);
    await settle();
    expect(mocks.registrations).toHaveLength(0);
  });

  test('another keelson app calls it (allowTo: [db]); its allowFrom does not name the caller', async () => {
    const db = new StatefulApp('db', args({ namespace: 'shop' }));
    expect(() => new StatefulApp('cache', args({ namespace: 'shop', allowFrom: [db] }))).toThrow(/names StatefulApp "db", a keelson app/);
    new StatefulApp('replica', args({ namespace: 'shop', allowTo: [db] }));
    await settle();
    const ingress = (byName('replica-networkpolicy-db-from-replica').inputs as any).spec.ingress;
    expect(ingress[0].from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'replica', 'app.kubernetes.io/instance': 'replica' } } }]);
  });
});

describe('what protects a Pulumi StatefulApp: the StatefulSet is protected in the stack\'s state', () => {
  /** `protect` of each registration, as the engine receives it (the mock monitor's request). */
  async function protectedChildren(create: () => void): Promise<Record<string, boolean>> {
    const monitor = (pulumi.runtime as unknown as { getMonitor(): any }).getMonitor();
    const original = monitor.registerResource;
    const seen: Record<string, boolean> = {};
    monitor.registerResource = function (req: any, callback: unknown) {
      seen[req.getName()] = req.getProtect();
      return original.call(this, req, callback);
    };
    try {
      create();
      await settle();
    } finally {
      monitor.registerResource = original;
    }
    return seen;
  }

  test('the StatefulSet is registered with protect, and no other child is', async () => {
    const seen = await protectedChildren(() => new StatefulApp('db', args({ namespace: 'shop' })));
    expect(seen['db-statefulset']).toBe(true);
    expect(Object.entries(seen).filter(([, p]) => p).map(([n]) => n)).toEqual(['db-statefulset']);
    expect(Object.keys(seen)).toEqual(expect.arrayContaining(['db', 'db-service', 'db-headless-service', 'db-poddisruptionbudget']));
  });

  test('`protect: false` on the component unprotects it (to delete the app, or to let Pulumi replace the StatefulSet)', async () => {
    const seen = await protectedChildren(() => new StatefulApp('db', args({ namespace: 'shop' }), { protect: false }));
    expect(seen['db-statefulset']).toBe(false);
    expect(Object.values(seen).some((p) => p)).toBe(false);
  });

  test('keelson.lock.json is not used: a StatefulApp neither reads nor writes it, even with the lock settings on', async () => {
    await withLockFile(async (file) => {
      fs.writeFileSync(file, '{ not json');
      new StatefulApp('db', args({ namespace: 'shop' }));
      await mocks.newStack();
      new StatefulApp('db', args({ namespace: 'shop', storage: [{ name: 'data', mountPath: '/var/lib/db', size: '20Gi' }] }));
      await settle();
      expect(fs.readFileSync(file, 'utf8')).toBe('{ not json');
    });
  });
});
