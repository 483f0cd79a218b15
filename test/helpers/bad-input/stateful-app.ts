/**
 * The stateful-app bad-input table (and its fixtures), shared by its bad-input test and the
 * byte-identity guard that records each case's exact error message.
 */
import {
  Duration,
  Metric,
  Exposure,
  NetworkPeer,
  Port,
  Probe,
  Quantity,
  StatefulAppProps,
  Volume,
} from '../../../lib';
import { DB_IMAGE, minimalStatefulProps } from '../stateful';

/** JS callers can pass anything: the table is typed loosely on purpose. */
export type Loose = Record<string, any>;
export const withProps = (p: Loose): StatefulAppProps => ({ ...minimalStatefulProps(), ...p }) as StatefulAppProps;
export const withStorage = (...entries: Loose[]): StatefulAppProps => withProps({ storage: entries });
export const entry = (e: Loose = {}): Loose => ({ name: 'data', mountPath: '/var/lib/db', size: '10Gi', ...e });
export const withInit = (c: Loose): StatefulAppProps => withProps({ initContainers: [{ name: 'init', image: 'ghcr.io/acme/init:1.0.0', ...c }] });
export const withoutReplicas = (): Loose => {
  const { replicas: _, ...rest } = minimalStatefulProps();
  return rest;
};

