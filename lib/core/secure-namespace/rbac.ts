import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { RoleBinding, Subject as RbacSubject } from 'kubernetes-types/rbac/v1';
import { NAMESPACE_DEFAULTS } from './defaults';
import { NAMESPACE_OBJECT_NAMES } from './props';
import { checkDns1123Label, checkDns1123Subdomain, checkKnownKeys, checkObject, checkString, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';

/** The built-in ClusterRoles a team can be bound to. */
export type TeamRole = 'view' | 'edit' | 'admin';

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

/** RoleBindings of the built-in ClusterRoles in the namespace. */
export interface AccessProps {
  /**
   * The team's people.
   * @default none
   */
  readonly team?: readonly Subject[];
  /**
   * The built-in ClusterRole the team gets.
   * @default 'view': read-only; changes go through CI/CD (`deployers`)
   */
  readonly teamRole?: TeamRole;
  /**
   * Identities that deploy (CI/CD), bound to `edit`: they may change workloads, Services, ConfigMaps,
   * Secrets and NetworkPolicies, but not RBAC, the quota or the LimitRange.
   * @default none
   */
  readonly deployers?: readonly Subject[];
  /**
   * Namespace administrators, bound to `admin` (they may also grant roles inside the namespace).
   * @default none
   */
  readonly admins?: readonly Subject[];
}

const ROLES: readonly TeamRole[] = ['view', 'edit', 'admin'];

/** One RoleBinding of the namespace, checked: its name, the ClusterRole and who gets it. */
export interface ResolvedBinding {
  readonly name: string;
  readonly role: string;
  readonly subjects: readonly RbacSubject[];
}

/** Checks the access prop (any input); undefined when invalid (recorded). */
export function resolveAccess(problems: Problems, a: unknown): ResolvedBinding[] | undefined {
  if (a === undefined) return [];
  if (!checkObject(problems, 'access', a)) return undefined;
  const before = problems.count;
  checkKnownKeys(problems, 'access', a, ['team', 'teamRole', 'deployers', 'admins']);
  const access = a as AccessProps;
  const teamRole = access.teamRole ?? NAMESPACE_DEFAULTS.teamRole;
  if (!ROLES.includes(teamRole)) {
    problems.notSupported(path('access', 'teamRole'), `${describe(teamRole)} is not a built-in role: use ${ROLES.map((r) => `"${r}"`).join(', ')}`);
  }
  // The role is part of the binding's name: roleRef is immutable, so another role is another binding.
  // An invalid role (reported above) must not reach a string template: it may not even convert.
  const roleName = typeof teamRole === 'string' ? teamRole : 'invalid';
  const groups: Array<[keyof AccessProps, string, string]> = [
    ['team', `team-${roleName}`, roleName],
    ['deployers', NAMESPACE_OBJECT_NAMES.deployers, 'edit'],
    ['admins', NAMESPACE_OBJECT_NAMES.admins, 'admin'],
  ];
  const out: ResolvedBinding[] = [];
  for (const [prop, name, role] of groups) {
    const subjects = checkSubjects(problems, path('access', prop), access[prop]);
    if (subjects.length && ROLES.includes(role as TeamRole)) out.push({ name, role, subjects });
  }
  return problems.count > before ? undefined : out;
}

/** The RoleBindings: each binds a built-in ClusterRole in this namespace only. */
export function renderRoleBindings(bindings: readonly ResolvedBinding[], meta: (name: string) => ObjectMeta): RoleBinding[] {
  return bindings.map((b) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta(b.name),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: b.role },
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
