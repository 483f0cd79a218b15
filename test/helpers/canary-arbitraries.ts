/**
 * fast-check arbitraries for CanaryRelease props, one per routing, built from the StatelessApp
 * arbitraries (containers, peers, rollout settings) plus random tracks and routing options.
 *
 * They aim at valid props; a draw the library rejects is still a deterministic case (the
 * byte-identity corpus records its error message instead of its output).
 */
import fc from 'fast-check';
import { dnsLabel, envName, envValue, hostname, pinnedImage, resources, validProps } from './arbitraries';
import {
  CanaryMatch,
  CanaryReleaseProps,
  CanaryRouting,
  ContainerProps,
  Duration,
  Port,
  ReleaseTrackProps,
} from '../../lib';

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const seconds = (min: number, max: number) => fc.integer({ min, max }).map((n) => Duration.seconds(n));
const headerName = fc.stringMatching(/^x-[a-z]{1,10}$/);
const token = fc.stringMatching(/^[a-z0-9]{1,10}$/);
const gatewayRef = fc.tuple(opt(dnsLabel), dnsLabel).map(([ns, n]) => (ns ? `${ns}/${n}` : n));

/** The routing kinds, in the order the corpus walks them. */
export const ROUTING_KINDS = ['istio', 'ingress-nginx', 'gateway-api', 'replica-ratio', 'blue-green', 'argo-rollouts'] as const;
export type RoutingKind = typeof ROUTING_KINDS[number];

const match = fc.oneof(
  fc.tuple(headerName, token).map(([n, v]) => CanaryMatch.headerExact(n, v)),
  fc.tuple(headerName, token).map(([n, v]) => CanaryMatch.headerPrefix(n, v)),
  fc.tuple(headerName, fc.constantFrom('.*beta.*', '^(a|b)$', '[0-9]+')).map(([n, v]) => CanaryMatch.headerRegex(n, v)),
  fc.tuple(token, token).map(([n, v]) => CanaryMatch.cookie(n, v)),
  token.map((v) => CanaryMatch.sourceLabels({ 'app.kubernetes.io/name': v })),
);

const istioOptions = fc.record({
  apiVersion: opt(fc.constantFrom<'v1' | 'v1beta1'>('v1', 'v1beta1')),
  gateways: opt(fc.uniqueArray(gatewayRef, { minLength: 1, maxLength: 2 })),
  externalHosts: fc.uniqueArray(hostname, { minLength: 1, maxLength: 2 }),
  retries: opt(fc.record({ attempts: fc.integer({ min: 1, max: 5 }), perTryTimeout: opt(seconds(1, 10)), retryOn: opt(fc.constantFrom('5xx', 'reset,connect-failure')) }, { requiredKeys: ['attempts'] })),
  timeout: opt(seconds(1, 60)),
  tlsMode: opt(fc.constantFrom<'ISTIO_MUTUAL' | 'DISABLE'>('ISTIO_MUTUAL', 'DISABLE')),
  outlierDetection: opt(fc.oneof(
    fc.constant(false as const),
    fc.record({
      consecutive5xxErrors: opt(fc.integer({ min: 1, max: 20 })),
      interval: opt(seconds(1, 120)),
      baseEjectionTime: opt(seconds(1, 600)),
      maxEjectionPercent: opt(fc.integer({ min: 0, max: 100 })),
    }, { requiredKeys: [] }),
  )),
  connectionPool: opt(fc.record({
    maxConnections: opt(fc.integer({ min: 1, max: 1000 })),
    http1MaxPendingRequests: opt(fc.integer({ min: 1, max: 1000 })),
    http2MaxRequests: opt(fc.integer({ min: 1, max: 1000 })),
    maxRequestsPerConnection: opt(fc.integer({ min: 1, max: 100 })),
  }, { requiredKeys: [] })),
  loadBalancer: opt(fc.oneof(
    fc.constantFrom<'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'PASSTHROUGH'>('ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'PASSTHROUGH'),
    headerName.map((header) => ({ consistentHash: { header } })),
    fc.tuple(token, opt(seconds(1, 3600))).map(([name, ttl]) => ({ consistentHash: { cookie: { name, ...(ttl ? { ttl } : {}) } } })),
    fc.constant({ consistentHash: { sourceIp: true } }),
  )),
}, { requiredKeys: ['externalHosts'] }).map(({ gateways, externalHosts, ...rest }) => ({
  ...rest,
  // External hosts go with gateways only.
  ...(gateways ? { gateways, externalHosts } : {}),
}));

/** Options a router needs a canary track for (matches, mirroring, headers). */
const canaryOnlyIstio = fc.record({
  match: opt(fc.array(match, { minLength: 1, maxLength: 3 })),
  mirrorPercent: opt(fc.integer({ min: 1, max: 100 })),
}, { requiredKeys: [] });

