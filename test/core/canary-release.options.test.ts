/**
 * CanaryRelease, every routing × every option (one it.each row per combination): every object is
 * schema-valid (Istio, Gateway API and Argo Rollouts objects against their CRD schemas), every pod
 * template passes the Pod Security Standards "restricted" profile, every selector and reference is
 * consistent (each Deployment's selector matches its template; the shared Service selects both
 * tracks, per-track Services one; each DestinationRule subset selects exactly the pods of its
 * track; autoscalers target workloads that exist), routes come in order (match routes before
 * `primary`) with weights that sum to 100, and no object shares a nested object with another (YAML
 * would write anchors). Then the routings' specifics: defaults, replica-ratio arithmetic and its
 * warning, the blue/green switch, and the shape Argo Rollouts expects.
 */
import {
  CanaryMatch,
  CanaryReleaseManifest,
  CanaryReleaseProps,
  CanaryRouting,
  DEFAULTS,
  Duration,
  EnvValue,
  Metric,
  NetworkEgress,
  NetworkPeer,
  Port,
  Quantity,
  TRACK_LABEL,
} from '../../lib';
import { AnyObject } from '../helpers/best-practice';
import { CANARY_IMAGE, STABLE_IMAGE, buildCanary, canaryConsistencyProblems, canaryJson, canaryProps, canaryRestrictedViolations, canaryTemplates, sharedReferences, yamlAnchors } from '../helpers/canary';
import { schemaProblems } from '../helpers/schema';

type Kind = CanaryRouting['kind'];

interface RoutingRow {
  readonly routing: () => CanaryRouting;
  /** The routing sends requests to the canary by match, mirror or header: it needs a canary track. */
  readonly needsCanary?: boolean;
}

/** Every routing with each of its options. */
const ROUTINGS: Record<string, RoutingRow> = {
  'istio, defaults': { routing: () => CanaryRouting.istio() },
  'istio, v1beta1 API': { routing: () => CanaryRouting.istio({ apiVersion: 'v1beta1' }) },
  'istio, mesh and an ingress gateway with external hosts': {
    routing: () => CanaryRouting.istio({ gateways: ['istio-ingress/public'], externalHosts: ['api.example.com'] }),
  },
  'istio, ingress gateway only (mesh off)': {
    routing: () => CanaryRouting.istio({ mesh: false, gateways: ['public'], externalHosts: ['api.example.com', '*.api.example.org'] }),
  },
  'istio, A/B matches: header exact, prefix, regex, cookie, source labels': {
    needsCanary: true,
    routing: () => CanaryRouting.istio({
      match: [
        CanaryMatch.headerExact('x-canary', 'always'),
        CanaryMatch.headerPrefix('x-user-group', 'beta-'),
        CanaryMatch.headerRegex('user-agent', '.*(iPhone|Android).*'),
        CanaryMatch.cookie('canary', 'yes'),
        CanaryMatch.sourceLabels({ 'app.kubernetes.io/name': 'web', 'track': 'test' }),
      ],
    }),
  },
  'istio, mirroring, retries and timeout': {
    needsCanary: true,
    routing: () => CanaryRouting.istio({
      mirrorPercent: 12.5,
      retries: { attempts: 3, perTryTimeout: Duration.millis(500), retryOn: '5xx,reset,connect-failure' },
      timeout: Duration.seconds(10),
    }),
  },
  'istio, TLS off, custom outlier detection, connection pool, least request': {
    routing: () => CanaryRouting.istio({
      tlsMode: 'DISABLE',
      outlierDetection: { consecutive5xxErrors: 3, interval: Duration.seconds(10), baseEjectionTime: Duration.minutes(1), maxEjectionPercent: 100 },
      connectionPool: { maxConnections: 200, http1MaxPendingRequests: 50, http2MaxRequests: 500, maxRequestsPerConnection: 10 },
      loadBalancer: 'LEAST_REQUEST',
    }),
  },
  'istio, consistent hash on a header': { routing: () => CanaryRouting.istio({ loadBalancer: { consistentHash: { header: 'x-user-id' } } }) },
  'istio, consistent hash on a cookie with a TTL': { routing: () => CanaryRouting.istio({ loadBalancer: { consistentHash: { cookie: { name: 'session', ttl: Duration.minutes(30) } } } }) },
  'istio, consistent hash on the source IP': { routing: () => CanaryRouting.istio({ loadBalancer: { consistentHash: { sourceIp: true } } }) },
  'istio, outlier detection off, retries off': { routing: () => CanaryRouting.istio({ outlierDetection: false, retries: { attempts: 0 } }) },
  'ingress-nginx, one host': { routing: () => CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }) },
  'ingress-nginx, class, TLS, by-header value, by-cookie, controller namespace': {
    needsCanary: true,
    routing: () => CanaryRouting.ingressNginx({
      hosts: ['api.example.com', 'www.api.example.com'],
      className: 'nginx-internal',
      tlsSecretName: 'api-tls',
      header: 'X-Canary',
      headerValue: 'yes',
      cookie: 'canary',
      controllerNamespace: 'ingress-system',
    }),
  },
  'ingress-nginx, by-header pattern': {
    needsCanary: true,
    routing: () => CanaryRouting.ingressNginx({ hosts: ['api.example.com'], header: 'X-Group', headerPattern: '^(beta|staff)$' }),
  },
  'traefik, one host': { routing: () => CanaryRouting.traefik({ hosts: ['api.example.com'] }) },
  'traefik, hosts and a wildcard, entry points, TLS, controller namespace': {
    routing: () => CanaryRouting.traefik({
      hosts: ['api.example.com', '*.api.example.org'],
      entryPoints: ['websecure', 'internal_tls'],
      tlsSecretName: 'api-tls',
      controllerNamespace: 'edge',
    }),
  },
  'traefik, every host': { routing: () => CanaryRouting.traefik({ hosts: ['*'] }) },
  'gateway API, a Gateway in the namespace': { routing: () => CanaryRouting.gatewayApi({ gateway: 'public' }) },
  'gateway API, namespaced Gateway, hostnames, header matches, controller namespace': {
    needsCanary: true,
    routing: () => CanaryRouting.gatewayApi({
      gateway: 'infra/public',
      hostnames: ['api.example.com'],
      headers: { 'x-canary': 'always', 'X-Beta': 'yes' },
      controllerNamespace: 'envoy-gateway-system',
    }),
  },
  'gateway API, matches: header exact and regex, path exact and prefix': {
    needsCanary: true,
    routing: () => CanaryRouting.gatewayApi({
      gateway: 'public',
      headers: { 'x-canary': 'always' },
      match: [
        CanaryMatch.headerRegex('user-agent', '.*(iPhone|Android).*'),
        CanaryMatch.headerExact('X-Beta', 'yes'),
        CanaryMatch.pathExact('/beta'),
        CanaryMatch.pathPrefix('/v2/'),
      ],
      timeouts: { request: Duration.seconds(30), backendRequest: Duration.millis(1500) },
    }),
  },
  'gateway API, mirroring with header matches': {
    needsCanary: true,
    routing: () => CanaryRouting.gatewayApi({ gateway: 'public', headers: { 'x-canary': 'always' }, mirrorPercent: 25 }),
  },
  'replica ratio, 4 replicas (default)': { routing: () => CanaryRouting.replicaRatio() },
  'replica ratio, 10 replicas': { routing: () => CanaryRouting.replicaRatio({ totalReplicas: 10 }) },
  'blue/green, stable active (default)': { routing: () => CanaryRouting.blueGreen() },
  'blue/green, canary active': { needsCanary: true, routing: () => CanaryRouting.blueGreen({ active: 'canary' }) },
  'argo rollouts, defaults': { routing: () => CanaryRouting.argoRollouts() },
  'argo rollouts, steps, manual pause, v1beta1, gateway, retries, timeout': {
    routing: () => CanaryRouting.argoRollouts({
      steps: [5, 20, 50, 80],
      pause: 'manual',
      apiVersion: 'v1beta1',
      gateways: ['istio-ingress/public'],
      externalHosts: ['api.example.com'],
      retries: { attempts: 2, perTryTimeout: Duration.seconds(2) },
      timeout: Duration.seconds(15),
    }),
  },
};

interface OptionRow {
  /** Props on top of `canaryProps({ routing })`; `undefined` values remove a prop. */
  readonly props: Partial<CanaryReleaseProps>;
  /** Routings this option does not apply to (an error there, tested in the bad-input table). */
  readonly skip?: (kind: Kind, routing: RoutingRow) => boolean;
  /** The option concerns the canary track only (Argo Rollouts has none). */
  readonly canaryOnly?: boolean;
}

const IMAGE_SIDECAR = 'ghcr.io/acme/proxy:1.0.0';

