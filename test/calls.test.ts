/**
 * A call graph declared once (issue 13): `allowTo: [app]` or `Call.to(app, { port })` on the caller
 * gives the caller's egress rule and, in the callee's namespace, a NetworkPolicy `<callee>-from-<caller>`
 * and (mesh) an AuthorizationPolicy for the caller's ServiceAccount, on the pod port the named Service
 * port sends to; the same objects on cdk8s and Pulumi; one side of a call alone is an error on both.
 */
import { Call, KeelsonValidationError, NetworkEgress, Port, Quantity, ValidationProblem } from '../lib';
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { comparable } from './helpers/engines';
import { ObjectsByKey, cdk8sObjects, chartIn, pulumiObjects } from './helpers/parity';
import { mockPulumi, settle } from './helpers/pulumi';

let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

const small = { cpu: { request: Quantity.millicores(50) }, memory: { request: Quantity.mebibytes(64), limit: Quantity.mebibytes(128) } };
const namespace = (mesh: boolean) => ({
  quota: { cpu: { request: Quantity.cores(8) }, memory: { request: Quantity.gibibytes(16), limit: Quantity.gibibytes(32) }, pods: 40 },
  ...(mesh ? { mesh: {} } : {}),
});
const api = { containers: [{ image: 'ghcr.io/acme/api:1.0.0', ports: [Port.http(8080), Port.grpc(9090, { servicePort: 50051 })], resources: small }] };
const db = { replicas: 1, containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'postgres' })], resources: small }] };
const reviews = {
  containers: [{ image: 'ghcr.io/acme/reviews:1.0.0', ports: [Port.http(9080, { servicePort: 9080 })], resources: small }],
  stable: { replicas: 2 },
  canary: { image: 'ghcr.io/acme/reviews:1.1.0', weight: 10 },
  routing: kpulumi.CanaryRouting.istio(),
};
const web = { containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)], resources: small }], serviceAccount: { name: 'frontend' } };
const report = { containers: [{ image: 'ghcr.io/acme/report:1.0.0', resources: small }], schedule: '@daily' };

/** Two mesh namespaces: web calls api (its gRPC port only), db and the reviews release; a report job in `ops` calls api across namespaces. */
function withCdk8s(): ObjectsByKey {
  const chart = chartIn();
  const shop = new cdk8s.SecureNamespace(chart, 'shop', namespace(true));
  const ops = new cdk8s.SecureNamespace(chart, 'ops', namespace(true));
  const a = new cdk8s.StatelessApp(shop, 'api', api);
  const d = new cdk8s.StatefulApp(shop, 'db', db);
  const r = new cdk8s.CanaryRelease(shop, 'reviews', reviews);
  new cdk8s.StatelessApp(shop, 'web', { ...web, allowTo: [Call.to(a, { port: 'grpc' }), d, r] });
  new cdk8s.BatchJob(ops, 'report', { ...report, allowTo: [a] });
  return cdk8sObjects(chart);
}

async function withPulumi(): Promise<ObjectsByKey> {
  const shop = new kpulumi.SecureNamespace('shop', namespace(true));
  const ops = new kpulumi.SecureNamespace('ops', namespace(true));
  const a = new kpulumi.StatelessApp('api', { ...api, namespace: shop });
  const d = new kpulumi.StatefulApp('db', { ...db, namespace: shop });
  const r = new kpulumi.CanaryRelease('reviews', { ...reviews, namespace: shop });
  new kpulumi.StatelessApp('web', { ...web, namespace: shop, allowTo: [Call.to(a, { port: 'grpc' }), d, r] });
  new kpulumi.BatchJob('report', { ...report, namespace: ops, allowTo: [a] });
  await settle();
  return pulumiObjects(mocks.registrations);
}

type Policy = { metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec: Record<string, any> };

