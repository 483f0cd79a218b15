/**
 * keelson.lock.json: the immutable fields of every object keelson emits, as last accepted, per
 * deployment target. A later synthesis that would change one of them (a new storage size, another
 * podManagementPolicy, a JSON patch to a selector) fails with what to do, instead of emitting
 * manifests the API server refuses.
 *
 * Engine-free (file IO and git only); the cdk8s adapter calls checkLock at synthesis with the
 * objects as synthesised. Settings come from the environment (environment.ts).
 */
import * as path from 'path';
import { LockEnvironment, lockEnvironment, requireCommitted } from './environment';
import { KeelsonLockError } from './error';
import { LockContent, LockTargets, formatLock, readLockFile, writeLockFile } from './file';
import { ImmutableSnapshot, immutableChanges, immutableSnapshot, nextSnapshot } from '../core/immutable/compare';
import { reportImmutableChanges } from '../core/immutable/remedies';
import { kindKey } from '../core/immutable/rules';
import type { KubernetesVersion } from '../core/immutable/versions';
import { KeelsonValidationError, Problems, ValidationProblem } from '../core/validation/problems';

export { KeelsonLockError } from './error';
export { lockEnvironment } from './environment';
export type { LockEnvironment, LockMode } from './environment';

/** One object of a synthesis, as the lock sees it. */
export interface LockedObject {
  /** The deployment target it belongs to (on cdk8s, its chart's path unless configured). */
  readonly target: string;
  /** The target cluster's minor: which changes are refused. */
  readonly version: KubernetesVersion;
  /** The keelson construct that emitted it, named in problems. */
  readonly owner: { readonly type: string; readonly name: string };
  /** The object as synthesised, JSON patches included. */
  readonly object: {
    readonly apiVersion?: string;
    readonly kind?: string;
    readonly metadata?: { readonly name?: string; readonly namespace?: string };
  };
}

/** What checkLock may be told besides the objects. */
export interface CheckLockOptions {
  /**
   * The settings.
   * @default read from the environment (`KEELSON_LOCK`, `KEELSON_LOCK_FILE`, `CI`, ...)
   */
  readonly env?: LockEnvironment;
  /**
   * Called before the file is written; returning false skips the write (e.g. another part of the
   * synthesis failed, so nothing is emitted and nothing must be recorded).
   * @default always write
   */
  readonly beforeWrite?: () => boolean;
}

/**
 * Checks the objects against the lock: throws a KeelsonValidationError listing every refused
 * change (naming each object's construct), or a KeelsonLockError when the file cannot serve
 * (missing or not committed under `verify`, damaged, an object without an entry under `verify`).
 * Under `record`, then writes new objects and accepted changes, only when the content changes.
 */
export function checkLock(objects: readonly LockedObject[], options: CheckLockOptions = {}): void {
  const env = options.env ?? lockEnvironment();
  if (env.mode === 'off') return;
  const read = openLock(env);
  const run = new LockRun(env, read?.content);
  for (const o of objects) run.check(o);
  throwProblems([...run.problems.values()]);
  if (env.mode === 'verify') {
    if (run.missing.length > 0) {
      throw new KeelsonLockError(`${env.file} has no entry for ${run.missing.length === 1 ? 'this object' : `these ${run.missing.length} objects`}:\n${run.missing.map((m) => `  - ${m}`).join('\n')}\n`
        + 'In CI (CI is set) keelson only verifies the lock: synthesise locally (it records them), commit keelson.lock.json, and push; or set KEELSON_LOCK=record.');
    }
    return;
  }
  if (!run.changed) return;
  const text = formatLock({ targets: run.targets, legacy: {}, legacyRaw: run.legacyRaw });
  if (text === read?.text) return;
  if (options.beforeWrite && !options.beforeWrite()) return;
  writeLockFile(env.file, text);
}

/** One comparison of a synthesis with the lock: what it found, and the entries to write. */
class LockRun {
  public readonly targets: LockTargets;
  /**
   * First-format entries: each compared with the first StatefulSet of its namespace and name, then
   * replaced by that object's entry. Pulumi's are dropped: the Pulumi adapter keeps no lock.
   */
  public readonly legacy: Record<string, ImmutableSnapshot>;
  public readonly legacyRaw: Record<string, unknown>;
  /** Whether the file must be written (most syntheses change nothing: no need to print it). */
  public changed: boolean;
  public readonly problems = new Map<string, Problems>();
  public readonly missing: string[] = [];
  private readonly hint: string;

