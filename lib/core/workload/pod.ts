import type { Container, PodTemplateSpec, TopologySpreadConstraint, Volume as KubeVolume } from 'kubernetes-types/core/v1';
import { ContainerIdentity, renderContainer, ResolvedContainer, WritableDirs } from './container';
import { DEFAULTS } from './defaults';
import { ResolvedStorageMount, resolveAppContainers, resolveInitContainers, resolveStorageMounts } from './pod-containers';
import {
  ResolvedSpread, resolveImagePullSecrets, resolvePodAnnotations, resolvePodIdentity, resolvePodLabels, resolveShutdownTiming, resolveTopologySpread,
} from './pod-settings';
import { WorkloadProps } from './props';
import { resolveQos } from './resources';
import { ResolvedScheduling, resolveScheduling } from './scheduling';
import { checkSharedClaims, PodVolumes } from './volumes';
import { checkDns1123Subdomain, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import type { ConfigReference } from '../values/env';
import { Port } from '../values/port';

/** A workload's pod-level props, checked and defaulted: everything its pod template is rendered from. */
export interface ResolvedPod extends ContainerIdentity {
  /** The app's name. */
  readonly name: string;
  /** The pods' ServiceAccount: keelson's (the app's name, or `serviceAccount.name`) or an existing one. */
  readonly serviceAccountName: string;
  /** Does the app emit its ServiceAccount (false with `serviceAccount.existing`)? */
  readonly ownServiceAccount: boolean;
  readonly containers: readonly ResolvedContainer[];
  /** The first (main) container, the app's own; absent when it did not resolve (with a problem recorded). */
  readonly main?: ResolvedContainer;
  readonly initContainers: readonly ResolvedContainer[];
  /** Labels that select the pods: name and instance, nothing that changes between releases. */
  readonly selector: Record<string, string>;
  /** The recommended labels for every object. */
  readonly labels: Record<string, string>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Every declared port of the app's containers, in order. */
  readonly ports: readonly Port[];
  /** The writable directories' emptyDir volumes, in first-use order. */
  readonly writableVolumes: readonly string[];
  /** The volumes the containers mount (`volumeMounts`), in first-mount order. */
  readonly volumes: readonly KubeVolume[];
  /** Workload-provided volumes (claim templates), per container, in mount order. */
  readonly storageMounts: readonly ResolvedStorageMount[];
  /** Absent when the platform assigns it. */
  readonly fsGroup?: number;
  readonly appArmorProfile?: { readonly type: string; readonly localhostProfile?: string };
  /** The props path that makes the pods run as root, when they do. */
  readonly rootAt?: string;
  readonly automountToken: boolean;
  /** Names of the Secrets the kubelet pulls the images with, in the order given. */
  readonly imagePullSecrets: readonly string[];
  readonly runtimeClassName?: string;
  readonly priorityClassName?: string;
  readonly terminationGracePeriodSeconds: number;
  /** The pause before SIGTERM on the app's containers; 0 for none. */
  readonly preStopSeconds: number;
  readonly spread: readonly ResolvedSpread[];
  /** Node selector, tolerations and affinity. */
  readonly scheduling: ResolvedScheduling;
  /** The label key spreading counts revisions apart by, if any. */
  readonly revisionLabelKey?: string;
}

/** Per-workload knobs for the pod template (e.g. the label key spread constraints group by). */
export interface PodTemplateOptions {
  /**
   * Label key that tells revisions apart during a rollout (`pod-template-hash` for Deployments),
   * so spreading counts each revision on its own. None for StatefulSets: their pods are replaced
   * in place, and every pod, old or new, must count.
   * @default none
   */
  readonly revisionLabelKey?: string;
  /**
   * The spread when the props set none (StatefulApp keeps replicas on separate nodes).
   * @default soft over zones and nodes
   */
  readonly defaultSpread?: {
    /** How strictly the pods are spread over zones (`topology.kubernetes.io/zone`). */
    readonly zones: SpreadMode;
    /** How strictly the pods are spread over nodes (`kubernetes.io/hostname`). */
    readonly nodes: SpreadMode;
  };
  /**
   * Volumes the workload adds besides the writable directories (e.g. claim templates).
   * @default none
   */
  readonly storage?: readonly StorageMount[];
  /**
   * Labels added to the selector and the pods, e.g. a release track; they must never change for
   * the workload, as they enter its immutable selector.
   * @default none
   */
  readonly extraSelector?: Readonly<Record<string, string>>;
  /**
   * Why several pods of the app may run at once (a Deployment's surge, a StatefulSet's replicas),
   * which refuses existing claims only one pod can mount.
   * @default none: one pod at a time, any claim
   */
  readonly manyPods?: string;
}

/** How strictly pods spread over a topology domain. */
export type SpreadMode = 'soft' | 'hard' | 'off';

/** A volume the workload mounts that resolvePod does not create (e.g. a volumeClaimTemplate). */
export interface StorageMount {
  /** The volume's name (the claim template's name). */
  readonly volumeName: string;
  /** Where it is mounted (or, for block volumes, the device path). */
  readonly path: string;
  /** A raw block device instead of a filesystem. */
  readonly block: boolean;
  /** Names of the containers that mount it; undefined: the first container and every init container. */
  readonly containers?: readonly string[];
  /** The property path of the storage entry, for messages. */
  readonly at: string;
}

/**
 * Checks the pod-level props and the containers (any input) and applies the defaults. Every
 * problem goes into `problems`; the caller throws before rendering when there is any.
 */
export function resolvePod(problems: Problems, props: WorkloadProps, options: PodTemplateOptions): ResolvedPod {
  const allowUnpinned = props.allowUnpinnedImages === true;
  if (props.allowUnpinnedImages !== undefined && typeof props.allowUnpinnedImages !== 'boolean') {
    problems.invalid('allowUnpinnedImages', `must be a boolean, got ${describe(props.allowUnpinnedImages)}`);
  }
  const writableDirs = new WritableDirs();
  const qos = resolveQos(problems, props.qos);
  const podVolumes = new PodVolumes();
  const { containers, main } = resolveAppContainers(problems, props, allowUnpinned, writableDirs, podVolumes, qos);
  const taken = new Set(containers.map((c) => c.name));
  const initContainers = resolveInitContainers(problems, props.initContainers, allowUnpinned, writableDirs, podVolumes, taken, qos);
  const volumes = resolvePodVolumes(problems, podVolumes, writableDirs, options);
  const storageMounts = resolveStorageMounts(problems, options.storage ?? [], containers, initContainers);
  const { selector, labels } = resolvePodLabels(problems, props, options, main?.imageRef);
  const refs = [...containers, ...initContainers].flatMap(containerRefs);
  // Every emptyDir keelson adds is scratch space, safe to lose; ephemeral volumes are claims, not local storage.
  // Memory emptyDirs too: current autoscalers ignore them (and the extra name), older ones count every emptyDir.
  const localVolumes = [...writableDirs.volumeNames(), ...volumes.filter((v) => v.emptyDir).map((v) => v.name)];
  const annotations = resolvePodAnnotations(problems, props, refs, localVolumes);
  const identity = resolvePodIdentity(problems, props);
  const imagePullSecrets = resolveImagePullSecrets(problems, props.imagePullSecrets);
  if (props.runtimeClassName !== undefined) checkDns1123Subdomain(problems, 'runtimeClassName', props.runtimeClassName);
  if (props.priorityClassName !== undefined) checkDns1123Subdomain(problems, 'priorityClassName', props.priorityClassName);
  const shutdown = resolveShutdownTiming(problems, props);
  const spread = resolveTopologySpread(problems, props.topologySpread, options);
  const nodeSpread = (props.topologySpread as { nodes?: SpreadMode } | undefined)?.nodes ?? options.defaultSpread?.nodes ?? 'soft';
  const scheduling = resolveScheduling(problems, props, { nodes: nodeSpread });
  return {
    name: props.name,
    containers,
    ...(main ? { main } : {}),
    initContainers,
    selector,
    labels,
    annotations,
    ports: containers.flatMap((c) => c.ports),
    writableVolumes: writableDirs.volumeNames(),
    volumes,
    storageMounts,
    ...identity,
    imagePullSecrets,
    ...(props.runtimeClassName !== undefined ? { runtimeClassName: props.runtimeClassName } : {}),
    ...(props.priorityClassName !== undefined ? { priorityClassName: props.priorityClassName } : {}),
    ...shutdown,
    spread,
    scheduling,
    ...(options.revisionLabelKey ? { revisionLabelKey: options.revisionLabelKey } : {}),
  };
}

/** The ConfigMaps and Secrets a container reads, for the config hash (which does not depend on their order). */
export function containerRefs(c: ResolvedContainer): ConfigReference[] {
  return [...c.envRefs.values(), ...c.envFromRefs, ...c.volumeRefs];
}

/** The mounted volumes: none named like a writable directory's, no claim only one pod can mount where many run. */
function resolvePodVolumes(problems: Problems, volumes: PodVolumes, writableDirs: WritableDirs, options: PodTemplateOptions): KubeVolume[] {
  const writable = new Set(writableDirs.volumeNames());
  for (const v of volumes.list) {
    if (writable.has(v.name)) {
      problems.duplicate(path(v.at, 'name'), `${JSON.stringify(v.name)} is also the name of a writable-directory volume keelson adds (${[...writable].join(', ')}); give the volume another name`);
    }
  }
  checkSharedClaims(problems, volumes, options.manyPods);
  return volumes.list.map((v) => v.volume);
}

/** The pod template, from the resolved pod: a mapping, no checks. */
export function renderPod(pod: ResolvedPod): PodTemplateSpec {
  const initContainers = pod.initContainers.map((c) => withStorage(renderContainer(c, pod), pod.storageMounts));
  const containers = pod.containers.map((c) => withShutdownPause(withStorage(renderContainer(c, pod), pod.storageMounts), pod.preStopSeconds));
  const volumes = [
    ...pod.writableVolumes.map((name): KubeVolume => ({ name, emptyDir: { sizeLimit: DEFAULTS.writableDirSizeLimit } })),
    ...pod.volumes.map((v) => JSON.parse(JSON.stringify(v)) as KubeVolume),
  ];
  const spread = pod.spread.map((s) => renderSpread(s, pod));
  const annotations = Object.keys(pod.annotations).length ? { annotations: { ...pod.annotations } } : {};
  return {
    metadata: { labels: { ...pod.labels }, ...annotations },
    spec: {
      serviceAccountName: pod.serviceAccountName,
      automountServiceAccountToken: pod.automountToken,
      // Service links add an env var per Service in the namespace: noise, and a startup-time risk.
      enableServiceLinks: false,
      ...(pod.imagePullSecrets.length ? { imagePullSecrets: pod.imagePullSecrets.map((name) => ({ name })) } : {}),
      securityContext: {
        runAsNonRoot: pod.runAsNonRoot,
        ...(pod.runAsUser !== undefined ? { runAsUser: pod.runAsUser } : {}),
        ...(pod.runAsGroup !== undefined ? { runAsGroup: pod.runAsGroup } : {}),
        // Group ownership of mounted volumes, so the non-root user can write them; re-chown only on mismatch.
        ...((volumes.length || pod.storageMounts.length) && pod.fsGroup !== undefined ? { fsGroup: pod.fsGroup, fsGroupChangePolicy: 'OnRootMismatch' } : {}),
        seccompProfile: { ...pod.seccompProfile },
        ...(pod.appArmorProfile ? { appArmorProfile: { ...pod.appArmorProfile } } : {}),
      },
      ...(pod.runtimeClassName !== undefined ? { runtimeClassName: pod.runtimeClassName } : {}),
      ...(pod.priorityClassName !== undefined ? { priorityClassName: pod.priorityClassName } : {}),
      terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
      ...(initContainers.length ? { initContainers } : {}),
      containers,
      ...(volumes.length ? { volumes } : {}),
      ...(pod.scheduling.nodeSelector ? { nodeSelector: { ...pod.scheduling.nodeSelector } } : {}),
      ...(pod.scheduling.affinity ? { affinity: JSON.parse(JSON.stringify(pod.scheduling.affinity)) } : {}),
      ...(pod.scheduling.tolerations.length ? { tolerations: pod.scheduling.tolerations.map((t) => ({ ...t })) } : {}),
      ...(spread.length ? { topologySpreadConstraints: spread } : {}),
    },
  };
}

/** Adds the storage mounted into this container, in mount order, after its own mounts. */
function withStorage(container: Container, storage: readonly ResolvedStorageMount[]): Container {
  for (const s of storage) {
    if (s.container !== container.name) continue;
    // One at a time and last, so a key the container lacks lands after those it has (the emitted key order).
    if (s.block) container.volumeDevices = [...(container.volumeDevices ?? []), { name: s.volumeName, devicePath: s.path }];
    else container.volumeMounts = [...(container.volumeMounts ?? []), { name: s.volumeName, mountPath: s.path }];
  }
  return container;
}

/** Sets the preStop pause, so endpoints are removed before the app gets SIGTERM. */
function withShutdownPause(container: Container, seconds: number): Container {
  if (seconds) container.lifecycle = { preStop: { sleep: { seconds } } };
  return container;
}

function renderSpread(s: ResolvedSpread, pod: ResolvedPod): TopologySpreadConstraint {
  return {
    maxSkew: 1,
    topologyKey: s.topologyKey,
    whenUnsatisfiable: s.whenUnsatisfiable,
    labelSelector: { matchLabels: { ...pod.selector } },
    // Count each revision on its own, so old pods do not skew where new ones go during a rollout.
    ...(pod.revisionLabelKey ? { matchLabelKeys: [pod.revisionLabelKey] } : {}),
    // Tainted nodes the pods cannot run on must not count as empty domains.
    nodeTaintsPolicy: 'Honor',
  };
}
