/**
 * The Pulumi CanaryRelease under Pulumi's mocks: its children and their logical names per routing,
 * Istio, Gateway API and Argo Rollouts objects as CustomResources with their type tokens, the
 * `dependsOn` edges (VirtualService → DestinationRule above all; recorded with a resource
 * transformation, which sees each child's options), Output images and env values on the tracks
 * and containers, Output checks once known, warnings logged, and bad args registering nothing.
 * (cdk8s/Pulumi parity for every routing is in test/parity-canary.test.ts.)
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CanaryMatch, CanaryRouting, KeelsonValidationError, NetworkPeer, Port, TRACK_LABEL } from '../../lib';
import { CanaryRelease, CanaryReleaseArgs, CanaryRouting as PulumiRouting, StatelessApp } from '../../lib/pulumi';
import { paths, validationError } from '../helpers/fixtures';
import { mockPulumi, settle, valueOf, Registration } from '../helpers/pulumi';

const STABLE = 'ghcr.io/acme/api:1.4.2';
const CANARY = 'ghcr.io/acme/api:1.5.0';
const DIGEST = `sha256:${'e'.repeat(64)}`;
const args = (extra: Partial<CanaryReleaseArgs> = {}): CanaryReleaseArgs => ({
  namespace: 'shop',
  containers: [{ image: STABLE }],
  canary: { image: CANARY, weight: 10 },
  ...extra,
});

let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

function byName(name: string): Registration {
  const found = mocks.registrations.filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Records each child's dependsOn through a resource transformation (it sees every child's options). */
function dependsOnRecorder(): { transformation: pulumi.ResourceTransformation; of(name: string): unknown[] } {
  const deps = new Map<string, unknown>();
  return {
    transformation: (a) => {
      deps.set(a.name, a.opts.dependsOn);
      return undefined;
    },
    of: (name) => [deps.get(name)].flat().filter((d) => d !== undefined),
  };
}

