import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Call, KeelsonValidationError, Port, Exposure } from '../../lib';
import { Exposure as PulumiExposure, StatelessApp } from '../../lib/pulumi';
import { mockPulumi, settle, valueOf, Registration } from '../helpers/pulumi';

const image = 'ghcr.io/acme/web:1.2.3';
let mocks: Awaited<ReturnType<typeof mockPulumi>>;

beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

function byType(type: string): Registration {
  const found = mocks.registrations.filter((r) => r.type === type);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('Pulumi StatelessApp', () => {
  test('registers one typed resource per object, named <component>-<kind>, with explicit metadata.name', async () => {
    const app = new StatelessApp('shop-web', {
      name: 'web',
      namespace: 'shop',
      containers: [{ image }],
      autoscaling: { maxReplicas: 4 },
      exposure: Exposure.ingress({ hosts: ['shop.example.com'] }),
    });
    await settle();
    const kinds = mocks.sorted().map((r) => `${r.type} ${r.name}`);
    expect(kinds).toEqual([
      'keelson:index:StatelessApp shop-web',
      'kubernetes:apps/v1:Deployment shop-web-deployment',
      'kubernetes:autoscaling/v2:HorizontalPodAutoscaler shop-web-horizontalpodautoscaler',
      'kubernetes:core/v1:Service shop-web-service',
      'kubernetes:core/v1:ServiceAccount shop-web-serviceaccount',
      'kubernetes:networking.k8s.io/v1:Ingress shop-web-ingress',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy shop-web-networkpolicy',
      'kubernetes:policy/v1:PodDisruptionBudget shop-web-poddisruptionbudget',
    ]);
    for (const r of mocks.registrations.filter((x) => x.type.startsWith('kubernetes:'))) {
      expect((r.inputs.metadata as { name: string }).name).toBe('web');
      expect((r.inputs.metadata as { namespace: string }).namespace).toBe('shop');
    }
    expect(app.deployment).toBeInstanceOf(k8s.apps.v1.Deployment);
    expect(app.service).toBeInstanceOf(k8s.core.v1.Service);
    expect(app.horizontalPodAutoscaler).toBeInstanceOf(k8s.autoscaling.v2.HorizontalPodAutoscaler);
    expect(app.ingress).toBeInstanceOf(k8s.networking.v1.Ingress);
    // Children are parented to the component: their URNs carry its type.
    const urn = await valueOf(app.deployment.urn);
    expect(urn).toContain('keelson:index:StatelessApp$kubernetes:apps/v1:Deployment::shop-web-deployment');
    expect(app.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });
  });

  test('the object name defaults to the resource name; the HPA-managed Deployment omits replicas', async () => {
    new StatelessApp('api', { containers: [{ image }], autoscaling: { maxReplicas: 3 } });
    await settle();
    const deployment = byType('kubernetes:apps/v1:Deployment').inputs as { metadata: { name: string }; spec: Record<string, unknown> };
    expect(deployment.metadata.name).toBe('api');
    expect(deployment.spec).not.toHaveProperty('replicas');
  });

  test('accepts Outputs for image, env values and Exposure.ingress hosts, and keeps them in the resources', async () => {
    const app = new StatelessApp('web', {
      namespace: 'shop',
      containers: [{
        image: pulumi.output('registry.example.com/web@sha256:' + 'a'.repeat(64)),
        env: { DB_HOST: pulumi.output('db.internal'), MODE: 'prod' },
      }],
      exposure: PulumiExposure.ingress({ hosts: [Promise.resolve('shop.example.com')] }),
    });
    await settle();
    const spec = await valueOf(app.deployment.spec);
    const container = spec.template.spec!.containers[0];
    expect(container.image).toBe('registry.example.com/web@sha256:' + 'a'.repeat(64));
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.env).toEqual([{ name: 'DB_HOST', value: 'db.internal' }, { name: 'MODE', value: 'prod' }]);
    // An image known only later gives no version label rather than a guessed one.
    expect(spec.template.metadata!.labels).not.toHaveProperty(['app.kubernetes.io/version']);
    const ingressSpec = await valueOf(app.ingress!.spec);
    expect(ingressSpec.rules!.map((r) => r.host)).toEqual(['shop.example.com']);
  });

  test('bad args throw the library error before anything is registered', async () => {
    expect(() => new StatelessApp('web', { containers: [{ image: 'nginx', ports: [Port.http(0)] }], replicas: -1 })).toThrow(KeelsonValidationError);
    let error: unknown;
    try {
      new StatelessApp('Web', { containers: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeelsonValidationError);
    expect((error as KeelsonValidationError).problems.map((p) => p.path)).toEqual(['name', 'containers']);
    await settle();
    expect(mocks.registrations).toHaveLength(0);
  });

  test('a call to another keelson app admits the caller in the callee\'s namespace; the callee\'s allowFrom does not name it', async () => {
    const proxy = new StatelessApp('db-proxy', { namespace: 'shop', containers: [{ image, ports: [Port.tcp(5432, { name: 'postgres' })] }] });
    expect(() => new StatelessApp('api', { namespace: 'shop', containers: [{ image }], allowFrom: [proxy] })).toThrow(/names StatelessApp "db-proxy", a keelson app/);
    new StatelessApp('api', { namespace: 'shop', containers: [{ image }], allowTo: [Call.to(proxy, { port: 'postgres' })] });
    await settle();
    const policy = mocks.registrations.find((r) => r.name === 'api-networkpolicy-db-proxy-from-api')!.inputs as {
      metadata: { namespace: string };
      spec: { ingress: Array<{ from: unknown[]; ports: unknown[] }> };
    };
    expect(policy.metadata.namespace).toBe('shop');
    expect(policy.spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    }]);
  });

  test('provider options reach every child', async () => {
    const provider = new k8s.Provider('cluster', { namespace: 'ignored' });
    const app = new StatelessApp('web', { containers: [{ image }] }, { providers: { kubernetes: provider } });
    await settle();
    const deploymentProvider = (app.deployment as unknown as { __prov?: unknown }).__prov
      ?? (app.deployment as unknown as { __providers?: Record<string, unknown> }).__providers?.kubernetes;
    expect(deploymentProvider).toBe(provider);
  });

  test('escape hatch: a resource transformation on the component reaches its children', async () => {
    new StatelessApp('web', { containers: [{ image }] }, {
      transformations: [(a) => (a.type === 'kubernetes:apps/v1:Deployment'
        ? { props: { ...a.props, metadata: { ...a.props.metadata, annotations: { 'example.com/owner': 'team-a' } } }, opts: a.opts }
        : undefined)],
    });
    await settle();
    const metadata = byType('kubernetes:apps/v1:Deployment').inputs.metadata as { annotations?: Record<string, string>; name: string };
    expect(metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    expect(metadata.name).toBe('web');
    expect(byType('kubernetes:core/v1:Service').inputs.metadata).not.toHaveProperty('annotations');
  });
});
