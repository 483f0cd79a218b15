import type {
  Container,
  ContainerPort,
  EnvFromSource,
  EnvVar,
  PodTemplateSpec,
  Probe as KubeProbe,
  ResourceRequirements,
  TopologySpreadConstraint,
  Volume,
  VolumeMount,
} from 'kubernetes-types/core/v1';
import { DEFAULTS } from './defaults';
import { Duration } from './duration';
import { ConfigReference, EnvFrom, EnvValue, configHash } from './env';
import { path } from './validation/path';
import { Problems } from './validation/problems';
import { ImageReference, checkImage, pullPolicyFor, versionFromImage } from './image';
import {
  LABELS,
  MANAGED_BY,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkEnvName,
  checkInteger,
  checkKnownKeys,
  checkLabelValue,
  checkObject,
  checkPortName,
  checkQualifiedName,
  checkString,
  describe,
} from './validation/checks';
import { Port } from './port';
import { Probe } from './probe';
import { Quantity } from './quantity';

/** CPU and memory for one container. */
export interface ResourcesProps {
  /**
   * CPU request and optional limit.
   * @default request 100m, no limit: a CPU limit throttles a busy pod even on an idle node, so
   * it is opt-in; the request still gives the scheduler and the HPA what they need
   */
  readonly cpu?: { readonly request?: Quantity | string; readonly limit?: Quantity | string };
  /**
   * Memory request and limit.
   * @default request 128Mi, limit = request: memory cannot be throttled, only OOM-killed, so a
   * limit above the request lets a pod be evicted under node pressure for using what it was allowed
   */
  readonly memory?: { readonly request?: Quantity | string; readonly limit?: Quantity | string };
}

