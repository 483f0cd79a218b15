import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { RoleBinding, Subject as RbacSubject } from 'kubernetes-types/rbac/v1';
import { NAMESPACE_DEFAULTS } from './defaults';
import { NAMESPACE_OBJECT_NAMES } from './props';
import { KeelsonRole, ROLE_NAMES } from './roles';
import { checkDns1123Label, checkDns1123Subdomain, checkKnownKeys, checkObject, checkString, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';

/** keelson's namespaced Roles a team can be bound to (`keelson-viewer`, `keelson-deployer`). */
export type TeamRole = 'viewer' | 'deployer';

/**
 * Who a RoleBinding grants to: `Subject.group('shop-developers')`, `Subject.user('alice@example.com')`,
 * `Subject.serviceAccount('deployer', 'ci')`.
 */
export class Subject {
  /** A group, as the cluster's authenticator names it (OIDC group claim, cloud IAM group...). */
  public static group(name: string): Subject {
    return new Subject('Group', name);
  }

  /** A user, as the cluster's authenticator names it. */
  public static user(name: string): Subject {
    return new Subject('User', name);
  }

  /** A ServiceAccount, e.g. the identity a CI/CD system deploys with. */
  public static serviceAccount(name: string, namespace: string): Subject {
    return new Subject('ServiceAccount', name, namespace);
  }

  private constructor(
    /** `Group`, `User` or `ServiceAccount`. */
    public readonly kind: 'Group' | 'User' | 'ServiceAccount',
    /** The name. */
    public readonly name: string,
    /** The namespace of a ServiceAccount. */
    public readonly namespace?: string,
  ) {}
}

/**
 * Who may do what in the namespace: keelson's namespaced, least-privilege Roles (`keelson-viewer`,
 * `keelson-deployer`), and the built-in `admin` ClusterRole only for those listed in `admins`.
 */
export interface AccessProps {
  /**
   * The team's people, bound to `teamRole`.
   * @default none
   */
  readonly team?: readonly Subject[];
  /**
   * The Role the team gets: `viewer` reads the apps, the namespace's quota and policies, the pods
   * and their logs, but no Secret and no exec; `deployer` is the CI Role (see `deployers`).
   * @default 'viewer': read-only; changes go through CI/CD (`deployers`)
   */
  readonly teamRole?: TeamRole;
  /**
   * Identities that deploy (CI/CD), bound to the `keelson-deployer` Role: they manage exactly the
   * kinds keelson's apps emit (workloads, Services, ServiceAccounts, disruption budgets,
   * autoscalers, NetworkPolicies, Ingresses, Istio, Gateway API, Argo Rollouts routing with its AnalysisTemplate, Flagger Canaries) and read
   * the namespace's quota, limits and what the controllers make (pods, ReplicaSets, events); they
   * cannot exec into, attach to or port-forward to pods, read or write Secrets, or change RBAC, the
   * quota or the LimitRange.
   * @default none
   */
  readonly deployers?: readonly Subject[];
  /**
   * An explicit opt-in to the built-in `admin` ClusterRole in the namespace, which grants
   * `pods/exec`, `pods/attach`, port-forwarding, Secret reads and RBAC within the namespace (linters
   * such as Polaris flag it). Use it for break-glass access, not for a team or a pipeline.
   * @default none
   */
  readonly admins?: readonly Subject[];
}

/** One RoleBinding of the namespace, checked: its name, the role it binds and who gets it. */
export interface ResolvedBinding {
  readonly name: string;
  readonly roleRef: { readonly kind: 'Role' | 'ClusterRole'; readonly name: string };
  readonly subjects: readonly RbacSubject[];
}

/** The namespace's access: the Roles to emit (those bound) and the bindings. */
export interface ResolvedAccess {
  readonly roles: readonly KeelsonRole[];
  readonly bindings: readonly ResolvedBinding[];
}

const TEAM_ROLES: readonly TeamRole[] = ['viewer', 'deployer'];

/** What the built-in ClusterRoles keelson once bound became, for a `teamRole` still naming one. */
const FORMER_ROLES: Readonly<Record<string, string>> = {
  view: 'use "viewer" (keelson\'s namespaced read-only Role, without Secrets)',
  edit: 'use "deployer" (keelson\'s namespaced Role for the kinds keelson emits, without exec, attach or Secret access)',
  admin: 'list these people in `admins`, the explicit opt-in to the built-in admin ClusterRole (exec, attach, Secret reads)',
};

/** Checks the access prop (any input); undefined when invalid (recorded). */
export function resolveAccess(problems: Problems, a: unknown): ResolvedAccess | undefined {
  if (a === undefined) return { roles: [], bindings: [] };
  if (!checkObject(problems, 'access', a)) return undefined;
  const before = problems.count;
  checkKnownKeys(problems, 'access', a, ['team', 'teamRole', 'deployers', 'admins']);
  const access = a as AccessProps;
  const teamRole = access.teamRole ?? NAMESPACE_DEFAULTS.teamRole;
  if (!TEAM_ROLES.includes(teamRole)) {
    const former = typeof teamRole === 'string' ? FORMER_ROLES[teamRole] : undefined;
    problems.notSupported(path('access', 'teamRole'), former !== undefined
      ? `"${teamRole}" is the built-in ClusterRole keelson no longer binds for a team: ${former}`
      : `${describe(teamRole)} is not a keelson Role: use ${TEAM_ROLES.map((r) => `"${r}"`).join(' or ')}`);
  }
  // The role is part of the binding's name: roleRef is immutable, so another role is another binding.
  const team: KeelsonRole = TEAM_ROLES.includes(teamRole) ? teamRole : 'viewer';
  const groups: Array<[keyof AccessProps, string, ResolvedBinding['roleRef']]> = [
    ['team', `${NAMESPACE_OBJECT_NAMES.team}-${ROLE_NAMES[team]}`, { kind: 'Role', name: ROLE_NAMES[team] }],
    ['deployers', NAMESPACE_OBJECT_NAMES.deployers, { kind: 'Role', name: ROLE_NAMES.deployer }],
    ['admins', NAMESPACE_OBJECT_NAMES.admins, { kind: 'ClusterRole', name: 'admin' }],
  ];
  const bindings: ResolvedBinding[] = [];
  for (const [prop, name, roleRef] of groups) {
    const subjects = checkSubjects(problems, path('access', prop), access[prop]);
    if (subjects.length) bindings.push({ name, roleRef, subjects });
  }
  if (problems.count > before) return undefined;
  const roles = (['viewer', 'deployer'] as const).filter((r) => bindings.some((b) => b.roleRef.kind === 'Role' && b.roleRef.name === ROLE_NAMES[r]));
  return { roles, bindings };
}

/** The RoleBindings, each in this namespace only: keelson's Roles, or the built-in `admin` ClusterRole (opt-in). */
export function renderRoleBindings(bindings: readonly ResolvedBinding[], meta: (name: string) => ObjectMeta): RoleBinding[] {
  return bindings.map((b) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta(b.name),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: b.roleRef.kind, name: b.roleRef.name },
    subjects: [...b.subjects],
  }));
}

