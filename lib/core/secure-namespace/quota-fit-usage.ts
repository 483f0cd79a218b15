import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import { AppObjects, QuotaFitProblem } from './quota-fit';
import { ResolvedLimits, ResourceMap, Scope, Tracked } from './quota-fit-limits';
import { AnyObject, nameOf, quantities, quantityOf, sum } from './quota-fit-objects';
import { TRACK_LABEL } from '../canary-release/props';
import { path } from '../validation/path';
import { Quantity } from '../values/quantity';

// ---------------------------------------------------------------- apps

interface Amount {
  readonly amount: Quantity;
  readonly expr: string;
  /** Props path of the app the amount comes from (for messages). */
  readonly at: string;
}

export interface AppUsage {
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
  readonly containers: ReadonlyArray<{
    readonly name: string;
    readonly at: string;
    readonly init: boolean;
    readonly sidecar: boolean;
    readonly res: EffectiveResources;
  }>;
  readonly bestEffort: boolean;
}

interface WorkloadModel {
  readonly kind: string;
  readonly name: string;
  /** Where its replica count is set: `replicas`, `canary.autoscaling.maxReplicas`, `spec.replicas`. */
  readonly replicasAt: string;
  readonly pod: PodModel;
  readonly replicas: number;
  readonly autoscaled: boolean;
  readonly surge: number;
  /** Replaced pods that still count against the quota while they terminate, at the rollout's peak. */
  readonly terminating: number;
  readonly claims: ReadonlyArray<{ readonly name: string; readonly storage?: Quantity; readonly at: string }>;
}

export type Add = (p: QuotaFitProblem) => void;

/** What an app uses of each quota'd resource, and the problems of its containers and claims on the way. */
export function appUsage(
  app: AppObjects,
  objects: readonly AnyObject[],
  hpaMax: ReadonlyMap<string, number>,
  limits: ResolvedLimits,
  ns: string,
  add: Add,
): AppUsage {
  const problem: Problem = (at, message) => add({ constructType: app.type, construct: app.name, path: at, message, type: 'conflict' });
  // An object of another library stands alone (its kind is its "type"): paths are in the object.
  const raw = objects.length === 1 && objects[0].kind === app.type;
  const { workloads, services, claims } = collectUsage(objects, hpaMax, limits, ns, problem, raw);
  const several = workloads.length > 1;
  // Containers without a value for a resource the quota tracks are rejected; say so once per quota.
  const missing = new Set<string>();
  return {
    entries(tracked, scope, quotaName, resource) {
      const out: Amount[] = [];
      for (const w of workloads) {
        if (tracked.pod && !scope.matches(w.pod.spec, w.pod.bestEffort)) continue;
        if (RESOURCE_MEASURES.includes(tracked.measure)) {
          const [kind, r] = tracked.measure.split('.') as ['requests' | 'limits', string];
          for (const c of w.pod.containers) {
            const key = `${quotaName}/${resource}/${c.at}`;
            if (!c.res[kind].has(r) && !missing.has(key)) {
              missing.add(key);
              problem(path(c.at, 'resources', resourceProp(r), kind === 'requests' ? 'request' : 'limit'),
                `is not set, and ResourceQuota ${JSON.stringify(quotaName)} in namespace ${JSON.stringify(ns)} tracks ${resource} without a LimitRange default for it: Kubernetes rejects such pods; set it`);
            }
          }
        }
        const amount = workloadAmount(w, tracked.measure, several);
        if (amount) out.push(amount);
      }
      const other = tracked.pod ? undefined : objectsAmount(tracked.measure, services, claims, raw);
      if (other) out.push(other);
      return out;
    },
  };
}

type Problem = (at: string, message: string) => void;

const RESOURCE_MEASURES: readonly string[] = [
  'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'requests.ephemeral-storage', 'limits.ephemeral-storage',
];

/** The container prop of a Kubernetes resource name (`ephemeral-storage` is `resources.ephemeralStorage`). */
function resourceProp(r: string): string {
  return r === 'ephemeral-storage' ? 'ephemeralStorage' : r;
}

