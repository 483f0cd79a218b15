import * as fs from 'fs';
import * as path from 'path';
import { KeelsonLockError } from './error';
import { ImmutableSnapshot, canonical } from '../core/immutable/compare';

/** Entries by target, then by object (`apps/StatefulSet shop/db`). */
export type LockTargets = Record<string, Record<string, ImmutableSnapshot>>;

/** The lock file's content. */
export interface LockContent {
  readonly targets: LockTargets;
  /**
   * Entries of the first format (StatefulSets only, keyed `<namespace>/<name>`, or
   * `pulumi:<stack>:<namespace>/<name>`), as snapshots: still compared with a StatefulSet of that
   * namespace and name until it is recorded under its target.
   */
  readonly legacy: Record<string, ImmutableSnapshot>;
  /** The first format's entries as written, kept as they are while unmatched. */
  readonly legacyRaw: Record<string, unknown>;
}

const NOTE = 'Immutable fields of the objects keelson emits, as last accepted, per deployment target. Commit this file; see docs/upgrade-safety.md.';

/** The file's content, or undefined when there is no file. Throws a KeelsonLockError for a damaged one. */
export function readLockFile(file: string): { readonly content: LockContent; readonly text: string } | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  try {
    return { text, content: parseLock(JSON.parse(text)) };
  } catch (e) {
    throw new KeelsonLockError(`${file} is not a keelson lock file (${(e as Error).message}): restore it from version control, or delete it to record the current fields`);
  }
}

function parseLock(parsed: unknown): LockContent {
  if (!isMap(parsed)) throw new Error('not a JSON object');
  const targets = parsed.targets ?? {};
  if (!isMap(targets) || !Object.values(targets).every((t) => isMap(t) && Object.values(t).every(isMap))) {
    throw new Error('"targets" is not an object of objects of objects');
  }
  const legacyRaw = parsed.statefulSets ?? {};
  if (!isMap(legacyRaw)) throw new Error('"statefulSets" is not an object');
  const legacy: Record<string, ImmutableSnapshot> = {};
  for (const [key, entry] of Object.entries(legacyRaw)) legacy[key] = fromLegacy(entry);
  return { targets: targets as LockTargets, legacy, legacyRaw };
}

/** A first-format entry (`selector`, `serviceName`, `podManagementPolicy`, `volumeClaimTemplates` of `{ name, spec }`) as a snapshot. */
function fromLegacy(entry: unknown): ImmutableSnapshot {
  if (!isMap(entry)) throw new Error('an entry of "statefulSets" is not an object');
  const templates = Array.isArray(entry.volumeClaimTemplates) ? entry.volumeClaimTemplates : [];
  const snapshot: Record<string, unknown> = {
    'spec.podManagementPolicy': entry.podManagementPolicy,
    'spec.selector': entry.selector,
    'spec.serviceName': entry.serviceName,
    'spec.volumeClaimTemplates': templates.map((t: any) => ({ metadata: { name: t?.name }, spec: t?.spec })),
  };
  return Object.fromEntries(Object.entries(snapshot).map(([k, v]) => [k, canonical(v)]).filter(([, v]) => v !== undefined));
}

/** The file's text: two-space JSON, keys sorted at every level above the recorded values, a trailing newline. */
export function formatLock(content: LockContent): string {
  const sorted = <T>(o: Record<string, T>, f: (v: T) => unknown = (v) => v) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, f(o[k])]));
  const targets = sorted(content.targets, (t) => sorted(t, (e) => sorted(e as Record<string, unknown>)));
  const out: Record<string, unknown> = { note: NOTE, targets };
  if (Object.keys(content.legacyRaw).length > 0) out.statefulSets = sorted(content.legacyRaw);
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Writes the file whole or not at all (a temporary file renamed over it). */
export function writeLockFile(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

function isMap(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
