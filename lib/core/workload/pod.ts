import type { Container, PodTemplateSpec, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { renderContainer, RenderedContainer, WritableDirs } from './container';
import { DEFAULTS } from './defaults';
import { LABELS, MANAGED_BY } from './labels';
import { checkProbePortNumbers } from './probes';
import { ContainerProps, TopologySpreadProps, WorkloadProps } from './props';
import { checkDns1123Subdomain, checkInteger, checkKnownKeys, checkLabelValue, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkStringMap, wholeSeconds } from '../validation/values';
import { configHash, ConfigReference } from '../values/env';
import { ImageReference, versionFromImage } from '../values/image';
import { Port } from '../values/port';

/** What a pod template build yields besides the template itself. */
export interface RenderedPod {
  readonly template: PodTemplateSpec;
  /** Labels that select the pods: name and instance, nothing that changes between releases. */
  readonly selector: Record<string, string>;
  /** The recommended labels for every object. */
  readonly labels: Record<string, string>;
  /** Every declared port, in order, with the container that declares it. */
  readonly ports: readonly Port[];
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
  readonly defaultSpread?: { readonly zones: SpreadMode; readonly nodes: SpreadMode };
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
}

/** How strictly pods spread over a topology domain. */
export type SpreadMode = 'soft' | 'hard' | 'off';

/** A volume the workload mounts that renderPod does not create (e.g. a volumeClaimTemplate). */
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
 * Validates the pod-level props and renders the pod template. Every problem goes into
 * `problems`; the caller throws before using the result when there is any.
 */
export function renderPod(problems: Problems, props: WorkloadProps, options: PodTemplateOptions): RenderedPod {
  const allowUnpinned = props.allowUnpinnedImages === true;
  if (props.allowUnpinnedImages !== undefined && typeof props.allowUnpinnedImages !== 'boolean') {
    problems.invalid('allowUnpinnedImages', `must be a boolean, got ${describe(props.allowUnpinnedImages)}`);
  }
  const writableDirs = new WritableDirs();
  const { containers, ports, refs, firstImage } = renderAppContainers(problems, props, allowUnpinned, writableDirs);
  const initContainers = renderInitContainers(problems, props.initContainers, allowUnpinned, writableDirs, new Set(containers.map((c) => c.name)));
  for (const r of initContainers) refs.push(...r.refs);
  const storageMounted = mountStorage(problems, options.storage ?? [], containers, initContainers.map((r) => r.container));
  const { selector, labels } = podLabels(problems, props, options, firstImage);
  const annotations = podAnnotations(problems, props, refs);
  const identity = podIdentity(problems, props);
  if (props.runtimeClassName !== undefined) checkDns1123Subdomain(problems, 'runtimeClassName', props.runtimeClassName);
  if (props.priorityClassName !== undefined) checkDns1123Subdomain(problems, 'priorityClassName', props.priorityClassName);
  const grace = shutdownTiming(problems, props, containers);
  const spread = renderTopologySpread(problems, props.topologySpread, selector, options);

  const volumes = writableDirs.volumes();
  const { runAsUser, runAsGroup, fsGroup } = identity;
  const template: PodTemplateSpec = {
    metadata: Object.keys(annotations).length ? { labels: { ...labels }, annotations } : { labels: { ...labels } },
    spec: {
      serviceAccountName: props.name,
      automountServiceAccountToken: identity.automountToken,
      // Service links add an env var per Service in the namespace: noise, and a startup-time risk.
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser,
        runAsGroup,
        // Group ownership of mounted volumes, so the non-root user can write them; re-chown only on mismatch.
        ...(volumes.length || storageMounted ? { fsGroup, fsGroupChangePolicy: 'OnRootMismatch' } : {}),
        seccompProfile: { type: 'RuntimeDefault' },
      },
      ...(props.runtimeClassName !== undefined ? { runtimeClassName: props.runtimeClassName } : {}),
      ...(props.priorityClassName !== undefined ? { priorityClassName: props.priorityClassName } : {}),
      terminationGracePeriodSeconds: grace,
      ...(initContainers.length ? { initContainers: initContainers.map((r) => r.container) } : {}),
      containers,
      ...(volumes.length ? { volumes } : {}),
      ...(spread.length ? { topologySpreadConstraints: spread } : {}),
    },
  };
  // Set in place (the contexts are this build's own objects): copying them was the core's hottest line.
  for (const r of initContainers) Object.assign(r.container.securityContext!, { runAsUser, runAsGroup });
  for (const c of containers) Object.assign(c.securityContext!, { runAsUser, runAsGroup });
  return { template, selector, labels, ports };
}

