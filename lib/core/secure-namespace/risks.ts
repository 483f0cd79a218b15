import type { ResolvedBinding } from './rbac';
import { Subject } from './rbac';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { MIN_MEMORY_LIMIT } from '../validation/resources';
import { RiskLedger, acknowledgeHint } from '../validation/risks';
import { Quantity } from '../values/quantity';

/** Subjects that stand for everyone, and who that is. */
const EVERYONE: ReadonlyArray<{ readonly kind: string; readonly name: string; readonly who: string }> = [
  { kind: 'Group', name: 'system:authenticated', who: 'every authenticated user and service account of the cluster' },
  { kind: 'Group', name: 'system:unauthenticated', who: 'every anonymous request' },
  { kind: 'User', name: 'system:anonymous', who: 'every anonymous request' },
  { kind: 'Group', name: 'system:serviceaccounts', who: 'every service account of every namespace' },
];

/** A RoleBinding to a subject that is everyone needs its risk acknowledged. */
export function checkBindingRisks(problems: Problems, access: unknown, bindings: readonly ResolvedBinding[] | undefined, risks: RiskLedger): void {
  if (!bindings || typeof access !== 'object' || access === null) return;
  for (const prop of ['team', 'deployers', 'admins'] as const) {
    const list = (access as Record<string, unknown>)[prop];
    if (!Array.isArray(list)) continue;
    list.forEach((s: unknown, j) => {
      const everyone = s instanceof Subject ? EVERYONE.find((e) => e.kind === s.kind && e.name === s.name) : undefined;
      const binding = everyone && bindings.find((b) => b.subjects.some((x) => x.kind === everyone.kind && x.name === everyone.name));
      if (!everyone || !binding || risks.accepts('binding-to-everyone', 'RoleBinding', binding.name)) return;
      problems.invalid(path('access', prop, j), `${everyone.kind} ${JSON.stringify(everyone.name)} is ${everyone.who}: the RoleBinding would grant them the namespace's role; bind the people's own group${acknowledgeHint('binding-to-everyone')}`);
    });
  }
}

/**
 * Does a principal pattern match workloads of every namespace? Istio principals are
 * `<trust-domain>/ns/<namespace>/sa/<service-account>`, with `*` as a prefix or suffix: a pattern is
 * bounded when its fixed part names the namespace (`/ns/<namespace>/`).
 */
export function matchesEveryNamespace(principal: string): boolean {
  return principal.includes('*') && !/\/ns\/[^/*]+\//.test(principal.replace(/\*/g, ''));
}

/** A principal of the mesh's allow policy that matches every namespace needs its risk acknowledged. */
export function checkPrincipalRisk(problems: Problems, at: string, principal: string, risks: RiskLedger, policy: string): void {
  if (!matchesEveryNamespace(principal) || risks.accepts('mesh-any-principal', 'AuthorizationPolicy', policy)) return;
  problems.invalid(at, `${JSON.stringify(principal)} matches workloads of every namespace: any workload in the mesh could call this namespace's; name the namespace (e.g. "cluster.local/ns/<namespace>/sa/*")${acknowledgeHint('mesh-any-principal')}`);
}

/** What a quota resource of zero forbids, by resource. */
const ZERO_QUOTA: Readonly<Record<string, string>> = {
  'requests.cpu': 'no pod can run in it (every container requests CPU)',
  'limits.cpu': 'no pod with a CPU limit can run in it',
  'requests.memory': 'no pod can run in it (every container requests memory)',
  'limits.memory': 'no pod can run in it (every container has a memory limit)',
  'requests.ephemeral-storage': 'no pod can run in it (each pod must then request ephemeral-storage, and any request exceeds it)',
  'limits.ephemeral-storage': 'no pod can run in it (each pod must then have an ephemeral-storage limit, and any limit exceeds it)',
  'pods': 'no pod can run in it',
  'services': 'no Service can be created, so no app in it can be reached by name',
  'persistentvolumeclaims': 'no PersistentVolumeClaim can be created, so no StatefulApp can run in it',
  'requests.storage': 'no PersistentVolumeClaim can be created, so no StatefulApp can run in it',
};

/**
 * A quota that admits nothing (zero, or a memory limit below what any container can run under)
 * needs its risk acknowledged. `loadBalancers` and `nodePorts` are zero by default on purpose.
 */
export function checkZeroQuota(
  problems: Problems,
  at: (resource: string) => string, hard: Readonly<Record<string, string>>, risks: RiskLedger, quota: string,
): void {
  const reported = new Set<string>();
  for (const [resource, value] of Object.entries(hard)) {
    const consequence = ZERO_QUOTA[resource];
    const q = Quantity.parse(value);
    const none = !q.isPositive || (resource === 'limits.memory' && q.compare(MIN_MEMORY_LIMIT) < 0);
    // A limit quota that follows the request quota is the same prop: said once.
    if (!consequence || !none || reported.has(at(resource)) || risks.accepts('zero-quota', 'ResourceQuota', quota)) continue;
    reported.add(at(resource));
    problems.invalid(at(resource), `${value} for ${resource} means ${consequence}${acknowledgeHint('zero-quota')}`);
  }
}
