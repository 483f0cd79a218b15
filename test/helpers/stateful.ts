/**
 * Shared fixtures for the StatefulApp tests (the StatelessApp ones live in fixtures.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AnyObject } from './best-practice';
import { Port, Quantity, StatefulAppManifest, StatefulAppProps, buildStatefulApp } from '../../lib';

/** The main image of the StatefulApp fixtures. */
export const DB_IMAGE = 'ghcr.io/acme/db:1.4.2';

/** The smallest valid props with storage: 3 replicas, one TCP port, one 10Gi volume at /var/lib/db. */
export function minimalStatefulProps(overrides: Partial<StatefulAppProps> = {}): StatefulAppProps {
  return {
    name: 'db',
    replicas: 3,
    containers: [{ image: DB_IMAGE, ports: [Port.tcp(5432, { name: 'db' })] }],
    storage: [{ name: 'data', mountPath: '/var/lib/db', size: Quantity.gibibytes(10) }],
    ...overrides,
  };
}

/** Builds with the core and throws when invalid. */
export function buildStateful(props: StatefulAppProps): StatefulAppManifest {
  return buildStatefulApp(props);
}

/** The manifest's objects as JSON (what a YAML consumer sees). */
export function statefulJson(m: StatefulAppManifest): AnyObject[] {
  return JSON.parse(JSON.stringify(m.objects));
}

/**
 * Runs `fn` with keelson.lock.json turned on, in a fresh temporary file (setup-env.ts turns the
 * lock off for every test), and restores the environment afterwards. Each call uses a new file:
 * the lock keeps what it read per file for the whole process.
 */
export async function withLockFile<T>(fn: (file: string) => Promise<T> | T): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-lock-'));
  const file = path.join(dir, 'keelson.lock.json');
  const saved = { lock: process.env.KEELSON_LOCK, file: process.env.KEELSON_LOCK_FILE, accept: process.env.KEELSON_ACCEPT_IMMUTABLE_CHANGES };
  delete process.env.KEELSON_LOCK;
  delete process.env.KEELSON_ACCEPT_IMMUTABLE_CHANGES;
  process.env.KEELSON_LOCK_FILE = file;
  try {
    return await fn(file);
  } finally {
    // A pending write (setImmediate) must land in this test's directory before it goes.
    await nextTurn();
    const restore = (key: string, value: string | undefined) => {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    };
    restore('KEELSON_LOCK', saved.lock);
    restore('KEELSON_LOCK_FILE', saved.file);
    restore('KEELSON_ACCEPT_IMMUTABLE_CHANGES', saved.accept);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One turn of the event loop: the lock writes its file with setImmediate. */
export function nextTurn(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** The lock file's content, parsed. */
export function readLock(file: string): { note: string; statefulSets: Record<string, any> } {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
