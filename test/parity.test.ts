import { Chart } from 'cdk8s';
import { buildApp } from '../examples/cdk8s/main';
import { ConfigReference, Duration, EnvFrom, EnvValue, Metric, NetworkPeer, Port, Probe, ProjectedSource, Quantity, StatelessAppProps, Volume, Exposure } from '../lib';
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
  ['a LoadBalancer with source ranges, a class, node ports and the mesh entry', {
    containers: [{ image, ports: [Port.http(8080), Port.grpc(9090)] }],
    exposure: Exposure.loadBalancer({
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' },
      sourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
      loadBalancerClass: 'service.k8s.aws/nlb',
      nodePorts: { http: 30080 },
      mesh: true,
    }),
  }],
  ['an unrestricted NodePort (acknowledged), Cluster traffic policy', {
    containers: [{ image }],
    exposure: Exposure.nodePort({ externalTrafficPolicy: 'Cluster' }),
    acknowledgeRisks: ['ingress-from-any-address'],
  }],
  ['Gateway API: an HTTPRoute on a shared Gateway with matches, timeouts and the mesh entry', {
    containers: [{ image, ports: [Port.http(8080), Port.grpc(9090)] }],
    exposure: Exposure.gatewayApi({
      gateway: { name: 'public', namespace: 'infra', sectionName: 'https' },
      hostnames: ['shop.example.com'],
      matches: [{ path: { value: '/api' }, headers: { 'x-env': 'prod' } }],
      timeouts: { request: Duration.seconds(30), backendRequest: Duration.seconds(10) },
      mesh: true,
    }),
  }],
  ['Gateway API: a GRPCRoute for a gRPC port, its own gateway pods', {
    containers: [{ image, ports: [Port.grpc(9090)] }],
    exposure: Exposure.gatewayApi({ gateway: { name: 'grpc' }, port: 'grpc', gatewayPods: { namespace: 'edge', labels: { app: 'envoy' } } }),
  }],
  ['an Istio gateway with TLS and the mesh entry', {
    containers: [{ image }],
    exposure: Exposure.istioGateway({ hosts: ['shop.example.com'], tls: { credentialName: 'shop-tls' }, timeout: Duration.seconds(15), mesh: true }),
  }],
  ['autoscaling and an Ingress exposure', {
    containers: [{ image, resources: { cpu: { request: '250m', limit: '1' }, memory: { request: Quantity.mebibytes(512) } } }],
    autoscaling: { minReplicas: 3, maxReplicas: 10, memoryUtilization: 80, scaleDownStabilization: Duration.minutes(10) },
    exposure: Exposure.ingress({ hosts: ['a.example.com', 'b.example.com'], className: 'nginx', tlsSecretName: 'tls', annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } }),
  }],
  ['autoscaling on custom metrics', {
    containers: [{ image }],
    autoscaling: {
      maxReplicas: 10,
      memoryUtilization: 85,
      metrics: [
        Metric.pods('http_requests_per_second', { averageValue: '100', selector: { route: 'checkout' } }),
        Metric.object('requests_per_second', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' }, { averageValue: Quantity.parse('500m') }),
        Metric.external('queue_messages_ready', { value: '30', selector: { queue: 'orders' } }),
        Metric.containerResource('cpu', 'web', { averageUtilization: 60 }),
      ],
      scaleUp: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, period: Duration.seconds(30) }, { type: 'Pods', value: 4, period: Duration.seconds(30) }] },
      scaleDown: { stabilizationWindow: Duration.minutes(10), selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, period: Duration.minutes(1) }] },
    },
  }],
  ['vertical autoscaling beside an HPA on a custom metric', {
    containers: [{ image }],
    autoscaling: { maxReplicas: 5, metrics: [Metric.external('queue_messages_ready', { averageValue: '30' })] },
    verticalAutoscaling: { mode: 'Initial', controlledValues: 'RequestsOnly', minAllowed: { cpu: '50m' }, maxAllowed: { memory: Quantity.gibibytes(2) } },
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
  ['volumes: ConfigMap and Secret files, projected, sized and memory emptyDirs, ephemeral, a shared claim', {
    containers: [{
      image,
      resources: { memory: { request: '512Mi' } },
      volumeMounts: [
        { path: '/etc/app', volume: Volume.configMap(ConfigReference.configMap('app-config', { revision: '3' }), { items: { 'app.yaml': 'app.yaml' }, defaultMode: 0o444 }) },
        { path: '/var/run/tls', volume: Volume.secret('web-tls', { defaultMode: 0o440, optional: true }) },
        { path: '/etc/bundle', volume: Volume.projected('bundle', [ProjectedSource.configMap('a'), ProjectedSource.downwardAPI({ labels: 'metadata.labels' })]) },
        { path: '/var/cache/app', volume: Volume.emptyDir('cache', { size: '1Gi' }) },
        { path: '/dev/shm', volume: Volume.emptyDir('shm', { size: '64Mi', medium: 'Memory' }) },
        { path: '/scratch', volume: Volume.ephemeral('scratch', { size: '5Gi', storageClassName: 'fast' }) },
        { path: '/srv/content', volume: Volume.persistentVolumeClaim('content', { accessMode: 'ReadOnlyMany' }) },
      ],
    }],
  }],
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
