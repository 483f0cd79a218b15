import { ConfigReference } from './env';
import { GivenOptions, given, held, optionsOf } from './given';
import type { Quantity } from './quantity';

/** One key of a ConfigMap or Secret as a file: its path in the volume, and its own mode. */
export interface KeyToPathProps {
  /** The file's path, relative to the mount (`config/app.yaml`); no `..` segment. */
  readonly path: string;
  /**
   * The file's permission bits, in octal (`0o440`).
   * @default the volume's `defaultMode`
   */
  readonly mode?: number;
}

/**
 * Keys of a ConfigMap or Secret mapped to files: `{ 'app.yaml': 'app.yaml', tls: { path: 'tls/cert.pem', mode: 0o440 } }`.
 * Only the keys listed become files.
 */
export type KeyToPathMap = Readonly<Record<string, string | KeyToPathProps>>;

/** Which keys of a ConfigMap or Secret become files, and whether it must exist. */
export interface ConfigFilesOptions {
  /**
   * The keys that become files, each at its path. A key listed that the object lacks keeps the pod
   * from starting (unless `optional`).
   * @default every key, each a file named after it
   */
  readonly items?: KeyToPathMap;
  /**
   * Start the pod even when the object (or a listed key) is missing; the directory is then empty.
   * @default false: a missing ConfigMap or Secret keeps the pod from starting, which is louder than missing files
   */
  readonly optional?: boolean;
}

/** Options of a ConfigMap or Secret volume. */
export interface ConfigVolumeOptions extends ConfigFilesOptions {
  /**
   * The volume's name in the pod (a DNS label).
   * @default `configmap-<name>` or `secret-<name>` (dots become dashes): one volume per object, whichever container mounts it
   */
  readonly name?: string;
  /**
   * Permission bits of the files, in octal (`0o440`); a key's own `mode` wins.
   * @default Kubernetes' 0o644: readable by the app's user through the pod's fsGroup
   */
  readonly defaultMode?: number;
}

/** Options of a projected volume. */
export interface ProjectedVolumeOptions {
  /**
   * Permission bits of the files, in octal (`0o440`); a key's own `mode` wins.
   * @default Kubernetes' 0o644: readable by the app's user through the pod's fsGroup
   */
  readonly defaultMode?: number;
}

/** What keeps an emptyDir's contents: the node's disk or memory (tmpfs). */
export type EmptyDirMedium = 'Disk' | 'Memory';

/** Options of an emptyDir volume. */
export interface EmptyDirVolumeOptions {
  /**
   * The most the volume may hold (`'1Gi'`); a pod that writes more is evicted.
   * @default 256Mi, the size of keelson's writable directories: a runaway writer is evicted, not the node's disk filled
   */
  readonly size?: Quantity | string;
  /**
   * `'Memory'` puts the volume on tmpfs: fast, and lost with the pod like any emptyDir, but what it
   * holds counts against the memory limit of the container that writes it, so its size must fit
   * below the memory limit of every container that mounts it.
   * @default 'Disk': the node's ephemeral storage, which does not eat into the app's memory
   */
  readonly medium?: EmptyDirMedium;
}

/** An access mode of a PersistentVolumeClaim. */
export type VolumeAccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadOnlyMany' | 'ReadWriteMany';

/** Options of a generic ephemeral volume: a claim made with each pod and deleted with it. */
export interface EphemeralVolumeOptions {
  /** The claim's size (`'10Gi'`). */
  readonly size: Quantity | string;
  /**
   * The StorageClass the claim is provisioned from.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * The claim's access modes.
   * @default `['ReadWriteOnce']`: the claim belongs to one pod, and every storage class offers it
   */
  readonly accessModes?: readonly VolumeAccessMode[];
}

/** Options of an existing PersistentVolumeClaim mounted by the pods. */
export interface ClaimVolumeOptions {
  /**
   * The volume's name in the pod (a DNS label).
   * @default `pvc-<claim name>` (dots become dashes)
   */
  readonly name?: string;
  /**
   * The claim's access mode, as it was made: keelson cannot see the claim, and checks with this
   * that every pod that may run at once can mount it. A StatelessApp or CanaryRelease (whose rollouts
   * run old and new pods together) needs `'ReadWriteMany'` or `'ReadOnlyMany'`.
   * @default 'ReadWriteOnce': what most claims are, and the mode that allows the least
   */
  readonly accessMode?: VolumeAccessMode;
}

/** The source of a volume, by kind. */
export type VolumeSource =
  | {
    /** A ConfigMap's or a Secret's keys as files. */
    readonly kind: 'configMap' | 'secret';
    /** The ConfigMap or Secret read. */
    readonly ref: ConfigReference;
    /** Its files, modes and name in the pod. */
    readonly options: ConfigVolumeOptions;
  }
  | {
    /** Several sources in one directory. */
    readonly kind: 'projected';
    /** The sources, in order. */
    readonly sources: readonly ProjectedSource[];
    /** Its mode and name in the pod. */
    readonly options: ProjectedVolumeOptions;
  }
  | {
    /** Scratch space that lives as long as the pod. */
    readonly kind: 'emptyDir';
    /** Its size, medium and name in the pod. */
    readonly options: EmptyDirVolumeOptions;
  }
  | {
    /** A claim made with each pod and deleted with it. */
    readonly kind: 'ephemeral';
    /** The claim's size, class and access modes, as given (checked when the app is resolved). */
    readonly options: Partial<EphemeralVolumeOptions>;
  }
  | {
    /** An existing claim. */
    readonly kind: 'persistentVolumeClaim';
    /** The claim's name. */
    readonly claimName: string;
    /** Its access mode and name in the pod. */
    readonly options: ClaimVolumeOptions;
  };

