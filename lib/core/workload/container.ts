import type { Container, ContainerPort, EnvFromSource, EnvVar, Probe as KubeProbe, Volume, VolumeMount } from 'kubernetes-types/core/v1';
import { DEFAULTS } from './defaults';
import { defaultProbe, renderProbe } from './probes';
import { ContainerProps } from './props';
import { renderResources } from './resources';
import { checkDns1123Label, checkDns1123Subdomain, checkEnvName, checkInteger, checkKnownKeys, checkObject, checkPortName, checkString, describe, checkMountPath } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkStringList } from '../validation/values';
import { ConfigReference, EnvFrom, EnvValue } from '../values/env';
import { checkImage, ImageReference, pullPolicyFor } from '../values/image';
import { Port } from '../values/port';

const CONTAINER_KEYS = [
  'name', 'image', 'command', 'args', 'ports', 'env', 'envFrom', 'resources', 'readiness', 'liveness',
  'startup', 'writablePaths', 'readOnlyRootFilesystem',
];

export interface RenderedContainer {
  readonly container: Container;
  readonly ports: Port[];
  readonly refs: ConfigReference[];
  readonly image?: ImageReference;
}

export function renderContainer(
  problems: Problems,
  at: string,
  c: ContainerProps,
  defaultName: string | undefined,
  allowUnpinned: boolean,
  writableDirs: WritableDirs,
): RenderedContainer | undefined {
  checkKnownKeys(problems, at, c, CONTAINER_KEYS, ['Container', 'SecurityContext']);
  const name = c.name ?? defaultName;
  // A defaulted name is the app's, checked (and reported) as the app's name.
  if (c.name !== undefined) {checkDns1123Label(problems, path(at, 'name'), c.name);} else if (defaultName === undefined) {
    problems.required(path(at, 'name'), at.startsWith('initContainers') ? 'is required for init containers' : 'is required for every container but the first');
  }
  let image: ImageReference | undefined;
  if (c.image === undefined) {problems.required(path(at, 'image'), 'is required');} else if (checkString(problems, path(at, 'image'), c.image)) {
    image = checkImage(problems, path(at, 'image'), c.image, allowUnpinned);
  }
  const command = checkStringList(problems, path(at, 'command'), c.command);
  const args = checkStringList(problems, path(at, 'args'), c.args);

  const ports = declaredPorts(problems, at, c, defaultName);
  const { env, envFrom, refs } = containerEnv(problems, at, c);
  const resources = renderResources(problems, path(at, 'resources'), c.resources);
  const { readinessProbe, livenessProbe, startupProbe } = containerProbes(problems, at, c, defaultName, ports);
  const { readOnlyRoot, mounts } = writableMounts(problems, at, c, writableDirs);

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

/** Environment variables, whole ConfigMaps/Secrets, and the references they make (for the config hash). */
function containerEnv(problems: Problems, at: string, c: ContainerProps): { env: EnvVar[]; envFrom: EnvFromSource[]; refs: ConfigReference[] } {
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
        const refOk = checkConfigReference(problems, eat, e.ref);
        if (e.prefix !== undefined && checkString(problems, path(eat, 'prefix'), e.prefix)) checkEnvName(problems, path(eat, 'prefix'), e.prefix);
        const source = e.ref.kind === 'ConfigMap' ? { configMapRef: { name: e.ref.name } } : { secretRef: { name: e.ref.name } };
        envFrom.push(e.prefix !== undefined ? { prefix: e.prefix, ...source } : source);
        if (refOk) refs.push(e.ref);
      });
    }
  }

  return { env, envFrom, refs };
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
  const readinessProbe = readiness && renderProbe(problems, path(at, 'readiness'), readiness, ports, false, DEFAULTS.readinessPeriodSeconds);
  const livenessProbe = liveness && renderProbe(problems, path(at, 'liveness'), liveness, ports, true, DEFAULTS.probePeriodSeconds);
  const startupProbe = c.startup && renderProbe(problems, path(at, 'startup'), c.startup, ports, true, DEFAULTS.probePeriodSeconds);

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
  const refOk = checkConfigReference(problems, at, ref);
  if (s.optional !== undefined && typeof s.optional !== 'boolean') {
    problems.invalid(path(at, 'optional'), `must be a boolean, got ${describe(s.optional)}`);
  }
  if (typeof s.key !== 'string' || !CONFIG_KEY.test(s.key) || s.key.length > 253) {
    problems.invalid(path(at, 'key'), `${JSON.stringify(s.key)} is not a valid ${ref.kind} key: letters, digits, '-', '_' or '.'`);
  }
  const selector = { name: ref.name, key: s.key as string, ...(s.optional ? { optional: true } : {}) };
  const valueFrom = ref.kind === 'ConfigMap' ? { configMapKeyRef: selector } : { secretKeyRef: selector };
  return { env: { name, valueFrom }, ...(refOk ? { ref } : {}) };
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * A ConfigMap or Secret reference: its name, and what it says of the content (`data`: a map of
 * keys to strings, `revision`: a string), which goes into the config hash. True when it is valid.
 */
function checkConfigReference(problems: Problems, at: string, ref: ConfigReference): boolean {
  const before = problems.count;
  checkDns1123Subdomain(problems, path(at, 'name'), ref.name);
  const { data, revision } = ref.options;
  if (data !== undefined && checkObject(problems, path(at, 'data'), data)) {
    for (const [k, v] of Object.entries(data)) {
      if (!CONFIG_KEY.test(k) || k.length > 253) problems.invalid(path(at, 'data', k), `${JSON.stringify(k)} is not a valid ${ref.kind} key: letters, digits, '-', '_' or '.'`);
      checkString(problems, path(at, 'data', k), v);
    }
  }
  if (revision !== undefined) checkString(problems, path(at, 'revision'), revision);
  return problems.count === before;
}
