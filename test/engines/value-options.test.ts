/**
 * Issue 11, class 3: the options and arguments of every value type are checked like props, by the
 * construct that uses the value (one error, with the construct's name and the property path), on
 * both engines: unknown keys with a hint, options that are not an object, Maps where a map of
 * strings belongs, holes in lists, circular structures, and matchers without a condition.
 */
import {
  CanaryMatch, CanaryRouting, ConfigReference, Duration, EnvFrom, EnvValue, Exposure, NetworkEgress, NetworkPeer, Port, Probe, ProjectedSource,
  Quantity, Subject, Volume,
} from '../../lib';
import { Outcome, Step, onCdk8s, onPulumi, verdict } from '../helpers/engines';
import { mockPulumi } from '../helpers/pulumi';

const IMAGE = 'ghcr.io/acme/web:1.0.0';
const CANARY = 'ghcr.io/acme/web:1.1.0';
let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});

type Props = Record<string, unknown>;
const container = (extra: Props): Step => ({ type: 'StatelessApp', id: 'web', props: { namespace: 'shop', containers: [{ image: IMAGE, ...extra }] } });
const mount = (volume: Volume): Step => container({ volumeMounts: [{ path: '/mnt/v', volume }] });
const app = (extra: Props): Step => ({ type: 'StatelessApp', id: 'web', props: { namespace: 'shop', containers: [{ image: IMAGE }], ...extra } });
const release = (routing: unknown): Step => ({ type: 'CanaryRelease', id: 'api', props: { namespace: 'shop', containers: [{ image: IMAGE }], canary: { image: CANARY }, routing } });
const team = (extra: Props): Step => ({ type: 'SecureNamespace', id: 'team', props: extra });

/** Runs one step on both engines: the same verdict, and the problems it gave. */
async function problemsOf(step: Step): Promise<Array<{ path: string; message: string; type: string }>> {
  const [onC] = onCdk8s([step]);
  const [onP] = await onPulumi(mocks, [step]);
  expect(verdict(onP)).toEqual(verdict(onC));
  expect((onC as Outcome).other).toBeUndefined();
  expect(onC.error).toBeDefined();
  expect(onC.error!.problems.every((p) => p.construct === step.id)).toBe(true);
  return onC.error!.problems.map(({ path, message, type }) => ({ path, message, type }));
}

const any = <T>(x: unknown) => x as T;

/**
 * A typo in the options of every factory that takes options, as a construct uses it: the path of
 * the option, and what it probably meant. Keyed by `Type.factory`, so a factory without a case fails
 * the enumeration test below.
 */
