/**
 * fast-check arbitraries for valid StatelessApp props, plus mutations that make valid props
 * invalid (with the property path each must be reported at) and garbage for fuzzing.
 */
import fc from 'fast-check';
import {
  ConfigReference,
  ContainerProps,
  Duration,
  EnvFrom,
  EnvValue,
  Exposure,
  NetworkEgress,
  NetworkPeer,
  Port,
  Probe,
  Quantity,
  StatelessAppProps,
} from '../../lib';
import { formatAddress, networkOf, parseCidr } from '../../lib/core/validation/cidr';

// ---------------------------------------------------------------- names and labels

/** An RFC 1035 label (app names): a letter first, up to 63 characters. */
export const appName = fc.stringMatching(/^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/);
/** An RFC 1123 label (namespaces). */
export const dnsLabel = fc.stringMatching(/^[a-z0-9](?:[-a-z0-9]{0,30}[a-z0-9])?$/);
/** An RFC 1123 subdomain (object names referenced by name). */
export const dnsSubdomain = fc.stringMatching(/^[a-z0-9](?:[-a-z0-9]{0,15}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,10}[a-z0-9])?){0,2}$/);
/** A label value (may be empty). */
export const labelValue = fc.stringMatching(/^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,30}[A-Za-z0-9])?)?$/);
/** A label or annotation key that keelson does not own. */
export const labelKey = fc
  .tuple(fc.constantFrom('', 'example.com/', 'team.acme.io/', 'a/'), fc.stringMatching(/^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,20}[A-Za-z0-9])?$/))
  .map(([prefix, name]) => `${prefix}${name}`);
/** A DNS host name for an Ingress. */
export const hostname = fc
  .tuple(fc.boolean(), fc.array(fc.stringMatching(/^[a-z0-9](?:[-a-z0-9]{0,10}[a-z0-9])?$/), { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'org', 'io', 'example'))
  .map(([wildcard, labels, tld]) => `${wildcard ? '*.' : ''}${labels.join('.')}.${tld}`);
/** An environment variable name. */
export const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,15}$/);

// ---------------------------------------------------------------- images

const hex64 = fc.stringMatching(/^[a-f0-9]{64}$/);
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,30}$/).filter((t) => t !== 'latest');
const pathComponent = fc.stringMatching(/^[a-z0-9]+(?:[._-][a-z0-9]+)?$/);

/** A pinned image: optional registry (maybe with a port), 1–3 path components, a tag, a digest or both. */
export const pinnedImage = fc
  .record({
    registry: fc.option(fc.constantFrom('ghcr.io/', 'docker.io/', 'registry.local:5000/', 'localhost:5000/', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/'), { nil: undefined }),
    components: fc.array(pathComponent, { minLength: 1, maxLength: 3 }),
    pin: fc.oneof(
      tag.map((t) => `:${t}`),
      hex64.map((h) => `@sha256:${h}`),
      fc.tuple(tag, hex64).map(([t, h]) => `:${t}@sha256:${h}`),
    ),
  })
  .map(({ registry, components, pin }) => `${registry ?? ''}${components.join('/')}${pin}`);

// ---------------------------------------------------------------- values

const seconds = (min: number, max: number) => fc.integer({ min, max }).map((n) => Duration.seconds(n));

/** A CPU quantity in millicores, as a Quantity or one of the string forms. */
const cpu = (millis: number) => fc.constantFrom<Quantity | string>(Quantity.millicores(millis), `${millis}m`, Quantity.parse(`${millis}m`));
/** A memory quantity in MiB, as a Quantity or a string. */
const memory = (mib: number) => fc.constantFrom<Quantity | string>(Quantity.mebibytes(mib), `${mib}Mi`, `${mib * 1024}Ki`);

/** Resources with request ≤ limit. */
export const resources = fc
  .record({
    cpuRequest: fc.integer({ min: 1, max: 4000 }),
    cpuExtra: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: undefined }),
    // A memory request without a limit is the limit too: at least 6Mi.
    memRequest: fc.integer({ min: 6, max: 8192 }),
    memExtra: fc.option(fc.integer({ min: 0, max: 8192 }), { nil: undefined }),
  })
  .chain((r) => fc.record({
    cpuRequest: cpu(r.cpuRequest),
    // The kubelet enforces no CPU limit below 10m.
    cpuLimit: r.cpuExtra === undefined ? fc.constant(undefined) : cpu(Math.max(r.cpuRequest + r.cpuExtra, 10)),
    memRequest: memory(r.memRequest),
    memLimit: r.memExtra === undefined ? fc.constant(undefined) : memory(r.memRequest + r.memExtra),
  }))
  .map((r) => ({
    cpu: { request: r.cpuRequest, ...(r.cpuLimit !== undefined ? { limit: r.cpuLimit } : {}) },
    memory: { request: r.memRequest, ...(r.memLimit !== undefined ? { limit: r.memLimit } : {}) },
  }));

