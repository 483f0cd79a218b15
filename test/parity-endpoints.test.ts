/**
 * What users wire onward from an app, the same on both engines: the Service clients call, its
 * port and the app's external host names (CanaryRelease per routing: parity-canary.test.ts). On
 * Pulumi they are also the component's registered outputs, hosts given as `Output`s included.
 */
import * as pulumi from '@pulumi/pulumi';
import { CanaryReleaseProps, CanaryRouting, Port, StatefulAppProps, StatelessAppProps, Exposure } from '../lib';
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { chartIn } from './helpers/parity';
import { mockPulumi, settle, valueOf } from './helpers/pulumi';

let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});
afterEach(() => jest.restoreAllMocks());

const endpoints = (a: { serviceName?: string; servicePort?: number; hosts: readonly unknown[] }) => ({
  serviceName: a.serviceName,
  servicePort: a.servicePort,
  hosts: a.hosts,
});

const web: Omit<StatelessAppProps, 'name'> = {
  containers: [{ image: 'ghcr.io/acme/web:2.0.0', ports: [Port.http(8080), Port.tcp(9090, { name: 'metrics' })] }],
  exposure: Exposure.ingress({ hosts: ['shop.example.com', 'www.example.com'], className: 'nginx' }),
};
const worker: Omit<StatelessAppProps, 'name'> = { containers: [{ image: 'ghcr.io/acme/worker:2.0.0', ports: [] }] };
const db: Omit<StatefulAppProps, 'name'> = {
  replicas: 3,
  containers: [{ image: 'ghcr.io/acme/db:1.2.3', ports: [Port.tcp(5432, { name: 'db' })] }],
  storage: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi' }],
};

describe('the endpoints an app publishes, on both engines', () => {
  test.each([
    ['StatelessApp with an Ingress', 'web', web, { serviceName: 'web', servicePort: 80, hosts: ['shop.example.com', 'www.example.com'] }],
    ['StatelessApp without ports (a worker)', 'worker', worker, { serviceName: undefined, servicePort: undefined, hosts: [] }],
  ] as const)('%s', async (_, name, props, expected) => {
    const fromCdk8s = new cdk8s.StatelessApp(chartIn('shop'), name, props);
    const fromPulumi = new kpulumi.StatelessApp(name, { ...props, namespace: 'shop' });
    await settle();
    expect(endpoints(fromCdk8s)).toEqual(expected);
    expect(endpoints(fromPulumi)).toEqual(expected);
    // The typed Service child is the one serviceName names.
    expect(fromCdk8s.service?.name).toBe(expected.serviceName);
  });

  test('StatefulApp: the client Service, not the headless one', async () => {
    const fromCdk8s = new cdk8s.StatefulApp(chartIn('shop'), 'db', db);
    const fromPulumi = new kpulumi.StatefulApp('db', { ...db, namespace: 'shop' });
    await settle();
    const expected = { serviceName: 'db', servicePort: 5432, hosts: [] };
    expect(endpoints(fromCdk8s)).toEqual(expected);
    expect(endpoints(fromPulumi)).toEqual(expected);
    expect(fromCdk8s.service?.name).toBe('db');
  });
});

describe('Pulumi components register their endpoints as outputs', () => {
  /** What each component passed to registerOutputs, by its name. */
  function recordOutputs(): Map<string, Record<string, unknown>> {
    const seen = new Map<string, Record<string, unknown>>();
    const original = (pulumi.ComponentResource.prototype as any).registerOutputs;
    jest.spyOn(pulumi.ComponentResource.prototype as any, 'registerOutputs').mockImplementation(function (this: any, outputs: any) {
      // Pulumi calls it again, without outputs, once the component is initialised: the first call registers.
      if (typeof this.name === 'string' && outputs !== undefined && !seen.has(this.name)) seen.set(this.name, outputs);
      return original.call(this, outputs);
    });
    return seen;
  }

  test('StatelessApp: Service name and port, and the hosts as given (an Output resolves to its value)', async () => {
    const outputs = recordOutputs();
    const host = pulumi.output('shop.example.com');
    const app = new kpulumi.StatelessApp('web', { ...web, namespace: 'shop', exposure: kpulumi.Exposure.ingress({ hosts: [host, 'www.example.com'], className: 'nginx' }) });
    await settle();
    expect(pulumi.Output.isInstance(app.hosts[0])).toBe(true);
    expect(await valueOf(pulumi.output(app.hosts))).toEqual(['shop.example.com', 'www.example.com']);
    const registered = outputs.get('web')!;
    expect(registered).toMatchObject({ name: 'web', namespace: 'shop', serviceName: 'web', servicePort: 80 });
    expect(await valueOf(pulumi.output(registered.hosts as pulumi.Input<string>[]))).toEqual(['shop.example.com', 'www.example.com']);
  });

  test('CanaryRelease: the stable Service with ingress-nginx, and the achieved weight', async () => {
    const outputs = recordOutputs();
    new kpulumi.CanaryRelease('api', {
      namespace: 'shop',
      containers: [{ image: 'ghcr.io/acme/api:1.4.2', ports: [Port.http(8080)] }],
      canary: { image: 'ghcr.io/acme/api:1.5.0', weight: 10 },
      routing: kpulumi.CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }),
    });
    await settle();
    expect(outputs.get('api')).toMatchObject({ serviceName: 'api-stable', servicePort: 80, hosts: ['api.example.com'], achievedWeight: 10 });
  });
});

describe('an existing ServiceAccount: no ServiceAccount child on either engine', () => {
  const release: Omit<CanaryReleaseProps, 'name'> = {
    containers: [{ image: 'ghcr.io/acme/api:2.0.0' }],
    canary: { image: 'ghcr.io/acme/api:2.1.0', weight: 10 },
    routing: CanaryRouting.istio(),
  };
  const existing = { serviceAccount: { existing: 'platform-sa' } };
  test('StatelessApp, StatefulApp and CanaryRelease', async () => {
    const chart = chartIn('shop');
    const fromCdk8s = [
      new cdk8s.StatelessApp(chart, 'web', { ...web, ...existing }),
      new cdk8s.StatefulApp(chart, 'db', { ...db, ...existing }),
      new cdk8s.CanaryRelease(chart, 'api', { ...release, ...existing }),
    ];
    const fromPulumi = [
      new kpulumi.StatelessApp('web', { ...web, ...existing, namespace: 'shop' }),
      new kpulumi.StatefulApp('db', { ...db, ...existing, namespace: 'shop' }),
      new kpulumi.CanaryRelease('api', { ...release, ...existing, namespace: 'shop' }),
    ];
    await settle();
    for (const app of [...fromCdk8s, ...fromPulumi]) expect(app.serviceAccount).toBeUndefined();
    // Without it, each has its own.
    const own = [new cdk8s.CanaryRelease(chartIn('shop'), 'api', release), new kpulumi.CanaryRelease('api-own', { ...release, namespace: 'shop' })];
    await settle();
    for (const app of own) expect(app.serviceAccount).toBeDefined();
  });
});
