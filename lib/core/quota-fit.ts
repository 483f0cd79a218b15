import type { Container, LimitRange, PodSpec, ResourceQuota } from 'kubernetes-types/core/v1';
import { path } from './validation/path';
import { KeelsonValidationError, ValidationProblem } from './validation/problems';
import { Quantity } from './quantity';
import { SECURE_NAMESPACE, SecureNamespaceManifest } from './secure-namespace';

/**
 * Do the apps placed in a namespace fit its ResourceQuotas and LimitRanges? Kubernetes answers
 * only at admission time, pod by pod: a Deployment is accepted, then its ReplicaSet cannot create
 * pods, and a rollout stalls half way. This check answers at synth time, from the objects alone,
 * modelling what the API server does:
 *
 * - the LimitRange's defaults are given to containers that declare no request or limit (a `max`
 *   without a `default` makes the max the default limit, as the API server does), then every
 *   container is checked against its min and max, and its request against its limit;
 * - a workload's peak is its replicas (the HPA's `maxReplicas` when an HPA targets it) plus the
 *   rolling update's surge (`maxSurge`, percentages rounded up as Kubernetes rounds them), times
 *   its pod's requests or limits (the containers' sum, or the largest init container if larger);
 *   a StatefulSet's claims are its replicas times its volumeClaimTemplates;
 * - every app must fit on its own, and all of them together (every app may roll out at once,
 *   e.g. after a change to shared configuration).
 *
 * Argo Rollouts are counted at twice their replicas with traffic routing or blue/green (both
 * ReplicaSets may be at full size), else with their canary `maxSurge`. DaemonSets are not counted
 * (their pod count is the cluster's node count).
 */

/** A ResourceQuota of the namespace and the props path of what set it (`quota`, `quota.scoped[0]`). */
export interface NamespaceQuota {
  readonly quota: ResourceQuota;
  readonly at: string;
}

/** What the apps in one namespace must fit. */
export interface NamespacePolicy {
  /** The namespace's name. */
  readonly namespace: string;
  readonly quotas: readonly NamespaceQuota[];
  readonly limitRanges: readonly LimitRange[];
  /** The namespace's own objects: an app must not emit one with the same kind and name. */
  readonly objects?: readonly unknown[];
  /**
   * Resources of a container the namespace injects into every pod (the mesh's sidecar proxy): it
   * counts against the quota like the app's own containers.
   */
  readonly injected?: { readonly name: string; readonly requests: Record<string, string>; readonly limits: Record<string, string> };
}

/** One app's objects (as JSON), e.g. a StatelessApp manifest's `objects`. */
export interface AppObjects {
  /** The app's name, for messages (the problems' construct). */
  readonly name: string;
  /** The app's construct type, e.g. `StatelessApp`. */
  readonly type: string;
  readonly objects: readonly unknown[];
}

/** A problem found by the fit check, with the type of the construct it belongs to. */
export interface QuotaFitProblem extends ValidationProblem {
  /** `StatelessApp`, `StatefulApp`, ... for an app's problem; `SecureNamespace` for the apps together. */
  readonly constructType: string;
}

/** The policy a SecureNamespace manifest sets. */
export function namespacePolicy(manifest: SecureNamespaceManifest): NamespacePolicy {
  return {
    namespace: manifest.name,
    quotas: [
      { quota: manifest.resourceQuota, at: 'quota' },
      ...manifest.scopedQuotas.map((quota, i) => ({ quota, at: path('quota', 'scoped', i) })),
    ],
    limitRanges: [manifest.limitRange],
    objects: manifest.objects,
    ...(manifest.meshSidecar ? { injected: manifest.meshSidecar } : {}),
  };
}

/**
 * Throws one KeelsonValidationError listing every way the apps do not fit the namespace. The
 * error's type is the first problem's: the app's type when an app does not fit on its own,
 * `SecureNamespace` when only the apps together do not.
 */
export function checkQuotaFit(policy: NamespacePolicy, apps: readonly AppObjects[]): void {
  const problems = quotaFitProblems(policy, apps);
  if (problems.length === 0) return;
  throw new KeelsonValidationError(problems[0].constructType, problems.map(({ construct, path: at, message, type }) => ({ construct, path: at, message, type })));
}