/** One container of an app's pods. */
export interface ContainerProps {
  /**
   * The container's name.
   * @default the app's name for the first container; required for the others
   */
  readonly name?: string;
  /**
   * The image, pinned to a tag or digest (`registry/team/api:1.4.2`, `...@sha256:...`).
   * Untagged and `latest` images are rejected unless the app sets `allowUnpinnedImages`.
   */
  readonly image: string;
  /**
   * The entrypoint.
   * @default the image's ENTRYPOINT
   */
  readonly command?: readonly string[];
  /**
   * Arguments to the entrypoint.
   * @default the image's CMD
   */
  readonly args?: readonly string[];
  /**
   * The ports the container listens on; exposed ports go into the Service and NetworkPolicy.
   * @default `[Port.http(8080)]` for the first container, none for the others
   */
  readonly ports?: readonly Port[];
  /**
   * Environment variables. A string is a literal value; an `EnvValue` reads a ConfigMap key, a
   * Secret key or a pod field. Variables keep the order given, so `$(VAR)` references work.
   * @default none
   */
  readonly env?: Readonly<Record<string, string | EnvValue>>;
  /**
   * Whole ConfigMaps or Secrets as environment variables.
   * @default none
   */
  readonly envFrom?: readonly EnvFrom[];
  /**
   * CPU and memory requests and limits.
   * @default cpu request 100m (no limit), memory request 128Mi with limit = request
   */
  readonly resources?: ResourcesProps;
  /**
   * When the container may receive traffic.
   * @default for the first container, on its first TCP-like port: `Probe.http('/ping')` on an
   * HTTP port, gRPC health on a gRPC port, a TCP connect otherwise; none for other containers
   */
  readonly readiness?: Probe;
  /**
   * When the container is stuck and must be restarted. Check the process only, not its
   * dependencies, or one failing database restarts every caller.
   * @default for the first container, on its first TCP-like port: `Probe.http('/health')` on an
   * HTTP port, gRPC health on a gRPC port, a TCP connect otherwise; none for other containers
   */
  readonly liveness?: Probe;
  /**
   * Holds liveness and readiness back until a slow starter is up, instead of a large
   * `initialDelay` that delays every restart too.
   * @default none
   */
  readonly startup?: Probe;
  /**
   * Directories the container may write to, each an `emptyDir` capped at 256Mi; the rest of the
   * filesystem is read-only.
   * @default ['/tmp']
   */
  readonly writablePaths?: readonly string[];
  /**
   * Make the root filesystem read-only. Turn off only for images that write all over it.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/** How pods spread over zones and nodes. */
export interface TopologySpreadProps {
  /**
   * Spread over zones (`topology.kubernetes.io/zone`).
   * @default 'soft': prefer balance, but still schedule in a one-zone cluster or during a zone outage
   */
  readonly zones?: 'soft' | 'hard' | 'off';
  /**
   * Spread over nodes (`kubernetes.io/hostname`).
   * @default 'soft': prefer one pod per node, but still schedule when nodes are scarce
   */
  readonly nodes?: 'soft' | 'hard' | 'off';
}

/** Pod-level settings shared by every keelson workload. */
export interface WorkloadProps {
  /**
   * Name of every generated object, and the `app.kubernetes.io/name` and `instance` labels. It
   * comes from props, never from the construct's place in the tree, so moving the construct does
   * not rename or re-select anything.
   * @default the construct id (cdk8s) or the resource name (Pulumi)
   */
  readonly name: string;
  /**
   * The namespace of every generated object.
   * @default the cdk8s chart's namespace, or none (the provider's or kubeconfig's default)
   */
  readonly namespace?: string;
  /** The app's containers; the first is the main one. */
  readonly containers: readonly ContainerProps[];
  /**
   * Containers that run to completion before the app's containers start, e.g. to prepare a data
   * directory. Same restricted security context and resource defaults; no ports, no probes.
   * @default none
   */
  readonly initContainers?: readonly ContainerProps[];
  /**
   * The `app.kubernetes.io/version` label (pods and objects; never in selectors).
   * @default the first container's image tag, when it is a valid label value
   */
  readonly version?: string;
  /**
   * The `app.kubernetes.io/component` label, e.g. `frontend`, `api`, `worker`.
   * @default none
   */
  readonly component?: string;
  /**
   * The `app.kubernetes.io/part-of` label: the larger system this app belongs to.
   * @default none
   */
  readonly partOf?: string;
  /**
   * Extra labels on every object and pod. They never enter selectors, so they can change freely.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on the pods (e.g. for a metrics scraper).
   * @default none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Pod security identity.
   * @default UID 10001, GID 10001, fsGroup 10001: non-root, above 10000 so it never matches a host user
   */
  readonly securityContext?: { readonly runAsUser?: number; readonly runAsGroup?: number; readonly fsGroup?: number };
  /**
   * The app's dedicated ServiceAccount.
   * @default no API token mounted: most apps never call the Kubernetes API, and a mounted token
   * is a credential an attacker gets for free
   */
  readonly serviceAccount?: {
    /** Mount the API token. @default false */
    readonly automountToken?: boolean;
    /** Annotations, e.g. a cloud workload identity binding. @default none */
    readonly annotations?: Readonly<Record<string, string>>;
  };
  /**
   * A RuntimeClass such as `gvisor` or `kata` to sandbox untrusted code.
   * @default the cluster's default runtime
   */
  readonly runtimeClassName?: string;
  /**
   * A PriorityClass, so important apps preempt less important ones under pressure.
   * @default the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * How long a pod has to finish in-flight work after SIGTERM (includes the preStop pause).
   * @default 30s
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Pause in `preStop` before SIGTERM, so endpoints and load balancers stop sending traffic first.
   * Uses the kubelet's built-in sleep (Kubernetes ≥ 1.30): works in distroless images.
   * @default 5s; `Duration.seconds(0)` turns it off
   */
  readonly preStopDelay?: Duration;
  /**
   * Spread of pods over zones and nodes.
   * @default soft spread over both
   */
  readonly topologySpread?: TopologySpreadProps;
  /**
   * Annotate the pod template with a hash of referenced ConfigMaps/Secrets (those given `data` or
   * `revision`), so a config change rolls the pods.
   * @default true
   */
  readonly configHash?: boolean;
  /**
   * Accept untagged and `latest` images.
   * @default false: the same manifest could run different code on different nodes
   */
  readonly allowUnpinnedImages?: boolean;
}

/** Keys of WorkloadProps, for the unknown-property check. */
export const WORKLOAD_KEYS = [
  'name', 'namespace', 'containers', 'initContainers', 'version', 'component', 'partOf', 'labels', 'podAnnotations',
  'securityContext', 'serviceAccount', 'runtimeClassName', 'priorityClassName', 'terminationGracePeriod',
  'preStopDelay', 'topologySpread', 'configHash', 'allowUnpinnedImages',
] as const;

const CONTAINER_KEYS = [
  'name', 'image', 'command', 'args', 'ports', 'env', 'envFrom', 'resources', 'readiness', 'liveness',
  'startup', 'writablePaths', 'readOnlyRootFilesystem',
];

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
  const name = props.name;
  const allowUnpinned = props.allowUnpinnedImages === true;
  if (props.allowUnpinnedImages !== undefined && typeof props.allowUnpinnedImages !== 'boolean') {
    problems.invalid('allowUnpinnedImages', `must be a boolean, got ${describe(props.allowUnpinnedImages)}`);
  }

