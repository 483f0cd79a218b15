/**
 * Every option of StatefulApp, one row each: the output is schema-valid (the VerticalPodAutoscaler
 * against its CRD schema), passes the Pod Security Standards "restricted" profile, is
 * best-practice clean (except for the findings an option deliberately opts into, listed
 * exactly), and the option actually shows up in the output.
 */
import {
  DEFAULTS,
  Duration,
  Metric,
  NetworkEgress,
  NetworkPeer,
  Port,
  Probe,
  Quantity,
  StatefulAppManifest,
  StatefulAppProps,
} from '../../lib';
import { findings } from '../helpers/fixtures';
import { DB_IMAGE, buildStateful, minimalStatefulProps, statefulJson } from '../helpers/stateful';

const SAFE_TO_EVICT = DEFAULTS.safeToEvictLocalVolumesAnnotation;

interface Row {
  /** Props on top of `minimalStatefulProps()` (3 replicas, port 5432 "db", 10Gi "data" at /var/lib/db). */
  readonly props: Partial<StatefulAppProps>;
  /** Option-specific assertions: the option must be visible in the output. */
  readonly check: (m: StatefulAppManifest) => void;
  /** Best-practice findings the option deliberately causes (exact strings). */
  readonly expectedFindings?: string[];
}

const sts = (m: StatefulAppManifest) => m.statefulSet.spec!;
const podSpec = (m: StatefulAppManifest) => m.statefulSet.spec!.template.spec!;
const container = (m: StatefulAppManifest, i = 0) => podSpec(m).containers[i];
const SELECTOR = { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'db' };
const SELF = { podSelector: { matchLabels: SELECTOR } };
const DNS_EGRESS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};
const claim = (name: string, storage: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', resources: { requests: { storage } }, ...extra },
});
const spreadOf = (m: StatefulAppManifest) => (podSpec(m).topologySpreadConstraints ?? []).map((t) => [t.topologyKey, t.whenUnsatisfiable]);