const downwardFields = fc.constantFrom('metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.podIP', 'status.podIPs', "metadata.labels['app.kubernetes.io/name']");
const configKey = fc.stringMatching(/^[-._a-zA-Z0-9]{1,20}$/);
const configRef = fc.oneof(
  dnsSubdomain,
  fc.record({
    name: dnsSubdomain,
    data: fc.option(fc.dictionary(configKey, fc.string(), { maxKeys: 3 }), { nil: undefined }),
    revision: fc.option(fc.string(), { nil: undefined }),
  }).map(({ name, data, revision }) => ConfigReference.configMap(name, { data, revision })),
);
const secretRef = fc.oneof(
  dnsSubdomain,
  fc.record({ name: dnsSubdomain, revision: fc.option(fc.string(), { nil: undefined }) })
    .map(({ name, revision }) => ConfigReference.secret(name, { revision })),
);

export const envValue = fc.oneof(
  fc.string(),
  fc.string().map((s) => EnvValue.fromValue(s)),
  fc.tuple(configRef, configKey, fc.boolean()).map(([ref, key, optional]) => EnvValue.fromConfigMap(ref, key, { optional })),
  fc.tuple(secretRef, configKey, fc.boolean()).map(([ref, key, optional]) => EnvValue.fromSecret(ref, key, { optional })),
  downwardFields.map((f) => EnvValue.fromField(f)),
);

export const envFrom = fc.oneof(
  fc.tuple(configRef, fc.option(envName, { nil: undefined })).map(([ref, prefix]) => EnvFrom.configMap(ref, prefix === undefined ? {} : { prefix })),
  fc.tuple(secretRef, fc.option(envName, { nil: undefined })).map(([ref, prefix]) => EnvFrom.secret(ref, prefix === undefined ? {} : { prefix })),
);

const timing = (liveOrStartup: boolean) => fc.record({
  initialDelay: fc.option(seconds(0, 120), { nil: undefined }),
  period: fc.option(seconds(1, 60), { nil: undefined }),
  timeout: fc.option(seconds(1, 30), { nil: undefined }),
  failureThreshold: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  successThreshold: liveOrStartup ? fc.constant(undefined) : fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
}, { requiredKeys: [] });

// Built once: fast-check's regex arbitraries are costly to construct inside a chain.
const probePath = fc.stringMatching(/^\/[a-z0-9/_-]{0,20}$/);
const grpcService = fc.stringMatching(/^[a-z.]{1,20}$/);
const execCommand = fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 3 });
const timings = [timing(false), timing(true)] as const;

