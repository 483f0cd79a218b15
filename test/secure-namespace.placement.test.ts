/**
 * Apps placed in a SecureNamespace take its namespace: on cdk8s by being created in its scope, on
 * Pulumi by being given it as their `namespace`; they must then fit its quota and LimitRange.
 */
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { KeelsonValidationError, Port, Quantity } from '../lib';
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { AnyObject } from './helpers/best-practice';
import { paths, validationError } from './helpers/fixtures';
import { cdk8sObjects, pulumiObjects } from './helpers/parity';
import { mockPulumi, settle } from './helpers/pulumi';
import { api as exampleApi } from '../examples/shop';

const IMAGE = 'ghcr.io/acme/web:1.2.3';
let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

describe('cdk8s: apps in a SecureNamespace\'s scope', () => {
  it('take its namespace, whatever the chart\'s, nested scopes included', () => {
    const chart = new Chart(Testing.app(), 'platform', { namespace: 'platform' });
    const ns = new cdk8s.SecureNamespace(chart, 'shop');
    const web = new cdk8s.StatelessApp(ns, 'web', { containers: [{ image: IMAGE }] });
    const db = new cdk8s.StatefulApp(new Construct(ns, 'data'), 'db', {
      replicas: 3,
      allowTo: [],
      containers: [{ image: IMAGE, ports: [Port.tcp(5432, { name: 'db' })] }],
      storage: [{ name: 'data', mountPath: '/var/lib/db', size: Quantity.gibibytes(10) }],
    });
    const outside = new cdk8s.StatelessApp(chart, 'outside', { containers: [{ image: IMAGE }] });
    expect([web.namespace, db.namespace, outside.namespace]).toEqual(['shop', 'shop', 'platform']);
    const objects = Testing.synth(chart) as AnyObject[];
    for (const o of objects.filter((x) => ['web', 'db', 'db-headless'].includes(x.metadata?.name ?? ''))) expect(o.metadata!.namespace).toBe('shop');
  });

  it('must fit, even when the chart has no namespace', () => {
    const chart = new Chart(Testing.app(), 'c');
    const ns = new cdk8s.SecureNamespace(chart, 'shop', { quota: { pods: 5 } });
    new cdk8s.StatelessApp(ns, 'web', { containers: [{ image: IMAGE }], autoscaling: { maxReplicas: 4 } });
    const e = validationError(() => Testing.synth(chart));
    expect(e.problems).toEqual([{ construct: 'web', path: 'autoscaling.maxReplicas', message: '4 replicas (HPA maximum) + surge 1 + terminating 1 = 6 exceeds the quota\'s pods 5 in namespace "shop"', type: 'conflict' }]);
  });
});

describe('Pulumi: apps given a SecureNamespace as their namespace', () => {
  it('take its name, wait for it, and give the same objects as cdk8s', async () => {
    const deps = new Map<string, unknown>();
    const record = (a: { name: string; opts: { dependsOn?: unknown } }) => {
      deps.set(a.name, a.opts.dependsOn);
      return undefined;
    };
    const ns = new kpulumi.SecureNamespace('shop');
    const web = new kpulumi.StatelessApp('web', { namespace: ns, containers: [{ image: IMAGE }] }, { transformations: [record] });
    await settle();
    expect(web.namespace).toBe('shop');
    expect([deps.get('web-deployment')].flat()).toContain(ns);
    expect([deps.get('web-serviceaccount')].flat()).toEqual([ns]);

    const chart = new Chart(Testing.app(), 'c');
    new cdk8s.StatelessApp(new cdk8s.SecureNamespace(chart, 'shop'), 'web', { containers: [{ image: IMAGE }] });
    expect(pulumiObjects(mocks.registrations)).toEqual(cdk8sObjects(chart));
  });

  it('are checked before they register anything', async () => {
    const ns = new kpulumi.SecureNamespace('shop', { quota: { cpu: { request: '1' } } });
    await settle();
    const before = mocks.registrations.length;
    const e = validationError(() => new kpulumi.StatelessApp('web', { namespace: ns, replicas: 4, containers: [{ image: IMAGE, resources: { cpu: { request: '250m' } } }] }));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(paths(e)).toEqual(['containers[0].resources.cpu.request']);
    await settle();
    expect(mocks.registrations.length).toBe(before);
  });

  it('StatefulApp and CanaryRelease take a SecureNamespace too', async () => {
    // The api routes with Istio: its namespace runs the mesh.
    const ns = new kpulumi.SecureNamespace('shop', { quota: { persistentVolumeClaims: 2, memory: { request: '16Gi' } }, mesh: {} });
    const e = validationError(() => new kpulumi.StatefulApp('db', {
      namespace: ns,
      replicas: 3,
      allowTo: [],
      containers: [{ image: IMAGE, ports: [Port.tcp(5432, { name: 'db' })] }],
      storage: [{ name: 'data', mountPath: '/var/lib/db', size: Quantity.gibibytes(10) }],
    }));
    expect(e.problems).toEqual([{ construct: 'db', path: 'storage', message: '3 replicas × 1 claim template (data) = 3 exceeds the quota\'s persistentvolumeclaims 2 in namespace "shop"', type: 'conflict' }]);
    const api = new kpulumi.CanaryRelease('api', { ...exampleApi, namespace: ns });
    expect(api.namespace).toBe('shop');
    await settle();
  });
});