const rows: Record<string, Row> = {
  'defaults with storage': {
    props: {},
    check: (m) => {
      expect(m.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
        'ServiceAccount/db', 'NetworkPolicy/db', 'Service/db-headless', 'Service/db', 'StatefulSet/db', 'PodDisruptionBudget/db',
      ]);
      expect(m.selector).toEqual(SELECTOR);
      const spec = sts(m);
      expect(Object.keys(spec)).toEqual([
        'replicas', 'selector', 'serviceName', 'podManagementPolicy', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit',
        'persistentVolumeClaimRetentionPolicy', 'template', 'volumeClaimTemplates',
      ]);
      expect(spec).toMatchObject({
        replicas: 3,
        selector: { matchLabels: SELECTOR },
        serviceName: 'db-headless',
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        minReadySeconds: 5,
        revisionHistoryLimit: 5,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      });
      expect(spec.volumeClaimTemplates).toEqual([claim('data', '10Gi')]);
      const c = container(m);
      expect(c.name).toBe('db');
      expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'data', mountPath: '/var/lib/db' }]);
      expect(c.volumeDevices).toBeUndefined();
      expect(c.readinessProbe!.tcpSocket).toEqual({ port: 'db' });
      expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } });
      expect(podSpec(m).volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
      expect(podSpec(m).securityContext).toEqual({
        runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(m.headlessService.spec).toEqual({
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        selector: SELECTOR,
        ports: [{ name: 'db', port: 5432, targetPort: 'db', protocol: 'TCP' }],
      });
      expect(m.service!.spec).toEqual({ type: 'ClusterIP', selector: SELECTOR, ports: [{ name: 'db', port: 5432, targetPort: 'db', protocol: 'TCP' }] });
      expect(m.podDisruptionBudget.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: SELECTOR }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
      // Egress is governed wherever the app is placed: DNS and the replicas, so they reach each other
      // under any default-deny, and the policy depends on the props alone.
      expect(m.networkPolicy.spec).toEqual({
        podSelector: { matchLabels: SELECTOR },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 5432 }] },
          { from: [SELF], ports: [{ protocol: 'TCP', port: 5432 }] },
        ],
        egress: [
          { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
          { to: [SELF], ports: [{ protocol: 'TCP', port: 5432 }] },
        ],
      });
      expect(m.podDnsNames).toEqual(['db-0.db-headless', 'db-1.db-headless', 'db-2.db-headless']);
      expect(m.horizontalPodAutoscaler).toBeUndefined();
      expect(m.verticalPodAutoscaler).toBeUndefined();
      expect(m.statefulSet.metadata!.labels).toEqual({ ...SELECTOR, 'app.kubernetes.io/version': '1.4.2', 'app.kubernetes.io/managed-by': 'keelson' });
    },
  },
  'qos Guaranteed with ephemeral-storage': {
    props: { qos: 'Guaranteed', containers: [{ image: 'ghcr.io/acme/db:16.2', ports: [Port.tcp(5432, { name: 'db' })], resources: { memory: { request: '1Gi' }, ephemeralStorage: { limit: '2Gi' } } }] },
    check: (m) => {
      expect(container(m).resources).toEqual({
        requests: { 'cpu': '100m', 'memory': '1Gi', 'ephemeral-storage': '2Gi' },
        limits: { 'cpu': '100m', 'memory': '1Gi', 'ephemeral-storage': '2Gi' },
      });
    },
  },
  'no storage at all': {
    props: { storage: undefined },
    check: (m) => {
      expect(sts(m)).not.toHaveProperty('volumeClaimTemplates');
      expect(container(m).volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      // The writable /tmp still needs the group.
      expect(podSpec(m).securityContext!.fsGroup).toBe(10001);
    },
  },
  'storage without writable paths still sets fsGroup': {
    props: { containers: [{ image: DB_IMAGE, ports: [Port.tcp(5432, { name: 'db' })], writablePaths: [] }] },
    check: (m) => {
      expect(podSpec(m).volumes).toBeUndefined();
      expect(container(m).volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/db' }]);
      expect(podSpec(m).securityContext).toMatchObject({ fsGroup: 10001, fsGroupChangePolicy: 'OnRootMismatch' });
    },
  },
  'several storage entries, with class, sizes in every form and access modes': {
    props: {
      storage: [
        { name: 'data', mountPath: '/var/lib/db', size: Quantity.gibibytes(100), storageClassName: 'fast-ssd' },
        { name: 'wal', mountPath: '/var/lib/wal', size: '20Gi', storageClassName: 'io2.premium' },
        { name: 'archive', mountPath: '/archive', size: Quantity.parse('1.5Ti'), accessModes: ['ReadWriteMany', 'ReadOnlyMany'] },
      ],
    },
    check: (m) => {
      expect(sts(m).volumeClaimTemplates).toEqual([
        claim('data', '100Gi', { storageClassName: 'fast-ssd' }),
        claim('wal', '20Gi', { storageClassName: 'io2.premium' }),
        claim('archive', '1.5Ti', { accessModes: ['ReadWriteMany', 'ReadOnlyMany'] }),
      ]);
      expect(container(m).volumeMounts!.map((v) => `${v.name}:${v.mountPath}`)).toEqual(['tmp:/tmp', 'data:/var/lib/db', 'wal:/var/lib/wal', 'archive:/archive']);
    },
  },
  'ReadWriteOncePod alone': {
    props: { storage: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi', accessModes: ['ReadWriteOncePod'] }] },
    check: (m) => {
      expect(sts(m).volumeClaimTemplates![0].spec!.accessModes).toEqual(['ReadWriteOncePod']);
    },
  },
  'a raw Block volume (volumeDevices) beside a filesystem': {
    props: {
      storage: [
        { name: 'data', mountPath: '/var/lib/db', size: '10Gi' },
        { name: 'raw', mountPath: '/dev/xvdb', size: '500Gi', volumeMode: 'Block', storageClassName: 'local-nvme' },
      ],
    },
    check: (m) => {
      expect(sts(m).volumeClaimTemplates![1]).toEqual({
        metadata: { name: 'raw' },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'local-nvme', volumeMode: 'Block', resources: { requests: { storage: '500Gi' } } },
      });
      expect(container(m).volumeDevices).toEqual([{ name: 'raw', devicePath: '/dev/xvdb' }]);
      expect(container(m).volumeMounts!.map((v) => v.name)).toEqual(['tmp', 'data']);
    },
  },
  'storage targeted at named containers (a backup sidecar only)': {
    props: {
      containers: [
        { image: DB_IMAGE, ports: [Port.tcp(5432, { name: 'db' })] },
        { name: 'backup', image: 'ghcr.io/acme/backup:2.0.1' },
      ],
      storage: [
        { name: 'data', mountPath: '/var/lib/db', size: '10Gi', containers: ['db', 'backup'] },
        { name: 'staging', mountPath: '/staging', size: '5Gi', containers: ['backup'] },
      ],
    },
    check: (m) => {
      expect(container(m, 0).volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'data', mountPath: '/var/lib/db' }]);
      expect(container(m, 1).volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'data', mountPath: '/var/lib/db' }, { name: 'staging', mountPath: '/staging' }]);
      expect(container(m, 1).ports).toBeUndefined();
    },
  },
  'init containers: storage mounted, no ports or probes, restricted like the app': {
    props: {
      initContainers: [
        { name: 'prepare', image: 'ghcr.io/acme/db-init:1.4.2', command: ['/prepare', '--data', '/var/lib/db'] },
        { name: 'migrate', image: 'ghcr.io/acme/db-migrate:1.4.2', resources: { cpu: { request: '500m' }, memory: { request: '256Mi' } } },
      ],
    },
    check: (m) => {
      const inits = podSpec(m).initContainers!;
      expect(inits.map((c) => c.name)).toEqual(['prepare', 'migrate']);
      for (const c of inits) {
        expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'data', mountPath: '/var/lib/db' }]);
        expect(c.ports).toBeUndefined();
        expect(c.readinessProbe).toBeUndefined();
        expect(c.livenessProbe).toBeUndefined();
        expect(c.startupProbe).toBeUndefined();
        expect(c.lifecycle).toBeUndefined();
        expect(c.securityContext).toEqual({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
          runAsUser: 10001,
          runAsGroup: 10001,
        });
      }
      expect(inits[0].command).toEqual(['/prepare', '--data', '/var/lib/db']);
      expect(inits[0].resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } });
      expect(inits[1].resources).toEqual({ requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '256Mi' } });
      expect(inits[0].imagePullPolicy).toBe('Always');
    },
  },
  'storage targeted at an init container only': {
    props: {
      initContainers: [{ name: 'restore', image: 'ghcr.io/acme/restore:1.0.0' }],
      storage: [
        { name: 'data', mountPath: '/var/lib/db', size: '10Gi' },
        { name: 'seed', mountPath: '/seed', size: '1Gi', containers: ['restore'] },
      ],
    },
    check: (m) => {
      expect(podSpec(m).initContainers![0].volumeMounts!.map((v) => v.name)).toEqual(['tmp', 'data', 'seed']);
      expect(container(m).volumeMounts!.map((v) => v.name)).toEqual(['tmp', 'data']);
    },
  },
  'volume retention Delete on delete and scale-down': {
    props: { volumeRetention: { whenDeleted: 'Delete', whenScaled: 'Delete' } },
    check: (m) => {
      expect(sts(m).persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Delete' });
    },
  },
  'volume retention Delete on scale-down only': {
    props: { volumeRetention: { whenScaled: 'Delete' } },
    check: (m) => {
      expect(sts(m).persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
    },
  },
  'Parallel pod management': {
    props: { podManagementPolicy: 'Parallel' },
    check: (m) => {
      expect(sts(m).podManagementPolicy).toBe('Parallel');
    },
  },
  'updatePartition (canary the highest ordinal)': {
    props: { updatePartition: 2 },
    check: (m) => {
      expect(sts(m).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    },
  },
  'updatePartition equal to replicas (stage without rolling)': {
    props: { updatePartition: 3 },
    check: (m) => {
      expect(sts(m).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 3 } });
    },
  },
  'updatePartition 0 is the default and emits no rollingUpdate': {
    props: { updatePartition: 0 },
    check: (m) => {
      expect(sts(m).updateStrategy).toEqual({ type: 'RollingUpdate' });
    },
  },
  'maxUnavailableDuringUpdate': {
    props: { replicas: 5, maxUnavailableDuringUpdate: 2 },
    check: (m) => {
      expect(sts(m).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } });
    },
  },
  'updatePartition with maxUnavailableDuringUpdate': {
    props: { replicas: 5, updatePartition: 3, maxUnavailableDuringUpdate: 2 },
    check: (m) => {
      expect(sts(m).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 3, maxUnavailable: 2 } });
    },
  },
  'quorum PDB with 3 replicas: minAvailable 2': {
    props: { disruptionBudget: { quorum: true } },
    check: (m) => {
      expect(m.podDisruptionBudget.spec).toEqual({ minAvailable: 2, selector: { matchLabels: SELECTOR }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    },
  },
  'quorum PDB with 5 replicas: minAvailable 3': {
    props: { replicas: 5, disruptionBudget: { quorum: true } },
    check: (m) => {
      expect(m.podDisruptionBudget.spec).toEqual({ minAvailable: 3, selector: { matchLabels: SELECTOR }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
      expect(m.podDnsNames).toHaveLength(5);
    },
  },
  'quorum: false keeps the default budget': {
    props: { disruptionBudget: { quorum: false, maxUnavailable: 2 } },
    check: (m) => {
      expect(m.podDisruptionBudget.spec).toMatchObject({ maxUnavailable: 2 });
      expect(m.podDisruptionBudget.spec).not.toHaveProperty('minAvailable');
    },
  },
  'disruption budget as a percentage': {
    props: { replicas: 5, disruptionBudget: { maxUnavailable: '40%' } },
    check: (m) => {
      expect(m.podDisruptionBudget.spec).toEqual({ maxUnavailable: '40%', selector: { matchLabels: SELECTOR }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    },
  },
  'VPA with defaults: recommendation only': {
    props: { verticalAutoscaling: {} },
    check: (m) => {
      expect(m.objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'NetworkPolicy', 'Service', 'Service', 'StatefulSet', 'PodDisruptionBudget', 'VerticalPodAutoscaler']);
      expect(m.verticalPodAutoscaler).toEqual({
        apiVersion: 'autoscaling.k8s.io/v1',
        kind: 'VerticalPodAutoscaler',
        metadata: m.statefulSet.metadata,
        spec: {
          targetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' },
          updatePolicy: { updateMode: 'Off' },
          resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['cpu', 'memory'] }] },
        },
      });
      expect(sts(m).replicas).toBe(3);
    },
  },
  'VPA beside an HPA on a custom metric alone, requests only': {
    props: {
      autoscaling: { maxReplicas: 6, metrics: [Metric.external('queue_messages_ready', { averageValue: '30' })] },
      verticalAutoscaling: { mode: 'Initial', controlledValues: 'RequestsOnly' },
    },
    check: (m) => {
      expect(m.horizontalPodAutoscaler!.spec!.metrics!.map((x) => x.type)).toEqual(['External']);
      expect(m.verticalPodAutoscaler!.spec.resourcePolicy.containerPolicies).toEqual([
        { containerName: '*', controlledResources: ['cpu', 'memory'], controlledValues: 'RequestsOnly' },
      ]);
    },
  },
  'VPA mode Initial': {
    props: { verticalAutoscaling: { mode: 'Initial' } },
    check: (m) => {
      expect(m.verticalPodAutoscaler!.spec.updatePolicy).toEqual({ updateMode: 'Initial' });
    },
  },
  'VPA mode Recreate with min and max': {
    props: { verticalAutoscaling: { mode: 'Recreate', minAllowed: { cpu: Quantity.millicores(250), memory: '512Mi' }, maxAllowed: { cpu: '4', memory: Quantity.gibibytes(16) } } },
    check: (m) => {
      expect(m.verticalPodAutoscaler!.spec.updatePolicy).toEqual({ updateMode: 'Recreate' });
      expect(m.verticalPodAutoscaler!.spec.resourcePolicy.containerPolicies).toEqual([{
        containerName: '*', controlledResources: ['cpu', 'memory'], minAllowed: { cpu: '250m', memory: '512Mi' }, maxAllowed: { cpu: '4', memory: '16Gi' },
      }]);
    },
  },
  'VPA mode Auto with a memory ceiling only': {
    props: { verticalAutoscaling: { mode: 'Auto', maxAllowed: { memory: '8Gi' } } },
    check: (m) => {
      expect(m.verticalPodAutoscaler!.spec.updatePolicy).toEqual({ updateMode: 'Auto' });
      expect(m.verticalPodAutoscaler!.spec.resourcePolicy.containerPolicies[0]).toEqual({ containerName: '*', controlledResources: ['cpu', 'memory'], maxAllowed: { memory: '8Gi' } });
    },
  },
  'VPA with min equal to max': {
    props: { verticalAutoscaling: { minAllowed: { cpu: '1' }, maxAllowed: { cpu: '1000m' } } },
    check: (m) => {
      expect(m.verticalPodAutoscaler!.spec.resourcePolicy.containerPolicies[0]).toMatchObject({ minAllowed: { cpu: '1' }, maxAllowed: { cpu: '1000m' } });
    },
  },
  'HPA: the StatefulSet omits replicas, which is the minimum': {
    props: { autoscaling: { maxReplicas: 9 } },
    check: (m) => {
      expect(sts(m)).not.toHaveProperty('replicas');
      expect(m.horizontalPodAutoscaler!.spec).toEqual({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' },
        minReplicas: 3,
        maxReplicas: 9,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
      });
      expect(m.objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'NetworkPolicy', 'Service', 'Service', 'StatefulSet', 'PodDisruptionBudget', 'HorizontalPodAutoscaler']);
      // DNS names of the minimum: more replicas come and go.
      expect(m.podDnsNames).toHaveLength(3);
    },
  },
  'HPA on CPU and memory with stabilisation': {
    props: { replicas: 2, autoscaling: { maxReplicas: 6, cpuUtilization: 60, memoryUtilization: 80, scaleDownStabilization: Duration.minutes(15) } },
    check: (m) => {
      const spec = m.horizontalPodAutoscaler!.spec!;
      expect(spec.minReplicas).toBe(2);
      expect(spec.metrics!.map((x) => [x.resource!.name, x.resource!.target.averageUtilization])).toEqual([['cpu', 60], ['memory', 80]]);
      expect(spec.behavior!.scaleDown!.stabilizationWindowSeconds).toBe(900);
    },
  },
  'HPA from a single replica': {
    props: { replicas: 1, autoscaling: { maxReplicas: 3 } },
    check: (m) => {
      expect(m.horizontalPodAutoscaler!.spec!.minReplicas).toBe(1);
    },
    expectedFindings: ['HorizontalPodAutoscaler/db: minReplicas 1 < 2'],
  },
  'a single replica, deliberately': {
    props: { replicas: 1 },
    check: (m) => {
      expect(sts(m).replicas).toBe(1);
      expect(m.podDisruptionBudget.spec!.maxUnavailable).toBe(1);
      expect(m.podDnsNames).toEqual(['db-0.db-headless']);
    },
  },
  'allowFrom peers: exposed ports for them, every port for the replicas': {
    props: {
      containers: [{ image: DB_IMAGE, ports: [Port.tcp(5432, { name: 'db' }), Port.tcp(5433, { name: 'repl', expose: false }), Port.http(9187, { name: 'metrics', servicePort: 9187 })] }],
      allowFrom: [NetworkPeer.pods({ 'app.kubernetes.io/name': 'api' }), NetworkPeer.namespace('monitoring')],
    },
    check: (m) => {
      expect(m.networkPolicy.spec!.ingress).toEqual([
        {
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
          ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 9187 }],
        },
        { from: [SELF], ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 5433 }, { protocol: 'TCP', port: 9187 }] },
      ]);
      expect(m.networkPolicy.spec!.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(m.networkPolicy.spec!.egress!.at(-1)).toEqual({ to: [SELF], ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 5433 }, { protocol: 'TCP', port: 9187 }] });
    },
  },
  'allowFrom empty: only the replicas reach each other': {
    props: { allowFrom: [] },
    check: (m) => {
      expect(m.networkPolicy.spec!.ingress).toEqual([{ from: [SELF], ports: [{ protocol: 'TCP', port: 5432 }] }]);
    },
  },
  'allowTo: egress to the destinations, DNS and the own pods': {
    props: {
      containers: [{ image: DB_IMAGE, ports: [Port.tcp(5432, { name: 'db' }), Port.udp(7946, { name: 'gossip', expose: false })], readiness: Probe.tcp({ port: 'db' }), liveness: Probe.tcp({ port: 'db' }) }],
      allowTo: [NetworkEgress.to(NetworkPeer.cidr('10.20.0.0/16'), 443), NetworkEgress.to(NetworkPeer.namespace('backup'))],
    },
    check: (m) => {
      const spec = m.networkPolicy.spec!;
      expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(spec.egress).toEqual([
        DNS_EGRESS,
        { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 443 }] },
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'backup' } } }] },
        { to: [SELF], ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'UDP', port: 7946 }] },
      ]);
      expect(spec.ingress![1]).toEqual({ from: [SELF], ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'UDP', port: 7946 }] });
      // The unexposed UDP port is on the headless Service (peers), not the client Service.
      expect(m.headlessService.spec!.ports).toEqual([
        { name: 'db', port: 5432, targetPort: 'db', protocol: 'TCP' },
        { name: 'gossip', port: 7946, targetPort: 'gossip', protocol: 'UDP' },
      ]);
      expect(m.service!.spec!.ports!.map((p) => p.name)).toEqual(['db']);
    },
  },
  'unexposed HTTP ports: the headless Service uses the container ports (no duplicate port 80)': {
    props: {
      containers: [{ image: DB_IMAGE, ports: [Port.http(8080), Port.http(8081, { name: 'admin', expose: false }), Port.grpc(9090, { name: 'raft', expose: false })] }],
    },
    check: (m) => {
      expect(m.headlessService.spec!.ports).toEqual([
        { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
        { name: 'admin', port: 8081, targetPort: 'admin', protocol: 'TCP', appProtocol: 'http' },
        { name: 'raft', port: 9090, targetPort: 'raft', protocol: 'TCP', appProtocol: 'grpc' },
      ]);
      expect(m.service!.spec!.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }]);
    },
  },
  'no ports: no client Service, the headless Service stays (pod DNS names), no peer rules': {
    props: { containers: [{ image: DB_IMAGE, ports: [], liveness: Probe.exec(['/bin/db-health']) }], allowTo: [NetworkEgress.to(NetworkPeer.namespace('queue'), 5672)] },
    check: (m) => {
      expect(m.service).toBeUndefined();
      expect(m.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
        'ServiceAccount/db', 'NetworkPolicy/db', 'Service/db-headless', 'StatefulSet/db', 'PodDisruptionBudget/db',
      ]);
      expect(m.headlessService.spec).toEqual({ clusterIP: 'None', publishNotReadyAddresses: true, selector: SELECTOR, ports: [] });
      expect(sts(m).serviceName).toBe('db-headless');
      expect(m.networkPolicy.spec!.ingress).toEqual([]);
      expect(m.networkPolicy.spec!.egress).toEqual([DNS_EGRESS, { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'queue' } } }], ports: [{ protocol: 'TCP', port: 5672 }] }]);
      expect(container(m).ports).toBeUndefined();
      expect(container(m).readinessProbe).toBeUndefined();
      expect(m.podDnsNames).toEqual(['db-0.db-headless', 'db-1.db-headless', 'db-2.db-headless']);
    },
  },
  'pod DNS names with a namespace': {
    props: { namespace: 'shop' },
    check: (m) => {
      expect(m.podDnsNames).toEqual([
        'db-0.db-headless.shop.svc.cluster.local', 'db-1.db-headless.shop.svc.cluster.local', 'db-2.db-headless.shop.svc.cluster.local',
      ]);
      for (const o of m.objects) expect(o.metadata.namespace).toBe('shop');
    },
  },
  'clusterDomain': {
    props: { namespace: 'data', replicas: 2, clusterDomain: 'k8s.example.internal' },
    check: (m) => {
      expect(m.podDnsNames).toEqual(['db-0.db-headless.data.svc.k8s.example.internal', 'db-1.db-headless.data.svc.k8s.example.internal']);
    },
  },
  'clusterDomain without a namespace: names relative to the namespace': {
    props: { clusterDomain: 'k8s.example.internal' },
    check: (m) => {
      expect(m.podDnsNames[0]).toBe('db-0.db-headless');
    },
  },
  'topology spread defaults: nodes DoNotSchedule, zones ScheduleAnyway, no matchLabelKeys': {
    props: {},
    check: (m) => {
      expect(podSpec(m).topologySpreadConstraints).toEqual([
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: SELECTOR }, nodeTaintsPolicy: 'Honor' },
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: SELECTOR }, nodeTaintsPolicy: 'Honor' },
      ]);
    },
  },
  'topology spread soft on nodes, hard on zones': {
    props: { topologySpread: { nodes: 'soft', zones: 'hard' } },
    check: (m) => {
      expect(spreadOf(m)).toEqual([['topology.kubernetes.io/zone', 'DoNotSchedule'], ['kubernetes.io/hostname', 'ScheduleAnyway']]);
    },
  },
  'topology spread on zones only: the node default stays hard': {
    props: { topologySpread: { zones: 'off' } },
    check: (m) => {
      expect(spreadOf(m)).toEqual([['kubernetes.io/hostname', 'DoNotSchedule']]);
    },
  },
  'topology spread off everywhere': {
    props: { topologySpread: { zones: 'off', nodes: 'off' } },
    check: (m) => {
      expect(podSpec(m).topologySpreadConstraints).toBeUndefined();
    },
    expectedFindings: ['StatefulSet/db: neither topology spread nor pod anti-affinity'],
  },
  'rollout and shutdown timing': {
    props: {
      minReady: Duration.seconds(30),
      revisionHistoryLimit: 2,
      terminationGracePeriod: Duration.minutes(2),
      preStopDelay: Duration.seconds(10),
    },
    check: (m) => {
      expect(sts(m)).toMatchObject({ minReadySeconds: 30, revisionHistoryLimit: 2 });
      expect(podSpec(m).terminationGracePeriodSeconds).toBe(120);
      expect(container(m).lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
    },
  },
  'minReady 0 and no revision history': {
    props: { minReady: Duration.seconds(0), revisionHistoryLimit: 0 },
    check: (m) => {
      expect(sts(m)).toMatchObject({ minReadySeconds: 0, revisionHistoryLimit: 0 });
    },
  },
  'startup probe for a slow recovery': {
    props: { containers: [{ image: DB_IMAGE, ports: [Port.tcp(5432, { name: 'db' })], startup: Probe.tcp({ failureThreshold: 60, period: Duration.seconds(5) }) }] },
    check: (m) => {
      expect(container(m).startupProbe).toEqual({ tcpSocket: { port: 'db' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60, successThreshold: 1 });
    },
  },
  'namespace, labels, component, part-of and version': {
    props: { namespace: 'shop', version: '16.3', component: 'database', partOf: 'shop', labels: { team: 'data' }, podAnnotations: { 'prometheus.io/scrape': 'true' } },
    check: (m) => {
      for (const o of m.objects) {
        expect(o.metadata.labels).toEqual({
          ...SELECTOR,
          'app.kubernetes.io/version': '16.3',
          'app.kubernetes.io/component': 'database',
          'app.kubernetes.io/part-of': 'shop',
          'app.kubernetes.io/managed-by': 'keelson',
          'team': 'data',
        });
      }
      // Claim templates carry no labels: they are immutable, and labels change.
      expect(sts(m).volumeClaimTemplates![0].metadata).toEqual({ name: 'data' });
      expect(m.statefulSet.spec!.template.metadata!.annotations).toEqual({ 'prometheus.io/scrape': 'true', [SAFE_TO_EVICT]: 'tmp' });
      expect(sts(m).selector).toEqual({ matchLabels: SELECTOR });
    },
  },
  'securityContext override reaches init containers too': {
    props: { securityContext: { runAsUser: 20000, runAsGroup: 20001, fsGroup: 20002 }, initContainers: [{ name: 'init', image: 'ghcr.io/acme/db-init:1.4.2' }] },
    check: (m) => {
      expect(podSpec(m).securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 20001, fsGroup: 20002 });
      expect(podSpec(m).initContainers![0].securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 20001 });
    },
  },
  'service account with a token (for a Kubernetes-aware database operator)': {
    props: { serviceAccount: { automountToken: true } },
    check: (m) => {
      expect(m.serviceAccount!.automountServiceAccountToken).toBe(true);
      expect(podSpec(m).automountServiceAccountToken).toBe(true);
    },
    expectedFindings: ['StatefulSet/db: automountServiceAccountToken is not false', 'ServiceAccount/db: automountServiceAccountToken is not false'],
  },
  'a 52-character name, the longest a StatefulSet can have': {
    props: { name: `d${'b'.repeat(51)}` },
    check: (m) => {
      expect(m.statefulSet.metadata!.name).toHaveLength(52);
      expect(m.headlessService.metadata!.name).toBe(`d${'b'.repeat(51)}-headless`);
    },
  },
};

describe('StatefulApp options: schema-valid, restricted, best-practice clean', () => {
  it.each(Object.entries(rows))('%s', (_name, row) => {
    const m = buildStateful(minimalStatefulProps(row.props));
    row.check(m);
    const f = findings(statefulJson(m));
    expect(f.schema).toEqual([]);
    expect(f.restricted).toEqual([]);
    expect(f.bestPractice).toEqual(row.expectedFindings ?? []);
  });

  it('covers at least 40 option rows', () => {
    expect(Object.keys(rows).length).toBeGreaterThanOrEqual(40);
  });

  it('uses the shared defaults table', () => {
    const m = buildStateful(minimalStatefulProps());
    expect(sts(m).minReadySeconds).toBe(DEFAULTS.minReadySeconds);
    expect(sts(m).revisionHistoryLimit).toBe(DEFAULTS.revisionHistoryLimit);
    expect(m.podDisruptionBudget.spec!.maxUnavailable).toBe(DEFAULTS.disruptionMaxUnavailable);
  });
});
