/**
 * Pulumi inputs, under Pulumi's mocks, at every slot a component accepts one (test/helpers/input-cases.ts):
 * an Output or a promise of a good value gives exactly the objects cdk8s makes from the plain value;
 * plain garbage gets cdk8s's verdict, at once, with nothing registered; an input where none is
 * accepted is one problem at its path. (Outputs of bad values: inputs-async.test.ts.)
 */
import * as pulumi from '@pulumi/pulumi';
import { KeelsonValidationError, ValidationProblem, ConfigReference as CoreConfigReference, EnvValue as CoreEnvValue, NetworkPeer as CoreNetworkPeer, Subject as CoreSubject, Exposure } from '../../lib';
import * as kp from '../../lib/pulumi';
import { INPUT_CASES, InputCase, cdk8sConstruct, chart, pulumiComponent } from '../helpers/input-cases';
import { ObjectsByKey, cdk8sObjects, pulumiObjects } from '../helpers/parity';
import { mockPulumi, settle, valueOf } from '../helpers/pulumi';

let mocks: Awaited<ReturnType<typeof mockPulumi>>;

beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  // A deployment of its own: the cases emit the same object names.
  await mocks.newStack();
});

type Verdict = { objects: ObjectsByKey } | { problems: readonly ValidationProblem[] };

function verdict(make: () => ObjectsByKey): Verdict {
  try {
    return { objects: make() };
  } catch (e) {
    if (!(e instanceof KeelsonValidationError)) throw e;
    return { problems: e.problems };
  }
}

function cdk8sVerdict(c: InputCase, value: unknown): Verdict {
  return verdict(() => {
    const ch = chart();
    cdk8sConstruct(ch, c.construct, c.args(value));
    return cdk8sObjects(ch);
  });
}

async function pulumiVerdict(c: InputCase, value: unknown): Promise<Verdict> {
  await mocks.newStack();
  let registered = false;
  const v = verdict(() => {
    pulumiComponent(c.construct, c.args(value));
    registered = true;
    return {};
  });
  await settle();
  if (!registered) {
    // Refused at once: nothing at all was registered, not even the component.
    expect(mocks.registrations).toEqual([]);
    return v;
  }
  return { objects: pulumiObjects(mocks.registrations) };
}

// JavaScript garbage where a string (or a Pulumi input) is expected: none of it is an input.
const GARBAGE: readonly unknown[] = [42, null, true, { repository: 'ghcr.io/acme/web', tag: '1.0.0' }, [], '', { then: 'not a function' }];

describe.each(INPUT_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test('an Output or a promise of a good value gives the objects cdk8s makes from the plain value', async () => {
    const expected = cdk8sVerdict(c, c.good);
    expect(expected).toHaveProperty('objects');
    expect(await pulumiVerdict(c, pulumi.output(c.good))).toEqual(expected);
    expect(await pulumiVerdict(c, Promise.resolve(c.good))).toEqual(expected);
  });

  test('the bad value, plain, is refused at its path on both engines with the same problems', async () => {
    const expected = cdk8sVerdict(c, c.bad);
    expect(expected).toEqual({ problems: [expect.objectContaining({ path: c.path })] });
    expect(await pulumiVerdict(c, c.bad)).toEqual(expected);
  });

  test('garbage that is not an input gets cdk8s\'s verdict, synchronously', async () => {
    for (const g of GARBAGE) expect([g, await pulumiVerdict(c, g)]).toEqual([g, cdk8sVerdict(c, g)]);
  });
});

describe('args that are not an object', () => {
  test.each(['StatelessApp', 'StatefulApp', 'CanaryRelease', 'SecureNamespace'] as const)('%s: the verdict cdk8s gives, with nothing registered', async (construct) => {
    const c: InputCase = { name: construct, construct, args: (v) => v as Record<string, unknown>, good: '', bad: '', path: '' };
    for (const args of [null, undefined, [], 'web', 42, true]) expect([args, await pulumiVerdict(c, args)]).toEqual([args, cdk8sVerdict(c, args)]);
  });
});

describe('inputs where none is accepted', () => {
  test('an Output where the shape of the objects depends on the value is one problem at its path, with every other problem', async () => {
    const e = (() => {
      try {
        new kp.StatelessApp('web', {
          name: 'Web',
          replicas: pulumi.output(3) as unknown as number,
          containers: [{ image: pulumi.output('ghcr.io/acme/web:1.0.0'), resources: { cpu: { request: Promise.resolve('100m') as never } } }],
          exposure: Exposure.ingress({ hosts: ['a.example.com'], className: pulumi.output('nginx') as unknown as string }),
        });
      } catch (err) {
        return err as KeelsonValidationError;
      }
      throw new Error('expected the library error');
    })();
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e.problems.map((p) => [p.path, p.type])).toEqual([
      ['replicas', 'notSupported'],
      ['containers[0].resources.cpu.request', 'notSupported'],
      ['exposure.className', 'notSupported'],
      ['name', 'invalid'],
    ]);
    expect(e.problems[0].message).toContain('a Pulumi Output or promise is not accepted here');
    await settle();
    expect(mocks.registrations).toEqual([]);
  });

  test('args refused at once start nothing asynchronous: an Output of a bad value beside them is never checked', async () => {
    // Were the Output's check started before the synchronous refusal, its rejection would fail this test.
    expect(() => new kp.StatelessApp('web', { replicas: -1, containers: [{ image: pulumi.output('nginx') }] })).toThrow(KeelsonValidationError);
    await settle();
    await new Promise((r) => setTimeout(r, 50));
    expect(mocks.registrations).toEqual([]);
  });
});

