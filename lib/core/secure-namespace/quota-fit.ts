import type { LimitRange, ResourceQuota } from 'kubernetes-types/core/v1';
import { NamespaceMesh, meshFitProblems } from './mesh-fit';
import { SECURE_NAMESPACE, SecureNamespaceManifest } from './props';
import { RESOURCES, resolveLimitRanges, scopeMatcher } from './quota-fit-limits';
import { AnyObject, isObject, quantityOf, sum } from './quota-fit-objects';
import { Add, AppUsage, appUsage } from './quota-fit-usage';
import { CLUSTER_SCOPED } from '../validation/emitted';
import { path } from '../validation/path';
import { KeelsonValidationError, ValidationProblem } from '../validation/problems';
import type { Quantity } from '../values/quantity';

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
 *   rolling update's surge (`maxSurge`, percentages rounded up as Kubernetes rounds them) plus,
 *   for a Deployment, the replaced pods still terminating (`maxSurge` + `maxUnavailable`, the
 *   latter's percentages rounded down): the quota counts a pod until it is gone, and the
 *   Deployment controller creates the next surge pods as soon as it scales the old ReplicaSet
 *   down. StatefulSets (the controller waits for a pod to be gone before recreating it) and
 *   `Recreate` have neither. That many pods, times
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
  /** The namespace's mesh, when it has one: the apps must work with it (see mesh-fit.ts). */
  readonly mesh?: NamespaceMesh;
  /** The Pod Security level the namespace enforces (`pod-security.kubernetes.io/enforce`): the apps' pods must pass it. */
  readonly podSecurity?: string;
}

/** One app's objects (as JSON), e.g. a StatelessApp manifest's `objects`. */
export interface AppObjects {
  /** The app's name, for messages (the problems' construct). */
  readonly name: string;
  /** The app's construct type, e.g. `StatelessApp`. */
  readonly type: string;
  /** The app's Kubernetes objects as plain JSON: the workloads' pod templates are what the check sizes. */
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
    ...(manifest.peerAuthentication ? {
      mesh: {
        mtls: manifest.peerAuthentication.spec.mtls.mode,
        allowedNamespaces: manifest.authorizationPolicies
          .flatMap((p) => (p.spec.rules ?? []).flatMap((r) => (r.from ?? []).flatMap((f) => f.source.namespaces ?? []))),
        allowedPrincipals: manifest.authorizationPolicies
          .flatMap((p) => (p.spec.rules ?? []).flatMap((r) => (r.from ?? []).flatMap((f) => f.source.principals ?? []))),
      },
    } : {}),
    ...enforcedLevel(manifest.namespace),
  };
}

/** The Pod Security level a Namespace object enforces, as a policy field (none when unlabelled). */
export function enforcedLevel(namespace: { metadata?: { labels?: Record<string, string> } } | undefined): { podSecurity?: string } {
  const level = namespace?.metadata?.labels?.[ENFORCE_LABEL];
  return level !== undefined ? { podSecurity: level } : {};
}

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * Throws one KeelsonValidationError listing every way the apps do not fit the namespace. The
 * error's type is the first problem's: the app's type when an app does not fit on its own,
 * `SecureNamespace` when only the apps together do not.
 */
