/**
 * keelson's RBAC on the real API servers, whose RBAC authorizer is the judge. Each SecureNamespace
 * (the example's and every matrix configuration's) is applied by the platform (the admin
 * kubeconfig); then, impersonating the identities its RoleBindings name (`--as`):
 * - `kubectl auth can-i`: the deployer may create, patch and delete every kind keelson's apps emit
 *   (the core's own list, APP_RESOURCES) and read what a rollout needs; it may not exec, attach,
 *   port-forward, read or write Secrets, mint tokens, create pods or change RBAC, the quota or the
 *   LimitRange. The team (viewer) reads, and writes nothing;
 * - the whole app, every object keelson emits for it, is applied as the deployer (server-side
 *   apply, as a pipeline does), and the deployer follows a rollout to the end; applying the
 *   namespace's own objects as the deployer is refused.
 */
import { Obj, Plane, apply, deleteNamespaces, kubectl, requireCluster, warnings } from './kube';
import { Configuration, example, matrix } from './matrix';
import { APP_RESOURCES, ApiResource, NAMESPACE_RESOURCES, OBSERVED_RESOURCES } from '../../lib/core/secure-namespace/roles';

const all: readonly Configuration[] = [example, ...matrix];

beforeAll(() => {
  requireCluster();
  // Earlier files apply the same configurations: start from namespaces of this file's own.
  deleteNamespaces(all.map((c) => c.name));
});
afterAll(() => deleteNamespaces(all.map((c) => c.name)));

/** The configuration split as it is deployed: the SecureNamespace's objects by the platform, the apps' by CI. */
function split(config: Configuration): { namespace: Obj[]; apps: Obj[]; ns: string } {
  const objects = config.objects();
  const ns = objects.find((o) => o.kind === 'Namespace')!.metadata.name as string;
  const own = (o: Obj) => o.metadata?.labels?.['app.kubernetes.io/name'] === ns;
  // The apps' objects are keelson's (managed-by); what a configuration makes for its apps to mount (a ConfigMap,
  // a Secret, a claim) is neither the apps' nor the deployer's to write: the deployer Role has no Secrets.
  const keelsons = (o: Obj) => o.metadata?.labels?.['app.kubernetes.io/managed-by'] !== undefined;
  return { namespace: objects.filter(own), apps: objects.filter((o) => !own(o) && keelsons(o)), ns };
}

/** The `--as` flags of the first subject of a RoleBinding. */
function identity(objects: readonly Obj[], binding: string): string[] {
  const subject = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.name === binding)?.subjects?.[0];
  if (!subject) throw new Error(`no RoleBinding ${binding}`);
  if (subject.kind === 'ServiceAccount') return [`--as=system:serviceaccount:${subject.namespace}:${subject.name}`];
  if (subject.kind === 'User') return [`--as=${subject.name}`];
  return ['--as=someone@example.com', `--as-group=${subject.name}`];
}

/** `resource.group`, as kubectl names it, and an optional subresource. */
function resourceArgs(r: Pick<ApiResource, 'group' | 'resource'>): string[] {
  const [resource, sub] = r.resource.split('/');
  const name = r.group ? `${resource}.${r.group}` : resource;
  return sub ? [name, `--subresource=${sub}`] : [name];
}

/** Every `[verb, resource]` the identity is allowed, of those asked (`kubectl auth can-i`, one each). */
function allowed(plane: Plane, ns: string, as: readonly string[], asks: ReadonlyArray<[string, Pick<ApiResource, 'group' | 'resource'>]>): string[] {
  return asks.filter(([verb, r]) => {
    const res = kubectl(['auth', 'can-i', verb, ...resourceArgs(r), '-n', ns, ...as], { plane });
    // 0 and "yes", or 1 and "no"; anything else is kubectl failing.
    if (!((res.status === 0 && res.stdout.trim() === 'yes') || (res.status === 1 && res.stdout.trim() === 'no'))) {
      throw new Error(`kubectl auth can-i ${verb} ${resourceArgs(r).join(' ')}: ${res.status} ${res.stdout} ${res.stderr}`);
    }
    return res.status === 0;
  }).map(([verb, r]) => `${verb} ${resourceArgs(r).join(' ')}`);
}