/** Every way the apps do not fit the namespace's quotas and LimitRanges; empty when they fit. */
export function quotaFitProblems(policy: NamespacePolicy, apps: readonly AppObjects[]): QuotaFitProblem[] {
  const ns = policy.namespace;
  const out: QuotaFitProblem[] = [];
  const seen = new Set<string>();
  const add = (p: QuotaFitProblem) => {
    const key = `${p.construct}\u0000${p.path}\u0000${p.message}`;
    if (!seen.has(key)) out.push(p);
    seen.add(key);
  };

  const limits = { ...resolveLimitRanges(policy.limitRanges), injected: policy.injected };
  const all = apps.map((app) => ({ app, objects: (Array.isArray(app.objects) ? app.objects : []).filter(isObject) }));

  checkPlacement(ns, policy.objects ?? [], all, add);

  // HPAs may belong to another owner than their target (e.g. hand-written next to a keelson app).
  const hpaMax = new Map<string, number>();
  for (const { objects } of all) {
    for (const o of objects) {
      if (o.kind !== 'HorizontalPodAutoscaler') continue;
      const ref = o.spec?.scaleTargetRef;
      if (ref && typeof o.spec?.maxReplicas === 'number') hpaMax.set(`${ref.kind}/${ref.name}`, o.spec.maxReplicas);
    }
  }

  const usages = all.map(({ app, objects }) => appUsage(app, objects, hpaMax, limits, ns, add));

  for (const { quota, at } of policy.quotas) {
    const scope = scopeMatcher(quota);
    if (!scope) continue; // a scope this check does not model: leave it to the API server
    const quotaName = quota.metadata?.name ?? '';
    for (const [resource, hardValue] of Object.entries(quota.spec?.hard ?? {})) {
      const tracked = RESOURCES[resource];
      const hard = quantityOf(hardValue);
      if (!tracked || !hard || (scope.scoped && !tracked.pod)) continue;
      const perApp = usages.map((u, i) => {
        const entries = u.entries(tracked, scope, quotaName, resource);
        return { app: all[i].app, entries, total: sum(entries.map((e) => e.amount)) };
      });
      const quotaText = quotaName === 'default' ? `the quota's ${resource} ${hard}` : `${resource} ${hard} of ResourceQuota ${JSON.stringify(quotaName)}`;
      let anyAlone = false;
      for (const { app, entries, total } of perApp) {
        if (entries.length === 0 || total.compare(hard) <= 0) continue;
        anyAlone = true;
        const [only] = entries;
        const expr = entries.length === 1 ? only.expr : `${entries.map((e) => e.expr).join('; ')}; together ${total}`;
        add({
          type: 'conflict',
          constructType: app.type,
          construct: app.name,
          path: entries.length === 1 ? only.at : '',
          message: `${expr} exceeds ${quotaText} in namespace ${JSON.stringify(ns)}`,
        });
      }
      const users = perApp.filter((p) => p.entries.length > 0);
      const total = sum(users.map((p) => p.total));
      if (!anyAlone && users.length > 1 && total.compare(hard) > 0) {
        add({
          type: 'conflict',
          constructType: SECURE_NAMESPACE,
          construct: ns,
          path: path(at, tracked.prop),
          message: `the apps together need ${users.map((p) => `${p.app.name} ${p.total}`).join(' + ')} = ${total} at their peak, which exceeds ${quotaText} in namespace ${JSON.stringify(ns)}; raise the quota or shrink the apps`,
        });
      }
    }
  }
  // Each app's problems first, in app order, then what only the apps together exceed.
  const order = new Map(apps.map((a, i) => [a.name, i]));
  return out
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);

  function rank(p: QuotaFitProblem): number {
    return p.constructType === SECURE_NAMESPACE && p.construct === ns ? Number.MAX_SAFE_INTEGER : (order.get(p.construct) ?? 0);
  }
}

// ---------------------------------------------------------------- what a quota tracks

/** How a quota resource is used, and the SecureNamespace prop that sets it. */
interface Tracked {
  /** Prop path under `quota` (or `quota.scoped[i]`). */
  readonly prop: string;
  /** Counted on pods (so scoped quotas track it). */
  readonly pod: boolean;
  readonly measure: 'requests.cpu' | 'requests.memory' | 'limits.cpu' | 'limits.memory' | 'pods' | 'services' | 'loadbalancers' | 'nodeports' | 'claims' | 'storage';
}

