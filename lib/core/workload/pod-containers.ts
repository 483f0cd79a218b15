import { ResolvedContainer, resolveContainer, WritableDirs } from './container';
import { DEFAULTS } from './defaults';
import type { StorageMount } from './pod';
import { checkProbePortNumbers } from './probes';
import { ContainerProps, WorkloadProps } from './props';
import type { Qos } from './resources';
import type { PodVolumes } from './volumes';
import { checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { Port } from '../values/port';

/** A workload-provided volume (a claim template) as mounted into one container. */
export interface ResolvedStorageMount {
  readonly container: string;
  readonly volumeName: string;
  readonly path: string;
  readonly block: boolean;
}

/**
 * The app's containers, checked: the first is named after the app; names, ports and probe ports
 * must not clash. With the first (main) container, when it resolved.
 */
export function resolveAppContainers(
  problems: Problems, props: WorkloadProps, allowUnpinned: boolean, writableDirs: WritableDirs, volumes: PodVolumes, qos: Qos = 'Burstable',
): { containers: ResolvedContainer[]; main?: ResolvedContainer } {
  const containers: ResolvedContainer[] = [];
  let main: ResolvedContainer | undefined;
  if (!Array.isArray(props.containers) || props.containers.length === 0) {
    problems.required('containers', 'must list at least one container');
    return { containers };
  }
  const names = new Set<string>();
  const probed: Array<{ at: string; container: ResolvedContainer }> = [];
  props.containers.forEach((c, i) => {
    const at = path('containers', i);
    if (!checkObject(problems, at, c)) return;
    // The first container is named after the app; an app without a valid name is reported as such.
    const defaultName = i === 0 ? (typeof props.name === 'string' ? props.name : 'app') : undefined;
    const container = resolveContainer(problems, at, c as unknown as ContainerProps, defaultName, allowUnpinned, writableDirs, volumes, qos);
    if (!container) return;
    checkUniqueName(problems, at, container.name, names);
    if (i === 0) main = container;
    probed.push({ at, container });
    containers.push(container);
  });
  checkPortClashes(problems, props.containers);
  checkProbePortNumbers(problems, probed);
  return { containers, ...(main ? { main } : {}) };
}

/** Init containers: checked like app containers, but they serve nothing, so no ports or probes. */
export function resolveInitContainers(
  problems: Problems,
  list: unknown,
  allowUnpinned: boolean,
  writableDirs: WritableDirs,
  volumes: PodVolumes,
  taken: Set<string>,
  qos: Qos = 'Burstable',
): ResolvedContainer[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    problems.invalid('initContainers', `must be an array of containers, got ${describe(list)}`);
    return [];
  }
  const out: ResolvedContainer[] = [];
  list.forEach((c, i) => {
    const at = path('initContainers', i);
    if (!checkObject(problems, at, c)) return;
    for (const key of ['ports', 'readiness', 'liveness', 'startup'] as const) {
      if (c[key] !== undefined) problems.notSupported(path(at, key), 'is not allowed on an init container: it runs to completion and serves nothing');
    }
    // Ports and probes were reported above; resolve without them so they are not reported twice.
    const plain = { ...(c as unknown as ContainerProps), ports: [], readiness: undefined, liveness: undefined, startup: undefined };
    const container = resolveContainer(problems, at, plain, undefined, allowUnpinned, writableDirs, volumes, qos);
    if (!container) return;
    checkUniqueName(problems, at, container.name, taken);
    out.push(container);
  });
  return out;
}

/** Records the container's name; a name seen before is a duplicate. */
function checkUniqueName(problems: Problems, at: string, name: string, taken: Set<string>): void {
  if (taken.has(name)) problems.duplicate(path(at, 'name'), `${JSON.stringify(name)} is used by another container`);
  taken.add(name);
}

/**
 * Where workload-provided volumes (claim templates) are mounted, in order: by default the first
 * container and every init container. Paths must not clash with a container's other mounts.
 */
export function resolveStorageMounts(
  problems: Problems,
  storage: readonly StorageMount[],
  containers: readonly ResolvedContainer[],
  initContainers: readonly ResolvedContainer[],
): ResolvedStorageMount[] {
  const out: ResolvedStorageMount[] = [];
  // Each container's mount paths so far: its writable directories, then the storage mounted before.
  const taken = new Map([...containers, ...initContainers].map((c) => [c.name, c.mounts.map((m) => m.mountPath)]));
  for (const s of storage) {
    const targets = s.containers ?? [containers[0]?.name, ...initContainers.map((c) => c.name)].filter((n): n is string => n !== undefined);
    s.containers?.forEach((n, j) => {
      if (!taken.has(n)) problems.notSupported(path(s.at, 'containers', j), `${JSON.stringify(n)} is not one of the app's containers (${[...taken.keys()].join(', ')})`);
    });
    for (const target of targets) {
      const paths = taken.get(target);
      if (!paths) continue;
      if (paths.some((t) => t === s.path || t.startsWith(`${s.path}/`) || s.path.startsWith(`${t}/`))) {
        problems.conflict(path(s.at, 'mountPath'), `${JSON.stringify(s.path)} overlaps another mount of container ${JSON.stringify(target)}`);
        continue;
      }
      paths.push(s.path);
      out.push({ container: target, volumeName: s.volumeName, path: s.path, block: s.block });
    }
  }
  return out;
}

function checkPortClashes(problems: Problems, containers: readonly ContainerProps[]): void {
  const byName = new Map<string, number>();
  const byNumber = new Map<string, number>();
  const byServicePort = new Map<string, number>();
  containers.forEach((c, i) => {
    // The first container's default port counts too: a sidecar must not reuse its name or numbers.
    const declared = i === 0 && c !== null && typeof c === 'object' && c.ports === undefined ? [Port.http(DEFAULTS.containerPort)] : c?.ports;
    (Array.isArray(declared) ? declared : []).forEach((p, j) => {
      // Malformed ports are reported where they are resolved; only well-formed ones can clash.
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