  // Containers.
  const containers: Container[] = [];
  const ports: Port[] = [];
  const refs: ConfigReference[] = [];
  const writableDirs = new WritableDirs();
  let firstImage: ImageReference | undefined;
  if (!Array.isArray(props.containers) || props.containers.length === 0) {
    problems.required('containers', 'must list at least one container');
  } else {
    const names = new Set<string>();
    props.containers.forEach((c, i) => {
      const at = path('containers', i);
      if (!checkObject(problems, at, c)) return;
      // The first container is named after the app; an app without a valid name is reported as such.
      const defaultName = i === 0 ? (typeof name === 'string' ? name : 'app') : undefined;
      const rendered = renderContainer(problems, at, c as unknown as ContainerProps, defaultName, allowUnpinned, writableDirs);
      if (!rendered) return;
      if (names.has(rendered.container.name)) {
        problems.duplicate(path(at, 'name'), `${JSON.stringify(rendered.container.name)} is used by another container`);
      }
      names.add(rendered.container.name);
      if (i === 0) firstImage = rendered.image;
      containers.push(rendered.container);
      ports.push(...rendered.ports);
      refs.push(...rendered.refs);
    });
    checkPortClashes(problems, props.containers);
  }
  const initContainers = renderInitContainers(problems, props.initContainers, allowUnpinned, writableDirs, new Set(containers.map((c) => c.name)));
  for (const r of initContainers) refs.push(...r.refs);
  const storageMounted = mountStorage(problems, options.storage ?? [], containers, initContainers.map((r) => r.container));