const RESOURCES: Readonly<Record<string, Tracked>> = {
  'cpu': { prop: 'cpu.request', pod: true, measure: 'requests.cpu' },
  'requests.cpu': { prop: 'cpu.request', pod: true, measure: 'requests.cpu' },
  'memory': { prop: 'memory.request', pod: true, measure: 'requests.memory' },
  'requests.memory': { prop: 'memory.request', pod: true, measure: 'requests.memory' },
  'limits.cpu': { prop: 'cpu.limit', pod: true, measure: 'limits.cpu' },
  'limits.memory': { prop: 'memory.limit', pod: true, measure: 'limits.memory' },
  'pods': { prop: 'pods', pod: true, measure: 'pods' },
  'count/pods': { prop: 'pods', pod: true, measure: 'pods' },
  'services': { prop: 'services', pod: false, measure: 'services' },
  'count/services': { prop: 'services', pod: false, measure: 'services' },
  'services.loadbalancers': { prop: 'loadBalancers', pod: false, measure: 'loadbalancers' },
  'services.nodeports': { prop: 'nodePorts', pod: false, measure: 'nodeports' },
  'persistentvolumeclaims': { prop: 'persistentVolumeClaims', pod: false, measure: 'claims' },
  'count/persistentvolumeclaims': { prop: 'persistentVolumeClaims', pod: false, measure: 'claims' },
  'requests.storage': { prop: 'storage', pod: false, measure: 'storage' },
};

interface Scope {
  /** True when the quota tracks only some pods (and so no Services or claims). */
  readonly scoped: boolean;
  readonly matches: (pod: PodSpec, bestEffort: boolean) => boolean;
}

/** Which pods a quota counts; undefined for scopes this check does not model. */
function scopeMatcher(quota: ResourceQuota): Scope | undefined {
  const tests: Array<(pod: PodSpec, bestEffort: boolean) => boolean> = [];
  for (const scope of quota.spec?.scopes ?? []) {
    const t = SCOPES[scope];
    if (!t) return undefined;
    tests.push(t);
  }
  for (const e of quota.spec?.scopeSelector?.matchExpressions ?? []) {
    const t = SCOPES[e.scopeName];
    if (e.scopeName === 'PriorityClass') {
      const values = e.values ?? [];
      const pc = (pod: PodSpec) => pod.priorityClassName ?? '';
      switch (e.operator) {
        case 'In': tests.push((pod) => values.includes(pc(pod))); break;
        case 'NotIn': tests.push((pod) => !values.includes(pc(pod))); break;
        case 'Exists': tests.push((pod) => pc(pod) !== ''); break;
        case 'DoesNotExist': tests.push((pod) => pc(pod) === ''); break;
        default: return undefined;
      }
    } else if (t && (e.operator === 'Exists' || e.operator === undefined)) {
      tests.push(t);
    } else {
      return undefined;
    }
  }
  return { scoped: tests.length > 0, matches: (pod, bestEffort) => tests.every((t) => t(pod, bestEffort)) };
}

const SCOPES: Readonly<Record<string, (pod: PodSpec, bestEffort: boolean) => boolean>> = {
  BestEffort: (_pod, bestEffort) => bestEffort,
  NotBestEffort: (_pod, bestEffort) => !bestEffort,
  Terminating: (pod) => pod.activeDeadlineSeconds !== undefined,
  NotTerminating: (pod) => pod.activeDeadlineSeconds === undefined,
};

// ---------------------------------------------------------------- LimitRanges

type ResourceMap = Map<string, Quantity>;

interface ResolvedLimits {
  /** The first LimitRange's container defaults win, as the API server applies them in order. */
  readonly defaultRequest: ResourceMap;
  readonly defaultLimit: ResourceMap;
  /** Every LimitRange's bounds apply. */
  readonly container: ReadonlyArray<{ readonly name: string; readonly min: ResourceMap; readonly max: ResourceMap }>;
  readonly claim: ReadonlyArray<{ readonly name: string; readonly min?: Quantity; readonly max?: Quantity }>;
  /** A container injected into every pod (the mesh's sidecar). */
  readonly injected?: NamespacePolicy['injected'];
}

