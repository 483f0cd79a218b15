/**
 * `exposure` with Pulumi inputs, beyond the per-slot cases of inputs.test.ts (test/helpers/input-cases.ts):
 * the Pulumi `Exposure` factories' types, values resolved after the component is made, values unknown
 * during a preview, and inputs where the exposure's shape is decided. Outputs that resolve to bad
 * values (one KeelsonValidationError at the path, nothing registered) are measured as a program sees
 * them, in a process of its own: inputs-async.test.ts, for every slot.
 */
import * as pulumi from '@pulumi/pulumi';
import { Exposure as CoreExposure, KeelsonValidationError } from '../../lib';
import * as cdk8s from '../../lib/cdk8s';
import * as kp from '../../lib/pulumi';
import { cdk8sObjects, chartIn, pulumiObjects } from '../helpers/parity';
import { mockPulumi, settle, valueOf } from '../helpers/pulumi';

let mocks: Awaited<ReturnType<typeof mockPulumi>>;

beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

const containers = [{ image: 'ghcr.io/acme/web:1.0.0', ports: [kp.Port.http(8080)] }];

/** An input resolved only when the test says so (a value another stack or resource gives later). */
function later(): { input: pulumi.Output<string>; resolve: (v: string) => void } {
  let resolve!: (v: string) => void;
  const input = pulumi.output(new Promise<string>((r) => { resolve = r; }));
  return { input, resolve };
}

