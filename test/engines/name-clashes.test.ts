/**
 * Issue 11, class 2: two objects of one kind, namespace and name are one object in the cluster.
 * Every object a keelson construct emits is claimed in its cdk8s app / Pulumi deployment (per
 * cluster) before anything is added or registered; a clash is the library's error on both engines,
 * naming both constructs and the objects, and the construct that clashes adds nothing.
 */
import * as k8s from '@pulumi/kubernetes';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryRouting, KeelsonValidationError, Quantity } from '../../lib';
import * as cdk8s from '../../lib/cdk8s';
import * as kpulumi from '../../lib/pulumi';
import { Outcome, Step, onCdk8s, onPulumi, verdict } from '../helpers/engines';
import { validationError } from '../helpers/fixtures';
import { mockPulumi } from '../helpers/pulumi';

const IMAGE = 'ghcr.io/acme/web:1.0.0';
let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});

const stateless = (id: string, extra: object = {}): Step => ({ type: 'StatelessApp', id, props: { namespace: 'shop', containers: [{ image: IMAGE }], ...extra } });
const stateful = (id: string, extra: object = {}): Step => ({
  type: 'StatefulApp',
  id,
  props: { namespace: 'shop', replicas: 3, containers: [{ image: IMAGE }], storage: [{ name: 'data', mountPath: '/data', size: Quantity.gibibytes(1) }], ...extra },
});
const canary = (id: string, routing: CanaryRouting, extra: object = {}): Step => ({
  type: 'CanaryRelease', id, props: { namespace: 'shop', containers: [{ image: IMAGE }], canary: { image: 'ghcr.io/acme/web:1.1.0', weight: 10 }, routing, ...extra },
});
const namespace = (id: string, extra: object = {}): Step => ({ type: 'SecureNamespace', id, props: { ...extra } });

/** Runs the steps on both engines; the verdicts must agree. */
async function both(steps: readonly Step[]): Promise<Outcome[]> {
  const onC = onCdk8s(steps);
  const onP = await onPulumi(mocks, steps);
  expect(onP.map(verdict)).toEqual(onC.map(verdict));
  return onC;
}

function clash(o: Outcome): KeelsonValidationError {
  expect(o.error).toBeInstanceOf(KeelsonValidationError);
  expect(o.error!.problems).toHaveLength(1);
  expect(o.error!.problems[0]).toMatchObject({ path: 'name', type: 'duplicate' });
  return o.error!;
}

describe('name clashes: the same verdict on both engines', () => {
  test('two apps of one name in a namespace: the second names the first and every shared object', async () => {
    const [first, second] = await both([stateless('web-a', { name: 'web' }), stateless('web-b', { name: 'web' })]);
    expect(first.objects).toBeGreaterThan(0);
    const e = clash(second);
    expect(e.constructType).toBe('StatelessApp');
    expect(e.message).toContain('StatelessApp "web"');
    for (const kind of ['Deployment', 'Service', 'ServiceAccount', 'NetworkPolicy', 'PodDisruptionBudget']) expect(e.problems[0].message).toContain(`${kind} "web"`);
    expect(e.problems[0].message).toContain('in namespace "shop" are also emitted by StatelessApp "web" (cdk8s construct test/web-a)');
  });

  test('an app whose objects carry a name another kind of app derives: db-headless beside StatefulApp db, both orders', async () => {
    const [, headless] = await both([stateful('db'), stateless('db-headless')]);
    expect(clash(headless).problems[0].message).toMatch(/^Service "db-headless" in namespace "shop" is also emitted by StatefulApp "db"/);
    const [, db] = await both([stateless('db-headless'), stateful('db')]);
    expect(clash(db).constructType).toBe('StatefulApp');
    expect(db.error!.problems[0].message).toMatch(/^Service "db-headless" in namespace "shop" is also emitted by StatelessApp "db-headless"/);
  });

  test.each([
    ['ingress-nginx', CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }), ['Service "api-canary"', 'Deployment "api-canary"', 'PodDisruptionBudget "api-canary"']],
    ['istio', CanaryRouting.istio(), ['Deployment "api-canary"', 'PodDisruptionBudget "api-canary"']],
  ])('api-canary beside CanaryRelease api (%s)', async (_routing, routing, objects) => {
    const [release, app] = await both([canary('api', routing), stateless('api-canary')]);
    expect(release.objects).toBeGreaterThan(0);
    const message = clash(app).problems[0].message;
    for (const o of objects) expect(message).toContain(o);
    expect(message).toContain('also emitted by CanaryRelease "api"');
  });

  test('two SecureNamespaces of one name: the Namespace (cluster-scoped) and everything in it', async () => {
    const [, second] = await both([namespace('team'), namespace('team-again', { name: 'team' })]);
    const e = clash(second);
    expect(e.constructType).toBe('SecureNamespace');
    expect(e.problems[0].message).toMatch(/^Namespace "team", ResourceQuota "default", .* are also emitted by SecureNamespace "team"/);
  });

  test('an app named like one of the namespace\'s own objects (the NetworkPolicy allow-dns, the ServiceAccount default)', async () => {
    const [, dns, sa] = await both([namespace('shop'), stateless('allow-dns'), stateless('default')]);
    expect(clash(dns).problems[0].message).toMatch(/^NetworkPolicy "allow-dns" in namespace "shop" is also emitted by SecureNamespace "shop"/);
    expect(clash(sa).problems[0].message).toMatch(/^ServiceAccount "default" in namespace "shop" is also emitted by SecureNamespace "shop"/);
  });

  test('one name in two namespaces, and distinct names, are no clash', async () => {
    const outcomes = await both([stateless('web'), stateless('web-other', { name: 'web', namespace: 'other' }), stateful('db'), canary('api', CanaryRouting.istio())]);
    for (const o of outcomes) expect(o.objects).toBeGreaterThan(0);
  });

  test('an app without a namespace and one in "default" are not compared (the default namespace is the user\'s context)', async () => {
    const outcomes = await both([stateless('web', { namespace: undefined }), stateless('web-default', { name: 'web', namespace: 'default' })]);
    for (const o of outcomes) expect(o.objects).toBeGreaterThan(0);
  });
});