function resolveLimitRanges(ranges: readonly LimitRange[]): ResolvedLimits {
  const defaultRequest: ResourceMap = new Map();
  const defaultLimit: ResourceMap = new Map();
  const container: Array<ResolvedLimits['container'][number]> = [];
  const claim: Array<ResolvedLimits['claim'][number]> = [];
  for (const lr of ranges) {
    const name = lr.metadata?.name ?? '';
    for (const item of lr.spec?.limits ?? []) {
      if (item.type === 'Container') {
        const max = quantities(item.max);
        const min = quantities(item.min);
        // The API server's defaulting of a LimitRange: default ← max, defaultRequest ← default ← min.
        const limit = quantities(item.default);
        for (const [r, q] of max) if (!limit.has(r)) limit.set(r, q);
        const request = quantities(item.defaultRequest);
        for (const [r, q] of limit) if (!request.has(r)) request.set(r, q);
        for (const [r, q] of min) if (!request.has(r)) request.set(r, q);
        for (const [r, q] of request) if (!defaultRequest.has(r)) defaultRequest.set(r, q);
        for (const [r, q] of limit) if (!defaultLimit.has(r)) defaultLimit.set(r, q);
        container.push({ name, min, max });
      } else if (item.type === 'PersistentVolumeClaim') {
        claim.push({ name, min: quantityOf(item.min?.storage), max: quantityOf(item.max?.storage) });
      }
    }
  }
  return { defaultRequest, defaultLimit, container, claim };
}

// ---------------------------------------------------------------- apps

interface Amount {
  readonly amount: Quantity;
  readonly expr: string;
  /** Props path of the app the amount comes from (for messages). */
  readonly at: string;
}

interface AppUsage {
  /** What the app uses of a quota resource, one entry per workload or object. */
  entries(tracked: Tracked, scope: Scope, quotaName: string, resource: string): Amount[];
}

interface EffectiveResources {
  readonly requests: ResourceMap;
  readonly limits: ResourceMap;
  /** Resources whose value came from the LimitRange. */
  readonly defaulted: Set<string>;
}

interface PodModel {
  readonly spec: PodSpec;
  readonly containers: ReadonlyArray<{ readonly name: string; readonly at: string; readonly init: boolean; readonly sidecar: boolean; readonly res: EffectiveResources }>;
  readonly bestEffort: boolean;
}

interface WorkloadModel {
  readonly kind: string;
  readonly name: string;
  readonly pod: PodModel;
  readonly replicas: number;
  readonly autoscaled: boolean;
  readonly surge: number;
  readonly claims: ReadonlyArray<{ readonly name: string; readonly storage?: Quantity; readonly at: string }>;
}

type Add = (p: QuotaFitProblem) => void;

