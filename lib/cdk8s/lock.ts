import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import type { Construct, IConstruct } from 'constructs';
import { GUARDED_KINDS } from '../core/immutable/fields';
import { kindKey } from '../core/immutable/rules';
import { LOCK_DEFAULTS, LockSettings, resolveLockSettings } from '../core/immutable/settings';
import type { KubeObject } from '../core/workload/objects';
import { LockedObject, checkLock, lockEnvironment } from '../lock';

/** The construct type of a keelson construct whose objects the lock guards (set once per construct). */
const GUARDED = Symbol.for('keelson.cdk8s.lockGuarded');
/** Marks an App (the tree's root) whose synthesis runs the lock check. */
const INSTALLED = Symbol.for('keelson.cdk8s.lockInstalled');
/** LockSettings given to a scope by configureLock. */
const SETTINGS = Symbol.for('keelson.cdk8s.lockSettings');

/**
 * States the keelson.lock.json settings of everything under `scope` (an App, a Chart, any
 * construct): the Kubernetes minor its cluster runs, and the name of its deployment target. A
 * setting given nearer to an object wins. Checked at once (a KeelsonValidationError of
 * `LockSettings`); read at synthesis, so it may be called before or after the apps are added.
 *
 * ```ts nocheck
 * const prod = new Chart(app, 'prod', { namespace: 'shop' });
 * configureLock(prod, { kubernetesVersion: '1.35' });
 * ```
 */
export function configureLock(scope: IConstruct, settings: LockSettings): void {
  const resolved = resolveLockSettings(settings, scope.node.path || '(the app)');
  Object.defineProperty(scope, SETTINGS, { value: resolved, configurable: true, writable: true });
}

const KEELSON_API_OBJECT = Symbol.for('keelson.cdk8s.KeelsonApiObject');
/** The resolvers every cdk8s App has; an App with more may rewrite any value at synthesis. */
const BUILT_IN_RESOLVERS = 3;

/**
 * The ApiObject keelson adds for a core object. It is an ApiObject like any other; it also
 * remembers the plain object it was made from and whether a JSON patch was added, so that the lock
 * can read an unpatched object without serialising it a second time.
 */
export class KeelsonApiObject extends ApiObject {
  /**
   * True for a KeelsonApiObject. (`instanceof` cannot tell: ApiObject answers it for every
   * ApiObject, subclasses included.)
   */
  public static isKeelsonApiObject(o: unknown): o is KeelsonApiObject {
    return typeof o === 'object' && o !== null && KEELSON_API_OBJECT in o;
  }

  private patched = false;

  constructor(scope: Construct, id: string, private readonly source: KubeObject) {
    super(scope, id, source);
    Object.defineProperty(this, KEELSON_API_OBJECT, { value: true });
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * The object as `toJson()` gives it, for the fields the lock reads: the core's plain object with
   * the synthesised name and namespace when nothing can have changed it (no JSON patch, no resolver
   * of the App's own); `toJson()` otherwise.
   */
  public synthesised(): LockedObject['object'] {
    if (this.patched || App.of(this).resolvers.length !== BUILT_IN_RESOLVERS) return this.toJson();
    return { ...this.source, metadata: { ...this.source.metadata, name: this.name, namespace: this.metadata.namespace } };
  }
}

/**
 * Puts a keelson construct's objects under the lock: the first one in an App adds a validation to
 * the App, which checks the objects of every keelson construct when the App is synthesised
 * (`app.synth()`, `app.synthYaml()`, `chart.toJson()`, `synthYaml(app)`), as they are then, JSON
 * patches included. Nothing is read or written before that.
 */
export function guardWithLock(construct: IConstruct & { readonly name: string }, type: string): void {
  Object.defineProperty(construct, GUARDED, { value: type });
  const root = construct.node.root;
  if (INSTALLED in root) return;
  Object.defineProperty(root, INSTALLED, { value: true });
  let checking = false;
  root.node.addValidation({
    validate: () => {
      // Re-entered when the check runs the other validations before writing.
      if (checking) return [];
      checking = true;
      try {
        checkAppLock(root);
      } finally {
        checking = false;
      }
      return [];
    },
  });
}

/**
 * Compares the guarded objects with the lock. The App's validation runs before any other (it is
 * the root), so before recording anything it runs every other validation of the tree itself: the
 * lock records only what a successful synthesis emits (a SecureNamespace's quota check that fails,
 * or any construct's validation error, leaves the file untouched).
 */
function checkAppLock(root: IConstruct): void {
  const env = lockEnvironment();
  if (env.mode === 'off') return;
  const objects: LockedObject[] = [];
  for (const c of root.node.findAll()) {
    const type = (c as unknown as Record<symbol, string | undefined>)[GUARDED];
    if (type === undefined) continue;
    const owner = { type, name: (c as unknown as { name: string }).name };
    for (const child of c.node.children) {
      if (!(child instanceof ApiObject) || !GUARDED_KINDS.has(kindKey(child.apiVersion, child.kind))) continue;
      const settings = settingsOf(child);
      const object = synthesised(child);
      objects.push({ target: settings.target ?? Chart.of(child).node.path, version: settings.kubernetesVersion, owner, object });
    }
  }
  checkLock(objects, { env, beforeWrite: () => otherValidationsPass(root) });
}

function synthesised(o: ApiObject): LockedObject['object'] {
  return KeelsonApiObject.isKeelsonApiObject(o) ? o.synthesised() : o.toJson();
}

/**
 * The deployment target a construct in `scope` belongs to: `configureLock`'s `target`, else its
 * chart's path (a chart is synthesised to its own manifest, which is applied on its own).
 */
export function deploymentTarget(scope: IConstruct): string {
  const target = settingsOf(scope).target;
  if (target !== undefined) return target;
  try {
    return Chart.of(scope).node.path;
  } catch {
    // Outside a chart (cdk8s refuses to synthesise that): the whole app.
    return '';
  }
}

/** The nearest setting of each kind, from the object up to the root. */
function settingsOf(c: IConstruct): Required<Pick<LockSettings, 'kubernetesVersion'>> & Pick<LockSettings, 'target'> {
  let kubernetesVersion: LockSettings['kubernetesVersion'];
  let target: string | undefined;
  for (let s: IConstruct | undefined = c; s; s = s.node.scope) {
    const given = (s as unknown as Record<symbol, LockSettings | undefined>)[SETTINGS];
    kubernetesVersion ??= given?.kubernetesVersion;
    target ??= given?.target;
  }
  return { kubernetesVersion: kubernetesVersion ?? LOCK_DEFAULTS.kubernetesVersion, target };
}

/** Runs every validation of the tree (this check's own returns nothing while it runs). */
function otherValidationsPass(root: IConstruct): boolean {
  for (const c of root.node.findAll()) {
    if (c.node.validate().length > 0) return false;
  }
  return true;
}
