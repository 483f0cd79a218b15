import { checkString } from '../validation/checks';
import { Problems } from '../validation/problems';

/** The HTTPRoute CRD's bound on a path match's value. */
const MAX_PATH = 1024;

/**
 * A path of a `CanaryMatch.pathExact()` / `.pathPrefix()`, checked as the HTTPRoute CRD checks an
 * `Exact` or `PathPrefix` value (its CEL rules), and applied to Istio's `uri` matches too: an
 * absolute path of URI path characters, without `//`, dot segments, an encoded slash or a fragment.
 */
export function checkMatchPath(problems: Problems, at: string, value: unknown): value is string {
  if (!checkString(problems, at, value)) return false;
  const reasons: string[] = [];
  if (!value.startsWith('/')) reasons.push("must start with '/'");
  if (value.length > MAX_PATH) reasons.push(`is ${value.length} characters long, more than the ${MAX_PATH} the HTTPRoute API accepts`);
  for (const bad of ['//', '/./', '/../', '#']) if (value.includes(bad)) reasons.push(`must not contain '${bad}'`);
  if (/%2f/i.test(value)) reasons.push("must not contain an encoded slash ('%2F')");
  if (value.endsWith('/.') || value.endsWith('/..')) reasons.push('must not end with a dot segment');
  if (!/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/.test(value)) reasons.push('must hold only URI path characters (others percent-encoded; no query string)');
  if (reasons.length) problems.invalid(at, `${JSON.stringify(value)} is not a request path to match (the HTTPRoute API's rules): it ${reasons.join(', ')}`);
  return reasons.length === 0;
}