const core = (resource: string) => ({ group: '', resource });
const MANAGE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
/** What neither Role may do. */
const FORBIDDEN: ReadonlyArray<[string, Pick<ApiResource, 'group' | 'resource'>]> = [
  ...['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'].map((v) => [v, core('secrets')] as [string, ApiResource]),
  ['create', core('pods/exec')], ['get', core('pods/exec')],
  ['create', core('pods/attach')], ['get', core('pods/attach')],
  ['create', core('pods/portforward')], ['get', core('pods/portforward')],
  ['create', core('serviceaccounts/token')],
  ['create', core('pods')], ['delete', core('pods')],
  ['create', { group: 'rbac.authorization.k8s.io', resource: 'roles' }], ['bind', { group: 'rbac.authorization.k8s.io', resource: 'roles' }],
  ['escalate', { group: 'rbac.authorization.k8s.io', resource: 'roles' }], ['patch', { group: 'rbac.authorization.k8s.io', resource: 'rolebindings' }],
  ['patch', core('resourcequotas')], ['delete', core('limitranges')], ['patch', core('namespaces')],
  ['patch', { group: 'networking.istio.io', resource: 'sidecars' }],
  ['impersonate', core('serviceaccounts')],
];
const asks = (verbs: readonly string[], list: readonly ApiResource[]) => list.flatMap((r) => verbs.map((v) => [v, r] as [string, ApiResource]));
const guardRails = NAMESPACE_RESOURCES.filter((r) => r.group !== 'rbac.authorization.k8s.io');

describe.each(['newest', 'oldest'] as const)('the %s API server\'s RBAC', (plane) => {
  it.each(all.map((c) => [c.name, c] as const))('%s: the platform applies the SecureNamespace', (_name, config) => {
    const r = apply(split(config).namespace, { plane, fieldManager: 'platform' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('the deployer may manage every kind keelson\'s apps emit and read what a rollout needs; nothing else', () => {
    const { namespace, ns } = split(example);
    const as = identity(namespace, 'deployers-keelson-deployer');
    const wanted = [...asks(MANAGE, APP_RESOURCES), ...asks(['get', 'list', 'watch'], [...OBSERVED_RESOURCES, ...guardRails])];
    expect(allowed(plane, ns, as, wanted)).toHaveLength(wanted.length);
    expect(allowed(plane, ns, as, [...FORBIDDEN, ['get', core('pods/log')], ['get', core('configmaps')]])).toEqual([]);
  });

  it('the team (viewer) reads the apps, the guard rails, what the controllers make, ConfigMaps and logs; it writes nothing', () => {
    const { namespace, ns } = split(example);
    const as = identity(namespace, 'team-keelson-viewer');
    const wanted = [...asks(['get', 'list', 'watch'], [...APP_RESOURCES, ...guardRails, ...OBSERVED_RESOURCES, core('configmaps') as ApiResource]), ['get', core('pods/log')] as [string, ApiResource]];
    expect(allowed(plane, ns, as, wanted)).toHaveLength(wanted.length);
    expect(allowed(plane, ns, as, [...FORBIDDEN, ...asks(['create', 'patch', 'delete'], APP_RESOURCES)])).toEqual([]);
  });

  it.each(matrix.map((c) => [c.name, c] as const))('%s: the deployer binding works in the namespace, and nowhere else', (_name, config) => {
    const { namespace, ns } = split(config);
    const as = identity(namespace, 'deployers-keelson-deployer');
    const probe: Array<[string, ApiResource]> = [['patch', APP_RESOURCES.find((r) => r.kind === 'Deployment')!], ['get', { group: '', resource: 'secrets', kind: 'Secret' }]];
    expect(allowed(plane, ns, as, probe)).toEqual(['patch deployments.apps']);
    expect(allowed(plane, 'default', as, probe)).toEqual([]);
  });

  it.each(all.map((c) => [c.name, c] as const))('%s: the deployer applies every object of the apps (server-side apply), with no warning', (_name, config) => {
    const { namespace, apps } = split(config);
    const as = identity(namespace, 'deployers-keelson-deployer');
    expect(apps.length).toBeGreaterThan(0);
    const args = ['apply', '--server-side', '--field-manager=keelson-ci', ...(plane === 'oldest' ? ['--dry-run=server'] : []), ...as, '-f', '-'];
    const r = kubectl(args, { plane, input: apps.map((o) => JSON.stringify(o)).join('\n') });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(warnings(r.stderr)).toEqual([]);
    // The namespace's own objects are the platform's: the deployer cannot change them.
    const refused = kubectl(['apply', '--server-side', '--field-manager=keelson-ci', '--dry-run=server', ...as, '-f', '-'], {
      plane,
      input: namespace.filter((o) => o.kind !== 'Namespace' && !APP_RESOURCES.some((a) => a.kind === o.kind)).map((o) => JSON.stringify(o)).join('\n'),
    });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/forbidden/);
  });
});

describe('following a rollout as the deployer (newest)', () => {
  it('`kubectl rollout status` as the deployer sees the example\'s Deployments and StatefulSet through', () => {
    const { namespace, apps, ns } = split(example);
    const as = identity(namespace, 'deployers-keelson-deployer');
    for (const o of apps.filter((x) => x.kind === 'Deployment' || x.kind === 'StatefulSet')) {
      const r = kubectl(['rollout', 'status', `${o.kind.toLowerCase()}/${o.metadata.name}`, '-n', ns, '--timeout=180s', ...as]);
      expect({ what: `${o.kind}/${o.metadata.name}`, status: r.status, stderr: r.stderr }).toEqual({ what: `${o.kind}/${o.metadata.name}`, status: 0, stderr: '' });
    }
  });
});
