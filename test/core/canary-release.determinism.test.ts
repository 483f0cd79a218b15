/**
 * CanaryRelease determinism (same props ⇒ identical output) and upgrade safety: what changes
 * between releases (images, weights, replicas, env, resources, versions) never changes a
 * Deployment's name or selector (immutable in Kubernetes: `kubectl apply` would fail), nor any
 * other selector; and the documented promotion workflow, step by step as props changes, produces
 * the expected objects at each step for every routing. Plus properties of the weight arithmetic.
 */
import fc from 'fast-check';
import {
  CanaryMatch,
  CanaryReleaseManifest,
  CanaryReleaseProps,
  CanaryRouting,
  Duration,
  EnvValue,
  NetworkPeer,
  Port,
  Quantity,
  TRACK_LABEL,
  buildCanaryRelease,
} from '../../lib';
import { CANARY_IMAGE, STABLE_IMAGE, canaryConsistencyProblems, canaryJson, refusal } from '../helpers/canary';
import { schemaProblems } from '../helpers/schema';

const ROUTERS: Record<string, () => CanaryRouting> = {
  'istio': () => CanaryRouting.istio({
    match: [CanaryMatch.headerExact('x-canary', 'always')],
    retries: { attempts: 2, perTryTimeout: Duration.seconds(1) },
    gateways: ['istio-ingress/public'],
    externalHosts: ['api.example.com'],
  }),
  'ingress-nginx': () => CanaryRouting.ingressNginx({ hosts: ['api.example.com'], header: 'X-Canary', tlsSecretName: 'api-tls' }),
  'gateway-api': () => CanaryRouting.gatewayApi({ gateway: 'infra/public', hostnames: ['api.example.com'], headers: { 'x-canary': 'always' } }),
  'traefik': () => CanaryRouting.traefik({ hosts: ['api.example.com', '*.api.example.org'], entryPoints: ['websecure'], tlsSecretName: 'api-tls' }),
  'replica-ratio': () => CanaryRouting.replicaRatio({ totalReplicas: 10 }),
  'blue-green': () => CanaryRouting.blueGreen(),
  'argo-rollouts': () => CanaryRouting.argoRollouts({ steps: [10, 50] }),
};

/** Props exercising most of what a release touches, for one routing. */
function full(kind: string, extra: Partial<CanaryReleaseProps> = {}): CanaryReleaseProps {
  const ratio = kind === 'replica-ratio';
  const props: CanaryReleaseProps = {
    name: 'api',
    namespace: 'shop',
    partOf: 'shop',
    component: 'api',
    labels: { team: 'checkout' },
    containers: [
      {
        image: STABLE_IMAGE,
        ports: [Port.http(8080), Port.http(9901, { name: 'admin', expose: false })],
        env: { B: 'second', A: EnvValue.fromSecret('api-db', 'url') },
        resources: { cpu: { request: Quantity.millicores(250) }, memory: { request: '256Mi' } },
      },
      { name: 'proxy', image: 'ghcr.io/acme/proxy:1.0.0', ports: [] },
    ],
    stable: ratio ? {} : { replicas: 3 },
    canary: kind === 'argo-rollouts' ? undefined : {
      image: CANARY_IMAGE,
      ...(kind === 'blue-green' ? {} : { weight: 20 }),
      env: { FEATURE: 'on' },
      ...(ratio ? {} : { autoscaling: { minReplicas: 1, maxReplicas: 4 } }),
    },
    routing: ROUTERS[kind](),
    allowFrom: [NetworkPeer.pods({ 'app.kubernetes.io/name': 'web' })],
    ...extra,
  };
  return props;
}

/** Everything that must never change between releases: names, selectors, subsets. */
function immutables(m: CanaryReleaseManifest) {
  return {
    deployments: m.deployments.map((d) => [d.metadata!.name, d.spec!.selector]),
    rollout: m.rollout && [m.rollout.metadata.name, (m.rollout.spec as any).selector],
    services: m.services.map((s) => s.metadata!.name),
    budgets: m.podDisruptionBudgets.map((p) => [p.metadata!.name, p.spec!.selector]),
    networkPolicy: m.networkPolicy.spec!.podSelector,
    subsets: m.destinationRule && (m.destinationRule.spec as any).subsets,
    selector: m.selector,
  };
}

