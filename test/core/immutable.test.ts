/**
 * The immutable-field data per Kubernetes minor and the comparison keelson.lock.json makes with it.
 * (The data is checked against the real 1.33 and 1.37 API servers by test/cluster/immutable.cluster.ts.)
 */
import {
  CanaryRouting, Exposure, IMMUTABLE_FIELDS, KUBERNETES_VERSIONS, NO_IMMUTABLE_FIELDS, Port, Quantity, Subject,
  buildBatchJob, buildCanaryRelease, buildSecureNamespace, buildStatefulApp, buildStatelessApp, immutableChanges, immutableSnapshot,
} from '../../lib';
import { canonical, nextSnapshot } from '../../lib/core/immutable/compare';
import { GUARDED_KINDS, rulesOf } from '../../lib/core/immutable/fields';
import { kindKey } from '../../lib/core/immutable/rules';

const rule = (kind: string, path: string, version: typeof KUBERNETES_VERSIONS[number] = '1.33') => rulesOf(kind, version)!.fields.find((f) => f.path === path)!;
const refused = (kind: string, before: object, after: object, version: typeof KUBERNETES_VERSIONS[number] = '1.33') =>
  immutableChanges(kind, immutableSnapshot(before)!, immutableSnapshot(after)!, version).map((c) => c.path);

describe('the data, per supported minor', () => {
  it('has every supported minor, 1.33 first', () => {
    expect(KUBERNETES_VERSIONS).toEqual(['1.33', '1.34', '1.35', '1.36', '1.37']);
    expect(Object.keys(IMMUTABLE_FIELDS)).toEqual([...KUBERNETES_VERSIONS]);
  });

  it('differs between minors only in a claim\'s volumeAttributesClassName (dropped in 1.33, mutable from 1.34)', () => {
    const flat = (v: typeof KUBERNETES_VERSIONS[number]) => IMMUTABLE_FIELDS[v].flatMap((k) => k.fields.map((f) => `${k.kind} ${f.path} ${f.change}`));
    const first = new Set(flat('1.33'));
    for (const v of KUBERNETES_VERSIONS.slice(1)) {
      const these = new Set(flat(v));
      expect([...first].filter((x) => !these.has(x))).toEqual(['PersistentVolumeClaim spec.volumeAttributesClassName dropped']);
      expect([...these].filter((x) => !first.has(x))).toEqual(['PersistentVolumeClaim spec.volumeAttributesClassName mutable']);
    }
  });

  it('a StatefulSet refuses selector, serviceName, podManagementPolicy and claim templates; revisionHistoryLimit is mutable in every supported minor', () => {
    for (const v of KUBERNETES_VERSIONS) {
      const fields = rulesOf('apps/StatefulSet', v)!.fields;
      expect(fields.filter((f) => f.change === 'immutable').map((f) => f.path)).toEqual(['spec.selector', 'spec.serviceName', 'spec.podManagementPolicy', 'spec.volumeClaimTemplates']);
      expect(rule('apps/StatefulSet', 'spec.revisionHistoryLimit', v).change).toBe('mutable');
    }
  });

  it('guards the kinds with an immutable or grow-only field; every kind keelson emits is in the data or listed without one', () => {
    expect([...GUARDED_KINDS].sort()).toEqual([
      'PersistentVolumeClaim', 'ResourceQuota', 'Service', 'apps/Deployment', 'apps/StatefulSet', 'argoproj.io/Rollout', 'batch/Job', 'rbac.authorization.k8s.io/RoleBinding',
    ]);
    const image = 'ghcr.io/acme/app:1.0.0';
    const containers = [{ image, ports: [Port.http(8080)] }];
    const objects = [
      ...buildStatelessApp({ name: 'web', containers, autoscaling: { maxReplicas: 4 }, exposure: Exposure.ingress({ hosts: ['web.example.com'] }) }).objects,
      ...buildStatefulApp({ name: 'db', replicas: 3, containers, storage: [{ name: 'data', mountPath: '/d', size: '1Gi' }], verticalAutoscaling: {} }).objects,
      ...buildBatchJob({ name: 'job', containers: [{ image }] }).objects,
      ...buildBatchJob({ name: 'cron', containers: [{ image }], schedule: '@daily' }).objects,
      ...buildSecureNamespace({ name: 'ns', mesh: {}, access: { team: [Subject.group('devs')] }, quota: { pods: 10, scoped: [{ name: 'gold', priorityClasses: ['high'], pods: 5 }] } }).objects,
      ...([
        [undefined, 10], [CanaryRouting.ingressNginx({ hosts: ['a.example.com'] }), 10], [CanaryRouting.gatewayApi({ gateway: 'gw', hostnames: ['a.example.com'] }), 10],
        [CanaryRouting.replicaRatio(), 10], [CanaryRouting.blueGreen(), undefined], [CanaryRouting.argoRollouts(), 'none'],
        [CanaryRouting.traefik({ hosts: ['a.example.com'] }), 10], [CanaryRouting.argoRolloutsIngressNginx({ hosts: ['a.example.com'] }), 'none'],
        [CanaryRouting.argoRolloutsGatewayApi({ gateway: 'gw' }), 'none'], [CanaryRouting.flagger({ hosts: ['a.example.com'] }), 'none'],
      ] as const).flatMap(([routing, weight]) => buildCanaryRelease({
        name: 'api', namespace: 'ns', containers, routing, canary: weight === 'none' ? undefined : { image: 'ghcr.io/acme/app:1.1.0', weight },
      }).objects),
      ...buildStatelessApp({ name: 'grpc', containers: [{ image, ports: [Port.grpc(9090)] }], exposure: Exposure.gatewayApi({ gateway: { name: 'gw' } }) }).objects,
      ...buildStatelessApp({ name: 'entry', containers, exposure: Exposure.istioGateway({ hosts: ['a.example.com'] }) }).objects,
    ];
    const kinds = [...new Set(objects.map((o) => kindKey(o.apiVersion, o.kind)))].sort();
    expect(kinds.length).toBeGreaterThan(15);
    for (const kind of kinds) expect({ kind, known: GUARDED_KINDS.has(kind) || rulesOf(kind, '1.33') !== undefined || NO_IMMUTABLE_FIELDS.includes(kind) }).toEqual({ kind, known: true });
  });
});

