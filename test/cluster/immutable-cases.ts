/**
 * One or more update cases for every field of every kind in keelson's immutable-field data
 * (lib/core/immutable/fields.ts): an object as keelson emits it (or, for the kinds keelson does not
 * emit in that shape, as a user's would be), and a change of that one field. A rule with a condition
 * gets a second case where the condition holds. immutable.cluster.ts applies each base and then the
 * change, and compares the API server's answer with what the data says.
 */
import type { Obj } from './kube';
import {
  CanaryRouting, Port, Subject, buildBatchJob, buildCanaryRelease, buildSecureNamespace, buildStatefulApp, buildStatelessApp,
} from '../../lib';

export const NAMESPACE = 'immutable-fields';
/** A StorageClass that allows expansion, for the claims' cases. */
export const EXPANDABLE = 'keelson-expandable';

export interface UpdateCase {
  /** What the case shows, for the test's title. */
  readonly title: string;
  /** The object to create first. */
  readonly base: () => Obj;
  /** Changes a copy of the base. */
  readonly change: (o: Obj) => void;
  /** When the API server refuses the change: its message (the field and why). */
  readonly refusal: RegExp;
  /** A claim that must be bound before the change (a PersistentVolume is made for it). */
  readonly bound?: boolean;
}

const image = 'ghcr.io/acme/app:1.0.0';
const containers = [{ image, ports: [Port.http(8080)] }];
const copy = (o: unknown): Obj => JSON.parse(JSON.stringify(o));
const stateful = () => buildStatefulApp({ name: 'db', namespace: NAMESPACE, replicas: 1, containers, storage: [{ name: 'data', mountPath: '/data', size: '1Gi' }] });
const stateless = () => buildStatelessApp({ name: 'web', namespace: NAMESPACE, containers });

/** keelson's StatefulSet, with no pods (`replicas: 0`): the updates are judged, nothing needs to run. */
const statefulSet = () => ({ ...copy(stateful().statefulSet), spec: { ...copy(stateful().statefulSet).spec, replicas: 0 } });
const deployment = () => ({ ...copy(stateless().deployment), spec: { ...copy(stateless().deployment).spec, replicas: 0 } });
const service = () => copy(stateless().service);
const service1 = (spec: Obj) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: NAMESPACE }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...spec } });
/** keelson's Job, suspended and with no pod at a time (`parallelism: 0`): the updates are judged, no pod ever runs. */
const job = () => {
  const o = copy(buildBatchJob({ name: 'job', namespace: NAMESPACE, containers: [{ image }], suspend: true }).job);
  o.spec.parallelism = 0;
  return o;
};
const rollout = () => copy(buildCanaryRelease({ name: 'api', namespace: NAMESPACE, containers, routing: CanaryRouting.argoRollouts() }).rollout);
const roleBinding = () => copy(buildSecureNamespace({ name: NAMESPACE, access: { team: [Subject.group('devs')] } }).roleBindings[0]);
const quota = (spec: Obj = {}) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: NAMESPACE }, spec: { hard: { 'pods': '10', 'requests.cpu': '1' }, ...spec } });
const claim = () => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: NAMESPACE },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: EXPANDABLE, volumeMode: 'Filesystem', resources: { requests: { storage: '1Gi' } } },
});
const addLabel = (o: Obj) => {
  o.spec.selector.matchLabels.tier = 'x';
  o.spec.template.metadata.labels.tier = 'x';
};

const IMMUTABLE = /field is immutable/;
const STATEFUL_SET_SPEC = /updates to statefulset spec for fields other than|field is immutable/;
const MAY_NOT_CHANGE = /may not change once set/;
const CLAIM_SPEC = /spec is immutable after creation/;

