/**
 * Validates emitted objects against the Kubernetes OpenAPI-derived JSON schemas shipped by the
 * `kubernetes-models` package (v4.5.1, generated from Kubernetes 1.33: it knows
 * `lifecycle.*.sleep`, `topologySpreadConstraints[].matchLabelKeys`/`nodeTaintsPolicy` and
 * `PodDisruptionBudget.spec.unhealthyPodEvictionPolicy`).
 *
 * Note: those schemas do not set `additionalProperties: false`, so an unknown field (a typo such
 * as `nodeTaintPolicy`) passes schema validation. Types, formats (int32, quantity), enums and
 * required fields are checked. `validateObject` adds the API server's metadata checks (name,
 * namespace, label and annotation syntax), which the OpenAPI schema does not express.
 */

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/** apiVersion/kind → module path inside kubernetes-models. */
const MODELS: Readonly<Record<string, string>> = {
  'v1/ServiceAccount': 'kubernetes-models/v1/ServiceAccount',
  'v1/Service': 'kubernetes-models/v1/Service',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Secret': 'kubernetes-models/v1/Secret',
  'v1/Namespace': 'kubernetes-models/v1/Namespace',
  'v1/Pod': 'kubernetes-models/v1/Pod',
  'v1/PersistentVolumeClaim': 'kubernetes-models/v1/PersistentVolumeClaim',
  'v1/ResourceQuota': 'kubernetes-models/v1/ResourceQuota',
  'v1/LimitRange': 'kubernetes-models/v1/LimitRange',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'apps/v1/StatefulSet': 'kubernetes-models/apps/v1/StatefulSet',
  'apps/v1/DaemonSet': 'kubernetes-models/apps/v1/DaemonSet',
  'batch/v1/Job': 'kubernetes-models/batch/v1/Job',
  'batch/v1/CronJob': 'kubernetes-models/batch/v1/CronJob',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler': 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/NetworkPolicy': 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
  'networking.k8s.io/v1/Ingress': 'kubernetes-models/networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/IngressClass': 'kubernetes-models/networking.k8s.io/v1/IngressClass',
  'rbac.authorization.k8s.io/v1/Role': 'kubernetes-models/rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  // The VPA CRD's schema (@kubernetes-models/autoscaler 3.3.4, CommonJS): checks updateMode, targetRef and containerPolicies.
  'autoscaling.k8s.io/v1/VerticalPodAutoscaler': '@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler',
  // CanaryRelease. Istio's CRD schemas (@kubernetes-models/istio 2.3.0) ship networking.istio.io
  // v1beta1 only; keelson emits v1 by default. Istio promoted the v1beta1 APIs to v1 unchanged (the
  // same schema), so v1 objects are validated with the v1beta1 schema, their apiVersion swapped to
  // v1beta1 for the check (the schema pins apiVersion): see VALIDATE_AS.
  'networking.istio.io/v1/DestinationRule': '@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule',
  'networking.istio.io/v1/VirtualService': '@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService',
  'networking.istio.io/v1beta1/DestinationRule': '@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule',
  'networking.istio.io/v1beta1/VirtualService': '@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService',
  // SecureNamespace. The package ships security.istio.io/v1 AuthorizationPolicy, but PeerAuthentication
  // and Sidecar only as v1beta1: their v1 schemas are v1beta1's (promoted unchanged), see VALIDATE_AS.
  'security.istio.io/v1/PeerAuthentication': '@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication',
  'security.istio.io/v1/AuthorizationPolicy': '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy',
  'networking.istio.io/v1/Sidecar': '@kubernetes-models/istio/networking.istio.io/v1beta1/Sidecar',
  // Gateway API 1.x CRD schema (@kubernetes-models/gateway-api 0.5.1) and Argo Rollouts' (0.3.2).
  'gateway.networking.k8s.io/v1/HTTPRoute': '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute',
  // Exposure: GRPCRoute ships as v1alpha2 only there (promoted to v1 unchanged in Gateway API 1.1), and Istio's Gateway as v1beta1.
  'gateway.networking.k8s.io/v1/GRPCRoute': '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/GRPCRoute',
  'networking.istio.io/v1/Gateway': '@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway',
  'argoproj.io/v1alpha1/Rollout': '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout',
  'argoproj.io/v1alpha1/AnalysisTemplate': '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate',
};

/**
 * Kinds validated with their CRD's own openAPIV3Schema, as `crds/*.json` vendors it (no
 * kubernetes-models package ships them): Traefik's (see `source` in the file); unlike the packages'
 * schemas these refuse unknown fields, as the API server's pruning would drop them.
 */
const CRD_SCHEMAS: Readonly<Record<string, object>> = {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ...(require('./crds/traefik.json') as { kinds: Record<string, object> }).kinds,
  // Flagger's Canary (see `source` in the file).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ...(require('./crds/flagger.json') as { kinds: Record<string, object> }).kinds,
};

