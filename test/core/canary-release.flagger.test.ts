import { CanaryRouting, Duration } from '../../lib';
import { ANALYSIS_DEFAULTS, FLAGGER_DEFAULTS } from '../../lib/core/canary-release/defaults';
import { RISK_ANNOTATION } from '../../lib/core/validation/risks';
import { STABLE_IMAGE, buildCanary, canaryJson, canaryProps } from '../helpers/canary';
import { schemaProblems } from '../helpers/schema';

const flagger = (options: Parameters<typeof CanaryRouting.flagger>[0] = {}, extra: object = {}) =>
  buildCanary(canaryProps({ canary: undefined, routing: CanaryRouting.flagger(options), ...extra }));
const canaryOf = (m: ReturnType<typeof flagger>) => m.flaggerCanary as any;

describe('CanaryRelease with Flagger', () => {
  const m = flagger();

  it('emits one Deployment <name> and the Canary targeting it, applied last; no Services or routes (Flagger makes them)', () => {
    const keys = m.objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(keys).toEqual(['ServiceAccount/api', 'NetworkPolicy/api', 'Deployment/api', 'PodDisruptionBudget/api', 'Canary/api']);
    expect(m.services).toEqual([]);
    expect(canaryOf(m)).toMatchObject({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { provider: FLAGGER_DEFAULTS.provider, targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, service: { port: 80, targetPort: 8080, portName: 'http' } },
    });
    expect((m.deployments[0].spec!.template.spec!.containers[0]).image).toBe(STABLE_IMAGE);
  });

  it('selects the primary\'s pods too: NetworkPolicy and PodDisruptionBudget by the instance label Flagger copies, the Deployment by the name label it renames', () => {
    expect(m.selector).toEqual({ 'app.kubernetes.io/instance': 'api' });
    expect(m.networkPolicy.spec!.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'api' } });
    expect(m.podDisruptionBudgets[0].spec!.selector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'api' } });
    const dep = m.deployments[0];
    expect(dep.spec!.selector.matchLabels).toMatchObject({ 'app.kubernetes.io/name': 'api' });
    // What Flagger does to the primary's pod labels (makePrimaryLabels): the selector label gets `-primary`, the rest are copied.
    const primary: Record<string, string> = { ...dep.spec!.template.metadata!.labels!, 'app.kubernetes.io/name': 'api-primary' };
    for (const sel of [m.networkPolicy.spec!.podSelector.matchLabels!, m.podDisruptionBudgets[0].spec!.selector!.matchLabels!]) {
      expect(Object.entries(sel).every(([k, v]) => primary[k] === v)).toBe(true);
    }
  });

  it('analysis is on by default: the builtin success-rate and P99 metrics with the shared thresholds, and the steps\' defaults', () => {
    expect(canaryOf(m).spec.analysis).toEqual({
      interval: '60s',
      threshold: FLAGGER_DEFAULTS.threshold,
      maxWeight: FLAGGER_DEFAULTS.maxWeight,
      stepWeight: FLAGGER_DEFAULTS.stepWeight,
      metrics: [
        { name: 'request-success-rate', thresholdRange: { min: ANALYSIS_DEFAULTS.minSuccessRate * 100 }, interval: '60s' },
        { name: 'request-duration', thresholdRange: { max: ANALYSIS_DEFAULTS.maxLatency.toMillis() }, interval: '60s' },
      ],
    });
    const options = { interval: Duration.minutes(2), threshold: 3, maxWeight: 30, stepWeight: 5, minSuccessRate: 0.995 };
    const own = canaryOf(flagger({ analysis: { ...options, maxLatency: Duration.millis(250) } }));
    expect(own.spec.analysis).toMatchObject({ interval: '120s', threshold: 3, maxWeight: 30, stepWeight: 5 });
    expect(own.spec.analysis.metrics.map((x: any) => x.thresholdRange)).toEqual([{ min: 99.5 }, { max: 250 }]);
  });

  it('analysis: false is a risk to acknowledge, shown on the Canary; then no metrics', () => {
    expect(() => flagger({ analysis: false })).toThrow(/routing\.analysis: is false: Flagger would promote the canary on time alone.*acknowledgeRisks: \['canary-without-analysis'\]/);
    const off = flagger({ analysis: false }, { acknowledgeRisks: ['canary-without-analysis'] });
    expect(canaryOf(off).spec.analysis.metrics).toEqual([]);
    expect(canaryOf(off).metadata.annotations?.[RISK_ANNOTATION]).toContain('canary-without-analysis');
  });

  it('providers: istio binds an Istio Gateway; gatewayapi:v1 gives gatewayRefs and admits the Gateway\'s namespace; nginx adds the Ingress Flagger copies', () => {
    const istio = canaryOf(flagger({ gateway: 'istio-system/public', hosts: ['api.example.com'] }));
    expect(istio.spec.service).toMatchObject({ hosts: ['api.example.com'], gateways: ['istio-system/public'] });
    const gw = flagger({ provider: 'gatewayapi:v1', gateway: 'infra/public', hosts: ['api.example.com'] });
    expect(canaryOf(gw).spec.service.gatewayRefs).toEqual([{ name: 'public', namespace: 'infra' }]);
    expect(JSON.stringify(gw.networkPolicy.spec!.ingress)).toContain('"kubernetes.io/metadata.name":"infra"');
    const nginx = flagger({ provider: 'nginx', hosts: ['api.example.com'] });
    expect(nginx.ingresses.map((i) => i.metadata!.name)).toEqual(['api']);
    expect(nginx.ingresses[0].spec!.rules![0].http!.paths[0].backend.service).toEqual({ name: 'api', port: { number: 80 } });
    expect(canaryOf(nginx).spec.ingressRef).toEqual({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'api' });
    expect(JSON.stringify(nginx.networkPolicy.spec!.ingress)).toContain('"kubernetes.io/metadata.name":"ingress-nginx"');
  });

  it('an autoscaled release: the HPA targets the Deployment and is the Canary\'s autoscalerRef; no replicas on the Deployment', () => {
    const a = flagger({}, { stable: { autoscaling: { maxReplicas: 6 } } });
    expect(a.horizontalPodAutoscalers[0].spec!.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
    expect(canaryOf(a).spec.autoscalerRef).toEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'api' });
    expect(a.deployments[0].spec!.replicas).toBeUndefined();
  });

  it('refuses a canary track (Flagger runs the changed Deployment as the canary) and bad options, all at once with paths', () => {
    expect(() => buildCanary(canaryProps({ routing: CanaryRouting.flagger() }))).toThrow(/canary: is driven by Flagger with this routing: change the image in `stable`/);
    let msg = '';
    try {
      flagger({ provider: 'linkerd' as any, gateway: 'a/b/c', analysis: { stepWeight: 60, maxWeight: 50, threshold: 0, interval: Duration.seconds(5), minSuccessRate: 2, bogus: 1 } as any });
    } catch (e) { msg = (e as Error).message; }
    for (const p of ['routing.provider', 'routing.gateway', 'routing.analysis.stepWeight', 'routing.analysis.threshold', 'routing.analysis.interval', 'routing.analysis.minSuccessRate', 'routing.analysis.bogus']) {
      expect(msg).toContain(p);
    }
    expect(() => flagger({ provider: 'gatewayapi:v1' })).toThrow(/routing\.gateway: is required with the gatewayapi:v1 provider/);
  });

  it('every object passes its schema; output is deterministic', () => {
    for (const o of [m, flagger({ provider: 'nginx', hosts: ['a.example.com'] }), flagger({ provider: 'gatewayapi:v1', gateway: 'gw' })]) {
      expect(schemaProblems(canaryJson(o))).toEqual([]);
    }
    expect(canaryJson(flagger())).toEqual(canaryJson(m));
  });
});
