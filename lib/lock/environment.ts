import { spawnSync } from 'child_process';
import * as path from 'path';
import { KeelsonLockError } from './error';

/**
 * What the lock does:
 * - `record` (the default outside CI): check, and record new objects and accepted changes;
 * - `verify` (the default when `CI` is set): check only; the file must exist, be committed, and
 *   have an entry for every object it protects; nothing is written;
 * - `off`: nothing.
 */
export type LockMode = 'off' | 'record' | 'verify';

/** The lock's settings from the environment. */
export interface LockEnvironment {
  readonly mode: LockMode;
  /** Absolute path of the lock file. */
  readonly file: string;
  /** `KEELSON_ACCEPT_IMMUTABLE_CHANGES=1`: record refused changes instead of failing. */
  readonly accept: boolean;
  /** Whether `CI` is set (to anything but `false` or `0`). */
  readonly ci: boolean;
}

const MODES: readonly LockMode[] = ['off', 'record', 'verify'];

/**
 * Reads `KEELSON_LOCK` (`off` | `record` | `verify`), `KEELSON_LOCK_FILE` (default
 * `keelson.lock.json` in the working directory), `KEELSON_ACCEPT_IMMUTABLE_CHANGES` and `CI`.
 */
export function lockEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): LockEnvironment {
  const ci = env.CI !== undefined && env.CI !== '' && !['false', '0'].includes(env.CI.toLowerCase());
  const given = (env.KEELSON_LOCK ?? '').toLowerCase();
  if (given !== '' && !MODES.includes(given as LockMode)) {
    throw new KeelsonLockError(`KEELSON_LOCK=${env.KEELSON_LOCK} is not a lock mode: use off, record or verify`);
  }
  const mode = (given || (ci ? 'verify' : 'record')) as LockMode;
  return { mode, ci, file: path.resolve(env.KEELSON_LOCK_FILE || 'keelson.lock.json'), accept: env.KEELSON_ACCEPT_IMMUTABLE_CHANGES === '1' };
}

/**
 * Throws unless the lock file is tracked by git: an untracked lock passes `git diff --exit-code`
 * while protecting nothing the next checkout will see.
 */
export function requireCommitted(file: string): void {
  const r = spawnSync('git', ['ls-files', '--error-unmatch', '--', path.basename(file)], { cwd: path.dirname(file), encoding: 'utf8' });
  if (r.status === 0) return;
  const why = r.error
    ? `git could not be run (${r.error.message})`
    : /not a git repository/i.test(r.stderr ?? '') ? 'it is not in a git work tree' : 'git does not track it';
  throw new KeelsonLockError(
    `${file} is not committed (${why}). In CI (CI is set) keelson only verifies the lock, and a lock that is not committed protects nothing: `
    + 'synthesise locally, commit keelson.lock.json, and push; or set KEELSON_LOCK=record to record it here anyway.',
  );
}