describe('the Pulumi Exposure factories', () => {
  test('take inputs where the options name, host, annotate or range (types checked by this file compiling)', () => {
    const host: pulumi.Output<string> = pulumi.output('shop.example.com');
    const config = Promise.resolve('infra');
    const values: kp.Exposure[] = [
      kp.Exposure.gatewayApi({ gateway: { name: pulumi.output('public'), namespace: config, sectionName: host }, hostnames: [host, 'www.example.com'] }),
      kp.Exposure.istioGateway({
        hosts: [host], selector: { istio: host }, tls: { credentialName: host }, gatewayPods: { namespace: config, labels: { app: host } },
      }),
      kp.Exposure.loadBalancer({ annotations: { 'example.com/x': host }, sourceRanges: [host], loadBalancerClass: host }),
      kp.Exposure.nodePort({ sourceRanges: [host] }),
    ];
    expect(values.map((v) => v.type)).toEqual(['GatewayAPI', 'IstioGateway', 'LoadBalancer', 'NodePort']);
    // The args' `exposure` takes them, and the core's values.
    const args: kp.StatelessAppArgs[] = [{ containers, exposure: values[0] }, { containers, exposure: CoreExposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'] }) }];
    expect(args).toHaveLength(2);
    // The core's (and cdk8s's) types are unchanged: plain strings only.
    // @ts-expect-error an Output is not a string
    CoreExposure.gatewayApi({ gateway: { name: host } });
    // @ts-expect-error an Output is not a string
    const plain: cdk8s.StatelessAppProps = { containers, exposure: kp.Exposure.gatewayApi({ gateway: { name: host } }) };
    expect(plain).toBeDefined();
  });

  test('with plain values make exactly the core\'s values', () => {
    const gw = { gateway: { name: 'public', namespace: 'infra' }, hostnames: ['shop.example.com'], mesh: true };
    expect(kp.Exposure.gatewayApi(gw)).toEqual(CoreExposure.gatewayApi(gw));
    expect(kp.Exposure.istioGateway({ hosts: ['a.example.com'] })).toEqual(CoreExposure.istioGateway({ hosts: ['a.example.com'] }));
    expect(kp.Exposure.loadBalancer()).toEqual(CoreExposure.loadBalancer());
    expect(kp.Exposure.nodePort({ sourceRanges: ['10.0.0.0/8'] })).toEqual(CoreExposure.nodePort({ sourceRanges: ['10.0.0.0/8'] }));
  });
});

describe('inputs known only after the component is made', () => {
  test('the route, the NetworkPolicy and the mesh entry carry the real values; `hosts` gives the host input', async () => {
    const host = later();
    const gateway = later();
    const app = new kp.StatelessApp('web', {
      namespace: 'shop',
      containers,
      exposure: kp.Exposure.gatewayApi({ gateway: { name: 'public', namespace: gateway.input }, hostnames: [host.input], mesh: true }),
    });
    // Not `settle()`: it waits for every registration, and these wait for the inputs (and their check).
    await new Promise((r) => setTimeout(r, 200));
    expect(mocks.registrations.filter((r) => r.type.startsWith('kubernetes:'))).toEqual([]);
    host.resolve('shop.example.com');
    gateway.resolve('infra');
    await settle();
    const expected = chartIn();
    new cdk8s.StatelessApp(expected, 'web', {
      namespace: 'shop',
      containers,
      exposure: CoreExposure.gatewayApi({ gateway: { name: 'public', namespace: 'infra' }, hostnames: ['shop.example.com'], mesh: true }),
    });
    const objects = pulumiObjects(mocks.registrations);
    expect(objects).toEqual(cdk8sObjects(expected));
    // The principal holds the namespace input inside a longer string.
    expect(JSON.stringify(objects['AuthorizationPolicy/web-exposure'])).toContain('cluster.local/ns/infra/sa/public-istio');
    expect(await valueOf(pulumi.all([...app.hosts]))).toEqual(['shop.example.com']);
  });
});

describe('inputs where the exposure\'s shape is decided', () => {
  test('the type, the routed port, mesh, the traffic policy and node ports: one problem each, with nothing registered', async () => {
    const e = (() => {
      try {
        new kp.StatelessApp('web', {
          containers,
          exposure: { type: 'NodePort', mesh: pulumi.output(true), externalTrafficPolicy: pulumi.output('Cluster'), nodePorts: { http: Promise.resolve(30080) } } as never,
        });
      } catch (err) {
        return err as KeelsonValidationError;
      }
      throw new Error('expected the library error');
    })();
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e.problems.filter((p) => p.type === 'notSupported').map((p) => p.path)).toEqual([
      'exposure.mesh', 'exposure.externalTrafficPolicy', 'exposure.nodePorts.http',
    ]);
    const type = (() => {
      try {
        new kp.StatelessApp('web', { containers, exposure: { type: pulumi.output('GatewayAPI'), gateway: { name: 'public' } } as never });
      } catch (err) {
        return err as KeelsonValidationError;
      }
      throw new Error('expected the library error');
    })();
    expect(type.problems.map((p) => [p.path, p.type])).toEqual([['exposure.type', 'notSupported']]);
    expect(() => new kp.StatelessApp('web', { containers, exposure: kp.Exposure.gatewayApi({ gateway: { name: 'public' }, port: pulumi.output('http') as never }) }))
      .toThrow(/exposure\.port: a Pulumi Output or promise is not accepted here/);
    await settle();
    expect(mocks.registrations).toEqual([]);
  });
});

describe('inputs unknown during a preview', () => {
  // Last in this file: the preview mocks replace the others (after the file-wide beforeEach).
  let preview: Awaited<ReturnType<typeof mockPulumi>>;
  beforeEach(async () => {
    preview = await mockPulumi({ preview: true });
  });

  test('the objects register with the unknown values unknown and the rest as planned, and nothing fails', async () => {
    const unknown = new (pulumi.Output as unknown as new (...a: unknown[]) => pulumi.Output<string>)(
      new Set(), Promise.resolve(undefined), Promise.resolve(false), Promise.resolve(false), Promise.resolve(new Set()),
    );
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      new kp.CanaryRelease('api', {
        namespace: 'shop',
        containers,
        routing: kp.CanaryRouting.replicaRatio(),
        exposure: kp.Exposure.istioGateway({ hosts: [unknown, 'api.example.com'], tls: { credentialName: 'api-tls' } }),
      });
      await settle();
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
    const gateway = preview.registrations.find((r) => r.type === 'kubernetes:networking.istio.io/v1:Gateway')?.inputs as any;
    expect(gateway.spec.servers[0].hosts).toEqual([{ __pulumiUnknown: true }, 'api.example.com']);
    expect(gateway.spec.servers[0].tls).toEqual({ mode: 'SIMPLE', credentialName: 'api-tls' });
    expect(preview.registrations.some((r) => r.type === 'kubernetes:apps/v1:Deployment')).toBe(true);
  });
});
