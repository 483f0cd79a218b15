import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { PersistentVolumeClaim, PodTemplateSpec, Service, ServiceAccount } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { NetworkPolicy, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import {
  AutoscalingProps,
  KubeObject,
  intOrPercent,
  renderAutoscaler,
  renderDisruptionBudget,
  renderNetworkPolicy,
  renderServiceAccount,
  servicePort,
} from './app-parts';
import { DEFAULTS } from './defaults';
import { Duration } from './duration';
import { path } from './validation/path';
import { Problems } from './validation/problems';
import { StatefulSetImmutableFields, statefulSetImmutableFields } from './immutable';
import {
  checkDns1035Label,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkInteger,
  checkKnownKeys,
  checkObject,
  checkString,
  describe,
} from './validation/checks';
import { NetworkEgress, NetworkPeer } from './network-peer';
import { Quantity } from './quantity';
import { StorageMount, WORKLOAD_KEYS, WorkloadProps, quantity, renderPod, wholeSeconds } from './workload';

/** How a PersistentVolume may be mounted. */
export type AccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadOnlyMany' | 'ReadWriteMany';

/** One persistent volume per replica, from a volumeClaimTemplate. */
export interface PersistentStorageProps {
  /**
   * The claim template's name; each replica's claim is `<name>-<app>-<ordinal>` (e.g. `data-db-0`).
   * Immutable: renaming it gives every replica a new, empty volume.
   */
  readonly name: string;
  /** Where the volume is mounted (or, for `volumeMode: 'Block'`, the device path). */
  readonly mountPath: string;
  /**
   * The size of each replica's volume. Immutable in the StatefulSet: see docs/defaults.md for
   * how to grow volumes.
   */
  readonly size: Quantity | string;
  /**
   * The StorageClass.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * How the volume may be mounted.
   * @default ['ReadWriteOnce']: one node at a time, what block storage offers everywhere
   */
  readonly accessModes?: readonly AccessMode[];
  /**
   * A filesystem, or a raw block device for software that manages its own disk layout.
   * @default 'Filesystem'
   */
  readonly volumeMode?: 'Filesystem' | 'Block';
  /**
   * The containers that mount the volume, by name.
   * @default the first container and every init container
   */
  readonly containers?: readonly string[];
}

/** What happens to the replicas' volumes when the app shrinks or goes away. */
export interface VolumeRetentionProps {
  /**
   * When the StatefulSet is deleted.
   * @default 'Retain': deleting an app (or a botched rename) must never delete its data
   */
  readonly whenDeleted?: 'Retain' | 'Delete';
  /**
   * When the StatefulSet scales down.
   * @default 'Retain': scaling back up finds the data where it was
   */
  readonly whenScaled?: 'Retain' | 'Delete';
}

/** The PodDisruptionBudget of a StatefulApp. */
export interface StatefulDisruptionBudgetProps {
  /**
   * Pods that may be evicted at once (≥ 1: zero would block every drain).
   * @default 1
   */
  readonly maxUnavailable?: number | string;
  /**
   * Keep a majority of replicas up (`minAvailable: floor(n/2)+1`), for consensus systems (etcd,
   * ZooKeeper, Raft-based databases). Needs an odd replica count of at least 3.
   * @default false
   */
  readonly quorum?: boolean;
}

/** A VerticalPodAutoscaler (autoscaling.k8s.io/v1) for the app's pods. */
export interface VerticalAutoscalingProps {
  /**
   * What the VPA may do with its recommendations: `Off` only records them, `Initial` sets
   * resources when pods are created, `Recreate`/`Auto` also evicts pods to apply them.
   * @default 'Off': recommendation only; restarting a database to resize it is a decision for a human
   */
  readonly mode?: 'Off' | 'Initial' | 'Recreate' | 'Auto';
  /**
   * The least the VPA may recommend.
   * @default none
   */
  readonly minAllowed?: { readonly cpu?: Quantity | string; readonly memory?: Quantity | string };
  /**
   * The most the VPA may recommend.
   * @default none
   */
  readonly maxAllowed?: { readonly cpu?: Quantity | string; readonly memory?: Quantity | string };
}

/** Props of a StatefulApp: a StatefulSet with stable identities and storage. */
export interface StatefulAppProps extends WorkloadProps {
  /**
   * The number of replicas. Required: for stateful software the count is a design decision
   * (a quorum of 3 or 5, a primary and replicas), not a default.
   */
  readonly replicas: number;
  /**
   * Persistent volumes, one per replica each.
   * @default none
   */
  readonly storage?: readonly PersistentStorageProps[];
  /**
   * What happens to the volumes on scale-down and delete.
   * @default keep them in both cases
   */
  readonly volumeRetention?: VolumeRetentionProps;
  /**
   * `OrderedReady` starts and stops replicas one at a time, in order; `Parallel` all at once
   * (faster, for software that does not need ordered bootstrap). Immutable.
   * @default 'OrderedReady'
   */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /**
   * Only replicas with an ordinal ≥ partition are updated: set it to `replicas - 1` to try a
   * new version on the highest ordinal first, then lower it step by step.
   * @default 0 (update every replica)
   */
  readonly updatePartition?: number;
  /**
   * Replicas that may be down at once during a rolling update. Needs the
   * MaxUnavailableStatefulSet feature (alpha until Kubernetes 1.34; ignored where off).
   * @default none: one at a time
   */
  readonly maxUnavailableDuringUpdate?: number;
  /**
   * The PodDisruptionBudget.
   * @default `maxUnavailable: 1`, unhealthy pods always evictable
   */
  readonly disruptionBudget?: StatefulDisruptionBudgetProps;
  /**
   * A VerticalPodAutoscaler, the usual way to right-size stateful apps. Not together with
   * `autoscaling`: both act on CPU and memory and fight each other.
   * @default none
   */
  readonly verticalAutoscaling?: VerticalAutoscalingProps;
  /**
   * A HorizontalPodAutoscaler; the StatefulSet then omits `replicas` and `replicas` gives the
   * minimum. Only for software that rebalances on its own when replicas come and go.
   * @default none
   */
  readonly autoscaling?: Omit<AutoscalingProps, 'minReplicas'>;
  /**
   * Who may connect to the exposed ports. Replicas always reach each other on every port.
   * @default `[NetworkPeer.sameNamespace()]`
   */
  readonly allowFrom?: readonly NetworkPeer[];
  /**
   * Where the pods may connect; when set, egress is limited to these, DNS and the other replicas.
   * @default egress not governed by the app's policy; `[]` (DNS and the other replicas) for an app
   * placed in a SecureNamespace, whose default-deny would otherwise cut the replicas off
   */
  readonly allowTo?: readonly NetworkEgress[];
  /**
   * A new pod must stay ready this long before the next one is updated.
   * @default 5s
   */
  readonly minReady?: Duration;
  /**
   * Old revisions kept for rollback.
   * @default 5
   */
  readonly revisionHistoryLimit?: number;
  /**
   * The cluster's DNS domain, for `podDnsNames`.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

const STATEFUL_KEYS = [
  ...WORKLOAD_KEYS,
  'replicas', 'storage', 'volumeRetention', 'podManagementPolicy', 'updatePartition', 'maxUnavailableDuringUpdate',
  'disruptionBudget', 'verticalAutoscaling', 'autoscaling', 'allowFrom', 'allowTo', 'minReady', 'revisionHistoryLimit',
  'clusterDomain',
];

/** A VerticalPodAutoscaler object (autoscaling.k8s.io/v1); not in kubernetes-types. */
export interface VerticalPodAutoscaler extends KubeObject {
  readonly apiVersion: 'autoscaling.k8s.io/v1';
  readonly kind: 'VerticalPodAutoscaler';
  readonly spec: {
    readonly targetRef: { readonly apiVersion: string; readonly kind: string; readonly name: string };
    readonly updatePolicy: { readonly updateMode: string };
    readonly resourcePolicy: {
      readonly containerPolicies: ReadonlyArray<{
        readonly containerName: string;
        readonly controlledResources: readonly string[];
        readonly minAllowed?: Record<string, string>;
        readonly maxAllowed?: Record<string, string>;
      }>;
    };
  };
}

/** Every object a StatefulApp produces. */
export interface StatefulAppManifest {
  readonly serviceAccount: ServiceAccount;
  readonly networkPolicy: NetworkPolicy;
  /** `clusterIP: None`: gives each replica a stable DNS name; the StatefulSet's `serviceName`. */
  readonly headlessService: Service;
  /** The client Service: ready replicas only. Absent when no port is exposed. */
  readonly service?: Service;
  readonly statefulSet: StatefulSet;
  readonly podDisruptionBudget: PodDisruptionBudget;
  readonly horizontalPodAutoscaler?: HorizontalPodAutoscaler;
  readonly verticalPodAutoscaler?: VerticalPodAutoscaler;
  /** The labels that select the app's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Each replica's stable DNS name, e.g. `db-0.db-headless.shop.svc.cluster.local`. */
  readonly podDnsNames: readonly string[];
  /** Every object in apply order. */
  readonly objects: ReadonlyArray<KubeObject>;
}

/** The type name used in validation errors. */
export const STATEFUL_APP = 'StatefulApp';

/** The suffix of the headless Service's name. */
export const HEADLESS_SUFFIX = '-headless';

/** The longest StatefulApp name: 63 minus the `-<10-character hash>` of the controller-revision-hash label. */
export const MAX_NAME_LENGTH = 52;

/** Options of buildStatefulApp that come from outside the props. */
export interface StatefulAppBuildOptions {
  /**
   * Checks the StatefulSet's immutable fields against what was accepted before (the adapters pass
   * the keelson.lock.json check); its problems join the others.
   * @default no check
   */
  readonly checkImmutable?: (problems: Problems, fields: StatefulSetImmutableFields) => void;
}

/**
 * Validates StatefulApp props and builds its objects. Throws one KeelsonValidationError listing
 * every problem; returns nothing partial.
 */
export function buildStatefulApp(props: StatefulAppProps, options: StatefulAppBuildOptions = {}): StatefulAppManifest {
  const name = typeof props?.name === 'string' ? props.name : '<unnamed>';
  const problems = new Problems(STATEFUL_APP, name);
  if (!checkObject(problems, '', props)) problems.throwIfAny();
  checkKnownKeys(problems, '', props, STATEFUL_KEYS);
  // The StatefulSet controller labels every pod `controller-revision-hash: <name>-<10-character hash>`,
  // a label value of at most 63 characters: with a longer name no pod is ever created
  // (kubernetes/kubernetes#64023). The headless Service's name adds a suffix and must fit too.
  if (checkDns1035Label(problems, 'name', props.name) && props.name.length > MAX_NAME_LENGTH) {
    problems.invalid('name', `${JSON.stringify(props.name)} is too long: a StatefulSet name may have at most ${MAX_NAME_LENGTH} characters, so that each pod's controller-revision-hash label ("<name>-<10-character hash>") and the headless Service "${props.name}${HEADLESS_SUFFIX}" fit in 63 characters`);
  }
  if (props.namespace !== undefined) checkDns1123Label(problems, 'namespace', props.namespace);

  const claims = renderClaimTemplates(problems, props.storage);
  const pod = renderPod(problems, props, {
    defaultSpread: { zones: 'soft', nodes: 'hard' },
    storage: claims.mounts,
  });
  // A claim template and a pod volume of the same name would be merged by the StatefulSet
  // controller: the writable directory would silently land on the persistent volume.
  const podVolumes = new Set((pod.template.spec?.volumes ?? []).map((v) => v.name));
  for (const m of claims.mounts) {
    if (podVolumes.has(m.volumeName)) {
      problems.duplicate(path(m.at, 'name'), `${JSON.stringify(m.volumeName)} is also the name of a writable-directory volume of the pod; choose another name`);
    }
  }
  const exposed = pod.ports.filter((p) => p.expose);

  // An invalid count is reported once; checks that compare with it are then skipped.
  let replicas = 1;
  let replicasKnown = false;
  if (props.replicas === undefined) problems.required('replicas', 'is required: choose the count your software needs (e.g. 3 for a quorum)');
  else if (checkInteger(problems, 'replicas', props.replicas, 1, 1000)) {
    replicas = props.replicas;
    replicasKnown = true;
  }

  const meta = (extra: Partial<ObjectMeta> = {}): ObjectMeta => ({
    name: props.name,
    ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
    labels: { ...pod.labels },
    ...extra,
  });
  // `name`, not props.name: a JavaScript caller's non-string name must reach the error, not break a template string.
  const headlessName = `${name}${HEADLESS_SUFFIX}`;

  const serviceAccount = renderServiceAccount(meta(), pod.template.spec!.automountServiceAccountToken, props.serviceAccount?.annotations);

  const headlessService: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta({ name: headlessName }),
    spec: {
      clusterIP: 'None',
      // Peers must find each other while starting, before they are ready (cluster bootstrap).
      publishNotReadyAddresses: true,
      selector: { ...pod.selector },
      // No proxy: peers connect to the pod IPs on the container port, so that is the port here. (The
      // service ports of unexposed ports are not checked for clashes, and would repeat e.g. 80.)
      ports: pod.ports.map((p) => ({ ...servicePort(p), port: p.containerPort })),
    },
  };
  const service: Service | undefined = exposed.length
    ? { apiVersion: 'v1', kind: 'Service', metadata: meta(), spec: { type: 'ClusterIP', selector: { ...pod.selector }, ports: exposed.map(servicePort) } }
    : undefined;

  const statefulSet = renderStatefulSet(problems, props, pod.template, pod.selector, headlessName, claims.templates, replicas, replicasKnown, meta());

  const podDisruptionBudget = renderStatefulBudget(problems, props, replicas, replicasKnown, pod.selector, meta());

  if (props.autoscaling !== undefined && props.verticalAutoscaling !== undefined) {
    problems.conflict('verticalAutoscaling', 'cannot be combined with autoscaling: both act on CPU and memory and would fight each other; keep one');
  }
  const horizontalPodAutoscaler = props.autoscaling !== undefined
    ? renderAutoscaler(problems, props.autoscaling, replicas, meta(), 'StatefulSet')
    : undefined;
  // renderAutoscaler has reported an autoscaling that is not an object.
  if (typeof props.autoscaling === 'object' && props.autoscaling !== null && 'minReplicas' in props.autoscaling) {
    problems.notSupported(path('autoscaling', 'minReplicas'), 'is not used by StatefulApp: `replicas` is the minimum');
  }
  const verticalPodAutoscaler = props.verticalAutoscaling !== undefined
    ? renderVerticalAutoscaler(problems, props.verticalAutoscaling, meta())
    : undefined;

  // Replicas talk to each other on every declared port (replication, gossip, consensus).
  const peerPorts = (): NetworkPolicyPort[] => pod.ports.map((p) => ({ protocol: p.transport, port: p.containerPort }));
  const self = () => ({ podSelector: { matchLabels: { ...pod.selector } } });
  const networkPolicy = renderNetworkPolicy(
    problems,
    {
      allowFrom: props.allowFrom,
      allowTo: props.allowTo,
      // Separate copies: shared objects would be written as YAML anchors.
      extraIngress: pod.ports.length ? [{ from: [self()], ports: peerPorts() }] : [],
      extraEgress: pod.ports.length ? [{ to: [self()], ports: peerPorts() }] : [],
    },
    exposed,
    pod.selector,
    meta(),
  );

  const clusterDomain = props.clusterDomain ?? 'cluster.local';
  if (props.clusterDomain !== undefined) checkDns1123Subdomain(problems, 'clusterDomain', props.clusterDomain);

  // Compare immutable fields only once everything else is valid: a typo is not an upgrade.
  if (problems.count === 0) options.checkImmutable?.(problems, statefulSetImmutableFields(statefulSet));
  problems.throwIfAny();
  const suffix = props.namespace !== undefined ? `.${headlessName}.${props.namespace}.svc.${clusterDomain}` : `.${headlessName}`;
  const podDnsNames = Array.from({ length: replicas }, (_, i) => `${props.name}-${i}${suffix}`);
  const objects = [serviceAccount, networkPolicy, headlessService, service, statefulSet, podDisruptionBudget, horizontalPodAutoscaler, verticalPodAutoscaler]
    .filter((o) => o !== undefined) as unknown as KubeObject[];
  return {
    serviceAccount,
    networkPolicy,
    headlessService,
    service,
    statefulSet,
    podDisruptionBudget,
    horizontalPodAutoscaler,
    verticalPodAutoscaler,
    selector: pod.selector,
    podDnsNames,
    objects,
  };
}

function renderStatefulSet(
  problems: Problems,
  props: StatefulAppProps,
  template: PodTemplateSpec,
  selector: Record<string, string>,
  serviceName: string,
  volumeClaimTemplates: PersistentVolumeClaim[],
  replicas: number,
  replicasKnown: boolean,
  metadata: ObjectMeta,
): StatefulSet {
  const policy = props.podManagementPolicy ?? 'OrderedReady';
  if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    problems.notSupported('podManagementPolicy', `must be 'OrderedReady' or 'Parallel', got ${describe(policy)}`);
  }
  const partition = props.updatePartition ?? 0;
  if (checkInteger(problems, 'updatePartition', partition, 0, 1000) && replicasKnown && partition > replicas) {
    problems.conflict('updatePartition', `${partition} is above the replica count ${replicas}: no replica would be updated; use at most ${replicas}`);
  }
  const maxUnavailable = props.maxUnavailableDuringUpdate;
  if (maxUnavailable !== undefined) checkInteger(problems, 'maxUnavailableDuringUpdate', maxUnavailable, 1, 1000);
  const minReady = wholeSeconds(problems, 'minReady', props.minReady, DEFAULTS.minReadySeconds);
  const revisionHistoryLimit = props.revisionHistoryLimit ?? DEFAULTS.revisionHistoryLimit;
  checkInteger(problems, 'revisionHistoryLimit', revisionHistoryLimit, 0, 1000);

  const retention = props.volumeRetention;
  if (retention !== undefined && checkObject(problems, 'volumeRetention', retention)) {
    checkKnownKeys(problems, 'volumeRetention', retention, ['whenDeleted', 'whenScaled']);
  }
  const whenDeleted = retention?.whenDeleted ?? 'Retain';
  const whenScaled = retention?.whenScaled ?? 'Retain';
  for (const [key, value] of [['whenDeleted', whenDeleted], ['whenScaled', whenScaled]] as const) {
    if (value !== 'Retain' && value !== 'Delete') problems.notSupported(path('volumeRetention', key), `must be 'Retain' or 'Delete', got ${describe(value)}`);
  }

  const rollingUpdate = {
    ...(partition ? { partition } : {}),
    ...(maxUnavailable !== undefined ? { maxUnavailable } : {}),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata,
    spec: {
      ...(props.autoscaling === undefined ? { replicas } : {}),
      selector: { matchLabels: { ...selector } },
      serviceName,
      podManagementPolicy: policy,
      updateStrategy: Object.keys(rollingUpdate).length ? { type: 'RollingUpdate', rollingUpdate } : { type: 'RollingUpdate' },
      minReadySeconds: minReady ?? DEFAULTS.minReadySeconds,
      revisionHistoryLimit,
      persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled },
      template,
      ...(volumeClaimTemplates.length ? { volumeClaimTemplates } : {}),
    },
  };
}

