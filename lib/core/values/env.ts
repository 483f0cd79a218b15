import { createHash } from 'crypto';
import { GivenOptions, given as givenOptions, held, optionsOf } from './given';
import { Quantity } from './quantity';

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
    return new ConfigReference('ConfigMap', name, options);
  }

  /** A Secret. Pass `revision` (not `data`) when its value is managed outside this code. */
  public static secret(name: string, options: ConfigReferenceOptions = {}): ConfigReference {
    return new ConfigReference('Secret', name, options);
  }

  /** What is known of its content. */
  public readonly options: ConfigReferenceOptions;
  /** The options as given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** `ConfigMap` or `Secret`. */
    public readonly kind: 'ConfigMap' | 'Secret',
    /** The object's name. */
    public readonly name: string,
    options: unknown,
  ) {
    this.options = optionsOf(options as ConfigReferenceOptions);
    this.given = [givenOptions(options, ['data', 'revision'])];
  }

  /**
   * A stable fingerprint of what is known of the content, or undefined when nothing is.
   * Keys are sorted so the same data always gives the same hash.
   */
  public fingerprint(): string | undefined {
    const { data, revision } = this.options;
    if (data === undefined && revision === undefined) return undefined;
    // `data` as given (constructs check it is a map of strings first): its entries in key order,
    // anything that is not a string by its type, so a bad value never throws here.
    const sorted = data === undefined ? null : typeof data === 'object' && data !== null ? Object.keys(data).sort().map((k) => [k, text(data[k])]) : text(data);
    return JSON.stringify([this.kind, this.name, text(revision ?? null), sorted]);
  }
}

/** A value for a fingerprint: a string or null as it is, anything else by its type. */
function text(value: unknown): string | null {
  return typeof value === 'string' || value === null ? value : `<${typeof value}>`;
}

/** Options for a value taken from a ConfigMap or Secret key. */
export interface KeyReferenceOptions {
  /**
   * Start the pod even if the key is missing.
   * @default false: a missing key keeps the pod from starting, which is louder than a blank value
   */
  readonly optional?: boolean;
}

const KEY_REFERENCE_KEYS = ['optional'];

/**
 * A pod field Kubernetes offers to environment variables (the downward API's `fieldRef`): the pod's
 * name, namespace and UID, one label or annotation, its node and ServiceAccount, its node's and its own IPs.
 */
export type EnvFieldPath =
  | 'metadata.name' | 'metadata.namespace' | 'metadata.uid'
  | `metadata.labels['${string}']` | `metadata.annotations['${string}']`
  | 'spec.nodeName' | 'spec.serviceAccountName'
  | 'status.hostIP' | 'status.hostIPs' | 'status.podIP' | 'status.podIPs';

/**
 * A request or limit of the container itself that Kubernetes offers to environment variables (the
 * downward API's `resourceFieldRef`). A limit that is not set reads as the node's allocatable amount.
 */
export type EnvResource =
  | 'requests.cpu' | 'limits.cpu' | 'requests.memory' | 'limits.memory' | 'requests.ephemeral-storage' | 'limits.ephemeral-storage';

/** Options for a value taken from the container's own resources. */
export interface ResourceReferenceOptions {
  /**
   * The unit the value is given in, rounded up: `'1'` (cores or bytes), `'1m'` for CPU in millicores,
   * `'1Mi'`, `'1Gi'` (and the other powers of 1000 and 1024) for memory and storage.
   * @default 1: whole cores (rounded up, so GOMAXPROCS is at least 1) or bytes (what GOMEMLIMIT reads)
   */
  readonly divisor?: Quantity | string;
}

const RESOURCE_REFERENCE_KEYS = ['divisor'];

/** The value of one environment variable. Plain strings in `env` are literal values. */
export class EnvValue {
  /** A literal value. */
  public static fromValue(value: string): EnvValue {
    return new EnvValue({ value });
  }

