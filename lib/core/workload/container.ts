import type { Container, EnvFromSource, EnvVar, Probe as KubeProbe, ResourceRequirements, VolumeMount } from 'kubernetes-types/core/v1';
import { resolveContainerEnv } from './container-env';
import { DEFAULTS } from './defaults';
import { defaultProbe, resolveProbe } from './probes';
import { ContainerProps } from './props';
import { Qos, resolveResources } from './resources';
import { checkMemoryVolumesFit, PodVolumes, ResolvedMounts, resolveVolumeMounts } from './volumes';
import { checkDns1123Label, checkInteger, checkKnownKeys, checkPortName, checkString, describe, checkMountPath } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkStringList } from '../validation/values';
import { ConfigReference } from '../values/env';
import { checkImage, ImageReference, pullPolicyFor } from '../values/image';
import { Port } from '../values/port';

const CONTAINER_KEYS = [
  'name', 'image', 'command', 'args', 'ports', 'env', 'envFrom', 'resources', 'readiness', 'liveness',
  'startup', 'writablePaths', 'volumeMounts', 'readOnlyRootFilesystem', 'addCapabilities',
];

/** The one capability Pod Security restricted lets a container add back. */
export const RESTRICTED_CAPABILITIES: readonly string[] = ['NET_BIND_SERVICE'];
/** The capabilities Pod Security baseline lets a container add (its default set of container runtimes). */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** A container's props, checked and defaulted: everything its part of the pod template is rendered from. */
export interface ResolvedContainer {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: string;
  /** The parsed image (for the version label); absent when it did not parse. */
  readonly imageRef?: ImageReference;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports: readonly Port[];
  readonly env: readonly EnvVar[];
  readonly envFrom: readonly EnvFromSource[];
  /** The ConfigMaps and Secrets its variables read (by variable), for the config hash. */
  readonly envRefs: ReadonlyMap<string, ConfigReference>;
  /** The ConfigMaps and Secrets it reads whole (envFrom), for the config hash. */
  readonly envFromRefs: readonly ConfigReference[];
  readonly resources: ResourceRequirements;
  readonly readinessProbe?: KubeProbe;
  readonly livenessProbe?: KubeProbe;
  readonly startupProbe?: KubeProbe;
  readonly readOnlyRootFilesystem: boolean;
  /** The writable directories, each on its pod volume, then the volumes of `volumeMounts`. */
  readonly mounts: readonly VolumeMount[];
  /** The ConfigMaps and Secrets its volumes read, for the config hash. */
  readonly volumeRefs: readonly ConfigReference[];
  /** The memory-backed emptyDirs it mounts (they count against its memory limit). */
  readonly memoryVolumes: ResolvedMounts['memory'];
  /** Capabilities added back after dropping all, in the order given. */
  readonly addCapabilities: readonly string[];
  /** The added capabilities Pod Security restricted refuses (baseline allows them), at their props paths. */
  readonly baselineCapabilities: ReadonlyArray<{ readonly at: string; readonly capability: string }>;
}

/**
 * Checks one container's props (any input) and applies the defaults. Undefined when it has no
 * name to render under (recorded); other problems are recorded and the caller throws.
 */