const ACCESS_MODES: readonly string[] = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'];

function renderClaimTemplates(problems: Problems, storage: unknown): { templates: PersistentVolumeClaim[]; mounts: StorageMount[] } {
  const templates: PersistentVolumeClaim[] = [];
  const mounts: StorageMount[] = [];
  if (storage === undefined) return { templates, mounts };
  if (!Array.isArray(storage)) {
    problems.invalid('storage', `must be an array of storage entries, got ${describe(storage)}`);
    return { templates, mounts };
  }
  const names = new Set<string>();
  storage.forEach((s: PersistentStorageProps, i) => {
    const at = path('storage', i);
    if (!checkObject(problems, at, s)) return;
    checkKnownKeys(problems, at, s, ['name', 'mountPath', 'size', 'storageClassName', 'accessModes', 'volumeMode', 'containers']);
    if (checkDns1123Label(problems, path(at, 'name'), s.name)) {
      if (names.has(s.name)) problems.duplicate(path(at, 'name'), `${JSON.stringify(s.name)} is used by another storage entry`);
      if (s.name === 'tmp' || s.name.startsWith('tmp-')) {
        problems.duplicate(path(at, 'name'), `${JSON.stringify(s.name)} clashes with the writable-directory volumes keelson adds (tmp, ...); choose another name`);
      }
      names.add(s.name);
    }
    let mountOk = false;
    if (checkString(problems, path(at, 'mountPath'), s.mountPath)) {
      mountOk = /^\/[^\0]*$/.test(s.mountPath) && !s.mountPath.split('/').includes('..') && s.mountPath !== '/';
      if (!mountOk) problems.invalid(path(at, 'mountPath'), `${JSON.stringify(s.mountPath)} must be an absolute path other than '/', without '..'`);
    }
    const size = s.size === undefined
      ? (problems.required(path(at, 'size'), 'is required, e.g. "10Gi"'), undefined)
      : quantity(problems, path(at, 'size'), s.size);
    if (s.storageClassName !== undefined) checkDns1123Subdomain(problems, path(at, 'storageClassName'), s.storageClassName);
    const accessModes = s.accessModes ?? ['ReadWriteOnce'];
    const modesOk = Array.isArray(accessModes) && accessModes.length > 0;
    if (!modesOk) {
      problems.required(path(at, 'accessModes'), `must list at least one of ${ACCESS_MODES.join(', ')}`);
    } else {
      accessModes.forEach((m, j) => {
        if (!ACCESS_MODES.includes(m)) problems.notSupported(path(at, 'accessModes', j), `${describe(m)} is not an access mode: use ${ACCESS_MODES.join(', ')}`);
      });
      // The API server refuses a claim that mixes ReadWriteOncePod with other modes.
      if (accessModes.includes('ReadWriteOncePod') && accessModes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m))) {
        problems.conflict(path(at, 'accessModes'), 'ReadWriteOncePod cannot be combined with other access modes; list it alone');
      }
    }
    const volumeMode = s.volumeMode ?? 'Filesystem';
    if (volumeMode !== 'Filesystem' && volumeMode !== 'Block') {
      problems.notSupported(path(at, 'volumeMode'), `must be 'Filesystem' or 'Block', got ${describe(volumeMode)}`);
    }
    if (s.containers !== undefined && (!Array.isArray(s.containers) || s.containers.some((c) => typeof c !== 'string'))) {
      problems.invalid(path(at, 'containers'), `must be a list of container names, got ${describe(s.containers)}`);
      return;
    }
    if (s.containers !== undefined && s.containers.length === 0) {
      problems.invalid(path(at, 'containers'), 'must name at least one container: a volume no container mounts is provisioned for nothing; omit it for the default (the first container and every init container)');
      return;
    }
    // No template from a malformed entry (e.g. accessModes: 0 from JavaScript); its problems are reported.
    if (!size || !mountOk || !modesOk || typeof s.name !== 'string') return;
    templates.push({
      // Only labels that never change: claim templates are immutable.
      metadata: { name: s.name },
      spec: {
        accessModes: [...accessModes],
        ...(s.storageClassName !== undefined ? { storageClassName: s.storageClassName } : {}),
        volumeMode,
        resources: { requests: { storage: size.toString() } },
      },
    });
    mounts.push({ volumeName: s.name, path: s.mountPath, block: volumeMode === 'Block', containers: s.containers, at });
  });
  return { templates, mounts };
}