function appUsage(app: AppObjects, objects: readonly AnyObject[], hpaMax: ReadonlyMap<string, number>, limits: ResolvedLimits, ns: string, add: Add): AppUsage {
  const problem = (at: string, message: string) => add({ constructType: app.type, construct: app.name, path: at, message, type: 'conflict' });
  const workloads: WorkloadModel[] = [];
  const services: AnyObject[] = [];
  const claims: AnyObject[] = [];
  for (const o of objects) {
    const w = workloadOf(o, hpaMax);
    if (w) {
      const pod = podModel(w.spec, limits, ns, problem);
      const templates: AnyObject[] = o.kind === 'StatefulSet' && Array.isArray(o.spec?.volumeClaimTemplates) ? o.spec.volumeClaimTemplates : [];
      const wClaims = templates.map((t, i) => {
        const storage = quantityOf(t?.spec?.resources?.requests?.storage);
        const at = path('storage', i, 'size');
        if (storage) checkClaimSize(limits, ns, `claim template ${JSON.stringify(t?.metadata?.name ?? '')}`, storage, at, problem);
        return { name: String(t?.metadata?.name ?? ''), storage, at };
      });
      workloads.push({ kind: o.kind, name: String(o.metadata?.name ?? ''), pod, replicas: w.replicas, autoscaled: w.autoscaled, surge: w.surge, claims: wClaims });
    } else if (o.kind === 'Service') {
      services.push(o);
    } else if (o.kind === 'PersistentVolumeClaim') {
      claims.push(o);
      const storage = quantityOf(o.spec?.resources?.requests?.storage);
      if (storage) checkClaimSize(limits, ns, `claim ${JSON.stringify(o.metadata?.name ?? '')}`, storage, '', problem);
    }
  }
  const several = workloads.length > 1;

  // Containers without a value for a resource the quota tracks are rejected; say so once per quota.
  const missing = new Set<string>();

  return {
    entries(tracked, scope, quotaName, resource) {
      const out: Amount[] = [];
      const prefix = (w: WorkloadModel) => (several ? `${w.kind} ${w.name}: ` : '');
      for (const w of workloads) {
        if (tracked.pod && !scope.matches(w.pod.spec, w.pod.bestEffort)) continue;
        const pods = w.replicas + w.surge;
        const replicasText = `${w.replicas} ${w.replicas === 1 ? 'replica' : 'replicas'}${w.autoscaled ? ' (HPA maximum)' : ''}`;
        switch (tracked.measure) {
          case 'requests.cpu':
          case 'requests.memory':
          case 'limits.cpu':
          case 'limits.memory': {
            const [kind, r] = tracked.measure.split('.') as ['requests' | 'limits', 'cpu' | 'memory'];
            for (const c of w.pod.containers) {
              const key = `${quotaName}/${resource}/${c.at}`;
              if (!c.res[kind].has(r) && !missing.has(key)) {
                missing.add(key);
                problem(path(c.at, 'resources', r, kind === 'requests' ? 'request' : 'limit'),
                  `is not set, and ResourceQuota ${JSON.stringify(quotaName)} in namespace ${JSON.stringify(ns)} tracks ${resource} without a LimitRange default for it: Kubernetes rejects such pods; set it`);
              }
            }
            const perPod = podAmount(w.pod, kind, r);
            if (!perPod) break;
            const total = perPod.amount.times(pods);
            const surge = w.surge ? ` + surge ${w.surge} × ${perPod.amount}` : '';
            out.push({
              amount: total,
              expr: `${prefix(w)}${replicasText} × ${perPod.text}${surge} = ${total}`,
              at: several ? '' : perPod.at,
            });
            break;
          }
          case 'pods':
            out.push({
              amount: Quantity.parse(String(pods)),
              expr: `${prefix(w)}${replicasText}${w.surge ? ` + surge ${w.surge}` : ''} = ${pods}`,
              at: several ? '' : (w.autoscaled ? path('autoscaling', 'maxReplicas') : 'replicas'),
            });
            break;
          case 'claims':
            if (w.claims.length) {
              const n = w.replicas * w.claims.length;
              out.push({
                amount: Quantity.parse(String(n)),
                expr: `${prefix(w)}${replicasText} × ${w.claims.length} claim ${w.claims.length === 1 ? 'template' : 'templates'} (${w.claims.map((c) => c.name).join(', ')}) = ${n}`,
                at: several ? '' : 'storage',
              });
            }
            break;
          case 'storage': {
            const sized = w.claims.filter((c) => c.storage);
            if (sized.length) {
              const perReplica = sum(sized.map((c) => c.storage!));
              const total = perReplica.times(w.replicas);
              const detail = sized.length === 1 ? `${perReplica} (${sized[0].name})` : `${perReplica} (${sized.map((c) => `${c.name} ${c.storage}`).join(' + ')})`;
              out.push({
                amount: total,
                expr: `${prefix(w)}${replicasText} × ${detail} = ${total}`,
                at: several || sized.length > 1 ? (several ? '' : 'storage') : sized[0].at,
              });
            }
            break;
          }
          default:
            break;
        }
      }
      if (!tracked.pod) {
        switch (tracked.measure) {
          case 'services':
            if (services.length) out.push({ amount: Quantity.parse(String(services.length)), expr: `Services (${services.map(nameOf).join(', ')}) = ${services.length}`, at: '' });
            break;
          case 'loadbalancers': {
            const lbs = services.filter((s) => s.spec?.type === 'LoadBalancer');
            if (lbs.length) out.push({ amount: Quantity.parse(String(lbs.length)), expr: `LoadBalancer Services (${lbs.map(nameOf).join(', ')}) = ${lbs.length}`, at: '' });
            break;
          }
          case 'nodeports': {
            const byService = services.map((s) => ({ s, n: nodePorts(s) })).filter((x) => x.n > 0);
            const n = byService.reduce((acc, x) => acc + x.n, 0);
            if (n) out.push({ amount: Quantity.parse(String(n)), expr: `node ports (${byService.map((x) => `${nameOf(x.s)} ${x.n}`).join(' + ')}) = ${n}`, at: '' });
            break;
          }
          case 'claims':
            if (claims.length) out.push({ amount: Quantity.parse(String(claims.length)), expr: `PersistentVolumeClaims (${claims.map(nameOf).join(', ')}) = ${claims.length}`, at: '' });
            break;
          case 'storage': {
            const sized = claims.map((c) => ({ c, q: quantityOf(c.spec?.resources?.requests?.storage) })).filter((x) => x.q);
            if (sized.length) {
              const total = sum(sized.map((x) => x.q!));
              out.push({ amount: total, expr: `claims ${sized.map((x) => `${nameOf(x.c)} ${x.q}`).join(' + ')} = ${total}`, at: '' });
            }
            break;
          }
          default:
            break;
        }
      }
      return out;
    },
  };
}

