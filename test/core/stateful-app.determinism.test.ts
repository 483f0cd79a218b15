/**
 * StatefulApp determinism (same props ⇒ identical output) and upgrade safety: what changes
 * between releases never changes a selector, the serviceName, the volumeClaimTemplates, the
 * podManagementPolicy or an object name — the StatefulSet fields the API server refuses to change.
 */
import {
  ConfigReference,
  Duration,
  EnvValue,
  NetworkEgress,
  NetworkPeer,
  Port,
  Probe,
  Quantity,
  StatefulAppManifest,
  StatefulAppProps,
  buildStatefulApp,
} from '../../lib';
import { immutableChanges, immutableSnapshot } from '../../lib/core/immutable/compare';
import { reportImmutableChanges } from '../../lib/core/immutable/remedies';
import { KUBERNETES_VERSIONS } from '../../lib/core/immutable/versions';
import { Problems } from '../../lib/core/validation/problems';

const full = (): StatefulAppProps => ({
  name: 'orders-db',
  namespace: 'shop',
  component: 'database',
  partOf: 'shop',
  labels: { team: 'orders' },
  replicas: 3,
  containers: [
    {
      image: 'ghcr.io/acme/orders-db:16.3.1',
      ports: [Port.tcp(5432, { name: 'pg' }), Port.tcp(5433, { name: 'repl', expose: false })],
      env: {
        B: 'second',
        A: EnvValue.fromConfigMap(ConfigReference.configMap('pg-settings', { data: { z: '1', a: '2' } }), 'a'),
        POD: EnvValue.fromField('metadata.name'),
      },
      resources: { cpu: { request: Quantity.millicores(500), limit: '2' }, memory: { request: '2Gi' } },
      startup: Probe.tcp({ failureThreshold: 60 }),
    },
    { name: 'exporter', image: 'ghcr.io/acme/pg-exporter:0.15.0', ports: [Port.http(9187, { name: 'metrics', servicePort: 9187 })] },
  ],
  initContainers: [{ name: 'init-perms', image: 'ghcr.io/acme/pg-init:16.3.1' }],
  storage: [
    { name: 'data', mountPath: '/var/lib/postgresql', size: Quantity.gibibytes(50), storageClassName: 'fast-ssd' },
    { name: 'wal', mountPath: '/var/lib/wal', size: '10Gi', containers: ['orders-db'] },
  ],
  podManagementPolicy: 'OrderedReady',
  disruptionBudget: { quorum: true },
  verticalAutoscaling: { maxAllowed: { cpu: '4', memory: '16Gi' } },
  allowFrom: [NetworkPeer.pods({ 'app.kubernetes.io/name': 'orders' })],
  allowTo: [NetworkEgress.to(NetworkPeer.cidr('10.0.0.0/8'), 443)],
});

describe('StatefulApp determinism', () => {
  it('builds deep-equal, byte-identical output twice from the same props', () => {
    const a = buildStatefulApp(full());
    const b = buildStatefulApp(full());
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('builds identical output from one props object used twice (no state kept between builds)', () => {
    const props = full();
    expect(JSON.stringify(buildStatefulApp(props))).toBe(JSON.stringify(buildStatefulApp(props)));
  });

  it('returns fresh objects: mutating one result does not leak into the next', () => {
    const props = full();
    const a = buildStatefulApp(props);
    (a.statefulSet.spec!.selector.matchLabels as Record<string, string>).x = 'y';
    a.statefulSet.spec!.volumeClaimTemplates![0].spec!.resources!.requests!.storage = '1Ti';
    a.statefulSet.spec!.volumeClaimTemplates![0].spec!.accessModes!.push('ReadWriteMany');
    (a.headlessService.spec!.selector as Record<string, string>).x = 'y';
    const b = buildStatefulApp(props);
    expect(b.statefulSet.spec!.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db' });
    expect(b.statefulSet.spec!.volumeClaimTemplates![0].spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', volumeMode: 'Filesystem', resources: { requests: { storage: '50Gi' } } });
    expect(b.headlessService.spec!.selector).toEqual(b.selector);
  });

  it('keeps the order of storage entries and env variables as given', () => {
    const m = buildStatefulApp(full());
    expect(m.statefulSet.spec!.volumeClaimTemplates!.map((t) => t.metadata!.name)).toEqual(['data', 'wal']);
    expect(m.statefulSet.spec!.template.spec!.containers[0].env!.map((e) => e.name)).toEqual(['B', 'A', 'POD']);
  });

  it('extracts the immutable fields as plain, deterministic JSON (map keys sorted)', () => {
    const fields = immutableSnapshot(buildStatefulApp(full()).statefulSet);
    expect(fields).toEqual({
      'spec.selector': { matchLabels: { 'app.kubernetes.io/instance': 'orders-db', 'app.kubernetes.io/name': 'orders-db' } },
      'spec.serviceName': 'orders-db-headless',
      'spec.podManagementPolicy': 'OrderedReady',
      'spec.volumeClaimTemplates': [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } }, storageClassName: 'fast-ssd', volumeMode: 'Filesystem' } },
        { metadata: { name: 'wal' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, volumeMode: 'Filesystem' } },
      ],
    });
    expect(JSON.stringify(immutableSnapshot(buildStatefulApp(full()).statefulSet))).toBe(JSON.stringify(fields));
  });
});