describe('what a change is refused', () => {
  const sts = (spec: object) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', spec });
  const svc = (spec: object) => ({ apiVersion: 'v1', kind: 'Service', spec });

  it('compares as the API server does: key order and empty versus absent mean nothing; a defaulted field equals its default', () => {
    expect(canonical({ b: 1, a: { d: [], c: {} } })).toEqual({ b: 1 });
    expect(JSON.stringify(canonical({ b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
    expect(refused('apps/StatefulSet', sts({ selector: { matchLabels: { a: '1', b: '2' } } }), sts({ selector: { matchLabels: { b: '2', a: '1' } } }))).toEqual([]);
    expect(refused('apps/StatefulSet', sts({ volumeClaimTemplates: [] }), sts({}))).toEqual([]);
    expect(refused('apps/StatefulSet', sts({}), sts({ podManagementPolicy: 'OrderedReady' }))).toEqual([]);
    expect(refused('apps/StatefulSet', sts({}), sts({ podManagementPolicy: 'Parallel' }))).toEqual(['spec.podManagementPolicy']);
    expect(refused('apps/StatefulSet', sts({ revisionHistoryLimit: 5, replicas: 3 }), sts({ revisionHistoryLimit: 1, replicas: 9 }))).toEqual([]);
  });

  it('a Service keeps an allocated cluster IP when the manifest leaves it out, refuses another, and frees it to and from ExternalName', () => {
    expect(refused('Service', svc({ clusterIP: 'None' }), svc({}))).toEqual([]);
    expect(refused('Service', svc({}), svc({ clusterIP: 'None' }))).toEqual(['spec.clusterIP']);
    expect(refused('Service', svc({ clusterIP: '10.96.0.10' }), svc({ clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.11'] }))).toEqual(['spec.clusterIP', 'spec.clusterIPs[0]']);
    expect(refused('Service', svc({ type: 'ExternalName' }), svc({ type: 'ClusterIP', clusterIP: 'None' }))).toEqual([]);
    expect(refused('Service', svc({ ipFamilies: ['IPv4'] }), svc({ ipFamilies: ['IPv6'] }))).toEqual(['spec.ipFamilies[0]']);
    expect(refused('Service', svc({ clusterIP: 'None', ipFamilies: ['IPv4'] }), svc({ clusterIP: 'None', ipFamilies: ['IPv6'] }))).toEqual([]);
    expect(refused('Service', svc({ type: 'LoadBalancer', loadBalancerClass: 'a' }), svc({ type: 'LoadBalancer', loadBalancerClass: 'b' }))).toEqual(['spec.loadBalancerClass']);
    expect(refused('Service', svc({ type: 'LoadBalancer', loadBalancerClass: 'a' }), svc({ type: 'ClusterIP' }))).toEqual([]);
    const lb = { type: 'LoadBalancer', externalTrafficPolicy: 'Local' };
    expect(refused('Service', svc({ ...lb, healthCheckNodePort: 30001 }), svc({ ...lb, healthCheckNodePort: 30002 }))).toEqual(['spec.healthCheckNodePort']);
    expect(refused('Service', svc({ ...lb, healthCheckNodePort: 30001 }), svc(lb))).toEqual([]);
  });

  it('keeps an allocated value in the next snapshot when the manifest leaves it out', () => {
    const before = immutableSnapshot(svc({ clusterIP: 'None', type: 'ClusterIP' }))!;
    const after = immutableSnapshot(svc({ type: 'ClusterIP' }))!;
    expect(nextSnapshot('Service', before, after)).toEqual({ 'spec.clusterIP': 'None', 'spec.type': 'ClusterIP' });
  });

  it('ResourceQuota scopes are a set; a RoleBinding\'s roleRef and a Rollout\'s selector are fixed', () => {
    const quota = (scopes?: string[]) => ({ apiVersion: 'v1', kind: 'ResourceQuota', spec: { scopes } });
    expect(refused('ResourceQuota', quota(['A', 'B']), quota(['B', 'A']))).toEqual([]);
    expect(refused('ResourceQuota', quota(), quota(['NotTerminating']))).toEqual(['spec.scopes']);
    const rb = (name: string) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name } });
    expect(refused('rbac.authorization.k8s.io/RoleBinding', rb('view'), rb('edit'))).toEqual(['roleRef']);
    const rollout = (track: string) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { selector: { matchLabels: { track } } } });
    expect(refused('argoproj.io/Rollout', rollout('a'), rollout('b'))).toEqual(['spec.selector']);
  });

  it('a claim\'s storage may grow, not shrink (compared as quantities); its volumeAttributesClassName is never refused', () => {
    const pvc = (storage: string, volumeAttributesClassName?: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: { resources: { requests: { storage } }, volumeAttributesClassName } });
    expect(refused('PersistentVolumeClaim', pvc('1Gi'), pvc('2Gi'))).toEqual([]);
    expect(refused('PersistentVolumeClaim', pvc('1Gi'), pvc('1024Mi'))).toEqual([]);
    expect(refused('PersistentVolumeClaim', pvc('2Gi'), pvc('1Gi'))).toEqual(['spec.resources.requests.storage']);
    expect(rule('PersistentVolumeClaim', 'spec.volumeAttributesClassName', '1.33').change).toBe('dropped');
    for (const v of KUBERNETES_VERSIONS) expect(refused('PersistentVolumeClaim', pvc('1Gi'), pvc('1Gi', 'fast'), v)).toEqual([]);
  });

  it('records nothing of a kind without immutable fields, and the condition fields of one with', () => {
    expect(immutableSnapshot({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' })).toBeUndefined();
    expect(immutableSnapshot({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' })).toBeUndefined();
    expect(Object.keys(immutableSnapshot(svc({ type: 'ClusterIP', clusterIP: 'None', ports: [{ port: 1 }] }))!)).toEqual(['spec.clusterIP', 'spec.type']);
    expect(immutableSnapshot(buildStatefulApp({ name: 'db', replicas: 1, containers: [{ image: 'ghcr.io/a/b:1.0.0' }], storage: [{ name: 'd', mountPath: '/d', size: Quantity.gibibytes(1) }] }).statefulSet))
      .toHaveProperty(['spec.volumeClaimTemplates', 0, 'spec', 'resources', 'requests', 'storage'], '1Gi');
  });
});
