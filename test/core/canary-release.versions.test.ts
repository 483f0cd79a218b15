/**
 * CanaryRelease named versions (`versions`): more than two tracks where the router splits traffic
 * over more than two (Istio subsets, Gateway API backendRefs), each version its own Deployment, PDB
 * (and HPA) with its own track label; the other routers refuse them. Adding or removing a version
 * never touches the stable or canary objects (their selectors are immutable), and the output does
 * not depend on the order the versions are written in.
 */
import { CanaryMatch, CanaryReleaseManifest, CanaryReleaseProps, CanaryRouting, KeelsonValidationError, TRACK_LABEL, buildCanaryRelease } from '../../lib';
import { immutableChanges, immutableSnapshot } from '../../lib/core/immutable/compare';
import { CANARY_IMAGE, STABLE_IMAGE, buildCanary, refusal, canaryConsistencyProblems, canaryJson, canaryProps, canaryRestrictedViolations, sharedReferences, yamlAnchors } from '../helpers/canary';
import { paths, validationError } from '../helpers/fixtures';
import { schemaProblems } from '../helpers/schema';

const V3_IMAGE = 'ghcr.io/acme/api-v3:1.4.2';
const V4_IMAGE = 'ghcr.io/acme/api:1.6.0';
const three = (overrides: Partial<CanaryReleaseProps> = {}): CanaryReleaseProps => canaryProps({
  versions: { v3: { image: V3_IMAGE, weight: 20, replicas: 2 } },
  ...overrides,
});
const names = (objects: readonly { kind?: string; metadata?: { name?: string } }[], kind: string) =>
  objects.filter((o) => o.kind === kind).map((o) => o.metadata!.name);
const byName = (m: CanaryReleaseManifest, kind: string, name: string) => m.objects.find((o) => o.kind === kind && o.metadata?.name === name) as any;

/** Valid, hardened, consistent and anchor-free, with the expected Services. */
function expectSound(m: CanaryReleaseManifest, services: Record<string, string[]>): void {
  const objects = canaryJson(m);
  expect(schemaProblems(objects)).toEqual([]);
  expect(canaryRestrictedViolations(objects)).toEqual([]);
  expect(canaryConsistencyProblems(objects, services)).toEqual([]);
  expect(sharedReferences(m.objects)).toEqual([]);
  expect(yamlAnchors(objects)).toEqual([]);
}