const TYPOS: Record<string, [Step, string, string]> = {
  'Port.http': [container({ ports: [Port.http(9080, any({ servicPort: 9080 }))] }), 'containers[0].ports[0].servicPort', 'did you mean "servicePort"?'],
  'Port.grpc': [container({ ports: [Port.grpc(9090, any({ nmae: 'rpc' }))] }), 'containers[0].ports[0].nmae', 'did you mean "name"?'],
  'Port.tcp': [container({ ports: [Port.tcp(5432, any({ expoze: false }))] }), 'containers[0].ports[0].expoze', 'did you mean "expose"?'],
  'Port.udp': [container({ ports: [Port.udp(53, any({ hostPort: 53 }))] }), 'containers[0].ports[0].hostPort', 'Kubernetes ContainerPort'],
  'Probe.http': [container({ readiness: Probe.http('/ping', any({ periodSeconds: 5 })) }), 'containers[0].readiness.periodSeconds', 'did you mean "period"?'],
  'Probe.tcp': [container({ liveness: Probe.tcp(any({ timeoutSecond: 3 })) }), 'containers[0].liveness.timeoutSecond', 'did you mean "timeout"?'],
  'Probe.grpc': [container({ ports: [Port.grpc(9090)], readiness: Probe.grpc(any({ servise: 'health' })) }), 'containers[0].readiness.servise', 'did you mean "service"?'],
  'Probe.exec': [container({ startup: Probe.exec(['true'], any({ failureTreshold: 30 })) }), 'containers[0].startup.failureTreshold', 'did you mean "failureThreshold"?'],
  'ConfigReference.configMap': [container({ envFrom: [EnvFrom.configMap(ConfigReference.configMap('cfg', any({ dat: { a: 'b' } })))] }), 'containers[0].envFrom[0].dat', 'did you mean "data"?'],
  'ConfigReference.secret': [container({ envFrom: [EnvFrom.secret(ConfigReference.secret('s', any({ revison: '2' })))] }), 'containers[0].envFrom[0].revison', 'did you mean "revision"?'],
  'EnvValue.fromConfigMap': [container({ env: { A: EnvValue.fromConfigMap('cfg', 'a', any({ optinal: true })) } }), 'containers[0].env.A.optinal', 'did you mean "optional"?'],
  'EnvValue.fromSecret': [container({ env: { A: EnvValue.fromSecret('s', 'a', any({ Optional: true })) } }), 'containers[0].env.A.Optional', 'did you mean "optional"?'],
  'EnvValue.fromResource': [container({ env: { A: EnvValue.fromResource('limits.memory', any({ devisor: '1Mi' })) } }), 'containers[0].env.A.devisor', 'did you mean "divisor"?'],
  'EnvFrom.configMap': [container({ envFrom: [EnvFrom.configMap('cfg', any({ prefx: 'CFG_' }))] }), 'containers[0].envFrom[0].prefx', 'did you mean "prefix"?'],
  'EnvFrom.secret': [container({ envFrom: [EnvFrom.secret('s', any({ perfix: 'S_' }))] }), 'containers[0].envFrom[0].perfix', 'did you mean "prefix"?'],
  'NetworkEgress.to': [app({ allowTo: [NetworkEgress.to(NetworkPeer.sameNamespace(), any({ port: 53, protcol: 'UDP' }))] }), 'allowTo[0].ports[0].protcol', 'did you mean "protocol"?'],
  'NetworkPeer.fromKubernetes': [app({ allowFrom: [NetworkPeer.fromKubernetes(any({ podSelector: { matchLabels: { a: 'b' } }, namespaceSelektor: { matchLabels: { b: 'c' } } }))] }), 'allowFrom[0].namespaceSelektor', 'did you mean "namespaceSelector"?'],
  'Volume.configMap': [mount(Volume.configMap('cfg', any({ defaultMod: 0o440 }))), 'containers[0].volumeMounts[0].volume.defaultMod', 'did you mean "defaultMode"?'],
  'Volume.secret': [mount(Volume.secret('s', any({ optinal: true }))), 'containers[0].volumeMounts[0].volume.optinal', 'did you mean "optional"?'],
  'Volume.projected': [mount(Volume.projected('all', [ProjectedSource.configMap('cfg')], any({ defaultmode: 0o440 }))), 'containers[0].volumeMounts[0].volume.defaultmode', 'did you mean "defaultMode"?'],
  'Volume.emptyDir': [mount(Volume.emptyDir('cache', any({ sise: '1Gi' }))), 'containers[0].volumeMounts[0].volume.sise', 'did you mean "size"?'],
  'Volume.ephemeral': [mount(Volume.ephemeral('scratch', any({ size: '1Gi', storageClass: 'ssd' }))), 'containers[0].volumeMounts[0].volume.storageClass', 'did you mean "storageClassName"?'],
  'Volume.persistentVolumeClaim': [mount(Volume.persistentVolumeClaim('shared', any({ accessMode: 'ReadWriteMany', nmae: 'x' }))), 'containers[0].volumeMounts[0].volume.nmae', 'did you mean "name"?'],
  'ProjectedSource.configMap': [mount(Volume.projected('all', [ProjectedSource.configMap('cfg', any({ itmes: { a: 'a' } }))])), 'containers[0].volumeMounts[0].volume.sources[0].itmes', 'did you mean "items"?'],
  'ProjectedSource.secret': [mount(Volume.projected('all', [ProjectedSource.secret('s', any({ optionl: true }))])), 'containers[0].volumeMounts[0].volume.sources[0].optionl', 'did you mean "optional"?'],
  'CanaryRouting.istio': [release(CanaryRouting.istio(any({ mirrorPercentage: 5 }))), 'routing.mirrorPercentage', 'did you mean "mirrorPercent"?'],
  'CanaryRouting.ingressNginx': [release(CanaryRouting.ingressNginx(any({ hosts: ['a.example.com'], classname: 'nginx' }))), 'routing.classname', 'did you mean "className"?'],
  'CanaryRouting.gatewayApi': [release(CanaryRouting.gatewayApi(any({ gateway: 'gw', hostname: ['a.example.com'] }))), 'routing.hostname', 'did you mean "hostnames"?'],
  'CanaryRouting.traefik': [release(CanaryRouting.traefik(any({ hosts: ['a.example.com'], entrypoints: ['web'] }))), 'routing.entrypoints', 'did you mean "entryPoints"?'],
  'CanaryRouting.replicaRatio': [release(CanaryRouting.replicaRatio(any({ totalReplica: 10 }))), 'routing.totalReplica', 'did you mean "totalReplicas"?'],
  'CanaryRouting.blueGreen': [release(CanaryRouting.blueGreen(any({ activ: 'canary' }))), 'routing.activ', 'did you mean "active"?'],
  'CanaryRouting.argoRollouts': [{ ...release(CanaryRouting.argoRollouts(any({ step: [10] }))), props: { namespace: 'shop', containers: [{ image: IMAGE }], routing: CanaryRouting.argoRollouts(any({ step: [10] })) } }, 'routing.step', 'did you mean "steps"?'],
  'CanaryRouting.argoRolloutsIngressNginx': [
    { ...release(CanaryRouting.argoRolloutsIngressNginx(any({ hosts: ['a.example.com'], tlsSecret: 'tls' }))), props: { namespace: 'shop', containers: [{ image: IMAGE }], routing: CanaryRouting.argoRolloutsIngressNginx(any({ hosts: ['a.example.com'], tlsSecret: 'tls' })) } },
    'routing.tlsSecret', 'did you mean "tlsSecretName"?',
  ],
  'CanaryRouting.argoRolloutsGatewayApi': [
    { ...release(CanaryRouting.argoRolloutsGatewayApi(any({ gateway: 'infra/gw', hostname: ['a.example.com'] }))), props: { namespace: 'shop', containers: [{ image: IMAGE }], routing: CanaryRouting.argoRolloutsGatewayApi(any({ gateway: 'infra/gw', hostname: ['a.example.com'] })) } },
    'routing.hostname', 'did you mean "hostnames"?',
  ],
  'Exposure.ingress': [app({ exposure: Exposure.ingress(any({ hosts: ['a.example.com'], classname: 'nginx' })) }), 'exposure.classname', 'did you mean "className"?'],
  'Exposure.gatewayApi': [app({ exposure: Exposure.gatewayApi(any({ gateway: { name: 'public' }, hostname: ['a.example.com'] })) }), 'exposure.hostname', 'did you mean "hostnames"?'],
  'Exposure.istioGateway': [app({ exposure: Exposure.istioGateway(any({ hosts: ['a.example.com'], timeouts: Duration.seconds(5) })) }), 'exposure.timeouts', 'did you mean "timeout"?'],
  'Exposure.loadBalancer': [app({ exposure: Exposure.loadBalancer(any({ sourceRanges: ['10.0.0.0/8'], loadBalancerClas: 'x.io/y' })) }), 'exposure.loadBalancerClas', 'did you mean "loadBalancerClass"?'],
  'Exposure.nodePort': [app({ exposure: Exposure.nodePort(any({ sourceRanges: ['10.0.0.0/8'], nodeports: { http: 30080 } })) }), 'exposure.nodeports', 'did you mean "nodePorts"?'],
  'CanaryRouting.flagger': [
    { ...release(CanaryRouting.flagger(any({ host: ['a.example.com'] }))), props: { namespace: 'shop', containers: [{ image: IMAGE }], routing: CanaryRouting.flagger(any({ host: ['a.example.com'] })) } },
    'routing.host', 'did you mean "hosts"?',
  ],
};

