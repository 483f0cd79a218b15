/**
 * The two reference applications of issue 12 (an eleven-service shop with a Redis cart, a four-service
 * mesh sample with a canary), written with keelson props alone in the cluster matrix
 * (test/cluster/matrix.ts): cdk8s and Pulumi give the same objects from the same props.
 */
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { MatrixProps, matrixProps } from './cluster/matrix';
import { cdk8sObjects, chartIn, pulumiObjects } from './helpers/parity';
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
  for (const app of m.apps) {
    if (app.kind === 'StatelessApp') new cdk8s.StatelessApp(ns, app.id, app.props);
    else if (app.kind === 'StatefulApp') new cdk8s.StatefulApp(ns, app.id, app.props);
    else if (app.kind === 'BatchJob') new cdk8s.BatchJob(ns, app.id, app.props);
    else new cdk8s.CanaryRelease(ns, app.id, app.props);
  }
  return cdk8sObjects(chart);
}

function withPulumi(m: MatrixProps): void {
  const ns = new kpulumi.SecureNamespace(m.name, m.namespace);
  for (const app of m.apps) {
    const args = { ...app.props, namespace: ns };
    if (app.kind === 'StatelessApp') new kpulumi.StatelessApp(app.id, args as kpulumi.StatelessAppArgs);
    else if (app.kind === 'StatefulApp') new kpulumi.StatefulApp(app.id, args as kpulumi.StatefulAppArgs);
    else if (app.kind === 'BatchJob') new kpulumi.BatchJob(app.id, args as kpulumi.BatchJobArgs);
    else new kpulumi.CanaryRelease(app.id, args as kpulumi.CanaryReleaseArgs);
  }
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
    withPulumi(m);
    await settle();
    const fromPulumi = pulumiObjects(mocks.registrations);
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    expect(fromPulumi).toEqual(fromCdk8s);
  });

  it('every call between the shop\'s services is declared on both sides, on the callee\'s container port', () => {
    const objects = withCdk8s(references[0]);
    const policies = Object.values(objects).filter((o) => o.kind === 'NetworkPolicy' && !['allow-dns', 'default-deny'].includes((o as { metadata: { name: string } }).metadata.name));
    type Peer = { podSelector?: { matchLabels?: Record<string, string> } };
    type Rule = { from?: Peer[]; to?: Peer[]; ports?: Array<{ port: number }> };
    type Policy = { metadata: { name: string }; spec: { ingress?: Rule[]; egress?: Rule[] } };
    const peerName = (p: Peer) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'];
    const calls = new Set<string>();
    const admits = new Set<string>();
    for (const p of policies as unknown as Policy[]) {
      for (const r of p.spec.egress ?? []) {
        for (const to of r.to ?? []) if (peerName(to)) for (const port of r.ports ?? []) calls.add(`${p.metadata.name}->${peerName(to)}:${port.port}`);
      }
      const ports = (p.spec.ingress ?? []).flatMap((r) => (r.ports ?? []).map((x) => x.port));
      for (const r of p.spec.ingress ?? []) {
        for (const from of r.from ?? []) if (peerName(from)) for (const port of ports) admits.add(`${peerName(from)}->${p.metadata.name}:${port}`);
      }
    }
    // The checkout calls six services, the frontend seven; the callee's policy admits each caller on the port it is called on.
    expect([...calls].filter((c) => c.startsWith('checkout->')).sort()).toEqual([
      'checkout->cart:7070', 'checkout->currency:7000', 'checkout->email:8080', 'checkout->payment:50051', 'checkout->productcatalog:3550', 'checkout->shipping:50051',
    ]);
    expect([...calls].filter((c) => c.startsWith('frontend->'))).toHaveLength(7);
    expect([...calls].filter((c) => !admits.has(c))).toEqual([]);
    expect([...admits].filter((c) => !calls.has(c))).toEqual([]);
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