describe('a call declared once, on the caller', () => {
  test('gives the caller\'s egress rule on the pod port the named Service port sends to', () => {
    const objects = withCdk8s();
    const egress = (objects['NetworkPolicy/web'] as unknown as Policy).spec.egress;
    expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } } }], ports: [{ protocol: 'TCP', port: 9090 }] });
    expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] });
    expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'reviews', 'app.kubernetes.io/instance': 'reviews' } } }], ports: [{ protocol: 'TCP', port: 9080 }] });
    // The job in `ops` reaches api's pods in `shop`, on every port of api's Service.
    expect((objects['NetworkPolicy/report'] as unknown as Policy).spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 9090 }],
    });
  });

  test('admits the caller in the callee\'s namespace: a NetworkPolicy and, in a mesh, an AuthorizationPolicy for its ServiceAccount', () => {
    const objects = withCdk8s();
    const policy = objects['NetworkPolicy/api-from-web'] as unknown as Policy;
    expect(policy.metadata).toMatchObject({ namespace: 'shop', annotations: { 'keelson.dev/caller': 'shop/web' } });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } } }], ports: [{ protocol: 'TCP', port: 9090 }] }],
    });
    expect((objects['AuthorizationPolicy/api-from-web'] as unknown as Policy).spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }], to: [{ operation: { ports: ['9090'] } }] }],
    });
    expect(Object.keys(objects).filter((k) => k.includes('-from-')).sort()).toEqual([
      'AuthorizationPolicy/api-from-report.ops', 'AuthorizationPolicy/api-from-web', 'AuthorizationPolicy/db-from-web', 'AuthorizationPolicy/reviews-from-web',
      'NetworkPolicy/api-from-report.ops', 'NetworkPolicy/api-from-web', 'NetworkPolicy/db-from-web', 'NetworkPolicy/reviews-from-web',
    ]);
    const across = objects['NetworkPolicy/api-from-report.ops'] as unknown as Policy;
    expect(across.metadata.namespace).toBe('shop');
    expect(across.spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'report', 'app.kubernetes.io/instance': 'report' } },
    }]);
    expect((objects['AuthorizationPolicy/api-from-report.ops'] as unknown as Policy).spec.rules[0].from).toEqual([{ source: { principals: ['cluster.local/ns/ops/sa/report'] } }]);
  });

  test('outside a mesh, no AuthorizationPolicy', () => {
    const chart = chartIn('shop');
    const a = new cdk8s.StatelessApp(chart, 'api', api);
    new cdk8s.StatelessApp(chart, 'web', { ...web, allowTo: [a] });
    expect(Object.keys(cdk8sObjects(chart)).filter((k) => k.includes('-from-'))).toEqual(['NetworkPolicy/api-from-web']);
  });

  test('cdk8s and Pulumi give the same objects', async () => {
    const fromCdk8s = withCdk8s();
    const fromPulumi = await withPulumi();
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    expect(fromPulumi).toEqual(fromCdk8s);
  });

  test('a callee in the caller\'s namespace given as the same Pulumi input is in the caller\'s namespace', async () => {
    const { output } = await import('@pulumi/pulumi');
    const ns = output('shop');
    const a = new kpulumi.StatelessApp('api', { ...api, namespace: ns });
    new kpulumi.StatelessApp('web', { ...web, namespace: ns, allowTo: [a] });
    await settle();
    const objects = pulumiObjects(mocks.registrations);
    expect((objects['NetworkPolicy/api-from-web'] as unknown as Policy).metadata.namespace).toBe('shop');
  });

  test('so is a callee given a Namespace resource\'s name Output, shared by both apps (the consumer project\'s program)', async () => {
    const k8s = await import('@pulumi/kubernetes');
    const shop = new k8s.core.v1.Namespace('shop', { metadata: { name: 'shop' } }).metadata.name;
    const r = new kpulumi.CanaryRelease('api', { ...reviews, namespace: shop, allowFrom: [] });
    new kpulumi.StatelessApp('web', { ...web, namespace: shop, allowTo: [r] });
    await settle();
    const policy = mocks.registrations.find((x) => x.name === 'web-networkpolicy-api-from-web')!.inputs as unknown as Policy;
    expect(policy.metadata.namespace).toBe('shop');
    expect(policy.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } } }]);
  });
});