/** Selectors of the Services, which only a blue/green switch may change. */
const serviceSelectors = (m: CanaryReleaseManifest) => m.services.map((s) => [s.metadata!.name, s.spec!.selector]);

describe('CanaryRelease determinism', () => {
  it.each(Object.keys(ROUTERS))('%s: the same props build deep-equal, byte-identical output, twice and from one props object', (kind) => {
    const a = buildCanaryRelease(full(kind));
    const b = buildCanaryRelease(full(kind));
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const props = full(kind);
    expect(JSON.stringify(buildCanaryRelease(props))).toBe(JSON.stringify(buildCanaryRelease(props)));
  });

  it('returns fresh objects: mutating one result does not leak into the next', () => {
    const props = full('istio');
    const a = buildCanaryRelease(props);
    (a.deployments[0].spec!.selector.matchLabels as Record<string, string>).x = 'y';
    ((a.destinationRule!.spec as any).subsets[0].labels as Record<string, string>).x = 'y';
    (a.virtualService!.metadata.labels as Record<string, string>).x = 'y';
    const b = buildCanaryRelease(props);
    expect(b.deployments[0].spec!.selector.matchLabels).not.toHaveProperty('x');
    expect((b.destinationRule!.spec as any).subsets[0].labels).not.toHaveProperty('x');
    expect(b.destinationRule!.metadata.labels).not.toHaveProperty('x');
  });
});

/** Release-to-release changes: each must leave every name and selector as it was. */
const CHANGES: Record<string, (kind: string, p: CanaryReleaseProps) => CanaryReleaseProps | undefined> = {
  'a new canary image': (_, p) => (p.canary ? { ...p, canary: { ...p.canary, image: 'ghcr.io/acme/api:1.6.0' } } : undefined),
  'a new weight': (kind, p) => (p.canary && kind !== 'blue-green' ? { ...p, canary: { ...p.canary, weight: 75 } } : undefined),
  'more replicas': (kind, p) => (kind === 'replica-ratio' ? { ...p, routing: CanaryRouting.replicaRatio({ totalReplicas: 20 }) } : { ...p, stable: { replicas: 7 } }),
  'canary env and resources': (_, p) => (p.canary ? { ...p, canary: { ...p.canary, env: { FEATURE: 'off', OTHER: 'x' }, resources: { memory: { request: '1Gi' } } } } : undefined),
  'a new stable image and version': (_, p) => ({ ...p, stable: { ...p.stable, image: 'ghcr.io/acme/api:1.4.3', version: '1.4.3-hotfix' } }),
  'shared env, a sidecar image, labels and annotations': (_, p) => ({
    ...p,
    containers: [{ ...p.containers[0], env: { C: 'third' } }, { ...p.containers[1], image: 'ghcr.io/acme/proxy:1.1.0' }],
    labels: { team: 'payments' },
    podAnnotations: { 'example.com/rev': '2' },
  }),
  'another routing option': (kind, p) => (kind === 'istio' ? { ...p, routing: CanaryRouting.istio({ timeout: Duration.seconds(3), loadBalancer: 'RANDOM' }) } : undefined),
};