/** A probe valid for a container with these port names (exec only when there are none). */
const probe = (portNames: readonly string[], liveOrStartup: boolean) => {
  const timingOf = (l: boolean) => timings[l ? 1 : 0];
  const exec = fc.tuple(execCommand, timingOf(liveOrStartup)).map(([cmd, t]) => Probe.exec(cmd, t));
  if (portNames.length === 0) return exec;
  const port = fc.option(fc.constantFrom<string | number>(...portNames), { nil: undefined });
  return fc.oneof(
    exec,
    fc.tuple(probePath, port, timingOf(liveOrStartup), fc.option(fc.constantFrom<'HTTP' | 'HTTPS'>('HTTP', 'HTTPS'), { nil: undefined }))
      .map(([p, pt, t, scheme]) => Probe.http(p, { ...t, ...(pt !== undefined ? { port: pt } : {}), ...(scheme ? { scheme } : {}) })),
    fc.tuple(port, timingOf(liveOrStartup)).map(([pt, t]) => Probe.tcp({ ...t, ...(pt !== undefined ? { port: pt } : {}) })),
    fc.tuple(port, timingOf(liveOrStartup), fc.option(grpcService, { nil: undefined }))
      .map(([pt, t, service]) => Probe.grpc({ ...t, ...(pt !== undefined ? { port: pt } : {}), ...(service ? { service } : {}) })),
  );
};

// ---------------------------------------------------------------- ports and containers

interface PortSpec {
  readonly container: number;
  readonly port: Port;
}

const portBase = fc.stringMatching(/^[a-z][a-z-]{0,7}[a-z]$|^[a-z]$/).filter((s) => !s.includes('--'));

/** Ports with pod-wide unique names, container ports and service ports, spread over `count` containers. */
const portSpecs = (count: number) => fc.integer({ min: 0, max: 5 }).chain((n) => fc.record({
  numbers: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: n, maxLength: n }),
  servicePorts: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: n, maxLength: n }),
  details: fc.array(fc.record({
    protocol: fc.constantFrom('http', 'grpc', 'tcp', 'udp'),
    base: portBase,
    container: fc.integer({ min: 0, max: count - 1 }),
    expose: fc.boolean(),
    defaultName: fc.boolean(),
  }), { minLength: n, maxLength: n }),
}).map(({ numbers, servicePorts, details }): PortSpec[] => details.map((d, i) => {
  // Only the very first port may use the protocol's default name (the others end with a digit).
  const name = i === 0 && d.defaultName ? undefined : `${d.base}${i}`;
  const servicePort = n === 1 && d.defaultName ? undefined : servicePorts[i];
  const options = {
    ...(name !== undefined ? { name } : {}),
    ...(servicePort !== undefined ? { servicePort } : {}),
    expose: i === 0 ? true : d.expose,
  };
  const factory = { http: Port.http, grpc: Port.grpc, tcp: Port.tcp, udp: Port.udp }[d.protocol as 'http'];
  return { container: d.container, port: factory(numbers[i], options) };
})));

// Never where the runtime mounts /proc, /sys or /dev.
const writablePaths = fc.option(fc.uniqueArray(fc.stringMatching(/^\/[a-z0-9_-]{1,10}(?:\/[a-z0-9_-]{1,10}){0,2}$/).filter((d) => !/^\/(proc|sys)(\/|$)|^\/dev$/.test(d)), { maxLength: 3 }), { nil: undefined });

/** Containers (1–3) with consistent ports and probes. */
export const containers = fc.integer({ min: 1, max: 3 }).chain((count) => portSpecs(count).chain((specs) => {
  const defaultPortFree = !specs.some((s) => s.port.name === 'http' || s.port.containerPort === 8080 || (s.port.expose && s.port.servicePort === 80 && s.port.transport === 'TCP'));
  return fc.tuple(...Array.from({ length: count }, (_, i) => {
    const own = specs.filter((s) => s.container === i).map((s) => s.port);
    // A first container without ports of its own either takes the default port or declares none.
    const canDefault = i === 0 && own.length === 0 && defaultPortFree;
    return (canDefault ? fc.boolean() : fc.constant(false)).chain((useDefaultPorts) => {
      // Probes connect over TCP: they may name only TCP-like ports.
      const names = useDefaultPorts ? ['http'] : own.filter((p) => p.transport !== 'UDP').map((p) => p.name);
      return fc.record({
        image: pinnedImage,
        command: fc.option(fc.array(fc.string(), { maxLength: 3 }), { nil: undefined }),
        args: fc.option(fc.array(fc.string(), { maxLength: 3 }), { nil: undefined }),
        env: fc.option(fc.dictionary(envName, envValue, { maxKeys: 4 }), { nil: undefined }),
        envFrom: fc.option(fc.array(envFrom, { maxLength: 2 }), { nil: undefined }),
        resources: fc.option(resources, { nil: undefined }),
        readiness: fc.option(probe(names, false), { nil: undefined }),
        liveness: fc.option(probe(names, true), { nil: undefined }),
        startup: fc.option(probe(names, true), { nil: undefined }),
        writablePaths,
        readOnlyRootFilesystem: fc.option(fc.constant(true), { nil: undefined }),
      }, { requiredKeys: ['image'] }).map((c): ContainerProps => ({
        ...(i === 0 ? {} : { name: `c${i}` }),
        ...c,
        ...(useDefaultPorts ? {} : { ports: own }),
      } as ContainerProps));
    });
  }));
}));