export function resolveContainer(
  problems: Problems,
  at: string,
  c: ContainerProps,
  defaultName: string | undefined,
  allowUnpinned: boolean,
  writableDirs: WritableDirs,
  volumes: PodVolumes,
  qos: Qos = 'Burstable',
): ResolvedContainer | undefined {
  checkKnownKeys(problems, at, c, CONTAINER_KEYS, ['Container', 'SecurityContext']);
  const name = c.name ?? defaultName;
  // A defaulted name is the app's, checked (and reported) as the app's name.
  if (c.name !== undefined) {checkDns1123Label(problems, path(at, 'name'), c.name);} else if (defaultName === undefined) {
    problems.required(path(at, 'name'), at.startsWith('initContainers') ? 'is required for init containers' : 'is required for every container but the first');
  }
  let imageRef: ImageReference | undefined;
  if (c.image === undefined) {problems.required(path(at, 'image'), 'is required');} else if (checkString(problems, path(at, 'image'), c.image)) {
    imageRef = checkImage(problems, path(at, 'image'), c.image, allowUnpinned);
  }
  const command = checkStringList(problems, path(at, 'command'), c.command);
  const args = checkStringList(problems, path(at, 'args'), c.args);

  const ports = declaredPorts(problems, at, c, defaultName);
  const { env, envFrom, envRefs, envFromRefs } = resolveContainerEnv(problems, at, c);
  const resources = resolveResources(problems, path(at, 'resources'), c.resources, qos);
  const probes = containerProbes(problems, at, c, defaultName, ports);
  const { readOnlyRoot, mounts } = writableMounts(problems, at, c, writableDirs);
  const own = resolveVolumeMounts(problems, at, c.volumeMounts, volumes, mounts.map((m) => m.mountPath));
  checkMemoryVolumesFit(problems, own.memory, resources.limits?.memory, path(at, 'resources', 'memory', 'limit'));
  const capabilities = resolveCapabilities(problems, path(at, 'addCapabilities'), c.addCapabilities);

  if (name === undefined) return undefined;
  return {
    name,
    image: c.image,
    imagePullPolicy: imageRef ? pullPolicyFor(imageRef) : 'IfNotPresent',
    ...(imageRef ? { imageRef } : {}),
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    ports,
    env,
    envFrom,
    envRefs,
    envFromRefs,
    resources,
    ...probes,
    readOnlyRootFilesystem: readOnlyRoot,
    mounts: [...mounts, ...own.mounts],
    volumeRefs: own.refs,
    memoryVolumes: own.memory,
    ...capabilities,
  };
}

/** The capabilities added back: restricted's, or baseline's (noted for the risk check); any other is refused. */
function resolveCapabilities(problems: Problems, at: string, value: unknown): Pick<ResolvedContainer, 'addCapabilities' | 'baselineCapabilities'> {
  const add: string[] = [];
  const baseline: Array<{ at: string; capability: string }> = [];
  const list = checkStringList(problems, at, value) ?? [];
  list.forEach((cap, i) => {
    const cat = path(at, i);
    const bare = cap.toUpperCase().replace(/^CAP_/, '');
    if (bare !== cap && BASELINE_CAPABILITIES.includes(bare)) {
      problems.invalid(cat, `${JSON.stringify(cap)} is not how Pod Security names it: write ${JSON.stringify(bare)}`);
    } else if (!BASELINE_CAPABILITIES.includes(cap)) {
      problems.notSupported(cat, `${JSON.stringify(cap)} is a capability only a privileged namespace allows; keelson adds ${BASELINE_CAPABILITIES.join(', ')} at most`);
    } else if (add.includes(cap)) {
      problems.duplicate(cat, `${JSON.stringify(cap)} is listed twice`);
    } else {
      add.push(cap);
      if (!RESTRICTED_CAPABILITIES.includes(cap)) baseline.push({ at: cat, capability: cap });
    }
  });
  return { addCapabilities: add, baselineCapabilities: baseline };
}

/** Who the pod's containers run as and their seccomp profile: set on each, as the restricted profile asks. */
export interface ContainerIdentity {
  readonly runAsNonRoot: boolean;
  /** Absent when the platform assigns it. */
  readonly runAsUser?: number;
  /** Absent when the platform assigns it. */
  readonly runAsGroup?: number;
  readonly seccompProfile: { readonly type: string; readonly localhostProfile?: string };
}

