import { RE2JS } from 're2js';
import { checkString } from './checks';
import { Problems } from './problems';

/**
 * Regular expressions are read by the engine of whoever runs them, never by JavaScript's:
 * - Istio header matches: istiod validates them with Go's `regexp` (RE2 syntax) and at most 1024
 *   characters (its stand-in for Envoy's RE2 program-size limit); Envoy runs them with RE2. The
 *   check compiles them with re2js, a port of the same RE2 syntax: `(?i)`, `(?P<name>...)` and
 *   `\z` pass; look-around, back-references, `\Z`, `\C` and `[^]` do not.
 * - ingress-nginx's `canary-by-header-pattern`: its annotation validation allows a fixed set of
 *   characters, and its Lua balancer matches with PCRE (`ngx.re.match`).
 */

/** The longest regex istiod accepts in a string match. */
export const ISTIO_MAX_REGEX_LENGTH = 1024;

/** Why RE2 rejects the regex, or undefined when it compiles. */
export function re2Error(regex: string): string | undefined {
  try {
    RE2JS.compile(regex);
    return undefined;
  } catch (e) {
    return String((e as Error)?.message ?? e).replace(/^error parsing regexp: /, '');
  }
}

/** A regex of an Istio (Envoy) string match: non-empty RE2 of at most 1024 characters. */
export function checkEnvoyRegex(problems: Problems, at: string, regex: unknown): regex is string {
  if (!checkString(problems, at, regex)) return false;
  if (regex.length === 0) {
    problems.invalid(at, 'is empty: istiod rejects an empty regex match');
    return false;
  }
  if (regex.length > ISTIO_MAX_REGEX_LENGTH) {
    problems.invalid(at, `is ${regex.length} characters long: istiod accepts at most ${ISTIO_MAX_REGEX_LENGTH} (its bound on Envoy's RE2 program size)`);
    return false;
  }
  const error = re2Error(regex);
  if (error !== undefined) {
    problems.invalid(at, `${JSON.stringify(regex)} is not an RE2 regular expression, the syntax istiod and Envoy accept: ${error}`);
    return false;
  }
  return true;
}

/** The characters ingress-nginx's annotation validation allows in `canary-by-header-pattern`. */
const NGINX_PATTERN_CHARS = /^[/\-._~a-zA-Z0-9:^$[\](){}*+?|&=\\]*$/;

/** The pattern as tokens: an escape (`\x`) or one character. */
function tokens(pattern: string): string[] {
  return pattern.match(/\\[\s\S]?|[\s\S]/g) ?? [];
}

/** Constructs JavaScript accepts that PCRE rejects: an empty class (`[]`, `[^]`), `\u`, a trailing `\c`. */
function javascriptOnly(pattern: string): string | undefined {
  const t = tokens(pattern);
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '[' && (t[i + 1] === ']' || (t[i + 1] === '^' && t[i + 2] === ']'))) return 'PCRE reads "]" right after "[" or "[^" as a literal, so the class is never closed';
    if (t[i] === '\\u') return 'PCRE has no \\u escape';
    if (t[i] === '\\c' && i === t.length - 1) return 'PCRE needs a character after \\c';
  }
  return undefined;
}

function compilesInJavascript(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * A header pattern for ingress-nginx: the characters its annotation validation allows, and a
 * regex PCRE compiles. PCRE is a superset of RE2 and of JavaScript's unicode-mode syntax for the
 * allowed characters (but for the forms `javascriptOnly` names), so either accepting it is enough.
 */
export function checkNginxRegex(problems: Problems, at: string, pattern: unknown): pattern is string {
  if (!checkString(problems, at, pattern)) return false;
  if (pattern.length === 0) {
    problems.invalid(at, 'is empty: ingress-nginx ignores an empty canary-by-header-pattern');
    return false;
  }
  if (!NGINX_PATTERN_CHARS.test(pattern)) {
    problems.invalid(at, `${JSON.stringify(pattern)} has characters ingress-nginx's annotation validation rejects in canary-by-header-pattern: use letters, digits and / - . _ ~ : ^ $ [ ] ( ) { } * + ? | & = \\ only`);
    return false;
  }
  const jsOnly = javascriptOnly(pattern);
  const error = re2Error(pattern);
  if (jsOnly !== undefined || (error !== undefined && !compilesInJavascript(pattern))) {
    problems.invalid(at, `${JSON.stringify(pattern)} is not a PCRE regular expression, which ingress-nginx matches with: ${jsOnly ?? error}`);
    return false;
  }
  return true;
}
