/**
 * SecureNamespace RBAC: keelson's namespaced least-privilege Roles. The deployer Role manages
 * exactly the kinds keelson's apps emit — checked against every construct and routing rendered
 * (the cluster suite's matrix, the example, and random props of every construct) — and neither Role
 * grants Secrets, exec, attach, port-forwarding, tokens or RBAC. Polaris' RBAC checks find nothing
 * unless `admins` opts into the built-in `admin` ClusterRole.
 */
import * as fc from 'fast-check';
import type { PolicyRule } from 'kubernetes-types/rbac/v1';
import {
  KeelsonValidationError, Subject, buildCanaryRelease, buildSecureNamespace, buildStatefulApp, buildStatelessApp,
} from '../../lib';
import { APP_RESOURCES, NAMESPACE_RESOURCES, OBSERVED_RESOURCES, roleRules } from '../../lib/core/secure-namespace/roles';
import { example, matrix } from '../cluster/matrix';
import { validProps } from '../helpers/arbitraries';
import { AnyObject, rbacProblems } from '../helpers/best-practice';
import { ROUTING_KINDS, canaryPropsFor } from '../helpers/canary-arbitraries';
import { validNamespaceProps } from '../helpers/namespace-arbitraries';
import { validStatefulProps } from '../helpers/stateful-arbitraries';

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const kindKey = (o: { apiVersion: string; kind: string }) => `${groupOf(o.apiVersion)}/${o.kind}`;

/** Does a set of rules allow a verb on a resource (as the RBAC authorizer matches: group, resource, verb, each or `*`)? */
function allows(rules: readonly PolicyRule[], group: string, resource: string, verb: string): boolean {
  const has = (list: readonly string[] | undefined, v: string) => (list ?? []).includes(v) || (list ?? []).includes('*');
  return rules.some((r) => has(r.apiGroups, group) && has(r.resources, resource) && has(r.verbs, verb));
}

const sample = <T>(arb: fc.Arbitrary<T>, n = 60) => fc.sample(arb, { numRuns: n, seed: 11 });

/** The objects of each of `props` the builder accepts (an arbitrary may draw a refused combination). */
function built<P>(props: readonly P[], build: (p: P) => { objects: readonly unknown[] }): unknown[] {
  const out = props.flatMap((p) => {
    try {
      return [build(p).objects];
    } catch (e) {
      if (e instanceof KeelsonValidationError) return [];
      throw e;
    }
  });
  expect(out.length).toBeGreaterThan(props.length / 2);
  return out.flat();
}

/** Objects of every app construct, with every routing and option: the matrix, the example's apps, random props. */
function appObjects(): AnyObject[] {
  const fromConfigs = [example, ...matrix].flatMap((c) => {
    const objects = c.objects() as AnyObject[];
    const ns = objects.find((o) => o.kind === 'Namespace')?.metadata?.name;
    // The SecureNamespace's own objects carry its name as app name; what a configuration adds for its apps
    // (the ConfigMaps, Secrets and claims they mount) is not keelson's and carries no managed-by label.
    return objects.filter((o) => o.metadata?.labels?.['app.kubernetes.io/name'] !== ns && o.metadata?.labels?.['app.kubernetes.io/managed-by'] !== undefined);
  });
  return [
    ...fromConfigs,
    ...built(sample(validProps), buildStatelessApp),
    ...built(sample(validStatefulProps), buildStatefulApp),
    ...ROUTING_KINDS.flatMap((k) => built(sample(canaryPropsFor(k), 30), buildCanaryRelease)),
  ] as AnyObject[];
}

/** Objects of SecureNamespaces, with and without the mesh and every access. */
function namespaceObjects(): AnyObject[] {
  const full = buildSecureNamespace({
    name: 'shop',
    mesh: {},
    quota: { scoped: [{ name: 'high', priorityClasses: ['high'], pods: 2 }] },
    access: { team: [Subject.group('devs')], deployers: [Subject.serviceAccount('ci', 'ci')], admins: [Subject.group('platform')] },
  });
  return [...full.objects, ...built(sample(validNamespaceProps), buildSecureNamespace)] as AnyObject[];
}

describe('the deployer Role manages exactly the kinds keelson\'s apps emit', () => {
  const emitted = new Set(appObjects().map(kindKey));

  test('every kind an app emits is in APP_RESOURCES, and every entry is emitted by some app', () => {
    expect([...emitted].sort()).toEqual(APP_RESOURCES.map((r) => `${r.group}/${r.kind}`).sort());
  });

  test('the deployer may get, list, watch, create, update, patch and delete each of them', () => {
    const rules = roleRules('deployer');
    for (const r of APP_RESOURCES) {
      for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']) expect([r.resource, verb, allows(rules, r.group, r.resource, verb)]).toEqual([r.resource, verb, true]);
    }
  });

  test('every kind a SecureNamespace emits in its namespace is in NAMESPACE_RESOURCES, and every entry is emitted', () => {
    const own = new Set(namespaceObjects().filter((o) => o.kind !== 'Namespace').map(kindKey));
    expect([...own].sort()).toEqual(NAMESPACE_RESOURCES.map((r) => `${r.group}/${r.kind}`).sort());
  });
});

