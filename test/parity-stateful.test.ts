/**
 * cdk8s and Pulumi produce the same StatefulApp objects from the same props (the example
 * programs, which include the etcd StatefulApp, are compared in parity.test.ts).
 */
import { Duration, EnvValue, NetworkEgress, NetworkPeer, Port, Probe, Quantity, StatefulAppProps, Volume, Exposure } from '../lib';
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { cdk8sObjects, chartIn, pulumiObjects } from './helpers/parity';
import { mockPulumi, settle } from './helpers/pulumi';

let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});
beforeEach(async () => {
  await mocks.newStack();
});

const image = 'ghcr.io/acme/db:1.2.3';
const cases: Array<[string, Omit<StatefulAppProps, 'name'>]> = [
  ['defaults with one volume', {
    replicas: 3,
    containers: [{ image, ports: [Port.tcp(5432, { name: 'db' })] }],
    storage: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi' }],
  }],
  ['everything: init containers, block and shared volumes, quorum, VPA bounds, egress, partition', {
    replicas: 5,
    component: 'database',
    labels: { team: 'data' },
    containers: [
      {
        image,
        ports: [Port.tcp(5432, { name: 'db' }), Port.tcp(5433, { name: 'repl', expose: false }), Port.udp(7946, { name: 'gossip', expose: false })],
        env: { POD: EnvValue.fromField('metadata.name'), PASSWORD: EnvValue.fromSecret('db-auth', 'password') },
        resources: { cpu: { request: '500m', limit: '2' }, memory: { request: Quantity.gibibytes(2) } },
        readiness: Probe.exec(['pg_isready']),
        liveness: Probe.tcp({ port: 'db' }),
        startup: Probe.tcp({ port: 'db', failureThreshold: 60, period: Duration.seconds(5) }),
      },
      { name: 'backup', image: `ghcr.io/acme/backup@sha256:${'d'.repeat(64)}`, writablePaths: ['/tmp', '/var/cache/backup'] },
    ],
    initContainers: [{ name: 'init-perms', image: 'ghcr.io/acme/db-init:1.2.3', command: ['/init'] }],
    storage: [
      { name: 'data', mountPath: '/var/lib/db', size: Quantity.gibibytes(100), storageClassName: 'fast-ssd', containers: ['db', 'backup', 'init-perms'] },
      { name: 'raw', mountPath: '/dev/xvdb', size: '1Ti', volumeMode: 'Block', accessModes: ['ReadWriteOncePod'] },
      { name: 'archive', mountPath: '/archive', size: '5Gi', accessModes: ['ReadWriteMany'], containers: ['backup'] },
    ],
    volumeRetention: { whenScaled: 'Delete' },
    podManagementPolicy: 'Parallel',
    updatePartition: 4,
    maxUnavailableDuringUpdate: 2,
    disruptionBudget: { quorum: true },
    verticalAutoscaling: { mode: 'Initial', minAllowed: { cpu: '250m' }, maxAllowed: { cpu: '4', memory: '16Gi' } },
    allowFrom: [NetworkPeer.pods({ role: 'client' }), NetworkPeer.namespace('monitoring')],
    allowTo: [NetworkEgress.to(NetworkPeer.cidr('10.0.0.0/8'), 443)],
    topologySpread: { zones: 'hard', nodes: 'soft' },
    minReady: Duration.seconds(20),
    revisionHistoryLimit: 3,
    clusterDomain: 'k8s.example.internal',
  }],
  ['identity, pull secrets and scheduling', {
    replicas: 3,
    containers: [{ image }],
    storage: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi' }],
    serviceAccount: { name: 'db-runner' },
    imagePullSecrets: ['registry-creds'],
    nodeSelector: { 'example.com/disk': 'ssd' },
    tolerations: [{ key: 'dedicated', value: 'data', effect: 'NoSchedule' }],
    nodeAffinity: { required: [{ match: [{ key: 'topology.kubernetes.io/zone', operator: 'Exists' }] }] },
    podAntiAffinity: { preferred: [{ weight: 100, topologyKey: 'kubernetes.io/hostname', labels: { 'app.kubernetes.io/name': 'cache' } }] },
    spot: { taints: [{ key: 'example.com/pool', operator: 'Exists' }] },
  }],
  ['a NodePort client Service', {
    replicas: 3,
    containers: [{ image, ports: [Port.tcp(5432, { name: 'pg' })] }],
    exposure: Exposure.nodePort({ sourceRanges: ['10.20.0.0/16'], nodePorts: { pg: 31432 }, annotations: { 'example.com/owner': 'db' } }),
  }],
  ['a client Service behind a Gateway API route', {
    replicas: 3,
    containers: [{ image, ports: [Port.http(8123)] }],
    exposure: Exposure.gatewayApi({ gateway: { name: 'public', namespace: 'infra' }, hostnames: ['db.example.com'] }),
  }],
  ['a client Service behind an Ingress, with the mesh entry', {
    replicas: 3,
    containers: [{ image, ports: [Port.http(8123)] }],
    exposure: Exposure.ingress({ hosts: ['db.example.com'], className: 'traefik', controllerNamespace: 'traefik', annotations: { 'example.com/owner': 'db' }, mesh: true }),
  }],
  ['resources and QoS: Guaranteed, ephemeral-storage', {
    replicas: 3,
    qos: 'Guaranteed',
    containers: [{ image, resources: { memory: { request: '1Gi' }, ephemeralStorage: { limit: '4Gi' } }, env: { GOMEMLIMIT: EnvValue.fromResource('limits.memory') } }],
    storage: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi' }],
  }],
  ['security opt-ins: root with its risk acknowledged, platform IDs are separate', {
    replicas: 3,
    containers: [{ image, addCapabilities: ['CHOWN', 'FOWNER'] }],
    storage: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi' }],
    securityContext: { runAsUser: 0, runAsGroup: 0, fsGroup: 0, appArmorProfile: 'RuntimeDefault' },
    acknowledgeRisks: ['run-as-root', 'baseline-capabilities'],
  }],
  ['an existing service account', { replicas: 2, containers: [{ image }], serviceAccount: { existing: 'platform-db' } }],
  ['volumes beside the storage, and a ReadWriteOnce claim on one replica', {
    replicas: 1,
    containers: [{
      image,
      volumeMounts: [
        { path: '/etc/db', volume: Volume.configMap('db-config') },
        { path: '/backup', volume: Volume.persistentVolumeClaim('db-backup') },
      ],
    }],
    storage: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi' }],
  }],
  ['autoscaled worker without ports or storage', {
    replicas: 2,
    containers: [{ image, ports: [], liveness: Probe.exec(['/bin/alive']) }],
    autoscaling: { maxReplicas: 8, memoryUtilization: 80 },
  }],
  ['a single replica with a percentage budget and deleted volumes', {
    replicas: 1,
    containers: [{ image, ports: [Port.http(8080), Port.http(8081, { name: 'admin', expose: false })] }],
    storage: [{ name: 'state', mountPath: '/state', size: '512Mi' }],
    disruptionBudget: { maxUnavailable: '100%' },
    volumeRetention: { whenDeleted: 'Delete', whenScaled: 'Delete' },
    serviceAccount: { annotations: { 'iam.gke.io/gcp-service-account': 'db@project.iam.gserviceaccount.com' } },
  }],
];