/** The app's workloads (as pod models with their peak replicas), Services and claims. */
function collectUsage(
  objects: readonly AnyObject[], hpaMax: ReadonlyMap<string, number>, limits: ResolvedLimits, ns: string, problem: Problem, raw: boolean,
): {
    workloads: WorkloadModel[]; services: AnyObject[]; claims: AnyObject[];
  } {
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
      // A keelson BatchJob's pods at once are its `parallelism`.
      const count = o.kind === 'Job' || o.kind === 'CronJob' ? 'parallelism' : 'replicas';
      const replicasAt = raw ? path('spec', 'replicas') : path(trackOf(o) ?? '', w.autoscaled ? path('autoscaling', 'maxReplicas') : count);
      workloads.push({ kind: o.kind, name: String(o.metadata?.name ?? ''), replicasAt, pod, replicas: w.replicas, autoscaled: w.autoscaled, surge: w.surge, terminating: w.terminating, claims: wClaims });
    } else if (o.kind === 'Service') {
      services.push(o);
    } else if (o.kind === 'PersistentVolumeClaim') {
      claims.push(o);
      const storage = quantityOf(o.spec?.resources?.requests?.storage);
      if (storage) checkClaimSize(limits, ns, `claim ${JSON.stringify(o.metadata?.name ?? '')}`, storage, CLAIM_STORAGE_AT, problem);
    }
  }
  return { workloads, services, claims };
}

/** Where a PersistentVolumeClaim object sets its size. */
const CLAIM_STORAGE_AT = path('spec', 'resources', 'requests', 'storage');

/** The CanaryRelease track a workload runs (its pods' track label), whose props set its replicas. */
function trackOf(o: AnyObject): string | undefined {
  const track = o.spec?.template?.metadata?.labels?.[TRACK_LABEL];
  if (typeof track !== 'string') return undefined;
  // A named version's props are at `versions.<version>`.
  return track === 'stable' || track === 'canary' ? track : path('versions', track);
}

/** What one workload uses of a measure at its peak (replicas, surge and replaced pods still terminating), with how that adds up. */
function workloadAmount(w: WorkloadModel, measure: string, several: boolean): Amount | undefined {
  const prefix = several ? `${w.kind} ${w.name}: ` : '';
  const pods = w.replicas + w.surge + w.terminating;
  // `+ surge 1 + terminating 1`, each optionally times the per-pod amount.
  const extra = (each = '') => `${w.surge ? ` + surge ${w.surge}${each}` : ''}${w.terminating ? ` + terminating ${w.terminating}${each}` : ''}`;
  const replicasText = `${w.replicas} ${w.replicas === 1 ? 'replica' : 'replicas'}${w.autoscaled ? ' (HPA maximum)' : ''}`;
  if (RESOURCE_MEASURES.includes(measure)) {
    const [kind, r] = measure.split('.') as ['requests' | 'limits', string];
    const perPod = podAmount(w.pod, kind, r);
    if (!perPod) return undefined;
    const total = perPod.amount.times(pods);
    return { amount: total, expr: `${prefix}${replicasText} × ${perPod.text}${extra(` × ${perPod.amount}`)} = ${total}`, at: perPod.at };
  }
  if (measure === 'pods') {
    return {
      amount: Quantity.parse(String(pods)),
      expr: `${prefix}${replicasText}${extra()} = ${pods}`,
      at: w.replicasAt,
    };
  }
  if (measure === 'claims' && w.claims.length) {
    const n = w.replicas * w.claims.length;
    return {
      amount: Quantity.parse(String(n)),
      expr: `${prefix}${replicasText} × ${w.claims.length} claim ${w.claims.length === 1 ? 'template' : 'templates'} (${w.claims.map((c) => c.name).join(', ')}) = ${n}`,
      at: 'storage',
    };
  }
  const sized = w.claims.filter((c) => c.storage);
  if (measure !== 'storage' || !sized.length) return undefined;
  const perReplica = sum(sized.map((c) => c.storage!));
  const total = perReplica.times(w.replicas);
  const detail = sized.length === 1 ? `${perReplica} (${sized[0].name})` : `${perReplica} (${sized.map((c) => `${c.name} ${c.storage}`).join(' + ')})`;
  return { amount: total, expr: `${prefix}${replicasText} × ${detail} = ${total}`, at: sized.length > 1 ? 'storage' : sized[0].at };
}