describe('least privilege', () => {
  const FORBIDDEN: ReadonlyArray<[string, string, readonly string[]]> = [
    ['', 'secrets', ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']],
    ['', 'pods/exec', ['get', 'create']],
    ['', 'pods/attach', ['get', 'create']],
    ['', 'pods/portforward', ['get', 'create']],
    ['', 'pods/proxy', ['get', 'create']],
    ['', 'serviceaccounts/token', ['create']],
    ['', 'pods', ['create', 'update', 'patch', 'delete']],
    ['rbac.authorization.k8s.io', 'roles', ['create', 'update', 'patch', 'delete', 'bind', 'escalate']],
    ['rbac.authorization.k8s.io', 'rolebindings', ['create', 'update', 'patch', 'delete']],
    ['', 'resourcequotas', ['create', 'update', 'patch', 'delete']],
    ['', 'limitranges', ['create', 'update', 'patch', 'delete']],
    ['', 'namespaces', ['get', 'update', 'patch', 'delete']],
    ['networking.istio.io', 'sidecars', ['create', 'update', 'patch', 'delete']],
    ['', 'users', ['impersonate']],
    ['', 'serviceaccounts', ['impersonate']],
  ];

  // The mesh's PeerAuthentications and AuthorizationPolicies are app kinds too (an exposed app's mesh entry), so only the
  // viewer may not write them; the Sidecar stays the platform's.
  const MESH_SECURITY: typeof FORBIDDEN = [
    ['security.istio.io', 'peerauthentications', ['create', 'update', 'patch', 'delete']],
    ['security.istio.io', 'authorizationpolicies', ['create', 'update', 'patch', 'delete']],
  ];

  test.each(['deployer', 'viewer'] as const)('the %s Role grants none of: Secrets, exec, attach, port-forward, tokens, pod writes, RBAC, quota, limits, the Sidecar, impersonation', (role) => {
    const rules = roleRules(role);
    const granted = [...FORBIDDEN, ...(role === 'viewer' ? MESH_SECURITY : [])].flatMap(([g, r, verbs]) => verbs.filter((v) => allows(rules, g, r, v)).map((v) => `${v} ${g}/${r}`));
    expect(granted).toEqual([]);
    // No wildcard anywhere: each rule names its groups, resources and verbs.
    for (const r of rules) expect([...(r.apiGroups ?? []), ...(r.resources ?? []), ...r.verbs]).not.toContain('*');
  });

  test('the viewer only reads (and reads pod logs); it reads everything the deployer manages, the guard rails and what the controllers make', () => {
    const rules = roleRules('viewer');
    for (const r of rules) expect(r.verbs).toEqual(r.resources?.includes('pods/log') ? ['get'] : ['get', 'list', 'watch']);
    for (const r of [...APP_RESOURCES, ...NAMESPACE_RESOURCES.filter((x) => x.group !== 'rbac.authorization.k8s.io'), ...OBSERVED_RESOURCES]) {
      expect([r.resource, allows(rules, r.group, r.resource, 'list')]).toEqual([r.resource, true]);
    }
    expect(allows(rules, '', 'pods/log', 'get')).toBe(true);
    expect(allows(rules, '', 'configmaps', 'get')).toBe(true);
  });

  test('the deployer reads what it needs to follow a rollout (pods, ReplicaSets, events, endpoints, claims) and the quota', () => {
    const rules = roleRules('deployer');
    for (const r of [...OBSERVED_RESOURCES, ...NAMESPACE_RESOURCES.filter((x) => x.group === '' && x.resource !== 'serviceaccounts')]) {
      expect([r.resource, allows(rules, r.group, r.resource, 'watch'), allows(rules, r.group, r.resource, 'create')]).toEqual([r.resource, true, false]);
    }
    expect(allows(rules, '', 'pods/log', 'get')).toBe(false);
  });
});

describe('Polaris\' RBAC checks', () => {
  test('find nothing in a SecureNamespace with a team and deployers, with either team role', () => {
    for (const teamRole of ['viewer', 'deployer'] as const) {
      const ns = buildSecureNamespace({ name: 'shop', access: { team: [Subject.group('devs')], teamRole, deployers: [Subject.serviceAccount('ci', 'ci')] } });
      expect(rbacProblems(ns.objects as AnyObject[])).toEqual([]);
    }
  });

  test('report the admins opt-in (the built-in admin ClusterRole), as Polaris does', () => {
    const ns = buildSecureNamespace({ name: 'shop', access: { admins: [Subject.group('platform')] } });
    expect(rbacProblems(ns.objects as AnyObject[])).toEqual([expect.stringMatching(/^RoleBinding\/admins: binds ClusterRole admin/)]);
  });

  test('the checks can fail: a binding to the built-in edit, a Role with a core wildcard, a Role allowing exec', () => {
    const ns = buildSecureNamespace({ name: 'shop', access: { deployers: [Subject.serviceAccount('ci', 'ci')] } }).objects as AnyObject[];
    const binding = ns.find((o) => o.kind === 'RoleBinding')!;
    const role = ns.find((o) => o.kind === 'Role')!;
    expect(rbacProblems([...ns, { ...binding, metadata: { ...binding.metadata, name: 'old' }, roleRef: { ...binding.roleRef, kind: 'ClusterRole', name: 'edit' } }]))
      .toEqual([expect.stringMatching(/^RoleBinding\/old: binds ClusterRole edit/)]);
    expect(rbacProblems([{ ...role, rules: [...role.rules, { apiGroups: [''], resources: ['*'], verbs: ['get'] }] }, binding])).toEqual([
      'Role/keelson-deployer: allows pods/exec or pods/attach',
      'RoleBinding/deployers-keelson-deployer: binds Role keelson-deployer, which allows pods/exec or pods/attach',
    ]);
    expect(rbacProblems([{ ...role, rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }] }])).toEqual(['Role/keelson-deployer: allows pods/exec or pods/attach']);
  });
});