describe('name clashes: cdk8s scope', () => {
  test('per deployment target: charts given one target clash; two charts (dev and prod) or two apps do not', () => {
    const app = Testing.app();
    const a = new Chart(app as unknown as Construct, 'a', { namespace: 'shop' });
    const b = new Chart(app as unknown as Construct, 'b', { namespace: 'shop' });
    cdk8s.configureLock(a, { target: 'cluster-1' });
    cdk8s.configureLock(b, { target: 'cluster-1' });
    new cdk8s.StatelessApp(a, 'web', { containers: [{ image: IMAGE }] });
    const e = validationError(() => new cdk8s.StatelessApp(b, 'web', { containers: [{ image: IMAGE }] }));
    expect(e.problems[0].message).toContain('(cdk8s construct a/web)');
    expect(b.node.children).toHaveLength(0);
    // Two charts of their own (a dev and a prod chart in one namespace, applied to two clusters).
    const dev = new Chart(app as unknown as Construct, 'dev', { namespace: 'shop' });
    const prod = new Chart(app as unknown as Construct, 'prod', { namespace: 'shop' });
    new cdk8s.StatelessApp(dev, 'web', { containers: [{ image: IMAGE }] });
    expect(() => new cdk8s.StatelessApp(prod, 'web', { containers: [{ image: IMAGE }] })).not.toThrow();
    const other = new Chart(Testing.app() as unknown as Construct, 'a', { namespace: 'shop' });
    expect(() => new cdk8s.StatelessApp(other, 'web', { containers: [{ image: IMAGE }] })).not.toThrow();
  });

  test('the same id twice in one scope is the library\'s clash, not the constructs library\'s error', () => {
    const chart = new Chart(new App() as unknown as Construct, 'c', { namespace: 'shop' });
    new cdk8s.StatefulApp(chart, 'db', stateful('db').props as never);
    const e = validationError(() => new cdk8s.StatefulApp(chart, 'db', stateful('db').props as never));
    expect(e.problems[0].message).toContain('also emitted by StatefulApp "db" (cdk8s construct c/db)');
  });
});

describe('name clashes: Pulumi scope', () => {
  test('per Kubernetes provider: the same app on two clusters is no clash, twice on one is', async () => {
    await mocks.newStack();
    const east = new k8s.Provider('east', {});
    const west = new k8s.Provider('west', {});
    new kpulumi.StatelessApp('web-east', { name: 'web', namespace: 'shop', containers: [{ image: IMAGE }] }, { provider: east });
    expect(() => new kpulumi.StatelessApp('web-west', { name: 'web', namespace: 'shop', containers: [{ image: IMAGE }] }, { providers: [west] })).not.toThrow();
    const e = validationError(() => new kpulumi.StatelessApp('web-east-2', { name: 'web', namespace: 'shop', containers: [{ image: IMAGE }] }, { providers: { kubernetes: east } }));
    expect(e.problems[0].message).toContain('(Pulumi resource "web-east")');
    // A child of a component inherits its provider.
    const parent = new kpulumi.SecureNamespace('team', {}, { provider: west });
    const inherited = validationError(() => new kpulumi.StatelessApp('again', { name: 'web', namespace: 'shop', containers: [{ image: IMAGE }] }, { parent }));
    expect(inherited.problems[0].message).toContain('(Pulumi resource "web-west")');
  });

  test('per deployment: a new deployment (a new engine monitor) starts empty', async () => {
    await onPulumi(mocks, [stateless('web')]);
    const [again] = await onPulumi(mocks, [stateless('web')]);
    expect(again.objects).toBeGreaterThan(0);
  });

  test('an app refused for a clash is not admitted into its SecureNamespace (the quota does not count it)', async () => {
    await mocks.newStack();
    const ns = new kpulumi.SecureNamespace('shop', { quota: { pods: 10 } });
    new kpulumi.StatelessApp('web', { namespace: ns, replicas: 2, containers: [{ image: IMAGE }] });
    validationError(() => new kpulumi.StatelessApp('web-again', { name: 'web', namespace: ns, replicas: 2, containers: [{ image: IMAGE }] }));
    // 4 pods at its peak: it fits beside the first (4 + 4 ≤ 10), which it would not if the refused one counted.
    expect(() => new kpulumi.StatelessApp('api', { namespace: ns, replicas: 2, containers: [{ image: IMAGE }] })).not.toThrow();
  });
});
