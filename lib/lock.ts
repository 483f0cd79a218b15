import * as fs from 'fs';
import * as path from 'path';
import { StatefulSetImmutableFields, checkImmutableFields } from './core/stateful-app/immutable';
import { Problems } from './core/validation/problems';

/**
 * `keelson.lock.json`: the immutable fields of every StatefulApp as last accepted. Commit it: a
 * later synth that would change one of them (a new storage size, another podManagementPolicy)
 * fails with what to do, instead of emitting a manifest the API server rejects or Pulumi replaces.
 *
 * Shared by both adapters (file IO only; no engine import). Settings, by environment variable:
 * - `KEELSON_LOCK_FILE`: the file (default `keelson.lock.json` in the working directory);
 * - `KEELSON_LOCK=off`: no check and no file;
 * - `KEELSON_ACCEPT_IMMUTABLE_CHANGES=1`: record the new fields instead of failing (after
 *   doing what the error said).
 */
export class ImmutableFieldsLock {
  /** The lock for the current settings, or undefined when turned off. */
  public static current(env: NodeJS.ProcessEnv = process.env): ImmutableFieldsLock | undefined {
    if ((env.KEELSON_LOCK ?? '').toLowerCase() === 'off') return undefined;
    const file = path.resolve(env.KEELSON_LOCK_FILE ?? 'keelson.lock.json');
    let lock = ImmutableFieldsLock.open.get(file);
    if (!lock) {
      lock = new ImmutableFieldsLock(file);
      ImmutableFieldsLock.open.set(file, lock);
    }
    lock.accept = env.KEELSON_ACCEPT_IMMUTABLE_CHANGES === '1';
    return lock;
  }

  private static readonly open = new Map<string, ImmutableFieldsLock>();
  private readonly entries: Record<string, StatefulSetImmutableFields>;
  private accept = false;
  private writeScheduled = false;

  private constructor(public readonly file: string) {
    this.entries = fs.existsSync(file) ? readEntries(file) : {};
  }

  /**
   * Checks a StatefulSet's immutable fields against the lock (problems recorded), and records
   * them when new or accepted.
   */
  public check(problems: Problems, key: string, fields: StatefulSetImmutableFields, record = true): void {
    const previous = this.entries[key];
    if (previous && !this.accept) {
      checkImmutableFields(problems, previous, fields, `If you have done so, synthesise once with KEELSON_ACCEPT_IMMUTABLE_CHANGES=1 to update ${path.basename(this.file)}.`);
      return;
    }
    if (!record || (previous && JSON.stringify(previous) === JSON.stringify(fields))) return;
    this.entries[key] = fields;
    this.scheduleWrite();
  }

  /** Writes the file once per turn of the event loop, keys sorted, so diffs stay small. */
  private scheduleWrite(): void {
    if (this.writeScheduled) return;
    this.writeScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes pending entries now. */
  public flush(): void {
    this.writeScheduled = false;
    const sorted = Object.fromEntries(Object.keys(this.entries).sort().map((k) => [k, this.entries[k]]));
    const text = `${JSON.stringify({ note: 'Immutable StatefulSet fields as last accepted by keelson; commit this file.', statefulSets: sorted }, null, 2)}\n`;
    fs.writeFileSync(this.file, text);
  }
}

/** The keelson.lock.json check for one app, or none when the lock is turned off. */
export function lockCheck(
  namespace: string | undefined,
  name: string,
  options: {
    /** Keeps apart deployments of the same app that may differ (e.g. a Pulumi stack per environment). */
    readonly scope?: string;
    /** Record new fields; false checks only (e.g. during `pulumi preview`, before anything is deployed). */
    readonly record?: boolean;
  } = {},
): ((problems: Problems, fields: StatefulSetImmutableFields) => void) | undefined {
  const lock = ImmutableFieldsLock.current();
  const key = `${options.scope !== undefined ? `${options.scope}:` : ''}${namespace ?? ''}/${name}`;
  return lock && ((problems, fields) => lock.check(problems, key, fields, options.record ?? true));
}

function readEntries(file: string): Record<string, StatefulSetImmutableFields> {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    const entries = parsed?.statefulSets;
    if (entries === undefined) return {};
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) throw new Error('"statefulSets" is not an object');
    return entries;
  } catch (e) {
    throw new Error(`${file} is not a keelson lock file (${(e as Error).message}): restore it from version control, or delete it to record the current fields`);
  }
}
