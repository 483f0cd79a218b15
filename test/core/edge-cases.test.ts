/**
 * Edge cases found by reading the output as a platform engineer would (each was wrong once).
 */
import { CanaryRouting, Duration, KeelsonValidationError, buildCanaryRelease, buildStatelessApp, Exposure } from '../../lib';
import { namespacePolicy, quotaFitProblems } from '../../lib/core/secure-namespace/quota-fit';
import { validateObject } from '../helpers/schema';

const image = 'ghcr.io/acme/web:1.0.0';

function problemsOf(fn: () => unknown): Array<[string, string]> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KeelsonValidationError);
    return (e as KeelsonValidationError).problems.map((p) => [p.path, p.message]);
  }
  throw new Error('expected a KeelsonValidationError');
}

describe('edge cases', () => {
  test('a limit alone sets the request too, as Kubernetes does', () => {
    const m = buildStatelessApp({ name: 'web', containers: [{ image, resources: { cpu: { limit: '50m' }, memory: { limit: '64Mi' } } }] });
    expect(m.deployment.spec!.template.spec!.containers[0].resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '50m', memory: '64Mi' },
    });
  });

  test('a single-label Ingress host is valid; a bare wildcard is not', () => {
    const m = buildStatelessApp({ name: 'web', containers: [{ image }], exposure: Exposure.ingress({ hosts: ['intranet'] }) });
    expect(m.ingress!.spec!.rules![0].host).toBe('intranet');
    expect(problemsOf(() => buildStatelessApp({ name: 'web', containers: [{ image }], exposure: Exposure.ingress({ hosts: ['*.'] }) })).map(([p]) => p)).toEqual(['exposure.hosts[0]']);
  });

  test("a canary's invalid env name is reported at the canary's prop, never emitted", () => {
    const found = problemsOf(() => buildCanaryRelease({
      name: 'api',
      namespace: 'shop',
      containers: [{ image }],
      canary: { image: 'ghcr.io/acme/web:2.0.0', env: { 'A"B': 'x', 'ok.name': 'y' } },
    }));
    expect(found.map(([p]) => p)).toEqual(['canary.env["A\\"B"]']);
  });

  test('CanaryRelease rejects a progress deadline that is not longer than minReady', () => {
    const found = problemsOf(() => buildCanaryRelease({
      name: 'api',
      namespace: 'shop',
      containers: [{ image }],
      routing: CanaryRouting.istio(),
      minReady: Duration.seconds(600),
      progressDeadline: Duration.seconds(600),
    }));
    expect(found).toEqual([['progressDeadline', '600s must be longer than minReady (600s)']]);
  });
});

describe('quota fit in a mesh namespace', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSecureNamespace, Quantity: Q } = require('../../lib') as typeof import('../../lib');
  const app = buildStatelessApp({ name: 'web', namespace: 'shop', containers: [{ image, resources: { memory: { request: Q.mebibytes(256) } } }], replicas: 4 });
  const quota = { memory: { request: Q.gibibytes(4) } };

  test('counts the injected sidecar proxy in every pod', () => {
    const plain = namespacePolicy(buildSecureNamespace({ name: 'shop', quota }));
    expect(quotaFitProblems(plain, [{ name: 'web', type: 'StatelessApp', objects: app.objects }])).toEqual([]);
    const meshed = namespacePolicy(buildSecureNamespace({ name: 'shop', quota, mesh: {} }));
    const problems = quotaFitProblems(meshed, [{ name: 'web', type: 'StatelessApp', objects: app.objects }]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('istio-proxy (injected) 1Gi'),
    ]);
    const sized = namespacePolicy(buildSecureNamespace({ name: 'shop', quota, mesh: { sidecarResources: { limits: { memory: '128Mi' } } } }));
    expect(quotaFitProblems(sized, [{ name: 'web', type: 'StatelessApp', objects: app.objects }])).toEqual([]);
  });
});

test('an Ingress class other than nginx needs the controller namespace the NetworkPolicy admits', () => {
  const props = { name: 'web', containers: [{ image }] };
  expect(problemsOf(() => buildStatelessApp({ ...props, exposure: Exposure.ingress({ hosts: ['shop.example.com'], className: 'traefik' }) })).map(([p]) => p))
    .toEqual(['exposure.controllerNamespace']);
  const m = buildStatelessApp({ ...props, exposure: Exposure.ingress({ hosts: ['shop.example.com'], className: 'traefik', controllerNamespace: 'traefik' }) });
  expect(JSON.stringify(m.networkPolicy.spec!.ingress)).toContain('"kubernetes.io/metadata.name":"traefik"');
  expect(() => buildStatelessApp({ ...props, exposure: Exposure.ingress({ hosts: ['shop.example.com'], className: 'nginx-internal' }) })).not.toThrow();
});

test('Gateway API routing with no namespace anywhere asks for the data-plane namespace', () => {
  const found = problemsOf(() => buildCanaryRelease({
    name: 'api',
    containers: [{ image }],
    canary: { image: 'ghcr.io/acme/web:2.0.0', weight: 10 },
    routing: CanaryRouting.gatewayApi({ gateway: 'public' }),
  }));
  expect(found.map(([p]) => p)).toEqual(['routing.controllerNamespace']);
});

test('CanaryRelease: maxSurge per track and the cluster domain in Istio hosts', () => {
  const base = { name: 'api', namespace: 'shop', containers: [{ image }], canary: { image: 'ghcr.io/acme/web:2.0.0', weight: 10 } };
  const m = buildCanaryRelease({ ...base, maxSurge: 2, clusterDomain: 'corp.internal' });
  for (const d of m.deployments) expect(d.spec!.strategy!.rollingUpdate).toEqual({ maxSurge: 2, maxUnavailable: 0 });
  expect((m.virtualService!.spec as { hosts: string[] }).hosts).toEqual(['api.shop.svc.corp.internal']);
  expect((m.destinationRule!.spec as { host: string }).host).toBe('api.shop.svc.corp.internal');
  const argo = buildCanaryRelease({ name: 'api', namespace: 'shop', containers: [{ image }], routing: CanaryRouting.argoRollouts(), maxSurge: '50%' });
  expect((argo.rollout!.spec as { strategy: { canary: Record<string, unknown> } }).strategy.canary).toMatchObject({ maxSurge: '50%', maxUnavailable: 0 });
  for (const o of [...m.objects, ...argo.objects]) validateObject(JSON.parse(JSON.stringify(o)));
  expect(problemsOf(() => buildCanaryRelease({ ...base, maxSurge: 0, clusterDomain: 'Bad_Domain' })).map(([p]) => p)).toEqual(['maxSurge', 'clusterDomain']);
});

test('CanaryRelease checks minReady against the default progress deadline too', () => {
  // The rollout settings are shared with StatelessApp: a minReady of 600s or more is refused even
  // when the deadline is left at its default (Kubernetes requires the deadline to be longer).
  const found = problemsOf(() => buildCanaryRelease({ name: 'api', namespace: 'shop', containers: [{ image }], minReady: Duration.seconds(600) }));
  expect(found).toEqual([['progressDeadline', '600s must be longer than minReady (600s)']]);
});
