/**
 * cdk8s and Pulumi produce the same CanaryRelease objects from the same props, for every routing
 * (the example programs, which include the `api` CanaryRelease, are compared in parity.test.ts).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ApiObject } from 'cdk8s';
import { CanaryMatch, CanaryReleaseProps, CanaryRouting, Duration, EnvValue, Exposure, NetworkEgress, NetworkPeer, Port, Probe, Quantity, Volume } from '../lib';
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { NAMED_VERSION_ROWS } from './helpers/bad-input/canary-release';
import { onCdk8s, onPulumi, verdict } from './helpers/engines';
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

/** Two named versions besides the canary: one at a weight with its own env, one dark and autoscaled. */
const NAMED_VERSIONS: CanaryReleaseProps['versions'] = {
  v3: { image: 'ghcr.io/acme/api-v3:1.4.2', weight: 10, env: { FEATURE: 'v3' } },
  v4: { image: 'ghcr.io/acme/api:1.6.0', autoscaling: { minReplicas: 1, maxReplicas: 2 } },
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
  ['volumes shared by both tracks', {
    ...shared,
    containers: [{
      ...shared.containers[0],
      volumeMounts: [
        { path: '/etc/api', volume: Volume.secret('api-tls') },
        { path: '/cache', volume: Volume.emptyDir('cache', { size: '512Mi' }) },
      ],
    }],
  }],
  ['resources and QoS: Guaranteed on both tracks, the canary\'s own resources', {
    ...shared,
    qos: 'Guaranteed',
    containers: [{ ...shared.containers[0], liveness: Probe.http('/health', { headers: { 'X-Probe': 'liveness' } }), addCapabilities: ['NET_BIND_SERVICE', 'SETUID'] }],
    securityContext: { runAsUser: 0, seccompProfile: { localhost: 'profiles/api.json' } },
    acknowledgeRisks: ['run-as-root', 'baseline-capabilities'],
    canary: { ...canary, resources: { cpu: { request: '300m' }, ephemeralStorage: { limit: '1Gi' } } },
  }],
  ['istio v1beta1, stable only', { ...shared, canary: undefined, routing: CanaryRouting.istio({ apiVersion: 'v1beta1' }) }],
  ['ingress-nginx', { ...shared, routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'], className: 'nginx', tlsSecretName: 'api-tls', header: 'X-Canary', cookie: 'canary' }) }],
  ['Gateway API', { ...shared, routing: CanaryRouting.gatewayApi({ gateway: 'infra/public', hostnames: ['api.example.com'], headers: { 'x-canary': 'always' } }) }],
  ['Gateway API, header regex and path matches', {
    ...shared,
    routing: CanaryRouting.gatewayApi({
      gateway: 'infra/public',
      match: [CanaryMatch.headerRegex('x-group', 'beta-.*'), CanaryMatch.pathPrefix('/beta')],
      timeouts: { request: Duration.seconds(30), backendRequest: Duration.seconds(10) },
    }),
  }],
  ['Gateway API, shadow phase (mirroring at weight 0) and a fraction', {
    ...shared,
    canary: { ...canary, weight: 0 },
    routing: CanaryRouting.gatewayApi({ gateway: 'infra/public', headers: { 'x-canary': 'always' }, mirrorPercent: 12.5 }),
  }],
  ['Traefik', { ...shared, routing: CanaryRouting.traefik({ hosts: ['api.example.com', '*.api.example.org'], entryPoints: ['websecure'], tlsSecretName: 'api-tls' }) }],
  ['Traefik at 0.5%', { ...shared, canary: { ...canary, weight: 0.5 }, routing: CanaryRouting.traefik({ hosts: ['api.example.com'] }) }],
  ['ingress-nginx at 0.5% (canary-weight-total)', { ...shared, canary: { ...canary, weight: 0.5 }, routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }) }],
  ['ingress-nginx and TLS, every host', { ...shared, routing: CanaryRouting.ingressNginx({ hosts: ['*'], tlsSecretName: 'api-tls' }) }],
  ['Traefik, every host, stable only', { ...shared, canary: undefined, routing: CanaryRouting.traefik({ hosts: ['*'], controllerNamespace: 'edge' }) }],
  ['replica ratio with an approximated weight', { ...shared, stable: undefined, canary: { image: canary.image, weight: 27 }, routing: CanaryRouting.replicaRatio() }],
  ['blue/green, canary active', { ...shared, canary: { image: canary.image }, routing: CanaryRouting.blueGreen({ active: 'canary' }) }],
  ['blue/green behind a LoadBalancer', {
    ...shared,
    canary: { image: canary.image },
    routing: CanaryRouting.blueGreen({ active: 'stable' }),
    exposure: Exposure.loadBalancer({ sourceRanges: ['198.51.100.0/24'], allocateNodePorts: false, mesh: true }),
  }],
  ['istio with named versions', { ...shared, versions: NAMED_VERSIONS }],
  ['Gateway API with named versions', {
    ...shared,
    versions: NAMED_VERSIONS,
    routing: CanaryRouting.gatewayApi({ gateway: 'infra/public', hostnames: ['api.example.com'] }),
  }],
  ['replica ratio behind a Gateway API route', {
    ...shared,
    stable: undefined,
    routing: CanaryRouting.replicaRatio(),
    exposure: Exposure.gatewayApi({ gateway: { name: 'public', namespace: 'infra' }, hostnames: ['api.example.com'], mesh: true }),
  }],
  ['blue/green behind an Ingress', {
    ...shared,
    canary: { image: canary.image },
    routing: CanaryRouting.blueGreen({ active: 'stable' }),
    exposure: Exposure.ingress({ hosts: ['api.example.com'], tlsSecretName: 'api-tls', mesh: true }),
  }],
  ['istio behind an Istio gateway joining the VirtualService', { ...shared, exposure: Exposure.istioGateway({ hosts: ['api.example.com'], mesh: true }) }],
  ['Argo Rollouts', { ...shared, canary: undefined, stable: { autoscaling: { maxReplicas: 6 } }, routing: CanaryRouting.argoRollouts({ steps: [5, 50], pause: 'manual' }) }],
  ['Argo Rollouts with its own analysis thresholds and query', {
    ...shared,
    canary: undefined,
    routing: CanaryRouting.argoRollouts({
      analysis: {
        prometheusAddress: 'http://prometheus.observability.svc:9090',
        minSuccessRate: 0.995,
        latencyPercentile: 95,
        maxLatency: Duration.millis(250),
        interval: Duration.minutes(2),
        failureLimit: 2,
        queries: { successRate: 'sum(rate(http_requests_total{code!~"5..",version="{{args.canary-version}}"}[2m])) / sum(rate(http_requests_total[2m]))' },
      },
    }),
  }],
  ['Argo Rollouts without analysis (acknowledged)', {
    ...shared, canary: undefined, acknowledgeRisks: ['canary-without-analysis'], routing: CanaryRouting.argoRollouts({ analysis: false }),
  }],
  ['Argo Rollouts over ingress-nginx', {
    ...shared, canary: undefined, routing: CanaryRouting.argoRolloutsIngressNginx({ hosts: ['api.example.com'], tlsSecretName: 'api-tls', steps: [20, 60] }),
  }],
  ['Argo Rollouts over the Gateway API', {
    ...shared, canary: undefined, routing: CanaryRouting.argoRolloutsGatewayApi({ gateway: 'infra/public', hostnames: ['api.example.com'], pause: 'manual' }),
  }],
  ['Flagger (nginx, autoscaled)', {
    ...shared,
    canary: undefined,
    stable: { autoscaling: { maxReplicas: 6 } },
    routing: CanaryRouting.flagger({ provider: 'nginx', hosts: ['api.example.com'], analysis: { stepWeight: 5, maxWeight: 30, minSuccessRate: 0.995 } }),
  }],
];