/** The structural-schema keywords a CRD's openAPIV3Schema uses (those in `crds/*.json`). */
interface CrdSchema {
  readonly 'type'?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly 'properties'?: Readonly<Record<string, CrdSchema>>;
  readonly 'required'?: readonly string[];
  readonly 'additionalProperties'?: boolean | CrdSchema;
  readonly 'items'?: CrdSchema;
  readonly 'enum'?: readonly unknown[];
  readonly 'minimum'?: number;
  readonly 'maximum'?: number;
  readonly 'anyOf'?: readonly CrdSchema[];
  readonly 'x-kubernetes-int-or-string'?: boolean;
}

/** Where `value` breaks `schema`, as the API server's structural validation would see it (`at`: the field path). */
function crdProblems(schema: CrdSchema, value: unknown, at: string): string[] {
  if (schema['x-kubernetes-int-or-string']) {
    return Number.isInteger(value) || typeof value === 'string' ? [] : [`${at}: must be an integer or a string, got ${JSON.stringify(value)}`];
  }
  if (schema.anyOf && !schema.anyOf.some((s) => crdProblems(s, value, at).length === 0)) return [`${at}: matches none of anyOf`];
  const out: string[] = [];
  const t = schema.type;
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (t === 'object' && !isObject) return [`${at}: must be an object`];
  if (t === 'array' && !Array.isArray(value)) return [`${at}: must be an array`];
  if (t === 'string' && typeof value !== 'string') return [`${at}: must be a string`];
  if (t === 'integer' && !Number.isInteger(value)) return [`${at}: must be an integer`];
  if (t === 'number' && typeof value !== 'number') return [`${at}: must be a number`];
  if (t === 'boolean' && typeof value !== 'boolean') return [`${at}: must be a boolean`];
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: must be one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: must be at least ${schema.minimum}`);
  if (typeof value === 'number' && schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: must be at most ${schema.maximum}`);
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => out.push(...crdProblems(schema.items!, v, `${at}[${i}]`)));
  if (isObject) {
    const o = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in o)) out.push(`${at}.${r}: is required`);
    for (const [k, v] of Object.entries(o)) {
      const p = schema.properties?.[k];
      if (p) out.push(...crdProblems(p, v, `${at}.${k}`));
      else if (schema.additionalProperties === false) out.push(`${at}.${k}: is not a field of the schema`);
      else if (typeof schema.additionalProperties === 'object') out.push(...crdProblems(schema.additionalProperties, v, `${at}.${k}`));
    }
  }
  return out;
}

/** A ModelClass over a CRD schema. */
function crdModel(key: string, schema: object): ModelClass {
  return class {
    constructor(private readonly data: unknown) {}
    public validate(): void {
      const problems = crdProblems(schema as CrdSchema, this.data, key);
      if (problems.length) throw new Error(problems.join('; '));
    }
  };
}

/** Kinds validated with another version's identical schema: the apiVersion swapped in for the check. */
const VALIDATE_AS: Readonly<Record<string, string>> = {
  'networking.istio.io/v1/DestinationRule': 'networking.istio.io/v1beta1',
  'networking.istio.io/v1/VirtualService': 'networking.istio.io/v1beta1',
  'security.istio.io/v1/PeerAuthentication': 'security.istio.io/v1beta1',
  'networking.istio.io/v1/Sidecar': 'networking.istio.io/v1beta1',
  'gateway.networking.k8s.io/v1/GRPCRoute': 'gateway.networking.k8s.io/v1alpha2',
  'networking.istio.io/v1/Gateway': 'networking.istio.io/v1beta1',
};

