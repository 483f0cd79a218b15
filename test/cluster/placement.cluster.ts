/**
 * A StatefulApp's NetworkPolicy does not depend on where it is placed: in a SecureNamespace's scope
 * (cdk8s), in another chart with the namespace by name (cdk8s), or registered by a Pulumi program
 * with the namespace by name. All three are applied to both planes next to the namespace's
 * default-deny; the policies the API server then holds let each app's replicas reach each other on
 * their peer port and reach DNS, and nothing else leave. (The cluster admits NetworkPolicies but has
 * no CNI to enforce them: connectivity is judged by the policy model on the live objects.)
 */
import { Chart } from 'cdk8s';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { roomy, small } from './day2';
import { Obj, applyClean, deleteNamespaces, list, requireCluster, synth } from './kube';
import { Port, SecureNamespace, StatefulApp } from '../../lib/cdk8s';
import * as kpulumi from '../../lib/pulumi';
import { Cluster, Endpoint, connectionAllowed } from '../helpers/namespace';
import { mockPulumi, settle } from '../helpers/pulumi';

const used: string[] = [];
beforeAll(() => requireCluster());
afterAll(() => deleteNamespaces(used));

const ns = 'place-shop';
const props = (name: string) => ({ name, replicas: 3, containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' }), Port.tcp(2380, { name: 'peer', expose: false })], resources: small }] });

describe('StatefulApp placement', () => {
  let objects: Obj[] = [];

  beforeAll(async () => {
    used.push(ns);
    const cdk8s = synth((chart) => {
      new StatefulApp(new SecureNamespace(chart, ns, { quota: roomy }), 'in-scope', props('in-scope'));
      new StatefulApp(new Chart(chart, 'elsewhere'), 'by-name', { ...props('by-name'), namespace: ns });
    });
    const mocks = await mockPulumi();
    new kpulumi.StatefulApp('pulumi', { ...props('pulumi'), namespace: ns });
    await settle();
    objects = [...cdk8s, ...mocks.registrations.filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs as Obj)];
  });

  it('the three policies are the same but for the app\'s name, and both planes accept them next to the default-deny', () => {
    const policy = (name: string) => JSON.stringify(objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name)!.spec).replaceAll(`"${name}"`, '"<app>"');
    expect(policy('by-name')).toBe(policy('in-scope'));
    expect(policy('pulumi')).toBe(policy('in-scope'));
    applyClean(objects);
    applyClean(objects, { plane: 'oldest' });
  });

  it('the live policies let every app\'s replicas reach each other and DNS, and nothing else', () => {
    const live = list('networkpolicies', ns) as NetworkPolicy[];
    expect(live.map((p) => p.metadata!.name).sort()).toEqual(['allow-dns', 'by-name', 'default-deny', 'in-scope', 'pulumi']);
    const cluster: Cluster = { namespaces: {}, policies: live };
    for (const name of ['in-scope', 'by-name', 'pulumi']) {
      const replica: Endpoint = { namespace: ns, labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name } };
      expect({
        name,
        peers: connectionAllowed(cluster, replica, replica, 2380),
        dns: connectionAllowed(cluster, replica, { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }, 53, 'UDP'),
        outside: connectionAllowed(cluster, replica, { ip: '93.184.216.34' }, 443),
      }).toEqual({ name, peers: true, dns: true, outside: false });
    }
  });
});