/** The typed children of a CanaryRelease, on both engines. */
const CHILDREN = [
  'serviceAccount', 'networkPolicy', 'deployments', 'stableDeployment', 'canaryDeployment', 'services', 'service',
  'podDisruptionBudgets', 'horizontalPodAutoscalers', 'ingresses', 'destinationRule', 'virtualService', 'httpRoute', 'rollout', 'analysisTemplate', 'flaggerCanary',
  'traefikService', 'ingressRoute',
  'peerAuthentication', 'authorizationPolicy', 'grpcRoute', 'gateway',
] as const;

type Children = Record<(typeof CHILDREN)[number], string | string[] | undefined>;

/** Each typed child of the cdk8s release as the `Kind/name` of its object. */
function cdk8sChildren(app: cdk8s.CanaryRelease): Children {
  const key = (o: ApiObject | undefined) => (o ? `${o.kind}/${o.name}` : undefined);
  return Object.fromEntries(CHILDREN.map((c) => {
    const v = app[c] as ApiObject | readonly ApiObject[] | undefined;
    return [c, Array.isArray(v) ? v.map((o) => key(o)!) : key(v as ApiObject | undefined)];
  })) as Children;
}

/** Each typed child of the Pulumi release as the `Kind/name` it has in `resources`, and of the expected class. */
function pulumiChildren(app: kpulumi.CanaryRelease): Children {
  const keys = new Map(Object.entries(app.resources).map(([k, r]) => [r, k]));
  const key = (r: pulumi.CustomResource | undefined) => {
    if (!r) return undefined;
    const k = keys.get(r)!;
    const kind = k.split('/')[0];
    const cls = {
      Deployment: k8s.apps.v1.Deployment,
      Service: k8s.core.v1.Service,
      ServiceAccount: k8s.core.v1.ServiceAccount,
      NetworkPolicy: k8s.networking.v1.NetworkPolicy,
      PodDisruptionBudget: k8s.policy.v1.PodDisruptionBudget,
      HorizontalPodAutoscaler: k8s.autoscaling.v2.HorizontalPodAutoscaler,
      Ingress: k8s.networking.v1.Ingress,
    }[kind]
      ?? k8s.apiextensions.CustomResource;
    expect(r).toBeInstanceOf(cls);
    return k;
  };
  return Object.fromEntries(CHILDREN.map((c) => {
    const v = app[c] as pulumi.CustomResource | readonly pulumi.CustomResource[] | undefined;
    return [c, Array.isArray(v) ? v.map((r) => key(r)!) : key(v as pulumi.CustomResource | undefined)];
  })) as Children;
}