  // Labels: selector labels never change across releases; the rest may.
  const selector: Record<string, string> = { [LABELS.name]: name, [LABELS.instance]: name, ...options.extraSelector };
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
      problems.conflict(path('labels', key), `is set by keelson (recommended labels and selectors); use the matching prop instead`);
    }
  }
  Object.assign(labels, extraLabels);

  // Pod annotations, then the config hash so it cannot be overridden by accident.
  const annotations = checkStringMap(problems, 'podAnnotations', props.podAnnotations, false);
  if (DEFAULTS.configHashAnnotation in annotations) {
    problems.conflict(path('podAnnotations', DEFAULTS.configHashAnnotation), 'is set by keelson from the referenced ConfigMaps/Secrets; give them data or a revision instead (or set configHash: false)');
  }
  if (props.configHash !== undefined && typeof props.configHash !== 'boolean') {
    problems.invalid('configHash', `must be a boolean, got ${describe(props.configHash)}`);
  }
  const hash = props.configHash === false ? undefined : configHash(refs);
  if (hash !== undefined) annotations[DEFAULTS.configHashAnnotation] = hash;

  // Security identity.
  const sc = props.securityContext ?? {};
  if (props.securityContext !== undefined && checkObject(problems, 'securityContext', props.securityContext)) {
    checkKnownKeys(problems, 'securityContext', props.securityContext, ['runAsUser', 'runAsGroup', 'fsGroup']);
  }
  const runAsUser = sc.runAsUser ?? DEFAULTS.runAsUser;
  const runAsGroup = sc.runAsGroup ?? DEFAULTS.runAsGroup;
  const fsGroup = sc.fsGroup ?? DEFAULTS.fsGroup;
  // Zero is root: the restricted profile forbids it, so it is rejected rather than emitted.
  checkInteger(problems, path('securityContext', 'runAsUser'), runAsUser, 1, 2147483647);
  checkInteger(problems, path('securityContext', 'runAsGroup'), runAsGroup, 1, 2147483647);
  checkInteger(problems, path('securityContext', 'fsGroup'), fsGroup, 1, 2147483647);

  // Service account.
  const automountToken = props.serviceAccount?.automountToken ?? false;
  if (props.serviceAccount !== undefined && checkObject(problems, 'serviceAccount', props.serviceAccount)) {
    checkKnownKeys(problems, 'serviceAccount', props.serviceAccount, ['automountToken', 'annotations']);
    if (typeof automountToken !== 'boolean') {
      problems.invalid(path('serviceAccount', 'automountToken'), `must be a boolean, got ${describe(automountToken)}`);
    }
    checkStringMap(problems, path('serviceAccount', 'annotations'), props.serviceAccount.annotations, false);
  }

  if (props.runtimeClassName !== undefined) checkDns1123Subdomain(problems, 'runtimeClassName', props.runtimeClassName);
  if (props.priorityClassName !== undefined) checkDns1123Subdomain(problems, 'priorityClassName', props.priorityClassName);

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

  const spread = renderTopologySpread(problems, props.topologySpread, selector, options);

  const volumes = writableDirs.volumes();
  const template: PodTemplateSpec = {
    metadata: Object.keys(annotations).length ? { labels: { ...labels }, annotations } : { labels: { ...labels } },
    spec: {
      serviceAccountName: name,
      automountServiceAccountToken: automountToken,
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
      terminationGracePeriodSeconds: grace ?? DEFAULTS.terminationGracePeriodSeconds,
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

interface RenderedContainer {
  readonly container: Container;
  readonly ports: Port[];
  readonly refs: ConfigReference[];
  readonly image?: ImageReference;
}

function renderContainer(
  problems: Problems,
  at: string,
  c: ContainerProps,
  defaultName: string | undefined,
  allowUnpinned: boolean,
  writableDirs: WritableDirs,
): RenderedContainer | undefined {
  checkKnownKeys(problems, at, c, CONTAINER_KEYS);
  const name = c.name ?? defaultName;
  // A defaulted name is the app's, checked (and reported) as the app's name.
  if (c.name !== undefined) checkDns1123Label(problems, path(at, 'name'), c.name);
  else if (defaultName === undefined) {
    problems.required(path(at, 'name'), at.startsWith('initContainers') ? 'is required for init containers' : 'is required for every container but the first');
  }
  let image: ImageReference | undefined;
  if (c.image === undefined) problems.required(path(at, 'image'), 'is required');
  else if (checkString(problems, path(at, 'image'), c.image)) {
    image = checkImage(problems, path(at, 'image'), c.image, allowUnpinned);
  }
  const command = checkStringList(problems, path(at, 'command'), c.command);
  const args = checkStringList(problems, path(at, 'args'), c.args);

  // Ports.
  let ports: Port[] = [];
  if (c.ports === undefined) {
    if (defaultName !== undefined) ports = [Port.http(DEFAULTS.containerPort)];
  } else if (!Array.isArray(c.ports)) {
    problems.invalid(path(at, 'ports'), `must be an array of Port, got ${describe(c.ports)}`);
  } else {
    c.ports.forEach((p, j) => {
      const pat = path(at, 'ports', j);
      if (!(p instanceof Port)) {
        problems.invalid(pat, `must be made with Port.http(), Port.grpc(), Port.tcp() or Port.udp(), got ${describe(p)}`);
        return;
      }
      checkPortName(problems, path(pat, 'name'), p.name);
      checkInteger(problems, path(pat, 'containerPort'), p.containerPort, 1, 65535);
      checkInteger(problems, path(pat, 'servicePort'), p.servicePort, 1, 65535);
      if (typeof p.expose !== 'boolean') problems.invalid(path(pat, 'expose'), `must be a boolean, got ${describe(p.expose)}`);
      ports.push(p);
    });
  }

  // Environment.
  const refs: ConfigReference[] = [];
  const env: EnvVar[] = [];
  if (c.env !== undefined && checkObject(problems, path(at, 'env'), c.env)) {
    for (const [key, value] of Object.entries(c.env)) {
      const eat = path(at, 'env', key);
      checkEnvName(problems, eat, key);
      const rendered = renderEnvValue(problems, eat, key, value);
      if (rendered) {
        env.push(rendered.env);
        if (rendered.ref) refs.push(rendered.ref);
      }
    }
  }
  const envFrom: EnvFromSource[] = [];
  if (c.envFrom !== undefined) {
    if (!Array.isArray(c.envFrom)) {
      problems.invalid(path(at, 'envFrom'), `must be an array of EnvFrom, got ${describe(c.envFrom)}`);
    } else {
      c.envFrom.forEach((e, j) => {
        const eat = path(at, 'envFrom', j);
        if (!(e instanceof EnvFrom) || !(e.ref instanceof ConfigReference)) {
          problems.invalid(eat, `must be made with EnvFrom.configMap() or EnvFrom.secret() and a name or ConfigReference, got ${describe(e instanceof EnvFrom ? e.ref : e)}`);
          return;
        }
        checkDns1123Subdomain(problems, path(eat, 'name'), e.ref.name);
        if (e.prefix !== undefined && checkString(problems, path(eat, 'prefix'), e.prefix)) checkEnvName(problems, path(eat, 'prefix'), e.prefix);
        const source = e.ref.kind === 'ConfigMap' ? { configMapRef: { name: e.ref.name } } : { secretRef: { name: e.ref.name } };
        envFrom.push(e.prefix !== undefined ? { prefix: e.prefix, ...source } : source);
        refs.push(e.ref);
      });
    }
  }

  const resources = renderResources(problems, path(at, 'resources'), c.resources);

  // Probes: defaults only for containers that serve on a port.
  // A UDP port cannot be checked by a connect, so it gets no default probe.
  // Only the main container (the first) gets default probes: a sidecar's ports (an admin port, a
  // proxy) say nothing about whether it is ready. The first TCP-like port is the one probed.
  const first = defaultName === undefined ? undefined : ports.find((p) => p.protocol !== 'udp');
  const readiness = c.readiness ?? (first ? defaultProbe(first, DEFAULTS.readinessPath) : undefined);
  const liveness = c.liveness ?? (first ? defaultProbe(first, DEFAULTS.livenessPath) : undefined);
  const readinessProbe = readiness && renderProbe(problems, path(at, 'readiness'), readiness, ports, false, DEFAULTS.readinessPeriodSeconds);
  const livenessProbe = liveness && renderProbe(problems, path(at, 'liveness'), liveness, ports, true, DEFAULTS.probePeriodSeconds);
  const startupProbe = c.startup && renderProbe(problems, path(at, 'startup'), c.startup, ports, true, DEFAULTS.probePeriodSeconds);

  // Writable directories on a read-only root.
  const readOnlyRoot = c.readOnlyRootFilesystem ?? true;
  if (typeof readOnlyRoot !== 'boolean') {
    problems.invalid(path(at, 'readOnlyRootFilesystem'), `must be a boolean, got ${describe(readOnlyRoot)}`);
  }
  const mounts: VolumeMount[] = [];
  const writable = checkStringList(problems, path(at, 'writablePaths'), c.writablePaths) ?? DEFAULTS.writablePaths;
  const seen = new Set<string>();
  writable.forEach((dir, j) => {
    const wat = path(at, 'writablePaths', j);
    if (!/^\/[^\0]*$/.test(dir) || dir.split('/').includes('..')) {
      problems.invalid(wat, `${JSON.stringify(dir)} must be an absolute path without '..'`);
      return;
    }
    if (seen.has(dir)) {
      problems.duplicate(wat, `${JSON.stringify(dir)} is listed twice`);
      return;
    }
    seen.add(dir);
    mounts.push({ name: writableDirs.volumeFor(dir), mountPath: dir });
  });

  if (name === undefined) return undefined;
  const containerPorts: ContainerPort[] = ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.transport }));
  const container: Container = {
    name,
    image: c.image,
    imagePullPolicy: image ? pullPolicyFor(image) : 'IfNotPresent',
    ...(command ? { command: [...command] } : {}),
    ...(args ? { args: [...args] } : {}),
    ...(containerPorts.length ? { ports: containerPorts } : {}),
    ...(env.length ? { env } : {}),
    ...(envFrom.length ? { envFrom } : {}),
    resources,
    ...(readinessProbe ? { readinessProbe } : {}),
    ...(livenessProbe ? { livenessProbe } : {}),
    ...(startupProbe ? { startupProbe } : {}),
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: readOnlyRoot,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...(mounts.length ? { volumeMounts: mounts } : {}),
  };
  return { container, ports, refs, image };
}