/** Factories that take no options: their arguments are checked by the constructs (see the tests below and values.test.ts). */
const NO_OPTIONS = [
  // Private helpers (TypeScript's `private static` is visible at run time).
  'Quantity.fromNumber', 'Quantity.fromNanos',
  'Duration.millis', 'Duration.seconds', 'Duration.minutes',
  'Quantity.parse', 'Quantity.millicores', 'Quantity.cores', 'Quantity.kibibytes', 'Quantity.mebibytes', 'Quantity.gibibytes', 'Quantity.of',
  'EnvValue.fromValue', 'EnvValue.fromField',
  'NetworkPeer.sameNamespace', 'NetworkPeer.pods', 'NetworkPeer.selecting', 'NetworkPeer.namespace', 'NetworkPeer.podsInNamespace',
  'NetworkPeer.namespacesWithLabels', 'NetworkPeer.cidr',
  'CanaryMatch.headerExact', 'CanaryMatch.headerPrefix', 'CanaryMatch.headerRegex', 'CanaryMatch.cookie', 'CanaryMatch.sourceLabels',
  'CanaryMatch.pathExact', 'CanaryMatch.pathPrefix',
  'Subject.group', 'Subject.user', 'Subject.serviceAccount',
  'ProjectedSource.downwardAPI',
];