/** A routing of `kind`; `withCanary` says whether the props have a canary track. */
function routing(kind: RoutingKind, withCanary: boolean): fc.Arbitrary<CanaryRouting> {
  switch (kind) {
    case 'istio':
      return fc.tuple(istioOptions, withCanary ? canaryOnlyIstio : fc.constant({}), fc.boolean())
        .map(([o, c, meshOff]) => CanaryRouting.istio({
          ...o,
          ...c,
          ...(meshOff && o.gateways && !(c as { match?: unknown }).match ? { mesh: false } : {}),
        }));
    case 'ingress-nginx':
      return fc.record({
        hosts: fc.uniqueArray(hostname.filter((h) => !h.startsWith('*.')), { minLength: 1, maxLength: 2 }),
        className: opt(fc.constantFrom('nginx', 'nginx-internal')),
        tlsSecretName: opt(dnsLabel),
        header: withCanary ? opt(fc.constantFrom('X-Canary', 'X-Group')) : fc.constant(undefined),
        headerValue: opt(token),
        cookie: withCanary ? opt(token) : fc.constant(undefined),
        controllerNamespace: opt(dnsLabel),
      }, { requiredKeys: ['hosts'] }).map(({ header, headerValue, ...o }) => CanaryRouting.ingressNginx({ ...o, ...(header ? { header, ...(headerValue ? { headerValue } : {}) } : {}) }));
    case 'gateway-api':
      return fc.record({
        gateway: fc.tuple(dnsLabel, dnsLabel).map(([ns, n]) => `${ns}/${n}`),
        hostnames: opt(fc.uniqueArray(hostname, { minLength: 1, maxLength: 2 })),
        headers: withCanary ? opt(fc.dictionary(headerName, token, { minKeys: 1, maxKeys: 2 })) : fc.constant(undefined),
        controllerNamespace: opt(dnsLabel),
      }, { requiredKeys: ['gateway'] }).map((o) => CanaryRouting.gatewayApi(o));
    case 'replica-ratio':
      return opt(fc.integer({ min: 2, max: 40 }))
        .map((totalReplicas) => CanaryRouting.replicaRatio(totalReplicas === undefined ? {} : { totalReplicas }));
    case 'blue-green':
      return (withCanary ? opt(fc.constantFrom<'stable' | 'canary'>('stable', 'canary')) : fc.constant(undefined))
        .map((active) => CanaryRouting.blueGreen(active ? { active } : {}));
    case 'argo-rollouts':
      return fc.tuple(
        istioOptions,
        opt(fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 }).map((s) => [...s].sort((a, b) => a - b))),
        opt(fc.oneof(fc.constant('manual' as const), seconds(1, 3600))),
        opt(analysis),
      ).map(([o, steps, pause, a]) => CanaryRouting.argoRollouts({
        ...o, ...(steps ? { steps } : {}), ...(pause ? { pause } : {}), ...(a ? { analysis: a } : {}),
      }));
  }
}

/** Argo Rollouts' metric analysis options, each in its valid range. */
const analysis = fc.record({
  prometheusAddress: opt(fc.constantFrom('http://prometheus-operated.monitoring.svc:9090', 'https://prom.example.com/api', 'http://10.0.0.5:9090')),
  minSuccessRate: opt(fc.double({ min: 0.5, max: 1, noNaN: true })),
  latencyPercentile: opt(fc.constantFrom(50, 90, 95, 99, 99.9)),
  maxLatency: opt(fc.integer({ min: 1, max: 10_000 }).map((ms) => Duration.millis(ms))),
  interval: opt(fc.integer({ min: 10, max: 600 }).map((n) => Duration.seconds(n))),
  failureLimit: opt(fc.integer({ min: 0, max: 100 })),
  queries: opt(fc.record({ successRate: opt(fc.constant('sum(rate(ok_total[1m])) / sum(rate(all_total[1m]))')), latency: opt(fc.constant('max(latency_seconds)')) })),
}).map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)));

const autoscaling = fc.integer({ min: 1, max: 10 }).chain((min) => fc.record({
  // Required for the canary track (the autoscaler's default minimum would outgrow a small canary).
  minReplicas: fc.constant(min),
  maxReplicas: fc.integer({ min: Math.max(min, 2), max: 30 }),
  cpuUtilization: opt(fc.integer({ min: 1, max: 200 })),
}, { requiredKeys: ['maxReplicas'] }));

/** A track's own settings; `scaled` allows replicas and autoscaling (not with replica-ratio). */
const track = (scaled: boolean): fc.Arbitrary<ReleaseTrackProps> => fc.record({
  version: opt(token),
  scaling: scaled ? fc.oneof(
    fc.constant({}),
    fc.integer({ min: 1, max: 10 }).map((replicas) => ({ replicas })),
    autoscaling.map((a) => ({ autoscaling: a })),
  ) : fc.constant({}),
  env: opt(fc.dictionary(envName, envValue, { maxKeys: 2 })),
  resources: opt(resources),
}, { requiredKeys: ['scaling'] }).map(({ scaling, ...rest }) => ({ ...rest, ...scaling }));