describe('keelson/pulumi value factories', () => {
  test('make the core\'s values (instanceof holds both ways); a plain name gives exactly the core\'s value', () => {
    const out = pulumi.output('db-config');
    expect(kp.ConfigReference.configMap(out)).toBeInstanceOf(CoreConfigReference);
    expect(kp.ConfigReference.configMap(out) instanceof (kp.ConfigReference as never)).toBe(true);
    expect(CoreConfigReference.secret('s') instanceof (kp.ConfigReference as never)).toBe(true);
    expect(CoreEnvValue.fromValue('x') instanceof (kp.ConfigReference as never)).toBe(false);
    expect(kp.ConfigReference.configMap('db-config', { revision: '2' })).toEqual(CoreConfigReference.configMap('db-config', { revision: '2' }));
    expect(kp.EnvValue.fromConfigMap(out, 'k')).toBeInstanceOf(CoreEnvValue);
    expect(kp.EnvValue.fromSecret('s', 'k')).toEqual(CoreEnvValue.fromSecret('s', 'k'));
    expect(kp.NetworkPeer.namespace('shop')).toEqual(CoreNetworkPeer.namespace('shop'));
    expect(kp.Subject.serviceAccount('ci', 'ci')).toEqual(CoreSubject.serviceAccount('ci', 'ci'));
    const peer = kp.NetworkPeer.namespace(out);
    expect(peer).toBeInstanceOf(CoreNetworkPeer);
    expect(peer.namespaces[0]).toBe(out);
    expect(peer.description).toBe('namespace(<Pulumi input>)');
    const sa = kp.Subject.serviceAccount(pulumi.output('ci'), pulumi.output('ci-ns'));
    expect(pulumi.Output.isInstance(sa.name) && pulumi.Output.isInstance(sa.namespace) && sa.name !== sa.namespace).toBe(true);
  });

  test('an app in a namespace given as an Output is called by another app in it (the same input)', async () => {
    const ns = pulumi.output('shop');
    const a = new kp.StatelessApp('api', { namespace: ns, containers: [{ image: 'ghcr.io/acme/api:1.0.0', ports: [kp.Port.http(8080)] }] });
    new kp.StatelessApp('web', { namespace: ns, containers: [{ image: 'ghcr.io/acme/web:1.0.0' }], allowTo: [a] });
    await settle();
    expect(await valueOf(pulumi.output(a.namespace!))).toBe('shop');
    const policy = pulumiObjects(mocks.registrations)['NetworkPolicy/api-from-web'] as { metadata: { namespace: string }; spec: { ingress: Array<{ from: unknown[] }> } };
    expect(policy.metadata.namespace).toBe('shop');
    expect(policy.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } } }]);
    // Another namespace input: keelson cannot tell where to admit the caller.
    expect(() => new kp.StatelessApp('other', { namespace: pulumi.output('shop'), containers: [{ image: 'ghcr.io/acme/web:1.0.0' }], allowTo: [a] }))
      .toThrow(/in a namespace given as another Pulumi input/);
  });

  test('a StatefulApp in a namespace given as an Output: its pod DNS names carry the real namespace', async () => {
    const app = new kp.StatefulApp('db', { namespace: pulumi.output('data'), replicas: 2, containers: [{ image: 'ghcr.io/acme/db:1.0.0' }] });
    await settle();
    expect(await valueOf(pulumi.all([...app.podDnsNames]))).toEqual(['db-0.db-headless.data.svc.cluster.local', 'db-1.db-headless.data.svc.cluster.local']);
  });

  test('an Output image\'s pull policy follows the real image; a secret input stays secret, the others do not become secret', async () => {
    let container: any;
    const capture: pulumi.ResourceTransformation = (a) => {
      if (a.type === 'kubernetes:apps/v1:Deployment') container = a.props.spec.template.spec.containers[0];
      return undefined;
    };
    new kp.StatelessApp('web', {
      containers: [{ image: pulumi.output('ghcr.io/acme/web:2.0.0'), env: { TOKEN: pulumi.secret('s3cr3t'), MODE: pulumi.output('prod') } }],
    }, { transformations: [capture] });
    await settle();
    // The Deployment's spec holds a secret: the mocks see it wrapped as one.
    const spec = (pulumiObjects(mocks.registrations)['Deployment/web'] as any).spec;
    expect(spec['4dabf18193072939515e22adb298388d']).toBe('1b47061264138c4ac30d75fd1eb44270');
    const registered = spec.value.template.spec.containers[0];
    expect(registered.image).toBe('ghcr.io/acme/web:2.0.0');
    expect(registered.imagePullPolicy).toBe('Always');
    expect(registered.env.map((e: { value: unknown }) => e.value)).toEqual(['s3cr3t', 'prod']);
    const secret = (o: any) => o.isSecret as Promise<boolean>;
    expect(await secret(container.image)).toBe(false);
    expect(await secret(container.env[0].value)).toBe(true);
    expect(await secret(container.env[1].value)).toBe(false);
  });
});