describe('CanaryRelease named versions, Istio', () => {
  const m = buildCanary(three());

  it('adds a Deployment and a PDB per version, selected by its own track label, and one Service over every track', () => {
    expect(names(m.objects, 'Deployment')).toEqual(['api-stable', 'api-canary', 'api-v3']);
    expect(names(m.objects, 'PodDisruptionBudget')).toEqual(['api-stable', 'api-canary', 'api-v3']);
    const v3 = byName(m, 'Deployment', 'api-v3');
    expect(v3.spec.replicas).toBe(2);
    expect(v3.spec.selector.matchLabels[TRACK_LABEL]).toBe('v3');
    expect(v3.spec.template.spec.containers[0].image).toBe(V3_IMAGE);
    // Its image tag is stable's version: the version's name tells them apart (as -canary does for the canary).
    expect(v3.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.4.2-v3');
    expectSound(m, { api: ['canary', 'stable', 'v3'] });
  });

  it('a DestinationRule subset per track and a primary route weighted over all: stable takes the rest', () => {
    expect((m.destinationRule!.spec.subsets as any[]).map((s) => [s.name, s.labels[TRACK_LABEL]])).toEqual([['stable', 'stable'], ['canary', 'canary'], ['v3', 'v3']]);
    const primary = (m.virtualService!.spec.http as any[]).find((r) => r.name === 'primary');
    expect(primary.route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['stable', 70], ['canary', 10], ['v3', 20]]);
  });

  it('match routes still go to the canary', () => {
    const matched = buildCanary(three({ routing: CanaryRouting.istio({ match: [CanaryMatch.headerExact('x-canary', 'yes')] }) }));
    const http = matched.virtualService!.spec.http as any[];
    expect(http[0].route).toEqual([{ destination: expect.objectContaining({ subset: 'canary' }) }]);
    expect(http[1].route.map((r: any) => r.weight)).toEqual([70, 10, 20]);
  });

  it('runs without a canary: stable and the versions split the traffic', () => {
    const versions = { v3: { image: V3_IMAGE, weight: 40, replicas: 2 }, v4: { image: V4_IMAGE } };
    const noCanary = buildCanary(three({ canary: undefined, versions }));
    expect(names(noCanary.objects, 'Deployment')).toEqual(['api-stable', 'api-v3', 'api-v4']);
    const primary = (noCanary.virtualService!.spec.http as any[]).find((r) => r.name === 'primary');
    // v4 is dark: its subset is there, no route names it (so removing it later never leaves a route to a missing subset).
    expect(primary.route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['stable', 60], ['v3', 40]]);
    expect((noCanary.destinationRule!.spec.subsets as any[]).map((x) => x.name)).toEqual(['stable', 'canary', 'v3', 'v4']);
    // A version deployed dark starts with one pod, as a canary does.
    expect(byName(noCanary, 'Deployment', 'api-v4').spec.replicas).toBe(1);
    expect(byName(noCanary, 'Deployment', 'api-v4').spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.6.0');
    expectSound(noCanary, { api: ['stable', 'v3', 'v4'] });
  });

  it('a version scales on its own: its HPA targets its Deployment, which omits replicas', () => {
    const scaled = buildCanary(canaryProps({ versions: { v3: { image: V3_IMAGE, weight: 5, autoscaling: { minReplicas: 1, maxReplicas: 3 } } } }));
    expect(names(scaled.objects, 'HorizontalPodAutoscaler')).toEqual(['api-v3']);
    expect(byName(scaled, 'HorizontalPodAutoscaler', 'api-v3').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api-v3' });
    expect(byName(scaled, 'Deployment', 'api-v3').spec.replicas).toBeUndefined();
  });

  it('adding or removing a version leaves the stable and canary workloads byte-identical (no immutable field changes)', () => {
    const two = buildCanary(canaryProps());
    const withTwo = buildCanary(three({ versions: { v4: { image: V4_IMAGE, weight: 5 }, v3: { image: V3_IMAGE, weight: 20, replicas: 2 } } }));
    for (const other of [m, withTwo]) {
      for (const kind of ['Deployment', 'PodDisruptionBudget']) {
        for (const n of ['api-stable', 'api-canary']) expect(byName(other, kind, n)).toEqual(byName(two, kind, n));
      }
      for (const n of ['api-stable', 'api-canary']) {
        const before = immutableSnapshot(byName(two, 'Deployment', n))!;
        const after = immutableSnapshot(byName(other, 'Deployment', n))!;
        expect(immutableChanges('apps/Deployment', before, after, '1.33' as any)).toEqual([]);
      }
      // Only the DestinationRule's subsets and the routes change; the Service keeps its selector.
      expect(byName(other, 'Service', 'api')).toEqual(byName(two, 'Service', 'api'));
    }
  });

  it('the output does not follow the order the versions are written in', () => {
    const a = buildCanary(three({ versions: { v3: { image: V3_IMAGE, weight: 20 }, v4: { image: V4_IMAGE, weight: 5 } } }));
    const b = buildCanary(three({ versions: { v4: { image: V4_IMAGE, weight: 5 }, v3: { image: V3_IMAGE, weight: 20 } } }));
    expect(JSON.stringify(a.objects)).toBe(JSON.stringify(b.objects));
  });

  it('no versions at all (an empty map) is the two-track output', () => {
    expect(JSON.stringify(buildCanary(canaryProps({ versions: {} })).objects)).toBe(JSON.stringify(buildCanary(canaryProps()).objects));
  });
});

describe('CanaryRelease named versions, Gateway API', () => {
  const m = buildCanary(three({ routing: CanaryRouting.gatewayApi({ gateway: 'infra/public', headers: { 'x-canary': 'always' } }) }));

  it('a Service per version as a weighted backendRef; header matches still go to the canary', () => {
    expect(names(m.objects, 'Service')).toEqual(['api-stable', 'api-canary', 'api-v3']);
    expect((m.httpRoute!.spec.rules as any[]).map((r) => r.backendRefs.map((b: any) => [b.name, b.weight]))).toEqual([
      [['api-canary', undefined]],
      [['api-stable', 70], ['api-canary', 10], ['api-v3', 20]],
    ]);
    expectSound(m, { 'api-stable': ['stable'], 'api-canary': ['canary'], 'api-v3': ['v3'] });
  });
});

describe('CanaryRelease named versions refused', () => {
  it.each([
    ['replica-ratio', CanaryRouting.replicaRatio()],
    ['blue-green', CanaryRouting.blueGreen()],
    ['ingress-nginx', CanaryRouting.ingressNginx({ hosts: ['api.example.com'] })],
    ['argo-rollouts', CanaryRouting.argoRollouts()],
  ])('by %s routing, naming the routings that take them', (kind, routing) => {
    // Each with a canary its routing takes: none for Argo Rollouts (it makes its own), no weight for blue/green (it switches).
    const canary = kind === 'argo-rollouts' ? undefined : kind === 'blue-green' ? { image: CANARY_IMAGE } : { image: CANARY_IMAGE, weight: 10 };
    const props = three({ routing, canary });
    const e = validationError(() => buildCanaryRelease(props));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(paths(e)).toEqual(['versions']);
    expect(e.problems[0].message).toContain(`${kind} routing`);
    expect(e.problems[0].message).toContain('istio or gateway-api');
  });

  it('reports every problem of the versions in one error, at their paths', () => {
    const e = validationError(() => buildCanaryRelease(canaryProps({
      versions: {
        stable: { image: V3_IMAGE },
        V3: { image: V3_IMAGE },
        v5: { weight: 10 } as any,
        v6: { image: STABLE_IMAGE },
        v7: { image: V4_IMAGE, replicas: 2, autoscaling: { minReplicas: 1, maxReplicas: 2 }, wieght: 1 } as any,
      },
    })));
    expect([...paths(e)].sort()).toEqual([
      'versions.V3', 'versions.stable', 'versions.v5.image', 'versions.v7.wieght', 'versions.v7.replicas', 'versions.v6',
    ].sort());
  });

  it('refuses weights that leave stable less than nothing, and a version that would take too much load for its pods', () => {
    const versions = { v3: { image: V3_IMAGE, weight: 50 }, v4: { image: V4_IMAGE, weight: 41 } };
    const over = validationError(() => buildCanaryRelease(three({ versions })));
    expect(paths(over)).toEqual(['versions']);
    expect(over.problems[0].message).toContain('101%');
    // 30% to 1 pod beside 10 stable ones: that pod takes 3 times a stable pod's load.
    const heavy = { stable: { replicas: 10 }, versions: { v3: { image: V3_IMAGE, weight: 30 } } };
    const overload = validationError(() => buildCanaryRelease(three(heavy)));
    expect(paths(overload)).toEqual(['versions.v3.weight']);
    expect(overload.problems[0].message).toContain('3 times');
    expect(names(buildCanary(three({ ...heavy, acknowledgeRisks: ['canary-overload'] })).objects, 'Deployment')).toContain('api-v3');
  });

  it('refuses a version name that makes the Deployment name too long', () => {
    const long = 'v'.repeat(60);
    const e = validationError(() => buildCanaryRelease(canaryProps({ versions: { [long]: { image: V4_IMAGE } } })));
    expect(paths(e)).toEqual([`versions.${long}`]);
  });
});

describe('CanaryRelease named versions, release steps (checkReleaseStep)', () => {
  const objects = (versions?: CanaryReleaseProps['versions'], routing?: CanaryRouting) =>
    buildCanary(canaryProps({ ...(versions ? { versions } : {}), ...(routing ? { routing } : {}) })).objects;
  const paths_ = (lines: string[]) => lines.map((l) => l.slice(0, l.indexOf(':')));

  it.each([
    ['istio', undefined],
    ['gateway-api', CanaryRouting.gatewayApi({ gateway: 'public' })],
  ])('%s: a version is added dark, then weighted; retired at weight 0, then removed', (_, routing) => {
    const none = objects(undefined, routing);
    const dark = objects({ v3: { image: V3_IMAGE } }, routing);
    const weighted = objects({ v3: { image: V3_IMAGE, weight: 20 } }, routing);
    expect(refusal(none, dark)).toEqual([]);
    expect(refusal(dark, weighted)).toEqual([]);
    expect(refusal(weighted, dark)).toEqual([]);
    expect(refusal(dark, none)).toEqual([]);
    // Skipping a step: routed in the step that starts its pods, or removed while routed to.
    const added = refusal(none, weighted);
    expect(paths_(added)).toEqual(['versions.v3.weight']);
    expect(added[0]).toContain('deploy the version dark (versions.v3.weight 0)');
    const removed = refusal(weighted, none);
    expect(paths_(removed)).toEqual(['versions.v3']);
    expect(removed[0]).toContain('drain it (versions.v3.weight 0)');
  });
});
