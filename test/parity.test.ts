import { Chart } from 'cdk8s';
import { buildApp } from '../examples/cdk8s/main';
import { Duration, EnvFrom, EnvValue, NetworkPeer, Port, Probe, Quantity, StatelessAppProps } from '../lib';
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

const image = 'ghcr.io/acme/web:1.2.3';
const cases: Array<[string, Omit<StatelessAppProps, 'name'>]> = [
  ['defaults', { containers: [{ image }] }],
  ['autoscaling and ingress', {
    containers: [{ image, resources: { cpu: { request: '250m', limit: '1' }, memory: { request: Quantity.mebibytes(512) } } }],
    autoscaling: { minReplicas: 3, maxReplicas: 10, memoryUtilization: 80, scaleDownStabilization: Duration.minutes(10) },
    ingress: { hosts: ['a.example.com', 'b.example.com'], className: 'nginx', tlsSecretName: 'tls', annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } },
  }],
  ['several containers, probes and env', {
    replicas: 4,
    containers: [
      {
        image,
        ports: [Port.http(8080), Port.grpc(9090), Port.tcp(9100, { name: 'metrics', expose: false })],
        env: { A: 'literal', B: EnvValue.fromSecret('s', 'k'), C: EnvValue.fromField('status.podIP') },
        envFrom: [EnvFrom.configMap('cm', { prefix: 'CFG_' })],
        startup: Probe.http('/health', { failureThreshold: 20 }),
      },
      { name: 'sidecar', image: 'ghcr.io/acme/proxy@sha256:' + 'b'.repeat(64), readiness: Probe.exec(['/bin/ready']), writablePaths: ['/tmp', '/var/cache'] },
    ],
    topologySpread: { zones: 'hard', nodes: 'off' },
    disruptionBudget: { maxUnavailable: '25%' },
    allowFrom: [NetworkPeer.pods({ role: 'client' }), NetworkPeer.cidr('10.0.0.0/8', ['10.1.0.0/16'])],
    runtimeClassName: 'gvisor',
    priorityClassName: 'high',
  }],
  ['a named service account, pull secrets', {
    containers: [{ image }],
    serviceAccount: { name: 'web-runner', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/web' } },
    imagePullSecrets: ['registry-acme', 'registry-mirror'],
  }],
  ['scheduling: every new prop', {
    containers: [{ image }],
    nodeSelector: { 'kubernetes.io/arch': 'arm64' },
    tolerations: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }, { key: 'flaky', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: Duration.seconds(30) }],
    nodeAffinity: {
      required: [{ match: [{ key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['eu-west-1c'] }] }],
      preferred: [{ weight: 10, match: [{ key: 'example.com/cores', operator: 'Lt', values: ['64'] }] }],
    },
    podAffinity: { required: [{ topologyKey: 'topology.kubernetes.io/zone', labels: { 'app.kubernetes.io/name': 'cache' } }] },
    podAntiAffinity: { preferred: [{ weight: 80, topologyKey: 'kubernetes.io/hostname', match: [{ key: 'tier', operator: 'DoesNotExist' }] }] },
    spot: { taints: [{ key: 'example.com/spot', operator: 'Exists' }] },
  }],
  ['resources and QoS: Guaranteed, ephemeral-storage', {
    qos: 'Guaranteed',
    containers: [
      {
        image,
        resources: { cpu: { request: '250m' }, memory: { limit: '512Mi' }, ephemeralStorage: { request: '1Gi', limit: '2Gi' } },
        env: {
          GOMAXPROCS: EnvValue.fromResource('limits.cpu'),
          GOMEMLIMIT: EnvValue.fromResource('limits.memory', { divisor: '1Mi' }),
          POD: EnvValue.fromField('metadata.name'),
        },
        readiness: Probe.http('/ping', { headers: { 'X-Probe': 'kubelet', 'Host': 'web.internal' } }),
      },
      { name: 'sidecar', image, ports: [], resources: { cpu: { limit: '50m' } } },
    ],
  }],
  ['security opt-ins: root, capabilities, seccomp and AppArmor profiles', {
    containers: [{ image, ports: [Port.http(80)], addCapabilities: ['NET_BIND_SERVICE', 'CHOWN'] }],
    securityContext: { runAsUser: 0, seccompProfile: { localhost: 'profiles/web.json' }, appArmorProfile: { localhost: 'k8s-web' } },
    acknowledgeRisks: ['run-as-root', 'baseline-capabilities'],
  }],
  ['security opt-ins: platform-assigned IDs', { containers: [{ image }], securityContext: { platformAssignedIds: true, appArmorProfile: 'RuntimeDefault' } }],
  ['resources: memory limit none', { containers: [{ image, resources: { memory: { request: '256Mi', limit: 'none' } } }] }],
  ['an existing service account', { containers: [{ image }], serviceAccount: { existing: 'platform-web', automountToken: true } }],
  ['a worker without ports', { containers: [{ image, ports: [], liveness: Probe.exec(['/bin/alive']) }] }],
];

describe('cdk8s and Pulumi produce the same objects from the same props', () => {
  test.each(cases)('%s', async (_, props) => {
    const chart = chartIn('shop');
    new cdk8s.StatelessApp(chart, 'web', props);
    new kpulumi.StatelessApp('web', { ...props, namespace: 'shop' });
    await settle();
    const fromCdk8s = cdk8sObjects(chart);
    const fromPulumi = pulumiObjects(mocks.registrations);
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    expect(fromPulumi).toEqual(fromCdk8s);
  });

  test('the example cdk8s app and the example Pulumi program', async () => {
    const app = buildApp('unused');
    const chart = app.node.findChild('shop') as Chart;
    await import('../examples/pulumi/index');
    await settle();
    const fromCdk8s = cdk8sObjects(chart);
    expect(Object.keys(fromCdk8s).length).toBeGreaterThanOrEqual(7);
    expect(pulumiObjects(mocks.registrations)).toEqual(fromCdk8s);
  });
});