/**
 * Does a budget let every pod of a workload of `pods` (two or more) go at once? A risk valid props
 * acknowledge (percentages round up, as Kubernetes rounds them).
 */
export function budgetNeverLimits(maxUnavailable: number | string | undefined, pods: number): boolean {
  if (maxUnavailable === undefined || pods < 2) return false;
  const allowed = typeof maxUnavailable === 'number' ? maxUnavailable : Math.ceil((parseInt(maxUnavailable, 10) * pods) / 100);
  return allowed >= pods;
}

// ---------------------------------------------------------------- peers

/** A CIDR in the canonical form the API server asks for: the network address (no host bits), RFC 5952 for IPv6. */
const canonical = (text: string): string => {
  const c = parseCidr(text)!;
  return `${formatAddress(networkOf(c), c.bits)}/${c.prefix}`;
};
/** Prefix length 0 (every address) is a risk to acknowledge: valid props keep to longer prefixes. */
const cidr6 = fc.tuple(fc.array(fc.stringMatching(/^[0-9a-f]{1,4}$/), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 128 })).map(([groups, bits]) => canonical(`${groups.join(':')}::/${bits}`));
const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });
/**
 * A peer's labels name at least one (an empty selector would select every pod or namespace). A map
 * of the same draws, so the seeded corpora of byte-identity.test.ts stay the same cases.
 */
const peerLabels = labels.map((l) => (Object.keys(l).length ? l : { 'team.acme.io/role': 'peer' }));

export const peer = fc.oneof(
  fc.constant(NetworkPeer.sameNamespace()),
  peerLabels.map((l) => NetworkPeer.pods(l)),
  dnsLabel.map((n) => NetworkPeer.namespace(n)),
  fc.tuple(dnsLabel, peerLabels).map(([n, l]) => NetworkPeer.podsInNamespace(n, l)),
  // At least one label: a selector without one admits every namespace (a risk to acknowledge).
  fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 3 }).map((l) => NetworkPeer.namespacesWithLabels(l)),
  cidr6.map((c) => NetworkPeer.cidr(c)),
  // Exceptions must be strict subsets of the block: the same address with a longer prefix.
  fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 31 }))
    .chain(([ip, bits]) => fc.tuple(
      fc.constant([ip, bits] as const),
      fc.uniqueArray(fc.integer({ min: bits + 1, max: 32 }), { maxLength: 2 }),
    ))
    .map(([[ip, bits], longer]) => NetworkPeer.cidr(canonical(`${ip}/${bits}`), longer.map((b) => canonical(`${ip}/${b}`)))),
);

/** Blocks that reach a cloud metadata endpoint without excepting it are a risk to acknowledge: not in valid egress. */
const METADATA = [parseCidr('169.254.169.254/32')!, parseCidr('fd00:ec2::254/128')!];
export const egressPeer = peer.filter((p) => {
  const block = p.peer.ipBlock && parseCidr(p.peer.ipBlock.cidr);
  if (!block) return true;
  const inside = (c: ReturnType<typeof parseCidr>, m: (typeof METADATA)[number]) =>
    !!c && c.bits === m.bits && networkOf({ ...m, prefix: c.prefix }) === networkOf(c);
  return !METADATA.some((m) => inside(block, m) && !(p.peer.ipBlock!.except ?? []).some((e) => inside(parseCidr(e), m)));
});