/** Everything that must never change across releases. */
function identity(m: StatefulAppManifest) {
  const spec = m.statefulSet.spec!;
  return {
    // The autoscalers come and go with their props; every other object keeps its name.
    names: m.objects.filter((o) => !o.kind.endsWith('PodAutoscaler')).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`),
    statefulSetSelector: spec.selector,
    serviceName: spec.serviceName,
    podManagementPolicy: spec.podManagementPolicy,
    volumeClaimTemplates: spec.volumeClaimTemplates,
    immutable: immutableSnapshot(m.statefulSet),
    headlessSelector: m.headlessService.spec!.selector,
    headlessName: m.headlessService.metadata!.name,
    serviceSelector: m.service?.spec?.selector,
    pdbSelector: m.podDisruptionBudget.spec!.selector,
    networkPolicySelector: m.networkPolicy.spec!.podSelector,
    spreadSelectors: [...new Set((spec.template.spec!.topologySpreadConstraints ?? []).map((t) => JSON.stringify(t.labelSelector)))],
    serviceAccountName: spec.template.spec!.serviceAccountName,
    claimMounts: (spec.template.spec!.containers[0].volumeMounts ?? []).filter((v) => v.name === 'data' || v.name === 'wal'),
    selector: m.selector,
  };
}

describe('StatefulApp upgrade safety: what changes between releases never changes immutable fields, selectors or names', () => {
  const base = full();
  const [main, exporter] = base.containers;
  const changes: Record<string, StatefulAppProps> = {
    'image tag': { ...base, containers: [{ ...main, image: 'ghcr.io/acme/orders-db:16.4.0' }, exporter] },
    'image digest': { ...base, containers: [{ ...main, image: `ghcr.io/acme/orders-db@sha256:${'e'.repeat(64)}` }, exporter] },
    'init container image': { ...base, initContainers: [{ name: 'init-perms', image: 'ghcr.io/acme/pg-init:16.4.0' }] },
    'a removed init container': { ...base, initContainers: undefined },
    'version label': { ...base, version: '2024-07-01' },
    'replicas (scale out)': { ...base, replicas: 5 },
    'replicas (scale in, quorum off)': { ...base, replicas: 1, disruptionBudget: undefined },
    'updatePartition': { ...base, updatePartition: 2 },
    'maxUnavailableDuringUpdate': { ...base, maxUnavailableDuringUpdate: 2 },
    'resources': { ...base, containers: [{ ...main, resources: { cpu: { request: '4' }, memory: { request: '8Gi', limit: '16Gi' } } }, exporter] },
    'env values': { ...base, containers: [{ ...main, env: { NEW: 'value' } }, exporter] },
    'config data': { ...base, containers: [{ ...main, env: { A: EnvValue.fromConfigMap(ConfigReference.configMap('pg-settings', { data: { a: 'changed' } }), 'a') } }, exporter] },
    'probes': { ...base, containers: [{ ...main, readiness: Probe.exec(['pg_isready']), liveness: Probe.tcp({ port: 'pg' }), startup: undefined }, exporter] },
    'a removed sidecar': { ...base, containers: [main] },
    'extra labels, component, part-of': { ...base, labels: { team: 'payments', tier: 'gold' }, component: 'db', partOf: 'store' },
    'pod annotations': { ...base, podAnnotations: { 'prometheus.io/scrape': 'true' } },
    'volume retention': { ...base, volumeRetention: { whenDeleted: 'Delete', whenScaled: 'Delete' } },
    'disruption budget': { ...base, disruptionBudget: { maxUnavailable: 1 } },
    'VPA mode and bounds': { ...base, verticalAutoscaling: { mode: 'Initial', minAllowed: { cpu: '1' } } },
    'HPA instead of VPA': { ...base, verticalAutoscaling: undefined, disruptionBudget: undefined, autoscaling: { maxReplicas: 9 } },
    'peers': { ...base, allowFrom: [NetworkPeer.namespace('monitoring')], allowTo: undefined },
    'spread, scheduling and timing': { ...base, topologySpread: { zones: 'hard', nodes: 'soft' }, priorityClassName: 'high', minReady: Duration.seconds(30), revisionHistoryLimit: 1 },
    'security identity': { ...base, securityContext: { runAsUser: 20000, runAsGroup: 20000, fsGroup: 20000 } },
    'cluster domain': { ...base, clusterDomain: 'k8s.example.internal' },
  };

  const before = identity(buildStatefulApp(base));

  it('the selector uses only name and instance, never the version', () => {
    expect(before.selector).toEqual({ 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db' });
    expect(before.statefulSetSelector).toEqual({ matchLabels: before.selector });
  });

  it.each(Object.entries(changes))('changing %s keeps them all', (_what, props) => {
    expect(identity(buildStatefulApp(props))).toEqual(before);
  });

  it('changing the image changes the pod template (pods roll) but not the selector', () => {
    const b = buildStatefulApp(changes['image tag']);
    expect(b.statefulSet.spec!.template.metadata!.labels!['app.kubernetes.io/version']).toBe('16.4.0');
    const selectors = [
      b.statefulSet.spec!.selector.matchLabels!,
      b.headlessService.spec!.selector!,
      b.service!.spec!.selector!,
      b.podDisruptionBudget.spec!.selector!.matchLabels!,
      b.networkPolicy.spec!.podSelector.matchLabels!,
    ];
    for (const sel of selectors) {
      expect(sel).not.toHaveProperty(['app.kubernetes.io/version']);
    }
  });

  it('claim templates carry no labels, so a new version or label never touches them', () => {
    const b = buildStatefulApp({ ...changes['image tag'], labels: { team: 'x' } });
    for (const t of b.statefulSet.spec!.volumeClaimTemplates!) expect(Object.keys(t.metadata!)).toEqual(['name']);
  });

  it.each(([
    ['a storage size', { ...base, storage: [{ ...base.storage![0], size: Quantity.gibibytes(100) }, base.storage![1]] }, 'storage'],
    ['a storage class', { ...base, storage: [{ ...base.storage![0], storageClassName: 'slow' }, base.storage![1]] }, 'storage'],
    ['access modes', { ...base, storage: [{ ...base.storage![0], accessModes: ['ReadWriteOncePod'] }, base.storage![1]] }, 'storage'],
    ['a new claim', { ...base, storage: [...base.storage!, { name: 'logs', mountPath: '/logs', size: '1Gi' }] }, 'storage'],
    ['a renamed claim', { ...base, storage: [{ ...base.storage![0], name: 'pgdata' }, base.storage![1]] }, 'storage'],
    ['the pod management policy', { ...base, podManagementPolicy: 'Parallel' }, 'podManagementPolicy'],
  ] as Array<[string, StatefulAppProps, string]>).map(([what, props, at]) => [what, at, props] as const))('changing %s does change an immutable field, which the lock reports at %j on every supported minor', (_what, at, props) => {
    const previous = immutableSnapshot(buildStatefulApp(base).statefulSet)!;
    const current = immutableSnapshot(buildStatefulApp(props).statefulSet)!;
    expect(current).not.toEqual(previous);
    for (const version of KUBERNETES_VERSIONS) expect(immutableChanges('apps/StatefulSet', previous, current, version)).toHaveLength(1);
    const problems = new Problems('StatefulApp', 'orders-db');
    reportImmutableChanges(problems, { kind: 'apps/StatefulSet', name: 'orders-db' }, immutableChanges('apps/StatefulSet', previous, current, '1.33'), 'ACCEPT-HINT');
    expect(problems.count).toBe(1);
    let error: any;
    try {
      problems.throwIfAny();
    } catch (e) {
      error = e;
    }
    expect(error.problems).toEqual([{ construct: 'orders-db', path: at, message: expect.stringMatching(/^would change the immutable spec\.\w+ of the StatefulSet "orders-db" from .* ACCEPT-HINT$/), type: 'conflict' }]);
  });
});
