/**
 * cdk8s and Pulumi give the same objects from the same SecureNamespace props, alone and with apps
 * placed in it.
 */
import { NetworkEgress, NetworkPeer, Quantity, SecureNamespaceProps, Subject } from '../lib';
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { cdk8sObjects, chartIn, pulumiObjects } from './helpers/parity';
import { mockPulumi, settle } from './helpers/pulumi';

let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

const cases: Array<[string, Omit<SecureNamespaceProps, 'name'>]> = [
  ['defaults', {}],
  ['every option', {
    partOf: 'shop',
    labels: { team: 'shop' },
    annotations: { 'example.com/cost-centre': '4711' },
    podSecurity: { enforce: 'baseline', version: 'latest' },
    quota: {
      cpu: { request: Quantity.cores(8), limit: '16' },
      memory: { request: '16Gi' },
      pods: 80,
      loadBalancers: 1,
      scoped: [{ name: 'high', priorityClasses: ['high'], pods: 5, cpu: { request: '2' } }],
    },
    limitRange: { cpu: { max: '4' }, memory: { defaultRequest: '256Mi', max: '8Gi' }, storage: { min: '1Gi' } },
    network: {
      allowSameNamespace: true,
      allowFrom: [NetworkPeer.namespace('monitoring')],
      allowTo: [NetworkEgress.to(NetworkPeer.cidr('10.0.0.0/16'), 5432)],
      dns: { podLabels: { 'k8s-app': 'kube-dns' } },
    },
    access: { team: [Subject.group('devs')], teamRole: 'deployer', deployers: [Subject.serviceAccount('ci', 'ci')], admins: [Subject.user('admin@example.com')] },
    mesh: { revision: 'stable', allowFromPrincipals: ['cluster.local/ns/istio-ingress/sa/gateway'], egressHosts: ['payments/*'] },
  }],
  ['ephemeral storage', {
    quota: { ephemeralStorage: { request: '20Gi', limit: Quantity.gibibytes(40) }, scoped: [{ name: 'high', priorityClasses: ['high'], ephemeralStorage: { request: '5Gi' } }] },
    limitRange: { ephemeralStorage: { defaultRequest: '256Mi', max: '2Gi' } },
  }],
];

describe('SecureNamespace: cdk8s and Pulumi produce the same objects', () => {
  test.each(cases)('%s', async (_, props) => {
    const chart = chartIn();
    new cdk8s.SecureNamespace(chart, 'shop', props);
    new kpulumi.SecureNamespace('shop', props);
    await settle();
    const fromCdk8s = cdk8sObjects(chart);
    const fromPulumi = pulumiObjects(mocks.registrations);
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    expect(fromPulumi).toEqual(fromCdk8s);
  });

  test('with apps placed in it', async () => {
    const app = { containers: [{ image: 'ghcr.io/acme/web:1.2.3' }], autoscaling: { maxReplicas: 6 } };
    const chart = chartIn('shop');
    const ns = new cdk8s.SecureNamespace(chart, 'shop', { mesh: { sidecarResources: { limits: { memory: '256Mi' } } } });
    new cdk8s.StatelessApp(ns, 'web', app);
    const pns = new kpulumi.SecureNamespace('shop', { mesh: { sidecarResources: { limits: { memory: '256Mi' } } } });
    new kpulumi.StatelessApp('web', { ...app, namespace: pns.name }, { dependsOn: [pns] });
    await settle();
    const fromCdk8s = cdk8sObjects(chart);
    expect(Object.keys(fromCdk8s)).toHaveLength(11 + 6);
    expect(pulumiObjects(mocks.registrations)).toEqual(fromCdk8s);
  });
});
