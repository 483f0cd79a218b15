/**
 * The two reference applications of issue 12 (an eleven-service shop with a Redis cart, a four-service
 * mesh sample with a canary), written with keelson props alone in the cluster matrix
 * (test/cluster/matrix.ts): cdk8s and Pulumi give the same objects from the same props.
 */
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { MatrixProps, buildApps, matrixProps } from './cluster/matrix';
import { ObjectsByKey, cdk8sObjects, chartIn, pulumiObjects } from './helpers/parity';
import { mockPulumi, settle } from './helpers/pulumi';

let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

const references = matrixProps.filter((m) => m.name.startsWith('reference-'));

function withCdk8s(m: MatrixProps) {
  const chart = chartIn();
  const ns = new cdk8s.SecureNamespace(chart, m.name, m.namespace);
  buildApps(m.apps, (app, props) => {
    if (app.kind === 'StatelessApp') return new cdk8s.StatelessApp(ns, app.id, props as cdk8s.StatelessAppCdk8sProps);
    if (app.kind === 'StatefulApp') return new cdk8s.StatefulApp(ns, app.id, props as cdk8s.StatefulAppCdk8sProps);
    if (app.kind === 'BatchJob') return new cdk8s.BatchJob(ns, app.id, props as cdk8s.BatchJobCdk8sProps);
    return new cdk8s.CanaryRelease(ns, app.id, props as cdk8s.CanaryReleaseCdk8sProps);
  });
  return cdk8sObjects(chart);
}

async function withPulumi(m: MatrixProps): Promise<ObjectsByKey> {
  const ns = new kpulumi.SecureNamespace(m.name, m.namespace);
  buildApps(m.apps, (app, props) => {
    const args = { ...props, namespace: ns };
    if (app.kind === 'StatelessApp') return new kpulumi.StatelessApp(app.id, args as kpulumi.StatelessAppArgs);
    if (app.kind === 'StatefulApp') return new kpulumi.StatefulApp(app.id, args as kpulumi.StatefulAppArgs);
    if (app.kind === 'BatchJob') return new kpulumi.BatchJob(app.id, args as kpulumi.BatchJobArgs);
    return new kpulumi.CanaryRelease(app.id, args as kpulumi.CanaryReleaseArgs);
  });
  await settle();
  return pulumiObjects(mocks.registrations);
}

type Peer = { podSelector?: { matchLabels?: Record<string, string> }; namespaceSelector?: unknown };
type Rule = { from?: Peer[]; to?: Peer[]; ports?: Array<{ port: number }> };
type Policy = { metadata: { name: string; namespace?: string }; spec: { podSelector: Peer['podSelector']; ingress?: Rule[]; egress?: Rule[] } };
const peerName = (p: Peer) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'];

/**
 * The calls the objects allow, as `caller->callee:podPort`: `egress` from each caller's NetworkPolicy, `admitted` from
 * the NetworkPolicies that select a callee's pods (its own and those its callers add), on every port of their rule.
 */
function allowedCalls(objects: ObjectsByKey): { egress: Set<string>; admitted: Set<string> } {
  const policies = Object.values(objects).filter((o) => o.kind === 'NetworkPolicy') as unknown as Policy[];
  const egress = new Set<string>();
  const admitted = new Set<string>();
  for (const p of policies) {
    const callee = p.spec.podSelector?.matchLabels?.['app.kubernetes.io/name'];
    for (const r of p.spec.egress ?? []) {
      for (const to of r.to ?? []) if (peerName(to)) for (const port of r.ports ?? []) egress.add(`${p.metadata.name}->${peerName(to)}:${port.port}`);
    }
    for (const r of p.spec.ingress ?? []) {
      for (const from of r.from ?? []) if (peerName(from) && callee) for (const port of r.ports ?? []) admitted.add(`${peerName(from)}->${callee}:${port.port}`);
    }
  }
  return { egress, admitted };
}