/** Every option, applied to every routing. */
const OPTIONS: Record<string, OptionRow> = {
  'a 10% canary': { props: {} },
  'stable only': { props: { canary: undefined }, skip: (_, r) => r.needsCanary === true },
  'a dark canary (weight 0)': { props: { canary: { image: CANARY_IMAGE, weight: 0 } }, canaryOnly: true },
  // At 100% the canary needs stable's capacity; a one-pod canary beside two stable pods is a risk to
  // acknowledge. Replica ratio refuses 100 (stable never shrinks; the bad-input table has it).
  'every request to the canary (weight 100), at stable\'s size': {
    props: { canary: { image: CANARY_IMAGE, weight: 100, replicas: 2 } }, canaryOnly: true, skip: (kind) => kind === 'replica-ratio',
  },
  'every request to a one-pod canary (weight 100), overload acknowledged': {
    props: { canary: { image: CANARY_IMAGE, weight: 100 }, acknowledgeRisks: ['canary-overload'] },
    canaryOnly: true,
    skip: (kind) => kind === 'replica-ratio' || kind === 'blue-green',
  },
  'a canary that differs in env, resources and version only': {
    canaryOnly: true,
    props: {
      containers: [{ image: STABLE_IMAGE, env: { LOG_LEVEL: 'info', DB: EnvValue.fromSecret('db', 'url') } }],
      stable: { version: '1.4.2' },
      canary: {
        image: STABLE_IMAGE,
        version: '1.4.2-new-cache',
        weight: 25,
        env: { FEATURE_CACHE: 'on', LOG_LEVEL: 'debug' },
        resources: { cpu: { request: Quantity.millicores(500) }, memory: { request: Quantity.mebibytes(512) } },
      },
    },
  },
  'autoscaling per track': {
    skip: (kind) => kind === 'replica-ratio',
    props: {
      stable: { autoscaling: { minReplicas: 3, maxReplicas: 10 } },
      // Up to 6 pods: switched to it (blue/green), each takes 10/6 of a stable pod's load, under the overload risk.
      canary: { image: CANARY_IMAGE, weight: 10, autoscaling: { minReplicas: 1, maxReplicas: 6, cpuUtilization: 60 } },
    },
  },
  'autoscaling per track on custom metrics (the stable track keeps CPU)': {
    skip: (kind) => kind === 'replica-ratio',
    props: {
      stable: { autoscaling: { maxReplicas: 10, cpuUtilization: 70, metrics: [Metric.pods('http_requests_per_second', { averageValue: '100' })] } },
      canary: { image: CANARY_IMAGE, weight: 10, autoscaling: { minReplicas: 1, maxReplicas: 6, metrics: [Metric.external('queue_messages_ready', { averageValue: '30', selector: { queue: 'orders' } })] } },
    },
  },
  'explicit replicas per track': {
    skip: (kind) => kind === 'replica-ratio',
    props: { stable: { replicas: 5 }, canary: { image: CANARY_IMAGE, weight: 10, replicas: 3 } },
  },
  'a gRPC port': { props: { containers: [{ image: STABLE_IMAGE, ports: [Port.grpc(9090)] }] } },
  'an HTTP and an unexposed admin port, and a sidecar': {
    props: {
      containers: [
        { image: STABLE_IMAGE, ports: [Port.http(8080), Port.http(9901, { name: 'admin', expose: false })] },
        { name: 'proxy', image: IMAGE_SIDECAR, ports: [] },
      ],
    },
  },
  'labels, peers, egress, a percentage budget, rollout timing': {
    props: {
      component: 'api',
      partOf: 'shop',
      labels: { team: 'checkout' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      allowFrom: [NetworkPeer.pods({ 'app.kubernetes.io/name': 'web' }), NetworkPeer.namespace('monitoring')],
      allowTo: [NetworkEgress.to(NetworkPeer.cidr('10.20.0.0/16'), 5432)],
      disruptionBudget: { maxUnavailable: '50%' },
      minReady: Duration.seconds(10),
      progressDeadline: Duration.minutes(15),
      revisionHistoryLimit: 3,
      serviceAccount: { annotations: { 'iam.gke.io/gcp-service-account': 'api@shop.iam.gserviceaccount.com' } },
    },
  },
  'no namespace': {
    // Istio and Argo need FQDN hosts; an unqualified Gateway without any namespace leaves nothing to
    // admit (both are validation errors, tested in the bad-input table).
    skip: (kind, routing) => kind === 'istio' || kind === 'argo-rollouts'
      || (kind === 'gateway-api' && !/"gateway":"[^"]*\//.test(JSON.stringify(routing.routing().options)) && !JSON.stringify(routing.routing().options).includes('controllerNamespace')),
    props: { namespace: undefined },
  },
};

/** The props of one combination, adapted to what the routing accepts. */
function combine(routing: RoutingRow, option: OptionRow): CanaryReleaseProps | undefined {
  const kind = routing.routing().kind;
  if (option.skip?.(kind, routing)) return undefined;
  if (kind === 'argo-rollouts' && option.canaryOnly) return undefined;
  const props: Record<string, unknown> = { ...canaryProps({ routing: routing.routing() }), ...option.props };
  for (const [k, v] of Object.entries(props)) if (v === undefined) delete props[k];
  const canary = props.canary as Record<string, unknown> | undefined;
  // Argo Rollouts runs the canary itself; blue/green has no weight (the active Service takes all).
  if (kind === 'argo-rollouts') delete props.canary;
  if (kind === 'blue-green' && canary) props.canary = Object.fromEntries(Object.entries(canary).filter(([k]) => k !== 'weight'));
  return props as unknown as CanaryReleaseProps;
}

const CASES: Array<[string, string, CanaryReleaseProps]> = [];
for (const [rName, r] of Object.entries(ROUTINGS)) {
  for (const [oName, o] of Object.entries(OPTIONS)) {
    const props = combine(r, o);
    if (props) CASES.push([rName, oName, props]);
  }
}

/** Which tracks each Service must select. */
function expectedServices(kind: Kind, hasCanary: boolean, active: 'stable' | 'canary'): Record<string, string[]> {
  switch (kind) {
    case 'ingress-nginx':
    case 'gateway-api':
    case 'traefik':
      return hasCanary ? { 'api-stable': ['stable'], 'api-canary': ['canary'] } : { 'api-stable': ['stable'] };
    case 'blue-green':
      return hasCanary ? { 'api': [active], 'api-preview': [active === 'stable' ? 'canary' : 'stable'] } : { api: ['stable'] };
    case 'argo-rollouts':
      return { api: ['stable'] };
    default:
      return { api: hasCanary ? ['canary', 'stable'] : ['stable'] };
  }
}

/** The canary's share of requests the output should achieve. */
function expectedWeight(kind: Kind, m: CanaryReleaseManifest, weight: number, hasCanary: boolean, active: string): number {
  if (!hasCanary || kind === 'argo-rollouts') return 0;
  if (kind === 'blue-green') return active === 'canary' ? 100 : 0;
  if (kind === 'replica-ratio') {
    const replicas = (name: string) => m.deployments.find((d) => d.metadata!.name === name)!.spec!.replicas!;
    return Math.round((replicas('api-canary') / (replicas('api-canary') + replicas('api-stable'))) * 10000) / 100;
  }
  return weight;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('CanaryRelease: every routing × every option', () => {
  it('covers every routing kind and more than 200 combinations', () => {
    expect(new Set(CASES.map(([, , p]) => p.routing!.kind))).toEqual(new Set(['istio', 'ingress-nginx', 'gateway-api', 'traefik', 'replica-ratio', 'blue-green', 'argo-rollouts']));
    expect(CASES.length).toBeGreaterThan(200);
  });

  it.each(CASES)('%s × %s', (_r, _o, props) => {
    const m = buildCanary(props);
    const objects = canaryJson(m);
    const kind = props.routing!.kind;
    const hasCanary = props.canary !== undefined;
    const weight = props.canary?.weight ?? 0;
    const active = (props.routing!.options as { active?: 'stable' | 'canary' }).active ?? 'stable';

    // Valid, hardened, consistent, anchor-free.
    expect(schemaProblems(objects)).toEqual([]);
    expect(canaryRestrictedViolations(objects)).toEqual([]);
    expect(canaryTemplates(objects).length).toBe(kind === 'argo-rollouts' ? 1 : hasCanary ? 2 : 1);
    expect(canaryConsistencyProblems(objects, expectedServices(kind, hasCanary, active))).toEqual([]);
    expect(sharedReferences(m.objects)).toEqual([]);
    expect(yamlAnchors(objects)).toEqual([]);

    // Every object is the app's, in the app's namespace, and carries its name and instance labels;
    // a workload's instance label is its own name (Polaris' metadataAndInstanceMismatched), while
    // its pods and its (immutable) selector keep the release's.
    for (const o of objects) {
      expect(o.metadata!.name!.startsWith('api')).toBe(true);
      expect(o.metadata!.namespace).toBe(props.namespace);
      const instance = o.kind === 'Deployment' || o.kind === 'Rollout' ? o.metadata!.name : 'api';
      expect(o.metadata!.labels).toMatchObject({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/managed-by': 'keelson' });
      if (o.spec?.template) {
        expect(o.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
        expect(o.spec.selector.matchLabels).toMatchObject({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
      }
    }
    expect(new Set(objects.map((o) => `${o.kind}/${o.metadata!.name}`)).size).toBe(objects.length);

    // One ServiceAccount and one NetworkPolicy shared by the tracks; a PDB per track.
    expect(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata!.name)).toEqual(['api']);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata!.name)).toEqual(['api']);
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.metadata!.name)).toEqual(
      kind === 'argo-rollouts' ? ['api'] : hasCanary ? ['api-stable', 'api-canary'] : ['api-stable'],
    );
    for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
      expect(pdb.spec.maxUnavailable).toBe(props.disruptionBudget?.maxUnavailable ?? 1);
      expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    }
    for (const d of m.deployments) {
      expect(d.spec!.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
      expect(d.spec!.template.spec!.serviceAccountName).toBe('api');
    }

    // Apply order: the DestinationRule before the VirtualService that routes to its subsets.
    const keys = m.objects.map((o) => `${o.kind}/${o.metadata.name}`);
    if (m.virtualService) expect(keys.indexOf('DestinationRule/api')).toBeLessThan(keys.indexOf('VirtualService/api'));

    // Routes in order, weights summing to 100.
    expect(m.achievedWeight).toBe(expectedWeight(kind, m, weight, hasCanary, active));
    if (kind === 'istio' || kind === 'argo-rollouts') {
      const http = (m.virtualService!.spec as any).http as any[];
      const names = http.map((h) => h.name);
      expect(names[names.length - 1]).toBe('primary');
      expect(names.slice(0, -1)).toEqual(names.slice(0, -1).map((_, i) => `canary-match-${i}`));
      for (const h of http.slice(0, -1)) expect(h.route).toEqual([{ destination: expect.objectContaining({ subset: 'canary' }) }]);
      const primary = http[http.length - 1].route as any[];
      expect(sum(primary.map((r) => r.weight))).toBe(100);
      expect(primary.map((r) => [r.destination.subset, r.weight])).toEqual(
        kind === 'argo-rollouts' ? [['stable', 100], ['canary', 0]] : hasCanary ? [['stable', 100 - weight], ['canary', weight]] : [['stable', 100]],
      );
    } else {
      expect(m.virtualService).toBeUndefined();
      expect(m.destinationRule).toBeUndefined();
    }
    if (kind === 'ingress-nginx') {
      const [main, canary] = m.ingresses;
      expect(m.ingresses.length).toBe(hasCanary ? 2 : 1);
      expect(main.metadata!.annotations).toBeUndefined();
      expect(main.spec!.rules!.every((r) => r.http!.paths[0].backend.service!.name === 'api-stable')).toBe(true);
      if (hasCanary) {
        expect(canary.metadata!.annotations!['nginx.ingress.kubernetes.io/canary']).toBe('true');
        expect(canary.metadata!.annotations!['nginx.ingress.kubernetes.io/canary-weight']).toBe(String(weight));
        expect(canary.spec!.rules!.every((r) => r.http!.paths[0].backend.service!.name === 'api-canary')).toBe(true);
        // The canary Ingress serves the very same hosts and paths, or ingress-nginx ignores it.
        expect(canary.spec!.rules!.map((r) => [r.host, r.http!.paths[0].path]))
          .toEqual(main.spec!.rules!.map((r) => [r.host, r.http!.paths[0].path]));
      }
    } else {
      expect(m.ingresses).toEqual([]);
    }
    if (kind === 'gateway-api') {
      const rules = (m.httpRoute!.spec as any).rules as any[];
      const last = rules[rules.length - 1];
      for (const r of rules.slice(0, -1)) expect(r).toEqual({ matches: expect.arrayContaining([expect.anything()]), backendRefs: [{ name: 'api-canary', port: expect.any(Number) }], ...(r.timeouts ? { timeouts: last.timeouts } : {}) });
      expect(last.matches).toBeUndefined();
      if (hasCanary) {
        expect(last.backendRefs.map((b: any) => [b.name, b.weight])).toEqual([['api-stable', 100 - weight], ['api-canary', weight]]);
        expect(sum(last.backendRefs.map((b: any) => b.weight))).toBe(100);
      } else {
        expect(last.backendRefs).toEqual([{ name: 'api-stable', port: expect.any(Number) }]);
      }
    } else {
      expect(m.httpRoute).toBeUndefined();
    }
    if (kind === 'traefik') {
      // Every weight explicit (Traefik ignores a weight of 0, and weighs an unset one 1); the IngressRoute routes to the TraefikService only.
      const services = (m.traefikService!.spec as any).weighted.services as any[];
      expect(services.map((s) => [s.name, s.weight])).toEqual(hasCanary ? [['api-stable', 100 - weight], ['api-canary', weight]] : [['api-stable', 100]]);
      expect((m.ingressRoute!.spec as any).routes.map((r: any) => r.services)).toEqual([[{ name: 'api', kind: 'TraefikService' }]]);
    } else {
      expect(m.traefikService).toBeUndefined();
      expect(m.ingressRoute).toBeUndefined();
    }
    if (kind === 'replica-ratio') {
      // Stable keeps totalReplicas at every weight; the canary's pods come on top.
      const total = (props.routing!.options as { totalReplicas?: number }).totalReplicas ?? 4;
      expect(m.deployments[0].spec!.replicas).toBe(total);
      expect(m.warnings.length).toBe(hasCanary && m.achievedWeight !== weight ? 1 : 0);
    } else {
      expect(m.warnings).toEqual([]);
    }
    expect(m.rollout !== undefined).toBe(kind === 'argo-rollouts');
  });
});

/** The first container of a track's pods. */
const container = (m: CanaryReleaseManifest, track: 'stable' | 'canary') => m.deployments.find((d) => d.metadata!.name === `api-${track}`)!.spec!.template.spec!.containers[0];
const objectsOf = (m: CanaryReleaseManifest): AnyObject[] => canaryJson(m);

describe('CanaryRelease defaults (Istio)', () => {
  const m = buildCanary(canaryProps({ canary: { image: CANARY_IMAGE } }));

  it('emits, in apply order, the shared ServiceAccount, NetworkPolicy and Service, a Deployment and a PDB per track, then the DestinationRule and the VirtualService', () => {
    expect(m.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/api', 'NetworkPolicy/api', 'Service/api',
      'Deployment/api-stable', 'Deployment/api-canary',
      'PodDisruptionBudget/api-stable', 'PodDisruptionBudget/api-canary',
      'DestinationRule/api', 'VirtualService/api',
    ]);
  });

  it('deploys the canary dark (weight 0) with 1 replica next to 2 stable ones, each a StatelessApp-grade Deployment', () => {
    expect(m.achievedWeight).toBe(0);
    expect(m.deployments.map((d) => [d.metadata!.name, d.spec!.replicas])).toEqual([['api-stable', DEFAULTS.replicas], ['api-canary', 1]]);
    for (const d of m.deployments) {
      expect(d.spec).toMatchObject({ minReadySeconds: 5, progressDeadlineSeconds: 600, revisionHistoryLimit: 5 });
      const c = d.spec!.template.spec!.containers[0];
      expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(c.readinessProbe!.httpGet).toEqual({ path: '/ping', port: 'http' });
      expect(c.lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
      expect(d.spec!.template.spec!.topologySpreadConstraints!.map((t) => t.matchLabelKeys)).toEqual([['pod-template-hash'], ['pod-template-hash']]);
    }
    expect(container(m, 'stable').image).toBe(STABLE_IMAGE);
    expect(container(m, 'canary').image).toBe(CANARY_IMAGE);
    // The container keeps the app's name on both tracks.
    expect(container(m, 'canary').name).toBe('api');
  });

  it('tells the tracks apart by keelson.dev/track in selectors and app.kubernetes.io/version on pods; the Service selects only stable labels', () => {
    const [stable, canary] = m.deployments;
    expect(stable.spec!.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', [TRACK_LABEL]: 'stable' } });
    expect(canary.spec!.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', [TRACK_LABEL]: 'canary' } });
    expect(stable.spec!.template.metadata!.labels).toMatchObject({ 'app.kubernetes.io/version': '1.4.2', [TRACK_LABEL]: 'stable' });
    expect(canary.spec!.template.metadata!.labels).toMatchObject({ 'app.kubernetes.io/version': '1.5.0', [TRACK_LABEL]: 'canary' });
    expect(m.services[0].spec!.selector).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
    expect(m.selector).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
    // Shared objects carry neither the track nor the version label.
    for (const o of [m.serviceAccount!, m.networkPolicy, m.services[0], m.destinationRule!, m.virtualService!]) {
      expect(Object.keys(o.metadata!.labels!)).not.toContain(TRACK_LABEL);
      expect(Object.keys(o.metadata!.labels!)).not.toContain('app.kubernetes.io/version');
    }
  });

  it('DestinationRule: ISTIO_MUTUAL, outlier detection 5 × 5xx / 30s / 30s / 50%, no connection pool, subsets by track', () => {
    expect(m.destinationRule).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'api', namespace: 'shop', labels: m.services[0].metadata!.labels },
      spec: {
        host: 'api.shop.svc.cluster.local',
        trafficPolicy: {
          tls: { mode: 'ISTIO_MUTUAL' },
          outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
        },
        subsets: [{ name: 'stable', labels: { [TRACK_LABEL]: 'stable' } }, { name: 'canary', labels: { [TRACK_LABEL]: 'canary' } }],
      },
    });
  });

  it('VirtualService: the FQDN host, mesh traffic only (no gateways field), one weighted route named primary', () => {
    expect(m.virtualService!.spec).toEqual({
      hosts: ['api.shop.svc.cluster.local'],
      http: [{
        name: 'primary',
        route: [
          { destination: { host: 'api.shop.svc.cluster.local', subset: 'stable', port: { number: 80 } }, weight: 100 },
          { destination: { host: 'api.shop.svc.cluster.local', subset: 'canary', port: { number: 80 } }, weight: 0 },
        ],
      }],
    });
  });

  it('without a canary: stable only and a 100% route; the DestinationRule keeps the canary subset, so adding or removing the canary never changes it', () => {
    const s = buildCanary(canaryProps({ canary: undefined }));
    expect(s.deployments.map((d) => d.metadata!.name)).toEqual(['api-stable']);
    expect((s.destinationRule!.spec as any).subsets).toEqual([{ name: 'stable', labels: { [TRACK_LABEL]: 'stable' } }, { name: 'canary', labels: { [TRACK_LABEL]: 'canary' } }]);
    expect((s.virtualService!.spec as any).http[0].route).toEqual([{ destination: { host: 'api.shop.svc.cluster.local', subset: 'stable', port: { number: 80 } }, weight: 100 }]);
    const withCanary = buildCanary(canaryProps({ canary: { image: CANARY_IMAGE, weight: 50 } }));
    expect(JSON.stringify(withCanary.destinationRule)).toBe(JSON.stringify(s.destinationRule));
  });
});

describe('CanaryRelease Istio options', () => {
  it('orders the match routes (header exact/prefix/regex, cookie, source labels) before the weighted route, all to the canary', () => {
    const m = buildCanary(canaryProps({ routing: ROUTINGS['istio, A/B matches: header exact, prefix, regex, cookie, source labels'].routing() }));
    const http = (m.virtualService!.spec as any).http as any[];
    expect(http.map((h) => [h.name, h.match])).toEqual([
      ['canary-match-0', [{ headers: { 'x-canary': { exact: 'always' } } }]],
      ['canary-match-1', [{ headers: { 'x-user-group': { prefix: 'beta-' } } }]],
      ['canary-match-2', [{ headers: { 'user-agent': { regex: '.*(iPhone|Android).*' } } }]],
      ['canary-match-3', [{ headers: { cookie: { regex: expect.any(String) } } }]],
      ['canary-match-4', [{ sourceLabels: { 'app.kubernetes.io/name': 'web', 'track': 'test' } }]],
      ['primary', undefined],
    ]);
    const paths = buildCanary(canaryProps({ routing: CanaryRouting.istio({ match: [CanaryMatch.pathExact('/beta'), CanaryMatch.pathPrefix('/v2/')] }) }));
    expect(((paths.virtualService!.spec as any).http as any[]).map((h) => h.match)).toEqual([[{ uri: { exact: '/beta' } }], [{ uri: { regex: '^/v2(/.*)?$' } }], undefined]);
    // pathPrefix means whole segments on Istio as on the Gateway API (Istio's own prefix is a string prefix).
    const segments = (prefix: string) => {
      const vs = buildCanary(canaryProps({ routing: CanaryRouting.istio({ match: [CanaryMatch.pathPrefix(prefix)] }) })).virtualService!;
      return new RegExp((vs.spec as any).http[0].match[0].uri.regex as string);
    };
    for (const prefix of ['/v2', '/v2/']) {
      expect(['/v2', '/v2/', '/v2/orders', '/v2/a/b'].filter((p) => segments(prefix).test(p))).toHaveLength(4);
      expect(['/v2x', '/v20/orders', '/v', '/v3/v2'].some((p) => segments(prefix).test(p))).toBe(false);
    }
    // Regex characters of the path are literal.
    expect(segments('/a.b+c').test('/a.b+c/x')).toBe(true);
    expect(segments('/a.b+c').test('/aXbbc')).toBe(false);
    // The cookie match is a regex on the Cookie header that finds exactly that cookie.
    const cookie = new RegExp(http[3].match[0].headers.cookie.regex);
    expect(cookie.test('canary=yes')).toBe(true);
    expect(cookie.test('session=abc; canary=yes; theme=dark')).toBe(true);
    expect(cookie.test('session=abc;canary=yes')).toBe(true);
    expect(cookie.test('xcanary=yes')).toBe(false);
    expect(cookie.test('canary=yesno')).toBe(false);
    expect(cookie.test('canary=no')).toBe(false);
  });

  it('escapes regex characters of a cookie name and value', () => {
    const m = buildCanary(canaryProps({ routing: CanaryRouting.istio({ match: [CanaryMatch.cookie('ab.test', 'v+1')] }) }));
    const re = new RegExp((m.virtualService!.spec as any).http[0].match[0].headers.cookie.regex);
    expect(re.test('ab.test=v+1')).toBe(true);
    expect(re.test('abxtest=v+1')).toBe(false);
    expect(re.test('ab.test=vv1')).toBe(false);
  });

  it('mirrors a percentage of the weighted route to the canary, with retries and timeout on every route', () => {
    const m = buildCanary(canaryProps({ routing: ROUTINGS['istio, mirroring, retries and timeout'].routing() }));
    const [primary] = (m.virtualService!.spec as any).http;
    expect(primary.mirror).toEqual({ host: 'api.shop.svc.cluster.local', subset: 'canary', port: { number: 80 } });
    expect(primary.mirrorPercentage).toEqual({ value: 12.5 });
    expect(primary.timeout).toBe('10s');
    expect(primary.retries).toEqual({ attempts: 3, perTryTimeout: '500ms', retryOn: '5xx,reset,connect-failure' });
  });

  it('routes mesh traffic and named ingress gateways, with the external hosts, and admits the gateway namespaces', () => {
    const both = buildCanary(canaryProps({ routing: CanaryRouting.istio({ gateways: ['istio-ingress/public', 'edge'], externalHosts: ['api.example.com'] }) }));
    expect(both.virtualService!.spec).toMatchObject({ hosts: ['api.shop.svc.cluster.local', 'api.example.com'], gateways: ['mesh', 'istio-ingress/public', 'edge'] });
    const admitted = both.networkPolicy.spec!.ingress!.slice(1).map((r) => r.from![0].namespaceSelector!.matchLabels!['kubernetes.io/metadata.name']);
    expect(admitted).toEqual(['istio-ingress', 'istio-system']);
    for (const r of both.networkPolicy.spec!.ingress!.slice(1)) expect(r.ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
    const gatewayOnly = buildCanary(canaryProps({ routing: CanaryRouting.istio({ mesh: false, gateways: ['istio-ingress/public'], externalHosts: ['api.example.com'] }) }));
    expect((gatewayOnly.virtualService!.spec as any).gateways).toEqual(['istio-ingress/public']);
  });

  it('sets the traffic policy: TLS mode, outlier detection, connection pool, load balancer', () => {
    const m = buildCanary(canaryProps({ routing: ROUTINGS['istio, TLS off, custom outlier detection, connection pool, least request'].routing() }));
    expect((m.destinationRule!.spec as any).trafficPolicy).toEqual({
      tls: { mode: 'DISABLE' },
      outlierDetection: { consecutive5xxErrors: 3, interval: '10s', baseEjectionTime: '60s', maxEjectionPercent: 100 },
      connectionPool: { tcp: { maxConnections: 200 }, http: { http1MaxPendingRequests: 50, http2MaxRequests: 500, maxRequestsPerConnection: 10 } },
      loadBalancer: { simple: 'LEAST_REQUEST' },
    });
    const policy = (r: CanaryRouting) => (buildCanary(canaryProps({ routing: r })).destinationRule!.spec as any).trafficPolicy;
    expect(policy(ROUTINGS['istio, consistent hash on a header'].routing()).loadBalancer).toEqual({ consistentHash: { httpHeaderName: 'x-user-id' } });
    expect(policy(ROUTINGS['istio, consistent hash on a cookie with a TTL'].routing()).loadBalancer).toEqual({ consistentHash: { httpCookie: { name: 'session', ttl: '1800s' } } });
    expect(policy(ROUTINGS['istio, consistent hash on the source IP'].routing()).loadBalancer).toEqual({ consistentHash: { useSourceIp: true } });
    expect(policy(ROUTINGS['istio, outlier detection off, retries off'].routing())).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
    expect(policy(CanaryRouting.istio({ connectionPool: { http2MaxRequests: 100 } })).connectionPool).toEqual({ http: { http2MaxRequests: 100 } });
  });

  it('uses networking.istio.io/v1 by default and v1beta1 on request, for both objects', () => {
    expect(buildCanary(canaryProps()).objects.filter((o) => o.apiVersion.startsWith('networking.istio.io')).map((o) => o.apiVersion)).toEqual(['networking.istio.io/v1', 'networking.istio.io/v1']);
    const old = buildCanary(canaryProps({ routing: CanaryRouting.istio({ apiVersion: 'v1beta1' }) }));
    expect([old.destinationRule!.apiVersion, old.virtualService!.apiVersion]).toEqual(['networking.istio.io/v1beta1', 'networking.istio.io/v1beta1']);
  });

  it('routes a gRPC port by its service port', () => {
    const m = buildCanary(canaryProps({ containers: [{ image: STABLE_IMAGE, ports: [Port.grpc(9090)] }] }));
    expect((m.virtualService!.spec as any).http[0].route[0].destination.port).toEqual({ number: 9090 });
  });
});

describe('CanaryRelease ingress-nginx and Gateway API', () => {
  it('ingress-nginx: a main Ingress to api-stable and a canary Ingress to api-canary with the canary annotations', () => {
    const m = buildCanary(canaryProps({ routing: ROUTINGS['ingress-nginx, class, TLS, by-header value, by-cookie, controller namespace'].routing() }));
    expect(m.services.map((s) => [s.metadata!.name, s.spec!.selector![TRACK_LABEL]])).toEqual([['api-stable', 'stable'], ['api-canary', 'canary']]);
    expect(m.ingresses.map((i) => i.metadata!.name)).toEqual(['api', 'api-canary']);
    expect(m.ingresses[1].metadata!.annotations).toEqual({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '10',
      'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary',
      'nginx.ingress.kubernetes.io/canary-by-header-value': 'yes',
      'nginx.ingress.kubernetes.io/canary-by-cookie': 'canary',
    });
    for (const ing of m.ingresses) {
      expect(ing.spec!.ingressClassName).toBe('nginx-internal');
      expect(ing.spec!.tls).toEqual([{ hosts: ['api.example.com', 'www.api.example.com'], secretName: 'api-tls' }]);
    }
    expect(m.networkPolicy.spec!.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-system' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    const pattern = buildCanary(canaryProps({ routing: ROUTINGS['ingress-nginx, by-header pattern'].routing() }));
    expect(pattern.ingresses[1].metadata!.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/canary-by-header': 'X-Group', 'nginx.ingress.kubernetes.io/canary-by-header-pattern': '^(beta|staff)$' });
    expect(pattern.ingresses[1].spec!.ingressClassName).toBe('nginx');
  });

  it('Gateway API: an HTTPRoute with the header matches first, then weighted backendRefs to the per-track Services', () => {
    const m = buildCanary(canaryProps({ routing: ROUTINGS['gateway API, namespaced Gateway, hostnames, header matches, controller namespace'].routing() }));
    expect(m.httpRoute!.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'infra' }],
      hostnames: ['api.example.com'],
      rules: [
        { matches: [{ headers: [{ type: 'Exact', name: 'x-canary', value: 'always' }, { type: 'Exact', name: 'X-Beta', value: 'yes' }] }], backendRefs: [{ name: 'api-canary', port: 80 }] },
        { backendRefs: [{ name: 'api-stable', port: 80, weight: 90 }, { name: 'api-canary', port: 80, weight: 10 }] },
      ],
    });
    expect(m.networkPolicy.spec!.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    // \`match\`: each CanaryMatch one more HTTPRouteMatch of the canary rule, after \`headers\`.
    const ab = buildCanary(canaryProps({ routing: ROUTINGS['gateway API, matches: header exact and regex, path exact and prefix'].routing() }));
    expect((ab.httpRoute!.spec as any).rules[0]).toEqual({
      matches: [
        { headers: [{ type: 'Exact', name: 'x-canary', value: 'always' }] },
        { headers: [{ type: 'RegularExpression', name: 'user-agent', value: '.*(iPhone|Android).*' }] },
        { headers: [{ type: 'Exact', name: 'X-Beta', value: 'yes' }] },
        { path: { type: 'Exact', value: '/beta' } },
        { path: { type: 'PathPrefix', value: '/v2/' } },
      ],
      backendRefs: [{ name: 'api-canary', port: 80 }],
      timeouts: { request: '30s', backendRequest: '1500ms' },
    });
    // The timeouts apply to every rule, the weighted one too.
    expect((ab.httpRoute!.spec as any).rules[1].timeouts).toEqual({ request: '30s', backendRequest: '1500ms' });
    const local = buildCanary(canaryProps({ routing: CanaryRouting.gatewayApi({ gateway: 'public' }) }));
    expect((local.httpRoute!.spec as any).parentRefs).toEqual([{ name: 'public' }]);
    // The Gateway's data plane defaults to the Gateway's namespace (here, the app's).
    expect(local.networkPolicy.spec!.ingress!.at(-1)!.from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }]);
  });

  it('a mirror loads the canary on top of its weight: (weight + mirror) · stable / canary pods, refused from twice a stable pod\'s load unless acknowledged', () => {
    const shadow = (mirrorPercent: number, extra: Partial<CanaryReleaseProps> = {}) => () => buildCanary(canaryProps({
      canary: { image: CANARY_IMAGE, weight: 0 }, routing: CanaryRouting.gatewayApi({ gateway: 'public', mirrorPercent }), ...extra,
    }));
    // 99% of the requests copied to one pod beside two: 1.98 times; every request: 2 times.
    expect(shadow(99)).not.toThrow();
    expect(shadow(100)).toThrow(/routing\.mirrorPercent: sends a 100% mirror of the traffic to 1 canary pod beside 2 stable: each canary pod would take 2 /);
    expect(shadow(100, { acknowledgeRisks: ['canary-overload'] })).not.toThrow();
    // Istio's mirror adds to the weight the same way.
    const istio = () => buildCanary(canaryProps({
      canary: { image: CANARY_IMAGE, weight: 60 }, routing: CanaryRouting.istio({ mirrorPercent: 40 }),
    }));
    expect(istio).toThrow(/canary\.weight: sends 60% of the traffic and a 40% mirror to 1 canary pod/);
  });

  it('Gateway API mirroring: a RequestMirror filter to api-canary on the weighted rule only, the matched requests already reach the canary', () => {
    const rules = (m: CanaryReleaseManifest) => (m.httpRoute!.spec as any).rules as any[];
    const shadow = buildCanary(canaryProps({
      canary: { image: CANARY_IMAGE, weight: 0 },
      routing: ROUTINGS['gateway API, mirroring with header matches'].routing(),
      containers: [{ image: STABLE_IMAGE, ports: [Port.http(8080, { servicePort: 8081 })] }],
    }));
    expect(rules(shadow)).toEqual([
      { matches: [{ headers: [{ type: 'Exact', name: 'x-canary', value: 'always' }] }], backendRefs: [{ name: 'api-canary', port: 8081 }] },
      {
        filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'api-canary', port: 8081 }, percent: 25 } }],
        backendRefs: [{ name: 'api-stable', port: 8081, weight: 100 }, { name: 'api-canary', port: 8081, weight: 0 }],
      },
    ]);
    // Two canary pods: a mirror of every request beside a 10% weight is 1.1 times a stable pod's load.
    const mirrorOf = (mirrorPercent: number) => rules(buildCanary(canaryProps({
      canary: { image: CANARY_IMAGE, weight: 10, replicas: 2 }, routing: CanaryRouting.gatewayApi({ gateway: 'public', mirrorPercent }),
    })))[0].filters[0].requestMirror;
    // A share with decimals is a fraction out of 100 * 10^decimals; 100 is the Gateway API's default (no field).
    expect(mirrorOf(12.5)).toEqual({ backendRef: { name: 'api-canary', port: 80 }, fraction: { numerator: 125, denominator: 1000 } });
    expect(mirrorOf(0.0001)).toEqual({ backendRef: { name: 'api-canary', port: 80 }, fraction: { numerator: 1, denominator: 1000000 } });
    expect(mirrorOf(0.29)).toEqual({ backendRef: { name: 'api-canary', port: 80 }, fraction: { numerator: 29, denominator: 10000 } });
    expect(mirrorOf(100)).toEqual({ backendRef: { name: 'api-canary', port: 80 } });
    expect(mirrorOf(1)).toEqual({ backendRef: { name: 'api-canary', port: 80 }, percent: 1 });
    // Named versions keep their weights; only the canary is mirrored to.
    const versions = buildCanary(canaryProps({ versions: { v3: { image: CANARY_IMAGE.replace('api', 'api-v3'), weight: 5 } }, routing: CanaryRouting.gatewayApi({ gateway: 'public', mirrorPercent: 50 }) }));
    expect(rules(versions)).toEqual([{
      filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'api-canary', port: 80 }, percent: 50 } }],
      backendRefs: [{ name: 'api-stable', port: 80, weight: 85 }, { name: 'api-canary', port: 80, weight: 10 }, { name: 'api-v3', port: 80, weight: 5 }],
    }]);
  });

  it('mirroring: Istio and the Gateway API take mirrorPercent, the same checks; the routings that cannot mirror say so', () => {
    for (const routing of [CanaryRouting.istio({ mirrorPercent: 101 }), CanaryRouting.gatewayApi({ gateway: 'public', mirrorPercent: 101 })]) {
      expect(() => buildCanary(canaryProps({ routing }))).toThrow('routing.mirrorPercent: 101 must be a percentage above 0 and at most 100');
    }
    for (const routing of [CanaryRouting.istio({ mirrorPercent: 5 }), CanaryRouting.gatewayApi({ gateway: 'public', mirrorPercent: 5 })]) {
      expect(() => buildCanary(canaryProps({ routing, canary: undefined }))).toThrow('routing.mirrorPercent: mirrors to the canary, but there is no canary track');
    }
    expect(() => buildCanary(canaryProps({ routing: CanaryRouting.gatewayApi({ gateway: 'public', mirrorPercent: 1.23456 }) })))
      .toThrow('routing.mirrorPercent: 1.23456 has more than 4 decimals');
    const cannot: Array<[Kind, CanaryRouting, Partial<CanaryReleaseProps>]> = [
      ['ingress-nginx', CanaryRouting.ingressNginx({ hosts: ['api.example.com'], mirrorPercent: 5 } as any), {}],
      ['traefik', CanaryRouting.traefik({ hosts: ['api.example.com'], mirrorPercent: 5 } as any), {}],
      ['replica-ratio', CanaryRouting.replicaRatio({ mirrorPercent: 5 } as any), {}],
      ['blue-green', CanaryRouting.blueGreen({ mirrorPercent: 5 } as any), {}],
      ['argo-rollouts-ingress-nginx', CanaryRouting.argoRolloutsIngressNginx({ hosts: ['api.example.com'], mirrorPercent: 5 } as any), { canary: undefined }],
      ['argo-rollouts-gateway-api', CanaryRouting.argoRolloutsGatewayApi({ gateway: 'public', mirrorPercent: 5 } as any), { canary: undefined }],
      ['flagger', CanaryRouting.flagger({ mirrorPercent: 5 } as any), { canary: undefined }],
    ];
    for (const [kind, routing, rest] of cannot) {
      expect(() => buildCanary(canaryProps({ routing, ...rest })))
        .toThrow(`routing.mirrorPercent: unknown property: ${kind} routing cannot mirror requests (CanaryRouting.istio() and .gatewayApi() can)`);
    }
  });
});