  constructor(private readonly env: LockEnvironment, content: LockContent | undefined) {
    this.targets = Object.fromEntries(Object.entries(content?.targets ?? {}).map(([t, entries]) => [t, { ...entries }]));
    this.legacy = { ...content?.legacy };
    this.legacyRaw = Object.fromEntries(Object.entries(content?.legacyRaw ?? {}).filter(([k]) => !k.startsWith('pulumi:')));
    this.changed = !content || Object.keys(this.legacyRaw).length !== Object.keys(content.legacyRaw).length;
    this.hint = `If you have done so, synthesise once locally with KEELSON_ACCEPT_IMMUTABLE_CHANGES=1 to update ${path.basename(env.file)}, and commit it.`;
  }

  /** Compares one object with its entry: a problem, a missing entry, or what to record. */
  public check({ target, version, owner, object }: LockedObject): void {
    const after = immutableSnapshot(object);
    if (!after) return;
    const verify = this.env.mode === 'verify';
    const kind = kindKey(object.apiVersion, object.kind);
    const name = object.metadata?.name ?? '';
    const key = `${kind} ${object.metadata?.namespace ?? ''}/${name}`;
    const legacyKey = kind === 'apps/StatefulSet' ? `${object.metadata?.namespace ?? ''}/${name}` : undefined;
    const recorded = this.targets[target]?.[key];
    const before = recorded ?? (legacyKey !== undefined ? this.legacy[legacyKey] : undefined);
    if (before === undefined) {
      if (verify) this.missing.push(`${JSON.stringify(target)}: ${key} (${owner.type} ${JSON.stringify(owner.name)})`);
      else this.record(target, key, after);
      return;
    }
    const changes = immutableChanges(kind, before, after, version);
    if (changes.length > 0 && !this.env.accept) {
      const ownerKey = `${owner.type}\u0000${owner.name}`;
      if (!this.problems.has(ownerKey)) this.problems.set(ownerKey, new Problems(owner.type, owner.name));
      reportImmutableChanges(this.problems.get(ownerKey)!, { kind, name }, changes, this.hint);
      return;
    }
    if (legacyKey !== undefined) {
      delete this.legacy[legacyKey];
      this.changed ||= legacyKey in this.legacyRaw;
      delete this.legacyRaw[legacyKey];
    }
    if (verify || (recorded !== undefined && changes.length === 0 && sameSnapshot(before, after))) return;
    this.record(target, key, nextSnapshot(kind, before, after));
  }

  private record(target: string, key: string, snapshot: ImmutableSnapshot): void {
    (this.targets[target] ??= {})[key] = snapshot;
    this.changed = true;
  }
}

/** The file as read; under `verify` it must exist and be committed, and nothing may be accepted. */
function openLock(env: LockEnvironment): ReturnType<typeof readLockFile> {
  const read = readLockFile(env.file);
  if (env.mode !== 'verify') return read;
  if (!read) throw new KeelsonLockError(`${env.file} is missing. In CI (CI is set) keelson only verifies the lock: synthesise locally, commit keelson.lock.json, and push; or set KEELSON_LOCK=record to record it here (it then protects nothing until committed).`);
  requireCommitted(env.file);
  if (env.accept) throw new KeelsonLockError('KEELSON_ACCEPT_IMMUTABLE_CHANGES=1 has no effect when keelson only verifies the lock (CI is set, or KEELSON_LOCK=verify): accept the change locally and commit keelson.lock.json.');
  return read;
}

function sameSnapshot(a: ImmutableSnapshot, b: ImmutableSnapshot): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One KeelsonValidationError with the problems of every construct (the header names the first). */
function throwProblems(all: readonly Problems[]): void {
  const list: ValidationProblem[] = all.flatMap((p) => [...p.list()]);
  if (list.length > 0) throw new KeelsonValidationError(all[0].constructType, list);
}