/** The app's containers (the first named after the app), their ports and the ConfigMaps/Secrets they read. */
function renderAppContainers(problems: Problems, props: WorkloadProps, allowUnpinned: boolean, writableDirs: WritableDirs): {
  containers: Container[]; ports: Port[]; refs: ConfigReference[]; firstImage?: ImageReference;
} {
  const containers: Container[] = [];
  const ports: Port[] = [];
  const refs: ConfigReference[] = [];
  let firstImage: ImageReference | undefined;
  if (!Array.isArray(props.containers) || props.containers.length === 0) {
    problems.required('containers', 'must list at least one container');
    return { containers, ports, refs };
  }
  const names = new Set<string>();
  const probed: Array<{ at: string; container: Container }> = [];
  props.containers.forEach((c, i) => {
    const at = path('containers', i);
    if (!checkObject(problems, at, c)) return;
    // The first container is named after the app; an app without a valid name is reported as such.
    const defaultName = i === 0 ? (typeof props.name === 'string' ? props.name : 'app') : undefined;
    const rendered = renderContainer(problems, at, c as unknown as ContainerProps, defaultName, allowUnpinned, writableDirs);
    if (!rendered) return;
    if (names.has(rendered.container.name)) {
      problems.duplicate(path(at, 'name'), `${JSON.stringify(rendered.container.name)} is used by another container`);
    }
    names.add(rendered.container.name);
    if (i === 0) firstImage = rendered.image;
    probed.push({ at, container: rendered.container });
    containers.push(rendered.container);
    ports.push(...rendered.ports);
    refs.push(...rendered.refs);
  });
  checkPortClashes(problems, props.containers);
  checkProbePortNumbers(problems, probed);
  return { containers, ports, refs, ...(firstImage ? { firstImage } : {}) };
}

/** The selector (labels that never change across releases) and every label of the pods. */
function podLabels(problems: Problems, props: WorkloadProps, options: PodTemplateOptions, firstImage: ImageReference | undefined): {
  selector: Record<string, string>; labels: Record<string, string>;
} {
  const selector: Record<string, string> = { [LABELS.name]: props.name, [LABELS.instance]: props.name, ...options.extraSelector };
  const labels: Record<string, string> = { ...selector };
  const version = props.version ?? (firstImage ? versionFromImage(firstImage) : undefined);
  if (props.version !== undefined) checkLabelValue(problems, 'version', props.version);
  if (version !== undefined) labels[LABELS.version] = version;
  if (props.component !== undefined && checkLabelValue(problems, 'component', props.component)) {
    labels[LABELS.component] = props.component;
  }
  if (props.partOf !== undefined && checkLabelValue(problems, 'partOf', props.partOf)) {
    labels[LABELS.partOf] = props.partOf;
  }
  labels[LABELS.managedBy] = MANAGED_BY;
  const extraLabels = checkStringMap(problems, 'labels', props.labels, true);
  for (const key of Object.keys(extraLabels)) {
    if (key in labels) {
      problems.conflict(path('labels', key), 'is set by keelson (recommended labels and selectors); use the matching prop instead');
    }
  }
  Object.assign(labels, extraLabels);
  return { selector, labels };
}

/** The pod annotations, then the config hash so it cannot be overridden by accident. */
function podAnnotations(problems: Problems, props: WorkloadProps, refs: readonly ConfigReference[]): Record<string, string> {
  const annotations = checkStringMap(problems, 'podAnnotations', props.podAnnotations, false);
  if (DEFAULTS.configHashAnnotation in annotations) {
    problems.conflict(path('podAnnotations', DEFAULTS.configHashAnnotation), 'is set by keelson from the referenced ConfigMaps/Secrets; give them data or a revision instead (or set configHash: false)');
  }
  if (props.configHash !== undefined && typeof props.configHash !== 'boolean') {
    problems.invalid('configHash', `must be a boolean, got ${describe(props.configHash)}`);
  }
  const hash = props.configHash === false ? undefined : configHash(refs);
  if (hash !== undefined) annotations[DEFAULTS.configHashAnnotation] = hash;
  return annotations;
}