/** Kinds that live outside namespaces. */
const CLUSTER_SCOPED = new Set(['v1/Namespace', 'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'networking.k8s.io/v1/IngressClass']);

const cache = new Map<string, ModelClass>();

function modelFor(apiVersion: string, kind: string): ModelClass {
  const key = `${apiVersion}/${kind}`;
  const cached = cache.get(key);
  if (cached) return cached;
  if (CRD_SCHEMAS[key]) {
    const model = crdModel(key, CRD_SCHEMAS[key]);
    cache.set(key, model);
    return model;
  }
  const modulePath = MODELS[key];
  if (!modulePath) {
    throw new Error(`validateObject: no schema registered for apiVersion ${JSON.stringify(apiVersion)} kind ${JSON.stringify(kind)}; add it to test/helpers/schema.ts`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as Record<string, ModelClass>;
  const model = mod[kind];
  if (typeof model !== 'function') throw new Error(`validateObject: ${modulePath} does not export ${kind}`);
  cache.set(key, model);
  return model;
}

/** The apiVersion/kind pairs validateObject knows. */
export function knownKinds(): string[] {
  return [...Object.keys(MODELS), ...Object.keys(CRD_SCHEMAS)];
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function qualifiedKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `prefix of ${JSON.stringify(key)} is not a DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return `${JSON.stringify(key)} is not a qualified name`;
  return undefined;
}

/** The API server's metadata validation, which the OpenAPI schema does not carry. */
export function metadataProblems(obj: { apiVersion: string; kind: string; metadata?: Record<string, unknown> }): string[] {
  const out: string[] = [];
  const meta = obj.metadata ?? {};
  const name = meta.name;
  if (typeof name !== 'string' || name.length === 0 || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    out.push(`metadata.name ${JSON.stringify(name)} is not a DNS-1123 subdomain`);
  }
  // Services and namespaces need DNS labels (names become DNS names).
  if ((obj.kind === 'Service' || obj.kind === 'Namespace') && typeof name === 'string' && (name.length > 63 || !DNS1123_LABEL.test(name))) {
    out.push(`metadata.name ${JSON.stringify(name)} is not a DNS-1123 label`);
  }
  if (meta.namespace !== undefined) {
    if (CLUSTER_SCOPED.has(`${obj.apiVersion}/${obj.kind}`)) out.push('metadata.namespace is set on a cluster-scoped object');
    if (typeof meta.namespace !== 'string' || meta.namespace.length > 63 || !DNS1123_LABEL.test(meta.namespace)) {
      out.push(`metadata.namespace ${JSON.stringify(meta.namespace)} is not a DNS-1123 label`);
    }
  }
  for (const [key, value] of Object.entries((meta.labels ?? {}) as Record<string, unknown>)) {
    const p = qualifiedKeyProblem(key);
    if (p) out.push(`metadata.labels: ${p}`);
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) out.push(`metadata.labels[${key}]: ${JSON.stringify(value)} is not a label value`);
  }
  for (const [key, value] of Object.entries((meta.annotations ?? {}) as Record<string, unknown>)) {
    const p = qualifiedKeyProblem(key);
    if (p) out.push(`metadata.annotations: ${p}`);
    if (typeof value !== 'string') out.push(`metadata.annotations[${key}] is not a string`);
  }
  return out;
}

/**
 * Values JSON/YAML cannot carry faithfully: NaN and Infinity (become null), functions, symbols,
 * bigints, class instances (e.g. a Quantity leaking into output) and explicit nulls (the
 * generated validators accept null for optional fields, so they are caught here instead).
 */
export function jsonProblems(value: unknown, at = ''): string[] {
  if (value === null) return [`${at || '<root>'}: null`];
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return [];
    case 'number':
      return Number.isFinite(value) ? [] : [`${at}: non-finite number ${value}`];
    case 'object': {
      if (Array.isArray(value)) return value.flatMap((v, i) => (v === undefined ? [`${at}[${i}]: undefined in array`] : jsonProblems(v, `${at}[${i}]`)));
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return [`${at}: not a plain object (${(value as object).constructor?.name})`];
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (v === undefined ? [] : jsonProblems(v, at ? `${at}.${k}` : k)));
    }
    default:
      return [`${at}: ${typeof value}`];
  }
}

/**
 * Throws (with the ajv error text) unless `obj` is valid against the Kubernetes schema for its
 * apiVersion/kind. An apiVersion/kind without a registered schema throws too: nothing passes
 * silently.
 */
export function validateObject(obj: unknown): void {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new Error(`validateObject: not an object: ${JSON.stringify(obj)}`);
  const o = obj as { apiVersion?: unknown; kind?: unknown; metadata?: Record<string, unknown> };
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
    throw new Error(`validateObject: apiVersion and kind must be strings, got ${JSON.stringify(o.apiVersion)} ${JSON.stringify(o.kind)}`);
  }
  const Model = modelFor(o.apiVersion, o.kind);
  const json = jsonProblems(obj);
  if (json.length) throw new Error(`${o.apiVersion} ${o.kind} ${JSON.stringify(o.metadata?.name)} does not serialise faithfully: ${json.join('; ')}`);
  // JSON round trip: what a YAML/JSON consumer sees (drops undefined, rejects functions/NaN as null).
  const data = JSON.parse(JSON.stringify(obj));
  try {
    const validateAs = VALIDATE_AS[`${o.apiVersion}/${o.kind}`];
    new Model(validateAs ? { ...data, apiVersion: validateAs } : data).validate();
  } catch (e) {
    throw new Error(`${o.apiVersion} ${o.kind} ${JSON.stringify(o.metadata?.name)} is not schema-valid: ${(e as Error).message}`);
  }
  const meta = metadataProblems(data);
  if (meta.length) throw new Error(`${o.apiVersion} ${o.kind} ${JSON.stringify(o.metadata?.name)}: ${meta.join('; ')}`);
}

/** Schema problems of every object, one string per invalid object (every kind keelson emits; see MODELS). */
export function schemaProblems(objects: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    try {
      validateObject(o);
    } catch (e) {
      out.push((e as Error).message);
    }
  }
  return out;
}

/** Validates every object; throws one error listing every invalid object. */
export function validateAll(objects: readonly unknown[]): void {
  const errors = schemaProblems(objects);
  if (errors.length) throw new Error(errors.join('\n'));
}