/** A workload's pod template, replicas at their peak and rollout surge; undefined for other kinds. */
function workloadOf(o: AnyObject, hpaMax: ReadonlyMap<string, number>): { spec: PodSpec; replicas: number; autoscaled: boolean; surge: number } | undefined {
  const name = o.metadata?.name;
  const hpa = hpaMax.get(`${o.kind}/${name}`);
  const replicasOf = (declared: unknown) => (hpa !== undefined ? hpa : typeof declared === 'number' ? declared : 1);
  switch (o.kind) {
    case 'Deployment': {
      const spec = o.spec?.template?.spec;
      if (!spec) return undefined;
      const replicas = replicasOf(o.spec?.replicas);
      const strategy = o.spec?.strategy;
      const surge = strategy?.type === 'Recreate' ? 0 : scaled(strategy?.rollingUpdate?.maxSurge ?? '25%', replicas);
      return { spec, replicas, autoscaled: hpa !== undefined, surge };
    }
    case 'Rollout': {
      // Argo Rollouts: with traffic routing or blue/green both ReplicaSets may run at full size
      // (the stable one is not scaled down until the end); a plain canary surges like a Deployment.
      if (!String(o.apiVersion).startsWith('argoproj.io/')) return undefined;
      const spec = o.spec?.template?.spec;
      if (!spec) return undefined;
      const replicas = replicasOf(o.spec?.replicas);
      const strategy = o.spec?.strategy ?? {};
      const surge = strategy.blueGreen || strategy.canary?.trafficRouting ? replicas : scaled(strategy.canary?.maxSurge ?? '25%', replicas);
      return { spec, replicas, autoscaled: hpa !== undefined, surge };
    }
    case 'StatefulSet':
    case 'ReplicaSet': {
      const spec = o.spec?.template?.spec;
      return spec ? { spec, replicas: replicasOf(o.spec?.replicas), autoscaled: hpa !== undefined, surge: 0 } : undefined;
    }
    case 'Job': {
      const spec = o.spec?.template?.spec;
      return spec ? { spec, replicas: typeof o.spec?.parallelism === 'number' ? o.spec.parallelism : 1, autoscaled: false, surge: 0 } : undefined;
    }
    case 'CronJob': {
      const job = o.spec?.jobTemplate?.spec;
      const spec = job?.template?.spec;
      return spec ? { spec, replicas: typeof job?.parallelism === 'number' ? job.parallelism : 1, autoscaled: false, surge: 0 } : undefined;
    }
    case 'Pod':
      return o.spec ? { spec: o.spec, replicas: 1, autoscaled: false, surge: 0 } : undefined;
    default:
      return undefined;
  }
}

/** An int-or-percent of `total`, percentages rounded up (as Kubernetes rounds maxSurge). */
function scaled(value: unknown, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(String(value));
  return m ? Math.ceil((total * Number(m[1])) / 100) : 0;
}

/**
 * The pod's containers with their resources after the LimitRange's defaults, and the LimitRange's
 * per-container checks (each problem at the container's props path).
 */
function podModel(spec: PodSpec, limits: ResolvedLimits, ns: string, problem: (at: string, message: string) => void): PodModel {
  const list = (cs: Container[] | undefined, prop: 'containers' | 'initContainers', init: boolean) =>
    (cs ?? []).map((c, i) => {
      const at = path(prop, i);
      const res = effectiveResources(c, limits);
      checkContainer(res, limits, ns, at, problem);
      return { name: c.name, at, init, sidecar: init && c.restartPolicy === 'Always', res };
    });
  const containers = [...list(spec.initContainers, 'initContainers', true), ...list(spec.containers, 'containers', false)];
  if (limits.injected) {
    // Injected after admission of the template, but counted in the pod's quota all the same.
    const res = { requests: quantities(limits.injected.requests), limits: quantities(limits.injected.limits), defaulted: new Set<string>() };
    containers.push({ name: `${limits.injected.name} (injected)`, at: 'containers', init: false, sidecar: false, res });
  }
  const bestEffort = containers.every((c) => c.res.requests.size === 0 && c.res.limits.size === 0);
  return { spec, containers, bestEffort };
}

