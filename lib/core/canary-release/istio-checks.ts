import { checkMatchPath } from './match-checks';
import { CanaryMatch, IstioRoutingOptions } from './routing';
import { checkInteger, checkKnownKeys, checkLabelValue, checkObject, checkQualifiedName, checkString, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkEnvoyRegex } from '../validation/regex';
import { Duration } from '../values/duration';
import { istioPathMatch } from '../workload/gateway-exposure';

/**
 * The longest duration istiod accepts: its CRDs check durations with CEL's `duration()`, which
 * parses as Go's `time.Duration`, a signed 64-bit count of nanoseconds (about 292 years).
 */
const MAX_ISTIO_DURATION_MS = 9_223_372_036_854;

/** An Istio (Go) duration: whole milliseconds, from 1ms to about 292 years; its text, or undefined (recorded). */
export function checkDuration(problems: Problems, at: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Duration) || !value.isValid) {
    problems.invalid(at, `must be a Duration (e.g. Duration.seconds(2)), got ${describe(value)}`);
    return undefined;
  }
  if (value.toMillis() < 1 || !Number.isInteger(value.toMillis())) {
    problems.invalid(at, `${value.toMillis()}ms must be a whole number of milliseconds, at least 1ms`);
    return undefined;
  }
  if (value.toMillis() > MAX_ISTIO_DURATION_MS) {
    problems.invalid(at, `${value} is longer than istiod accepts: durations are Go durations, at most ${MAX_ISTIO_DURATION_MS}ms (about 292 years)`);
    return undefined;
  }
  return value.toString();
}

/** `mirrorPercent` (Istio, Gateway API): a percentage above 0 and at most 100; false when not (recorded). */
export function checkMirrorPercent(problems: Problems, value: unknown): value is number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 100) return true;
  problems.invalid(path('routing', 'mirrorPercent'), `${describe(value)} must be a percentage above 0 and at most 100`);
  return false;
}

/**
 * Envoy's retry conditions as istiod validates `retryOn` (`x-envoy-retry-on` and
 * `x-envoy-retry-grpc-on` policies); an HTTP status code is allowed too.
 */
export const RETRY_ON_POLICIES: readonly string[] = [
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
];