describe('value-type options: every factory', () => {
  test('every static factory of every value type has a case here', () => {
    const types = {
      Port,
      Probe,
      ConfigReference,
      EnvValue,
      EnvFrom,
      NetworkEgress,
      NetworkPeer,
      CanaryRouting,
      CanaryMatch,
      Duration,
      Quantity,
      Subject,
      Exposure,
      ...{ Volume, ProjectedSource },
    };
    const factories = Object.entries(types).flatMap(([name, type]) => Object.getOwnPropertyNames(type)
      .filter((k) => typeof (type as unknown as Record<string, unknown>)[k] === 'function' && !['length', 'name', 'prototype'].includes(k))
      .map((k) => `${name}.${k}`));
    expect(factories.filter((f) => !(f in TYPOS) && !NO_OPTIONS.includes(f))).toEqual([]);
  });

  test.each(Object.entries(TYPOS))('%s: a typo in the options is a problem at its path, with a hint', async (_factory, [step, at, hint]) => {
    const problems = await problemsOf(step);
    expect(problems).toEqual([{ path: at, type: 'unknown', message: expect.stringContaining(hint) }]);
  });

  test.each([
    ['null', null, 'got null'],
    ['a string', 'web', 'got "web"'],
    ['a Map', new Map([['servicePort', 80]]), 'got a Map'],
    ['an array', [80], 'got an array'],
  ])('options that are not an object (%s) are a problem, not ignored', async (_what, options, got) => {
    expect(await problemsOf(container({ ports: [Port.http(8080, any(options))] }))).toEqual([
      { path: 'containers[0].ports[0]', type: 'invalid', message: `the options must be an object, ${got}` },
    ]);
  });

  test('an exec probe takes no port: the option is unknown, not ignored', async () => {
    expect(await problemsOf(container({ readiness: Probe.exec(['true'], any({ port: 8080 })) }))).toEqual([
      { path: 'containers[0].readiness.port', type: 'unknown', message: 'unknown option' },
    ]);
  });
});