// ---------------------------------------------------------------- whole props

/** Random valid StatelessApp props. */
export const validProps: fc.Arbitrary<StatelessAppProps> = fc
  .record({
    name: appName,
    namespace: fc.option(dnsLabel, { nil: undefined }),
    containers,
    version: fc.option(labelValue, { nil: undefined }),
    component: fc.option(labelValue, { nil: undefined }),
    partOf: fc.option(labelValue, { nil: undefined }),
    labels: fc.option(labels, { nil: undefined }),
    podAnnotations: fc.option(fc.dictionary(labelKey, fc.string(), { maxKeys: 3 }), { nil: undefined }),
    securityContext: fc.option(fc.record({
      runAsUser: fc.integer({ min: 1, max: 2147483647 }),
      runAsGroup: fc.integer({ min: 1, max: 2147483647 }),
      fsGroup: fc.integer({ min: 1, max: 2147483647 }),
    }, { requiredKeys: [] }), { nil: undefined }),
    serviceAccount: fc.option(fc.record({
      automountToken: fc.boolean(),
      annotations: fc.dictionary(labelKey, fc.string(), { maxKeys: 2 }),
    }, { requiredKeys: [] }), { nil: undefined }),
    runtimeClassName: fc.option(dnsSubdomain, { nil: undefined }),
    priorityClassName: fc.option(dnsSubdomain, { nil: undefined }),
    shutdown: fc.option(fc.integer({ min: 2, max: 600 }).chain((grace) => fc.record({
      grace: fc.constant(grace),
      preStop: fc.integer({ min: 0, max: grace - 1 }),
    })), { nil: undefined }),
    topologySpread: fc.option(fc.record({ zones: fc.constantFrom<'soft' | 'hard' | 'off'>('soft', 'hard', 'off'), nodes: fc.constantFrom<'soft' | 'hard' | 'off'>('soft', 'hard', 'off') }, { requiredKeys: [] }), { nil: undefined }),
    configHash: fc.option(fc.boolean(), { nil: undefined }),
    scaling: fc.oneof(
      fc.constant({}),
      fc.integer({ min: 1, max: 50 }).map((replicas) => ({ replicas })),
      fc.integer({ min: 1, max: 20 }).chain((min) => fc.record({
        minReplicas: fc.option(fc.constant(min), { nil: undefined }),
        maxReplicas: fc.integer({ min: Math.max(min, 2), max: 100 }),
        cpuUtilization: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
        memoryUtilization: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
        scaleDownStabilization: fc.option(seconds(0, 3600), { nil: undefined }),
      }, { requiredKeys: ['maxReplicas'] })).map((autoscaling) => ({ autoscaling })),
    ),
    disruptionBudget: fc.option(fc.record({ maxUnavailable: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }).map((p) => `${p}%`)) }, { requiredKeys: [] }), { nil: undefined }),
    allowFrom: fc.option(fc.array(peer, { maxLength: 4 }), { nil: undefined }),
    allowTo: fc.option(fc.array(fc.tuple(egressPeer, fc.array(fc.oneof(
      fc.integer({ min: 1, max: 65535 }),
      fc.record({ port: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom<'TCP' | 'UDP'>('TCP', 'UDP') }, { requiredKeys: ['port'] }),
    ), { maxLength: 3 })).map(([p, ports]) => NetworkEgress.to(p, ...ports)), { maxLength: 3 }), { nil: undefined }),
    ingress: fc.option(fc.record({
      hosts: fc.uniqueArray(hostname, { minLength: 1, maxLength: 3 }),
      // Segments as ingress-nginx accepts them, never '.' or '..' (the API server rejects those).
      path: fc.option(fc.stringMatching(/^\/(?:[A-Za-z0-9_-][A-Za-z0-9._-]{0,9}(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,9})?)?$/), { nil: undefined }),
      className: fc.option(dnsSubdomain, { nil: undefined }),
      tlsSecretName: fc.option(dnsSubdomain, { nil: undefined }),
      annotations: fc.option(fc.dictionary(labelKey, fc.string(), { maxKeys: 2 }), { nil: undefined }),
      controllerNamespace: fc.option(dnsLabel, { nil: undefined }),
    }, { requiredKeys: ['hosts'] })
      // A class other than nginx needs its controller's namespace (the NetworkPolicy admits it).
      .map((i) => (i.className !== undefined && !i.className.includes('nginx') && i.controllerNamespace === undefined ? { ...i, controllerNamespace: 'ingress-system' } : i)),
    { nil: undefined }),
    rollout: fc.option(fc.record({
      minReady: fc.integer({ min: 0, max: 300 }),
      extra: fc.integer({ min: 1, max: 3600 }),
      revisionHistoryLimit: fc.integer({ min: 0, max: 50 }),
      maxSurge: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 100 }).map((p) => `${p}%`)),
    }), { nil: undefined }),
  }, { requiredKeys: ['name', 'containers', 'scaling', 'shutdown', 'rollout'] })
  // Sidecars are named c1, c2: the app (and so its first container) must not take those names.
  .filter((r) => !/^c[12]$/.test(r.name))
  .map((r) => {
    const { scaling, shutdown, rollout, ingress, ...rest } = r;
    const exposed = r.containers.flatMap((c) => (c.ports ?? [Port.http(8080)]).filter((p) => p.expose && (p.protocol === 'http' || p.protocol === 'grpc')));
    const props: StatelessAppProps = {
      ...rest,
      ...scaling,
      ...(shutdown ? { terminationGracePeriod: Duration.seconds(shutdown.grace), preStopDelay: Duration.seconds(shutdown.preStop) } : {}),
      ...(rollout ? {
        minReady: Duration.seconds(rollout.minReady),
        progressDeadline: Duration.seconds(rollout.minReady + rollout.extra),
        revisionHistoryLimit: rollout.revisionHistoryLimit,
        maxSurge: rollout.maxSurge,
      } : {}),
      // An Ingress needs an exposed HTTP or gRPC port; route to a named one half of the time.
      ...(ingress && exposed.length
        ? { exposure: Exposure.ingress({ ...ingress, ...(exposed.length > 1 ? { portName: exposed[exposed.length - 1].name } : {}) }) }
        : {}),
    };
    const pods = props.autoscaling?.maxReplicas ?? props.replicas ?? 2;
    return budgetNeverLimits(props.disruptionBudget?.maxUnavailable, pods) ? { ...props, acknowledgeRisks: ['budget-never-limits'] } : props;
  });