/** The external host names each case serves. */
const HOSTS: Readonly<Record<string, readonly string[]>> = {
  'istio with everything': ['api.example.com'],
  'ingress-nginx': ['api.example.com'],
  'ingress-nginx at 0.5% (canary-weight-total)': ['api.example.com'],
  'Gateway API': ['api.example.com'],
  'Gateway API with named versions': ['api.example.com'],
  'replica ratio behind a Gateway API route': ['api.example.com'],
  'istio behind an Istio gateway joining the VirtualService': ['api.example.com'],
  'blue/green behind an Ingress': ['api.example.com'],
  'Argo Rollouts over ingress-nginx': ['api.example.com'],
  'Argo Rollouts over the Gateway API': ['api.example.com'],
  'Flagger (nginx, autoscaled)': ['api.example.com'],
};

describe('cdk8s and Pulumi produce the same CanaryRelease objects from the same props', () => {
  test.each(cases)('%s', async (name, props) => {
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

    // The same typed children and endpoints on both engines, each the object it says it is.
    const children = cdk8sChildren(fromCdk8sApp);
    expect(pulumiChildren(fromPulumiApp)).toEqual(children);
    expect(Object.keys(fromCdk8s).filter((k) => !Object.values(children).flat().includes(k))).toEqual([]);
    expect(children.serviceAccount).toBe(props.serviceAccount?.existing !== undefined ? undefined : 'ServiceAccount/api');
    const flagger = props.routing?.kind === 'flagger';
    expect(children.stableDeployment).toBe(props.routing?.kind.startsWith('argo-rollouts') || flagger ? undefined : 'Deployment/api-stable');
    expect(children.canaryDeployment).toBe(props.canary && !props.routing?.kind.startsWith('argo-rollouts') ? 'Deployment/api-canary' : undefined);
    const versionDeployments = Object.keys(props.versions ?? {}).sort().map((v) => `Deployment/api-${v}`);
    const deployments = [children.stableDeployment, children.canaryDeployment, ...versionDeployments, ...(flagger ? ['Deployment/api'] : [])];
    expect(children.deployments).toEqual(deployments.filter((d) => d !== undefined));
    const endpoints = (a: cdk8s.CanaryRelease | kpulumi.CanaryRelease) => ({
      serviceName: a.serviceName,
      servicePort: a.servicePort,
      hosts: a.hosts,
    });
    expect(endpoints(fromPulumiApp)).toEqual(endpoints(fromCdk8sApp));
    // Flagger makes the Service `<name>` itself, on the Canary's service.port.
    expect(children.service).toBe(flagger ? undefined : `Service/${fromCdk8sApp.serviceName}`);
    if (flagger) expect([fromCdk8sApp.serviceName, fromCdk8sApp.servicePort]).toEqual(['api', (fromCdk8s['Canary/api'].spec as any).service.port]);
    else expect(['Service/api', 'Service/api-stable']).toContain(children.service);
    const service = flagger ? undefined : fromCdk8s[children.service as string].spec as { ports: Array<{ port: number }> };
    if (service) expect(fromCdk8sApp.servicePort).toBe(service.ports[0].port);
    expect(fromCdk8sApp.hosts).toEqual(HOSTS[name] ?? []);
  });

  test('a named version whose image is an Output: the same objects as from the plain image', async () => {
    const chart = chartIn('shop');
    const versions = { v3: { image: 'ghcr.io/acme/api-v3:1.4.2', version: '1.4.2-v3', weight: 10, env: { FEATURE: 'v3' } } };
    new cdk8s.CanaryRelease(chart, 'api', { ...shared, versions });
    const release = new kpulumi.CanaryRelease('api', {
      ...shared,
      namespace: 'shop',
      versions: { v3: { ...versions.v3, image: pulumi.output(Promise.resolve(versions.v3.image)), env: { FEATURE: pulumi.output('v3') } } },
    });
    await settle();
    const objects = cdk8sObjects(chart);
    expect(Object.keys(objects)).toContain('Deployment/api-v3');
    expect(pulumiObjects(mocks.registrations)).toEqual(objects);
    expect(release.deployments).toHaveLength(3);
  });

  test('a StatelessApp that calls a CanaryRelease (allowTo: [release])', async () => {
    const chart = chartIn('shop');
    const api = new cdk8s.CanaryRelease(chart, 'api', cases[0][1]);
    new cdk8s.StatelessApp(chart, 'web', { containers: [{ image: 'ghcr.io/acme/web:2.0.0' }], allowTo: [api] });
    const papi = new kpulumi.CanaryRelease('api', { ...cases[0][1], namespace: 'shop' });
    new kpulumi.StatelessApp('web', { namespace: 'shop', containers: [{ image: 'ghcr.io/acme/web:2.0.0' }], allowTo: [papi] });
    await settle();
    expect(pulumiObjects(mocks.registrations)).toEqual(cdk8sObjects(chart));
  });
});

describe('cdk8s and Pulumi give the same verdict for every named-versions bad-input row', () => {
  test.each(NAMED_VERSION_ROWS.map(([what, props]) => [what, props] as const))('%s', async (_, props) => {
    const steps = [{ type: 'CanaryRelease' as const, id: 'api', props }];
    const [onC] = onCdk8s(steps, 'shop');
    const [onP] = await onPulumi(mocks, steps);
    expect(onC.error).toBeDefined();
    expect(verdict(onP)).toEqual(verdict(onC));
  });
});