export function checkQuotaFit(policy: NamespacePolicy, apps: readonly AppObjects[]): void {
  const problems = quotaFitProblems(policy, apps);
  if (problems.length === 0) return;
  throw new KeelsonValidationError(
    problems[0].constructType,
    problems.map(({ construct, path: at, message, type }) => ({ construct, path: at, message, type })),
  );
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
  meshFitProblems(ns, policy.mesh, all, add);
  if (policy.podSecurity === 'restricted') restrictedFitProblems(ns, all, add);
  const hpaMax = hpaMaxima(all.map((a) => a.objects));
  const usages = all.map(({ app, objects }) => ({ app, usage: appUsage(app, objects, hpaMax, limits, ns, add) }));
  for (const { quota, at } of policy.quotas) checkQuota(quota, at, ns, usages, add);
  // Each app's problems first, in app order, then what only the apps together exceed.
  const order = new Map(apps.map((a, i) => [a.name, i]));
  const together = (p: QuotaFitProblem) => p.constructType === SECURE_NAMESPACE && p.construct === ns;
  const rank = (p: QuotaFitProblem) => (together(p) ? Number.MAX_SAFE_INTEGER : (order.get(p.construct) ?? 0));
  return out
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

/** The HPAs' maxima by target; an HPA may belong to another owner than its target (e.g. hand-written next to a keelson app). */
function hpaMaxima(objectLists: ReadonlyArray<readonly AnyObject[]>): Map<string, number> {
  const hpaMax = new Map<string, number>();
  for (const objects of objectLists) {
    for (const o of objects) {
      if (o.kind !== 'HorizontalPodAutoscaler') continue;
      const ref = o.spec?.scaleTargetRef;
      if (ref && typeof o.spec?.maxReplicas === 'number') hpaMax.set(`${ref.kind}/${ref.name}`, o.spec.maxReplicas);
    }
  }
  return hpaMax;
}

/** One ResourceQuota: each app that alone exceeds a tracked resource, or else the apps together. */
function checkQuota(quota: ResourceQuota, at: string, ns: string, usages: ReadonlyArray<{ app: AppObjects; usage: AppUsage }>, add: Add): void {
  const scope = scopeMatcher(quota);
  if (!scope) return; // a scope this check does not model: leave it to the API server
  const quotaName = quota.metadata?.name ?? '';
  for (const [resource, hardValue] of Object.entries(quota.spec?.hard ?? {})) {
    const tracked = RESOURCES[resource];
    const hard = quantityOf(hardValue);
    if (!tracked || !hard || (scope.scoped && !tracked.pod)) continue;
    const perApp = usages.map(({ app, usage }) => {
      const entries = usage.entries(tracked, scope, quotaName, resource);
      return { app, entries, total: sum(entries.map((e) => e.amount)) };
    });
    const quotaText = quotaName === 'default' ? `the quota's ${resource} ${hard}` : `${resource} ${hard} of ResourceQuota ${JSON.stringify(quotaName)}`;
    let anyAlone = false;
    for (const { app, entries, total } of perApp) {
      if (entries.length === 0 || total.compare(hard) <= 0) continue;
      anyAlone = true;
      const [only] = entries;
      const expr = entries.length === 1 ? only.expr : `${entries.map((e) => e.expr).join('; ')}; together ${total}`;
      // The namespace's owner grants each way in from outside (none by default): say where.
      const grant = tracked.measure === 'loadbalancers' || tracked.measure === 'nodeports' ? `; raise ${path(at, tracked.prop)} of SecureNamespace ${JSON.stringify(ns)} to let the app in` : '';
      add({ type: 'conflict', constructType: app.type, construct: app.name, path: causeOf(entries), message: `${expr} exceeds ${quotaText} in namespace ${JSON.stringify(ns)}${grant}` });
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

/**
 * The prop an app's excess is reported at: the one every contributing object shares (the same
 * container's request in both tracks), else the largest contributor's (the canary's replicas).
 */
function causeOf(entries: ReadonlyArray<{ readonly amount: Quantity; readonly at: string }>): string {
  if (entries.every((e) => e.at === entries[0].at)) return entries[0].at;
  return entries.reduce((a, b) => (b.amount.compare(a.amount) > 0 ? b : a)).at;
}

// ---------------------------------------------------------------- Pod Security

/**
 * In a namespace that enforces `restricted`, pods that run as root or add capabilities beyond
 * NET_BIND_SERVICE (what keelson emits only when the props acknowledge it) would be refused by
 * admission, pod by pod, after the workload was accepted: report them at the props that ask for it.
 */
function restrictedFitProblems(ns: string, all: ReadonlyArray<{ app: AppObjects; objects: readonly AnyObject[] }>, add: Add): void {
  const fix = 'place the app in a namespace at "baseline" (podSecurity: { enforce: \'baseline\' })';
  for (const { app, objects } of all) {
    const report = (at: string, what: string) => add({
      type: 'conflict',
      constructType: app.type,
      construct: app.name,
      path: at,
      message: `${what}, which Pod Security "restricted" enforced in namespace ${JSON.stringify(ns)} refuses: ${fix}`,
    });
    for (const o of objects) {
      const spec = o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
      if (!spec || typeof spec !== 'object') continue;
      const lists: Array<['containers' | 'initContainers', AnyObject[]]> = [
        ['initContainers', Array.isArray(spec.initContainers) ? spec.initContainers : []],
        ['containers', Array.isArray(spec.containers) ? spec.containers : []],
      ];
      const contexts = [spec.securityContext, ...lists.flatMap(([, cs]) => cs.map((c) => c?.securityContext))];
      if (contexts.some((sc) => sc?.runAsUser === 0 || sc?.runAsNonRoot === false)) report('securityContext.runAsUser', 'the pods run as root');
      for (const [prop, cs] of lists) {
        cs.forEach((c, i) => {
          const added: unknown[] = Array.isArray(c?.securityContext?.capabilities?.add) ? c.securityContext.capabilities.add : [];
          added.forEach((cap, j) => {
            if (cap !== 'NET_BIND_SERVICE') report(path(prop, i, 'addCapabilities', j), `the container ${JSON.stringify(c?.name)} adds the capability ${JSON.stringify(cap)}`);
          });
        });
      }
    }
  }
}

// ---------------------------------------------------------------- placement

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