// ---------------------------------------------------------------- invalid mutations

type Mutation = readonly [path: string, mutate: (p: StatelessAppProps) => unknown];
const first = (p: StatelessAppProps, c: Record<string, unknown>) => ({ ...p, containers: [{ ...p.containers[0], ...c }, ...p.containers.slice(1)] });

/** Mutations that make any valid props invalid, with the path the problem must be reported at. */
export const MUTATIONS: readonly Mutation[] = [
  ['name', (p) => ({ ...p, name: 'Bad_Name' })],
  ['name', (p) => ({ ...p, name: 7 })],
  ['namespace', (p) => ({ ...p, namespace: 'NS!' })],
  ['containers', (p) => ({ ...p, containers: 'web' })],
  ['containers', (p) => ({ ...p, containers: [] })],
  ['containers[0]', (p) => ({ ...p, containers: [null, ...p.containers.slice(1)] })],
  ['containers[0].image', (p) => first(p, { image: 'UPPER/case:1' })],
  ['containers[0].image', (p) => first(p, { image: 'nginx' })],
  ['containers[0].image', (p) => first(p, { image: undefined })],
  ['containers[0].ports', (p) => first(p, { ports: 8080 })],
  ['containers[0].ports[0]', (p) => first(p, { ports: ['http'] })],
  ['containers[0].ports[0].containerPort', (p) => first(p, { ports: [Port.http(65536)] })],
  ['containers[0].resources.memory.limit', (p) => first(p, { resources: { memory: { request: '2Gi', limit: '1Gi' } } })],
  ['containers[0].resources.cpu.request', (p) => first(p, { resources: { cpu: { request: 'one' } } })],
  ['containers[0].env["9X"]', (p) => first(p, { env: { '9X': 'y' } })],
  ['containers[0].env.X', (p) => first(p, { env: { X: 42 } })],
  ['containers[0].envFrom[0]', (p) => first(p, { envFrom: ['settings'] })],
  ['containers[0].readiness', (p) => first(p, { readiness: { httpGet: { path: '/' } } })],
  ['containers[0].liveness.successThreshold', (p) => first(p, { liveness: Probe.exec(['true'], { successThreshold: 2 }) })],
  ['containers[0].startup.command', (p) => first(p, { startup: Probe.exec([]) })],
  ['containers[0].writablePaths[0]', (p) => first(p, { writablePaths: ['relative/dir'] })],
  ['containers[0].imagePulPolicy', (p) => first(p, { imagePulPolicy: 'Always' })],
  ['containers[1].name', (p) => ({ ...p, containers: [p.containers[0], { image: 'nginx:1.27', ports: [] }] })],
  ['replicas', (p) => ({ ...p, autoscaling: undefined, replicas: 0 })],
  ['replicas', (p) => ({ ...p, autoscaling: undefined, replicas: '2' })],
  ['autoscaling.maxReplicas', (p) => ({ ...p, replicas: undefined, autoscaling: { minReplicas: 3, maxReplicas: 2 } })],
  ['autoscaling.cpuUtilization', (p) => ({ ...p, replicas: undefined, autoscaling: { maxReplicas: 3, cpuUtilization: -5 } })],
  ['terminationGracePeriod', (p) => ({ ...p, terminationGracePeriod: Duration.seconds(-1) })],
  ['minReady', (p) => ({ ...p, minReady: Duration.millis(500) })],
  ['revisionHistoryLimit', (p) => ({ ...p, revisionHistoryLimit: NaN })],
  ['maxSurge', (p) => ({ ...p, maxSurge: 0 })],
  ['disruptionBudget.maxUnavailable', (p) => ({ ...p, disruptionBudget: { maxUnavailable: 0 } })],
  ['labels["app.kubernetes.io/instance"]', (p) => ({ ...p, labels: { 'app.kubernetes.io/instance': 'other' } })],
  ['podAnnotations.x', (p) => ({ ...p, podAnnotations: { x: false } })],
  ['securityContext.runAsUser', (p) => ({ ...p, securityContext: { runAsUser: 0 } })],
  ['serviceAccount.automountToken', (p) => ({ ...p, serviceAccount: { automountToken: 1 } })],
  ['runtimeClassName', (p) => ({ ...p, runtimeClassName: 'Bad Class' })],
  ['topologySpread.nodes', (p) => ({ ...p, topologySpread: { nodes: 'maybe' } })],
  ['configHash', (p) => ({ ...p, configHash: 'no' })],
  ['allowFrom', (p) => ({ ...p, allowFrom: 'everyone' })],
  ['allowFrom[0].cidr', (p) => ({ ...p, allowFrom: [NetworkPeer.cidr('1.2.3.4/40')] })],
  ['allowFrom[0].namespace', (p) => ({ ...p, allowFrom: [NetworkPeer.namespace('Not_A_Namespace')] })],
  ['exposure.hosts', (p) => ({ ...p, exposure: Exposure.ingress({ hosts: [] }) })],
  ['allowTo[0].ports[0].port', (p) => ({ ...p, allowTo: [NetworkEgress.to(NetworkPeer.sameNamespace(), 0)] })],
  ['allowTo', (p) => ({ ...p, allowTo: {} })],
  ['replicasCount', (p) => ({ ...p, replicasCount: 2 })],
];

/** Garbage a JavaScript or YAML caller might pass anywhere. */
export const garbage = fc.oneof(
  fc.constantFrom(null, undefined, NaN, Infinity, -Infinity, 0, -1, 1.5, '', ' ', 'x', 'Bad Value', true, false, [], {}, [null], { a: 1 }, '80', '1e400', -0),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 10 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { maxKeys: 3 }),
);
