import { KeelsonValidationError, ValidationProblem } from './problems';

/**
 * Kinds that live outside namespaces: their identity has no namespace (two SecureNamespaces of one
 * name emit the same Namespace whatever else differs).
 */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass', 'IngressClass', 'PersistentVolume',
  'CustomResourceDefinition', 'RuntimeClass',
]);

/** The part of an object that makes it one object in a cluster. */
interface ObjectLike {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
}

/** A construct that emits objects, as messages name it. */
export interface Emitter {
  /** `StatelessApp`, `SecureNamespace`, ... */
  readonly type: string;
  /** Its name (the name of its objects). */
  readonly name: string;
  /** Where it is in the user's program: `cdk8s construct shop/web`, `Pulumi resource "web"`. */
  readonly where: string;
}

/**
 * What identifies an object in a cluster: its API group (not its version: `v1` and `v1beta1` of a
 * kind are one object), kind, namespace (none for cluster-scoped kinds, `''` when unset) and name.
 * Undefined when a part is not a plain string (a value known only at deployment).
 */
export function identityOf(o: ObjectLike): string | undefined {
  const { apiVersion, kind, metadata } = o;
  const name = metadata?.name;
  const namespace = kind !== undefined && CLUSTER_SCOPED.has(String(kind)) ? '' : (metadata?.namespace ?? '');
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || typeof namespace !== 'string') return undefined;
  const slash = apiVersion.lastIndexOf('/');
  return JSON.stringify([slash >= 0 ? apiVersion.slice(0, slash) : '', kind, namespace, name]);
}

/** `Service "db-headless"`. */
function objectText(o: ObjectLike): string {
  return `${String(o.kind)} ${JSON.stringify(o.metadata?.name)}`;
}

/** `in namespace "shop"`, or what an unset namespace means. */
function namespaceText(o: ObjectLike): string {
  if (CLUSTER_SCOPED.has(String(o.kind))) return '(cluster-scoped)';
  const ns = o.metadata?.namespace;
  return typeof ns === 'string' ? `in namespace ${JSON.stringify(ns)}` : 'with no namespace (the default one)';
}

/**
 * The objects emitted so far in one cdk8s app or one Pulumi stack (one per cluster), by identity:
 * two objects of one kind, namespace and name are one object in the cluster, so the one applied
 * later silently replaces the other. A construct checks its objects against them before it adds or
 * registers anything (`clashes`), and records them once it has (`add`).
 */
export class EmittedObjects {
  private readonly owners = new Map<string, Emitter>();

  /**
   * The construct's objects that another construct already emits, as problems at `name` (the prop
   * that names them), one per other construct; empty when none clashes. Records nothing.
   */
  public clashes(emitter: Emitter, objects: readonly ObjectLike[]): ValidationProblem[] {
    const byOwner = new Map<Emitter, ObjectLike[]>();
    for (const o of objects) {
      const id = identityOf(o);
      const owner = id === undefined ? undefined : this.owners.get(id);
      if (owner === undefined) continue;
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), o]);
    }
    return [...byOwner].map(([owner, clashing]) => ({
      construct: emitter.name,
      path: 'name',
      type: 'duplicate' as const,
      message: `${clashing.map(objectText).join(', ')} ${namespaceText(clashing[0])} ${clashing.length === 1 ? 'is' : 'are'} also emitted by `
        + `${owner.type} ${JSON.stringify(owner.name)} (${owner.where}): objects of one kind, namespace and name are one object in the cluster, `
        + 'the one applied last would silently replace the other; rename one of the two',
    }));
  }

  /** Throws the library's error, naming both constructs and the objects, when any object clashes. */
  public check(emitter: Emitter, objects: readonly ObjectLike[]): void {
    const problems = this.clashes(emitter, objects);
    if (problems.length > 0) throw new KeelsonValidationError(emitter.type, problems);
  }

  /** Records the construct's objects (once it has added or registered them). */
  public add(emitter: Emitter, objects: readonly ObjectLike[]): void {
    for (const o of objects) {
      const id = identityOf(o);
      if (id !== undefined && !this.owners.has(id)) this.owners.set(id, emitter);
    }
  }
}

/**
 * The registries, per scope (a cdk8s App, a Pulumi stack's cluster), shared by every copy of
 * keelson loaded in the process (two copies of the library must not miss each other's objects).
 */
const REGISTRIES: WeakMap<object, EmittedObjects> = (() => {
  const key = Symbol.for('keelson.emittedObjects');
  const global = globalThis as unknown as Record<symbol, WeakMap<object, EmittedObjects> | undefined>;
  return (global[key] ??= new WeakMap<object, EmittedObjects>());
})();

/** The registry of a scope (a cdk8s App, a Pulumi deployment's cluster), created on first use. */
export function emittedObjectsOf(scope: object): EmittedObjects {
  let registry = REGISTRIES.get(scope);
  if (!registry) {
    registry = new EmittedObjects();
    REGISTRIES.set(scope, registry);
  }
  return registry;
}
