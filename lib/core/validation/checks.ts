import { path } from './path';
import { Problems } from './problems';
import { KubernetesObjectKind, unknownKeyMessage } from './suggest';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Is `value` a string? Records a problem at `at` when it is not. */
export function checkString(problems: Problems, at: string, value: unknown): value is string {
  if (typeof value === 'string') return true;
  problems.invalid(at, `must be a string, got ${describe(value)}`);
  return false;
}

/** A string of 1..max characters matching `pattern`; records `explain` (after the quoted value) otherwise. */
function checkPattern(problems: Problems, at: string, value: unknown, pattern: RegExp, max: number, explain: string): value is string {
  if (!checkString(problems, at, value)) return false;
  if (value.length === 0 || value.length > max || !pattern.test(value)) {
    problems.invalid(at, `${JSON.stringify(value)} ${explain}`);
    return false;
  }
  return true;
}

/**
 * A name used for an object whose name becomes a DNS label of its own (Service, and so
 * every keelson app): RFC 1035 label, at most 63 characters, starting with a letter.
 */
export function checkDns1035Label(problems: Problems, at: string, value: unknown): value is string {
  return checkPattern(problems, at, value, DNS1035_LABEL, 63,
    "is not a valid name: use at most 63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit (RFC 1035 label)");
}

/** A namespace or other RFC 1123 label: at most 63 lowercase alphanumerics or '-'. */
export function checkDns1123Label(problems: Problems, at: string, value: unknown): value is string {
  return checkPattern(problems, at, value, DNS1123_LABEL, 63,
    "is not a valid DNS-1123 label: use at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit");
}

/** An RFC 1123 subdomain (class names, secret names): at most 253 characters. */
export function checkDns1123Subdomain(problems: Problems, at: string, value: unknown): value is string {
  return checkPattern(problems, at, value, DNS1123_SUBDOMAIN, 253,
    "is not a valid DNS-1123 subdomain: lowercase letters, digits, '-' and '.', at most 253 characters");
}

/** A host name for an Ingress rule; a leading `*.` wildcard is allowed. */
export function checkHostname(problems: Problems, at: string, value: unknown): boolean {
  if (!checkString(problems, at, value)) return false;
  const bare = value.startsWith('*.') ? value.slice(2) : value;
  const labelsOk = bare.split('.').every((l) => l.length > 0 && l.length <= 63 && DNS1123_LABEL.test(l));
  // A single label ("intranet") is a valid host; a wildcard must cover a domain ("*.example.com").
  const wildcardOk = bare === value || bare.includes('.');
  if (!labelsOk || !wildcardOk || bare.length > 253 || /^\d+(\.\d+){3}$/.test(bare)) {
    problems.invalid(
      at,
      `${JSON.stringify(value)} is not a valid host: use a lowercase DNS name (e.g. "shop.example.com", "intranet", optionally "*.example.com"); IP addresses are not allowed`,
    );
    return false;
  }
  return true;
}

