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
 * Runs `fn` with keelson.lock.json turned on (setup-env.ts turns it off for every test) in `record`
 * mode, in a fresh temporary directory of its own (never the working tree), and restores the
 * environment afterwards. `env` sets more variables for the call (e.g. `{ KEELSON_LOCK: 'verify' }`).
 */
export async function withLockFile<T>(fn: (file: string) => Promise<T> | T, env: Record<string, string | undefined> = {}): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-lock-'));
  const file = path.join(dir, 'keelson.lock.json');
  const keys = ['KEELSON_LOCK', 'KEELSON_LOCK_FILE', 'KEELSON_ACCEPT_IMMUTABLE_CHANGES', 'CI', ...Object.keys(env)];
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  const set = (key: string, value: string | undefined) => {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  };
  set('KEELSON_LOCK', 'record');
  set('KEELSON_LOCK_FILE', file);
  set('KEELSON_ACCEPT_IMMUTABLE_CHANGES', undefined);
  set('CI', undefined);
  for (const [k, v] of Object.entries(env)) set(k, v);
  try {
    return await fn(file);
  } finally {
    for (const [k, v] of Object.entries(saved)) set(k, v);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The lock file's content, parsed. */
export function readLock(file: string): { note: string; targets: Record<string, Record<string, any>>; statefulSets?: Record<string, any> } {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