function effectiveResources(c: Container, limits: ResolvedLimits): EffectiveResources {
  const requests = quantities(c.resources?.requests);
  const declaredLimits = quantities(c.resources?.limits);
  // API defaulting first: a request left out equals the limit.
  for (const [r, q] of declaredLimits) if (!requests.has(r)) requests.set(r, q);
  const defaulted = new Set<string>();
  for (const [r, q] of limits.defaultRequest) {
    if (!requests.has(r)) {
      requests.set(r, q);
      defaulted.add(`requests.${r}`);
    }
  }
  const all = new Map(declaredLimits);
  for (const [r, q] of limits.defaultLimit) {
    if (!all.has(r)) {
      all.set(r, q);
      defaulted.add(`limits.${r}`);
    }
  }
  return { requests, limits: all, defaulted };
}

function checkContainer(res: EffectiveResources, limits: ResolvedLimits, ns: string, at: string, problem: (at: string, message: string) => void): void {
  const where = `in namespace ${JSON.stringify(ns)}`;
  for (const r of new Set([...res.requests.keys(), ...res.limits.keys()])) {
    const request = res.requests.get(r);
    const limit = res.limits.get(r);
    const rat = path(at, 'resources', r);
    if (request && limit && request.compare(limit) > 0 && res.defaulted.has(`limits.${r}`)) {
      problem(path(rat, 'limit'), `is not set, so the LimitRange ${where} gives the container its default ${r} limit ${limit}, below the request ${request}: Kubernetes would reject the pods; set a ${r} limit of at least ${request}`);
    }
  }
  for (const bounds of limits.container) {
    const lr = `LimitRange ${JSON.stringify(bounds.name)} ${where}`;
    for (const [r, max] of bounds.max) {
      const limit = res.limits.get(r);
      const request = res.requests.get(r);
      const rat = path(at, 'resources', r);
      if (!limit) problem(path(rat, 'limit'), `is not set, and ${lr} has a max ${r} (${max}) but no default limit: Kubernetes would reject the pods; set a ${r} limit`);
      else if (limit.compare(max) > 0) problem(path(rat, 'limit'), `${limit}${res.defaulted.has(`limits.${r}`) ? ' (LimitRange default)' : ''} is above the max ${r} ${max} per container of ${lr}`);
      if (request && request.compare(max) > 0) problem(path(rat, 'request'), `${request}${res.defaulted.has(`requests.${r}`) ? ' (LimitRange default)' : ''} is above the max ${r} ${max} per container of ${lr}`);
    }
    for (const [r, min] of bounds.min) {
      const limit = res.limits.get(r);
      const request = res.requests.get(r);
      const rat = path(at, 'resources', r);
      if (!request) problem(path(rat, 'request'), `is not set, and ${lr} has a min ${r} (${min}): Kubernetes would reject the pods; set a ${r} request`);
      else if (request.compare(min) < 0) problem(path(rat, 'request'), `${request} is below the min ${r} ${min} per container of ${lr}`);
      if (limit && limit.compare(min) < 0) problem(path(rat, 'limit'), `${limit} is below the min ${r} ${min} per container of ${lr}`);
    }
  }
}

function checkClaimSize(limits: ResolvedLimits, ns: string, what: string, storage: Quantity, at: string, problem: (at: string, message: string) => void): void {
  for (const b of limits.claim) {
    const lr = `LimitRange ${JSON.stringify(b.name)} in namespace ${JSON.stringify(ns)}`;
    if (b.max && storage.compare(b.max) > 0) problem(at, `${what} requests ${storage}, above the max storage ${b.max} per PersistentVolumeClaim of ${lr}`);
    if (b.min && storage.compare(b.min) < 0) problem(at, `${what} requests ${storage}, below the min storage ${b.min} per PersistentVolumeClaim of ${lr}`);
  }
}

/**
 * A pod's request or limit of one resource, as the scheduler and the quota count it: the regular
 * containers' sum (plus sidecar init containers), or the largest init container if that is more.
 */
