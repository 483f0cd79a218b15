/**
 * keelson.lock.json where users run it: a synthesis in a fresh checkout, as a child process, with
 * and without `CI=true`. Each case copies what a clone has (the example program, keelson's sources
 * linked, the lock when it is committed) into a temporary git repository; nothing is written to
 * this working tree.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

jest.setTimeout(240_000);

/** A program that synthesises one StatefulApp (size from SIZE) and exits at once. */
const PROGRAM = `
import { App, Chart } from 'cdk8s';
import { Port, StatefulApp } from '${path.join(ROOT, 'lib', 'cdk8s')}';
const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'prod', { namespace: 'shop' });
new StatefulApp(chart, 'db', {
  replicas: 3,
  containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' })] }],
  storage: [{ name: 'data', mountPath: '/data', size: process.env.SIZE ?? '10Gi' }],
});
app.synth();
// Nothing may be left to write after the synthesis: exiting here must lose nothing.
process.exit(0);
`;

interface Run {
  readonly status: number;
  readonly stderr: string;
}

/** A temporary git repository with `files` committed (and `untracked` written but not added). */
function repository(files: Record<string, string>, untracked: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-clone-'));
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  const write = (all: Record<string, string>) => {
    for (const [name, text] of Object.entries(all)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  };
  git('init', '-q');
  write(files);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  git('add', ...Object.keys(files));
  git('commit', '-q', '-m', 'clone');
  write(untracked);
  return dir;
}

/** Runs a TypeScript program with tsx in `dir`, with CI and the lock settings as given. */
function run(dir: string, file: string, env: Record<string, string> = {}): Run {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KEELSON_') && k !== 'CI'));
  const r = spawnSync(process.execPath, [TSX, file], { cwd: dir, env: { ...clean, ...env }, encoding: 'utf8' });
  return { status: r.status ?? -1, stderr: r.stderr };
}

function gitClean(dir: string): boolean {
  return spawnSync('git', ['status', '--porcelain', '--', 'keelson.lock.json'], { cwd: dir, encoding: 'utf8' }).stdout === '';
}

describe('keelson.lock.json in a fresh checkout (child processes)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const clone = (files: Record<string, string>, untracked?: Record<string, string>) => {
    const d = repository(files, untracked);
    dirs.push(d);
    return d;
  };

  it('without CI, the first synthesis records the lock before the process exits', () => {
    const dir = clone({ 'main.ts': PROGRAM });
    const r = run(dir, 'main.ts');
    expect(r).toEqual({ status: 0, stderr: '' });
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'keelson.lock.json'), 'utf8'));
    expect(lock.targets.prod['apps/StatefulSet shop/db']['spec.volumeClaimTemplates'][0].spec.resources.requests.storage).toBe('10Gi');
  });

  it('with CI=true, a missing lock fails and no lock is made', () => {
    const dir = clone({ 'main.ts': PROGRAM });
    const r = run(dir, 'main.ts', { CI: 'true' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('KeelsonLockError');
    expect(r.stderr).toContain('keelson.lock.json is missing');
    expect(fs.existsSync(path.join(dir, 'keelson.lock.json'))).toBe(false);
  });

  it('with CI=true, a lock that is not committed fails (git diff would not see it)', () => {
    const local = clone({ 'main.ts': PROGRAM });
    expect(run(local, 'main.ts').status).toBe(0);
    const lock = fs.readFileSync(path.join(local, 'keelson.lock.json'), 'utf8');
    const dir = clone({ 'main.ts': PROGRAM }, { 'keelson.lock.json': lock });
    const r = run(dir, 'main.ts', { CI: 'true' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('is not committed (git does not track it)');
    // Opting out records here, as asked.
    expect(run(dir, 'main.ts', { CI: 'true', KEELSON_LOCK: 'record' }).status).toBe(0);
  });

  it('with CI=true and the lock committed, the same program passes and leaves the lock alone; a new size fails', () => {
    const local = clone({ 'main.ts': PROGRAM });
    expect(run(local, 'main.ts').status).toBe(0);
    const lock = fs.readFileSync(path.join(local, 'keelson.lock.json'), 'utf8');
    const dir = clone({ 'main.ts': PROGRAM, 'keelson.lock.json': lock });
    expect(run(dir, 'main.ts', { CI: 'true' })).toEqual({ status: 0, stderr: '' });
    expect(gitClean(dir)).toBe(true);
    const changed = run(dir, 'main.ts', { CI: 'true', SIZE: '80Gi' });
    expect(changed.status).not.toBe(0);
    expect(changed.stderr).toContain('KeelsonValidationError');
    expect(changed.stderr).toContain('db: storage: would change the immutable spec.volumeClaimTemplates of the StatefulSet "db"');
    expect(gitClean(dir)).toBe(true);
  });

  it('the example shop synthesises under CI=true against the lock this repository commits', () => {
    const files: Record<string, string> = { 'keelson.lock.json': fs.readFileSync(path.join(ROOT, 'keelson.lock.json'), 'utf8') };
    for (const name of ['examples/shop.ts', 'examples/cdk8s/main.ts']) files[name] = fs.readFileSync(path.join(ROOT, name), 'utf8');
    const dir = clone(files);
    fs.symlinkSync(path.join(ROOT, 'lib'), path.join(dir, 'lib'));
    expect(run(dir, 'examples/cdk8s/main.ts', { CI: 'true' })).toEqual({ status: 0, stderr: '' });
    expect(gitClean(dir)).toBe(true);
  });
});