/** What the app's Services and claims use of an object-count or storage measure. */
function objectsAmount(measure: string, services: readonly AnyObject[], claims: readonly AnyObject[], raw: boolean): Amount | undefined {
  // A keelson app's Services come from the ports its containers expose (and the routing's per-track
  // Services); an object of another library is counted as itself.
  const servicesAt = raw ? path('metadata', 'name') : 'containers';
  // A keelson app's LoadBalancer and NodePort Services come from its `exposure`.
  const exposureAt = raw ? path('metadata', 'name') : 'exposure';
  const claimsAt = raw ? CLAIM_STORAGE_AT : 'storage';
  const count = (n: number, expr: string, at: string): Amount | undefined => (n ? { amount: Quantity.parse(String(n)), expr, at } : undefined);
  switch (measure) {
    case 'services':
      return count(services.length, `Services (${services.map(nameOf).join(', ')}) = ${services.length}`, servicesAt);
    case 'loadbalancers': {
      const lbs = services.filter((s) => s.spec?.type === 'LoadBalancer');
      return count(lbs.length, `LoadBalancer Services (${lbs.map(nameOf).join(', ')}) = ${lbs.length}`, exposureAt);
    }
    case 'nodeports': {
      const byService = services.map((s) => ({ s, n: nodePorts(s) })).filter((x) => x.n > 0);
      const n = byService.reduce((acc, x) => acc + x.n, 0);
      return count(n, `node ports (${byService.map((x) => `${nameOf(x.s)} ${x.n}`).join(' + ')}) = ${n}`, exposureAt);
    }
    case 'claims':
      return count(claims.length, `PersistentVolumeClaims (${claims.map(nameOf).join(', ')}) = ${claims.length}`, claimsAt);
    case 'storage': {
      const sized = claims.map((c) => ({ c, q: quantityOf(c.spec?.resources?.requests?.storage) })).filter((x) => x.q);
      if (!sized.length) return undefined;
      const total = sum(sized.map((x) => x.q!));
      return { amount: total, expr: `claims ${sized.map((x) => `${nameOf(x.c)} ${x.q}`).join(' + ')} = ${total}`, at: claimsAt };
    }
    default:
      return undefined;
  }
}

/** A workload's pod template, replicas at their peak, rollout surge and replaced pods still terminating; undefined for other kinds. */
function workloadOf(
  o: AnyObject,
  hpaMax: ReadonlyMap<string, number>,
): { spec: PodSpec; replicas: number; autoscaled: boolean; surge: number; terminating: number } | undefined {
  const name = o.metadata?.name;
  const hpa = hpaMax.get(`${o.kind}/${name}`);
  const replicasOf = (declared: unknown) => (hpa !== undefined ? hpa : typeof declared === 'number' ? declared : 1);
  switch (o.kind) {
    case 'Deployment': {
      const spec = o.spec?.template?.spec;
      if (!spec) return undefined;
      const replicas = replicasOf(o.spec?.replicas);
      const strategy = o.spec?.strategy;
      if (strategy?.type === 'Recreate') return { spec, replicas, autoscaled: hpa !== undefined, surge: 0, terminating: 0 };
      const surge = scaled(strategy?.rollingUpdate?.maxSurge ?? '25%', replicas);
      // The quota counts a pod until it is gone, and the controller scales the new ReplicaSet up as
      // soon as it scales the old one down: up to surge + maxUnavailable replaced pods are still
      // terminating while the next surge is created (seen on a real cluster as FailedCreate events).
      const terminating = surge + scaled(strategy?.rollingUpdate?.maxUnavailable ?? '25%', replicas, 'down');
      return { spec, replicas, autoscaled: hpa !== undefined, surge, terminating };
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
      return { spec, replicas, autoscaled: hpa !== undefined, surge, terminating: 0 };
    }
    case 'StatefulSet':
    case 'ReplicaSet': {
      const spec = o.spec?.template?.spec;
      return spec ? { spec, replicas: replicasOf(o.spec?.replicas), autoscaled: hpa !== undefined, surge: 0, terminating: 0 } : undefined;
    }
    case 'Job': {
      const spec = o.spec?.template?.spec;
      return spec ? { spec, replicas: typeof o.spec?.parallelism === 'number' ? o.spec.parallelism : 1, autoscaled: false, surge: 0, terminating: 0 } : undefined;
    }
    case 'CronJob': {
      const job = o.spec?.jobTemplate?.spec;
      const spec = job?.template?.spec;
      return spec ? { spec, replicas: typeof job?.parallelism === 'number' ? job.parallelism : 1, autoscaled: false, surge: 0, terminating: 0 } : undefined;
    }
    case 'Pod':
      return o.spec ? { spec: o.spec, replicas: 1, autoscaled: false, surge: 0, terminating: 0 } : undefined;
    default:
      return undefined;
  }
}

