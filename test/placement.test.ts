/**
 * An app's objects depend on its props and its namespace, never on where the construct sits: a
 * StatelessApp, StatefulApp or CanaryRelease in a SecureNamespace's scope, in a chart of that
 * namespace, nested deeper, or given `namespace` by name synthesises the same bytes (cdk8s); on
 * Pulumi, `namespace: <SecureNamespace>`, `namespace: 'shop'` and a `parent` register the same
 * objects. In particular a StatefulApp's NetworkPolicy always governs its egress (DNS and its
 * replicas): its replicas reach each other under the namespace's default-deny wherever it is placed.
 */
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { CanaryRouting, Port } from '../lib';
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { AnyObject } from './helpers/best-practice';
import { Cluster, Endpoint, connectionAllowed } from './helpers/namespace';
import { pulumiObjects } from './helpers/parity';
import { mockPulumi, settle } from './helpers/pulumi';

const db = { replicas: 3, containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' }), Port.tcp(2380, { name: 'peer', expose: false })] }] };
const web = { containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)] }] };
// ingress-nginx routing: Istio routing needs a meshed namespace, which the placement does not change.
const api = {
  containers: [{ image: 'ghcr.io/acme/api:1.0.0', ports: [Port.http(8080)] }],
  canary: { image: 'ghcr.io/acme/api:1.1.0', weight: 10 },
  routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }),
};

/** The shop's apps placed by `place` (which returns their scope and the namespace to set, if any); the synthesised app objects. */
function synth(place: (app: App) => { scope: Construct; namespace?: string }): AnyObject[] {
  const app = Testing.app();
  const { scope, namespace } = place(app);
  const ns = namespace !== undefined ? { namespace } : {};
  new cdk8s.StatefulApp(scope, 'db', { ...db, ...ns });
  new cdk8s.StatelessApp(scope, 'web', { ...web, ...ns });
  new cdk8s.CanaryRelease(scope, 'api', { ...api, ...ns });
  return app.charts.flatMap((c) => Testing.synth(c)).filter((o) => o.metadata?.labels?.['app.kubernetes.io/instance'] !== 'shop');
}

const secureNamespace = (app: App) => new cdk8s.SecureNamespace(new Chart(app, 'platform'), 'shop', {});

describe('cdk8s: an app\'s objects do not depend on where the construct sits', () => {
  const inScope = synth((app) => ({ scope: secureNamespace(app) }));

  it.each<[string, (app: App) => { scope: Construct; namespace?: string }]>([
    ['in a chart of the namespace, next to the SecureNamespace', (app) => { secureNamespace(app); return { scope: new Chart(app, 'apps', { namespace: 'shop' }) }; }],
    ['nested constructs of a chart without a namespace, namespace by name', (app) => { secureNamespace(app); return { scope: new Construct(new Construct(new Chart(app, 'apps'), 'team'), 'data'), namespace: 'shop' }; }],
    ['a construct inside the SecureNamespace', (app) => ({ scope: new Construct(secureNamespace(app), 'tier') })],
    ['another cdk8s app, without the SecureNamespace, namespace by name', (app) => ({ scope: new Chart(app, 'elsewhere'), namespace: 'shop' })],
  ])('moved %s: the same bytes', (_where, place) => {
    expect(JSON.stringify(synth(place))).toBe(JSON.stringify(inScope));
  });

  it('the StatefulApp\'s replicas reach each other under the namespace\'s default-deny wherever it is placed; nothing else leaves', () => {
    const app = Testing.app();
    const ns = secureNamespace(app);
    new cdk8s.StatefulApp(ns, 'db', db);
    new cdk8s.StatefulApp(new Chart(app, 'apps'), 'moved', { ...db, namespace: 'shop' });
    const policies = app.charts.flatMap((c) => Testing.synth(c)).filter((o) => o.kind === 'NetworkPolicy') as NetworkPolicy[];
    const cluster: Cluster = { namespaces: {}, policies };
    for (const name of ['db', 'moved']) {
      const replica: Endpoint = { namespace: 'shop', labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name } };
      const peer = connectionAllowed(cluster, replica, replica, 2380);
      const client = connectionAllowed(cluster, replica, replica, 5432);
      expect({ name, peer, client }).toEqual({ name, peer: true, client: true });
      expect(connectionAllowed(cluster, replica, { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }, 53, 'UDP')).toBe(true);
      expect(connectionAllowed(cluster, replica, { ip: '93.184.216.34' }, 443)).toBe(false);
    }
  });
});

describe('Pulumi: an app\'s objects do not depend on how it is placed', () => {
  async function registered(
    place: (ns: kpulumi.SecureNamespace) => { namespace: string | kpulumi.SecureNamespace; parent?: kpulumi.SecureNamespace },
  ): Promise<string> {
    const mocks = await mockPulumi();
    const ns = new kpulumi.SecureNamespace('shop', {});
    const { namespace, parent } = place(ns);
    const opts = parent ? { parent } : {};
    new kpulumi.StatefulApp('db', { ...db, namespace }, opts);
    new kpulumi.StatelessApp('web', { ...web, namespace }, opts);
    new kpulumi.CanaryRelease('api', { ...api, namespace }, opts);
    await settle();
    const objects = Object.values(pulumiObjects(mocks.registrations)).filter((o) => (o as AnyObject).metadata?.labels?.['app.kubernetes.io/instance'] !== 'shop');
    return JSON.stringify(objects.sort((a, b) => `${a.kind}/${(a as AnyObject).metadata!.name}`.localeCompare(`${b.kind}/${(b as AnyObject).metadata!.name}`)));
  }

  it('namespace: the SecureNamespace, the namespace by name, or a parent: the same objects, the same as cdk8s', async () => {
    const given = await registered((ns) => ({ namespace: ns }));
    expect(await registered(() => ({ namespace: 'shop' }))).toBe(given);
    expect(await registered((ns) => ({ namespace: 'shop', parent: ns }))).toBe(given);
    const policy = (JSON.parse(given) as AnyObject[]).find((o) => o.kind === 'NetworkPolicy' && o.metadata!.name === 'db')!;
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const cdk8sObjects = synth((app) => ({ scope: secureNamespace(app) }));
    expect(policy.spec).toEqual(cdk8sObjects.find((o) => o.kind === 'NetworkPolicy' && o.metadata!.name === 'db')!.spec);
  });
});
