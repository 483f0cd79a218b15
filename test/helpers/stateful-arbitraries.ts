/**
 * fast-check arbitraries for valid StatefulApp props, and mutations that make valid props invalid
 * (with the property path each must be reported at). Containers, peers and names come from the
 * StatelessApp arbitraries.
 */
import fc from 'fast-check';
import { budgetNeverLimits, containers, egressPeer, dnsLabel, dnsSubdomain, labelKey, labelValue, peer, pinnedImage, resources } from './arbitraries';
import {
  ContainerProps,
  Duration,
  NetworkEgress,
  NetworkPeer,
  PersistentStorageProps,
  Port,
  Probe,
  Quantity,
  StatefulAppProps,
} from '../../lib';

/** App names a StatefulSet can have (≤ 52 characters), never a generated container's name. */
const RESERVED = /^(c[12]|init[01]|initx)$/;
const statefulName = fc.stringMatching(/^[a-z](?:[-a-z0-9]{0,46}[a-z0-9])?$/).filter((n) => !RESERVED.test(n));

const writablePaths = fc.option(fc.uniqueArray(fc.stringMatching(/^\/[a-z0-9_-]{1,10}(?:\/[a-z0-9_-]{1,10}){0,2}$/), { maxLength: 2 }), { nil: undefined });

/** Init containers init0, init1: no ports, no probes. */
const initContainers = fc.option(fc.array(fc.record({
  image: pinnedImage,
  command: fc.option(fc.array(fc.string(), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  resources: fc.option(resources, { nil: undefined }),
  writablePaths,
}, { requiredKeys: ['image'] }), { minLength: 1, maxLength: 2 }).map((list) => list.map((c, i): ContainerProps => ({ name: `init${i}`, ...c }))), { nil: undefined });

const size = fc.integer({ min: 1, max: 4096 }).chain((n) => fc.constantFrom<Quantity | string>(Quantity.gibibytes(n), `${n}Gi`, `${n}Mi`, Quantity.mebibytes(n * 512)));
const accessModes = fc.option(fc.oneof(
  fc.constant<PersistentStorageProps['accessModes']>(['ReadWriteOncePod']),
  fc.uniqueArray(fc.constantFrom<'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany'>('ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'), { minLength: 1, maxLength: 3 }),
), { nil: undefined });

/**
 * Storage entries with unique names; mount paths start with `/vol.<n>`, which no generated
 * writable path (letters, digits, '_' and '-' only) can equal or contain.
 */
const storage = (containerNames: readonly string[]) => fc.option(fc.array(fc.record({
  word: fc.constantFrom('data', 'wal', 'logs', 'state', 'index'),
  size,
  storageClassName: fc.option(dnsSubdomain, { nil: undefined }),
  accessModes,
  volumeMode: fc.option(fc.constantFrom<'Filesystem' | 'Block'>('Filesystem', 'Block'), { nil: undefined }),
  containers: fc.option(fc.subarray([...containerNames], { minLength: 1 }), { nil: undefined }),
}, { requiredKeys: ['word', 'size'] }), { maxLength: 3 }).map((list) => list.map(({ word, ...s }, i): PersistentStorageProps => ({
  name: `${word}-${i}`,
  mountPath: `/vol.${i}/${word}`,
  ...s,
}))), { nil: undefined });

/** The volume name keelson gives a writable path (as WritableDirs does). */
const slug = (dir: string) => dir.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '') || 'root';

const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });
const bound = fc.record({ cpu: fc.integer({ min: 1, max: 8000 }), memory: fc.integer({ min: 1, max: 65536 }) }, { requiredKeys: [] });

