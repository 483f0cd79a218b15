/**
 * The Pulumi SecureNamespace under Pulumi's mocks: typed children named `<component>-<kind>`
 * (`<component>-<kind>-<name>` for kinds that come several times), the Namespace first with every
 * other child depending on it, the `default` ServiceAccount as a patch, and `admit()`, the quota
 * check for apps placed in the namespace.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KeelsonValidationError, Quantity, Subject, buildStatelessApp } from '../../lib';
import { SecureNamespace } from '../../lib/pulumi';
import { namespacePlacement } from '../../lib/pulumi/secure-namespace';
import { paths, validationError } from '../helpers/fixtures';
import { mockPulumi, settle, valueOf } from '../helpers/pulumi';

const IMAGE = 'ghcr.io/acme/web:1.2.3';
let mocks: Awaited<ReturnType<typeof mockPulumi>>;

beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

const webObjects = (replicas: number, cpu = '250m', namespace = 'shop') =>
  buildStatelessApp({ name: 'web', namespace, replicas, containers: [{ image: IMAGE, resources: { cpu: { request: cpu } } }] }).objects;

describe('Pulumi SecureNamespace', () => {
  test('registers typed children with stable logical names and explicit metadata.name', async () => {
    const ns = new SecureNamespace('team-shop', {
      name: 'shop',
      quota: { scoped: [{ name: 'high', priorityClasses: ['high'], pods: 3 }] },
      access: { team: [Subject.group('devs')], deployers: [Subject.serviceAccount('ci', 'ci')] },
      mesh: {},
    });
    await settle();
    expect(mocks.sorted().map((r) => `${r.type} ${r.name}`)).toEqual([
      'keelson:index:SecureNamespace team-shop',
      'kubernetes:core/v1:LimitRange team-shop-limitrange',
      'kubernetes:core/v1:Namespace team-shop-namespace',
      'kubernetes:core/v1:ResourceQuota team-shop-resourcequota',
      'kubernetes:core/v1:ResourceQuota team-shop-resourcequota-high',
      'kubernetes:core/v1:ServiceAccountPatch team-shop-serviceaccount',
      'kubernetes:networking.istio.io/v1:Sidecar team-shop-sidecar',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy team-shop-networkpolicy-allow-dns',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy team-shop-networkpolicy-allow-mesh-control-plane',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy team-shop-networkpolicy-default-deny',
      'kubernetes:rbac.authorization.k8s.io/v1:Role team-shop-role-keelson-deployer',
      'kubernetes:rbac.authorization.k8s.io/v1:Role team-shop-role-keelson-viewer',
      'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding team-shop-rolebinding-deployers-keelson-deployer',
      'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding team-shop-rolebinding-team-keelson-viewer',
      'kubernetes:security.istio.io/v1:AuthorizationPolicy team-shop-authorizationpolicy-allow',
      'kubernetes:security.istio.io/v1:AuthorizationPolicy team-shop-authorizationpolicy-default-deny',
      'kubernetes:security.istio.io/v1:PeerAuthentication team-shop-peerauthentication',
    ]);
    expect(ns.name).toBe('shop');
    expect(ns.namespace).toBeInstanceOf(k8s.core.v1.Namespace);
    expect(ns.resourceQuota).toBeInstanceOf(k8s.core.v1.ResourceQuota);
    expect(ns.limitRange).toBeInstanceOf(k8s.core.v1.LimitRange);
    expect(ns.serviceAccount).toBeInstanceOf(k8s.core.v1.ServiceAccountPatch);
    expect(ns.networkPolicies['default-deny']).toBeInstanceOf(k8s.networking.v1.NetworkPolicy);
    expect(ns.roleBindings['team-keelson-viewer']).toBeInstanceOf(k8s.rbac.v1.RoleBinding);
    expect(ns.roles['keelson-viewer']).toBeInstanceOf(k8s.rbac.v1.Role);
    expect(ns.peerAuthentication).toBeInstanceOf(k8s.apiextensions.CustomResource);
    for (const r of mocks.registrations.filter((x) => x.type.startsWith('kubernetes:'))) {
      const meta = r.inputs.metadata as { name: string; namespace?: string };
      expect(meta.name).toBeTruthy();
      expect(meta.namespace).toBe(r.type === 'kubernetes:core/v1:Namespace' ? undefined : 'shop');
    }
    const urn = await valueOf(ns.namespace.urn);
    expect(urn).toContain('keelson:index:SecureNamespace$kubernetes:core/v1:Namespace::team-shop-namespace');
  });

  test('patches the default ServiceAccount (Kubernetes creates it with the namespace)', async () => {
    new SecureNamespace('shop');
    await settle();
    const sa = mocks.registrations.find((r) => r.type === 'kubernetes:core/v1:ServiceAccountPatch')!;
    expect(sa.inputs).toMatchObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'shop' }, automountServiceAccountToken: false });
  });

  test('the Namespace comes first: every other child depends on it', async () => {
    const deps = new Map<string, unknown>();
    const record: pulumi.ResourceTransformation = (a) => {
      deps.set(a.name, a.opts.dependsOn);
      return undefined;
    };
    const ns = new SecureNamespace('shop', { mesh: {}, access: { team: [Subject.group('devs')] } }, { transformations: [record] });
    await settle();
    expect(mocks.registrations.filter((r) => r.type.startsWith('kubernetes:'))[0].type).toBe('kubernetes:core/v1:Namespace');
    const list = (name: string) => [deps.get(name)].flat().filter((d) => d !== undefined);
    expect(list('shop-namespace')).toEqual([]);
    const children = [...deps.keys()].filter((n) => n !== 'shop-namespace' && n !== 'shop');
    expect(children.length).toBeGreaterThanOrEqual(10);
    for (const n of children) expect(list(n)).toEqual([ns.namespace]);
  });

  test('bad args throw the library\'s error before anything is registered', async () => {
    const e = validationError(() => new SecureNamespace('Shop', { podSecurity: { enforce: 'strict' as never } }));
    expect(paths(e)).toEqual(['name', 'podSecurity.enforce']);
    await settle();
    expect(mocks.registrations).toHaveLength(0);
  });
});

describe('Pulumi SecureNamespace.admit', () => {
  test('admits apps that fit, and rejects one that does not with the numbers', async () => {
    const ns = new SecureNamespace('shop', { quota: { cpu: { request: '1' } } });
    expect(() => ns.admit({ name: 'web', type: 'StatelessApp', objects: webObjects(2) })).not.toThrow();
    const e = validationError(() => ns.admit({ name: 'big', type: 'StatelessApp', objects: buildStatelessApp({ name: 'big', namespace: 'shop', replicas: 4, containers: [{ image: IMAGE, resources: { cpu: { request: Quantity.millicores(300) } } }] }).objects }));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e.problems).toEqual([{
      construct: 'big',
      path: 'containers[0].resources.cpu.request',
      message: '4 replicas × 300m + surge 1 × 300m + terminating 1 × 300m = 1800m exceeds the quota\'s requests.cpu 1 in namespace "shop"',
      type: 'conflict',
    }]);
    await settle();
  });

  test('counts the apps admitted before: the one that tips the total over is refused, the earlier ones stay', async () => {
    // Each app at its peak: replicas + surge + terminating (web 3 + 1 + 1 = 5).
    const ns = new SecureNamespace('shop', { quota: { pods: 9 } });
    ns.admit({ name: 'web', type: 'StatelessApp', objects: webObjects(3) });
    const api = buildStatelessApp({ name: 'api', namespace: 'shop', replicas: 3, containers: [{ image: IMAGE }] }).objects;
    const e = validationError(() => ns.admit({ name: 'api', type: 'StatelessApp', objects: api }));
    expect(e.constructType).toBe('SecureNamespace');
    expect(e.problems.map((p) => `${p.construct}: ${p.path}: ${p.message}`)).toEqual([
      'shop: quota.pods: the apps together need web 5 + api 5 = 10 at their peak, which exceeds the quota\'s pods 9 in namespace "shop"; raise the quota or shrink the apps',
    ]);
    // A smaller app still fits beside the first, exactly: 5 + (2 + 1 + 1) = 9.
    expect(() => ns.admit({ name: 'api', type: 'StatelessApp', objects: buildStatelessApp({ name: 'api', namespace: 'shop', replicas: 2, maxSurge: 1, containers: [{ image: IMAGE }] }).objects })).not.toThrow();
    await settle();
  });

  test('rejects an app in another namespace', async () => {
    const ns = new SecureNamespace('shop');
    expect(paths(validationError(() => ns.admit({ name: 'web', type: 'StatelessApp', objects: webObjects(2, '100m', 'other') })))).toEqual(['namespace']);
    await settle();
  });

  test('namespacePlacement: a name stays a name; a SecureNamespace gives its name and a dependency', async () => {
    const ns = new SecureNamespace('shop');
    expect(namespacePlacement('other')).toEqual({ name: 'other', dependsOn: [] });
    expect(namespacePlacement(undefined)).toEqual({ name: undefined, dependsOn: [] });
    const placed = namespacePlacement(ns);
    expect(placed.name).toBe('shop');
    expect(placed.secureNamespace).toBe(ns);
    expect(placed.dependsOn).toEqual([ns]);
    await settle();
  });
});