describe('CanaryRelease upgrade safety', () => {
  // Only the changes that apply to the routing (Argo Rollouts has no canary prop, blue/green no weight).
  const rows: Array<[string, string]> = [];
  for (const kind of Object.keys(ROUTERS)) {
    for (const change of Object.keys(CHANGES)) if (CHANGES[change](kind, full(kind))) rows.push([kind, change]);
  }

  it('covers every routing', () => {
    expect(new Set(rows.map(([k]) => k))).toEqual(new Set(Object.keys(ROUTERS)));
    expect(rows.length).toBeGreaterThanOrEqual(30);
  });

  it.each(rows)('%s: %s changes no name and no selector', (kind, change) => {
    const before = buildCanaryRelease(full(kind));
    const after = buildCanaryRelease(CHANGES[change](kind, full(kind))!);
    expect(immutables(after)).toEqual(immutables(before));
    expect(serviceSelectors(after)).toEqual(serviceSelectors(before));
    expect(after.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(before.objects.map((o) => `${o.kind}/${o.metadata.name}`));
  });

  it('the track label is in each Deployment\'s selector; the version label never is', () => {
    for (const kind of Object.keys(ROUTERS)) {
      const m = buildCanaryRelease(full(kind));
      for (const d of m.deployments) {
        expect(d.spec!.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', [TRACK_LABEL]: d.metadata!.name!.replace('api-', '') });
      }
      for (const o of [...m.services.map((s) => s.spec!.selector), ...m.podDisruptionBudgets.map((p) => p.spec!.selector!.matchLabels)]) {
        expect(Object.keys(o!)).not.toContain('app.kubernetes.io/version');
      }
    }
  });
});

/** One step of a release: the props, and what must hold of its objects. */
interface Step {
  readonly name: string;
  readonly props: CanaryReleaseProps;
  readonly check: (m: CanaryReleaseManifest) => void;
}

const base = (routing: CanaryRouting, extra: Partial<CanaryReleaseProps> = {}): CanaryReleaseProps => ({
  name: 'api',
  namespace: 'shop',
  containers: [{ image: STABLE_IMAGE }],
  routing,
  ...extra,
});
const image = (m: CanaryReleaseManifest, track: string) => m.deployments.find((d) => d.metadata!.name === `api-${track}`)?.spec!.template.spec!.containers[0].image;
const tracks = (m: CanaryReleaseManifest) => m.deployments.map((d) => d.metadata!.name);
const istioWeights = (m: CanaryReleaseManifest) =>
  (m.virtualService!.spec as any).http.at(-1).route.map((r: any) => [r.destination.subset, r.weight]);

/**
 * The documented promotion: deploy the canary dark, raise its weight, drain it, then promote its
 * image to stable and remove it in one change.
 */
function promotion(
  routing: () => CanaryRouting,
  weights: (m: CanaryReleaseManifest) => unknown,
  expected: { dark: unknown; half: unknown; promoted: unknown },
): Step[] {
  return [
    {
      name: 'stable only',
      props: base(routing()),
      check: (m) => {
        expect(tracks(m)).toEqual(['api-stable']);
        expect(weights(m)).toEqual(expected.promoted);
      },
    },
    {
      name: 'canary deployed dark (weight 0)',
      props: base(routing(), { canary: { image: CANARY_IMAGE, weight: 0 } }),
      check: (m) => {
        expect(tracks(m)).toEqual(['api-stable', 'api-canary']);
        expect(image(m, 'canary')).toBe(CANARY_IMAGE);
        expect(weights(m)).toEqual(expected.dark);
      },
    },
    {
      name: 'weight raised to 50',
      props: base(routing(), { canary: { image: CANARY_IMAGE, weight: 50 } }),
      check: (m) => {
        expect(weights(m)).toEqual(expected.half);
        expect(m.achievedWeight).toBe(50);
      },
    },
    {
      name: 'drained (weight 0)',
      props: base(routing(), { canary: { image: CANARY_IMAGE, weight: 0 } }),
      check: (m) => {
        expect(weights(m)).toEqual(expected.dark);
        expect(m.achievedWeight).toBe(0);
      },
    },
    {
      name: 'promoted: the canary image is stable\'s, the canary removed',
      props: base(routing(), { stable: { image: CANARY_IMAGE } }),
      check: (m) => {
        expect(tracks(m)).toEqual(['api-stable']);
        expect(image(m, 'stable')).toBe(CANARY_IMAGE);
        expect(m.deployments[0].spec!.template.metadata!.labels!['app.kubernetes.io/version']).toBe('1.5.0');
        expect(weights(m)).toEqual(expected.promoted);
        expect(m.achievedWeight).toBe(0);
      },
    },
  ];
}

const WORKFLOWS: Record<string, Step[]> = {
  'istio': promotion(() => CanaryRouting.istio(), istioWeights, {
    dark: [['stable', 100], ['canary', 0]],
    half: [['stable', 50], ['canary', 50]],
    promoted: [['stable', 100]],
  }),
  'ingress-nginx': promotion(() => CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }), (m) => m.ingresses.map((i) => [i.metadata!.name, i.metadata!.annotations?.['nginx.ingress.kubernetes.io/canary-weight'] ?? null]), {
    dark: [['api', null], ['api-canary', '0']],
    half: [['api', null], ['api-canary', '50']],
    promoted: [['api', null]],
  }),
  'gateway-api': promotion(() => CanaryRouting.gatewayApi({ gateway: 'public' }), (m) => (m.httpRoute!.spec as any).rules.at(-1).backendRefs.map((b: any) => [b.name, b.weight ?? null]), {
    dark: [['api-stable', 100], ['api-canary', 0]],
    half: [['api-stable', 50], ['api-canary', 50]],
    promoted: [['api-stable', null]],
  }),
  'traefik': promotion(() => CanaryRouting.traefik({ hosts: ['api.example.com'] }), (m) => (m.traefikService!.spec as any).weighted.services.map((s: any) => [s.name, s.weight]), {
    dark: [['api-stable', 100], ['api-canary', 0]],
    half: [['api-stable', 50], ['api-canary', 50]],
    promoted: [['api-stable', 100]],
  }),
  'replica-ratio': promotion(() => CanaryRouting.replicaRatio(), (m) => m.deployments.map((d) => [d.metadata!.name, d.spec!.replicas]), {
    // Stable keeps its 4 pods throughout; the canary's come on top.
    dark: [['api-stable', 4], ['api-canary', 0]],
    half: [['api-stable', 4], ['api-canary', 4]],
    promoted: [['api-stable', 4]],
  }),
  'istio with a drain step before the promotion (the runbook\'s safe order for subset removal)': [
    { name: 'weight 50', props: base(CanaryRouting.istio(), { canary: { image: CANARY_IMAGE, weight: 50 } }), check: (m) => expect(istioWeights(m)).toEqual([['stable', 50], ['canary', 50]]) },
    {
      name: 'drained: weight 0, the canary still deployed and its subset still defined',
      props: base(CanaryRouting.istio(), { canary: { image: CANARY_IMAGE, weight: 0 } }),
      check: (m) => {
        expect(istioWeights(m)).toEqual([['stable', 100], ['canary', 0]]);
        expect((m.destinationRule!.spec as any).subsets.map((s: any) => s.name)).toEqual(['stable', 'canary']);
      },
    },
    {
      name: 'promoted',
      props: base(CanaryRouting.istio(), { stable: { image: CANARY_IMAGE } }),
      check: (m) => {
        expect(istioWeights(m)).toEqual([['stable', 100]]);
        // The subset stays: no route names it, and removing it could race a route that still did.
        expect((m.destinationRule!.spec as any).subsets.map((s: any) => s.name)).toEqual(['stable', 'canary']);
        expect(image(m, 'stable')).toBe(CANARY_IMAGE);
      },
    },
  ],
  'rollback: weight back to 0, then the canary removed': [
    { name: 'weight 25', props: base(CanaryRouting.istio(), { canary: { image: CANARY_IMAGE, weight: 25 } }), check: (m) => expect(m.achievedWeight).toBe(25) },
    { name: 'weight 0', props: base(CanaryRouting.istio(), { canary: { image: CANARY_IMAGE, weight: 0 } }), check: (m) => expect(istioWeights(m)).toEqual([['stable', 100], ['canary', 0]]) },
    {
      name: 'canary removed, stable untouched',
      props: base(CanaryRouting.istio()),
      check: (m) => {
        expect(tracks(m)).toEqual(['api-stable']);
        expect(image(m, 'stable')).toBe(STABLE_IMAGE);
      },
    },
  ],
  'blue/green: preview, switch, retire the idle colour, next release into it, switch back, drop the idle colour': [
    { name: 'blue (stable) only', props: base(CanaryRouting.blueGreen()), check: (m) => expect(m.services.map((s) => s.metadata!.name)).toEqual(['api']) },
    {
      name: 'green (canary) deployed at full size, reachable on the preview Service',
      props: base(CanaryRouting.blueGreen(), { canary: { image: CANARY_IMAGE } }),
      check: (m) => {
        expect(serviceSelectors(m).map(([n, s]) => [n, (s as any)[TRACK_LABEL]])).toEqual([['api', 'stable'], ['api-preview', 'canary']]);
        expect(m.deployments.map((d) => d.spec!.replicas)).toEqual([2, 2]);
      },
    },
    {
      name: 'switched: green takes all traffic',
      props: base(CanaryRouting.blueGreen({ active: 'canary' }), { canary: { image: CANARY_IMAGE } }),
      check: (m) => {
        expect(serviceSelectors(m).map(([n, s]) => [n, (s as any)[TRACK_LABEL]])).toEqual([['api', 'canary'], ['api-preview', 'stable']]);
        expect(m.achievedWeight).toBe(100);
      },
    },
    {
      name: 'blue retired while green is live: no pods, no preview Service; green keeps its count',
      props: base(CanaryRouting.blueGreen({ active: 'canary' }), { stable: { replicas: 0 }, canary: { image: CANARY_IMAGE, replicas: 2 } }),
      check: (m) => {
        expect(m.deployments.map((d) => [d.metadata!.name, d.spec!.replicas])).toEqual([['api-stable', 0], ['api-canary', 2]]);
        expect(serviceSelectors(m).map(([n, s]) => [n, (s as any)[TRACK_LABEL]])).toEqual([['api', 'canary']]);
      },
    },
    {
      name: 'next release into the idle colour (stable), on the preview Service',
      props: base(CanaryRouting.blueGreen({ active: 'canary' }), { stable: { image: 'ghcr.io/acme/api:1.6.0', replicas: 2 }, canary: { image: CANARY_IMAGE, replicas: 2 } }),
      check: (m) => {
        expect(image(m, 'stable')).toBe('ghcr.io/acme/api:1.6.0');
        expect(serviceSelectors(m).map(([n, s]) => [n, (s as any)[TRACK_LABEL]])).toEqual([['api', 'canary'], ['api-preview', 'stable']]);
      },
    },
    {
      name: 'switched back: stable active',
      props: base(CanaryRouting.blueGreen({ active: 'stable' }), { stable: { image: 'ghcr.io/acme/api:1.6.0', replicas: 2 }, canary: { image: CANARY_IMAGE, replicas: 2 } }),
      check: (m) => expect(serviceSelectors(m).map(([n, s]) => [n, (s as any)[TRACK_LABEL]])).toEqual([['api', 'stable'], ['api-preview', 'canary']]),
    },
    {
      name: 'idle colour dropped',
      props: base(CanaryRouting.blueGreen(), { stable: { image: 'ghcr.io/acme/api:1.6.0', replicas: 2 } }),
      check: (m) => {
        expect(tracks(m)).toEqual(['api-stable']);
        expect(m.services.map((s) => s.metadata!.name)).toEqual(['api']);
      },
    },
  ],
  'argo rollouts: a new image on stable is the whole release': [
    { name: 'v1', props: base(CanaryRouting.argoRollouts()), check: (m) => expect((m.rollout!.spec as any).template.spec.containers[0].image).toBe(STABLE_IMAGE) },
    {
      name: 'v2: the controller runs it as the canary through the steps',
      props: base(CanaryRouting.argoRollouts(), { stable: { image: CANARY_IMAGE } }),
      check: (m) => {
        expect((m.rollout!.spec as any).template.spec.containers[0].image).toBe(CANARY_IMAGE);
        expect(istioWeights(m)).toEqual([['stable', 100], ['canary', 0]]);
      },
    },
  ],
};

