/**
 * The checkers fail where they should on StatefulApp output: the VPA schema, the StatefulSet
 * best-practice rules (headless serviceName, claim templates mounted and unshadowed, HPA/VPA
 * targets, selectors), the one-replica decision, and grouping a multi-app manifest by instance.
 */
import { AnyObject, bestPracticeByApp, bestPracticeProblems, crossReferenceProblems, groupByInstance } from '../helpers/best-practice';
import { asJson, build, minimalProps, ofKind } from '../helpers/fixtures';
import { podSecurityViolations } from '../helpers/pss';
import { validateObject } from '../helpers/schema';
import { buildStateful, minimalStatefulProps, statefulJson } from '../helpers/stateful';

const defaults = (): AnyObject[] => statefulJson(buildStateful(minimalStatefulProps({ verticalAutoscaling: {} })));
const sts = (objects: AnyObject[]): any => ofKind(objects, 'StatefulSet');
const byName = (objects: AnyObject[], kind: string, name: string): any => objects.find((o) => o.kind === kind && o.metadata?.name === name);

describe('VerticalPodAutoscaler schema (@kubernetes-models/autoscaler)', () => {
  const vpa = () => ofKind(defaults(), 'VerticalPodAutoscaler') as any;

  it('accepts the VPA keelson emits, in every mode', () => {
    for (const mode of ['Off', 'Initial', 'Recreate', 'Auto']) {
      const v = vpa();
      v.spec.updatePolicy.updateMode = mode;
      expect(() => validateObject(v)).not.toThrow();
    }
  });

  it.each<[string, (v: any) => void, RegExp]>([
    ['an unknown update mode', (v) => { v.spec.updatePolicy.updateMode = 'Sometimes'; }, /allowed values/],
    ['no targetRef', (v) => { delete v.spec.targetRef; }, /targetRef/],
    ['a targetRef without a name', (v) => { delete v.spec.targetRef.name; }, /name/],
    ['controlledResources that is not a list', (v) => { v.spec.resourcePolicy.containerPolicies[0].controlledResources = 'cpu'; }, /must be array/],
    ['an unknown controlled-values setting', (v) => { v.spec.resourcePolicy.containerPolicies[0].controlledValues = 'Sometimes'; }, /allowed values/],
  ])('rejects a VPA with %s', (_what, mutate, error) => {
    const v = vpa();
    mutate(v);
    expect(() => validateObject(v)).toThrow(error);
  });
});

