/**
 * Argo Rollouts over ingress-nginx and over the Gateway API: the Rollout names the objects it
 * drives, keelson emits only what the controller does not make itself (no canary Ingress), the
 * Services are the two the controller pins, the HTTPRoute starts at stable 100 / canary 0, the
 * analysis queries the router's metrics, and each option reaches the output; every object is
 * schema-valid and every pod template is restricted.
 */
import { CanaryReleaseProps, CanaryRouting, Duration, KeelsonValidationError } from '../../lib';
import { STABLE_IMAGE, buildCanary, canaryJson, canaryProps, canaryRestrictedViolations } from '../helpers/canary';
import { schemaProblems } from '../helpers/schema';

const props = (routing: CanaryRouting, rest: Partial<CanaryReleaseProps> = {}) => canaryProps({ canary: undefined, routing, ...rest });
const of = (m: ReturnType<typeof buildCanary>) => m.objects.map((o) => `${o.kind}/${o.metadata.name}`);
const queries = (m: ReturnType<typeof buildCanary>) => (m.analysisTemplate!.spec as any).metrics.map((x: any) => x.provider.prometheus.query);

describe('Argo Rollouts over ingress-nginx', () => {
  const m = buildCanary(props(CanaryRouting.argoRolloutsIngressNginx({ hosts: ['api.example.com'] })));
  const canary = (m.rollout as any).spec.strategy.canary;

  it('emits the Rollout, the two Services it pins, and the stable Ingress only', () => {
    expect(of(m)).toEqual([
      'ServiceAccount/api', 'NetworkPolicy/api', 'Service/api-stable', 'Service/api-canary', 'AnalysisTemplate/api', 'Rollout/api',
      'PodDisruptionBudget/api', 'Ingress/api',
    ]);
    expect(m.deployments).toEqual([]);
    expect(schemaProblems(canaryJson(m))).toEqual([]);
    expect(canaryRestrictedViolations(canaryJson(m))).toEqual([]);
  });

  it('names the Services and the stable Ingress in the Rollout, which makes the canary Ingress itself', () => {
    expect(canary.canaryService).toBe('api-canary');
    expect(canary.stableService).toBe('api-stable');
    expect(canary.trafficRouting).toEqual({ nginx: { stableIngress: 'api' } });
    const ingress = m.ingresses[0];
    expect(ingress.metadata!.annotations).toBeUndefined();
    expect(ingress.spec!.ingressClassName).toBe('nginx');
    expect(ingress.spec!.rules!.map((r) => r.http!.paths[0].backend.service!.name)).toEqual(['api-stable']);
  });

  it('leaves the Services selecting the whole app: the controller adds the revision hash', () => {
    for (const s of m.services) expect(s.spec!.selector).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
  });

  it('admits the ingress controller namespace in the NetworkPolicy', () => {
    const from = JSON.stringify(m.networkPolicy.spec!.ingress);
    expect(from).toContain('"kubernetes.io/metadata.name":"ingress-nginx"');
  });

  it("measures the canary with ingress-nginx's metrics under the stable Ingress, canary label set", () => {
    const [success, latency] = queries(m);
    expect(success).toBe(
      'sum(rate(nginx_ingress_controller_requests{namespace="shop",ingress="api",canary!="",status!~"5.."}[60s]))'
      + ' / sum(rate(nginx_ingress_controller_requests{namespace="shop",ingress="api",canary!=""}[60s]))',
    );
    expect(latency).toBe('histogram_quantile(0.99, sum by (le) (rate(nginx_ingress_controller_request_duration_seconds_bucket{namespace="shop",ingress="api",canary!=""}[60s])))');
  });

  it('takes className, TLS, controllerNamespace, steps and pause', () => {
    const o = buildCanary(props(CanaryRouting.argoRolloutsIngressNginx({
      hosts: ['api.example.com', 'www.example.com'],
      className: 'public',
      tlsSecretName: 'api-tls',
      controllerNamespace: 'edge',
      steps: [20, 60],
      pause: 'manual',
    })));
    const spec = o.ingresses[0].spec!;
    expect(spec.ingressClassName).toBe('public');
    expect(spec.tls).toEqual([{ hosts: ['api.example.com', 'www.example.com'], secretName: 'api-tls' }]);
    expect(JSON.stringify(o.networkPolicy.spec!.ingress)).toContain('"kubernetes.io/metadata.name":"edge"');
    expect((o.rollout as any).spec.strategy.canary.steps).toEqual([{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: {} }]);
    expect(schemaProblems(canaryJson(o))).toEqual([]);
  });

  it('needs no version: an image by digest gives an analysis without the canary-version argument', () => {
    const o = buildCanary(props(CanaryRouting.argoRolloutsIngressNginx({ hosts: ['api.example.com'] }), {
      containers: [{ image: 'ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' }],
    }));
    expect((o.analysisTemplate!.spec as any).args).toBeUndefined();
    expect((o.rollout as any).spec.strategy.canary.analysis).toEqual({ templates: [{ templateName: 'api' }], startingStep: 1 });
  });

  it('passes the version when there is one, for queries of your own', () => {
    expect(canary.analysis.args).toEqual([{ name: 'canary-version', value: '1.4.2' }]);
    expect((m.analysisTemplate!.spec as any).args).toEqual([{ name: 'canary-version' }]);
  });

  it('rejects the canary Ingress options in one error: Argo Rollouts makes that Ingress', () => {
    const bad = props(CanaryRouting.argoRolloutsIngressNginx({ hosts: ['api.example.com'], cookie: 'canary', header: 'x-canary' } as any));
    let e: KeelsonValidationError | undefined;
    try { buildCanary(bad); } catch (x) { e = x as KeelsonValidationError; }
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e!.problems.map((p) => p.path).sort()).toEqual(['routing.cookie', 'routing.header']);
  });
});

