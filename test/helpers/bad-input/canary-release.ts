/**
 * The canary-release bad-input table (and its fixtures), shared by its bad-input test and the
 * byte-identity guard that records each case's exact error message.
 */
import {
  CanaryMatch,
  CanaryReleaseProps,
  CanaryRouting,
  Duration,
  Metric,
  Exposure,
  Port,
  Volume,
} from '../../../lib';
import { CANARY_IMAGE, STABLE_IMAGE, canaryProps } from '../canary';

/** JS callers can pass anything: the table is typed loosely on purpose. */
export type Loose = Record<string, any>;
export const withProps = (p: Loose): CanaryReleaseProps => ({ ...canaryProps(), ...p }) as CanaryReleaseProps;
export const withCanary = (c: Loose, rest: Loose = {}): CanaryReleaseProps =>
  withProps({ canary: { image: CANARY_IMAGE, weight: 10, ...c }, ...rest });
export const istio = (o: Loose, rest: Loose = {}): CanaryReleaseProps => withProps({ routing: CanaryRouting.istio(o as any), ...rest });
export const nginx = (o: Loose, rest: Loose = {}): CanaryReleaseProps =>
  withProps({ routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'], ...o } as any), ...rest });
export const gateway = (o: Loose, rest: Loose = {}): CanaryReleaseProps =>
  withProps({ routing: CanaryRouting.gatewayApi({ gateway: 'public', ...o } as any), ...rest });
export const traefik = (o: Loose, rest: Loose = {}): CanaryReleaseProps =>
  withProps({ routing: CanaryRouting.traefik({ hosts: ['api.example.com'], ...o } as any), ...rest });
export const argo = (o: Loose, rest: Loose = {}): CanaryReleaseProps =>
  withProps({ canary: undefined, routing: CanaryRouting.argoRollouts(o as any), ...rest });
export const argoNginx = (o: Loose, rest: Loose = {}): CanaryReleaseProps =>
  withProps({ canary: undefined, routing: CanaryRouting.argoRolloutsIngressNginx({ hosts: ['api.example.com'], ...o } as any), ...rest });
export const argoGateway = (o: Loose, rest: Loose = {}): CanaryReleaseProps =>
  withProps({ canary: undefined, routing: CanaryRouting.argoRolloutsGatewayApi({ gateway: 'infra/public', ...o } as any), ...rest });
export const flagger = (o: Loose, rest: Loose = {}): CanaryReleaseProps =>
  withProps({ canary: undefined, routing: CanaryRouting.flagger(o as any), ...rest });

const V3_IMAGE = 'ghcr.io/acme/api-v3:2.0.0';
const v3 = (v: Loose, rest: Loose = {}): CanaryReleaseProps => withProps({ versions: { v3: { image: V3_IMAGE, ...v } }, ...rest });

/** The named versions' rows (`versions`), each described `named versions: ...` (the engines' parity test picks them). */
export const NAMED_VERSION_ROWS: ReadonlyArray<readonly [string, unknown, readonly string[]]> = [
  ['named versions: a list', withProps({ versions: [{ image: V3_IMAGE }] }), ['versions']],
  ['named versions: a version as an image string', withProps({ versions: { v3: V3_IMAGE } }), ['versions.v3']],
  ['named versions: one named stable', withProps({ versions: { stable: { image: V3_IMAGE } } }), ['versions.stable']],
  ['named versions: a name that is not a DNS label', withProps({ versions: { V3: { image: V3_IMAGE } } }), ['versions.V3']],
  ['named versions: no image', withProps({ versions: { v3: { weight: 5 } } }), ['versions.v3.image']],
  ['named versions: a typo', v3({ wieght: 5 }), ['versions.v3.wieght']],
  ['named versions: a weight above 100', v3({ weight: 101 }), ['versions.v3.weight']],
  ['named versions: a null weight', v3({ weight: null }), ['versions.v3.weight']],
  ['named versions: weights over 100 with the canary\'s', v3({ weight: 91 }), ['versions']],
  ['named versions: replicas with autoscaling', v3({ replicas: 2, autoscaling: { minReplicas: 1, maxReplicas: 3 } }), ['versions.v3.replicas']],
  ['named versions: the same image, env and resources as stable', v3({ image: STABLE_IMAGE }), ['versions.v3']],
  ['named versions: stable\'s version label', v3({ version: '1.4.2' }), ['versions.v3.version']],
  ['named versions: with replica-ratio routing', v3({}, { routing: CanaryRouting.replicaRatio() }), ['versions']],
  ['named versions: with ingress-nginx routing', nginx({}, { versions: { v3: { image: V3_IMAGE } } }), ['versions']],
  ['named versions: with Argo Rollouts', argo({}, { versions: { v3: { image: V3_IMAGE } } }), ['versions']],
];

/** [description, props, the exact property paths of the error's problems] */
export const BAD_INPUT: ReadonlyArray<readonly [string, unknown, readonly string[]]> = [
  // JavaScript garbage.
  ['null props', null, ['']],
  ['undefined props', undefined, ['']],
  ['an array as props', [], ['']],
  ['a string as props', 'api', ['']],
  ['no containers', { name: 'api', namespace: 'shop' }, ['containers']],
  ['canary null', withProps({ canary: null }), ['canary']],
  ['canary as an image string', withProps({ canary: CANARY_IMAGE }), ['canary']],
  ['stable as an array', withProps({ stable: [] }), ['stable']],
  ['routing as a string', withProps({ routing: 'istio' }), ['routing']],
  ['routing as a look-alike plain object', withProps({ routing: { kind: 'istio', options: {} } }), ['routing']],
  ['istio options null', withProps({ routing: CanaryRouting.istio(null as any) }), ['routing']],
  ['replica-ratio options null', withProps({ routing: CanaryRouting.replicaRatio(null as any) }), ['routing']],
  ['blue/green options as a string', withProps({ canary: { image: CANARY_IMAGE }, routing: CanaryRouting.blueGreen('canary' as any) }), ['routing']],
  ['a top-level replicas (it is per track)', withProps({ replicas: 3 }), ['replicas']],
  ['a top-level version (it is per track)', withProps({ version: '1.0' }), ['version']],
  ['a typo in the canary', withCanary({ wieght: 10 }), ['canary.wieght']],
  ['a weight on the stable track', withProps({ stable: { weight: 90 } }), ['stable.weight']],
  ...NAMED_VERSION_ROWS,
  ['a typo in the blue/green options', withProps({ canary: { image: CANARY_IMAGE }, routing: CanaryRouting.blueGreen({ activ: 'canary' } as any) }), ['routing.activ']],
  ['a typo in the replica-ratio options', withProps({ routing: CanaryRouting.replicaRatio({ replicas: 4 } as any) }), ['routing.replicas']],
  ['a typo in the istio options', istio({ weights: [90, 10] }), ['routing.weights']],
  ['an Argo-only option on istio', istio({ steps: [10] }), ['routing.steps']],
  ['a typo in the ingress-nginx options', nginx({ host: 'api.example.com' }), ['routing.host']],
  ['a typo in the Argo options', argo({ step: [10] }), ['routing.step']],
  // Names.
  // As for StatelessApp: the first container's name defaults to the app's, so it is reported too.
  ['an upper-case name', withProps({ name: 'API' }), ['name']],
  ['a name too long for "-preview"', withProps({ name: `a${'b'.repeat(55)}` }), ['name']],
  ['a bad namespace', withProps({ namespace: 'Shop_NS' }), ['namespace']],
  ['istio without a namespace (its hosts are fully qualified)', withProps({ namespace: undefined }), ['namespace']],
  ['argo rollouts without a namespace', argo({}, { namespace: undefined }), ['namespace']],
  // Weights: integers 0..100.
  ['a weight above 100', withCanary({ weight: 101 }), ['canary.weight']],
  ['a negative weight', withCanary({ weight: -1 }), ['canary.weight']],
  ['a fractional weight', withCanary({ weight: 12.5 }), ['canary.weight']],
  ['a string weight', withCanary({ weight: '10' }), ['canary.weight']],
  ['a NaN weight', withCanary({ weight: NaN }), ['canary.weight']],
  ['a weight with blue/green (the active Service takes all)', withCanary({ weight: 50 }, { routing: CanaryRouting.blueGreen() }), ['canary.weight']],
  ['an Argo step of 0', argo({ steps: [0, 50] }), ['routing.steps[0]']],
  ['an Argo step above 100', argo({ steps: [10, 101] }), ['routing.steps[1]']],
  ['Argo steps not increasing', argo({ steps: [50, 20] }), ['routing.steps[1]']],
  ['no Argo steps', argo({ steps: [] }), ['routing.steps']],
  // Header names lowercase, valid.
  ['an upper-case Istio header name', istio({ match: [CanaryMatch.headerExact('X-Canary', 'always')] }), ['routing.match[0].name']],
  ['an Istio header name with a space', istio({ match: [CanaryMatch.headerPrefix('x canary', 'a')] }), ['routing.match[0].name']],
  ['a Gateway API header name with a space', gateway({ headers: { 'x canary': 'yes' } }), ['routing.headers["x canary"]']],
  ['an ingress-nginx header with an underscore', nginx({ header: 'X_Canary' }), ['routing.header']],
  ['a bad cookie name', istio({ match: [CanaryMatch.cookie('can ary', 'yes')] }), ['routing.match[0].name']],
  // Regular expressions compile (in RE2).
  ['an Istio header regex that does not compile', istio({ match: [CanaryMatch.headerRegex('x-group', '(beta')] }), ['routing.match[0].regex']],
  ['an Istio header regex with look-ahead (RE2 rejects it)', istio({ match: [CanaryMatch.headerRegex('x-group', '^(?=beta).*')] }), ['routing.match[0].regex']],
  ['a back-reference', istio({ match: [CanaryMatch.headerRegex('x-group', '(a)\\1')] }), ['routing.match[0].regex']],
  ['an ingress-nginx header pattern that does not compile', nginx({ header: 'X-Group', headerPattern: '[beta' }), ['routing.headerPattern']],
  // Mirroring.
  ['a mirror percentage of 0', istio({ mirrorPercent: 0 }), ['routing.mirrorPercent']],
  ['a mirror percentage above 100', istio({ mirrorPercent: 100.5 }), ['routing.mirrorPercent']],
  ['a mirror percentage as a string', istio({ mirrorPercent: '10%' }), ['routing.mirrorPercent']],
  ['mirroring without a canary', istio({ mirrorPercent: 10 }, { canary: undefined }), ['routing.mirrorPercent']],
  ['mirroring with Argo Rollouts (it owns the route)', argo({ mirrorPercent: 10 }), ['routing.mirrorPercent']],
  // Retries consistent.
  ['a per-try timeout with 0 attempts', istio({ retries: { attempts: 0, perTryTimeout: Duration.seconds(1) } }), ['routing.retries.perTryTimeout']],
  ['negative retry attempts', istio({ retries: { attempts: -1 } }), ['routing.retries.attempts']],
  ['retries without attempts', istio({ retries: { retryOn: '5xx' } }), ['routing.retries.attempts']],
  ['retryOn that is not a condition list', istio({ retries: { attempts: 2, retryOn: '5xx, reset' } }), ['routing.retries.retryOn']],
  ['a typo in retries', istio({ retries: { attempts: 2, perTry: Duration.seconds(1) } }), ['routing.retries.perTry']],
  // Durations ≥ 1ms.
  ['a zero timeout', istio({ timeout: Duration.millis(0) }), ['routing.timeout']],
  ['a sub-millisecond timeout', istio({ timeout: Duration.millis(0.5) }), ['routing.timeout']],
  ['a number as timeout', istio({ timeout: 5 }), ['routing.timeout']],
  ['a negative per-try timeout', istio({ retries: { attempts: 2, perTryTimeout: Duration.seconds(-1) } }), ['routing.retries.perTryTimeout']],
  ['a zero outlier detection interval', istio({ outlierDetection: { interval: Duration.millis(0) } }), ['routing.outlierDetection.interval']],
  ['a NaN base ejection time', istio({ outlierDetection: { baseEjectionTime: Duration.seconds(NaN) } }), ['routing.outlierDetection.baseEjectionTime']],
  ['a zero cookie TTL', istio({ loadBalancer: { consistentHash: { cookie: { name: 'sid', ttl: Duration.millis(0) } } } }), ['routing.loadBalancer.consistentHash.cookie.ttl']],
  ['a zero Argo pause', argo({ pause: Duration.millis(0) }), ['routing.pause']],
  ['an Argo pause as a string', argo({ pause: '10m' }), ['routing.pause']],
  // Argo metric analysis: thresholds in range, durations Argo keeps, PromQL not empty, off only as an acknowledged risk.
  ['Argo analysis off without acknowledging it', argo({ analysis: false }), ['routing.analysis']],
  ['Flagger with a canary track (Flagger makes the canary)', flagger({}, { canary: { image: CANARY_IMAGE, weight: 10 } }), ['canary']],
  ['Flagger with an unknown provider', flagger({ provider: 'linkerd' }), ['routing.provider']],
  ['Flagger gatewayapi:v1 without a gateway', flagger({ provider: 'gatewayapi:v1' }), ['routing.gateway']],
  ['Flagger nginx with a gateway', flagger({ provider: 'nginx', gateway: 'public' }), ['routing.gateway']],
  ['Flagger with a gateway of three parts', flagger({ gateway: 'a/b/c' }), ['routing.gateway']],
  ['Flagger analysis off without acknowledging it', flagger({ analysis: false }), ['routing.analysis']],
  ['a typo in the Flagger options', flagger({ providers: 'istio' }), ['routing.providers']],
  ['every Flagger analysis option wrong at once', flagger({
    analysis: { interval: Duration.seconds(5), threshold: 0, maxWeight: 101, stepWeight: 0, minSuccessRate: 99, maxLatency: '1s', bogus: 1 },
  }), [
    'routing.analysis.bogus', 'routing.analysis.interval', 'routing.analysis.threshold', 'routing.analysis.maxWeight', 'routing.analysis.stepWeight',
    'routing.analysis.minSuccessRate', 'routing.analysis.maxLatency',
  ]],
  ['a Flagger step above its maxWeight', flagger({ analysis: { stepWeight: 60, maxWeight: 50 } }), ['routing.analysis.stepWeight']],
  ['Flagger with a LoadBalancer exposure', flagger({}, { exposure: Exposure.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) }), ['exposure']],
  ['Argo analysis as true', argo({ analysis: true }), ['routing.analysis']],
  ['a typo in the Argo analysis', argo({ analysis: { minSucessRate: 0.9 } }), ['routing.analysis.minSucessRate']],
  ['every Argo analysis threshold wrong at once', argo({
    analysis: {
      prometheusAddress: 'prometheus:9090',
      minSuccessRate: 1.5,
      latencyPercentile: 100,
      maxLatency: Duration.millis(0),
      interval: Duration.seconds(5),
      failureLimit: -1,
      queries: { successRate: ' ', latency: 42 },
    },
  }), [
    'routing.analysis.prometheusAddress', 'routing.analysis.minSuccessRate', 'routing.analysis.latencyPercentile', 'routing.analysis.maxLatency',
    'routing.analysis.interval', 'routing.analysis.failureLimit', 'routing.analysis.queries.successRate', 'routing.analysis.queries.latency',
  ]],
  ['an Argo analysis success rate of 0', argo({ analysis: { minSuccessRate: 0 } }), ['routing.analysis.minSuccessRate']],
  ['an Argo analysis interval of 1500ms', argo({ analysis: { interval: Duration.millis(1500) } }), ['routing.analysis.interval']],
  ['an Argo analysis latency as a string', argo({ analysis: { maxLatency: '500ms' } }), ['routing.analysis.maxLatency']],
  ['a typo in the Argo analysis queries', argo({ analysis: { queries: { success: 'up' } } }), ['routing.analysis.queries.success']],
  ['Argo analysis queries as a string', argo({ analysis: { queries: 'up' } }), ['routing.analysis.queries']],
  ['Argo analysis with an image that gives no version', argo({}, {
    containers: [{ image: 'ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' }],
  }), ['stable.version']],
  // Canary and stable differ.
  ['a canary with the stable image', withCanary({ image: STABLE_IMAGE }), ['canary']],
  ['a canary with the stable track\'s image', withProps({ stable: { image: 'ghcr.io/acme/api:1.3.0' }, canary: { image: 'ghcr.io/acme/api:1.3.0' } }), ['canary']],
  ['a canary with the same image, env and resources', withProps({ containers: [{ image: STABLE_IMAGE, env: { A: '1' } }], stable: { env: { A: '2' } }, canary: { image: STABLE_IMAGE, env: { A: '2' } } }), ['canary']],
  // Routes only to pods that exist.
  ['a match route without a canary', istio({ match: [CanaryMatch.headerExact('x-canary', 'always')] }, { canary: undefined }), ['routing.match']],
  ['an ingress-nginx header without a canary', nginx({ header: 'X-Canary' }, { canary: undefined }), ['routing']],
  ['an ingress-nginx cookie without a canary', nginx({ cookie: 'canary' }, { canary: undefined }), ['routing']],
  ['Gateway API matches: a cookie, a header prefix, source labels, not a CanaryMatch', gateway({
    match: [CanaryMatch.cookie('canary', 'yes'), CanaryMatch.headerPrefix('x-group', 'beta'), CanaryMatch.sourceLabels({ app: 'web' }), { path: '/beta' }],
  }), ['routing.match[0]', 'routing.match[1]', 'routing.match[2]', 'routing.match[3]']],
  ['Gateway API path matches the HTTPRoute API rejects', gateway({
    match: [CanaryMatch.pathExact('beta'), CanaryMatch.pathPrefix('/a//b'), CanaryMatch.pathPrefix('/a/..'), CanaryMatch.pathExact('/a?b=1'), CanaryMatch.pathPrefix('/a%2Fb')],
  }), ['routing.match[0].exact', 'routing.match[1].prefix', 'routing.match[2].prefix', 'routing.match[3].exact', 'routing.match[4].prefix']],
  ['Gateway API header matches: a regex RE2 rejects, an empty value, a bad name, a repeat', gateway({
    match: [CanaryMatch.headerRegex('x-group', '(beta'), CanaryMatch.headerExact('x-group', ''), CanaryMatch.headerExact('x group', 'a'),
      CanaryMatch.pathExact('/beta'), CanaryMatch.pathExact('/beta')],
  }), ['routing.match[0].regex', 'routing.match[1].value', 'routing.match[2].name', 'routing.match[4]']],
  ['Gateway API timeouts: backendRequest above request, a typo, not a Duration', gateway({
    timeouts: { request: Duration.seconds(5), backendRequest: Duration.seconds(10), backend: Duration.seconds(1) },
  }), ['routing.timeouts.backend', 'routing.timeouts.backendRequest']],
  ['Gateway API timeouts longer than a Gateway API duration, and a string', gateway({ timeouts: { request: Duration.minutes(2000), backendRequest: '5s' } }),
    ['routing.timeouts.request', 'routing.timeouts.backendRequest']],
  ['Gateway API match as a single CanaryMatch', gateway({ match: CanaryMatch.pathExact('/beta') }), ['routing.match']],
  ['Gateway API matches without a canary', gateway({ match: [CanaryMatch.pathPrefix('/beta')] }, { canary: undefined }), ['routing.match']],
  ['an Istio path match without a leading slash', istio({ match: [CanaryMatch.pathPrefix('beta')] }), ['routing.match[0].prefix']],
  ['Gateway API header matches without a canary', gateway({ headers: { 'x-canary': 'yes' } }, { canary: undefined }), ['routing.headers']],
  ['a Gateway API mirror percentage of 0', gateway({ mirrorPercent: 0 }), ['routing.mirrorPercent']],
  ['a Gateway API mirror percentage above 100', gateway({ mirrorPercent: 101 }), ['routing.mirrorPercent']],
  ['a Gateway API mirror percentage with five decimals', gateway({ mirrorPercent: 0.00001 }), ['routing.mirrorPercent']],
  ['Gateway API mirroring without a canary (named versions only)', gateway({ mirrorPercent: 10 }, { canary: undefined, versions: { v3: { image: V3_IMAGE } } }), ['routing.mirrorPercent']],
  ['mirroring with Argo over the Gateway API (it owns the route)', argoGateway({ mirrorPercent: 10 }), ['routing.mirrorPercent']],
  // The mirror loads the canary on top of its weight: (W + M)·stable/canary pods, from twice a stable pod's load.
  ['a dark one-pod canary mirroring every request beside two stable pods', gateway({ mirrorPercent: 100 }, { canary: { image: CANARY_IMAGE, weight: 0 } }), ['routing.mirrorPercent']],
  ['a one-pod canary at 50% with a 50% Istio mirror beside two stable pods', istio({ mirrorPercent: 50 }, { canary: { image: CANARY_IMAGE, weight: 50 } }), ['canary.weight']],
  ['mirroring with ingress-nginx, which cannot', nginx({ mirrorPercent: 10 }), ['routing.mirrorPercent']],
  ['mirroring with blue/green, which cannot', withProps({ canary: { image: CANARY_IMAGE }, routing: CanaryRouting.blueGreen({ mirrorPercent: 10 } as any) }), ['routing.mirrorPercent']],
  ['blue/green with canary active but no canary', withProps({ canary: undefined, routing: CanaryRouting.blueGreen({ active: 'canary' }) }), ['routing.active']],
  ['blue/green with an unknown colour', withProps({ canary: { image: CANARY_IMAGE }, routing: CanaryRouting.blueGreen({ active: 'green' } as any) }), ['routing.active']],
  ['a canary with Argo Rollouts (the controller runs it)', argo({}, { canary: { image: CANARY_IMAGE } }), ['canary']],
  ['no exposed port (nothing to split)', withProps({ containers: [{ image: STABLE_IMAGE, ports: [] }], routing: CanaryRouting.replicaRatio() }), ['containers']],
  ['a TCP port only with Istio (no HTTP route)', withProps({ containers: [{ image: STABLE_IMAGE, ports: [Port.tcp(5432, { name: 'pg' })] }] }), ['containers']],
  // Hosts valid.
  ['an upper-case external host', istio({ gateways: ['istio-ingress/public'], externalHosts: ['API.example.com'] }), ['routing.externalHosts[0]']],
  ['an IP address as external host', istio({ gateways: ['istio-ingress/public'], externalHosts: ['10.0.0.1'] }), ['routing.externalHosts[0]']],
  ['gateways without external hosts', istio({ gateways: ['istio-ingress/public'] }), ['routing.externalHosts']],
  ['a malformed gateway reference', istio({ gateways: ['Istio-System/gw'], externalHosts: ['api.example.com'] }), ['routing.gateways[0]']],
  ['gateways as a string', istio({ gateways: 'istio-ingress/public', externalHosts: ['api.example.com'] }), ['routing.gateways']],
  ['no ingress-nginx hosts', nginx({ hosts: [] }), ['routing.hosts']],
  ['an ingress-nginx host with a space', nginx({ hosts: ['api example.com'] }), ['routing.hosts[0]']],
  ['a wildcard Gateway API hostname without a domain', gateway({ hostnames: ['*.'] }), ['routing.hostnames[0]']],
  // The host "*": every host where the routing's objects have a form for it, listed alone; refused (saying why) where not.
  ['the ingress-nginx host "*" next to another, and a host listed twice', nginx({ hosts: ['*', 'api.example.com', 'api.example.com'] }), ['routing.hosts', 'routing.hosts[2]']],
  ['the Gateway API hostname "*" next to another', gateway({ hostnames: ['api.example.com', '*'] }), ['routing.hostnames']],
  ['the external host "*" on Istio routing (its VirtualService also serves the Service host)', istio({ gateways: ['istio-ingress/public'], externalHosts: ['*'] }), ['routing.externalHosts[0]']],
  ['the host "*" on Flagger\'s istio provider', flagger({ hosts: ['*'] }), ['routing.hosts[0]']],
  ['an Istio gateway for every host joining the release\'s VirtualService', withProps({ exposure: Exposure.istioGateway({ hosts: ['*'] }) }), ['exposure']],
  ['a Gateway reference with two slashes', gateway({ gateway: 'a/b/c' }), ['routing.gateway']],
  ['no Gateway', withProps({ routing: CanaryRouting.gatewayApi({} as any) }), ['routing.gateway']],
  ['a bad Gateway API controller namespace', gateway({ controllerNamespace: 'Envoy' }), ['routing.controllerNamespace']],
  ['an ingress-nginx weight with three decimals', nginx({}, { canary: { image: CANARY_IMAGE, weight: 0.125 } }), ['canary.weight']],
  ['a Traefik weight as a string', traefik({}, { canary: { image: CANARY_IMAGE, weight: '0.5' } }), ['canary.weight']],
  ['no Traefik hosts', traefik({ hosts: [] }), ['routing.hosts']],
  ['a Traefik host with a space and an upper-case one', traefik({ hosts: ['api example.com', 'API.example.com'] }), ['routing.hosts[0]', 'routing.hosts[1]']],
  ['the Traefik host "*" next to another', traefik({ hosts: ['*', 'api.example.com'] }), ['routing.hosts']],
  ['a Traefik entry point with a space, one listed twice', traefik({ entryPoints: ['web secure', 'web', 'web'] }), ['routing.entryPoints[0]', 'routing.entryPoints[2]']],
  ['a bad Traefik TLS Secret and controller namespace', traefik({ tlsSecretName: 'API_TLS', controllerNamespace: 'Traefik' }), ['routing.tlsSecretName', 'routing.controllerNamespace']],
  ['a typo in the Traefik options', traefik({ entrypoints: ['web'] }), ['routing.entrypoints']],
  ['an exposure with Traefik routing', traefik({}, { exposure: Exposure.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) }), ['exposure']],
  ['a bad ingress-nginx class', nginx({ className: 'Nginx Internal' }), ['routing.className']],
  // Mesh present when source-label matches are used.
  ['a source-label match without the mesh gateway', istio({ mesh: false, gateways: ['istio-ingress/public'], externalHosts: ['api.example.com'], match: [CanaryMatch.sourceLabels({ app: 'web' })] }), ['routing.match[0]']],
  ['mesh off and no gateway (routes nothing)', istio({ mesh: false }), ['routing.mesh']],
  ['mesh as a string', istio({ mesh: 'yes' }), ['routing.mesh']],
  ['a bad source label key', istio({ match: [CanaryMatch.sourceLabels({ 'bad key': 'web' })] }), ['routing.match[0].labels["bad key"]']],
  ['a match that is not a CanaryMatch', istio({ match: [{ headers: { 'x-canary': { exact: 'y' } } }] }), ['routing.match[0]']],
  // Traffic policy.
  ['an unknown TLS mode', istio({ tlsMode: 'STRICT' }), ['routing.tlsMode']],
  ['an unknown Istio API version', istio({ apiVersion: 'v1alpha3' }), ['routing.apiVersion']],
  ['an unknown load balancer', istio({ loadBalancer: 'FASTEST' }), ['routing.loadBalancer']],
  ['a consistent hash on two keys', istio({ loadBalancer: { consistentHash: { header: 'x-user', sourceIp: true } } }), ['routing.loadBalancer.consistentHash']],
  ['a 0% ejection ceiling', istio({ outlierDetection: { maxEjectionPercent: 0 } }), ['routing.outlierDetection.maxEjectionPercent']],
  ['0 consecutive errors', istio({ outlierDetection: { consecutive5xxErrors: 0 } }), ['routing.outlierDetection.consecutive5xxErrors']],
  ['a connection pool of 0', istio({ connectionPool: { maxConnections: 0 } }), ['routing.connectionPool.maxConnections']],
  ['ingress-nginx header value and pattern together', nginx({ header: 'X-Canary', headerValue: 'yes', headerPattern: 'y.*' }), ['routing.headerPattern']],
  ['ingress-nginx header value without a header', nginx({ headerValue: 'yes' }), ['routing.header']],
  // Replicas and autoscaling per track.
  ['replica ratio over 1 replica', withProps({ routing: CanaryRouting.replicaRatio({ totalReplicas: 1 }) }), ['routing.totalReplicas']],
  ['replica ratio with a fractional total', withProps({ routing: CanaryRouting.replicaRatio({ totalReplicas: 4.5 }) }), ['routing.totalReplicas']],
  ['replica ratio with stable replicas', withProps({ stable: { replicas: 3 }, routing: CanaryRouting.replicaRatio() }), ['stable.replicas']],
  ['replica ratio with canary autoscaling', withCanary({ autoscaling: { minReplicas: 1, maxReplicas: 3 } }, { routing: CanaryRouting.replicaRatio() }), ['canary.autoscaling']],
  ['canary autoscaling without minReplicas', withCanary({ autoscaling: { maxReplicas: 3 } }), ['canary.autoscaling.minReplicas']],
  ['a canary metric without a target', withCanary({ autoscaling: { minReplicas: 1, maxReplicas: 3, metrics: [Metric.external('queue', {})] } }), ['canary.autoscaling.metrics[0].value']],
  ['a canary container metric on a container the pod does not have', withCanary({ autoscaling: { minReplicas: 1, maxReplicas: 3, metrics: [Metric.containerResource('cpu', 'proxy', { averageUtilization: 60 })] } }), ['canary.autoscaling.metrics[0].container']],
  ['stable replicas with autoscaling', withProps({ stable: { replicas: 3, autoscaling: { maxReplicas: 6 } } }), ['stable.replicas']],
  ['zero canary replicas', withCanary({ replicas: 0 }), ['canary.replicas']],
  ['a disruption budget of 0', withProps({ disruptionBudget: { maxUnavailable: 0 } }), ['disruptionBudget.maxUnavailable']],
  // Track images, env, resources, version.
  ['a canary without an image', withProps({ canary: { weight: 10 } }), ['canary.image']],
  ['an unpinned canary image', withCanary({ image: 'ghcr.io/acme/api' }), ['canary.image']],
  ['a latest canary image', withCanary({ image: 'ghcr.io/acme/api:latest' }), ['canary.image']],
  ['an unpinned stable image override', withProps({ stable: { image: 'nginx' } }), ['stable.image']],
  ['a bad canary env name', withCanary({ env: { '1X': 'y' } }), ['canary.env["1X"]']],
  ['a canary memory limit below its request', withCanary({ resources: { memory: { request: '1Gi', limit: '512Mi' } } }), ['canary.resources.memory.limit']],
  ['a canary version that is not a label value', withCanary({ version: 'v2 beta!' }), ['canary.version']],
  // Volumes.
  ['a ReadWriteOnce claim on both tracks', withProps({ containers: [{ image: STABLE_IMAGE, volumeMounts: [{ path: '/data', volume: Volume.persistentVolumeClaim('data') }] }] }), ['containers[0].volumeMounts[0].volume.accessMode']],
  ['a memory volume above the canary memory limit', withProps({
    containers: [{ image: STABLE_IMAGE, resources: { memory: { request: '1Gi' } }, volumeMounts: [{ path: '/shm', volume: Volume.emptyDir('shm', { medium: 'Memory', size: '512Mi' }) }] }],
    canary: { image: CANARY_IMAGE, weight: 10, resources: { memory: { request: '512Mi' } } },
  }), ['containers[0].volumeMounts[0]']],
  ['a ConfigMap volume with a mode in decimal', withProps({ containers: [{ image: STABLE_IMAGE, volumeMounts: [{ path: '/etc/api', volume: Volume.configMap('api', { defaultMode: 420.5 }) }] }] }), ['containers[0].volumeMounts[0].volume.defaultMode']],
  ['an exposure with Istio routing', withProps({ exposure: Exposure.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) }), ['exposure']],
  ['an exposure with ingress-nginx routing', nginx({ hosts: ['api.example.com'] }, { exposure: Exposure.loadBalancer({ sourceRanges: ['10.0.0.0/8'] }) }), ['exposure']],
  ['an unrestricted exposure, unacknowledged', withProps({ routing: CanaryRouting.replicaRatio(), exposure: Exposure.nodePort() }), ['exposure.sourceRanges']],
  ['a Gateway API exposure with gateway-api routing', withProps({ routing: CanaryRouting.gatewayApi({ gateway: 'infra/public' }), exposure: Exposure.gatewayApi({ gateway: { name: 'public' } }) }), ['exposure']],
  ['a Gateway API exposure with Istio routing', withProps({ exposure: Exposure.gatewayApi({ gateway: { name: 'public' } }) }), ['exposure']],
  ['an Ingress exposure with Istio routing', withProps({ exposure: Exposure.ingress({ hosts: ['api.example.com'] }) }), ['exposure']],
  ['an Ingress exposure with ingress-nginx routing', nginx({ hosts: ['api.example.com'] }, { exposure: Exposure.ingress({ hosts: ['api.example.com'] }) }), ['exposure']],
  ['an Ingress exposure with gateway-api routing', withProps({ routing: CanaryRouting.gatewayApi({ gateway: 'infra/public' }), exposure: Exposure.ingress({ hosts: ['api.example.com'] }) }), ['exposure']],
  ['an Ingress exposure with Traefik routing', traefik({}, { exposure: Exposure.ingress({ hosts: ['api.example.com'] }) }), ['exposure']],
  ['Flagger with an Ingress exposure', flagger({}, { exposure: Exposure.ingress({ hosts: ['api.example.com'] }) }), ['exposure']],
  ['an Ingress exposure on replica-ratio without hosts', withProps({ routing: CanaryRouting.replicaRatio(), exposure: Exposure.ingress({ hosts: [] }) }), ['exposure.hosts']],
  ['an Istio gateway with ingress-nginx routing', nginx({ hosts: ['api.example.com'] }, { exposure: Exposure.istioGateway({ hosts: ['api.example.com'] }) }), ['exposure']],
  ['an Istio gateway with its own matches on Istio routing', withProps({ exposure: Exposure.istioGateway({ hosts: ['api.example.com'], matches: [{ path: { value: '/' } }] }) }), ['exposure']],
  // Argo Rollouts over ingress-nginx and the Gateway API.
  ['Argo over ingress-nginx: no hosts, a bad step, a canary header and a canary track', argoNginx({ hosts: [], steps: [0], header: 'x-canary' }, {
    canary: { image: CANARY_IMAGE },
  }), ['routing.steps[0]', 'canary', 'routing.header', 'routing.hosts']],
  ['Argo over ingress-nginx without a namespace', argoNginx({}, { namespace: undefined }), ['namespace']],
  ['Argo over ingress-nginx with analysis off, unacknowledged', argoNginx({ analysis: false }), ['routing.analysis']],
  ['Argo over the Gateway API: a bad gateway, header matches, a bad analysis rate', argoGateway({
    gateway: 'a/b/c', headers: { 'x-canary': 'always' }, analysis: { minSuccessRate: 2 },
  }), ['routing.analysis.minSuccessRate', 'routing.headers', 'routing.gateway']],
  ['Argo over the Gateway API without a namespace', argoGateway({}, { namespace: undefined }), ['namespace']],
];