describe('the reference applications', () => {
  it('are both in the matrix, with no plain objects beside the props', () => {
    expect(references.map((m) => m.name)).toEqual(['reference-shop', 'reference-mesh']);
    expect(references.map((m) => m.objects ?? [])).toEqual([[], []]);
  });

  it('the shop has its eleven services and the Redis cart store; the mesh sample its four', () => {
    expect(references.map((m) => m.apps.map((a) => `${a.kind}/${a.id}`))).toEqual([
      ['StatelessApp/frontend', 'StatelessApp/cart', 'StatelessApp/productcatalog', 'StatelessApp/currency', 'StatelessApp/payment',
        'StatelessApp/shipping', 'StatelessApp/email', 'StatelessApp/checkout', 'StatelessApp/recommendation', 'StatelessApp/ad',
        'StatelessApp/loadgenerator', 'StatefulApp/redis-cart'],
      ['StatelessApp/productpage', 'StatelessApp/details', 'CanaryRelease/reviews', 'StatelessApp/ratings'],
    ]);
  });

  test.each(references.map((m) => [m.name, m] as const))('%s: cdk8s and Pulumi produce the same objects', async (_, m) => {
    const fromCdk8s = withCdk8s(m);
    const fromPulumi = await withPulumi(m);
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    expect(fromPulumi).toEqual(fromCdk8s);
    // Twelve apps through the Pulumi engine's mocks: 96 s on a loaded 2-core machine, past jest's 60 s default.
  }, 240_000);

  test.each(['cdk8s', 'Pulumi'])('every call between the shop\'s services is declared once, on the caller, and admitted at the callee (%s)', async (engine) => {
    const shop = references[0];
    const objects = engine === 'cdk8s' ? withCdk8s(shop) : await withPulumi(shop);
    // The declared calls, on the callee's container port (each service's one port).
    const portOf = (id: string) => {
      const app = shop.apps.find((a) => a.id === id)!;
      return (app.props.containers[0].ports ?? [])[0].containerPort;
    };
    const declared = shop.apps.flatMap((a) => (a.calls ?? []).map((c) => {
      const callee = typeof c === 'string' ? c : c.app;
      return `${a.id}->${callee}:${portOf(callee)}`;
    }));
    expect(declared.filter((c) => c.startsWith('checkout->')).sort()).toEqual([
      'checkout->cart:7070', 'checkout->currency:7000', 'checkout->email:8080', 'checkout->payment:50051', 'checkout->productcatalog:3550', 'checkout->shipping:50051',
    ]);
    expect(declared.filter((c) => c.startsWith('frontend->'))).toHaveLength(7);
    expect(shop.apps.filter((a) => a.props.allowTo !== undefined && a.kind !== 'StatefulApp').map((a) => a.id)).toEqual([]);
    const { egress, admitted } = allowedCalls(objects);
    // Each declared call is allowed at both ends, and nothing else between the shop's services (a StatefulApp's
    // replicas reaching each other are not a call).
    const calls = (s: Set<string>) => [...s].filter((c) => c.split('->')[0] !== c.split('->')[1].split(':')[0]).sort();
    expect(calls(egress)).toEqual([...declared].sort());
    expect(calls(admitted)).toEqual([...declared].sort());
    // The callee's side is in objects the caller adds: `<callee>-from-<caller>`.
    expect(Object.keys(objects).filter((k) => k.startsWith('NetworkPolicy/') && k.includes('-from-')).sort())
      .toEqual(declared.map((c) => `NetworkPolicy/${c.split(':')[0].split('->')[1]}-from-${c.split('->')[0]}`).sort());
  }, 240_000);

  it('the mesh sample\'s calls are declared once: each callee admits its callers\' pods and, in the mesh, their ServiceAccounts', () => {
    const mesh = withCdk8s(references[1]);
    const { egress, admitted } = allowedCalls(mesh);
    const declared = ['productpage->details:9080', 'productpage->reviews:9080', 'reviews->ratings:9080'];
    expect([...egress].sort()).toEqual(declared);
    expect([...admitted].sort()).toEqual(declared);
    const policies = Object.values(mesh).filter((o) => o.kind === 'AuthorizationPolicy' && String((o.metadata as { name?: string }).name).includes('-from-')) as unknown as
      Array<{ metadata: { name: string }; spec: { action: string; rules: Array<{ from: Array<{ source: { principals: string[] } }> }> } }>;
    expect(policies.map((p) => [p.metadata.name, p.spec.action, p.spec.rules.flatMap((r) => r.from.flatMap((f) => f.source.principals))]).sort())
      .toEqual(declared.map((c) => {
        const [caller, callee] = c.split(':')[0].split('->');
        return [`${callee}-from-${caller}`, 'ALLOW', [`cluster.local/ns/reference-mesh/sa/${caller}`]];
      }).sort());
  });

  it('each is reachable from outside: the shop through a Gateway API route, the mesh sample through an Istio gateway, each admitted', () => {
    type O = { kind: string; apiVersion: string; metadata: { name: string; namespace?: string }; spec: Record<string, any> };
    const of = (i: number) => Object.values(withCdk8s(references[i])) as unknown as O[];
    const find = (objects: O[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
    // The shop: an HTTPRoute attached to the shared Gateway, to the frontend's Service port; the NetworkPolicy admits the Gateway's pods.
    const shop = of(0);
    const route = find(shop, 'HTTPRoute', 'frontend');
    expect(route.spec.parentRefs).toEqual([{ name: 'public', namespace: 'gateway' }]);
    const service = find(shop, 'Service', 'frontend');
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'frontend', port: service.spec.ports[0].port }]);
    expect(service.spec.type).toBe('ClusterIP');
    const targetPort = find(shop, 'Deployment', 'frontend').spec.template.spec.containers[0].ports[0].containerPort;
    expect(find(shop, 'NetworkPolicy', 'frontend').spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway' } }, podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' } } }],
      ports: [{ protocol: 'TCP', port: targetPort }],
    });
    expect(shop.filter((o) => o.kind === 'Service' && o.spec.type !== 'ClusterIP' && o.spec.clusterIP !== 'None')).toEqual([]);
    // The mesh sample: an Istio Gateway on the sample's ingress gateway and a VirtualService bound to it; in the mesh namespace
    // (STRICT, deny-all) the NetworkPolicy admits the gateway's pods and an AuthorizationPolicy its identity, on productpage's port only.
    const mesh = of(1);
    expect(find(mesh, 'Gateway', 'productpage').spec).toMatchObject({ selector: { istio: 'ingress' }, servers: [{ hosts: ['bookinfo.example.com'] }] });
    expect(find(mesh, 'VirtualService', 'productpage').spec).toMatchObject({ gateways: ['productpage'], http: [{ route: [{ destination: { host: 'productpage', port: { number: 9080 } } }] }] });
    expect(find(mesh, 'NetworkPolicy', 'productpage').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-ingress' } }, podSelector: { matchLabels: { istio: 'ingress' } } }],
      ports: [{ protocol: 'TCP', port: 9080 }],
    }]);
    const allow = find(mesh, 'AuthorizationPolicy', 'productpage-exposure');
    expect(allow.spec).toEqual({
      selector: { matchLabels: find(mesh, 'Deployment', 'productpage').spec.selector.matchLabels },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/istio-ingress/sa/istio-ingress'] } }], to: [{ operation: { ports: ['9080'] } }] }],
    });
    // The namespace itself admits no gateway: the entry is the app's own, nothing else is opened.
    expect(JSON.stringify(mesh.filter((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name !== 'productpage-exposure'))).not.toContain('istio-ingress');
  });
});