/** Who the pods run as, and whether they get an API token. */
function podIdentity(problems: Problems, props: WorkloadProps): { runAsUser: number; runAsGroup: number; fsGroup: number; automountToken: boolean } {
  const sc = props.securityContext ?? {};
  if (props.securityContext !== undefined && checkObject(problems, 'securityContext', props.securityContext)) {
    checkKnownKeys(problems, 'securityContext', props.securityContext, ['runAsUser', 'runAsGroup', 'fsGroup'], ['PodSecurityContext', 'SecurityContext']);
  }
  const runAsUser = sc.runAsUser ?? DEFAULTS.runAsUser;
  const runAsGroup = sc.runAsGroup ?? DEFAULTS.runAsGroup;
  const fsGroup = sc.fsGroup ?? DEFAULTS.fsGroup;
  // Zero is root: the restricted profile forbids it, so it is rejected rather than emitted.
  checkInteger(problems, path('securityContext', 'runAsUser'), runAsUser, 1, 2147483647);
  checkInteger(problems, path('securityContext', 'runAsGroup'), runAsGroup, 1, 2147483647);
  checkInteger(problems, path('securityContext', 'fsGroup'), fsGroup, 1, 2147483647);
  const automountToken = props.serviceAccount?.automountToken ?? false;
  if (props.serviceAccount !== undefined && checkObject(problems, 'serviceAccount', props.serviceAccount)) {
    checkKnownKeys(problems, 'serviceAccount', props.serviceAccount, ['automountToken', 'annotations']);
    if (typeof automountToken !== 'boolean') {
      problems.invalid(path('serviceAccount', 'automountToken'), `must be a boolean, got ${describe(automountToken)}`);
    }
    checkStringMap(problems, path('serviceAccount', 'annotations'), props.serviceAccount.annotations, false);
  }
  return { runAsUser, runAsGroup, fsGroup, automountToken };
}

/** The grace period (returned) and the preStop pause before SIGTERM (set on the containers). */
function shutdownTiming(problems: Problems, props: WorkloadProps, containers: Container[]): number {
  const grace = wholeSeconds(problems, 'terminationGracePeriod', props.terminationGracePeriod, DEFAULTS.terminationGracePeriodSeconds);
  const preStop = wholeSeconds(problems, 'preStopDelay', props.preStopDelay, DEFAULTS.preStopSleepSeconds);
  if (grace !== undefined && preStop !== undefined && preStop > 0 && preStop >= grace) {
    problems.conflict(
      'preStopDelay',
      `${preStop}s leaves no time to shut down within terminationGracePeriod ${grace}s; make the grace period longer than the pause`,
    );
  }
  if (preStop) {
    for (const c of containers) c.lifecycle = { preStop: { sleep: { seconds: preStop } } };
  }
  return grace ?? DEFAULTS.terminationGracePeriodSeconds;
}

/** Init containers: rendered like app containers, but they serve nothing, so no ports or probes. */
function renderInitContainers(
  problems: Problems,
  list: unknown,
  allowUnpinned: boolean,
  writableDirs: WritableDirs,
  taken: Set<string>,
): RenderedContainer[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    problems.invalid('initContainers', `must be an array of containers, got ${describe(list)}`);
    return [];
  }
  const out: RenderedContainer[] = [];
  list.forEach((c, i) => {
    const at = path('initContainers', i);
    if (!checkObject(problems, at, c)) return;
    for (const key of ['ports', 'readiness', 'liveness', 'startup'] as const) {
      if (c[key] !== undefined) problems.notSupported(path(at, key), 'is not allowed on an init container: it runs to completion and serves nothing');
    }
    // Ports and probes were reported above; render without them so they are not reported twice.
    const plain = { ...(c as unknown as ContainerProps), ports: [], readiness: undefined, liveness: undefined, startup: undefined };
    const rendered = renderContainer(problems, at, plain, undefined, allowUnpinned, writableDirs);
    if (!rendered) return;
    if (taken.has(rendered.container.name)) {
      problems.duplicate(path(at, 'name'), `${JSON.stringify(rendered.container.name)} is used by another container`);
    }
    taken.add(rendered.container.name);
    out.push(rendered);
  });
  return out;
}

/**
 * Mounts workload-provided volumes (claim templates) into their containers; returns whether
 * anything was mounted. Paths must not clash with a container's other mounts.
 */