describe('CanaryRelease weights finer than a percent (ingress-nginx canary-weight-total, Traefik relative weights)', () => {
  const nginx = (weight: number) => buildCanary(canaryProps({ canary: { image: CANARY_IMAGE, weight }, routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }) }));
  const traefik = (weight: number) => buildCanary(canaryProps({ canary: { image: CANARY_IMAGE, weight }, routing: CanaryRouting.traefik({ hosts: ['api.example.com'] }) }));
  const weights = (m: CanaryReleaseManifest) => (m.traefikService!.spec as any).weighted.services.map((s: any) => s.weight);
  const annotations = (m: CanaryReleaseManifest) => Object.fromEntries(Object.entries(m.ingresses[1].metadata!.annotations!).filter(([k]) => k.includes('weight')));

  it.each([[0.5, '50'], [12.25, '1225'], [0.29, '29'], [99.99, '9999']])('ingress-nginx %s%%: canary-weight %s of canary-weight-total 10000', (w, canary) => {
    expect(annotations(nginx(w))).toEqual({ 'nginx.ingress.kubernetes.io/canary-weight': canary, 'nginx.ingress.kubernetes.io/canary-weight-total': '10000' });
    expect(nginx(w).achievedWeight).toBe(w);
  });

  it('ingress-nginx: a whole percent keeps canary-weight alone (out of ingress-nginx\'s default total, 100)', () => {
    expect(annotations(nginx(10))).toEqual({ 'nginx.ingress.kubernetes.io/canary-weight': '10' });
  });

  it('Traefik: 0.5% is 9950 to 50; a whole percent stays out of 100', () => {
    expect(weights(traefik(0.5))).toEqual([9950, 50]);
    expect(weights(traefik(12.25))).toEqual([8775, 1225]);
    expect(weights(traefik(10))).toEqual([90, 10]);
  });

  it.each([
    ['ingress-nginx', CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }), 0.125, 'canary.weight: 0.125 has more than 2 decimals: ingress-nginx routing splits in steps of 0.01%'],
    ['Traefik', CanaryRouting.traefik({ hosts: ['api.example.com'] }), 100.5, 'canary.weight: 100.5 is out of range: must be between 0 and 100'],
    ['Istio', CanaryRouting.istio(), 0.5, 'canary.weight: must be an integer, got 0.5'],
    ['Gateway API', CanaryRouting.gatewayApi({ gateway: 'public' }), 0.5, 'canary.weight: must be an integer, got 0.5'],
  ])('%s refuses a weight it cannot express', (_, routing, weight, message) => {
    expect(() => buildCanary(canaryProps({ canary: { image: CANARY_IMAGE, weight }, routing }))).toThrow(message);
  });
});