/** The status codes Go's `http.StatusText` names: istiod accepts a retryOn code only when it has a name. */
const HTTP_STATUS_CODES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** Is one comma-separated entry of `retryOn` one istiod accepts? (A number as Go's `strconv.Atoi` reads it.) */
export function isRetryOnPolicy(policy: string): boolean {
  if (/^[+-]?\d+$/.test(policy)) return HTTP_STATUS_CODES.has(Number(policy));
  return RETRY_ON_POLICIES.includes(policy);
}

/** Retries, as istiod validates them: no policy with attempts 0 (disabled), known retry conditions. */
export function resolveRetries(problems: Problems, r: IstioRoutingOptions['retries']): Record<string, unknown> | undefined {
  const at = path('routing', 'retries');
  if (r === undefined || !checkObject(problems, at, r)) return undefined;
  checkKnownKeys(problems, at, r, ['attempts', 'perTryTimeout', 'retryOn']);
  const attempts = r.attempts;
  checkInteger(problems, path(at, 'attempts'), attempts, 0, 100);
  const perTry = checkDuration(problems, path(at, 'perTryTimeout'), r.perTryTimeout);
  for (const key of ['perTryTimeout', 'retryOn'] as const) {
    if (attempts === 0 && r[key] !== undefined) problems.conflict(path(at, key), 'is set but attempts is 0, which turns retries off: istiod rejects a retry policy without retries; remove it or raise attempts');
  }
  if (r.retryOn !== undefined && checkString(problems, path(at, 'retryOn'), r.retryOn)) {
    const bad = r.retryOn.split(',').filter((p) => !isRetryOnPolicy(p));
    if (bad.length) {
      problems.invalid(path(at, 'retryOn'), `${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is not a retry condition' : 'are not retry conditions'} Envoy knows: use a comma-separated list (no spaces) of ${RETRY_ON_POLICIES.join(', ')} or HTTP status codes (e.g. "5xx,reset,503")`);
    }
  }
  return { attempts, ...(perTry ? { perTryTimeout: perTry } : {}), ...(r.retryOn ? { retryOn: r.retryOn } : {}) };
}

/** A CanaryMatch as an Istio HTTPMatchRequest; undefined when invalid (recorded). */
export function renderMatch(problems: Problems, at: string, m: unknown, meshRouted: boolean): Record<string, unknown> | undefined {
  if (!(m instanceof CanaryMatch)) {
    problems.invalid(at, `must be made with CanaryMatch.headerExact(), .headerPrefix(), .headerRegex(), .pathExact(), .pathPrefix(), .cookie() or .sourceLabels(), got ${describe(m)}`);
    return undefined;
  }
  const s = m.spec;
  if (s.kind === 'sourceLabels') {
    if (!meshRouted) problems.conflict(at, 'matches source labels, which only mesh traffic carries: keep `mesh` among the gateways');
    if (!checkObject(problems, path(at, 'labels'), s.labels)) return undefined;
    if (Object.keys(s.labels).length === 0) {
      // Istio reads a match without a condition as "every request": all mesh traffic would go to the canary.
      problems.invalid(path(at, 'labels'), 'is empty, which would match every request from the mesh and send it all to the canary: give at least one label');
      return undefined;
    }
    for (const [k, v] of Object.entries(s.labels)) {
      checkQualifiedName(problems, path(at, 'labels', k), k);
      checkLabelValue(problems, path(at, 'labels', k), v);
    }
    return { sourceLabels: { ...s.labels } };
  }
  if (s.kind === 'cookie') return renderCookieMatch(problems, at, s);
  if (s.kind === 'path') {
    const key = s.prefix !== undefined ? 'prefix' : 'exact';
    return checkMatchPath(problems, path(at, key), s[key]) ? { uri: istioPathMatch(key, s[key]!) } : undefined;
  }
  if (!checkString(problems, path(at, 'name'), s.name)) return undefined;
  if (s.name !== s.name.toLowerCase() || !/^[a-z0-9!#$%&'*+\-.^_`|~]+$/.test(s.name)) {
    problems.invalid(path(at, 'name'), `${JSON.stringify(s.name)} must be a lowercase HTTP header name (Envoy lowercases headers before matching)`);
  }
  if (s.regex !== undefined) return checkEnvoyRegex(problems, path(at, 'regex'), s.regex) ? { headers: { [s.name]: { regex: s.regex } } } : undefined;
  if (s.prefix !== undefined) {
    if (!checkString(problems, path(at, 'prefix'), s.prefix)) return undefined;
    if (s.prefix === '') {
      problems.invalid(path(at, 'prefix'), 'is empty: istiod rejects an empty prefix match (to match any value of the header, use CanaryMatch.headerRegex(name, ".*"))');
      return undefined;
    }
    return { headers: { [s.name]: { prefix: s.prefix } } };
  }
  return checkString(problems, path(at, 'value'), s.exact) ? { headers: { [s.name]: { exact: s.exact } } } : undefined;
}

function renderCookieMatch(problems: Problems, at: string, s: CanaryMatch['spec']): Record<string, unknown> | undefined {
  if (!checkString(problems, path(at, 'name'), s.name) || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(s.name)) {
    problems.invalid(path(at, 'name'), `${JSON.stringify(s.name)} is not a valid cookie name`);
    return undefined;
  }
  if (!checkString(problems, path(at, 'value'), s.exact)) return undefined;
  const escaped = `${s.name}=${s.exact}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { headers: { cookie: { regex: `^(.*?;\\s*)?(${escaped})(;.*)?$` } } };
}

/**
 * Do two VirtualService hosts overlap, as istiod compares them (`host.Name.Matches`)? Equal names,
 * or a wildcard (`*.example.com`) that covers the other; istiod rejects a VirtualService whose hosts overlap.
 */
export function hostsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const covers = (wild: string, other: string) => wild.startsWith('*') && other.endsWith(wild.slice(1));
  return covers(a, b) || covers(b, a);
}