function renderStatefulBudget(
  problems: Problems,
  props: StatefulAppProps,
  replicas: number,
  replicasKnown: boolean,
  selector: Record<string, string>,
  metadata: ObjectMeta,
): PodDisruptionBudget {
  const budget = props.disruptionBudget;
  if (budget !== undefined && checkObject(problems, 'disruptionBudget', budget)) {
    checkKnownKeys(problems, 'disruptionBudget', budget, ['maxUnavailable', 'quorum']);
  }
  if (budget?.quorum !== undefined && typeof budget.quorum !== 'boolean') {
    problems.invalid(path('disruptionBudget', 'quorum'), `must be a boolean, got ${describe(budget.quorum)}`);
  }
  if (budget?.quorum === true) {
    const at = path('disruptionBudget', 'quorum');
    if (budget.maxUnavailable !== undefined) problems.conflict(path('disruptionBudget', 'maxUnavailable'), 'cannot be set with quorum: the quorum decides how many may go');
    if (props.autoscaling !== undefined) problems.conflict(at, 'cannot be combined with autoscaling: a quorum is computed from a fixed member count');
    const minAvailable = Math.floor(replicas / 2) + 1;
    // An invalid replica count is reported already: a quorum of it cannot be judged.
    if (replicasKnown && replicas < 3) {
      problems.conflict(at, `needs at least 3 replicas: with ${replicas}, keeping a majority (${minAvailable}) up would block every node drain`);
    } else if (replicasKnown && replicas % 2 === 0) {
      problems.conflict(at, `${replicas} replicas tolerate no more failures than ${replicas - 1} (both lose quorum after ${Math.floor((replicas - 1) / 2)}); use an odd count`);
    }
    return renderDisruptionBudget(metadata, selector, { minAvailable });
  }
  const maxUnavailable = intOrPercent(problems, path('disruptionBudget', 'maxUnavailable'), budget?.maxUnavailable ?? DEFAULTS.disruptionMaxUnavailable,
    '0 would block every node drain and cluster upgrade; use at least 1');
  return renderDisruptionBudget(metadata, selector, { maxUnavailable });
}

