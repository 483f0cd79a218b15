import { checkHostname, describe } from './checks';
import { path } from './path';
import { Problems } from './problems';

/** The host entry that stands for every host: a list of `"*"` alone. */
export const ANY_HOST = '*';

/** What a host list may hold, and what it is for. */
export interface HostListRules {
  /** Must it name at least one host? Then an empty or missing list is a problem, saying `purpose`. */
  readonly required: boolean;
  /** What the hosts are, for messages: "the host names clients use through the gateway". */
  readonly purpose: string;
  /** At most this many entries (a route's CRD bound). */
  readonly max?: number;
  /**
   * Why `"*"` cannot stand for every host here; undefined where it can (the renderer then writes the
   * target's own form: a rule without `host`, no `hostnames`, `PathPrefix(\`/\`)`, Istio's `*`).
   */
  readonly noAnyHost?: string;
}

/**
 * A list of host names (each a DNS name, optionally `*.`-prefixed, listed once), or `["*"]` for
 * every host where the target has a form for that. Every problem is recorded with its index;
 * undefined when the list is invalid, `[]` when it is optional and missing.
 */
export function resolveHostList(problems: Problems, at: string, value: unknown, rules: HostListRules): string[] | undefined {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    if (!rules.required) return [];
    const anyHint = rules.noAnyHost === undefined ? ' (or "*" for every host)' : '';
    if (value === undefined) problems.required(at, `is required: ${rules.purpose}${anyHint}`);
    else problems.invalid(at, `is empty: list ${rules.purpose}${anyHint}`);
    return undefined;
  }
  if (!Array.isArray(value)) {
    problems.invalid(at, `must be a list of host names, got ${describe(value)}`);
    return undefined;
  }
  const before = problems.count;
  if (rules.max !== undefined && value.length > rules.max) problems.invalid(at, `has ${value.length} host names: at most ${rules.max} are allowed`);
  const seen = new Set<string>();
  if (rules.noAnyHost === undefined && value.length > 1 && value.includes(ANY_HOST)) problems.conflict(at, '"*" already matches every host: list it alone');
  value.forEach((h: unknown, i) => {
    const hostAt = path(at, i);
    if (h === ANY_HOST) {
      if (rules.noAnyHost !== undefined) problems.notSupported(hostAt, `"*" (every host) ${rules.noAnyHost}`);
      return;
    }
    if (!checkHostname(problems, hostAt, h)) return;
    if (seen.has(h as string)) problems.duplicate(hostAt, `${JSON.stringify(h)} is listed twice`);
    seen.add(h as string);
  });
  return problems.count > before ? undefined : [...(value as string[])];
}

/** Is it the list that stands for every host (`["*"]`)? */
export function isAnyHost(hosts: readonly string[]): boolean {
  return hosts.length === 1 && hosts[0] === ANY_HOST;
}