describe('CanaryRelease Traefik', () => {
  it('a weighted TraefikService over the per-track Services, and an IngressRoute with Host() and HostRegexp() rules, entry points and TLS', () => {
    const m = buildCanary(canaryProps({ routing: ROUTINGS['traefik, hosts and a wildcard, entry points, TLS, controller namespace'].routing() }));
    expect(m.traefikService!.spec).toEqual({
      weighted: { services: [{ name: 'api-stable', kind: 'Service', port: 80, weight: 90 }, { name: 'api-canary', kind: 'Service', port: 80, weight: 10 }] },
    });
    expect(m.ingressRoute!.spec).toEqual({
      entryPoints: ['websecure', 'internal_tls'],
      routes: [{ kind: 'Rule', match: 'Host(`api.example.com`) || HostRegexp(`^[a-z0-9-]+\\.api\\.example\\.org$`)', services: [{ name: 'api', kind: 'TraefikService' }] }],
      tls: { secretName: 'api-tls' },
    });
    // The wildcard's regex matches one label in its place, and only under the domain.
    const regex = new RegExp(/HostRegexp\(`(.*)`\)/.exec((m.ingressRoute!.spec as any).routes[0].match)![1]);
    expect(['a.api.example.org', 'x-1.api.example.org'].every((h) => regex.test(h))).toBe(true);
    expect(['api.example.org', 'a.b.api.example.org', 'a.apixexample.org', 'a.api.example.org.evil'].some((h) => regex.test(h))).toBe(false);
    expect(m.networkPolicy.spec!.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
  });

  it('defaults: every entry point, no TLS, Traefik\'s namespace admitted; the host "*" matches every request', () => {
    const m = buildCanary(canaryProps({ routing: CanaryRouting.traefik({ hosts: ['*'] }) }));
    expect(m.ingressRoute!.spec).toEqual({ routes: [{ kind: 'Rule', match: 'PathPrefix(`/`)', services: [{ name: 'api', kind: 'TraefikService' }] }] });
    expect(m.networkPolicy.spec!.ingress!.at(-1)!.from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }]);
  });
});