/** Random valid StatefulApp props. */
export const validStatefulProps: fc.Arbitrary<StatefulAppProps> = fc
  .record({
    name: statefulName,
    namespace: fc.option(dnsLabel, { nil: undefined }),
    replicas: fc.integer({ min: 1, max: 7 }),
    containers,
    initContainers,
    version: fc.option(labelValue, { nil: undefined }),
    component: fc.option(labelValue, { nil: undefined }),
    partOf: fc.option(labelValue, { nil: undefined }),
    labels: fc.option(labels, { nil: undefined }),
    securityContext: fc.option(fc.record({
      runAsUser: fc.integer({ min: 1, max: 2147483647 }),
      runAsGroup: fc.integer({ min: 1, max: 2147483647 }),
      fsGroup: fc.integer({ min: 1, max: 2147483647 }),
    }, { requiredKeys: [] }), { nil: undefined }),
    topologySpread: fc.option(fc.record({ zones: fc.constantFrom<'soft' | 'hard' | 'off'>('soft', 'hard', 'off'), nodes: fc.constantFrom<'soft' | 'hard' | 'off'>('soft', 'hard', 'off') }, { requiredKeys: [] }), { nil: undefined }),
    podManagementPolicy: fc.option(fc.constantFrom<'OrderedReady' | 'Parallel'>('OrderedReady', 'Parallel'), { nil: undefined }),
    partitionShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    maxUnavailableDuringUpdate: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    volumeRetention: fc.option(fc.record({ whenDeleted: fc.constantFrom<'Retain' | 'Delete'>('Retain', 'Delete'), whenScaled: fc.constantFrom<'Retain' | 'Delete'>('Retain', 'Delete') }, { requiredKeys: [] }), { nil: undefined }),
    budget: fc.constantFrom('none', 'count', 'percent', 'quorum'),
    budgetValue: fc.integer({ min: 1, max: 100 }),
    scaling: fc.constantFrom('none', 'vpa', 'hpa'),
    vpa: fc.record({
      mode: fc.option(fc.constantFrom<'Off' | 'Initial' | 'Recreate' | 'Auto'>('Off', 'Initial', 'Recreate', 'Auto'), { nil: undefined }),
      min: fc.option(bound, { nil: undefined }),
      extra: fc.option(bound, { nil: undefined }),
    }, { requiredKeys: [] }),
    hpa: fc.record({ extra: fc.integer({ min: 0, max: 20 }), cpuUtilization: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }) }),
    allowFrom: fc.option(fc.array(peer, { maxLength: 3 }), { nil: undefined }),
    allowTo: fc.option(fc.array(
      fc.tuple(egressPeer, fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 2 })).map(([p, ports]) => NetworkEgress.to(p, ...ports)),
      { maxLength: 2 },
    ), { nil: undefined }),
    minReady: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    revisionHistoryLimit: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
    clusterDomain: fc.option(dnsSubdomain, { nil: undefined }),
    // An unexposed HTTP admin port keeps the default service port 80 (only exposed ports are checked for service-port clashes).
    adminPort: fc.boolean(),
  }, { requiredKeys: ['name', 'replicas', 'containers', 'budget', 'budgetValue', 'scaling', 'vpa', 'hpa', 'adminPort'] })
  .chain((r) => {
    const names = [r.name, ...r.containers.slice(1).map((c) => c.name!), ...(r.initContainers ?? []).map((c) => c.name!)];
    return storage(names).map((s) => ({ ...r, storage: s }));
  })
  .filter((r) => {
    // Claim names must not be the name of a writable-directory volume.
    const dirs = [...r.containers, ...(r.initContainers ?? [])].flatMap((c) => c.writablePaths ?? ['/tmp']).map(slug);
    return !(r.storage ?? []).some((s) => dirs.some((d) => s.name === d || s.name.startsWith(`${d}-`)));
  })
  .map((r) => {
    const { partitionShare, budget, budgetValue, scaling, vpa, hpa, minReady, adminPort, ...rest } = r;
    if (adminPort) {
      const [first, ...others] = r.containers;
      const own = first.ports ?? [Port.http(8080)];
      const used = new Set(r.containers.flatMap((c, i) => (c.ports ?? (i === 0 ? own : [])).map((p) => p.containerPort)));
      const number = [...Array(100).keys()].map((n) => 9900 + n).find((n) => !used.has(n))!;
      rest.containers = [{ ...first, ports: [...own, Port.http(number, { name: 'admin', expose: false })] }, ...others];
    }
    // A quorum needs an odd count of at least 3 and no autoscaler.
    const quorum = budget === 'quorum' && r.replicas >= 3 && r.replicas % 2 === 1 && scaling !== 'hpa';
    const text = (b: { cpu?: number; memory?: number } | undefined) => b && {
      ...(b.cpu !== undefined ? { cpu: Quantity.millicores(b.cpu) } : {}),
      ...(b.memory !== undefined ? { memory: `${b.memory}Mi` } : {}),
    };
    const max = vpa.min || vpa.extra ? {
      // The maxima cap the limits too: at least 10m of CPU and 6Mi of memory.
      ...(vpa.extra?.cpu !== undefined ? { cpu: Math.max((vpa.min?.cpu ?? 0) + vpa.extra.cpu, 10) } : {}),
      ...(vpa.extra?.memory !== undefined ? { memory: Math.max((vpa.min?.memory ?? 0) + vpa.extra.memory, 6) } : {}),
    } : undefined;
    const props: StatefulAppProps = {
      ...rest,
      ...(partitionShare !== undefined ? { updatePartition: Math.floor(partitionShare * r.replicas) } : {}),
      ...(minReady !== undefined ? { minReady: Duration.seconds(minReady) } : {}),
      ...(quorum ? { disruptionBudget: { quorum: true } } : {}),
      ...(budget === 'count' ? { disruptionBudget: { maxUnavailable: budgetValue } } : {}),
      ...(budget === 'percent' ? { disruptionBudget: { maxUnavailable: `${budgetValue}%` } } : {}),
      ...(scaling === 'vpa' ? { verticalAutoscaling: { ...(vpa.mode ? { mode: vpa.mode } : {}), ...(vpa.min ? { minAllowed: text(vpa.min) } : {}), ...(max && Object.keys(max).length ? { maxAllowed: text(max) } : {}) } } : {}),
      ...(scaling === 'hpa' ? { autoscaling: { maxReplicas: r.replicas + hpa.extra, ...(hpa.cpuUtilization ? { cpuUtilization: hpa.cpuUtilization } : {}) } } : {}),
    };
    const givenBudget = (props.disruptionBudget as { maxUnavailable?: number | string } | undefined)?.maxUnavailable;
    const pods = props.autoscaling?.maxReplicas ?? r.replicas;
    return budgetNeverLimits(givenBudget, pods) ? { ...props, acknowledgeRisks: ['budget-never-limits'] } : props;
  });

