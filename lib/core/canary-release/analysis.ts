import { ANALYSIS_DEFAULTS } from './defaults';
import { checkDuration } from './istio-checks';
import { CustomObject } from './props';
import type { ArgoAnalysisOptions } from './routing';
import { checkInteger, checkKnownKeys, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { RiskLedger, acknowledgeHint } from '../validation/risks';
import { Duration } from '../values/duration';

/** The Rollout's metric analysis, checked and defaulted. */
export interface ResolvedAnalysis {
  readonly prometheusAddress: string;
  readonly minSuccessRate: number;
  readonly latencyPercentile: number;
  /** The highest latency at the percentile, in seconds. */
  readonly maxLatencySeconds: number;
  /** How often each metric is measured, and the window its rates are taken over (Argo's duration text). */
  readonly interval: string;
  readonly failureLimit: number;
  /** The user's own PromQL, replacing the router's. */
  readonly queries: { readonly successRate?: string; readonly latency?: string };
}

/** Where the release's traffic is measured: the labels the router's metrics carry. */
export interface AnalysisTarget {
  readonly name: string;
  readonly namespace: string;
  /** The `app.kubernetes.io/version` of the Rollout's pod template: the new revision's, which Istio reports as `destination_version`. */
  readonly version: string;
}

const ANALYSIS_KEYS = ['prometheusAddress', 'minSuccessRate', 'latencyPercentile', 'maxLatency', 'interval', 'failureLimit', 'queries'];

/** The most failed measurements a run may tolerate: more is no analysis at all. */
const MAX_FAILURE_LIMIT = 100;

/**
 * The Rollout's analysis (on unless `analysis: false`, which is the acknowledged risk
 * `canary-without-analysis`); false without one; undefined when invalid (recorded).
 */
export function resolveAnalysis(problems: Problems, value: unknown, risks: RiskLedger, rollout: string): ResolvedAnalysis | false | undefined {
  const at = path('routing', 'analysis');
  if (value === false) {
    if (risks.accepts('canary-without-analysis', 'Rollout', rollout)) return false;
    problems.invalid(at, `is false: the controller would promote the canary on time alone, whatever its errors and latency; keep the analysis (set prometheusAddress, thresholds or queries to fit your metrics)${acknowledgeHint('canary-without-analysis')}`);
    return undefined;
  }
  if (value !== undefined && !checkObject(problems, at, value)) return undefined;
  const o = (value ?? {}) as ArgoAnalysisOptions;
  checkKnownKeys(problems, at, o, ANALYSIS_KEYS);
  const before = problems.count;
  const prometheusAddress = o.prometheusAddress ?? ANALYSIS_DEFAULTS.prometheusAddress;
  if (typeof prometheusAddress !== 'string' || !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(prometheusAddress)) {
    problems.invalid(path(at, 'prometheusAddress'), `must be an http:// or https:// address of Prometheus' API, got ${describe(prometheusAddress)}`);
  }
  const minSuccessRate = o.minSuccessRate ?? ANALYSIS_DEFAULTS.minSuccessRate;
  if (typeof minSuccessRate !== 'number' || !(minSuccessRate > 0 && minSuccessRate <= 1)) {
    problems.invalid(path(at, 'minSuccessRate'), `must be a share above 0 and at most 1 (0.99: 99% of requests succeed), got ${describe(minSuccessRate)}`);
  }
  const latencyPercentile = o.latencyPercentile ?? ANALYSIS_DEFAULTS.latencyPercentile;
  if (typeof latencyPercentile !== 'number' || !(latencyPercentile > 0 && latencyPercentile < 100)) {
    problems.invalid(path(at, 'latencyPercentile'), `must be a percentile above 0 and below 100 (99: the slowest 1% are above it), got ${describe(latencyPercentile)}`);
  }
  const maxLatency = o.maxLatency ?? ANALYSIS_DEFAULTS.maxLatency;
  const latencyText = checkDuration(problems, path(at, 'maxLatency'), maxLatency);
  const interval = checkInterval(problems, path(at, 'interval'), o.interval ?? ANALYSIS_DEFAULTS.interval);
  const failureLimit = o.failureLimit ?? ANALYSIS_DEFAULTS.failureLimit;
  checkInteger(problems, path(at, 'failureLimit'), failureLimit, 0, MAX_FAILURE_LIMIT);
  const queries = checkQueries(problems, path(at, 'queries'), o.queries);
  if (problems.count > before || latencyText === undefined || interval === undefined || queries === undefined) return undefined;
  return {
    prometheusAddress: prometheusAddress as string,
    minSuccessRate: minSuccessRate as number,
    latencyPercentile: latencyPercentile as number,
    maxLatencySeconds: (maxLatency as Duration).toSeconds(),
    interval,
    failureLimit: failureLimit as number,
    queries,
  };
}

/** A measurement interval Argo Rollouts can keep and Prometheus can take a rate over: whole seconds, at least 10s. */
export function checkInterval(problems: Problems, at: string, value: unknown): string | undefined {
  const text = checkDuration(problems, at, value);
  if (text === undefined) return undefined;
  const d = value as Duration;
  if (!d.isWholeSeconds || d.toSeconds() < 10) {
    problems.invalid(at, `${d} must be a whole number of seconds, at least 10s: it is also the window the rates are taken over, and a shorter one holds no two scrapes of Prometheus`);
    return undefined;
  }
  return text;
}

/** The user's own PromQL: an object of non-empty queries; undefined when invalid (recorded). */
function checkQueries(problems: Problems, at: string, value: unknown): ResolvedAnalysis['queries'] | undefined {
  if (value === undefined) return {};
  if (!checkObject(problems, at, value)) return undefined;
  checkKnownKeys(problems, at, value, ['successRate', 'latency']);
  const out: Record<string, string> = {};
  let ok = true;
  for (const key of ['successRate', 'latency'] as const) {
    const q = value[key];
    if (q === undefined) continue;
    if (typeof q !== 'string' || q.trim() === '') {
      problems.invalid(path(at, key), `must be a non-empty PromQL query, got ${describe(q)}`);
      ok = false;
    } else {out[key] = q;}
  }
  return ok ? out : undefined;
}

/** A label value inside a PromQL string literal. */
function promString(s: string): string {
  return JSON.stringify(s);
}

/**
 * The PromQL of the Istio router, over the canary's requests as its sidecars report them
 * (`reporter="destination"`): the Service's requests to pods of the new revision, told apart by
 * `destination_version` (the pods' `app.kubernetes.io/version`, passed as the `canary-version` argument).
 */
export function istioQueries(t: AnalysisTarget, a: ResolvedAnalysis): { successRate: string; latency: string } {
  const sel = [
    'reporter="destination"',
    `destination_service_name=${promString(t.name)}`,
    `destination_service_namespace=${promString(t.namespace)}`,
    'destination_version="{{args.canary-version}}"',
  ].join(',');
  const w = a.interval;
  return {
    successRate: `sum(rate(istio_requests_total{${sel},response_code!~"5.."}[${w}])) / sum(rate(istio_requests_total{${sel}}[${w}]))`,
    // Istio's histogram is in milliseconds: the query gives seconds, as maxLatency is compared in.
    latency: `histogram_quantile(${a.latencyPercentile / 100}, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[${w}]))) / 1000`,
  };
}

/**
 * One measured condition: success when the query returns a number within the threshold, failure
 * when it returns one beyond it, and inconclusive (which pauses the Rollout for a person) when it
 * returns nothing, as without traffic or without metrics: a canary is never promoted unmeasured.
 */
function metric(name: string, query: string, within: string, beyond: string, a: ResolvedAnalysis): Record<string, unknown> {
  const measured = 'len(result) > 0 && !isNaN(result[0])';
  return {
    name,
    interval: a.interval,
    failureLimit: a.failureLimit,
    successCondition: `${measured} && result[0] ${within}`,
    failureCondition: `${measured} && result[0] ${beyond}`,
    provider: { prometheus: { address: a.prometheusAddress, query } },
  };
}

/** The AnalysisTemplate `<name>`: the canary's success rate and latency, from Prometheus. */
export function renderAnalysisTemplate(
  metadata: CustomObject['metadata'], a: ResolvedAnalysis, router: { successRate: string; latency: string }, hasVersion = true,
): CustomObject {
  const successRate = a.queries.successRate ?? router.successRate;
  const latency = a.queries.latency ?? router.latency;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata,
    spec: {
      ...(hasVersion ? { args: [{ name: 'canary-version' }] } : {}),
      metrics: [
        metric('success-rate', successRate, `>= ${a.minSuccessRate}`, `< ${a.minSuccessRate}`, a),
        metric('latency', latency, `<= ${a.maxLatencySeconds}`, `> ${a.maxLatencySeconds}`, a),
      ],
    },
  };
}

/**
 * The Rollout's background analysis: from the first step that sends the canary traffic (step 1,
 * after the first setWeight) to the end, through every pause, manual ones included; a failed
 * run aborts the Rollout (traffic back to stable), an inconclusive one pauses it.
 */
export function rolloutAnalysis(name: string, version: string | undefined): Record<string, unknown> {
  return {
    templates: [{ templateName: name }],
    startingStep: 1,
    // Without a version (ingress-nginx, Gateway API queries need none) there is no argument to pass.
    ...(version !== undefined ? { args: [{ name: 'canary-version', value: version }] } : {}),
  };
}