describe('CanaryRelease replica ratio', () => {
  const ratio = (weight: number, totalReplicas?: number) => buildCanary(canaryProps({
    canary: { image: CANARY_IMAGE, weight },
    routing: CanaryRouting.replicaRatio(totalReplicas === undefined ? {} : { totalReplicas }),
  }));
  const counts = (m: CanaryReleaseManifest) => m.deployments.map((d) => d.spec!.replicas);

  it('27% next to 4 stable replicas: 1 canary pod, 20% achieved, and a warning that says why and what to do', () => {
    const m = ratio(27);
    expect(counts(m)).toEqual([4, 1]);
    expect(m.achievedWeight).toBe(20);
    expect(m.warnings).toEqual([
      'canary weight 27% is not reachable with 4 stable replicas: 1 canary pod next to 4 give 20%; raise routing.totalReplicas or use a router (Istio, ingress-nginx, Gateway API) for a precise split',
    ]);
  });

  it.each([
    // [weight, total, stable, canary, achieved]
    [25, 3, 3, 1, 25],
    [25, 4, 4, 1, 20],
    [50, 4, 4, 4, 50],
    [27, 73, 73, 27, 27],
    [10, 9, 9, 1, 10],
    [10, 10, 10, 1, 9.09],
    [1, 4, 4, 1, 20],
    [99, 4, 4, 396, 99],
    [33, 3, 3, 1, 25],
    [0, 4, 4, 0, 0],
  ])('weight %i%% next to %i stable replicas: %i stable, %i canary, %d%% achieved', (weight, total, stable, canary, achieved) => {
    const m = ratio(weight, total);
    expect(counts(m)).toEqual([stable, canary]);
    expect(m.achievedWeight).toBe(achieved);
    expect(m.warnings.length).toBe(achieved === weight ? 0 : 1);
    // One Service over both tracks: the split is the pod ratio.
    expect(m.services.map((s) => s.spec!.selector)).toEqual([{ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' }]);
  });

  it('never scales stable with the weight: any change of weight, up or down, only adds or removes canary pods', () => {
    const weights = [0, 1, 5, 10, 25, 33, 50, 75, 90];
    for (const from of weights) {
      for (const to of weights) {
        const [before, after] = [ratio(from, 10), ratio(to, 10)];
        // Stable's pods are never touched, so the ready pods never fall below min(before, after).
        expect(after.deployments[0].spec!.replicas).toBe(before.deployments[0].spec!.replicas);
        expect(JSON.stringify(after.deployments[0])).toBe(JSON.stringify(before.deployments[0]));
      }
    }
  });

  it('keeps a canary pod for any positive weight; refuses 100 (promote instead) and a weight that needs more than 1000 canary pods', () => {
    expect(counts(ratio(1, 20))).toEqual([20, 1]);
    expect(() => ratio(100, 2)).toThrow(/canary.weight: is 100: with replica-ratio routing stable keeps its 2 pods throughout a release/);
    expect(() => ratio(99, 20)).toThrow(/canary.weight: 99% needs 1980 canary pods next to 20 stable ones \(at most 1000\)/);
  });
});

describe('CanaryRelease blue/green', () => {
  const bg = (active?: 'stable' | 'canary') => buildCanary(canaryProps({ canary: { image: CANARY_IMAGE }, routing: CanaryRouting.blueGreen(active ? { active } : {}) }));

  it('deploys both colours at full size; the main Service selects the active one, the preview Service the other', () => {
    const m = bg();
    expect(m.deployments.map((d) => [d.metadata!.name, d.spec!.replicas])).toEqual([['api-stable', 2], ['api-canary', 2]]);
    expect(m.services.map((s) => [s.metadata!.name, s.spec!.selector![TRACK_LABEL]])).toEqual([['api', 'stable'], ['api-preview', 'canary']]);
    expect(m.achievedWeight).toBe(0);
    const sized = buildCanary(canaryProps({ stable: { replicas: 6 }, canary: { image: CANARY_IMAGE }, routing: CanaryRouting.blueGreen() }));
    expect(sized.deployments.map((d) => d.spec!.replicas)).toEqual([6, 6]);
  });

  it('switching is a props change to the Services only: the Deployments and PDBs stay byte-identical', () => {
    const before = bg('stable');
    const after = bg('canary');
    expect(after.services.map((s) => [s.metadata!.name, s.spec!.selector![TRACK_LABEL]])).toEqual([['api', 'canary'], ['api-preview', 'stable']]);
    expect(after.achievedWeight).toBe(100);
    expect(JSON.stringify(after.deployments)).toBe(JSON.stringify(before.deployments));
    expect(JSON.stringify(after.podDisruptionBudgets)).toBe(JSON.stringify(before.podDisruptionBudgets));
    expect(JSON.stringify(after.networkPolicy)).toBe(JSON.stringify(before.networkPolicy));
    const changed = objectsOf(after).filter((o, i) => JSON.stringify(o) !== JSON.stringify(objectsOf(before)[i])).map((o) => `${o.kind}/${o.metadata!.name}`);
    expect(changed).toEqual(['Service/api', 'Service/api-preview']);
  });

  it('without a canary: one Service over stable and no preview', () => {
    const m = buildCanary(canaryProps({ canary: undefined, routing: CanaryRouting.blueGreen() }));
    expect(m.services.map((s) => s.metadata!.name)).toEqual(['api']);
  });

  it('retires the idle colour (replicas 0): no pods and no preview Service; the active colour keeps its count, its Deployment and its selector', () => {
    const live = buildCanary(canaryProps({ stable: { replicas: 4 }, canary: { image: CANARY_IMAGE }, routing: CanaryRouting.blueGreen({ active: 'canary' }) }));
    const retired = buildCanary(canaryProps({ stable: { replicas: 0 }, canary: { image: CANARY_IMAGE, replicas: 4 }, routing: CanaryRouting.blueGreen({ active: 'canary' }) }));
    expect(retired.deployments.map((d) => [d.metadata!.name, d.spec!.replicas])).toEqual([['api-stable', 0], ['api-canary', 4]]);
    expect(retired.services.map((s) => [s.metadata!.name, s.spec!.selector![TRACK_LABEL]])).toEqual([['api', 'canary']]);
    expect(JSON.stringify(retired.deployments[1])).toBe(JSON.stringify(live.deployments[1]));
    expect(retired.deployments[0].spec!.selector).toEqual(live.deployments[0].spec!.selector);
    const canaryRetired = buildCanary(canaryProps({
      stable: { replicas: 4 }, canary: { image: CANARY_IMAGE, replicas: 0 }, routing: CanaryRouting.blueGreen(),
    }));
    expect(canaryRetired.services.map((s) => s.metadata!.name)).toEqual(['api']);
    expect(canaryConsistencyProblems(canaryJson(retired), { api: ['canary'] })).toEqual([]);
  });

  it('refuses retiring the active colour, and retiring stable without the canary\'s count written out (it defaults to stable\'s)', () => {
    const stableRetired = canaryProps({ stable: { replicas: 0 }, canary: { image: CANARY_IMAGE, replicas: 4 }, routing: CanaryRouting.blueGreen() });
    expect(() => buildCanary(stableRetired))
      .toThrow(/stable\.replicas: is 0, but stable is the active colour \(routing\.active\): the Service "api" would select no pods; switch routing\.active to the other colour first/);
    expect(() => buildCanary(canaryProps({ canary: { image: CANARY_IMAGE, replicas: 0 }, routing: CanaryRouting.blueGreen({ active: 'canary' }) })))
      .toThrow(/canary\.replicas: is 0, but canary is the active colour/);
    expect(() => buildCanary(canaryProps({ stable: { replicas: 0 }, canary: { image: CANARY_IMAGE }, routing: CanaryRouting.blueGreen({ active: 'canary' }) })))
      .toThrow(/canary\.replicas: is required when stable is retired \(stable\.replicas 0\)/);
    // Other routings: every track serves, so none may have 0 pods.
    expect(() => buildCanary(canaryProps({ canary: { image: CANARY_IMAGE, replicas: 0 } }))).toThrow(/canary\.replicas: 0 is out of range: must be between 1 and 10000/);
  });
});

describe('CanaryRelease Argo Rollouts output', () => {
  const m = buildCanary(canaryProps({ canary: undefined, routing: CanaryRouting.argoRollouts() }));
  const rollout = m.rollout as any;

  it('emits a Rollout instead of Deployments, one PDB, and the DestinationRule and VirtualService it drives', () => {
    expect(m.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/api', 'NetworkPolicy/api', 'Service/api', 'AnalysisTemplate/api', 'Rollout/api', 'PodDisruptionBudget/api', 'DestinationRule/api', 'VirtualService/api',
    ]);
    expect(m.deployments).toEqual([]);
  });

  it('references the VirtualService route `primary` and the stable/canary subsets, and steps through the weights with pauses', () => {
    expect(rollout.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(rollout.spec.strategy.canary.trafficRouting).toEqual({
      istio: {
        virtualService: { name: 'api', routes: ['primary'] },
        destinationRule: { name: 'api', canarySubsetName: 'canary', stableSubsetName: 'stable' },
      },
    });
    expect(rollout.spec.strategy.canary.steps).toEqual([
      { setWeight: 10 }, { pause: { duration: '10m' } },
      { setWeight: 25 }, { pause: { duration: '10m' } },
      { setWeight: 50 }, { pause: { duration: '10m' } },
    ]);
    const routeNames = (m.virtualService!.spec as any).http.map((h: any) => h.name);
    expect(routeNames).toEqual(rollout.spec.strategy.canary.trafficRouting.istio.virtualService.routes);
    const subsets = (m.destinationRule!.spec as any).subsets.map((s: any) => s.name);
    expect(subsets).toEqual(['stable', 'canary']);
  });

  it('leaves the subsets\' labels to the controller and the route at 100/0 for it to move', () => {
    expect((m.destinationRule!.spec as any).subsets).toEqual([{ name: 'stable', labels: {} }, { name: 'canary', labels: {} }]);
    expect((m.virtualService!.spec as any).http[0].route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['stable', 100], ['canary', 0]]);
  });

  it('has one pod template without the track label, selected by name and instance, spread per Argo revision', () => {
    expect(rollout.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } });
    expect(Object.keys(rollout.spec.template.metadata.labels)).not.toContain(TRACK_LABEL);
    expect(rollout.spec.template.spec.topologySpreadConstraints.map((t: any) => t.matchLabelKeys)).toEqual([['rollouts-pod-template-hash'], ['rollouts-pod-template-hash']]);
    expect(rollout.spec).toMatchObject({ replicas: 2, minReadySeconds: 5, progressDeadlineSeconds: 600, revisionHistoryLimit: 5 });
  });

  it('custom steps with a manual pause (an empty pause waits for `kubectl argo rollouts promote`)', () => {
    const custom = buildCanary(canaryProps({ canary: undefined, routing: CanaryRouting.argoRollouts({ steps: [5, 50], pause: 'manual' }) })).rollout as any;
    expect(custom.spec.strategy.canary.steps).toEqual([{ setWeight: 5 }, { pause: {} }, { setWeight: 50 }, { pause: {} }]);
    const timed = buildCanary(canaryProps({
      canary: undefined,
      routing: CanaryRouting.argoRollouts({ steps: [20], pause: Duration.minutes(5) }),
    })).rollout as any;
    expect(timed.spec.strategy.canary.steps).toEqual([{ setWeight: 20 }, { pause: { duration: '300s' } }]);
  });

  it('an autoscaled Rollout: the HPA targets the Rollout, which leaves replicas to it', () => {
    const scaled = buildCanary(canaryProps({
      canary: undefined,
      stable: { autoscaling: { maxReplicas: 8 } },
      routing: CanaryRouting.argoRollouts(),
    }));
    expect(scaled.horizontalPodAutoscalers[0].spec!.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'api' });
    expect((scaled.rollout!.spec as any).replicas).toBeUndefined();
  });
});

