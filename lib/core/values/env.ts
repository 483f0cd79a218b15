import { createHash } from 'crypto';

/** Options for a ConfigMap or Secret reference. */
export interface ConfigReferenceOptions {
  /**
   * The referenced object's data. Only its hash is used: it goes into the pod template's
   * config-hash annotation, so changing the data rolls the pods. For Secrets prefer `revision`:
   * an unsalted hash of a short secret, readable by anyone who can read pods, could be guessed.
   * @default none: the pods roll only when `revision` changes
   */
  readonly data?: Readonly<Record<string, string>>;
  /**
   * A version string for content keelson cannot see (e.g. a Secret managed elsewhere); bump it
   * to roll the pods.
   * @default none
   */
  readonly revision?: string;
}

/** A ConfigMap or Secret the pods read, by name, with what keelson knows of its content. */
export class ConfigReference {
  /** A ConfigMap. */
  public static configMap(name: string, options: ConfigReferenceOptions = {}): ConfigReference {
    return new ConfigReference('ConfigMap', name, options ?? {});
  }

  /** A Secret. Pass `revision` (not `data`) when its value is managed outside this code. */
  public static secret(name: string, options: ConfigReferenceOptions = {}): ConfigReference {
    return new ConfigReference('Secret', name, options ?? {});
  }

  private constructor(
    /** `ConfigMap` or `Secret`. */
    public readonly kind: 'ConfigMap' | 'Secret',
    /** The object's name. */
    public readonly name: string,
    /** What is known of its content. */
    public readonly options: ConfigReferenceOptions,
  ) {}

  /**
   * A stable fingerprint of what is known of the content, or undefined when nothing is.
   * Keys are sorted so the same data always gives the same hash.
   */
  public fingerprint(): string | undefined {
    const { data, revision } = this.options;
    if (data === undefined && revision === undefined) return undefined;
    const sorted = data ? Object.keys(data).sort().map((k) => [k, data[k]]) : null;
    return JSON.stringify([this.kind, this.name, revision ?? null, sorted]);
  }
}

/** Options for a value taken from a ConfigMap or Secret key. */
export interface KeyReferenceOptions {
  /**
   * Start the pod even if the key is missing.
   * @default false: a missing key keeps the pod from starting, which is louder than a blank value
   */
  readonly optional?: boolean;
}

/** The value of one environment variable. Plain strings in `env` are literal values. */
export class EnvValue {
  /** A literal value. */
  public static fromValue(value: string): EnvValue {
    return new EnvValue({ value });
  }

  /** One key of a ConfigMap. */
  public static fromConfigMap(configMap: ConfigReference | string, key: string, options: KeyReferenceOptions = {}): EnvValue {
    const ref = typeof configMap === 'string' ? ConfigReference.configMap(configMap) : configMap;
    return new EnvValue({ ref, key, optional: options?.optional });
  }

  /** One key of a Secret. */
  public static fromSecret(secret: ConfigReference | string, key: string, options: KeyReferenceOptions = {}): EnvValue {
    const ref = typeof secret === 'string' ? ConfigReference.secret(secret) : secret;
    return new EnvValue({ ref, key, optional: options?.optional });
  }

  /** A field of the pod itself (downward API), e.g. `metadata.namespace` or `status.podIP`. */
  public static fromField(fieldPath: string): EnvValue {
    return new EnvValue({ fieldPath });
  }

  private constructor(
    /** Where the value comes from. */
    public readonly source: {
      readonly value?: string;
      readonly ref?: ConfigReference;
      readonly key?: string;
      readonly optional?: boolean;
      readonly fieldPath?: string;
    },
  ) {}
}

/** All keys of a ConfigMap or Secret as environment variables. */
export class EnvFrom {
  /** Every key of a ConfigMap, optionally prefixed. */
  public static configMap(configMap: ConfigReference | string, options: { readonly prefix?: string } = {}): EnvFrom {
    const ref = typeof configMap === 'string' ? ConfigReference.configMap(configMap) : configMap;
    return new EnvFrom(ref, options?.prefix);
  }

  /** Every key of a Secret, optionally prefixed. */
  public static secret(secret: ConfigReference | string, options: { readonly prefix?: string } = {}): EnvFrom {
    const ref = typeof secret === 'string' ? ConfigReference.secret(secret) : secret;
    return new EnvFrom(ref, options?.prefix);
  }

  private constructor(
    /** The ConfigMap or Secret. */
    public readonly ref: ConfigReference,
    /** A prefix for every variable name. */
    public readonly prefix?: string,
  ) {}
}

/** sha256 of the fingerprints, hex; undefined when none is known. */
export function configHash(refs: readonly ConfigReference[]): string | undefined {
  const prints = [...new Set(refs.map((r) => r.fingerprint()).filter((p): p is string => p !== undefined))].sort();
  if (prints.length === 0) return undefined;
  return createHash('sha256').update(prints.join('\n')).digest('hex');
}