describe('Argo Rollouts over the Gateway API', () => {
  const m = buildCanary(props(CanaryRouting.argoRolloutsGatewayApi({ gateway: 'infra/public', hostnames: ['api.example.com'] })));
  const canary = (m.rollout as any).spec.strategy.canary;
  const route = m.httpRoute!.spec as any;

  it('emits the Rollout, the two Services it pins, and the HTTPRoute', () => {
    expect(of(m)).toEqual([
      'ServiceAccount/api', 'NetworkPolicy/api', 'Service/api-stable', 'Service/api-canary', 'AnalysisTemplate/api', 'Rollout/api',
      'PodDisruptionBudget/api', 'HTTPRoute/api',
    ]);
    expect(schemaProblems(canaryJson(m))).toEqual([]);
    expect(canaryRestrictedViolations(canaryJson(m))).toEqual([]);
  });

  it("names the plugin's HTTPRoute and the Services in the Rollout", () => {
    expect(canary.canaryService).toBe('api-canary');
    expect(canary.stableService).toBe('api-stable');
    expect(canary.trafficRouting).toEqual({ plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'api', namespace: 'shop' } } });
  });

  it('starts the HTTPRoute with both backends, stable at 100 and canary at 0, under the shared Gateway', () => {
    expect(route.parentRefs).toEqual([{ name: 'public', namespace: 'infra' }]);
    expect(route.hostnames).toEqual(['api.example.com']);
    expect(route.rules).toEqual([{ backendRefs: [{ name: 'api-stable', port: 80, weight: 100 }, { name: 'api-canary', port: 80, weight: 0 }] }]);
  });

  it("admits the Gateway's namespace, or controllerNamespace", () => {
    expect(JSON.stringify(m.networkPolicy.spec!.ingress)).toContain('"kubernetes.io/metadata.name":"infra"');
    const o = buildCanary(props(CanaryRouting.argoRolloutsGatewayApi({ gateway: 'public', controllerNamespace: 'envoy-gateway-system' })));
    expect(JSON.stringify(o.networkPolicy.spec!.ingress)).toContain('"kubernetes.io/metadata.name":"envoy-gateway-system"');
  });

  it("measures the canary with an Istio-implemented Gateway's metrics of the canary Service", () => {
    const [success, latency] = queries(m);
    const sel = 'reporter="source",destination_service_name="api-canary",destination_service_namespace="shop"';
    expect(success).toBe(`sum(rate(istio_requests_total{${sel},response_code!~"5.."}[60s])) / sum(rate(istio_requests_total{${sel}}[60s]))`);
    expect(latency).toBe(`histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[60s]))) / 1000`);
  });

  it('takes your own queries, interval and thresholds instead', () => {
    const o = buildCanary(props(CanaryRouting.argoRolloutsGatewayApi({
      gateway: 'infra/public',
      analysis: { interval: Duration.minutes(2), minSuccessRate: 0.95, queries: { successRate: 'vector(1)', latency: 'vector(0.1)' } },
    })));
    expect(queries(o)).toEqual(['vector(1)', 'vector(0.1)']);
    expect((o.analysisTemplate!.spec as any).metrics[0].interval).toBe('120s');
    expect(schemaProblems(canaryJson(o))).toEqual([]);
  });

  it('turns the analysis off only when acknowledged', () => {
    const o = buildCanary(props(CanaryRouting.argoRolloutsGatewayApi({ gateway: 'infra/public', analysis: false }), { acknowledgeRisks: ['canary-without-analysis'] }));
    expect(o.analysisTemplate).toBeUndefined();
    expect((o.rollout as any).spec.strategy.canary.analysis).toBeUndefined();
    expect(() => buildCanary(props(CanaryRouting.argoRolloutsGatewayApi({ gateway: 'infra/public', analysis: false })))).toThrow(KeelsonValidationError);
  });

  it('keeps the stable image in the Rollout template', () => {
    expect((m.rollout as any).spec.template.spec.containers[0].image).toBe(STABLE_IMAGE);
  });
});