/** The problems a construct's error lists, or a failure. */
function problemsOf(build: () => unknown): ValidationProblem[] {
  try {
    build();
  } catch (e) {
    if (e instanceof KeelsonValidationError) return comparable(e.problems);
    throw e;
  }
  throw new Error('no error');
}

describe('one side of a call, or a call that cannot be made, is one error listing every problem, on both engines', () => {
  const dup = (i: number) => ({ type: 'duplicate', path: `allowTo[${i}]`, message: expect.stringMatching(/^calls StatelessApp "api" a second time: declare each call once/) });
  const expected = [
    { type: 'unknown', path: 'allowTo[5].prot', message: 'unknown option; did you mean "port"?' },
    { type: 'invalid', path: 'allowFrom[0]', message: expect.stringMatching(/^names StatelessApp "web", a keelson app: a call between keelson apps is declared once, on the caller/) },
    { type: 'invalid', path: 'allowTo[0].peer', message: expect.stringMatching(/^is StatelessApp "api", a keelson app: declare the call as allowTo: \[app\]/) },
    { type: 'notSupported', path: 'allowTo[1].port', message: '"grcp" is not a port of StatelessApp "api"\'s Service, whose ports are "http", "grpc"' },
    dup(2),
    dup(3),
    { type: 'invalid', path: 'allowTo[4]', message: expect.stringMatching(/^calls StatelessApp "web", which exposes no port \(no Service\)/) },
    dup(5),
  ];

  function props(a: { networkPeer: unknown }, w: unknown) {
    return {
      ...db,
      allowFrom: [w],
      allowTo: [NetworkEgress.to(a.networkPeer as never, 8080), Call.to(a as never, { port: 'grcp' }), Call.to(a as never, { port: 'http' }), a, w, Call.to(a as never, { prot: 'x' } as never)],
    };
  }

  test('cdk8s', () => {
    const chart = chartIn('shop');
    const a = new cdk8s.StatelessApp(chart, 'api', api);
    const w = new cdk8s.StatelessApp(chart, 'web', { containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [] }] });
    expect(problemsOf(() => new cdk8s.StatefulApp(chart, 'cache', props(a, w) as never))).toEqual(expected.map((p) => expect.objectContaining(p)));
  });

  test('Pulumi', () => {
    const a = new kpulumi.StatelessApp('api', { ...api, namespace: 'shop' });
    const w = new kpulumi.StatelessApp('web', { containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [] }], namespace: 'shop' });
    expect(problemsOf(() => new kpulumi.StatefulApp('cache', { ...props(a, w), namespace: 'shop' } as never))).toEqual(expected.map((p) => expect.objectContaining(p)));
  });

  test('a callee without a namespace, called from one, and the reverse', () => {
    const chart = chartIn();
    const a = new cdk8s.StatelessApp(chart, 'api', api);
    const b = new cdk8s.StatelessApp(chart, 'b', { ...api, namespace: 'shop' });
    expect(problemsOf(() => new cdk8s.StatelessApp(chart, 'web', { ...web, namespace: 'shop', allowTo: [a] }))).toEqual([
      expect.objectContaining({ path: 'allowTo[0]', message: 'calls StatelessApp "api", which has no namespace, from namespace "shop": place StatelessApp "api" in a namespace' }),
    ]);
    expect(problemsOf(() => new cdk8s.StatelessApp(chart, 'web', { ...web, allowTo: [b] }))).toEqual([
      expect.objectContaining({ path: 'allowTo[0]', message: 'calls StatelessApp "b" in namespace "shop" from an app without a namespace: place this app in a namespace' }),
    ]);
  });
});