describe('maps, lists and structures from JavaScript', () => {
  test('a Map where a map of strings belongs: env, labels, ConfigMap data, peer labels, source labels', async () => {
    const map = new Map([['a', 'b']]);
    expect(await problemsOf(container({ env: any(map) }))).toEqual([{ path: 'containers[0].env', type: 'invalid', message: 'must be an object, got a Map' }]);
    expect(await problemsOf(app({ labels: any(map) }))).toEqual([{ path: 'labels', type: 'invalid', message: 'must be an object, got a Map' }]);
    expect(await problemsOf(container({ env: { A: EnvValue.fromConfigMap(ConfigReference.configMap('cfg', { data: any(map) }), 'a') } }))).toEqual([
      { path: 'containers[0].env.A.data', type: 'invalid', message: 'must be an object, got a Map' },
    ]);
    expect(await problemsOf(app({ allowFrom: [NetworkPeer.pods(any(map))] }))).toEqual([
      { path: 'allowFrom[0].podSelector.matchLabels', type: 'invalid', message: 'must be an object, got a Map' },
    ]);
    expect(await problemsOf(release(CanaryRouting.istio({ match: [CanaryMatch.sourceLabels(any(map))] })))).toEqual([
      { path: 'routing.match[0].labels', type: 'invalid', message: 'must be an object, got a Map' },
    ]);
    expect(await problemsOf(team({ annotations: any(map) }))).toEqual([{ path: 'annotations', type: 'invalid', message: 'must be an object, got a Map' }]);
  });

  test('a class instance or a Date where an object belongs', async () => {
    expect(await problemsOf(app({ disruptionBudget: any(new Date(0)) }))).toEqual([{ path: 'disruptionBudget', type: 'invalid', message: 'must be an object, got a Date' }]);
    expect(await problemsOf(container({ resources: any(Port.http(80)) }))).toEqual([{ path: 'containers[0].resources', type: 'invalid', message: 'must be an object, got a Port' }]);
  });

  test('a hole in a list, wherever it is: props, a command, a probe command, a CIDR\'s exceptions, routing options', async () => {
    // eslint-disable-next-line no-sparse-arrays
    const holes = <T>(a: T, b: T) => [a, , b] as T[];
    const hole = (at: string) => ({ path: at, type: 'invalid', message: 'is a hole in a sparse array: give a value or remove the slot' });
    expect(await problemsOf(container({ command: holes('a', 'b') }))).toEqual([hole('containers[0].command[1]')]);
    expect(await problemsOf(container({ readiness: Probe.exec(holes('cat', '/ready')) }))).toEqual([hole('containers[0].readiness.command[1]')]);
    expect(await problemsOf(app({ allowFrom: holes(NetworkPeer.sameNamespace(), NetworkPeer.namespace('ops')) }))).toEqual([hole('allowFrom[1]')]);
    expect(await problemsOf(release(CanaryRouting.ingressNginx({ hosts: holes('a.example.com', 'b.example.com') })))).toEqual([hole('routing.hosts[1]')]);
    const [sparse] = await problemsOf(app({ allowFrom: [NetworkPeer.fromKubernetes({ ipBlock: { cidr: '10.0.0.0/8', except: holes('10.1.0.0/16', '10.2.0.0/16') } })] }));
    expect(sparse).toEqual(hole('allowFrom[0].ipBlock.except[1]'));
  });

  test('a circular structure ends the checks with the library\'s error, not a TypeError', async () => {
    const data: Record<string, unknown> = { a: 'b' };
    data.self = data;
    expect(await problemsOf(container({ env: { A: EnvValue.fromConfigMap(ConfigReference.configMap('cfg', { data: any(data) }), 'a') } }))).toEqual([
      { path: 'containers[0].env.A.data.self', type: 'invalid', message: 'refers back to containers[0].env.A.data: a circular structure cannot be rendered' },
    ]);
    // (Env values that are not strings are Pulumi inputs to the Pulumi components: issue 11, class 1.)
    const resources: Record<string, unknown> = { cpu: { request: '100m' } };
    (resources.cpu as Record<string, unknown>).limit = resources;
    const [circular] = await problemsOf({ type: 'CanaryRelease', id: 'api', props: { namespace: 'shop', containers: [{ image: IMAGE }], canary: { image: CANARY, resources } } });
    expect(circular).toEqual({ path: 'canary.resources.cpu.limit', type: 'invalid', message: 'refers back to canary.resources: a circular structure cannot be rendered' });
    // At the paths as written, though the engines copy the props before the core sees them.
    const props: Record<string, unknown> = { namespace: 'shop', containers: [{ image: IMAGE }] };
    props.labels = props;
    expect(await problemsOf({ type: 'StatelessApp', id: 'web', props })).toEqual([
      { path: 'labels', type: 'invalid', message: 'refers back to the props themselves: a circular structure cannot be rendered' },
    ]);
    const self: Record<string, unknown> = { image: IMAGE };
    self.self = self;
    expect(await problemsOf({ type: 'StatelessApp', id: 'web', props: { namespace: 'shop', containers: [self] } })).toEqual([
      { path: 'containers[0].self', type: 'invalid', message: 'refers back to containers[0]: a circular structure cannot be rendered' },
    ]);
    const labels: Record<string, unknown> = {};
    labels.x = [labels];
    expect(await problemsOf(team({ labels }))).toEqual([{ path: 'labels.x[0]', type: 'invalid', message: 'refers back to labels: a circular structure cannot be rendered' }]);
  });
});