/** The containers, the first with an exposed HTTP port (added, on free numbers, when it has none). */
function withRoutablePort(containers: readonly ContainerProps[]): ContainerProps[] {
  const [first, ...rest] = containers;
  const own = first.ports ?? [Port.http(8080)];
  if (own.some((p) => p.expose && (p.protocol === 'http' || p.protocol === 'grpc'))) return [...containers];
  const all = containers.flatMap((c, i) => c.ports ?? (i === 0 ? own : []));
  const free = (used: Set<number>) => [...Array(1000).keys()].map((n) => 20000 + n).find((n) => !used.has(n))!;
  const containerPort = free(new Set(all.map((p) => p.containerPort)));
  const servicePort = free(new Set(all.map((p) => p.servicePort)));
  return [{ ...first, ports: [...own, Port.http(containerPort, { name: 'web', servicePort })] }, ...rest];
}

/** Random CanaryRelease props with the given routing. */
export function canaryPropsFor(kind: RoutingKind): fc.Arbitrary<CanaryReleaseProps> {
  const scaled = kind !== 'replica-ratio';
  const canaryAllowed = kind !== 'argo-rollouts';
  return fc.record({
    base: validProps,
    withCanary: canaryAllowed ? fc.boolean() : fc.constant(false),
    stable: opt(track(scaled)),
    canaryImage: pinnedImage,
    canaryTrack: track(scaled),
    weight: opt(fc.integer({ min: 0, max: 100 })),
    clusterDomain: opt(fc.constantFrom('cluster.local', 'corp.internal')),
  }).chain((r) => routing(kind, r.withCanary).map((route) => ({ ...r, route })))
    .map((r) => {
      // What a CanaryRelease does not take from StatelessApp props.
      // The base's budget and acknowledgements were drawn for its replicas, not for the tracks': left out.
      const {
        replicas, autoscaling: _a, exposure, version, disruptionBudget: _b, acknowledgeRisks: _r, ...base
      } = r.base as unknown as Record<string, unknown>;
      void replicas; void exposure; void version;
      // A canary must not take twice the load per pod stable is sized for (a risk to acknowledge):
      // the weight stays below 200 × canary capacity / stable capacity.
      const capacity = (t: ReleaseTrackProps | undefined, fallback: number) => t?.autoscaling?.maxReplicas ?? t?.replicas ?? fallback;
      const stablePods = capacity(r.stable, 2);
      const canaryPods = capacity(r.canaryTrack, kind === 'blue-green' ? (r.stable?.replicas ?? 2) : 1);
      // A mirror adds its share to the weight's: weight + mirror stays below that bound, the mirror at least 1%.
      const room = Math.ceil((200 * canaryPods) / stablePods) - 1;
      const options = r.route.options as { mirrorPercent?: number; active?: string } | undefined;
      const mirror = options?.mirrorPercent === undefined ? undefined : Math.max(1, Math.min(options.mirrorPercent, room - 1));
      const mirrored = { ...options, mirrorPercent: mirror } as any;
      const route = mirror === undefined ? r.route : r.route.kind === 'istio' ? CanaryRouting.istio(mirrored) : CanaryRouting.gatewayApi(mirrored);
      const bounded = r.weight === undefined || kind === 'replica-ratio' ? r.weight : Math.max(0, Math.min(r.weight, room - (mirror ?? 0)));
      const weight = kind === 'blue-green' ? {} : bounded === undefined ? {} : { weight: bounded };
      return {
        ...base,
        // Routers route to an exposed HTTP port of the first container; Istio hosts need a namespace.
        containers: withRoutablePort(base.containers as ContainerProps[]),
        namespace: base.namespace ?? 'shop',
        ...(r.stable ? { stable: r.stable } : {}),
        // The Argo analysis's queries tell revisions apart by version: an image by digest gives none.
        ...(kind === 'argo-rollouts' && r.stable?.version === undefined ? { stable: { ...r.stable, version: 'rel-1' } } : {}),
        ...(r.withCanary ? { canary: { ...r.canaryTrack, image: r.canaryImage, ...weight } } : {}),
        // Switching all traffic to a canary half stable's size or less would overload it: stable stays active.
        routing: kind === 'blue-green' && options?.active === 'canary' && stablePods >= 2 * canaryPods ? CanaryRouting.blueGreen() : route,
        ...(r.clusterDomain ? { clusterDomain: r.clusterDomain } : {}),
      } as unknown as CanaryReleaseProps;
    });
}
