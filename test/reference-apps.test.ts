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
});
