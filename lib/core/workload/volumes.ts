import type { Volume as KubeVolume, VolumeMount, VolumeProjection } from 'kubernetes-types/core/v1';
import { checkConfigReference, CONFIG_KEY } from './container-env';
import { DEFAULTS } from './defaults';
import type { VolumeMountProps } from './props';
import { checkDns1123Label, checkDns1123Subdomain, checkKnownKeys, checkMountPath, checkObject, checkString, describe, isRecord } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { quantity } from '../validation/values';
import { ConfigReference } from '../values/env';
import { Quantity } from '../values/quantity';
import { KeyToPathMap, ProjectedSource, Volume } from '../values/volume';

/** The access modes of a PersistentVolumeClaim. */
export const ACCESS_MODES: readonly string[] = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'];

const MOUNT_KEYS = ['path', 'volume', 'readOnly', 'subPath'];
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The pod fields a downward API volume can project (Kubernetes' list for volumes). */
const DOWNWARD_FIELD = /^metadata\.(name|namespace|uid|labels|annotations)$|^metadata\.(labels|annotations)\['[^']+'\]$/;

/** A volume of the pod, resolved: what it renders to and what the pod-level checks need. */
interface ResolvedVolume {
  readonly name: string;
  readonly volume: KubeVolume;
  /** The ConfigMaps and Secrets it reads, for the config hash. */
  readonly refs: readonly ConfigReference[];
  /** A tmpfs emptyDir's size: it counts against the memory limit of the containers that mount it. */
  readonly memory?: Quantity;
  /** Mounted read-only whatever the mount says (ConfigMap, Secret, projected, a ReadOnlyMany claim). */
  readonly readOnly: boolean;
  /** An existing claim: its declared access mode, for the check that every pod can mount it. */
  readonly claimMode?: string;
  /** The property path it was first resolved at. */
  readonly at: string;
}

/**
 * The volumes the containers mount (`volumeMounts`), shared by the pod's containers: a volume is
 * resolved once, wherever it is first mounted; another of the same name must be the same volume.
 */
export class PodVolumes {
  private readonly byValue = new Map<Volume, ResolvedVolume | undefined>();
  private readonly byName = new Map<string, ResolvedVolume>();

  /** The volumes, in first-mount order. */
  public get list(): readonly ResolvedVolume[] {
    return [...this.byName.values()];
  }

  /** The volume at `at`, resolved on first use; undefined when it has a problem (recorded). */
  public resolve(problems: Problems, at: string, value: unknown): ResolvedVolume | undefined {
    if (!(value instanceof Volume)) {
      problems.invalid(at, `must be made with Volume.configMap(), Volume.secret(), Volume.projected(), Volume.emptyDir(), Volume.ephemeral() or Volume.persistentVolumeClaim(), got ${describe(value)}`);
      return undefined;
    }
    if (this.byValue.has(value)) return this.byValue.get(value);
    const resolved = resolveVolume(problems, at, value);
    this.byValue.set(value, resolved);
    if (!resolved) return undefined;
    const other = this.byName.get(resolved.name);
    if (other && JSON.stringify(other.volume) !== JSON.stringify(resolved.volume)) {
      problems.duplicate(path(at, 'name'), `${JSON.stringify(resolved.name)} is the name of another volume of the pod (${other.at}); give one of them another name`);
      return undefined;
    }
    if (!other) this.byName.set(resolved.name, resolved);
    return other ?? resolved;
  }
}

/** A container's mounts, with the ConfigMaps and Secrets they read and the tmpfs they hold. */
export interface ResolvedMounts {
  readonly mounts: readonly VolumeMount[];
  readonly refs: readonly ConfigReference[];
  /** The memory-backed emptyDirs it mounts, with where each is mounted (for the memory-limit check). */
  readonly memory: ReadonlyArray<{ readonly at: string; readonly name: string; readonly size: Quantity }>;
}

/**
 * A container's `volumeMounts`: each path absolute, plain and apart from every other mount of the
 * container (`taken`: its writable directories), each volume resolved into `volumes`.
 */
export function resolveVolumeMounts(problems: Problems, at: string, list: unknown, volumes: PodVolumes, taken: readonly string[]): ResolvedMounts {
  const out: { mounts: VolumeMount[]; refs: ConfigReference[]; memory: Array<{ at: string; name: string; size: Quantity }> } = {
    mounts: [], refs: [], memory: [],
  };
  if (list === undefined) return out;
  const lat = path(at, 'volumeMounts');
  if (!Array.isArray(list)) {
    problems.invalid(lat, `must be an array of { path, volume } mounts, got ${describe(list)}`);
    return out;
  }
  const paths = taken.map((p) => ({ p, writable: true }));
  const mounted = new Set<string>();
  list.forEach((m: VolumeMountProps, j) => {
    const mat = path(lat, j);
    if (!checkObject(problems, mat, m)) return;
    checkKnownKeys(problems, mat, m, MOUNT_KEYS);
    const pathOk = checkMountPath(problems, path(mat, 'path'), m.path);
    if (pathOk) {
      const clash = paths.find((t) => t.p === m.path || t.p.startsWith(`${m.path}/`) || m.path.startsWith(`${t.p}/`));
      const pat = path(mat, 'path');
      if (clash?.writable) problems.conflict(pat, `${JSON.stringify(m.path)} overlaps ${JSON.stringify(clash.p)}, a writable directory (writablePaths, default ['/tmp']); leave it out of writablePaths to mount a volume there`);
      else if (clash) problems.conflict(pat, `${JSON.stringify(m.path)} overlaps ${JSON.stringify(clash.p)}, another mount of the container`);
      else paths.push({ p: m.path, writable: false });
    }
    const subPathOk = m.subPath === undefined || checkRelativePath(problems, path(mat, 'subPath'), m.subPath);
    if (m.readOnly !== undefined && typeof m.readOnly !== 'boolean') problems.invalid(path(mat, 'readOnly'), `must be a boolean, got ${describe(m.readOnly)}`);
    if (m.volume === undefined) {
      problems.required(path(mat, 'volume'), 'is required: the Volume mounted here');
      return;
    }
    const v = volumes.resolve(problems, path(mat, 'volume'), m.volume);
    if (!v || !pathOk || !subPathOk) return;
    if (v.readOnly && m.readOnly === false) {
      problems.conflict(path(mat, 'readOnly'), `volume ${JSON.stringify(v.name)} is always mounted read-only (${v.claimMode === 'ReadOnlyMany' ? 'a ReadOnlyMany claim' : 'the kubelet writes its files'})`);
      return;
    }
    const readOnly = m.readOnly ?? v.readOnly;
    const subPath = m.subPath !== undefined ? { subPath: m.subPath } : {};
    out.mounts.push({ name: v.name, mountPath: m.path, ...(readOnly ? { readOnly: true } : {}), ...subPath });
    // A volume mounted twice by one container counts once.
    if (mounted.has(v.name)) return;
    mounted.add(v.name);
    out.refs.push(...v.refs);
    if (v.memory) out.memory.push({ at: mat, name: v.name, size: v.memory });
  });
  return out;
}

/**
 * The memory-backed emptyDirs a container mounts must fit below its memory limit: what they hold
 * is charged to the container's memory, and a full tmpfs at the limit leaves the app nothing.
 */
export function checkMemoryVolumesFit(problems: Problems, memory: ResolvedMounts['memory'], limit: string | undefined, limitAt: string): void {
  if (!memory.length || limit === undefined) return;
  const max = Quantity.parse(limit);
  if (!max.isValid) return;
  let total = Quantity.parse('0');
  for (const m of memory) {
    total = total.plus(m.size);
    if (total.compare(max) >= 0) {
      const all = memory.length > 1 ? ` (${total} with the container's other memory volumes)` : '';
      problems.conflict(m.at, `memory volume ${JSON.stringify(m.name)} of ${m.size}${all} does not fit below the container's memory limit ${limit}: what a tmpfs holds counts against that limit; raise ${limitAt} or make the volume smaller`);
      return;
    }
  }
}

/** Refuses an existing claim only one pod (or node) can mount where several pods of the app run at once (`why`). */
export function checkSharedClaims(problems: Problems, volumes: PodVolumes, why: string | undefined): void {
  if (why === undefined) return;
  for (const v of volumes.list) {
    if (v.claimMode === 'ReadWriteOnce' || v.claimMode === 'ReadWriteOncePod') {
      problems.conflict(path(v.at, 'accessMode'), `claim ${JSON.stringify(v.volume.persistentVolumeClaim?.claimName)} is ${v.claimMode}, but ${why}: the other pods would wait for it forever; use a ReadWriteMany or ReadOnlyMany claim (and say so with accessMode), or a StatefulApp's storage for a volume per pod`);
    }
  }
}

function resolveVolume(problems: Problems, at: string, v: Volume): ResolvedVolume | undefined {
  const before = problems.count;
  const s = v.source;
  switch (s.kind) {
    case 'configMap':
    case 'secret': {
      const refAt = path(at, s.kind);
      const refOk = checkConfigReference(problems, refAt, s.ref);
      // No name derived from an invalid one (reported once, at its own path).
      const name = s.options.name !== undefined || refOk
        ? volumeName(problems, at, s.options.name, `${s.kind.toLowerCase()}-${String(s.ref.name).replace(/\./g, '-')}`) : undefined;
      const items = configItems(problems, at, s.options.items, new Set());
      const optional = checkOptional(problems, at, s.options.optional);
      const mode = fileMode(problems, path(at, 'defaultMode'), s.options.defaultMode);
      if (problems.count > before || name === undefined || !refOk) return undefined;
      const source = {
        ...(s.kind === 'configMap' ? { name: s.ref.name } : { secretName: s.ref.name }),
        ...(items ? { items } : {}),
        ...(mode !== undefined ? { defaultMode: mode } : {}),
        ...(optional ? { optional: true } : {}),
      };
      return { name, volume: { name, [s.kind]: source }, refs: [s.ref], readOnly: true, at };
    }
    case 'projected': {
      const name = volumeName(problems, at, v.givenName, undefined);
      const mode = fileMode(problems, path(at, 'defaultMode'), s.options.defaultMode);
      const { sources, refs } = projectedSources(problems, at, s.sources);
      if (problems.count > before || name === undefined) return undefined;
      return { name, volume: { name, projected: { sources, ...(mode !== undefined ? { defaultMode: mode } : {}) } }, refs, readOnly: true, at };
    }
    case 'emptyDir': {
      const name = volumeName(problems, at, v.givenName, undefined);
      const size = quantity(problems, path(at, 'size'), s.options.size ?? DEFAULTS.writableDirSizeLimit, 'storage');
      const medium = s.options.medium ?? 'Disk';
      if (medium !== 'Disk' && medium !== 'Memory') problems.notSupported(path(at, 'medium'), `must be 'Disk' or 'Memory', got ${describe(medium)}`);
      if (problems.count > before || name === undefined || !size) return undefined;
      const memory = medium === 'Memory';
      return {
        name, volume: { name, emptyDir: { ...(memory ? { medium: 'Memory' } : {}), sizeLimit: size.toString() } }, refs: [], readOnly: false, at, ...(memory ? { memory: size } : {}),
      };
    }
    case 'ephemeral': {
      const name = volumeName(problems, at, v.givenName, undefined);
      const size = s.options.size === undefined
        ? (problems.required(path(at, 'size'), 'is required, e.g. "10Gi"'), undefined)
        : quantity(problems, path(at, 'size'), s.options.size, 'storage');
      if (s.options.storageClassName !== undefined) checkDns1123Subdomain(problems, path(at, 'storageClassName'), s.options.storageClassName);
      const accessModes = s.options.accessModes ?? DEFAULTS.ephemeralAccessModes;
      checkAccessModes(problems, at, accessModes);
      if (problems.count > before || name === undefined || !size) return undefined;
      const spec = {
        accessModes: [...accessModes],
        ...(s.options.storageClassName !== undefined ? { storageClassName: s.options.storageClassName } : {}),
        resources: { requests: { storage: size.toString() } },
      };
      return { name, volume: { name, ephemeral: { volumeClaimTemplate: { spec } } }, refs: [], readOnly: false, at };
    }
    case 'persistentVolumeClaim': {
      const claimOk = checkDns1123Subdomain(problems, path(at, 'claimName'), s.claimName);
      const name = s.options.name !== undefined || claimOk ? volumeName(problems, at, s.options.name, `pvc-${String(s.claimName).replace(/\./g, '-')}`) : undefined;
      const mode = s.options.accessMode ?? DEFAULTS.claimAccessMode;
      if (!ACCESS_MODES.includes(mode)) problems.notSupported(path(at, 'accessMode'), `${describe(mode)} is not an access mode: use ${ACCESS_MODES.join(', ')}`);
      if (problems.count > before || name === undefined) return undefined;
      const readOnly = mode === 'ReadOnlyMany';
      return {
        name,
        volume: { name, persistentVolumeClaim: { claimName: s.claimName, ...(readOnly ? { readOnly: true } : {}) } },
        refs: [],
        readOnly,
        claimMode: mode,
        at,
      };
    }
    default:
      problems.invalid(at, 'must be made with one of the Volume factories');
      return undefined;
  }
}

/** The volume's name: the one given (a DNS label) or the one derived from its object's name. */
function volumeName(problems: Problems, at: string, given: unknown, derived: string | undefined): string | undefined {
  if (given !== undefined || derived === undefined) return checkDns1123Label(problems, path(at, 'name'), given) ? given : undefined;
  if (DNS1123_LABEL.test(derived) && derived.length <= 63) return derived;
  problems.invalid(path(at, 'name'), `${JSON.stringify(derived)} (the name keelson derives) is not a valid volume name, a DNS-1123 label of at most 63 characters: give the volume a name`);
  return undefined;
}

function checkOptional(problems: Problems, at: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') problems.invalid(path(at, 'optional'), `must be a boolean, got ${describe(value)}`);
  return value === true;
}

/** The keys a ConfigMap or Secret projects as files, with their paths (unique in the volume, `paths`) and modes. */
function configItems(
  problems: Problems, at: string, items: KeyToPathMap | undefined, paths: Set<string>,
): Array<{ key: string; path: string; mode?: number }> | undefined {
  if (items === undefined) return undefined;
  const iat = path(at, 'items');
  if (!checkObject(problems, iat, items)) return undefined;
  const keys = Object.keys(items);
  if (!keys.length) {
    problems.invalid(iat, 'must list at least one key: an empty list projects nothing (omit it for every key)');
    return undefined;
  }
  return keys.map((key) => {
    const kat = path(iat, key);
    if (!CONFIG_KEY.test(key) || key.length > 253) problems.invalid(kat, `${JSON.stringify(key)} is not a valid key: letters, digits, '-', '_' or '.'`);
    const item: unknown = items[key];
    const target = isRecord(item) ? item.path : item;
    const pat = isRecord(item) ? path(kat, 'path') : kat;
    if (isRecord(item)) checkKnownKeys(problems, kat, item, ['path', 'mode']);
    else if (typeof item !== 'string') problems.invalid(kat, `must be a file path or { path, mode }, got ${describe(item)}`);
    if ((typeof item === 'string' || isRecord(item)) && checkRelativePath(problems, pat, target)) checkUniquePath(problems, pat, target, paths);
    const mode = isRecord(item) ? fileMode(problems, path(kat, 'mode'), item.mode) : undefined;
    return { key, path: target as string, ...(mode !== undefined ? { mode } : {}) };
  });
}

/** A projected volume's sources, in order, with the ConfigMaps and Secrets they read. */
function projectedSources(problems: Problems, at: string, list: unknown): { sources: VolumeProjection[]; refs: ConfigReference[] } {
  const sources: VolumeProjection[] = [];
  const refs: ConfigReference[] = [];
  const sat = path(at, 'sources');
  if (!Array.isArray(list) || list.length === 0) {
    problems.required(sat, `must list at least one ProjectedSource, got ${describe(list)}`);
    return { sources, refs };
  }
  const paths = new Set<string>();
  list.forEach((p, i) => {
    const pat = path(sat, i);
    if (!(p instanceof ProjectedSource)) {
      problems.invalid(pat, `must be made with ProjectedSource.configMap(), ProjectedSource.secret() or ProjectedSource.downwardAPI(), got ${describe(p)}`);
      return;
    }
    const s = p.source;
    if (s.kind === 'downwardAPI') {
      if (!checkObject(problems, pat, s.fields) || !Object.keys(s.fields).length) {
        if (isRecord(s.fields)) problems.invalid(pat, 'must map at least one file path to a pod field');
        return;
      }
      const items = Object.entries(s.fields).map(([file, field]) => {
        const fat = path(pat, file);
        if (checkRelativePath(problems, fat, file)) checkUniquePath(problems, fat, file, paths);
        if (checkString(problems, fat, field) && !DOWNWARD_FIELD.test(field)) {
          problems.notSupported(fat, `${JSON.stringify(field)} is not a pod field a volume can project: metadata.name, metadata.namespace, metadata.uid, metadata.labels, metadata.annotations, or one label or annotation (metadata.labels['key'])`);
        }
        return { path: file, fieldRef: { fieldPath: field } };
      });
      sources.push({ downwardAPI: { items } });
      return;
    }
    const refOk = checkConfigReference(problems, path(pat, s.kind), s.ref);
    const items = configItems(problems, pat, s.options.items, paths);
    const optional = checkOptional(problems, pat, s.options.optional);
    if (refOk) refs.push(s.ref);
    sources.push({ [s.kind]: { name: s.ref.name, ...(items ? { items } : {}), ...(optional ? { optional: true } : {}) } });
  });
  return { sources, refs };
}

/** A file's path inside a volume (or a mount's subPath): relative, plain, no `..`. */
function checkRelativePath(problems: Problems, at: string, value: unknown): value is string {
  if (!checkString(problems, at, value)) return false;
  const segments = value.split('/');
  if (value === '' || value.startsWith('/') || value.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    problems.invalid(at, `${JSON.stringify(value)} must be a relative path written plainly: names joined by '/', without a leading '/', empty, '.' or '..' segments`);
    return false;
  }
  return true;
}

function checkUniquePath(problems: Problems, at: string, file: string, paths: Set<string>): void {
  const clash = [...paths].find((p) => p === file || p.startsWith(`${file}/`) || file.startsWith(`${p}/`));
  if (clash !== undefined) problems.duplicate(at, `${JSON.stringify(file)} overlaps the file ${JSON.stringify(clash)} of the same volume`);
  else paths.add(file);
}

/**
 * A file mode: an integer from 0 to 0o777. Modes are octal: 644 written in decimal is not 0o644, and
 * the API server would take a decimal number below 512 as another mode; the message says so.
 */
function fileMode(problems: Problems, at: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0o777) return value;
  const looksOctal = typeof value === 'number' && Number.isInteger(value) && /^[0-7]{3,4}$/.test(String(value)) && parseInt(String(value), 8) <= 0o777;
  problems.invalid(at, looksOctal
    ? `${value} is not a file mode: modes are octal, write 0o${value} (a JavaScript 0o literal)`
    : `must be a file mode, an integer from 0 to 0o777 written in octal (e.g. 0o440), got ${describe(value)}`);
  return undefined;
}

/** At least one access mode, each a real one, ReadWriteOncePod alone. */
export function checkAccessModes(problems: Problems, at: string, accessModes: unknown): accessModes is string[] {
  if (!Array.isArray(accessModes) || accessModes.length === 0) {
    problems.required(path(at, 'accessModes'), `must list at least one of ${ACCESS_MODES.join(', ')}`);
    return false;
  }
  accessModes.forEach((m, j) => {
    if (!ACCESS_MODES.includes(m)) problems.notSupported(path(at, 'accessModes', j), `${describe(m)} is not an access mode: use ${ACCESS_MODES.join(', ')}`);
  });
  // The API server refuses a claim that mixes ReadWriteOncePod with other modes.
  if (accessModes.includes('ReadWriteOncePod') && accessModes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m))) {
    problems.conflict(path(at, 'accessModes'), 'ReadWriteOncePod cannot be combined with other access modes; list it alone');
  }
  return true;
}
