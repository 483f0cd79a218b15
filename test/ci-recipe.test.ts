/**
 * docs/ci.md's check that the committed manifests are current, run exactly as documented (the lines
 * are read from the page, so the page and this test cannot drift apart) in a throwaway git
 * repository: it must fail on a changed, deleted, new or new-and-ignored manifest, and pass when
 * dist/ holds what was committed.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const page = fs.readFileSync(path.join(__dirname, '..', 'docs', 'ci.md'), 'utf8');

/** The documented recipe: the first `sh` block that synthesises, without its synth line (the test writes dist/ itself). */
function recipe(): string {
  const block = [...page.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].split('\n')).find((lines) => lines[0].startsWith('npx cdk8s synth'));
  if (!block) throw new Error('docs/ci.md has no sh block starting with `npx cdk8s synth`');
  const check = block.slice(1).filter((l) => l.trim() !== '');
  expect(check.length).toBeGreaterThan(0);
  return check.join('\n');
}

const MANIFEST = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
const write = (file: string, content: string) => {
  fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  fs.writeFileSync(path.join(repo, file), content);
};
/** Runs lines as a CI step does (bash, in the repository) and returns their exit status. */
const run = (script: string) => spawnSync('bash', ['-c', script], { cwd: repo, env, encoding: 'utf8' }).status;

/** A repository with dist/shop.k8s.yaml committed; `ignored`: with dist/ in .gitignore (the manifest force-added). */
function committed(ignored = false): void {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-ci-recipe-'));
  git('init', '-q');
  if (ignored) write('.gitignore', '/dist/\n');
  write('dist/shop.k8s.yaml', MANIFEST);
  git('add', '-f', '.');
  git('-c', 'commit.gpgsign=false', 'commit', '-qm', 'manifests');
}

afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

describe('the CI recipe in docs/ci.md', () => {
  test('passes when dist/ holds what was committed', () => {
    committed();
    write('dist/shop.k8s.yaml', MANIFEST); // synthesised again, same bytes
    expect(run(recipe())).toBe(0);
  });

  test('fails on a changed manifest', () => {
    committed();
    write('dist/shop.k8s.yaml', MANIFEST.replace('web', 'api'));
    expect(run(recipe())).not.toBe(0);
  });

  test('fails on a deleted manifest', () => {
    committed();
    fs.rmSync(path.join(repo, 'dist', 'shop.k8s.yaml'));
    expect(run(recipe())).not.toBe(0);
  });

  test('fails on a new, untracked manifest, which `git diff --exit-code dist/` lets pass', () => {
    committed();
    write('dist/admin.k8s.yaml', MANIFEST);
    expect(run('git diff --exit-code dist/')).toBe(0);
    expect(run(recipe())).not.toBe(0);
  });

  test('fails on a new manifest with dist/ in .gitignore, and passes there when nothing changed', () => {
    committed(true);
    expect(run(recipe())).toBe(0);
    write('dist/admin.k8s.yaml', MANIFEST);
    expect(run('git diff --exit-code dist/')).toBe(0);
    expect(run(recipe())).not.toBe(0);
  });
});