/** [description, props, expected property path] */
export const STATEFUL_BAD_INPUT: ReadonlyArray<readonly [string, unknown, string]> = [
  // Top level.
  ['null props', null, ''],
  ['an array as props', [], ''],
  ['an unknown property (typo)', withProps({ replica: 3 }), 'replica'],
  ['a StatelessApp-only property', withProps({ maxSurge: 1 }), 'maxSurge'],
  ['a misplaced storage property', withProps({ storageClassName: 'ssd' }), 'storageClassName'],
  // Replicas.
  ['missing replicas', withoutReplicas(), 'replicas'],
  ['zero replicas', withProps({ replicas: 0 }), 'replicas'],
  ['negative replicas', withProps({ replicas: -1 }), 'replicas'],
  ['fractional replicas', withProps({ replicas: 1.5 }), 'replicas'],
  ['replicas as a string', withProps({ replicas: '3' }), 'replicas'],
  ['NaN replicas', withProps({ replicas: NaN }), 'replicas'],
  // Name.
  ['an upper-case name', withProps({ name: 'Db' }), 'name'],
  ['a name too long for the headless Service', withProps({ name: `d${'b'.repeat(55)}` }), 'name'],
  ['a 53-character name (the pods\' controller-revision-hash label would exceed 63)', withProps({ name: `d${'b'.repeat(52)}` }), 'name'],
  ['a bad namespace', withProps({ namespace: 'Data_NS' }), 'namespace'],
  // Storage: shape.
  ['storage not an array', withProps({ storage: entry() }), 'storage'],
  ['storage as a string', withProps({ storage: '10Gi' }), 'storage'],
  ['a null storage entry', withStorage(null as any), 'storage[0]'],
  ['a string as a storage entry', withStorage('data' as any), 'storage[0]'],
  ['an unknown storage property', withStorage(entry({ sizeGi: 10 })), 'storage[0].sizeGi'],
  // Storage: size.
  ['a missing size', withStorage(entry({ size: undefined })), 'storage[0].size'],
  ['size "0"', withStorage(entry({ size: '0' })), 'storage[0].size'],
  ['size "-5Gi"', withStorage(entry({ size: '-5Gi' })), 'storage[0].size'],
  ['size "lots"', withStorage(entry({ size: 'lots' })), 'storage[0].size'],
  ['size "10 GB"', withStorage(entry({ size: '10 GB' })), 'storage[0].size'],
  ['a zero Quantity size', withStorage(entry({ size: Quantity.gibibytes(0) })), 'storage[0].size'],
  ['a negative Quantity size', withStorage(entry({ size: Quantity.gibibytes(-1) })), 'storage[0].size'],
  ['a number as size', withStorage(entry({ size: 10 })), 'storage[0].size'],
  // Storage: names.
  ['a missing claim name', withStorage(entry({ name: undefined })), 'storage[0].name'],
  ['an invalid claim name', withStorage(entry({ name: 'Data_Dir' })), 'storage[0].name'],
  ['a duplicate claim name', withStorage(entry(), entry({ mountPath: '/var/lib/other' })), 'storage[1].name'],
  ['claim name "tmp" (the writable /tmp volume)', withStorage(entry({ name: 'tmp' })), 'storage[0].name'],
  ['claim name "tmp-2"', withStorage(entry({ name: 'tmp-2' })), 'storage[0].name'],
  ['a claim name equal to a writable-path volume', withProps({ containers: [{ image: DB_IMAGE, ports: [Port.tcp(5432, { name: 'db' })], writablePaths: ['/tmp', '/cache'] }], storage: [entry({ name: 'cache' })] }), 'storage[0].name'],
  // Storage: mount paths.
  ['a relative mountPath', withStorage(entry({ mountPath: 'var/lib/db' })), 'storage[0].mountPath'],
  ['mountPath "/"', withStorage(entry({ mountPath: '/' })), 'storage[0].mountPath'],
  ['a mountPath with ".."', withStorage(entry({ mountPath: '/var/lib/../etc' })), 'storage[0].mountPath'],
  ['a missing mountPath', withStorage(entry({ mountPath: undefined })), 'storage[0].mountPath'],
  ['mountPath /tmp (the writable directory)', withStorage(entry({ mountPath: '/tmp' })), 'storage[0].mountPath'],
  ['a mountPath inside /tmp', withStorage(entry({ mountPath: '/tmp/db' })), 'storage[0].mountPath'],
  ['two claims on one mountPath', withStorage(entry(), entry({ name: 'wal' })), 'storage[1].mountPath'],
  ['a block device path equal to a mount path', withStorage(entry(), entry({ name: 'raw', volumeMode: 'Block' })), 'storage[1].mountPath'],
  // Storage: access modes, volume mode, class, containers.
  ['accessModes []', withStorage(entry({ accessModes: [] })), 'storage[0].accessModes'],
  ['an unknown access mode', withStorage(entry({ accessModes: ['ReadWriteSometimes'] })), 'storage[0].accessModes[0]'],
  ['an abbreviated access mode', withStorage(entry({ accessModes: ['ReadWriteOnce', 'RWX'] })), 'storage[0].accessModes[1]'],
  ['accessModes as a string', withStorage(entry({ accessModes: 'ReadWriteOnce' })), 'storage[0].accessModes'],
  ['ReadWriteOncePod with another mode', withStorage(entry({ accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] })), 'storage[0].accessModes'],
  ['a bad volumeMode', withStorage(entry({ volumeMode: 'Raw' })), 'storage[0].volumeMode'],
  ['a bad storageClassName', withStorage(entry({ storageClassName: 'Fast_SSD' })), 'storage[0].storageClassName'],
  ['storage for an unknown container', withStorage(entry({ containers: ['postgres'] })), 'storage[0].containers[0]'],
  ['storage for no container at all', withStorage(entry({ containers: [] })), 'storage[0].containers'],
  ['storage containers as a string', withStorage(entry({ containers: 'db' })), 'storage[0].containers'],
  // Pod management, updates, retention.
  ['an unknown podManagementPolicy', withProps({ podManagementPolicy: 'Sequential' }), 'podManagementPolicy'],
  ['updatePartition above replicas', withProps({ updatePartition: 4 }), 'updatePartition'],
  ['a negative updatePartition', withProps({ updatePartition: -1 }), 'updatePartition'],
  ['a fractional updatePartition', withProps({ updatePartition: 0.5 }), 'updatePartition'],
  ['maxUnavailableDuringUpdate 0', withProps({ maxUnavailableDuringUpdate: 0 }), 'maxUnavailableDuringUpdate'],
  ['maxUnavailableDuringUpdate as a percentage', withProps({ maxUnavailableDuringUpdate: '50%' }), 'maxUnavailableDuringUpdate'],
  ['volumeRetention as a string', withProps({ volumeRetention: 'Delete' }), 'volumeRetention'],
  ['an unknown retention policy', withProps({ volumeRetention: { whenDeleted: 'Keep' } }), 'volumeRetention.whenDeleted'],
  ['a retention typo', withProps({ volumeRetention: { whenDelete: 'Delete' } }), 'volumeRetention.whenDelete'],
  ['a fractional-second minReady', withProps({ minReady: Duration.millis(1500) }), 'minReady'],
  ['a negative revisionHistoryLimit', withProps({ revisionHistoryLimit: -1 }), 'revisionHistoryLimit'],
  ['a bad clusterDomain', withProps({ clusterDomain: 'Cluster_Local' }), 'clusterDomain'],
  // Disruption budget and quorum.
  ['quorum with 4 replicas (even: no better than 3)', withProps({ replicas: 4, disruptionBudget: { quorum: true } }), 'disruptionBudget.quorum'],
  ['quorum with 2 replicas', withProps({ replicas: 2, disruptionBudget: { quorum: true } }), 'disruptionBudget.quorum'],
  ['quorum with 1 replica', withProps({ replicas: 1, disruptionBudget: { quorum: true } }), 'disruptionBudget.quorum'],
  ['quorum with maxUnavailable', withProps({ disruptionBudget: { quorum: true, maxUnavailable: 1 } }), 'disruptionBudget.maxUnavailable'],
  ['quorum with autoscaling', withProps({ disruptionBudget: { quorum: true }, autoscaling: { maxReplicas: 5 } }), 'disruptionBudget.quorum'],
  ['quorum as a string', withProps({ disruptionBudget: { quorum: 'yes' } }), 'disruptionBudget.quorum'],
  ['minAvailable in the disruption budget', withProps({ disruptionBudget: { minAvailable: 2 } }), 'disruptionBudget.minAvailable'],
  ['a disruption budget of 0', withProps({ disruptionBudget: { maxUnavailable: 0 } }), 'disruptionBudget.maxUnavailable'],
  ['a disruption budget as a string', withProps({ disruptionBudget: 'quorum' }), 'disruptionBudget'],
  // Autoscaling.
  ['a resizing VPA together with an HPA', withProps({ verticalAutoscaling: { mode: 'Auto' }, autoscaling: { maxReplicas: 5 } }), 'verticalAutoscaling'],
  ['a VPA on CPU beside an HPA on CPU and a custom metric', withProps({ verticalAutoscaling: { mode: 'Recreate', controlledResources: ['cpu'] }, autoscaling: { maxReplicas: 5, cpuUtilization: 60, metrics: [Metric.pods('rps', { averageValue: '1' })] } }), 'verticalAutoscaling'],
  ['a container resource metric on a container the pod does not have', withProps({ autoscaling: { maxReplicas: 5, metrics: [Metric.containerResource('memory', 'proxy', { averageUtilization: 70 })] } }), 'autoscaling.metrics[0].container'],
  ['an unknown VPA mode', withProps({ verticalAutoscaling: { mode: 'Sometimes' } }), 'verticalAutoscaling.mode'],
  ['a VPA mode in lower case', withProps({ verticalAutoscaling: { mode: 'off' } }), 'verticalAutoscaling.mode'],
  ['VPA minAllowed cpu above maxAllowed', withProps({ verticalAutoscaling: { minAllowed: { cpu: '2' }, maxAllowed: { cpu: '500m' } } }), 'verticalAutoscaling.maxAllowed.cpu'],
  ['VPA minAllowed memory above maxAllowed', withProps({ verticalAutoscaling: { minAllowed: { memory: '4Gi' }, maxAllowed: { memory: '1Gi' } } }), 'verticalAutoscaling.maxAllowed.memory'],
  ['an unparsable VPA bound', withProps({ verticalAutoscaling: { minAllowed: { cpu: 'lots' } } }), 'verticalAutoscaling.minAllowed.cpu'],
  ['a zero VPA bound', withProps({ verticalAutoscaling: { maxAllowed: { memory: '0' } } }), 'verticalAutoscaling.maxAllowed.memory'],
  ['a VPA resource other than cpu and memory', withProps({ verticalAutoscaling: { maxAllowed: { gpu: '1' } } }), 'verticalAutoscaling.maxAllowed.gpu'],
  ['a VPA typo', withProps({ verticalAutoscaling: { updateMode: 'Auto' } }), 'verticalAutoscaling.updateMode'],
  ['a VPA that is not an object', withProps({ verticalAutoscaling: true }), 'verticalAutoscaling'],
  ['autoscaling.minReplicas (replicas is the minimum)', withProps({ autoscaling: { minReplicas: 2, maxReplicas: 5 } }), 'autoscaling.minReplicas'],
  ['autoscaling maxReplicas below replicas', withProps({ autoscaling: { maxReplicas: 2 } }), 'autoscaling.maxReplicas'],
  ['autoscaling without maxReplicas', withProps({ autoscaling: {} }), 'autoscaling.maxReplicas'],
  // Init containers.
  ['initContainers not an array', withProps({ initContainers: { image: DB_IMAGE } }), 'initContainers'],
  ['an init container with ports', withInit({ ports: [Port.tcp(9000)] }), 'initContainers[0].ports'],
  ['an init container with a readiness probe', withInit({ readiness: Probe.exec(['true']) }), 'initContainers[0].readiness'],
  ['an init container with a liveness probe', withInit({ liveness: Probe.exec(['true']) }), 'initContainers[0].liveness'],
  ['an init container with a startup probe', withInit({ startup: Probe.exec(['true']) }), 'initContainers[0].startup'],
  ['an init container without a name', withProps({ initContainers: [{ image: 'ghcr.io/acme/init:1.0.0' }] }), 'initContainers[0].name'],
  ['an init container named like the main container', withInit({ name: 'db' }), 'initContainers[0].name'],
  ['an unpinned init container image', withInit({ image: 'busybox' }), 'initContainers[0].image'],
  // Shared workload props still checked.
  ['an untagged image', withProps({ containers: [{ image: 'postgres' }] }), 'containers[0].image'],
  ['a bad peer', withProps({ allowFrom: [NetworkPeer.cidr('10.0.0.0/33')] }), 'allowFrom[0].cidr'],
  ['a bad topology spread mode', withProps({ topologySpread: { nodes: 'always' } }), 'topologySpread.nodes'],
  // Volumes.
  ['a ReadWriteOnce claim shared by 3 replicas', withProps({ containers: [{ image: DB_IMAGE, volumeMounts: [{ path: '/shared', volume: Volume.persistentVolumeClaim('shared') }] }] }), 'containers[0].volumeMounts[0].volume.accessMode'],
  ['a volume mounted over the storage', withProps({ containers: [{ image: DB_IMAGE, volumeMounts: [{ path: '/var/lib/db/conf', volume: Volume.configMap('db') }] }] }), 'storage[0].mountPath'],
  ['a claim template named like a mounted volume', withProps({ containers: [{ image: DB_IMAGE, volumeMounts: [{ path: '/cache', volume: Volume.emptyDir('data') }] }] }), 'storage[0].name'],
  ['an unrestricted client Service, unacknowledged', withProps({ exposure: Exposure.nodePort() }), 'exposure.sourceRanges'],
  ['an Ingress exposure to an unknown port', withProps({ exposure: Exposure.ingress({ hosts: ['db.example.com'], portName: 'admin' }) }), 'exposure.portName'],
  ['an Ingress exposure with a bad path', withProps({ exposure: Exposure.ingress({ hosts: ['db.example.com'], path: '/a//b' }) }), 'exposure.path'],
  ['a client node port out of range', withProps({ exposure: Exposure.nodePort({ sourceRanges: ['10.0.0.0/8'], nodePorts: { db: 40000 } }) }), 'exposure.nodePorts.db'],
];