describe('Pulumi CanaryRelease', () => {
  test('Istio: registers one child per object, named <component>-<kind>[-<track>], with explicit metadata.name', async () => {
    const app = new CanaryRelease('shop-api', { ...args(), name: 'api' });
    await settle();
    expect(mocks.sorted().map((r) => `${r.type} ${r.name}`)).toEqual([
      'keelson:index:CanaryRelease shop-api',
      'kubernetes:apps/v1:Deployment shop-api-deployment-canary',
      'kubernetes:apps/v1:Deployment shop-api-deployment-stable',
      'kubernetes:core/v1:Service shop-api-service',
      'kubernetes:core/v1:ServiceAccount shop-api-serviceaccount',
      'kubernetes:networking.istio.io/v1:DestinationRule shop-api-destinationrule',
      'kubernetes:networking.istio.io/v1:VirtualService shop-api-virtualservice',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy shop-api-networkpolicy',
      'kubernetes:policy/v1:PodDisruptionBudget shop-api-poddisruptionbudget-canary',
      'kubernetes:policy/v1:PodDisruptionBudget shop-api-poddisruptionbudget-stable',
    ]);
    for (const r of mocks.registrations.filter((x) => x.type.startsWith('kubernetes:'))) {
      expect((r.inputs.metadata as { namespace: string }).namespace).toBe('shop');
      expect((r.inputs.metadata as { name: string }).name).toMatch(/^api(-stable|-canary)?$/);
    }
    expect(Object.keys(app.resources)).toEqual([
      'ServiceAccount/api', 'NetworkPolicy/api', 'Service/api', 'Deployment/api-stable', 'Deployment/api-canary',
      'PodDisruptionBudget/api-stable', 'PodDisruptionBudget/api-canary', 'DestinationRule/api', 'VirtualService/api',
    ]);
    expect(app.resources['Deployment/api-stable']).toBeInstanceOf(k8s.apps.v1.Deployment);
    expect(app.resources['Service/api']).toBeInstanceOf(k8s.core.v1.Service);
    expect(app.resources['PodDisruptionBudget/api-canary']).toBeInstanceOf(k8s.policy.v1.PodDisruptionBudget);
    expect(app.resources['DestinationRule/api']).toBeInstanceOf(k8s.apiextensions.CustomResource);
    expect(app.resources['VirtualService/api']).toBeInstanceOf(k8s.apiextensions.CustomResource);
    expect(await valueOf(app.resources['VirtualService/api'].urn)).toContain('keelson:index:CanaryRelease$kubernetes:networking.istio.io/v1:VirtualService::shop-api-virtualservice');
    expect(app.name).toBe('api');
    expect(app.selector).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
    expect(app.achievedWeight).toBe(10);
    expect(app.warnings).toEqual([]);
  });

  test('the Istio objects are CustomResources carrying apiVersion, kind and spec in their inputs', async () => {
    new CanaryRelease('api', args({ routing: CanaryRouting.istio({ apiVersion: 'v1beta1', match: [CanaryMatch.headerExact('x-canary', 'always')] }) }));
    await settle();
    const dr = byName('api-destinationrule');
    expect(dr.type).toBe('kubernetes:networking.istio.io/v1beta1:DestinationRule');
    expect(dr.inputs).toMatchObject({ apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', spec: { host: 'api.shop.svc.cluster.local' } });
    const vs = byName('api-virtualservice');
    expect(vs.type).toBe('kubernetes:networking.istio.io/v1beta1:VirtualService');
    expect((vs.inputs as any).spec.http.map((h: any) => h.name)).toEqual(['canary-match-0', 'primary']);
  });

  test.each([
    ['ingress-nginx', CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }), [
      'kubernetes:apps/v1:Deployment api-deployment-canary',
      'kubernetes:apps/v1:Deployment api-deployment-stable',
      'kubernetes:core/v1:Service api-service-canary',
      'kubernetes:core/v1:Service api-service-stable',
      'kubernetes:networking.k8s.io/v1:Ingress api-ingress',
      'kubernetes:networking.k8s.io/v1:Ingress api-ingress-canary',
    ]],
    ['gateway API', CanaryRouting.gatewayApi({ gateway: 'infra/public' }), [
      'kubernetes:apps/v1:Deployment api-deployment-canary',
      'kubernetes:apps/v1:Deployment api-deployment-stable',
      'kubernetes:core/v1:Service api-service-canary',
      'kubernetes:core/v1:Service api-service-stable',
      'kubernetes:gateway.networking.k8s.io/v1:HTTPRoute api-httproute',
    ]],
    ['traefik', CanaryRouting.traefik({ hosts: ['api.example.com'] }), [
      'kubernetes:apps/v1:Deployment api-deployment-canary',
      'kubernetes:apps/v1:Deployment api-deployment-stable',
      'kubernetes:core/v1:Service api-service-canary',
      'kubernetes:core/v1:Service api-service-stable',
      'kubernetes:traefik.io/v1alpha1:IngressRoute api-ingressroute',
      'kubernetes:traefik.io/v1alpha1:TraefikService api-traefikservice',
    ]],
    ['replica ratio', CanaryRouting.replicaRatio(), [
      'kubernetes:apps/v1:Deployment api-deployment-canary',
      'kubernetes:apps/v1:Deployment api-deployment-stable',
      'kubernetes:core/v1:Service api-service',
    ]],
    ['blue/green', CanaryRouting.blueGreen(), [
      'kubernetes:apps/v1:Deployment api-deployment-canary',
      'kubernetes:apps/v1:Deployment api-deployment-stable',
      'kubernetes:core/v1:Service api-service',
      'kubernetes:core/v1:Service api-service-preview',
    ]],
  ])('%s: the routing\'s children', async (_, routing, expected) => {
    // 25%: exact with replica ratio's 4 replicas too (no warning to log).
    new CanaryRelease('api', args({ routing, canary: { image: CANARY, ...(routing.kind === 'blue-green' ? {} : { weight: 25 }) } }));
    await settle();
    const kinds = mocks.sorted().map((r) => `${r.type} ${r.name}`).filter((k) => /Deployment|Service |Ingress|HTTPRoute|TraefikService/.test(k));
    expect(kinds).toEqual(expected);
    if (routing.kind === 'gateway-api') {
      const route = byName('api-httproute');
      expect(route.inputs).toMatchObject({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' });
    }
  });

  test('Traefik: hosts and the TLS Secret as Outputs reach the IngressRoute\'s rule and TLS once known', async () => {
    new CanaryRelease('api', args({
      canary: { image: CANARY, weight: 10 },
      routing: PulumiRouting.traefik({ hosts: [pulumi.output('api.example.com'), '*.api.example.org'], tlsSecretName: pulumi.output('api-tls') }),
    }));
    await settle();
    expect((byName('api-ingressroute').inputs as any).spec).toEqual({
      routes: [{ kind: 'Rule', match: 'Host(`api.example.com`) || HostRegexp(`^[a-z0-9-]+\\.api\\.example\\.org$`)', services: [{ name: 'api', kind: 'TraefikService' }] }],
      tls: { secretName: 'api-tls' },
    });
    expect((byName('api-traefikservice').inputs as any).spec.weighted.services.map((x: any) => [x.name, x.weight])).toEqual([['api-stable', 90], ['api-canary', 10]]);
  });

  test('Argo Rollouts: a Rollout CustomResource instead of Deployments, the HPA targets it', async () => {
    const app = new CanaryRelease('api', args({ canary: undefined, stable: { autoscaling: { maxReplicas: 6 } }, routing: CanaryRouting.argoRollouts() }));
    await settle();
    expect(mocks.sorted().map((r) => `${r.type} ${r.name}`)).toEqual([
      'keelson:index:CanaryRelease api',
      'kubernetes:argoproj.io/v1alpha1:AnalysisTemplate api-analysistemplate',
      'kubernetes:argoproj.io/v1alpha1:Rollout api-rollout',
      'kubernetes:autoscaling/v2:HorizontalPodAutoscaler api-horizontalpodautoscaler',
      'kubernetes:core/v1:Service api-service',
      'kubernetes:core/v1:ServiceAccount api-serviceaccount',
      'kubernetes:networking.istio.io/v1:DestinationRule api-destinationrule',
      'kubernetes:networking.istio.io/v1:VirtualService api-virtualservice',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy api-networkpolicy',
      'kubernetes:policy/v1:PodDisruptionBudget api-poddisruptionbudget',
    ]);
    expect(app.resources['Rollout/api']).toBeInstanceOf(k8s.apiextensions.CustomResource);
    const rollout = byName('api-rollout').inputs as any;
    expect(rollout.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(rollout.spec.strategy.canary.trafficRouting.istio.virtualService).toEqual({ name: 'api', routes: ['primary'] });
    expect(rollout.spec).not.toHaveProperty('replicas');
    expect((byName('api-horizontalpodautoscaler').inputs as any).spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api' });
  });

  test('dependsOn: the VirtualService on the DestinationRule and the Service it routes for, which waits for both tracks\' Deployments; pods on the ServiceAccount and NetworkPolicy; autoscalers on their targets', async () => {
    const rec = dependsOnRecorder();
    const app = new CanaryRelease('api', args({
      stable: { autoscaling: { maxReplicas: 6 } },
      canary: { image: CANARY, weight: 10, autoscaling: { minReplicas: 1, maxReplicas: 2 } },
    }), { transformations: [rec.transformation] });
    await settle();
    const r = app.resources;
    // Pulumi awaits a Deployment's rollout and a Service's endpoints: the route to the canary is applied once its pods are ready.
    expect(rec.of('api-virtualservice')).toEqual([r['DestinationRule/api'], r['Service/api']]);
    expect(rec.of('api-service')).toEqual([r['Deployment/api-stable'], r['Deployment/api-canary']]);
    expect(rec.of('api-deployment-stable')).toEqual([r['ServiceAccount/api'], r['NetworkPolicy/api']]);
    expect(rec.of('api-deployment-canary')).toEqual([r['ServiceAccount/api'], r['NetworkPolicy/api']]);
    expect(rec.of('api-horizontalpodautoscaler-stable')).toEqual([r['Deployment/api-stable']]);
    expect(rec.of('api-horizontalpodautoscaler-canary')).toEqual([r['Deployment/api-canary']]);
    for (const n of ['api-serviceaccount', 'api-networkpolicy', 'api-destinationrule', 'api-poddisruptionbudget-stable', 'api-poddisruptionbudget-canary']) expect(rec.of(n)).toEqual([]);
    // The edge is to the DestinationRule resource itself: same URN.
    const [dependency] = rec.of('api-virtualservice') as pulumi.Resource[];
    expect(await valueOf(dependency.urn)).toBe(await valueOf(r['DestinationRule/api'].urn));
    expect(await valueOf(dependency.urn)).toContain('DestinationRule::api-destinationrule');
  });

  test('dependsOn: Ingresses and the HTTPRoute on the Services they route to, each Service on the Deployment it selects; the Rollout on the ServiceAccount, NetworkPolicy and AnalysisTemplate', async () => {
    const rec = dependsOnRecorder();
    // Three releases named api: in three namespaces, or their objects would be one another's.
    const nginx = new CanaryRelease('n', args({ name: 'api', namespace: 'n', routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }) }), { transformations: [rec.transformation] });
    const gw = new CanaryRelease('g', args({ name: 'api', namespace: 'g', routing: CanaryRouting.gatewayApi({ gateway: 'public' }) }), { transformations: [rec.transformation] });
    const argo = new CanaryRelease('a', args({ name: 'api', namespace: 'a', canary: undefined, routing: CanaryRouting.argoRollouts() }), { transformations: [rec.transformation] });
    await settle();
    expect(rec.of('n-ingress')).toEqual([nginx.resources['Service/api-stable']]);
    expect(rec.of('n-ingress-canary')).toEqual([nginx.resources['Service/api-canary']]);
    expect(rec.of('n-service-canary')).toEqual([nginx.resources['Deployment/api-canary']]);
    expect(rec.of('g-httproute')).toEqual([gw.resources['Service/api-stable'], gw.resources['Service/api-canary']]);
    expect(rec.of('g-service-stable')).toEqual([gw.resources['Deployment/api-stable']]);
    // The Rollout also waits for the AnalysisTemplate its background analysis runs.
    expect(rec.of('a-rollout')).toEqual([argo.resources['ServiceAccount/api'], argo.resources['NetworkPolicy/api'], argo.resources['AnalysisTemplate/api']]);
    expect(argo.analysisTemplate).toBe(argo.resources['AnalysisTemplate/api']);
    // The Rollout has no await in the provider: its Service does not wait for it.
    expect(rec.of('a-service')).toEqual([]);
    expect(rec.of('a-virtualservice')).toEqual([argo.resources['DestinationRule/api'], argo.resources['Service/api']]);
  });

  test('dependsOn, blue/green: the main Service waits for the active colour\'s Deployment, the preview Service for the idle one\'s', async () => {
    const rec = dependsOnRecorder();
    const bg = new CanaryRelease('b', args({ name: 'api', canary: { image: CANARY }, routing: CanaryRouting.blueGreen({ active: 'canary' }) }), { transformations: [rec.transformation] });
    await settle();
    expect(rec.of('b-service')).toEqual([bg.resources['Deployment/api-canary']]);
    expect(rec.of('b-service-preview')).toEqual([bg.resources['Deployment/api-stable']]);
  });

  test('accepts Output images and env values on the canary and the containers; each track\'s pull policy follows its own image', async () => {
    const app = new CanaryRelease('api', args({
      containers: [{ image: pulumi.output(`registry.example.com/api@${DIGEST}`), env: { DB_HOST: pulumi.output('db.internal') } }],
      stable: { version: '1.4.2' },
      canary: { image: pulumi.output('registry.example.com/api:1.5.0'), version: '1.5.0', weight: 10, env: { FEATURE: pulumi.output('on') } },
    }));
    await settle();
    const stable = await valueOf((app.resources['Deployment/api-stable'] as k8s.apps.v1.Deployment).spec);
    const canary = await valueOf((app.resources['Deployment/api-canary'] as k8s.apps.v1.Deployment).spec);
    expect(stable.template.spec!.containers[0]).toMatchObject({ image: `registry.example.com/api@${DIGEST}`, imagePullPolicy: 'IfNotPresent', env: [{ name: 'DB_HOST', value: 'db.internal' }] });
    expect(canary.template.spec!.containers[0]).toMatchObject({
      image: 'registry.example.com/api:1.5.0',
      imagePullPolicy: 'Always',
      env: [{ name: 'DB_HOST', value: 'db.internal' }, { name: 'FEATURE', value: 'on' }],
    });
    expect(stable.template.metadata!.labels).toMatchObject({ 'app.kubernetes.io/version': '1.4.2', [TRACK_LABEL]: 'stable' });
    expect(canary.template.metadata!.labels).toMatchObject({ 'app.kubernetes.io/version': '1.5.0', [TRACK_LABEL]: 'canary' });
    expect(JSON.stringify(mocks.registrations.map((r) => r.inputs))).not.toContain('deferred.keelson.invalid');
    expect(JSON.stringify(mocks.registrations.map((r) => r.inputs))).not.toContain('keelson-deferred');
  });

  test('an Output canary image without a version gives no version label; a plain canary over an Output container keeps its own pull policy', async () => {
    const app = new CanaryRelease('api', args({
      containers: [{ image: pulumi.output(STABLE) }],
      canary: { image: `registry.example.com/api@${DIGEST}`, weight: 5 },
    }));
    const dark = new CanaryRelease('dark', args({ canary: { image: pulumi.output(CANARY) } }));
    await settle();
    const stable = await valueOf((app.resources['Deployment/api-stable'] as k8s.apps.v1.Deployment).spec);
    const canary = await valueOf((app.resources['Deployment/api-canary'] as k8s.apps.v1.Deployment).spec);
    expect(stable.template.spec!.containers[0]).toMatchObject({ image: STABLE, imagePullPolicy: 'Always' });
    expect(stable.template.metadata!.labels).not.toHaveProperty(['app.kubernetes.io/version']);
    expect(canary.template.spec!.containers[0]).toMatchObject({ image: `registry.example.com/api@${DIGEST}`, imagePullPolicy: 'IfNotPresent' });
    const darkCanary = await valueOf((dark.resources['Deployment/dark-canary'] as k8s.apps.v1.Deployment).spec);
    expect(darkCanary.template.spec!.containers[0].image).toBe(CANARY);
    expect(darkCanary.template.metadata!.labels).not.toHaveProperty(['app.kubernetes.io/version']);
  });

  // An Output canary image of a bad value: test/pulumi/inputs-async.test.ts (as a Pulumi program sees it).

  test('logs the replica-ratio approximation as a Pulumi warning on the component', async () => {
    const warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(() => Promise.resolve());
    try {
      const app = new CanaryRelease('api', args({ canary: { image: CANARY, weight: 27 }, routing: CanaryRouting.replicaRatio() }));
      await settle();
      const message = 'canary weight 27% is not reachable with 4 stable replicas: 1 canary pod next to 4 give 20%; raise routing.totalReplicas or use a router (Istio, ingress-nginx, Gateway API) for a precise split';
      expect(app.warnings).toEqual([message]);
      expect(app.achievedWeight).toBe(20);
      expect(warn).toHaveBeenCalledWith(message, app);
      warn.mockClear();
      // 1 canary pod next to 4 stable ones is exactly 20%.
      new CanaryRelease('exact', args({ canary: { image: CANARY, weight: 20 }, routing: CanaryRouting.replicaRatio() }));
      await settle();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  test('bad args throw the library error before anything is registered', async () => {
    const e = validationError(() => new CanaryRelease('Api', { containers: [{ image: STABLE }], canary: { image: STABLE, weight: 101 } }));
    expect(paths(e)).toEqual(['name', 'canary.weight', 'canary', 'namespace']);
    expect(() => new CanaryRelease('api', args({ canary: { image: pulumi.output(CANARY) }, routing: CanaryRouting.argoRollouts() }))).toThrow(KeelsonValidationError);
    expect(() => new CanaryRelease('api', args({ routing: CanaryRouting.istio({ mirrorPercent: 0 }) }))).toThrow(KeelsonValidationError);
    expect(() => new CanaryRelease('api', null as unknown as CanaryReleaseArgs)).toThrow(KeelsonValidationError);
    expect(() => new CanaryRelease('api', { ...args(), canary: null } as unknown as CanaryReleaseArgs)).toThrow(KeelsonValidationError);
    await settle();
    expect(mocks.registrations).toHaveLength(0);
  });

  test('is called by another app (allowTo: [release]) on both tracks', async () => {
    const api = new CanaryRelease('api', args());
    new StatelessApp('web', { namespace: 'shop', containers: [{ image: 'ghcr.io/acme/web:2.0.0', ports: [Port.http(8080)] }], allowTo: [api] });
    await settle();
    expect((byName('web-networkpolicy').inputs as any).spec.egress[1].to[0]).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
    });
    expect((byName('web-networkpolicy-api-from-web').inputs as any).spec.podSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' },
    });
  });

  test('is not a peer of another app\'s allowFrom: the call is declared on the caller', () => {
    const api = new CanaryRelease('api', args());
    expect(() => new StatelessApp('web', { namespace: 'shop', containers: [{ image: 'ghcr.io/acme/web:2.0.0' }], allowFrom: [api, NetworkPeer.namespace('monitoring')] }))
      .toThrow(/allowFrom\[0\]: names CanaryRelease "api", a keelson app/);
  });
});
