/**
 * The example shop's SecureNamespace (examples/shop.ts, examples/cdk8s/main.ts): its objects come
 * first and are schema-valid, the apps are in it, fit it with room to spare, pass the Pod Security
 * level it enforces, and its NetworkPolicies and theirs allow what the shop needs and nothing else.
 */
import * as os from 'os';
import * as path from 'path';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { parseAllDocuments } from 'yaml';
import { buildApp } from '../../examples/cdk8s/main';
import { SecureNamespace } from '../../lib/cdk8s';
import { AnyObject, rbacProblems } from '../helpers/best-practice';
import { Cluster, Endpoint, connectionAllowed } from '../helpers/namespace';
import { PssLevel, podSecurityViolations } from '../helpers/pss';
import { schemaProblems } from '../helpers/schema';

const app = buildApp(path.join(os.tmpdir(), 'keelson-example-never-written'));
const objects = parseAllDocuments(app.synthYaml()).map((d) => d.toJS() as AnyObject).filter((o) => o !== null);
const ns = app.node.findAll().find(SecureNamespace.isSecureNamespace)!;
const own = objects.filter((o) => o.metadata?.labels?.['app.kubernetes.io/instance'] === 'shop');

describe('the example shop\'s SecureNamespace', () => {
  it('comes first: the Namespace, its quota, LimitRange, ServiceAccount, policies, Roles and RoleBindings and mesh objects', () => {
    expect(objects.slice(0, own.length)).toEqual(own);
    expect(own.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'Namespace/shop',
      'ResourceQuota/default',
      'LimitRange/default',
      'ServiceAccount/default',
      'NetworkPolicy/allow-dns',
      'NetworkPolicy/allow-ingress',
      'NetworkPolicy/allow-mesh-control-plane',
      'NetworkPolicy/default-deny',
      'Role/keelson-viewer',
      'Role/keelson-deployer',
      'RoleBinding/team-keelson-viewer',
      'RoleBinding/deployers-keelson-deployer',
      'PeerAuthentication/default',
      'AuthorizationPolicy/allow',
      'AuthorizationPolicy/default-deny',
      'Sidecar/default',
    ]);
    expect(schemaProblems(own)).toEqual([]);
  });

  it('has no RBAC finding of Polaris: keelson\'s Roles allow no exec or attach, and no binding refers to a built-in ClusterRole', () => {
    expect(own.filter((o) => o.kind === 'Role').map((o) => o.metadata!.name)).toEqual(['keelson-viewer', 'keelson-deployer']);
    expect(rbacProblems(own)).toEqual([]);
  });

  it('holds every app, which passes the Pod Security level the namespace enforces', () => {
    const apps = objects.slice(own.length);
    expect(new Set(apps.map((o) => o.metadata?.namespace))).toEqual(new Set(['shop']));
    const level = own[0].metadata!.labels!['pod-security.kubernetes.io/enforce'] as PssLevel;
    expect(level).toBe('restricted');
    expect(podSecurityViolations(apps, level)).toEqual([]);
  });

  it('fits the apps at their peak (the synth above would have thrown otherwise)', () => {
    expect(() => ns.checkApps()).not.toThrow();
    expect(own.find((o) => o.kind === 'ResourceQuota')!.spec.hard).toMatchObject({ 'requests.cpu': '10', 'requests.memory': '18Gi', 'pods': '40' });
  });

  describe('network', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as NetworkPolicy[];
    const cluster: Cluster = { namespaces: {}, policies };
    const pod = (name: string, namespace = 'shop'): Endpoint => ({ namespace, labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name } });
    const [web, api, etcd] = [pod('web'), pod('api'), pod('etcd')];

    it('lets the apps make the calls the shop needs', () => {
      expect(connectionAllowed(cluster, web, api, 8080)).toBe(true);
      expect(connectionAllowed(cluster, web, etcd, 2379)).toBe(true);
      expect(connectionAllowed(cluster, etcd, etcd, 2380)).toBe(true); // members reach each other
      expect(connectionAllowed(cluster, pod('controller', 'ingress-nginx'), web, 8080)).toBe(true);
      expect(connectionAllowed(cluster, pod('prometheus', 'monitoring'), etcd, 2379)).toBe(true);
      for (const p of [web, api, etcd]) {
        expect(connectionAllowed(cluster, p, pod('coredns', 'kube-system'), 53, 'UDP')).toBe(true);
        expect(connectionAllowed(cluster, p, pod('istiod', 'istio-system'), 15012)).toBe(true);
      }
    });

    it('denies everything else', () => {
      expect(connectionAllowed(cluster, api, web, 8080)).toBe(false);
      expect(connectionAllowed(cluster, api, etcd, 2379)).toBe(false);
      expect(connectionAllowed(cluster, etcd, web, 8080)).toBe(false);
      expect(connectionAllowed(cluster, web, { ip: '93.184.216.34' }, 443)).toBe(false);
      expect(connectionAllowed(cluster, pod('intruder', 'other'), web, 8080)).toBe(false);
    });
  });
});