/** One emptyDir per distinct writable path, named after it (`/tmp` → `tmp`), shared by the containers that list it. */
class WritableDirs {
  private readonly byPath = new Map<string, Volume>();
  private readonly names = new Set<string>();

  /** The volume for a directory, created on first use. */
  public volumeFor(dir: string): string {
    const existing = this.byPath.get(dir);
    if (existing) return existing.name;
    const slug = dir.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '') || 'root';
    let name = slug;
    for (let n = 2; this.names.has(name); n++) name = `${slug}-${n}`;
    this.names.add(name);
    this.byPath.set(dir, { name, emptyDir: { sizeLimit: DEFAULTS.writableDirSizeLimit } });
    return name;
  }

  /** Every volume, in first-use order. */
  public volumes(): Volume[] {
    return [...this.byPath.values()];
  }
}

function renderEnvValue(problems: Problems, at: string, name: string, value: unknown): { env: EnvVar; ref?: ConfigReference } | undefined {
  if (typeof value === 'string') return { env: { name, value } };
  if (!(value instanceof EnvValue)) {
    problems.invalid(at, `must be a string or an EnvValue, got ${describe(value)}`);
    return undefined;
  }
  const s = value.source;
  if (s.value !== undefined) {
    return checkString(problems, at, s.value) ? { env: { name, value: s.value } } : undefined;
  }
  if (s.fieldPath !== undefined) {
    if (typeof s.fieldPath !== 'string' || !/^(metadata\.(name|namespace|uid|labels\['[^']+'\]|annotations\['[^']+'\])|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$/.test(s.fieldPath)) {
      problems.invalid(at, `${JSON.stringify(s.fieldPath)} is not a pod field the downward API offers (e.g. metadata.namespace, status.podIP)`);
      return undefined;
    }
    return { env: { name, valueFrom: { fieldRef: { fieldPath: s.fieldPath } } } };
  }
  const ref = s.ref;
  if (!(ref instanceof ConfigReference)) {
    // e.g. EnvValue.fromValue(undefined) or fromConfigMap(null, ...) from JavaScript.
    problems.invalid(at, `must be a string or an EnvValue made with a value, a ConfigMap or Secret (name or ConfigReference) or a field path, got ${describe(s.value ?? ref)}`);
    return undefined;
  }
  checkDns1123Subdomain(problems, path(at, 'name'), ref.name);
  if (s.optional !== undefined && typeof s.optional !== 'boolean') {
    problems.invalid(path(at, 'optional'), `must be a boolean, got ${describe(s.optional)}`);
  }
  if (typeof s.key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(s.key) || s.key.length > 253) {
    problems.invalid(path(at, 'key'), `${JSON.stringify(s.key)} is not a valid ${ref.kind} key: letters, digits, '-', '_' or '.'`);
  }
  const selector = { name: ref.name, key: s.key as string, ...(s.optional ? { optional: true } : {}) };
  const valueFrom = ref.kind === 'ConfigMap' ? { configMapKeyRef: selector } : { secretKeyRef: selector };
  return { env: { name, valueFrom }, ref };
}

function renderResources(problems: Problems, at: string, r: ResourcesProps | undefined): ResourceRequirements {
  if (r !== undefined && checkObject(problems, at, r)) checkKnownKeys(problems, at, r, ['cpu', 'memory']);
  const cpu = pair(problems, path(at, 'cpu'), r?.cpu, DEFAULTS.cpuRequest, false);
  const memory = pair(problems, path(at, 'memory'), r?.memory, DEFAULTS.memoryRequest, true);
  const requests: Record<string, string> = { cpu: cpu.request, memory: memory.request };
  const limits: Record<string, string> = {};
  if (cpu.limit !== undefined) limits.cpu = cpu.limit;
  if (memory.limit !== undefined) limits.memory = memory.limit;
  return { requests, limits };
}

function pair(
  problems: Problems,
  at: string,
  value: { readonly request?: Quantity | string; readonly limit?: Quantity | string } | undefined,
  defaultRequest: string,
  limitDefaultsToRequest: boolean,
): { request: string; limit?: string } {
  if (value !== undefined && checkObject(problems, at, value)) checkKnownKeys(problems, at, value, ['request', 'limit']);
  const limit = value?.limit !== undefined ? quantity(problems, path(at, 'limit'), value.limit) : undefined;
  // A limit alone sets the request too, as Kubernetes does; the default request applies otherwise.
  const request = value?.request !== undefined || value?.limit === undefined
    ? quantity(problems, path(at, 'request'), value?.request ?? defaultRequest)
    : limit;
  if (request && limit && request.compare(limit) > 0) {
    problems.conflict(path(at, 'limit'), `${limit} is below the request ${request}; a limit must be at least the request`);
  }
  const requestText = request?.toString() ?? '';
  const limitText = limit?.toString() ?? (limitDefaultsToRequest ? requestText : undefined);
  return { request: requestText, limit: limitText };
}

/** Parses a quantity prop; records a problem and returns undefined when invalid or not positive. */
export function quantity(problems: Problems, at: string, value: unknown): Quantity | undefined {
  if (!(value instanceof Quantity) && typeof value !== 'string') {
    problems.invalid(at, `must be a Quantity or a string like "250m" or "256Mi", got ${describe(value)}`);
    return undefined;
  }
  const q = Quantity.of(value);
  if (!q.isValid) {
    problems.invalid(at, `${JSON.stringify(String(value))} is not a Kubernetes quantity (e.g. "250m", "1.5", "256Mi", "1Gi")`);
    return undefined;
  }
  if (!q.isPositive) {
    problems.invalid(at, `${JSON.stringify(String(value))} must be greater than zero`);
    return undefined;
  }
  return q;
}

function defaultProbe(port: Port, httpPath: string): Probe {
  switch (port.protocol) {
    case 'http':
      return Probe.http(httpPath, { port: port.name });
    case 'grpc':
      return Probe.grpc({ port: port.name });
    default:
      return Probe.tcp({ port: port.name });
  }
}

function renderProbe(problems: Problems, at: string, probe: unknown, ports: readonly Port[], mustSucceedOnce: boolean, defaultPeriod: number): KubeProbe | undefined {
  if (!(probe instanceof Probe)) {
    problems.invalid(at, `must be made with Probe.http(), Probe.tcp(), Probe.grpc() or Probe.exec(), got ${describe(probe)}`);
    return undefined;
  }
  const o = probe.options;
  const timing: KubeProbe = {};
  const initial = wholeSeconds(problems, path(at, 'initialDelay'), o.initialDelay, 0);
  if (initial) timing.initialDelaySeconds = initial;
  timing.periodSeconds = positiveSeconds(problems, path(at, 'period'), o.period, defaultPeriod);
  timing.timeoutSeconds = positiveSeconds(problems, path(at, 'timeout'), o.timeout, DEFAULTS.probeTimeoutSeconds);
  const failure = o.failureThreshold ?? DEFAULTS.probeFailureThreshold;
  if (checkInteger(problems, path(at, 'failureThreshold'), failure, 1, 1000)) timing.failureThreshold = failure;
  const success = o.successThreshold ?? 1;
  if (checkInteger(problems, path(at, 'successThreshold'), success, 1, 1000)) {
    if (mustSucceedOnce && success !== 1) problems.invalid(path(at, 'successThreshold'), 'must be 1 for liveness and startup probes');
    timing.successThreshold = success;
  }

  if (probe.kind === 'exec') {
    const command = probe.settings.command;
    if (!Array.isArray(command) || command.length === 0 || command.some((s) => typeof s !== 'string')) {
      problems.invalid(path(at, 'command'), 'must be a non-empty list of strings');
      return undefined;
    }
    return { exec: { command: [...command] }, ...timing };
  }
  const port = resolveProbePort(problems, path(at, 'port'), o.port, ports);
  if (port === undefined) return undefined;
  switch (probe.kind) {
    case 'http': {
      const p = probe.settings.path;
      if (typeof p !== 'string' || !p.startsWith('/')) {
        problems.invalid(path(at, 'path'), `${JSON.stringify(p)} must be an absolute URL path starting with '/'`);
        return undefined;
      }
      const scheme = probe.settings.scheme;
      if (scheme !== undefined && scheme !== 'HTTP' && scheme !== 'HTTPS') {
        problems.notSupported(path(at, 'scheme'), `must be 'HTTP' or 'HTTPS', got ${describe(scheme)}`);
        return undefined;
      }
      return { httpGet: { path: p, port, ...(probe.settings.scheme ? { scheme: probe.settings.scheme } : {}) }, ...timing };
    }
    case 'tcp':
      return { tcpSocket: { port }, ...timing };
    default: {
      const service = probe.settings.service;
      if (service !== undefined && typeof service !== 'string') {
        problems.invalid(path(at, 'service'), `must be a string, got ${describe(service)}`);
        return undefined;
      }
      // gRPC probes take a port number only.
      const number = typeof port === 'number' ? port : ports.find((p) => p.name === port)!.containerPort;
      return { grpc: { port: number, ...(probe.settings.service ? { service: probe.settings.service } : {}) }, ...timing };
    }
  }
}

function resolveProbePort(problems: Problems, at: string, port: unknown, ports: readonly Port[]): string | number | undefined {
  if (port === undefined) {
    if (ports.length === 0) {
      problems.required(at, 'is required: the container declares no ports to probe');
      return undefined;
    }
    return ports[0].name;
  }
  if (typeof port === 'string') {
    if (!ports.some((p) => p.name === port)) {
      problems.notSupported(at, `${JSON.stringify(port)} is not one of the container's port names (${ports.map((p) => p.name).join(', ') || 'none'})`);
      return undefined;
    }
    return port;
  }
  return checkInteger(problems, at, port, 1, 65535) ? port : undefined;
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

/** A map of label/annotation keys to string values; returns a copy (empty when undefined or invalid). */
export function checkStringMap(problems: Problems, at: string, value: unknown, labelValues: boolean): Record<string, string> {
  if (value === undefined) return {};
  if (!checkObject(problems, at, value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    const kat = path(at, k);
    checkQualifiedName(problems, kat, k);
    if (labelValues) {
      if (checkLabelValue(problems, kat, v)) out[k] = v as string;
    } else if (checkString(problems, kat, v)) {
      out[k] = v;
    }
  }
  return out;
}

function checkStringList(problems: Problems, at: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) {
    problems.invalid(at, `must be a list of strings, got ${describe(value)}`);
    return undefined;
  }
  return value;
}

/** A Duration prop that Kubernetes takes in whole seconds ≥ 0; returns the default when unset. */
export function wholeSeconds(problems: Problems, at: string, value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  if (!(value instanceof Duration)) {
    problems.invalid(at, `must be a Duration (e.g. Duration.seconds(30)), got ${describe(value)}`);
    return undefined;
  }
  if (!value.isValid) {
    problems.invalid(at, Number.isFinite(value.toMillis()) ? `${value.toMillis()}ms must be a duration of zero or more` : 'must be a finite duration of zero or more, made from a number');
    return undefined;
  }
  if (!value.isWholeSeconds) {
    problems.invalid(at, `${value} is not a whole number of seconds, which is what Kubernetes accepts here`);
    return undefined;
  }
  return value.toSeconds();
}

function positiveSeconds(problems: Problems, at: string, value: unknown, fallback: number): number {
  const s = wholeSeconds(problems, at, value, fallback);
  if (s === 0) problems.invalid(at, 'must be at least 1s');
  return s ?? fallback;
}