/** A container of the pod template, from its resolved props: a mapping, no checks. */
export function renderContainer(c: ResolvedContainer, identity: ContainerIdentity): Container {
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: c.imagePullPolicy,
    ...(c.command ? { command: [...c.command] } : {}),
    ...(c.args ? { args: [...c.args] } : {}),
    ...(c.ports.length ? { ports: c.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.transport })) } : {}),
    // Copies: a resolved part may be shared (a CanaryRelease's tracks), an emitted object never is.
    ...(c.env.length ? { env: copied([...c.env]) } : {}),
    ...(c.envFrom.length ? { envFrom: copied([...c.envFrom]) } : {}),
    resources: copied(c.resources),
    ...(c.readinessProbe ? { readinessProbe: copied(c.readinessProbe) } : {}),
    ...(c.livenessProbe ? { livenessProbe: copied(c.livenessProbe) } : {}),
    ...(c.startupProbe ? { startupProbe: copied(c.startupProbe) } : {}),
    securityContext: {
      runAsNonRoot: identity.runAsNonRoot,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: c.readOnlyRootFilesystem,
      capabilities: { ...(c.addCapabilities.length ? { add: [...c.addCapabilities] } : {}), drop: ['ALL'] },
      seccompProfile: { ...identity.seccompProfile },
      ...(identity.runAsUser !== undefined ? { runAsUser: identity.runAsUser } : {}),
      ...(identity.runAsGroup !== undefined ? { runAsGroup: identity.runAsGroup } : {}),
    },
    ...(c.mounts.length ? { volumeMounts: copied([...c.mounts]) } : {}),
  };
}

/** A deep copy of resolved plain data (objects, arrays, text and numbers), made in this realm. */
function copied<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copied) as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copied(v)])) as T;
  return value;
}

/** The container's ports: the declared ones, or the default HTTP port for the first container. */
function declaredPorts(problems: Problems, at: string, c: ContainerProps, defaultName: string | undefined): Port[] {
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

  return ports;
}

/** Readiness, liveness and startup probes; the first container gets defaults on its first TCP-like port. */
function containerProbes(problems: Problems, at: string, c: ContainerProps, defaultName: string | undefined, ports: readonly Port[]): {
  readinessProbe?: KubeProbe; livenessProbe?: KubeProbe; startupProbe?: KubeProbe;
} {
  // Probes: defaults only for containers that serve on a port.
  // A UDP port cannot be checked by a connect, so it gets no default probe.
  // Only the main container (the first) gets default probes: a sidecar's ports (an admin port, a
  // proxy) say nothing about whether it is ready. The first TCP-like port is the one probed.
  const first = defaultName === undefined ? undefined : ports.find((p) => p.protocol !== 'udp');
  const readiness = c.readiness ?? (first ? defaultProbe(first, DEFAULTS.readinessPath) : undefined);
  const liveness = c.liveness ?? (first ? defaultProbe(first, DEFAULTS.livenessPath) : undefined);
  const readinessProbe = readiness && resolveProbe(problems, path(at, 'readiness'), readiness, ports, false, DEFAULTS.readinessPeriodSeconds);
  const livenessProbe = liveness && resolveProbe(problems, path(at, 'liveness'), liveness, ports, true, DEFAULTS.probePeriodSeconds);
  const startupProbe = c.startup && resolveProbe(problems, path(at, 'startup'), c.startup, ports, true, DEFAULTS.probePeriodSeconds);

  return { readinessProbe, livenessProbe, startupProbe };
}

/** The root filesystem's mode and the writable directories mounted on it. */
function writableMounts(
  problems: Problems,
  at: string,
  c: ContainerProps,
  writableDirs: WritableDirs,
): { readOnlyRoot: boolean; mounts: VolumeMount[] } {
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
    if (!checkMountPath(problems, wat, dir)) return;
    if (seen.has(dir)) {
      problems.duplicate(wat, `${JSON.stringify(dir)} is listed twice`);
      return;
    }
    seen.add(dir);
    mounts.push({ name: writableDirs.volumeFor(dir), mountPath: dir });
  });

  return { readOnlyRoot, mounts };
}

/** One emptyDir per distinct writable path, named after it (`/tmp` → `tmp`), shared by the containers that list it. */
export class WritableDirs {
  private readonly byPath = new Map<string, string>();
  private readonly names = new Set<string>();

  /** The volume for a directory, named on first use. */
  public volumeFor(dir: string): string {
    const existing = this.byPath.get(dir);
    if (existing) return existing;
    const slug = dir.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '') || 'root';
    let name = slug;
    for (let n = 2; this.names.has(name); n++) name = `${slug}-${n}`;
    this.names.add(name);
    this.byPath.set(dir, name);
    return name;
  }

  /** Every volume's name, in first-use order. */
  public volumeNames(): string[] {
    return [...this.byPath.values()];
  }
}