describe('matchers without a condition match everything: refused', () => {
  test('CanaryMatch.sourceLabels({}) would send all mesh traffic to the canary', async () => {
    expect(await problemsOf(release(CanaryRouting.istio({ match: [CanaryMatch.sourceLabels({})] })))).toEqual([{
      path: 'routing.match[0].labels',
      type: 'invalid',
      message: 'is empty, which would match every request from the mesh and send it all to the canary: give at least one label',
    }]);
  });

  test('an empty header prefix matches every request carrying the header', async () => {
    expect(await problemsOf(release(CanaryRouting.istio({ match: [CanaryMatch.headerPrefix('x-tester', '')] })))).toEqual([
      { path: 'routing.match[0].prefix', type: 'invalid', message: expect.stringContaining('is empty: istiod rejects an empty prefix match') },
    ]);
  });

  test.each([
    ['pods({})', NetworkPeer.pods({}), 'allowFrom[0].podSelector', 'every pod of the namespace'],
    ['podsInNamespace(ns, {})', NetworkPeer.podsInNamespace('ops', {}), 'allowFrom[0].podSelector', 'every pod of namespace "ops"'],
  ])('a peer made from no labels: %s', async (_what, peer, at, everything) => {
    expect(await problemsOf(app({ allowFrom: [peer] }))).toEqual([{ path: at, type: 'invalid', message: expect.stringContaining(`has no labels, so it selects ${everything}`) }]);
  });

  test('the same peers in a SecureNamespace\'s network rules', async () => {
    expect(await problemsOf(team({ network: { allowFrom: [NetworkPeer.pods({})] } }))).toEqual([
      { path: 'network.allowFrom[0].podSelector', type: 'invalid', message: expect.stringContaining('has no labels, so it selects every pod of the namespace') },
    ]);
  });

  test('a peer of no namespace labels admits every namespace: the risk to acknowledge, on both engines', async () => {
    for (const [problems, at] of [
      [await problemsOf(app({ allowFrom: [NetworkPeer.namespacesWithLabels({})] })), 'allowFrom[0]'],
      [await problemsOf(team({ network: { allowFrom: [NetworkPeer.namespacesWithLabels({})] } })), 'network.allowFrom[0]'],
    ] as const) {
      expect(problems).toEqual([{ path: at, type: 'invalid', message: expect.stringContaining("acknowledge it with acknowledgeRisks: ['ingress-from-every-namespace']") }]);
    }
  });

  test.each([['headerValue'], ['headerPattern']])('ingress-nginx ignores an empty %s: refused', async (key) => {
    expect(await problemsOf(release(CanaryRouting.ingressNginx({ hosts: ['a.example.com'], header: 'x-canary', [key]: '' })))).toEqual([
      { path: `routing.${key}`, type: 'invalid', message: expect.stringMatching(/^(is empty: ingress-nginx ignores|"" is not a value ingress-nginx accepts here: it must be non-empty)/) },
    ]);
  });
});