  /** One key of a ConfigMap. */
  public static fromConfigMap(configMap: ConfigReference | string, key: string, options: KeyReferenceOptions = {}): EnvValue {
    const ref = typeof configMap === 'string' ? ConfigReference.configMap(configMap) : configMap;
    return new EnvValue({ ref, key, optional: optionsOf(options).optional }, [givenOptions(options, KEY_REFERENCE_KEYS), held('', ref)]);
  }

  /** One key of a Secret. */
  public static fromSecret(secret: ConfigReference | string, key: string, options: KeyReferenceOptions = {}): EnvValue {
    const ref = typeof secret === 'string' ? ConfigReference.secret(secret) : secret;
    return new EnvValue({ ref, key, optional: optionsOf(options).optional }, [givenOptions(options, KEY_REFERENCE_KEYS), held('', ref)]);
  }

  /** A field of the pod itself (downward API), e.g. `metadata.namespace` or `status.podIP`. */
  public static fromField(fieldPath: EnvFieldPath): EnvValue {
    return new EnvValue({ fieldPath });
  }

  /**
   * A request or limit of this container (downward API), e.g. `GOMAXPROCS` from
   * `fromResource('limits.cpu')` or `GOMEMLIMIT` from `fromResource('limits.memory')`.
   */
  public static fromResource(resource: EnvResource, options: ResourceReferenceOptions = {}): EnvValue {
    return new EnvValue({ resource, divisor: optionsOf(options).divisor }, [givenOptions(options, RESOURCE_REFERENCE_KEYS)]);
  }

  private constructor(
    /** Where the value comes from. */
    public readonly source: {
      /** A literal value (`fromValue`). */
      readonly value?: string;
      /** The ConfigMap or Secret the value is read from (`fromConfigMap`, `fromSecret`). */
      readonly ref?: ConfigReference;
      /** The key within that ConfigMap or Secret. */
      readonly key?: string;
      /** Whether the pod starts when the key is missing (the variable is then unset); unset means it does not start. */
      readonly optional?: boolean;
      /** The pod field the value is read from (`fromField`), e.g. `metadata.namespace`. */
      readonly fieldPath?: string;
      /** The container's request or limit the value is read from (`fromResource`), e.g. `limits.memory`. */
      readonly resource?: string;
      /** The unit of `resource`'s value (`fromResource`). */
      readonly divisor?: Quantity | string;
    },
    /** The options as given, for the construct to check. @internal */
    public readonly given: readonly GivenOptions[] = [],
  ) {}
}

/** All keys of a ConfigMap or Secret as environment variables. */
export class EnvFrom {
  /** Every key of a ConfigMap, optionally prefixed. */
  public static configMap(configMap: ConfigReference | string, options: { readonly prefix?: string } = {}): EnvFrom {
    const ref = typeof configMap === 'string' ? ConfigReference.configMap(configMap) : configMap;
    return new EnvFrom(ref, optionsOf(options).prefix, [givenOptions(options, ['prefix']), held('', ref)]);
  }

  /** Every key of a Secret, optionally prefixed. */
  public static secret(secret: ConfigReference | string, options: { readonly prefix?: string } = {}): EnvFrom {
    const ref = typeof secret === 'string' ? ConfigReference.secret(secret) : secret;
    return new EnvFrom(ref, optionsOf(options).prefix, [givenOptions(options, ['prefix']), held('', ref)]);
  }

  private constructor(
    /** The ConfigMap or Secret. */
    public readonly ref: ConfigReference,
    /** A prefix for every variable name. */
    public readonly prefix: string | undefined,
    /** The options as given, for the construct to check. @internal */
    public readonly given: readonly GivenOptions[],
  ) {}
}

/** sha256 of the fingerprints, hex; undefined when none is known. */
export function configHash(refs: readonly ConfigReference[]): string | undefined {
  const prints = [...new Set(refs.map((r) => r.fingerprint()).filter((p): p is string => p !== undefined))].sort();
  if (prints.length === 0) return undefined;
  return createHash('sha256').update(prints.join('\n')).digest('hex');
}
