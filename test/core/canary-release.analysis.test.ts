import { CanaryRouting, Duration } from '../../lib';
import { ANALYSIS_DEFAULTS } from '../../lib/core/canary-release/defaults';
import { RISK_ANNOTATION } from '../../lib/core/validation/risks';
import { STABLE_IMAGE, buildCanary, canaryJson, canaryProps } from '../helpers/canary';
import { schemaProblems } from '../helpers/schema';

const argo = (options: Parameters<typeof CanaryRouting.argoRollouts>[0] = {}, extra: object = {}) =>
  buildCanary(canaryProps({ canary: undefined, routing: CanaryRouting.argoRollouts(options), ...extra }));

const templateOf = (m: ReturnType<typeof argo>) => m.analysisTemplate as any;
const metricOf = (m: ReturnType<typeof argo>, name: string) => templateOf(m).spec.metrics.find((x: any) => x.name === name);

/**
 * Argo Rollouts' condition language (expr) for the subset keelson writes: `len(result)`,
 * `isNaN(x)`, `result[0]`, comparisons, `&&` and `!`. Rewritten into JavaScript and evaluated, so
 * the tests check what the controller decides for a measurement, not the condition's text.
 */
function holds(condition: string, result: number[]): boolean {
  const js = condition.replace(/len\(result\)/g, 'result.length').replace(/isNaN\(/g, 'Number.isNaN(');
  expect(js).toMatch(/^(?:\s|result|\.length|Number\.isNaN|\[0\]|[0-9.]+|[()<>=!&])+$/);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return Boolean(new Function('result', `return ${js};`)(result));
}

/** What Argo Rollouts makes of one measurement: both conditions set, neither holding, is inconclusive. */
function outcome(metric: any, result: number[]): 'Successful' | 'Failed' | 'Inconclusive' {
  const ok = holds(metric.successCondition, result);
  const bad = holds(metric.failureCondition, result);
  expect(ok && bad).toBe(false);
  return bad ? 'Failed' : ok ? 'Successful' : 'Inconclusive';
}

describe('CanaryRelease Argo Rollouts metric analysis', () => {
  const m = argo();
  const rollout = m.rollout as any;

  it('is on by default: an AnalysisTemplate named after the release, applied before the Rollout that runs it', () => {
    const keys = m.objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(keys).toContain('AnalysisTemplate/api');
    expect(keys.indexOf('AnalysisTemplate/api')).toBeLessThan(keys.indexOf('Rollout/api'));
    expect(templateOf(m)).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', metadata: { name: 'api', namespace: 'shop' } });
    expect(schemaProblems(canaryJson(m))).toEqual([]);
  });

  it('runs in the background from the first weighted step, with the new revision\'s version as its argument', () => {
    const version = rollout.spec.template.metadata.labels['app.kubernetes.io/version'];
    expect(version).toBe(STABLE_IMAGE.split(':')[1]);
    expect(rollout.spec.strategy.canary.analysis).toEqual({
      templates: [{ templateName: 'api' }], startingStep: 1, args: [{ name: 'canary-version', value: version }],
    });
    // Step 0 is the first setWeight: from step 1 the canary has traffic to measure.
    expect(rollout.spec.strategy.canary.steps[0]).toEqual({ setWeight: 10 });
    expect(templateOf(m).spec.args).toEqual([{ name: 'canary-version' }]);
  });

  it('measures the Istio success rate and latency of the new revision\'s requests at the destination', () => {
    const sel = 'reporter="destination",destination_service_name="api",destination_service_namespace="shop",destination_version="{{args.canary-version}}"';
    const rate = metricOf(m, 'success-rate');
    expect(rate.provider.prometheus).toEqual({
      address: ANALYSIS_DEFAULTS.prometheusAddress,
      query: `sum(rate(istio_requests_total{${sel},response_code!~"5.."}[60s])) / sum(rate(istio_requests_total{${sel}}[60s]))`,
    });
    expect(metricOf(m, 'latency').provider.prometheus.query)
      .toBe(`histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[60s]))) / 1000`);
    for (const metric of templateOf(m).spec.metrics) expect(metric).toMatchObject({ interval: '60s', failureLimit: 1 });
  });

  it('passes at the thresholds, fails beyond them, and is inconclusive without data (no traffic, no metrics)', () => {
    const rate = metricOf(m, 'success-rate');
    expect(outcome(rate, [1])).toBe('Successful');
    expect(outcome(rate, [0.99])).toBe('Successful');
    expect(outcome(rate, [0.989])).toBe('Failed');
    expect(outcome(rate, [])).toBe('Inconclusive');
    expect(outcome(rate, [NaN])).toBe('Inconclusive');
    const latency = metricOf(m, 'latency');
    expect(outcome(latency, [0.2])).toBe('Successful');
    expect(outcome(latency, [0.5])).toBe('Successful');
    expect(outcome(latency, [0.51])).toBe('Failed');
    expect(outcome(latency, [])).toBe('Inconclusive');
  });

  it('takes every threshold and the address from the props', () => {
    const custom = argo({
      analysis: {
        prometheusAddress: 'https://prom.example.com/api-proxy',
        minSuccessRate: 0.995,
        latencyPercentile: 95,
        maxLatency: Duration.millis(250),
        interval: Duration.minutes(2),
        failureLimit: 3,
      },
    });
    const rate = metricOf(custom, 'success-rate');
    const latency = metricOf(custom, 'latency');
    expect(rate.provider.prometheus.address).toBe('https://prom.example.com/api-proxy');
    expect(rate).toMatchObject({ interval: '120s', failureLimit: 3 });
    expect(rate.provider.prometheus.query).toContain('[120s]');
    expect(outcome(rate, [0.994])).toBe('Failed');
    expect(outcome(rate, [0.995])).toBe('Successful');
    expect(latency.provider.prometheus.query).toMatch(/^histogram_quantile\(0\.95, /);
    expect(outcome(latency, [0.25])).toBe('Successful');
    expect(outcome(latency, [0.26])).toBe('Failed');
  });

  it('runs your own PromQL in place of the router\'s, one query or both', () => {
    const own = 'sum(rate(http_requests_total{app="api",version="{{args.canary-version}}",code!~"5.."}[1m])) / sum(rate(http_requests_total{app="api"}[1m]))';
    const custom = argo({ analysis: { queries: { successRate: own } } });
    expect(metricOf(custom, 'success-rate').provider.prometheus.query).toBe(own);
    expect(metricOf(custom, 'latency').provider.prometheus.query).toBe(metricOf(m, 'latency').provider.prometheus.query);
    // With both queries given, an image without a version is fine: nothing relies on the label.
    const digest = 'ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    const both = argo({ analysis: { queries: { successRate: own, latency: 'histogram_quantile(0.99, sum by (le) (rate(x_bucket[1m])))' } } }, {
      containers: [{ image: digest }],
    });
    expect(metricOf(both, 'latency').provider.prometheus.query).toBe('histogram_quantile(0.99, sum by (le) (rate(x_bucket[1m])))');
    expect(() => argo({}, { containers: [{ image: digest }] })).toThrow(/stable\.version: is required with the Rollout's analysis/);
  });

  it('analysis: false is a risk to acknowledge, shown on the Rollout; then there is no template and no analysis', () => {
    expect(() => argo({ analysis: false })).toThrow(/routing\.analysis: is false: the controller would promote the canary on time alone.*acknowledgeRisks: \['canary-without-analysis'\]/);
    const off = argo({ analysis: false }, { acknowledgeRisks: ['canary-without-analysis'] });
    expect(off.analysisTemplate).toBeUndefined();
    expect(off.objects.map((o) => o.kind)).not.toContain('AnalysisTemplate');
    expect((off.rollout!.spec as any).strategy.canary.analysis).toBeUndefined();
    expect(off.rollout!.metadata.annotations?.[RISK_ANNOTATION]).toContain('canary-without-analysis');
    // Acknowledged but not taken: the stale acknowledgement is reported.
    expect(() => argo({}, { acknowledgeRisks: ['canary-without-analysis'] })).toThrow(/acknowledgeRisks\[0\]/);
  });

  it('is deterministic: the same props give the same template', () => {
    expect(JSON.stringify(templateOf(argo()))).toBe(JSON.stringify(templateOf(m)));
  });
});