describe('cdk8s and Pulumi produce the same StatefulApp objects from the same props', () => {
  test.each(cases)('%s', async (_, props) => {
    const chart = chartIn('shop');
    new cdk8s.StatefulApp(chart, 'db', props);
    new kpulumi.StatefulApp('db', { ...props, namespace: 'shop' });
    await settle();
    const fromCdk8s = cdk8sObjects(chart);
    const fromPulumi = pulumiObjects(mocks.registrations);
    expect(Object.keys(fromCdk8s)).toContain('Service/db-headless');
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    expect(fromPulumi).toEqual(fromCdk8s);
  });

  test('a StatelessApp that calls a StatefulApp (allowTo: [db])', async () => {
    const chart = chartIn('shop');
    const db = new cdk8s.StatefulApp(chart, 'db', cases[0][1]);
    new cdk8s.StatelessApp(chart, 'api', { containers: [{ image: 'ghcr.io/acme/api:1.0.0' }], allowTo: [db] });
    const pdb = new kpulumi.StatefulApp('db', { ...cases[0][1], namespace: 'shop' });
    new kpulumi.StatelessApp('api', { namespace: 'shop', containers: [{ image: 'ghcr.io/acme/api:1.0.0' }], allowTo: [pdb] });
    await settle();
    expect(pulumiObjects(mocks.registrations)).toEqual(cdk8sObjects(chart));
  });
});
