import type { EnvFromSource, EnvVar } from 'kubernetes-types/core/v1';
import { ContainerProps } from './props';
import { checkDns1123Subdomain, checkEnvName, checkObject, checkQualifiedName, checkString, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { ConfigReference, EnvFrom, EnvValue } from '../values/env';
import { Quantity } from '../values/quantity';

/** One resolved variable, with the ConfigMap or Secret it reads (for the config hash), when valid. */
export interface ResolvedEnvVar {
  readonly env: EnvVar;
  readonly ref?: ConfigReference;
}

/**
 * Environment variables, whole ConfigMaps/Secrets, and the references they make (for the config
 * hash): the variables' by name, envFrom's in order.
 */
export function resolveContainerEnv(problems: Problems, at: string, c: ContainerProps): {
  env: EnvVar[]; envFrom: EnvFromSource[]; envRefs: Map<string, ConfigReference>; envFromRefs: ConfigReference[];
} {
  const envRefs = new Map<string, ConfigReference>();
  const env: EnvVar[] = [];
  if (c.env !== undefined && checkObject(problems, path(at, 'env'), c.env)) {
    for (const [key, value] of Object.entries(c.env)) {
      const resolved = resolveEnvVar(problems, path(at, 'env', key), key, value);
      if (resolved) {
        env.push(resolved.env);
        if (resolved.ref) envRefs.set(key, resolved.ref);
      }
    }
  }
  const envFrom: EnvFromSource[] = [];
  const envFromRefs: ConfigReference[] = [];
  if (c.envFrom !== undefined) {
    if (!Array.isArray(c.envFrom)) {
      problems.invalid(path(at, 'envFrom'), `must be an array of EnvFrom, got ${describe(c.envFrom)}`);
    } else {
      c.envFrom.forEach((e, j) => {
        const eat = path(at, 'envFrom', j);
        if (!(e instanceof EnvFrom) || !(e.ref instanceof ConfigReference)) {
          problems.invalid(eat, `must be made with EnvFrom.configMap() or EnvFrom.secret() and a name or ConfigReference, got ${describe(e instanceof EnvFrom ? e.ref : e)}`);
          return;
        }
        const refOk = checkConfigReference(problems, eat, e.ref);
        if (e.prefix !== undefined && checkString(problems, path(eat, 'prefix'), e.prefix)) checkEnvName(problems, path(eat, 'prefix'), e.prefix);
        const source = e.ref.kind === 'ConfigMap' ? { configMapRef: { name: e.ref.name } } : { secretRef: { name: e.ref.name } };
        envFrom.push(e.prefix !== undefined ? { prefix: e.prefix, ...source } : source);
        if (refOk) envFromRefs.push(e.ref);
      });
    }
  }

  return { env, envFrom, envRefs, envFromRefs };
}

/** One variable `name` at `at`: its name checked, and its value (undefined when invalid, recorded). */
export function resolveEnvVar(problems: Problems, at: string, name: string, value: unknown): ResolvedEnvVar | undefined {
  checkEnvName(problems, at, name);
  return resolveEnvValue(problems, at, name, value);
}

/** One variable: a literal, a ConfigMap or Secret key, or a pod field; with the reference it makes, when valid. */
function resolveEnvValue(problems: Problems, at: string, name: string, value: unknown): { env: EnvVar; ref?: ConfigReference } | undefined {
  if (typeof value === 'string') return { env: { name, value } };
  if (!(value instanceof EnvValue)) {
    problems.invalid(at, `must be a string or an EnvValue, got ${describe(value)}`);
    return undefined;
  }
  const s = value.source;
  if (s.value !== undefined) {
    return checkString(problems, at, s.value) ? { env: { name, value: s.value } } : undefined;
  }
  if (s.fieldPath !== undefined) {
    if (typeof s.fieldPath !== 'string' || !/^(metadata\.(name|namespace|uid|labels\['[^']+'\]|annotations\['[^']+'\])|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$/.test(s.fieldPath)) {
      problems.invalid(at, `${JSON.stringify(s.fieldPath)} is not a pod field the downward API offers (e.g. metadata.namespace, status.podIP)`);
      return undefined;
    }
    // A label or annotation key, as Kubernetes checks it (a qualified name).
    const subscript = /^metadata\.(?:labels|annotations)\['([^']+)'\]$/.exec(s.fieldPath);
    if (subscript && !checkQualifiedName(problems, at, subscript[1].toLowerCase())) return undefined;
    return { env: { name, valueFrom: { fieldRef: { fieldPath: s.fieldPath } } } };
  }
  if (s.resource !== undefined) return resolveResourceField(problems, at, name, s.resource, s.divisor);
  const ref = s.ref;
  if (!(ref instanceof ConfigReference)) {
    // e.g. EnvValue.fromValue(undefined) or fromConfigMap(null, ...) from JavaScript.
    problems.invalid(at, `must be a string or an EnvValue made with a value, a ConfigMap or Secret (name or ConfigReference) or a field path, got ${describe(s.value ?? ref)}`);
    return undefined;
  }
  const refOk = checkConfigReference(problems, at, ref);
  if (s.optional !== undefined && typeof s.optional !== 'boolean') {
    problems.invalid(path(at, 'optional'), `must be a boolean, got ${describe(s.optional)}`);
  }
  if (typeof s.key !== 'string' || !CONFIG_KEY.test(s.key) || s.key.length > 253) {
    problems.invalid(path(at, 'key'), `${JSON.stringify(s.key)} is not a valid ${ref.kind} key: letters, digits, '-', '_' or '.'`);
  }
  const selector = { name: ref.name, key: s.key as string, ...(s.optional ? { optional: true } : {}) };
  const valueFrom = ref.kind === 'ConfigMap' ? { configMapKeyRef: selector } : { secretKeyRef: selector };
  return { env: { name, valueFrom }, ...(refOk ? { ref } : {}) };
}

export const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

const ENV_RESOURCES = ['requests.cpu', 'limits.cpu', 'requests.memory', 'limits.memory', 'requests.ephemeral-storage', 'limits.ephemeral-storage'];
/** The divisors Kubernetes accepts, by resource (its validation of resourceFieldRef). */
const CPU_DIVISORS = ['1m', '1'];
const BYTE_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];