// ---------------------------------------------------------------- invalid mutations

type Mutation = readonly [path: string, mutate: (p: StatefulAppProps) => unknown];
const IMAGE = 'ghcr.io/acme/db:1.0.0';
/** A valid storage entry for the mutations to break one field of. */
const entry = (e: Record<string, unknown> = {}) => ({ name: 'zz-mut', mountPath: '/mut.x', size: '1Gi', ...e });
const withStorage = (p: StatefulAppProps, ...entries: Array<Record<string, unknown>>) => ({ ...p, storage: entries });
/** No autoscaler, no quorum: a clean slate for budget and autoscaling mutations. */
const plain = (p: StatefulAppProps): StatefulAppProps => ({
  ...p,
  autoscaling: undefined,
  verticalAutoscaling: undefined,
  disruptionBudget: undefined,
});

/** Mutations that make any valid StatefulApp props invalid, with the path the problem must be reported at. */
export const STATEFUL_MUTATIONS: readonly Mutation[] = [
  ['name', (p) => ({ ...p, name: 'Bad_Name' })],
  ['name', (p) => ({ ...p, name: `d${'b'.repeat(52)}` })],
  ['replicas', (p) => ({ ...p, replicas: 0 })],
  ['replicas', (p) => ({ ...p, replicas: -1 })],
  ['replicas', (p) => ({ ...p, replicas: 1.5 })],
  ['replicas', (p) => ({ ...p, replicas: undefined })],
  ['storage', (p) => ({ ...p, storage: entry() })],
  ['storage[0]', (p) => ({ ...p, storage: [null] })],
  ['storage[0].size', (p) => withStorage(p, entry({ size: '0' }))],
  ['storage[0].size', (p) => withStorage(p, entry({ size: '-5Gi' }))],
  ['storage[0].size', (p) => withStorage(p, entry({ size: 'lots' }))],
  ['storage[0].size', (p) => withStorage(p, entry({ size: undefined }))],
  ['storage[0].name', (p) => withStorage(p, entry({ name: 'Data' }))],
  ['storage[0].name', (p) => withStorage(p, entry({ name: 'tmp' }))],
  ['storage[1].name', (p) => withStorage(p, entry(), entry({ mountPath: '/mut.y' }))],
  ['storage[0].mountPath', (p) => withStorage(p, entry({ mountPath: 'relative' }))],
  ['storage[0].mountPath', (p) => withStorage(p, entry({ mountPath: '/' }))],
  ['storage[1].mountPath', (p) => withStorage(p, entry(), entry({ name: 'zz-mut2' }))],
  ['storage[0].accessModes', (p) => withStorage(p, entry({ accessModes: [] }))],
  ['storage[0].accessModes', (p) => withStorage(p, entry({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }))],
  ['storage[0].accessModes[0]', (p) => withStorage(p, entry({ accessModes: ['ReadWriteSometimes'] }))],
  ['storage[0].volumeMode', (p) => withStorage(p, entry({ volumeMode: 'Raw' }))],
  ['storage[0].storageClassName', (p) => withStorage(p, entry({ storageClassName: 'Fast SSD' }))],
  ['storage[0].containers[0]', (p) => withStorage(p, entry({ containers: ['nobody-here'] }))],
  ['storage[0].containers', (p) => withStorage(p, entry({ containers: [] }))],
  ['podManagementPolicy', (p) => ({ ...p, podManagementPolicy: 'Sequential' })],
  ['updatePartition', (p) => ({ ...p, updatePartition: p.replicas + 1 })],
  ['updatePartition', (p) => ({ ...p, updatePartition: -1 })],
  ['maxUnavailableDuringUpdate', (p) => ({ ...p, maxUnavailableDuringUpdate: 0 })],
  ['volumeRetention.whenDeleted', (p) => ({ ...p, volumeRetention: { whenDeleted: 'Keep' } })],
  ['volumeRetention', (p) => ({ ...p, volumeRetention: 'Delete' })],
  ['disruptionBudget.quorum', (p) => ({ ...plain(p), replicas: 4, updatePartition: undefined, disruptionBudget: { quorum: true } })],
  ['disruptionBudget.quorum', (p) => ({ ...plain(p), replicas: 1, updatePartition: undefined, disruptionBudget: { quorum: true } })],
  ['disruptionBudget.maxUnavailable', (p) => ({ ...plain(p), disruptionBudget: { quorum: true, maxUnavailable: 1 } })],
  ['disruptionBudget.maxUnavailable', (p) => ({ ...plain(p), disruptionBudget: { maxUnavailable: 0 } })],
  ['verticalAutoscaling', (p) => ({ ...plain(p), verticalAutoscaling: { mode: 'Auto' }, autoscaling: { maxReplicas: 100 } })],
  ['verticalAutoscaling.mode', (p) => ({ ...plain(p), verticalAutoscaling: { mode: 'Sometimes' } })],
  ['verticalAutoscaling.maxAllowed.cpu', (p) => ({ ...plain(p), verticalAutoscaling: { minAllowed: { cpu: '2' }, maxAllowed: { cpu: '1' } } })],
  ['autoscaling.minReplicas', (p) => ({ ...plain(p), autoscaling: { minReplicas: 2, maxReplicas: 100 } })],
  ['autoscaling.maxReplicas', (p) => ({ ...plain(p), autoscaling: { maxReplicas: 0 } })],
  ['initContainers[0].ports', (p) => ({ ...p, initContainers: [{ name: 'initx', image: IMAGE, ports: [Port.tcp(1)] }] })],
  ['initContainers[0].liveness', (p) => ({ ...p, initContainers: [{ name: 'initx', image: IMAGE, liveness: Probe.exec(['true']) }] })],
  ['clusterDomain', (p) => ({ ...p, clusterDomain: 'Not A Domain' })],
  ['containers[0].image', (p) => ({ ...p, containers: [{ ...p.containers[0], image: 'nginx' }, ...p.containers.slice(1)] })],
  ['allowFrom[0].cidr', (p) => ({ ...p, allowFrom: [NetworkPeer.cidr('10.0.0.0/40')] })],
  ['replicaCount', (p) => ({ ...p, replicaCount: 3 })],
];