function mountStorage(problems: Problems, storage: readonly StorageMount[], containers: Container[], initContainers: Container[]): boolean {
  let mounted = false;
  const byName = new Map([...containers, ...initContainers].map((c) => [c.name, c]));
  for (const s of storage) {
    const targets = s.containers ?? [containers[0]?.name, ...initContainers.map((c) => c.name)].filter((n): n is string => n !== undefined);
    s.containers?.forEach((n, j) => {
      if (!byName.has(n)) problems.notSupported(path(s.at, 'containers', j), `${JSON.stringify(n)} is not one of the app's containers (${[...byName.keys()].join(', ')})`);
    });
    for (const target of targets) {
      const c = byName.get(target);
      if (!c) continue;
      const taken = [...(c.volumeMounts ?? []).map((m) => m.mountPath), ...(c.volumeDevices ?? []).map((d) => d.devicePath)];
      if (taken.some((t) => t === s.path || t.startsWith(`${s.path}/`) || s.path.startsWith(`${t}/`))) {
        problems.conflict(path(s.at, 'mountPath'), `${JSON.stringify(s.path)} overlaps another mount of container ${JSON.stringify(target)}`);
        continue;
      }
      if (s.block) c.volumeDevices = [...(c.volumeDevices ?? []), { name: s.volumeName, devicePath: s.path }];
      else c.volumeMounts = [...(c.volumeMounts ?? []), { name: s.volumeName, mountPath: s.path }];
      mounted = true;
    }
  }
  return mounted;
}

function checkPortClashes(problems: Problems, containers: readonly ContainerProps[]): void {
  const byName = new Map<string, number>();
  const byNumber = new Map<string, number>();
  const byServicePort = new Map<string, number>();
  containers.forEach((c, i) => {
    // The first container's default port counts too: a sidecar must not reuse its name or numbers.
    const declared = i === 0 && c !== null && typeof c === 'object' && c.ports === undefined ? [Port.http(DEFAULTS.containerPort)] : c?.ports;
    (Array.isArray(declared) ? declared : []).forEach((p, j) => {
      // Malformed ports are reported where they are rendered; only well-formed ones can clash.
      if (!(p instanceof Port) || !Number.isInteger(p.containerPort) || !Number.isInteger(p.servicePort) || typeof p.name !== 'string') return;
      const at = path('containers', i, 'ports', j);
      if (byName.has(p.name)) problems.duplicate(path(at, 'name'), `${JSON.stringify(p.name)} is used by another port of the pod`);
      byName.set(p.name, i);
      const key = `${p.containerPort}/${p.transport}`;
      if (byNumber.has(key)) problems.duplicate(path(at, 'containerPort'), `${key} is declared twice in the pod`);
      byNumber.set(key, i);
      if (p.expose) {
        const skey = `${p.servicePort}/${p.transport}`;
        if (byServicePort.has(skey)) problems.duplicate(path(at, 'servicePort'), `${skey} is used by another exposed port of the Service`);
        byServicePort.set(skey, i);
      }
    });
  });
}

function renderTopologySpread(
  problems: Problems,
  spread: TopologySpreadProps | undefined,
  selector: Record<string, string>,
  options: PodTemplateOptions,
): TopologySpreadConstraint[] {
  const defaults = options.defaultSpread ?? { zones: 'soft', nodes: 'soft' };
  if (spread !== undefined && checkObject(problems, 'topologySpread', spread)) {
    checkKnownKeys(problems, 'topologySpread', spread, ['zones', 'nodes']);
  }
  const out: TopologySpreadConstraint[] = [];
  const entries: Array<[string, string, unknown]> = [
    ['zones', 'topology.kubernetes.io/zone', spread?.zones ?? defaults.zones],
    ['nodes', 'kubernetes.io/hostname', spread?.nodes ?? defaults.nodes],
  ];
  for (const [key, topologyKey, mode] of entries) {
    if (mode !== 'soft' && mode !== 'hard' && mode !== 'off') {
      problems.notSupported(path('topologySpread', key), `must be 'soft', 'hard' or 'off', got ${describe(mode)}`);
      continue;
    }
    if (mode === 'off') continue;
    out.push({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: mode === 'hard' ? 'DoNotSchedule' : 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...selector } },
      // Count each revision on its own, so old pods do not skew where new ones go during a rollout.
      ...(options.revisionLabelKey ? { matchLabelKeys: [options.revisionLabelKey] } : {}),
      // Tainted nodes the pods cannot run on must not count as empty domains.
      nodeTaintsPolicy: 'Honor',
    });
  }
  return out;
}