function checkSubjects(problems: Problems, at: string, list: unknown): RbacSubject[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    problems.invalid(at, `must be an array of Subject, got ${describe(list)}`);
    return [];
  }
  const out: RbacSubject[] = [];
  const seen = new Set<string>();
  list.forEach((s, i) => {
    const sat = path(at, i);
    if (!(s instanceof Subject)) {
      problems.invalid(sat, `must be made with Subject.group(), Subject.user() or Subject.serviceAccount(), got ${describe(s)}`);
      return;
    }
    const before = problems.count;
    if (s.kind === 'ServiceAccount') {
      checkDns1123Subdomain(problems, path(sat, 'name'), s.name);
      checkDns1123Label(problems, path(sat, 'namespace'), s.namespace);
    } else if (checkString(problems, path(sat, 'name'), s.name) && (s.name.trim() !== s.name || s.name.length === 0)) {
      problems.invalid(path(sat, 'name'), `${JSON.stringify(s.name)} must be a non-empty ${s.kind.toLowerCase()} name without surrounding spaces`);
    }
    const key = `${s.kind}/${s.namespace ?? ''}/${s.name}`;
    if (problems.count === before && seen.has(key)) problems.duplicate(sat, `${s.kind} ${JSON.stringify(s.name)} is listed twice`);
    seen.add(key);
    if (problems.count !== before) return;
    out.push(s.kind === 'ServiceAccount'
      ? { kind: 'ServiceAccount', name: s.name, namespace: s.namespace }
      : { apiGroup: 'rbac.authorization.k8s.io', kind: s.kind, name: s.name });
  });
  return out;
}