/** A label value: at most 63 characters, alphanumerics, '-', '_' and '.', alphanumeric at both ends. */
export function checkLabelValue(problems: Problems, at: string, value: unknown): boolean {
  if (!checkString(problems, at, value)) return false;
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    problems.invalid(
      at,
      `${JSON.stringify(value)} is not a valid label value: at most 63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
    );
    return false;
  }
  return true;
}

/** A label or annotation key: an optional DNS subdomain prefix and a name of at most 63 characters. */
export function checkQualifiedName(problems: Problems, at: string, key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
  if (!prefixOk || name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    problems.invalid(
      at,
      `${JSON.stringify(key)} is not a valid key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`,
    );
    return false;
  }
  return true;
}

/** A port name (IANA service name): at most 15 lowercase alphanumerics or '-', with a letter. */
export function checkPortName(problems: Problems, at: string, value: unknown): boolean {
  if (!checkString(problems, at, value)) return false;
  if (value.length === 0 || value.length > 15 || !IANA_SVC_NAME.test(value) || !/[a-z]/.test(value) || value.includes('--')) {
    problems.invalid(
      at,
      `${JSON.stringify(value)} is not a valid port name: at most 15 lowercase letters, digits or single '-', with at least one letter`,
    );
    return false;
  }
  return true;
}

/** An environment variable name as Kubernetes accepts it. */
export function checkEnvName(problems: Problems, at: string, value: string): boolean {
  if (!ENV_NAME.test(value)) {
    problems.invalid(at, `${JSON.stringify(value)} is not a valid environment variable name: letters, digits, '_', '-' or '.', not starting with a digit`);
    return false;
  }
  return true;
}

/** An integer in [min, max]; records a problem otherwise. */
export function checkInteger(problems: Problems, at: string, value: unknown, min: number, max: number): value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    problems.invalid(at, `must be an integer, got ${describe(value)}`);
    return false;
  }
  if (value < min || value > max) {
    problems.invalid(at, `${value} is out of range: must be between ${min} and ${max}`);
    return false;
  }
  return true;
}

/**
 * A plain record, as props, options and maps are: not null, not an array, and not an instance of a
 * class (a `Map`, a `Date`, a `Port`), whose entries a check would not see. Objects from another
 * realm (a `vm` context) count when their prototype is that realm's `Object.prototype`.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Is this a plain object (see isRecord)? Records a problem when it is not. */
export function checkObject(problems: Problems, at: string, value: unknown): value is Record<string, unknown> {
  if (isRecord(value)) return true;
  problems.invalid(at, `must be an object, got ${describe(value)}`);
  return false;
}

/**
 * Reports properties that are not part of the props interface: from JavaScript or from
 * configuration files a typo would otherwise be ignored without a word. Each comes with what it
 * probably meant (see suggest.ts); `mirrors` are the Kubernetes objects this level stands for.
 */
export function checkKnownKeys(
  problems: Problems, at: string, value: object, known: readonly string[], mirrors: readonly KubernetesObjectKind[] = [], what = 'property',
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key) && (value as Record<string, unknown>)[key] !== undefined) {
      problems.unknown(path(at, key), unknownKeyMessage(key, known, mirrors, what));
    }
  }
}

/** A short description of a value's type, for messages: `null`, `"text"`, `42`, `an array`, `a Map`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value !== 'object') return typeof value;
  if (isRecord(value)) return 'an object';
  const type = className(value);
  return type ? `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}` : 'an object';
}

/** The name of an object's class (`Map`, `Port`), when it has a readable one. */
function className(value: object): string | undefined {
  try {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Trees the container runtime mounts itself: a volume there hides what every process needs. */
const RUNTIME_TREES = ['/proc', '/sys'];

/**
 * A path a volume is mounted at (a writable directory, a claim): absolute and written plainly (no
 * empty, '.' or '..' segment, no trailing '/', so two spellings cannot mount twice at one place),
 * not '/' (the volume would hide the image), and not where the runtime mounts `/proc`, `/sys`
 * or `/dev` (runtimes refuse mounts inside /proc; elsewhere the process loses its devices or kernel view).
 */
export function checkMountPath(problems: Problems, at: string, value: unknown): value is string {
  if (!checkString(problems, at, value)) return false;
  const segments = value.split('/').slice(1);
  if (!value.startsWith('/') || value.includes('\0') || (value !== '/' && segments.some((s) => s === '' || s === '.' || s === '..'))) {
    problems.invalid(at, `${JSON.stringify(value)} must be an absolute path written plainly: '/' then names, without empty, '.' or '..' segments or a trailing '/'`);
    return false;
  }
  if (value === '/') {
    problems.invalid(at, "\"/\" would put an empty volume over the image's whole filesystem, so the container could not start: list the directories it writes to");
    return false;
  }
  if (value === '/dev' || RUNTIME_TREES.some((t) => value === t || value.startsWith(`${t}/`))) {
    problems.invalid(at, `${JSON.stringify(value)} is where the container runtime mounts /proc, /sys or /dev: a volume there hides what processes need, and runtimes refuse mounts inside /proc`);
    return false;
  }
  return true;
}