const VPA_MODES: readonly string[] = ['Off', 'Initial', 'Recreate', 'Auto'];

function renderVerticalAutoscaler(problems: Problems, v: VerticalAutoscalingProps, metadata: ObjectMeta): VerticalPodAutoscaler | undefined {
  if (!checkObject(problems, 'verticalAutoscaling', v)) return undefined;
  checkKnownKeys(problems, 'verticalAutoscaling', v, ['mode', 'minAllowed', 'maxAllowed']);
  const mode: unknown = v.mode ?? 'Off';
  if (typeof mode !== 'string' || !VPA_MODES.includes(mode)) problems.notSupported(path('verticalAutoscaling', 'mode'), `must be one of ${VPA_MODES.join(', ')}, got ${describe(mode)}`);
  const bound = (key: 'minAllowed' | 'maxAllowed') => {
    const value = v[key];
    const out: Record<string, Quantity> = {};
    if (value === undefined || !checkObject(problems, path('verticalAutoscaling', key), value)) return out;
    checkKnownKeys(problems, path('verticalAutoscaling', key), value, ['cpu', 'memory']);
    for (const resource of ['cpu', 'memory'] as const) {
      if (value[resource] === undefined) continue;
      const q = quantity(problems, path('verticalAutoscaling', key, resource), value[resource]);
      if (q) out[resource] = q;
    }
    return out;
  };
  const min = bound('minAllowed');
  const max = bound('maxAllowed');
  for (const resource of ['cpu', 'memory'] as const) {
    if (min[resource] && max[resource] && min[resource].compare(max[resource]) > 0) {
      problems.conflict(path('verticalAutoscaling', 'maxAllowed', resource), `${max[resource]} is below minAllowed ${min[resource]}`);
    }
  }
  const text = (q: Record<string, Quantity>) => Object.fromEntries(Object.entries(q).map(([k, x]) => [k, x.toString()]));
  return {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata,
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: metadata.name! },
      updatePolicy: { updateMode: mode as string },
      resourcePolicy: {
        containerPolicies: [{
          containerName: '*',
          controlledResources: ['cpu', 'memory'],
          ...(Object.keys(min).length ? { minAllowed: text(min) } : {}),
          ...(Object.keys(max).length ? { maxAllowed: text(max) } : {}),
        }],
      },
    },
  };
}