/** Values a JavaScript or YAML caller might pass anywhere. */
export const GARBAGE: readonly unknown[] = [null, undefined, 0, -1, NaN, Infinity, 1.5, '', 'x', true, [], [null], {}, { a: 1 }, () => 1, Symbol('s'), new Date(0)];
export const KEYS = ['name', 'namespace', 'containers', 'stable', 'canary', 'routing', 'allowFrom', 'allowTo', 'disruptionBudget', 'minReady', 'progressDeadline', 'revisionHistoryLimit', 'labels'];
export const TRACK_KEYS = ['image', 'weight', 'replicas', 'autoscaling', 'env', 'resources', 'version'];
export const ISTIO_KEYS = ['apiVersion', 'gateways', 'mesh', 'externalHosts', 'match', 'mirrorPercent', 'retries', 'timeout', 'tlsMode', 'outlierDetection', 'connectionPool', 'loadBalancer'];

/** Every prop and every routing option set to every garbage value. */
export function garbageCases(): Array<[string, unknown]> {
  const base = canaryProps();
  const out: Array<[string, unknown]> = [];
  const routingFactories = [
    CanaryRouting.istio,
    CanaryRouting.ingressNginx,
    CanaryRouting.gatewayApi,
    CanaryRouting.traefik,
    CanaryRouting.replicaRatio,
    CanaryRouting.blueGreen,
    CanaryRouting.argoRollouts,
    CanaryRouting.argoRolloutsIngressNginx,
    CanaryRouting.argoRolloutsGatewayApi,
    CanaryRouting.flagger,
  ];
  for (const g of GARBAGE) {
    const v = typeof g === 'symbol' ? 'Symbol' : typeof g === 'function' ? 'a function' : JSON.stringify(g) ?? String(g);
    out.push([`props = ${v}`, g]);
    for (const k of KEYS) out.push([`${k} = ${v}`, { ...base, [k]: g }]);
    for (const k of TRACK_KEYS) {
      out.push([`canary.${k} = ${v}`, { ...base, canary: { ...base.canary, [k]: g } }]);
      out.push([`stable.${k} = ${v}`, { ...base, stable: { [k]: g } }]);
    }
    for (const make of routingFactories) {
      out.push([`${make.name}(${v})`, { ...base, routing: (make as (o: unknown) => CanaryRouting)(g) }]);
    }
    for (const k of ISTIO_KEYS) {
      out.push([`istio ${k} = ${v}`, { ...base, routing: CanaryRouting.istio({ [k]: g } as any) }]);
      out.push([`argo ${k} = ${v}`, { ...base, canary: undefined, routing: CanaryRouting.argoRollouts({ [k]: g } as any) }]);
    }
    for (const k of ['steps', 'pause']) out.push([`argo ${k} = ${v}`, { ...base, canary: undefined, routing: CanaryRouting.argoRollouts({ [k]: g } as any) }]);
    for (const k of ['hosts', 'className', 'tlsSecretName', 'header', 'headerValue', 'headerPattern', 'cookie', 'controllerNamespace']) {
      out.push([`nginx ${k} = ${v}`, { ...base, routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'], [k]: g } as any) }]);
    }
    for (const k of ['provider', 'gateway', 'hosts', 'controllerNamespace', 'analysis']) {
      out.push([`flagger ${k} = ${v}`, { ...base, canary: undefined, routing: CanaryRouting.flagger({ [k]: g } as any) }]);
    }
    for (const k of ['interval', 'threshold', 'maxWeight', 'stepWeight', 'minSuccessRate', 'maxLatency']) {
      out.push([`flagger analysis.${k} = ${v}`, { ...base, canary: undefined, routing: CanaryRouting.flagger({ analysis: { [k]: g } } as any) }]);
    }
    for (const k of ['gateway', 'hostnames', 'headers', 'mirrorPercent', 'controllerNamespace']) {
      out.push([`gateway ${k} = ${v}`, { ...base, routing: CanaryRouting.gatewayApi({ gateway: 'public', [k]: g } as any) }]);
    }
    for (const k of ['hosts', 'entryPoints', 'tlsSecretName', 'controllerNamespace']) {
      out.push([`traefik ${k} = ${v}`, { ...base, routing: CanaryRouting.traefik({ hosts: ['api.example.com'], [k]: g } as any) }]);
    }
    out.push([`versions = ${v}`, { ...base, versions: g }]);
    out.push([`versions.v3 = ${v}`, { ...base, versions: { v3: g } }]);
    for (const k of ['image', 'version', 'replicas', 'autoscaling', 'env', 'resources', 'weight']) {
      out.push([`versions.v3.${k} = ${v}`, { ...base, versions: { v3: { image: CANARY_IMAGE.replace('api', 'api-v3'), [k]: g } } }]);
    }
    out.push([`totalReplicas = ${v}`, { ...base, routing: CanaryRouting.replicaRatio({ totalReplicas: g } as any) }]);
    out.push([`active = ${v}`, { ...base, canary: { image: CANARY_IMAGE }, routing: CanaryRouting.blueGreen({ active: g } as any) }]);
    out.push([`retries.attempts = ${v}`, { ...base, routing: CanaryRouting.istio({ retries: { attempts: g } } as any) }]);
    out.push([`outlierDetection fields = ${v}`, { ...base, routing: CanaryRouting.istio({ outlierDetection: { interval: g, consecutive5xxErrors: g, maxEjectionPercent: g } } as any) }]);
    out.push([`consistentHash = ${v}`, { ...base, routing: CanaryRouting.istio({ loadBalancer: { consistentHash: g } } as any) }]);
    out.push([`consistentHash.cookie = ${v}`, { ...base, routing: CanaryRouting.istio({ loadBalancer: { consistentHash: { cookie: g } } } as any) }]);
    out.push([`match arguments = ${v}`, { ...base, routing: CanaryRouting.istio({ match: [CanaryMatch.headerExact(g as any, g as any), CanaryMatch.headerRegex('x', g as any), CanaryMatch.cookie(g as any, g as any), CanaryMatch.sourceLabels(g as any)] }) }]);
    out.push([`containers[0] = ${v}`, { ...base, containers: [g] }]);
    out.push([`containers[0].ports = ${v}`, { ...base, containers: [{ image: STABLE_IMAGE, ports: g }] }]);
  }
  return out;
}

