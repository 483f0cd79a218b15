/**
 * cdk8s and Pulumi produce the same CanaryRelease objects from the same props, for every routing
 * (the example programs, which include the `api` CanaryRelease, are compared in parity.test.ts).
 */
import * as pulumi from '@pulumi/pulumi';
import { CanaryMatch, CanaryReleaseProps, CanaryRouting, Duration, EnvValue, NetworkEgress, NetworkPeer, Port, Quantity } from '../lib';
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
  // The replica-ratio case warns on both engines (asserted equal below); keep the test output quiet.
  jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  jest.spyOn(pulumi.log, 'warn').mockImplementation(() => Promise.resolve());
});
afterEach(() => {
  jest.restoreAllMocks();
});

const stable = 'ghcr.io/acme/api:1.4.2';
const canary = { image: 'ghcr.io/acme/api:1.5.0', weight: 20 };
const shared: Omit<CanaryReleaseProps, 'name' | 'routing'> = {
  partOf: 'shop',
  containers: [{
    image: stable,
    ports: [Port.http(8080)],
    env: { MODE: 'prod', DB: EnvValue.fromSecret('api-db', 'url') },
    resources: { cpu: { request: Quantity.millicores(250) }, memory: { request: '256Mi' } },
  }],
  stable: { replicas: 3 },
  canary,
  allowFrom: [NetworkPeer.pods({ 'app.kubernetes.io/name': 'web' })],
};

const cases: Array<[string, Omit<CanaryReleaseProps, 'name'>]> = [
  ['istio defaults, dark canary', { ...shared, canary: { image: canary.image } }],
  ['istio with everything', {
    ...shared,
    stable: { autoscaling: { maxReplicas: 8 } },
    canary: { ...canary, env: { FEATURE: 'on' }, autoscaling: { minReplicas: 1, maxReplicas: 2 } },
    routing: CanaryRouting.istio({
      gateways: ['istio-ingress/public'],
      externalHosts: ['api.example.com'],
      match: [CanaryMatch.headerExact('x-canary', 'always'), CanaryMatch.cookie('canary', 'yes'), CanaryMatch.sourceLabels({ app: 'web' })],
      mirrorPercent: 5,
      retries: { attempts: 2, perTryTimeout: Duration.seconds(1), retryOn: '5xx' },
      timeout: Duration.seconds(10),
      connectionPool: { maxConnections: 100 },
      loadBalancer: { consistentHash: { cookie: { name: 'sid', ttl: Duration.minutes(10) } } },
    }),
    allowTo: [NetworkEgress.to(NetworkPeer.cidr('10.0.0.0/8'), 5432)],
  }],
  ['identity, pull secrets and scheduling, shared by both tracks', {
    ...shared,
    serviceAccount: { existing: 'platform-api' },
    imagePullSecrets: ['registry-creds'],
    spot: true,
    podAffinity: { preferred: [{ weight: 30, topologyKey: 'topology.kubernetes.io/zone', labels: { 'app.kubernetes.io/name': 'cache' } }] },
  }],
  ['istio v1beta1, stable only', { ...shared, canary: undefined, routing: CanaryRouting.istio({ apiVersion: 'v1beta1' }) }],
  ['ingress-nginx', { ...shared, routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'], className: 'nginx', tlsSecretName: 'api-tls', header: 'X-Canary', cookie: 'canary' }) }],
  ['Gateway API', { ...shared, routing: CanaryRouting.gatewayApi({ gateway: 'infra/public', hostnames: ['api.example.com'], headers: { 'x-canary': 'always' } }) }],
  ['replica ratio with an approximated weight', { ...shared, stable: undefined, canary: { image: canary.image, weight: 27 }, routing: CanaryRouting.replicaRatio() }],
  ['blue/green, canary active', { ...shared, canary: { image: canary.image }, routing: CanaryRouting.blueGreen({ active: 'canary' }) }],
  ['Argo Rollouts', { ...shared, canary: undefined, stable: { autoscaling: { maxReplicas: 6 } }, routing: CanaryRouting.argoRollouts({ steps: [5, 50], pause: 'manual' }) }],
];

describe('cdk8s and Pulumi produce the same CanaryRelease objects from the same props', () => {
  test.each(cases)('%s', async (_, props) => {
    const chart = chartIn('shop');
    const fromCdk8sApp = new cdk8s.CanaryRelease(chart, 'api', props);
    const fromPulumiApp = new kpulumi.CanaryRelease('api', { ...props, namespace: 'shop' });
    await settle();
    const fromCdk8s = cdk8sObjects(chart);
    const fromPulumi = pulumiObjects(mocks.registrations);
    expect(Object.keys(fromCdk8s).length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    expect(fromPulumi).toEqual(fromCdk8s);
    expect(fromPulumiApp.achievedWeight).toBe(fromCdk8sApp.achievedWeight);
    expect(fromPulumiApp.warnings).toEqual(fromCdk8sApp.warnings);
    expect(fromPulumiApp.selector).toEqual(fromCdk8sApp.selector);
  });

  test('a CanaryRelease and a StatelessApp that are each other\'s peers', async () => {
    const chart = chartIn('shop');
    const api = new cdk8s.CanaryRelease(chart, 'api', cases[0][1]);
    new cdk8s.StatelessApp(chart, 'web', { containers: [{ image: 'ghcr.io/acme/web:2.0.0' }], allowFrom: [api.networkPeer] });
    const papi = new kpulumi.CanaryRelease('api', { ...cases[0][1], namespace: 'shop' });
    new kpulumi.StatelessApp('web', { namespace: 'shop', containers: [{ image: 'ghcr.io/acme/web:2.0.0' }], allowFrom: [papi] });
    await settle();
    expect(pulumiObjects(mocks.registrations)).toEqual(cdk8sObjects(chart));
  });
});