/** An int-or-percent of `total`, percentages rounded as Kubernetes rounds them (maxSurge up, maxUnavailable down). */
function scaled(value: unknown, total: number, round: 'up' | 'down' = 'up'): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(String(value));
  return m ? (round === 'up' ? Math.ceil : Math.floor)((total * Number(m[1])) / 100) : 0;
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

function checkContainer(res: EffectiveResources, limits: ResolvedLimits, ns: string, at: string, problem: Problem): void {
  const where = `in namespace ${JSON.stringify(ns)}`;
  for (const r of new Set([...res.requests.keys(), ...res.limits.keys()])) {
    const request = res.requests.get(r);
    const limit = res.limits.get(r);
    const rat = path(at, 'resources', resourceProp(r));
    if (request && limit && request.compare(limit) > 0 && res.defaulted.has(`limits.${r}`)) {
      problem(path(rat, 'limit'), `is not set, so the LimitRange ${where} gives the container its default ${r} limit ${limit}, below the request ${request}: Kubernetes would reject the pods; set a ${r} limit of at least ${request}`);
    }
  }
  for (const bounds of limits.container) {
    const lr = `LimitRange ${JSON.stringify(bounds.name)} ${where}`;
    for (const [r, max] of bounds.max) {
      const limit = res.limits.get(r);
      const request = res.requests.get(r);
      const rat = path(at, 'resources', resourceProp(r));
      if (!limit) problem(path(rat, 'limit'), `is not set, and ${lr} has a max ${r} (${max}) but no default limit: Kubernetes would reject the pods; set a ${r} limit`);
      else if (limit.compare(max) > 0) problem(path(rat, 'limit'), `${limit}${res.defaulted.has(`limits.${r}`) ? ' (LimitRange default)' : ''} is above the max ${r} ${max} per container of ${lr}`);
      if (request && request.compare(max) > 0) problem(path(rat, 'request'), `${request}${res.defaulted.has(`requests.${r}`) ? ' (LimitRange default)' : ''} is above the max ${r} ${max} per container of ${lr}`);
    }
    for (const [r, min] of bounds.min) {
      const limit = res.limits.get(r);
      const request = res.requests.get(r);
      const rat = path(at, 'resources', resourceProp(r));
      if (!request) problem(path(rat, 'request'), `is not set, and ${lr} has a min ${r} (${min}): Kubernetes would reject the pods; set a ${r} request`);
      else if (request.compare(min) < 0) problem(path(rat, 'request'), `${request} is below the min ${r} ${min} per container of ${lr}`);
      if (limit && limit.compare(min) < 0) problem(path(rat, 'limit'), `${limit} is below the min ${r} ${min} per container of ${lr}`);
    }
  }
}

function checkClaimSize(limits: ResolvedLimits, ns: string, what: string, storage: Quantity, at: string, problem: Problem): void {
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
    return { amount: largestInit.res[kind].get(r)!, text: `${label(largestInit)} (init container ${largestInit.name})`, at: path(largestInit.at, 'resources', resourceProp(r), prop) };
  }
  if (running.length === 1) return { amount: runningSum, text: label(running[0]), at: path(running[0].at, 'resources', resourceProp(r), prop) };
  return { amount: runningSum, text: `${runningSum} (${running.map((c) => `${c.name} ${label(c)}`).join(' + ')})`, at: 'containers' };
}

/** Node ports a Service allocates, as the quota counts them. */
function nodePorts(s: AnyObject): number {
  const ports: AnyObject[] = Array.isArray(s.spec?.ports) ? s.spec.ports : [];
  if (s.spec?.type === 'NodePort') return ports.length;
  if (s.spec?.type === 'LoadBalancer') return s.spec?.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort !== undefined).length : ports.length;
  return 0;
}