/** A variable from one of the container's own requests or limits (`EnvValue.fromResource`). */
function resolveResourceField(problems: Problems, at: string, name: string, resource: unknown, divisor: unknown): { env: EnvVar } | undefined {
  if (typeof resource !== 'string' || !ENV_RESOURCES.includes(resource)) {
    problems.notSupported(at, `${describe(resource)} is not a resource the downward API offers to env: use ${ENV_RESOURCES.map((r) => `'${r}'`).join(', ')}`);
    return undefined;
  }
  if (divisor === undefined) return { env: { name, valueFrom: { resourceFieldRef: { resource } } } };
  const allowed = resource.endsWith('.cpu') ? CPU_DIVISORS : BYTE_DIVISORS;
  const q = divisor instanceof Quantity || typeof divisor === 'string' ? Quantity.of(divisor) : undefined;
  // Compared by value, as Kubernetes compares its canonical form (`1000m` is `1`); emitted canonical.
  const match = q?.isValid ? allowed.find((d) => Quantity.parse(d).compare(q) === 0) : undefined;
  if (match === undefined) {
    problems.notSupported(path(at, 'divisor'), `${q ? JSON.stringify(String(divisor)) : describe(divisor)} is not a divisor Kubernetes accepts for ${resource}: use ${allowed.map((d) => `'${d}'`).join(', ')}`);
    return undefined;
  }
  return { env: { name, valueFrom: { resourceFieldRef: { resource, divisor: match } } } };
}

/**
 * A ConfigMap or Secret reference: its name, and what it says of the content (`data`: a map of
 * keys to strings, `revision`: a string), which goes into the config hash. True when it is valid.
 */
export function checkConfigReference(problems: Problems, at: string, ref: ConfigReference): boolean {
  const before = problems.count;
  checkDns1123Subdomain(problems, path(at, 'name'), ref.name);
  const { data, revision } = ref.options;
  if (data !== undefined && checkObject(problems, path(at, 'data'), data)) {
    for (const [k, v] of Object.entries(data)) {
      if (!CONFIG_KEY.test(k) || k.length > 253) problems.invalid(path(at, 'data', k), `${JSON.stringify(k)} is not a valid ${ref.kind} key: letters, digits, '-', '_' or '.'`);
      checkString(problems, path(at, 'data', k), v);
    }
  }
  if (revision !== undefined) checkString(problems, path(at, 'revision'), revision);
  return problems.count === before;
}