/** Cases by `<kind> <field path>`, as in the data. */
export const CASES: Readonly<Record<string, readonly UpdateCase[]>> = {
  'apps/StatefulSet spec.selector': [{ title: 'another label', base: statefulSet, change: addLabel, refusal: STATEFUL_SET_SPEC }],
  'apps/StatefulSet spec.serviceName': [{ title: 'another headless Service', base: statefulSet, change: (o) => { o.spec.serviceName = 'other'; }, refusal: STATEFUL_SET_SPEC }],
  'apps/StatefulSet spec.podManagementPolicy': [{ title: 'Parallel', base: statefulSet, change: (o) => { o.spec.podManagementPolicy = 'Parallel'; }, refusal: STATEFUL_SET_SPEC }],
  'apps/StatefulSet spec.volumeClaimTemplates': [{
    title: 'a bigger claim',
    base: statefulSet,
    refusal: STATEFUL_SET_SPEC,
    change: (o) => { o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi'; },
  }],
  'apps/StatefulSet spec.replicas': [{ title: 'one more', base: statefulSet, change: (o) => { o.spec.replicas = 1; }, refusal: IMMUTABLE }],
  'apps/StatefulSet spec.template': [{ title: 'an annotation', base: statefulSet, change: (o) => { o.spec.template.metadata.annotations = { a: 'b' }; }, refusal: IMMUTABLE }],
  'apps/StatefulSet spec.updateStrategy': [{ title: 'a partition', base: statefulSet, change: (o) => { o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 1 } }; }, refusal: IMMUTABLE }],
  'apps/StatefulSet spec.minReadySeconds': [{ title: '17', base: statefulSet, change: (o) => { o.spec.minReadySeconds = 17; }, refusal: IMMUTABLE }],
  'apps/StatefulSet spec.revisionHistoryLimit': [{ title: '2', base: statefulSet, change: (o) => { o.spec.revisionHistoryLimit = 2; }, refusal: STATEFUL_SET_SPEC }],
  'apps/StatefulSet spec.persistentVolumeClaimRetentionPolicy': [{
    title: 'delete claims',
    base: statefulSet,
    refusal: IMMUTABLE,
    change: (o) => { o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Delete' }; },
  }],
  'apps/StatefulSet spec.ordinals': [{ title: 'start at 2', base: statefulSet, change: (o) => { o.spec.ordinals = { start: 2 }; }, refusal: IMMUTABLE }],

  'apps/Deployment spec.selector': [{ title: 'another label', base: deployment, change: addLabel, refusal: IMMUTABLE }],
  'apps/Deployment spec.replicas': [{ title: 'one more', base: deployment, change: (o) => { o.spec.replicas = 1; }, refusal: IMMUTABLE }],
  'apps/Deployment spec.template': [{ title: 'an annotation', base: deployment, change: (o) => { o.spec.template.metadata.annotations = { a: 'b' }; }, refusal: IMMUTABLE }],
  'apps/Deployment spec.strategy': [{ title: 'a smaller surge', base: deployment, change: (o) => { o.spec.strategy.rollingUpdate.maxSurge = 1; }, refusal: IMMUTABLE }],
  'apps/Deployment spec.minReadySeconds': [{ title: '17', base: deployment, change: (o) => { o.spec.minReadySeconds = 17; }, refusal: IMMUTABLE }],
  'apps/Deployment spec.revisionHistoryLimit': [{ title: '2', base: deployment, change: (o) => { o.spec.revisionHistoryLimit = 2; }, refusal: IMMUTABLE }],
  'apps/Deployment spec.progressDeadlineSeconds': [{ title: '700', base: deployment, change: (o) => { o.spec.progressDeadlineSeconds = 700; }, refusal: IMMUTABLE }],

  'batch/Job spec.template': [{ title: 'a new image', base: job, change: (o) => { o.spec.template.spec.containers[0].image = 'ghcr.io/acme/app:1.0.1'; }, refusal: IMMUTABLE }],
  'batch/Job spec.completions': [{ title: '2', base: job, change: (o) => { o.spec.completions = 2; }, refusal: IMMUTABLE }],
  'batch/Job spec.podFailurePolicy': [{ title: 'another rule', base: job, change: (o) => { o.spec.podFailurePolicy.rules.push({ action: 'FailJob', onExitCodes: { operator: 'In', values: [3] } }); }, refusal: IMMUTABLE }],
  'batch/Job spec.parallelism': [{ title: '1 (still suspended)', base: job, change: (o) => { o.spec.parallelism = 1; }, refusal: IMMUTABLE }],
  'batch/Job spec.backoffLimit': [{ title: '5', base: job, change: (o) => { o.spec.backoffLimit = 5; }, refusal: IMMUTABLE }],
  'batch/Job spec.activeDeadlineSeconds': [{ title: '600', base: job, change: (o) => { o.spec.activeDeadlineSeconds = 600; }, refusal: IMMUTABLE }],
  'batch/Job spec.ttlSecondsAfterFinished': [{ title: '60', base: job, change: (o) => { o.spec.ttlSecondsAfterFinished = 60; }, refusal: IMMUTABLE }],
  'batch/Job spec.suspend': [{ title: 'resumed (no pod at a time)', base: job, change: (o) => { o.spec.suspend = false; }, refusal: IMMUTABLE }],

  'argoproj.io/Rollout spec.selector': [{ title: 'another label', base: rollout, change: addLabel, refusal: /\.spec\.selector is immutable/ }],
  'argoproj.io/Rollout spec.replicas': [{ title: '3', base: rollout, change: (o) => { o.spec.replicas = 3; }, refusal: IMMUTABLE }],
  'argoproj.io/Rollout spec.template': [{ title: 'an annotation', base: rollout, change: (o) => { o.spec.template.metadata.annotations = { a: 'b' }; }, refusal: IMMUTABLE }],
  'argoproj.io/Rollout spec.strategy': [{ title: 'other steps', base: rollout, change: (o) => { o.spec.strategy.canary.steps = [{ setWeight: 50 }]; }, refusal: IMMUTABLE }],
  'argoproj.io/Rollout spec.revisionHistoryLimit': [{ title: '2', base: rollout, change: (o) => { o.spec.revisionHistoryLimit = 2; }, refusal: IMMUTABLE }],

  'Service spec.clusterIP': [
    { title: 'an allocated IP made headless', base: service, change: (o) => { o.spec.clusterIP = 'None'; }, refusal: MAY_NOT_CHANGE },
    { title: 'from ExternalName to headless', base: () => service1({ type: 'ExternalName', externalName: 'db.example.com', selector: undefined }), change: (o) => { o.spec = { type: 'ClusterIP', clusterIP: 'None', selector: { app: 'x' }, ports: [{ port: 80 }] }; }, refusal: MAY_NOT_CHANGE },
  ],
  'Service spec.clusterIPs[0]': [{ title: 'an allocated IP made headless', base: service, change: (o) => { o.spec.clusterIP = 'None'; o.spec.clusterIPs = ['None']; }, refusal: MAY_NOT_CHANGE }],
  'Service spec.ipFamilies[0]': [
    // On the suite's single-stack (IPv4) cluster the allocator refuses first, for the same reason:
    // the allocated (IPv4) cluster IP stays, so the primary family cannot change.
    {
      title: 'IPv4 to IPv6',
      base: () => service1({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] }),
      change: (o) => { o.spec.ipFamilies = ['IPv6']; },
      refusal: /ipFamilies\[0\].*may not change once set|clusterIPs\[0\]: Invalid value: .*expected an IPv6 value as indicated by `ipFamilies\[0\]`/,
    },
    // Headless without a selector: the API server does not check the families against the cluster's.
    {
      title: 'IPv4 to IPv6, headless',
      base: () => service1({ clusterIP: 'None', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'], selector: undefined }),
      change: (o) => { o.spec.ipFamilies = ['IPv6']; },
      refusal: MAY_NOT_CHANGE,
    },
  ],
  'Service spec.loadBalancerClass': [
    { title: 'another class', base: () => service1({ type: 'LoadBalancer', loadBalancerClass: 'example.com/a' }), change: (o) => { o.spec.loadBalancerClass = 'example.com/b'; }, refusal: MAY_NOT_CHANGE },
    { title: 'LoadBalancer to ClusterIP', base: () => service1({ type: 'LoadBalancer', loadBalancerClass: 'example.com/a' }), change: (o) => { o.spec = { type: 'ClusterIP', selector: { app: 'x' }, ports: [{ port: 80 }] }; }, refusal: MAY_NOT_CHANGE },
  ],
  'Service spec.healthCheckNodePort': [
    // Explicit ports (distinct: node ports are allocated cluster-wide), so the change is to another one for sure.
    { title: 'another port', base: () => service1({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 31901 }), change: (o) => { o.spec.healthCheckNodePort = 31999; }, refusal: IMMUTABLE },
    {
      title: 'to externalTrafficPolicy Cluster',
      base: () => service1({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 31902 }),
      refusal: IMMUTABLE,
      change: (o) => { o.spec.externalTrafficPolicy = 'Cluster'; delete o.spec.healthCheckNodePort; },
    },
  ],
  'Service spec.type': [{ title: 'NodePort', base: service, change: (o) => { o.spec.type = 'NodePort'; }, refusal: IMMUTABLE }],
  'Service spec.selector': [{ title: 'another label', base: service, change: (o) => { o.spec.selector.tier = 'x'; }, refusal: IMMUTABLE }],
  'Service spec.ports': [{ title: 'another port', base: service, change: (o) => { o.spec.ports.push({ name: 'metrics', port: 9090, targetPort: 9090 }); }, refusal: IMMUTABLE }],
  'Service spec.publishNotReadyAddresses': [{ title: 'true', base: service, change: (o) => { o.spec.publishNotReadyAddresses = true; }, refusal: IMMUTABLE }],
  'Service spec.sessionAffinity': [{ title: 'ClientIP', base: service, change: (o) => { o.spec.sessionAffinity = 'ClientIP'; }, refusal: IMMUTABLE }],

  'policy/PodDisruptionBudget spec.selector': [{ title: 'another label', base: () => copy(stateless().podDisruptionBudget), change: (o) => { o.spec.selector.matchLabels.tier = 'x'; }, refusal: IMMUTABLE }],
  'policy/PodDisruptionBudget spec.maxUnavailable': [{ title: '2', base: () => copy(stateless().podDisruptionBudget), change: (o) => { o.spec.maxUnavailable = 2; }, refusal: IMMUTABLE }],
  'policy/PodDisruptionBudget spec.minAvailable': [{
    title: 'minAvailable instead',
    base: () => copy(stateless().podDisruptionBudget),
    refusal: IMMUTABLE,
    change: (o) => { delete o.spec.maxUnavailable; o.spec.minAvailable = 1; },
  }],
  'policy/PodDisruptionBudget spec.unhealthyPodEvictionPolicy': [{ title: 'IfHealthyBudget', base: () => copy(stateless().podDisruptionBudget), change: (o) => { o.spec.unhealthyPodEvictionPolicy = 'IfHealthyBudget'; }, refusal: IMMUTABLE }],

  'rbac.authorization.k8s.io/RoleBinding roleRef': [{ title: 'edit instead of view', base: roleBinding, change: (o) => { o.roleRef.name = 'edit'; }, refusal: /cannot change roleRef|field is immutable/ }],
  'rbac.authorization.k8s.io/RoleBinding subjects': [{ title: 'another group', base: roleBinding, change: (o) => { o.subjects.push({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'ops' }); }, refusal: IMMUTABLE }],

  'ResourceQuota spec.scopes': [
    { title: 'a scope added', base: () => quota(), change: (o) => { o.spec.scopes = ['NotTerminating']; }, refusal: IMMUTABLE },
    { title: 'the same scopes in another order', base: () => quota({ scopes: ['NotTerminating', 'NotBestEffort'] }), change: (o) => { o.spec.scopes = ['NotBestEffort', 'NotTerminating']; }, refusal: IMMUTABLE },
  ],
  'ResourceQuota spec.hard': [{ title: 'more pods', base: () => quota(), change: (o) => { o.spec.hard.pods = '20'; }, refusal: IMMUTABLE }],
  'ResourceQuota spec.scopeSelector': [{
    title: 'a priority class',
    base: () => quota(),
    refusal: IMMUTABLE,
    change: (o) => { o.spec.scopeSelector = { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] }; },
  }],

  'PersistentVolumeClaim spec.accessModes': [{ title: 'ReadWriteOncePod', base: claim, bound: true, change: (o) => { o.spec.accessModes = ['ReadWriteOncePod']; }, refusal: CLAIM_SPEC }],
  'PersistentVolumeClaim spec.storageClassName': [{ title: 'another class', base: claim, bound: true, change: (o) => { o.spec.storageClassName = 'other'; }, refusal: CLAIM_SPEC }],
  'PersistentVolumeClaim spec.volumeMode': [{ title: 'Block', base: claim, bound: true, change: (o) => { o.spec.volumeMode = 'Block'; }, refusal: /field is immutable|spec is immutable after creation/ }],
  'PersistentVolumeClaim spec.selector': [{ title: 'a selector', base: claim, bound: true, change: (o) => { o.spec.selector = { matchLabels: { disk: 'fast' } }; }, refusal: CLAIM_SPEC }],
  'PersistentVolumeClaim spec.resources.requests.storage': [
    { title: 'grown to 2Gi', base: claim, bound: true, change: (o) => { o.spec.resources.requests.storage = '2Gi'; }, refusal: /can not be less than/ },
    { title: 'shrunk to 512Mi', base: claim, bound: true, change: (o) => { o.spec.resources.requests.storage = '512Mi'; }, refusal: /can not be less than/ },
  ],
  'PersistentVolumeClaim spec.volumeAttributesClassName': [{ title: 'a class set', base: claim, bound: true, change: (o) => { o.spec.volumeAttributesClassName = 'fast'; }, refusal: /volumeAttributesClassName/ }],
};