describe('CanaryRelease per-track autoscaling and budgets', () => {
  it('each track has its own HPA targeting its own Deployment, which omits replicas', () => {
    const m = buildCanary(canaryProps({
      stable: { autoscaling: { maxReplicas: 10 } },
      canary: { image: CANARY_IMAGE, weight: 20, autoscaling: { minReplicas: 1, maxReplicas: 4 } },
    }));
    expect(m.horizontalPodAutoscalers.map((h) => [h.metadata!.name, h.spec!.scaleTargetRef.name, h.spec!.minReplicas, h.spec!.maxReplicas])).toEqual([
      ['api-stable', 'api-stable', 2, 10],
      ['api-canary', 'api-canary', 1, 4],
    ]);
    for (const d of m.deployments) expect('replicas' in d.spec!).toBe(false);
  });

  it('each track scales on its own metrics: custom metrics alone drop the CPU default, cpuUtilization keeps it', () => {
    const m = buildCanary(canaryProps({
      stable: { autoscaling: { maxReplicas: 10, cpuUtilization: 70, metrics: [Metric.pods('http_requests_per_second', { averageValue: '100' })] } },
      canary: { image: CANARY_IMAGE, weight: 20, autoscaling: { minReplicas: 1, maxReplicas: 4, metrics: [Metric.external('queue', { value: '30' })] } },
    }));
    expect(m.horizontalPodAutoscalers.map((h) => h.spec!.metrics!.map((x) => x.type))).toEqual([['Resource', 'Pods'], ['External']]);
  });

  it('a one-pod canary\'s budget allows its eviction: drains never block', () => {
    const m = buildCanary(canaryProps());
    const canaryPdb = m.podDisruptionBudgets.find((p) => p.metadata!.name === 'api-canary')!;
    expect(canaryPdb.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', [TRACK_LABEL]: 'canary' } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    expect(container(m, 'canary').image).toBe(CANARY_IMAGE);
  });

  it('qos Guaranteed applies to both tracks, the canary\'s own resources included', () => {
    const m = buildCanary(canaryProps({
      qos: 'Guaranteed',
      containers: [{ image: STABLE_IMAGE, resources: { cpu: { request: Quantity.millicores(300) } } }],
      canary: { image: STABLE_IMAGE, version: 'exp-1', weight: 10, resources: { cpu: { limit: '500m' }, memory: { limit: '256Mi' } } },
    }));
    expect(container(m, 'stable').resources).toEqual({ requests: { cpu: '300m', memory: '128Mi' }, limits: { cpu: '300m', memory: '128Mi' } });
    expect(container(m, 'canary').resources).toEqual({ requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(() => buildCanary(canaryProps({
      qos: 'Guaranteed',
      canary: { image: STABLE_IMAGE, version: 'exp-1', weight: 10, resources: { cpu: { request: '100m', limit: '1' } } },
    }))).toThrow(/canary\.resources\.cpu\.limit: 1 is above the request 100m: qos 'Guaranteed'/);
  });

  it('a canary that differs by env and resources overrides only the first container\'s', () => {
    const m = buildCanary(canaryProps({
      containers: [{ image: STABLE_IMAGE, env: { A: '1', B: '2' } }, { name: 'proxy', image: IMAGE_SIDECAR, ports: [] }],
      canary: { image: STABLE_IMAGE, version: 'exp-1', env: { B: '3', C: '4' }, resources: { memory: { request: Quantity.mebibytes(512) } } },
    }));
    expect(container(m, 'stable').env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(container(m, 'canary').env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }]);
    expect(container(m, 'canary').resources).toMatchObject({ requests: { memory: '512Mi' }, limits: { memory: '512Mi' } });
    const sidecars = m.deployments.map((d) => JSON.stringify(d.spec!.template.spec!.containers[1]));
    expect(sidecars[0]).toBe(sidecars[1]);
    expect(m.deployments[1].spec!.template.metadata!.labels!['app.kubernetes.io/version']).toBe('exp-1');
  });
});

describe('CanaryRelease app.kubernetes.io/version per track', () => {
  const version = (m: CanaryReleaseManifest, track: string) => m.deployments.find((d) => d.metadata!.name === `api-${track}`)!.spec!.template.metadata!.labels!['app.kubernetes.io/version'];
  const selectors = (m: CanaryReleaseManifest) => JSON.stringify([
    m.selector,
    ...m.deployments.map((d) => d.spec!.selector),
    ...m.services.map((s) => s.spec!.selector),
    ...m.podDisruptionBudgets.map((p) => p.spec!.selector),
  ]);

  it.each<[string, Partial<CanaryReleaseProps>]>([
    ['images that differ only by repository', { canary: { image: 'ghcr.io/acme/api-experimental:1.4.2', weight: 10 } }],
    ['images that differ only by registry', { canary: { image: 'registry.example.com/acme/api:1.4.2', weight: 10 } }],
    ['the same image with other env', { canary: { image: STABLE_IMAGE, env: { CACHE: 'on' }, weight: 10 } }],
    ['the same image with other resources', { canary: { image: STABLE_IMAGE, resources: { memory: { request: Quantity.mebibytes(512) } }, weight: 10 } }],
  ])('%s: the canary is labelled <stable\'s version>-canary, only on its pods and objects, never in a selector', (_case, props) => {
    const m = buildCanary(canaryProps(props));
    expect([version(m, 'stable'), version(m, 'canary')]).toEqual(['1.4.2', '1.4.2-canary']);
    expect(m.deployments[1].metadata!.labels!['app.kubernetes.io/version']).toBe('1.4.2-canary');
    // The label is not in any selector: the same selectors as a canary with a distinct tag.
    expect(selectors(m)).toBe(selectors(buildCanary(canaryProps())));
    expect(canaryConsistencyProblems(canaryJson(m), { api: ['canary', 'stable'] })).toEqual([]);
  });

  it('the same when stable\'s version is set and the canary\'s tag equals it; distinct tags and explicit versions are kept', () => {
    const m = buildCanary(canaryProps({ stable: { version: '1.5.0' }, canary: { image: CANARY_IMAGE, weight: 10 } }));
    expect([version(m, 'stable'), version(m, 'canary')]).toEqual(['1.5.0', '1.5.0-canary']);
    const distinct = buildCanary(canaryProps());
    expect([version(distinct, 'stable'), version(distinct, 'canary')]).toEqual(['1.4.2', '1.5.0']);
    const explicit = buildCanary(canaryProps({ canary: { image: 'ghcr.io/acme/api-experimental:1.4.2', version: '1.4.2-exp', weight: 10 } }));
    expect(version(explicit, 'canary')).toBe('1.4.2-exp');
    // Digest-pinned images carry no version: nothing to compare.
    const digest = `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`;
    const digests = buildCanary(canaryProps({ containers: [{ image: digest }], canary: { image: `ghcr.io/acme/api-experimental@sha256:${'b'.repeat(64)}` } }));
    expect([version(digests, 'stable'), version(digests, 'canary')]).toEqual([undefined, undefined]);
  });

  it('refuses a canary version equal to stable\'s, and a derived one that would not fit a label', () => {
    expect(() => buildCanary(canaryProps({ canary: { image: CANARY_IMAGE, version: '1.4.2' } })))
      .toThrow(/canary\.version: "1\.4\.2" is stable's version too: metrics split by version could not tell the tracks apart; give the canary its own/);
    const long = `1.0.0-${'x'.repeat(52)}`;
    expect(() => buildCanary(canaryProps({ containers: [{ image: `ghcr.io/acme/api:${long}` }], canary: { image: `ghcr.io/acme/api-exp:${long}` } })))
      .toThrow(/canary\.version: is required: the canary's image gives stable's version ".*", and ".*-canary" is longer than a label value may be \(63\)/);
  });
});