describe('CanaryRelease promotion and rollback workflows', () => {
  it.each(Object.keys(WORKFLOWS))('%s: each step is valid, as expected and safe after the one before; selectors never change', (workflow) => {
    const steps = WORKFLOWS[workflow];
    let selectors: unknown;
    let previous: readonly unknown[] | undefined;
    for (const step of steps) {
      const m = buildCanaryRelease(step.props);
      const objects = canaryJson(m);
      // No step sends requests where no pod serves them (the check a cdk8s pipeline runs).
      if (previous) expect({ step: step.name, refused: refusal(previous, objects) }).toEqual({ step: step.name, refused: [] });
      previous = objects;
      expect({ step: step.name, schema: schemaProblems(objects) }).toEqual({ step: step.name, schema: [] });
      step.check(m);
      // The stable Deployment (or the Rollout) keeps its name and selector from the first step to the last.
      const stable = m.rollout
        ? [m.rollout.metadata.name, (m.rollout.spec as any).selector]
        : [m.deployments[0].metadata!.name, m.deployments[0].spec!.selector];
      const now = { stable, workload: m.selector, networkPolicy: m.networkPolicy.spec!.podSelector, canary: m.deployments[1]?.spec!.selector };
      if (selectors === undefined) selectors = now;
      expect({ ...now, canary: undefined }).toEqual({ ...(selectors as object), canary: undefined });
      if (now.canary) expect(now.canary).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api', [TRACK_LABEL]: 'canary' } });
      const tracksByService = Object.fromEntries(m.services.map((s) => [s.metadata!.name!, expectedTracks(m, s.metadata!.name!)]));
      expect(canaryConsistencyProblems(objects, tracksByService)).toEqual([]);
    }
  });
});