function podAmount(pod: PodModel, kind: 'requests' | 'limits', r: string): { amount: Quantity; text: string; at: string } | undefined {
  const running = pod.containers.filter((c) => !c.init || c.sidecar).filter((c) => c.res[kind].has(r));
  const inits = pod.containers.filter((c) => c.init && !c.sidecar).filter((c) => c.res[kind].has(r));
  if (running.length === 0 && inits.length === 0) return undefined;
  const label = (c: PodModel['containers'][number]) => `${c.res[kind].get(r)}${c.res.defaulted.has(`${kind}.${r}`) ? ' [LimitRange default]' : ''}`;
  const runningSum = sum(running.map((c) => c.res[kind].get(r)!));
  const largestInit = inits.reduce<PodModel['containers'][number] | undefined>((best, c) => (!best || c.res[kind].get(r)!.compare(best.res[kind].get(r)!) > 0 ? c : best), undefined);
  const prop = kind === 'requests' ? 'request' : 'limit';
  if (largestInit && largestInit.res[kind].get(r)!.compare(runningSum) > 0) {
    return { amount: largestInit.res[kind].get(r)!, text: `${label(largestInit)} (init container ${largestInit.name})`, at: path(largestInit.at, 'resources', r, prop) };
  }
  if (running.length === 1) return { amount: runningSum, text: label(running[0]), at: path(running[0].at, 'resources', r, prop) };
  return { amount: runningSum, text: `${runningSum} (${running.map((c) => `${c.name} ${label(c)}`).join(' + ')})`, at: 'containers' };
}

/** Node ports a Service allocates, as the quota counts them. */
function nodePorts(s: AnyObject): number {
  const ports: AnyObject[] = Array.isArray(s.spec?.ports) ? s.spec.ports : [];
  if (s.spec?.type === 'NodePort') return ports.length;
  if (s.spec?.type === 'LoadBalancer') return s.spec?.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort !== undefined).length : ports.length;
  return 0;
}

// ---------------------------------------------------------------- placement

/** Kinds that live outside namespaces: they never clash with the namespace's objects. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass', 'IngressClass', 'PersistentVolume', 'CustomResourceDefinition', 'RuntimeClass']);

/** Every app's objects are in the namespace, and none has the kind and name of another object there. */
function checkPlacement(ns: string, own: readonly unknown[], all: ReadonlyArray<{ app: AppObjects; objects: readonly AnyObject[] }>, add: Add): void {
  const owners = new Map<string, string>();
  const keyOf = (o: AnyObject) => `${String(o.apiVersion).split('/').slice(0, -1).join('/')}/${o.kind}/${o.metadata?.name}`;
  for (const o of own.filter(isObject)) if (!CLUSTER_SCOPED.has(o.kind)) owners.set(keyOf(o), `SecureNamespace ${JSON.stringify(ns)}`);
  for (const { app, objects } of all) {
    let misplaced = false;
    for (const o of objects) {
      if (CLUSTER_SCOPED.has(o.kind)) continue;
      const objectNs = o.metadata?.namespace;
      if (objectNs !== ns && !misplaced) {
        misplaced = true;
        add({
          type: 'conflict',
          constructType: app.type,
          construct: app.name,
          path: 'namespace',
          message: objectNs === undefined
            ? `is not set, so the app's objects would go to the default namespace, not ${JSON.stringify(ns)} where the app is placed`
            : `${JSON.stringify(objectNs)} is not the namespace ${JSON.stringify(ns)} where the app is placed; leave namespace out`,
        });
      }
      const key = keyOf(o);
      const owner = owners.get(key);
      if (owner !== undefined && owner !== `${app.type} ${JSON.stringify(app.name)}`) {
        add({
          type: 'duplicate',
          constructType: app.type,
          construct: app.name,
          path: 'name',
          message: `the app's ${o.kind} ${JSON.stringify(o.metadata?.name)} has the name of one that ${owner} emits in namespace ${JSON.stringify(ns)}; rename the app`,
        });
      }
      if (owner === undefined) owners.set(key, `${app.type} ${JSON.stringify(app.name)}`);
    }
  }
}

// ---------------------------------------------------------------- helpers

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyObject = Record<string, any>;

function isObject(o: unknown): o is AnyObject {
  return typeof o === 'object' && o !== null && !Array.isArray(o) && typeof (o as AnyObject).kind === 'string';
}

function nameOf(o: AnyObject): string {
  return String(o.metadata?.name ?? '');
}

function quantityOf(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const q = Quantity.parse(String(value));
  return q.isValid ? q : undefined;
}

function quantities(map: Record<string, unknown> | undefined): ResourceMap {
  const out: ResourceMap = new Map();
  for (const [k, v] of Object.entries(map ?? {})) {
    const q = quantityOf(v);
    if (q) out.set(k, q);
  }
  return out;
}

function sum(values: readonly Quantity[]): Quantity {
  return values.reduce((a, b) => a.plus(b), Quantity.parse('0'));
}