const CONFIG_VOLUME_KEYS = ['name', 'items', 'optional', 'defaultMode'];
const CONFIG_FILES_KEYS = ['items', 'optional'];

/**
 * A volume the app's containers mount (`volumeMounts: [{ path, volume }]`). The same volume
 * mounted by several containers is one volume of the pod. No hostPath: the restricted Pod Security
 * profile refuses it.
 */
export class Volume {
  /** A ConfigMap's keys as read-only files. A `ConfigReference` with `data` or `revision` rolls the pods when it changes. */
  public static configMap(configMap: ConfigReference | string, options: ConfigVolumeOptions = {}): Volume {
    const ref = typeof configMap === 'string' ? ConfigReference.configMap(configMap) : configMap;
    return new Volume({ kind: 'configMap', ref, options: optionsOf(options) }, [given(options, CONFIG_VOLUME_KEYS), held('', ref)]);
  }

  /** A Secret's keys as read-only files (prefer `defaultMode: 0o440`). Pass a `ConfigReference` with `revision` to roll the pods. */
  public static secret(secret: ConfigReference | string, options: ConfigVolumeOptions = {}): Volume {
    const ref = typeof secret === 'string' ? ConfigReference.secret(secret) : secret;
    return new Volume({ kind: 'secret', ref, options: optionsOf(options) }, [given(options, CONFIG_VOLUME_KEYS), held('', ref)]);
  }

  /** Several ConfigMaps, Secrets and pod fields as read-only files in one directory. */
  public static projected(name: string, sources: readonly ProjectedSource[], options: ProjectedVolumeOptions = {}): Volume {
    return new Volume({ kind: 'projected', sources, options: optionsOf(options) }, [given(options, ['defaultMode']), held('sources', sources)], name);
  }

  /** A scratch directory, empty when the pod starts and deleted with it; sized, on disk or in memory. */
  public static emptyDir(name: string, options: EmptyDirVolumeOptions = {}): Volume {
    return new Volume({ kind: 'emptyDir', options: optionsOf(options) }, [given(options, ['size', 'medium'])], name);
  }

  /**
   * A PersistentVolumeClaim made for each pod and deleted with it (a generic ephemeral volume):
   * scratch space larger or faster than the node's disk, from a StorageClass.
   */
  public static ephemeral(name: string, options: EphemeralVolumeOptions): Volume {
    return new Volume({ kind: 'ephemeral', options: optionsOf(options) }, [given(options, ['size', 'storageClassName', 'accessModes'], ['PersistentVolumeClaimSpec'])], name);
  }

  /** An existing PersistentVolumeClaim, by name, shared by every pod (e.g. content on a ReadWriteMany or ReadOnlyMany volume). */
  public static persistentVolumeClaim(claimName: string, options: ClaimVolumeOptions = {}): Volume {
    return new Volume({ kind: 'persistentVolumeClaim', claimName, options: optionsOf(options) }, [given(options, ['name', 'accessMode'])]);
  }

  /** The options as given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** Where the volume's contents come from. */
    public readonly source: VolumeSource,
    given_: readonly GivenOptions[],
    /** The name given to the factory (projected, emptyDir, ephemeral); the others take theirs from the options. */
    public readonly givenName?: string,
  ) {
    this.given = given_;
  }
}

/** One source of a projected volume, by kind. */
export type ProjectedSourceKind =
  | {
    /** A ConfigMap's or a Secret's keys. */
    readonly kind: 'configMap' | 'secret';
    /** The ConfigMap or Secret read. */
    readonly ref: ConfigReference;
    /** Which keys, at which paths. */
    readonly options: ConfigFilesOptions;
  }
  | {
    /** Pod fields as files. */
    readonly kind: 'downwardAPI';
    /** File path to pod field (`metadata.labels`, ...). */
    readonly fields: Readonly<Record<string, string>>;
  };

/** One source of a projected volume (`Volume.projected(name, [...])`). */
export class ProjectedSource {
  /** A ConfigMap's keys. */
  public static configMap(configMap: ConfigReference | string, options: ConfigFilesOptions = {}): ProjectedSource {
    const ref = typeof configMap === 'string' ? ConfigReference.configMap(configMap) : configMap;
    return new ProjectedSource({ kind: 'configMap', ref, options: optionsOf(options) }, [given(options, CONFIG_FILES_KEYS), held('', ref)]);
  }

  /** A Secret's keys. */
  public static secret(secret: ConfigReference | string, options: ConfigFilesOptions = {}): ProjectedSource {
    const ref = typeof secret === 'string' ? ConfigReference.secret(secret) : secret;
    return new ProjectedSource({ kind: 'secret', ref, options: optionsOf(options) }, [given(options, CONFIG_FILES_KEYS), held('', ref)]);
  }

  /**
   * Fields of the pod as files (downward API), by file path: `{ labels: 'metadata.labels', ns: 'metadata.namespace' }`.
   * Fields: `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels`, `metadata.annotations`,
   * `metadata.labels['key']`, `metadata.annotations['key']`.
   */
  public static downwardAPI(fields: Readonly<Record<string, string>>): ProjectedSource {
    return new ProjectedSource({ kind: 'downwardAPI', fields }, [held('', fields)]);
  }

  /** The options as given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** What the source projects. */
    public readonly source: ProjectedSourceKind,
    given_: readonly GivenOptions[],
  ) {
    this.given = given_;
  }
}