describe('best-practice checker on StatefulSets', () => {
  it('finds nothing in the default StatefulApp, with or without storage, VPA or HPA', () => {
    expect(bestPracticeProblems(defaults())).toEqual([]);
    expect(bestPracticeProblems(statefulJson(buildStateful(minimalStatefulProps({ storage: undefined }))))).toEqual([]);
    expect(bestPracticeProblems(statefulJson(buildStateful(minimalStatefulProps({ autoscaling: { maxReplicas: 5 } }))))).toEqual([]);
  });

  const mutate = (fn: (objects: AnyObject[]) => void) => () => {
    const objects = defaults();
    fn(objects);
    return objects;
  };

  it.each<[string, () => AnyObject[], RegExp]>([
    ['a serviceName naming a Service that is not headless', mutate((o) => { delete byName(o, 'Service', 'db-headless').spec.clusterIP; }), /Service\/db-headless: is the serviceName of StatefulSet\/db but not headless/],
    ['a serviceName naming the client Service', mutate((o) => { sts(o).spec.serviceName = 'db'; }), /Service\/db: is the serviceName of StatefulSet\/db but not headless/],
    ['a serviceName naming no Service of the app', mutate((o) => { sts(o).spec.serviceName = 'elsewhere'; }), /serviceName elsewhere is not a Service of the app/],
    ['no serviceName', mutate((o) => { delete sts(o).spec.serviceName; }), /no spec.serviceName/],
    ['a headless Service selecting other pods', mutate((o) => { byName(o, 'Service', 'db-headless').spec.selector = { app: 'other' }; }), /Service\/db-headless: selector does not match/],
    ['a headless Service port naming no container port', mutate((o) => { byName(o, 'Service', 'db-headless').spec.ports[0].targetPort = 'peer'; }), /targetPort "peer" is not a container port/],
    ['a headless Service with one port number twice', mutate((o) => { const svc = byName(o, 'Service', 'db-headless'); svc.spec.ports.push({ ...svc.spec.ports[0], name: 'other' }); }), /Service\/db-headless: port 5432\/TCP is listed twice/],
    ['a Service with one port name twice', mutate((o) => { const svc = byName(o, 'Service', 'db'); svc.spec.ports.push({ ...svc.spec.ports[0], port: 6543 }); }), /Service\/db: port name db is listed twice/],
    ['a claim template mounted by no container', mutate((o) => { sts(o).spec.template.spec.containers[0].volumeMounts.pop(); }), /volumeClaimTemplate data is mounted by no container/],
    ['a pod volume shadowing a claim template', mutate((o) => { sts(o).spec.template.spec.volumes.push({ name: 'data', emptyDir: {} }); }), /pod volume data has the name of a volumeClaimTemplate/],
    ['a mount of a volume that does not exist', mutate((o) => { sts(o).spec.template.spec.containers[0].volumeMounts.push({ name: 'cache', mountPath: '/cache' }); }), /mounts cache, which is neither a volume nor a volumeClaimTemplate/],
    ['a device of a volume that does not exist', mutate((o) => { sts(o).spec.template.spec.containers[0].volumeDevices = [{ name: 'raw', devicePath: '/dev/xvdb' }]; }), /mounts raw, which is neither/],
    ['a VPA targeting a Deployment of the same name', mutate((o) => { ofKind(o, 'VerticalPodAutoscaler')!.spec.targetRef.kind = 'Deployment'; }), /VerticalPodAutoscaler\/db: targetRef .* is not StatefulSet\/db/],
    ['a VPA targeting another StatefulSet', mutate((o) => { ofKind(o, 'VerticalPodAutoscaler')!.spec.targetRef.name = 'other'; }), /VerticalPodAutoscaler\/db: targetRef/],
    ['an HPA targeting a Deployment', () => {
      const o = statefulJson(buildStateful(minimalStatefulProps({ autoscaling: { maxReplicas: 5 } })));
      ofKind(o, 'HorizontalPodAutoscaler')!.spec.scaleTargetRef.kind = 'Deployment';
      return o;
    }, /HorizontalPodAutoscaler\/db: scaleTargetRef .* is not StatefulSet\/db/],
    ['a StatefulSet without replicas and without an autoscaler', mutate((o) => { delete sts(o).spec.replicas; }), /StatefulSet\/db: replicas 1 < 2 and no autoscaler/],
    ['a StatefulSet with replicas 0', mutate((o) => { sts(o).spec.replicas = 0; }), /replicas 0 < 2/],
    ['a quorum PDB that blocks drains', mutate((o) => { const p = ofKind(o, 'PodDisruptionBudget')!; delete p.spec.maxUnavailable; p.spec.minAvailable = 3; }), /minAvailable 3 >= replicas 3 blocks drains/],
    ['a PDB selecting other pods', mutate((o) => { ofKind(o, 'PodDisruptionBudget')!.spec.selector.matchLabels = { app: 'x' }; }), /PodDisruptionBudget\/db: selector does not match the pods of StatefulSet\/db/],
    ['a NetworkPolicy selecting other pods', mutate((o) => { ofKind(o, 'NetworkPolicy')!.spec.podSelector = { matchLabels: { app: 'x' } }; }), /NetworkPolicy\/db: podSelector does not match the pods of StatefulSet\/db/],
    ['a StatefulSet selector not matching its template', mutate((o) => { sts(o).spec.selector.matchLabels['app.kubernetes.io/name'] = 'x'; }), /StatefulSet\/db: spec.selector does not match/],
    ['an init container without a memory limit', mutate((o) => {
      sts(o).spec.template.spec.initContainers = [{ ...sts(o).spec.template.spec.containers[0], name: 'init', ports: undefined, readinessProbe: undefined, livenessProbe: undefined, resources: { requests: { cpu: '1', memory: '1Gi' } } }];
    }), /container init: no memory limit/],
  ])('catches %s', (_what, objects, expected) => {
    expect(bestPracticeProblems(objects())).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('the cross-reference subset (used by the property tests) includes the StatefulSet references', () => {
    const o = defaults();
    sts(o).spec.serviceName = 'db';
    ofKind(o, 'VerticalPodAutoscaler')!.spec.targetRef.name = 'other';
    sts(o).spec.template.spec.containers[0].volumeMounts.pop();
    expect(crossReferenceProblems(o)).toEqual([
      'StatefulSet/db: volumeClaimTemplate data is mounted by no container',
      'Service/db: is the serviceName of StatefulSet/db but not headless (clusterIP: None)',
      'VerticalPodAutoscaler/db: targetRef {"apiVersion":"apps/v1","kind":"StatefulSet","name":"other"} is not StatefulSet/db',
    ]);
  });

  it('accepts a StatefulSet with replicas deliberately 1, but not a Deployment', () => {
    expect(bestPracticeProblems(statefulJson(buildStateful(minimalStatefulProps({ replicas: 1 }))))).toEqual([]);
    expect(bestPracticeProblems(asJson(build(minimalProps({ replicas: 1 }))))).toEqual(['Deployment/web: replicas 1 < 2 and no autoscaler']);
  });

  it('a StatefulSet passes the PSS restricted check, init containers included, and fails it when one is not', () => {
    const o = statefulJson(buildStateful(minimalStatefulProps({ initContainers: [{ name: 'init', image: 'ghcr.io/acme/init:1.0.0' }] })));
    expect(podSecurityViolations(o)).toEqual([]);
    sts(o).spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation = true;
    expect(podSecurityViolations(o)).toEqual(['StatefulSet/db: Privilege escalation: initContainers[0] (init).securityContext.allowPrivilegeEscalation is not false']);
  });
});

describe('groupByInstance / bestPracticeByApp', () => {
  const web = () => asJson(build(minimalProps()));
  const db = (ns?: string) => statefulJson(buildStateful(minimalStatefulProps({ namespace: ns })));

  it('a flat two-app list cross-references the wrong app; grouped, each app is clean', () => {
    const objects = [...web(), ...db()];
    expect(bestPracticeProblems(objects)).toEqual(expect.arrayContaining([expect.stringMatching(/does not match the pods of StatefulSet\/db/)]));
    expect(bestPracticeByApp(objects)).toEqual({ web: [], db: [] });
  });

  it('groups by instance in first-seen order; unlabelled objects under ""', () => {
    const stray: AnyObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray' } };
    const groups = groupByInstance([...db(), stray, ...web()]);
    expect(Object.keys(groups)).toEqual(['db', '', 'web']);
    expect(groups[''].map((o) => o.metadata!.name)).toEqual(['stray']);
    expect(groups.db.map((o) => o.kind)).toEqual(['ServiceAccount', 'NetworkPolicy', 'Service', 'Service', 'StatefulSet', 'PodDisruptionBudget']);
  });

  it('splits an app by a label when asked, sharing its unlabelled objects with every part', () => {
    const objects = db();
    const tracked = (o: AnyObject, track: string): AnyObject => ({ ...o, metadata: { ...o.metadata, name: `${o.metadata!.name}-${track}`, labels: { ...o.metadata!.labels, 'keelson.dev/track': track } } });
    const [sa, np, headless, svc, set, pdb] = objects;
    const groups = groupByInstance([sa, np, headless, svc, tracked(set, 'a'), tracked(pdb, 'a'), tracked(set, 'b')], { splitBy: 'keelson.dev/track' });
    expect(Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v.map((o) => o.metadata!.name)]))).toEqual({
      'db#a': ['db', 'db', 'db-headless', 'db', 'db-a', 'db-a'],
      'db#b': ['db', 'db', 'db-headless', 'db', 'db-b'],
    });
    // Without the label an app stays whole.
    expect(Object.keys(groupByInstance([...web(), ...objects], { splitBy: 'keelson.dev/track' }))).toEqual(['web', 'db']);
  });

  it('keeps one app name in two namespaces apart', () => {
    const groups = groupByInstance([...db('a'), ...db('b')]);
    expect(Object.keys(groups)).toEqual(['a/db', 'b/db']);
    expect(bestPracticeByApp([...db('a'), ...db('b')])).toEqual({ 'a/db': [], 'b/db': [] });
  });
});