/** Which tracks a Service of this manifest must select (the Service's own name and the routing tell). */
function expectedTracks(m: CanaryReleaseManifest, service: string): string[] {
  const hasCanary = m.deployments.length === 2;
  const active = m.achievedWeight === 100 && !m.virtualService && !m.httpRoute && m.ingresses.length === 0 ? 'canary' : 'stable';
  if (service.endsWith('-stable')) return ['stable'];
  if (service.endsWith('-canary')) return ['canary'];
  if (service.endsWith('-preview')) return [active === 'stable' ? 'canary' : 'stable'];
  const blueGreen = m.services.some((s) => s.metadata!.name === 'api-preview') || (m.services.length === 1 && m.services[0].spec!.selector![TRACK_LABEL] !== undefined);
  if (blueGreen) return [active];
  return hasCanary ? ['canary', 'stable'] : ['stable'];
}

describe('property: weights', () => {
  it('a router (Istio, ingress-nginx, Gateway API) achieves any integer weight exactly, and the routes sum to 100', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.constantFrom('istio', 'ingress-nginx', 'gateway-api'), (weight, kind) => {
      // The canary's capacity grows with its weight (one pod per 50%), or it would be overloaded.
      const m = buildCanaryRelease({ ...full(kind), canary: { image: CANARY_IMAGE, weight, replicas: Math.max(1, Math.ceil(weight / 50)) } });
      expect(m.achievedWeight).toBe(weight);
      expect(m.warnings).toEqual([]);
      if (kind === 'istio') expect(istioWeights(m).reduce((a: number, [, w]: [string, number]) => a + w, 0)).toBe(100);
      if (kind === 'gateway-api') expect((m.httpRoute!.spec as any).rules.at(-1).backendRefs.reduce((a: number, b: any) => a + b.weight, 0)).toBe(100);
      if (kind === 'ingress-nginx') expect(m.ingresses[1].metadata!.annotations!['nginx.ingress.kubernetes.io/canary-weight']).toBe(String(weight));
    }), { numRuns: 100 });
  });

  it('replica ratio: stable keeps totalReplicas, the canary the nearest count for its weight, the achieved weight reported when it differs', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 2, max: 50 }), (weight, total) => {
      const m = buildCanaryRelease(base(CanaryRouting.replicaRatio({ totalReplicas: total }), { canary: { image: CANARY_IMAGE, weight } }));
      const [stable, canary] = m.deployments.map((d) => d.spec!.replicas!);
      // Stable never depends on the weight: no weight change scales it down.
      expect(stable).toBe(total);
      expect(canary > 0).toBe(weight > 0);
      expect(m.achievedWeight).toBe(Math.round((canary / (total + canary)) * 10000) / 100);
      // The nearest count: within half a pod of total*w/(100-w), unless the minimum of one pod forces more.
      if (canary > 1) expect(Math.abs(canary - (total * weight) / (100 - weight))).toBeLessThanOrEqual(0.5 + 1e-9);
      expect(m.warnings.length).toBe(m.achievedWeight === weight ? 0 : 1);
      if (m.warnings.length) expect(m.warnings[0]).toContain(`canary weight ${weight}% is not reachable with ${total} stable replicas`);
    }), { numRuns: 200 });
  });
});
