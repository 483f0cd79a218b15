/**
 * `npx projen release` (projenrc/release.ts): the version from conventional commits, the changelog
 * entry, the version in .projenrc.ts, the commit and the tag — on a throwaway git repository.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConventionalCommit, bumpOf, nextVersion, parseCommit, release, releaseChangelog, setProjenrcVersion } from '../projenrc/release';

const commit = (type: string, subject: string, breaking = false, scope?: string): ConventionalCommit =>
  ({ hash: 'abc1234', type, subject, breaking, ...(scope ? { scope } : {}) });

describe('conventional commits', () => {
  test.each([
    ['feat: a canary weight step', { type: 'feat', subject: 'a canary weight step', breaking: false }],
    ['fix(stateful): keep the claim template', { type: 'fix', scope: 'stateful', subject: 'keep the claim template', breaking: false }],
    ['feat!: drop Node 18', { type: 'feat', subject: 'drop Node 18', breaking: true }],
    ['refactor: split render\n\nBREAKING CHANGE: renderPod takes the resolved pod', { type: 'refactor', subject: 'split render', breaking: true }],
  ])('%j is read', (message, expected) => {
    expect(parseCommit('abc1234', message)).toEqual({ hash: 'abc1234', ...expected });
  });

  test('a header that does not follow the format is no conventional commit', () => {
    expect(parseCommit('abc1234', 'CHANGELOG: the StatefulApp entry points to Day-2 safety')).toBeUndefined();
    expect(parseCommit('abc1234', 'Merge branch \'split\'')).toBeUndefined();
  });

  test('the largest change decides the bump', () => {
    expect(bumpOf([commit('docs', 'x'), commit('fix', 'y')])).toBe('patch');
    expect(bumpOf([commit('fix', 'y'), commit('feat', 'z')])).toBe('minor');
    expect(bumpOf([commit('feat', 'z'), commit('fix', 'w', true)])).toBe('major');
    expect(bumpOf([commit('docs', 'x'), commit('test', 'y')])).toBe('none');
  });

  test('while 0.x a breaking change bumps the minor version; from 1.0 the major', () => {
    expect(nextVersion('0.1.0', 'patch')).toBe('0.1.1');
    expect(nextVersion('0.1.3', 'minor')).toBe('0.2.0');
    expect(nextVersion('0.1.3', 'major')).toBe('0.2.0');
    expect(nextVersion('1.4.2', 'major')).toBe('2.0.0');
    expect(nextVersion('1.4.2', 'minor')).toBe('1.5.0');
    expect(() => nextVersion('0.1.0', 'none')).toThrow(/nothing to release/);
  });
});

describe('the changelog entry', () => {
  const changelog = '# Changelog\n\nIntro.\n\n## Unreleased\n\n- A new prop.\n\n## 0.1.0 (2026-12-01)\n\nThe first release.\n';

  test('dates the Unreleased entry and lists the release\'s commits under it, by kind', () => {
    const out = releaseChangelog(changelog, '0.2.0', '2027-01-15', [
      commit('feat', 'a canary weight step', false, 'canary'), commit('fix', 'keep the claim template'), commit('feat', 'drop a prop', true), commit('docs', 'typo'),
    ]);
    expect(out).toBe([
      '# Changelog', '', 'Intro.', '',
      '## 0.2.0 (2027-01-15)', '', '- A new prop.',
      '', '### Breaking changes (commits)', '', '- drop a prop (abc1234)',
      '', '### Features (commits)', '', '- **canary:** a canary weight step (abc1234)',
      '', '### Fixes (commits)', '', '- keep the claim template (abc1234)',
      '', '## 0.1.0 (2026-12-01)', '', 'The first release.', '',
    ].join('\n'));
  });

  test('the first release dates its "not yet published" entry', () => {
    const first = '# Changelog\n\n## 0.1.0 (not yet published)\n\nThe first release.\n';
    expect(releaseChangelog(first, '0.1.0', '2027-01-15', [])).toBe('# Changelog\n\n## 0.1.0 (2027-01-15)\n\nThe first release.\n');
  });

  test('a release without a hand-written entry is refused', () => {
    expect(() => releaseChangelog('# Changelog\n\n## 0.1.0 (2026-12-01)\n\nx\n', '0.2.0', '2027-01-15', [])).toThrow(/write the release's changes under "## Unreleased"/);
    expect(() => releaseChangelog('# Changelog\n\n## Unreleased\n\n## 0.1.0 (2026-12-01)\n', '0.2.0', '2027-01-15', [])).toThrow(/entry is empty/);
  });

  test('the version is set in .projenrc.ts, at its one addVersion call', () => {
    expect(setProjenrcVersion("x;\nproject.package.addVersion('0.1.0');\ny;\n", '0.2.0')).toBe("x;\nproject.package.addVersion('0.2.0');\ny;\n");
    expect(() => setProjenrcVersion('x;\n', '0.2.0')).toThrow(/exactly one/);
  });
});

describe('release() on a git repository', () => {
  let dir: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  const commitAll = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
  };
  // What `npx projen` does here: package.json's version from .projenrc.ts.
  const synth = (root: string) => {
    const version = /addVersion\('([^']+)'\)/.exec(fs.readFileSync(path.join(root, '.projenrc.ts'), 'utf8'))![1];
    fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify({ name: 'keelson', version }, undefined, 2)}\n`);
  };
  const logged: string[] = [];
  const options = { synth, log: (line: string) => logged.push(line), date: '2027-01-15' };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-release-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'release-test@example.invalid');
    git('config', 'user.name', 'release test');
    git('config', 'commit.gpgsign', 'false');
    git('config', 'tag.gpgsign', 'false');
    write('.projenrc.ts', "project.package.addVersion('0.1.0');\n");
    synth(dir);
    write('CHANGELOG.md', '# Changelog\n\n## 0.1.0 (not yet published)\n\nThe first release.\n');
    commitAll('Project setup');
    logged.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the first release is the version set, then each release follows the commits since the last tag', () => {
    expect(release(dir, options)).toBe('0.1.0');
    expect(git('tag', '--list')).toBe('v0.1.0');
    expect(git('log', '-1', '--format=%s')).toBe('chore(release): 0.1.0');
    expect(read('CHANGELOG.md')).toContain('## 0.1.0 (2027-01-15)\n\nThe first release.');

    write('a.ts', 'x\n');
    commitAll('fix: a fix');
    write('b.ts', 'y\n');
    commitAll('feat(canary): a feature');
    write('CHANGELOG.md', read('CHANGELOG.md').replace('## 0.1.0', '## Unreleased\n\n- A feature, and a fix.\n\n## 0.1.0'));
    commitAll('docs: changelog');
    expect(release(dir, options)).toBe('0.2.0');
    expect(git('tag', '--list').split('\n')).toEqual(['v0.1.0', 'v0.2.0']);
    expect(JSON.parse(read('package.json')).version).toBe('0.2.0');
    expect(read('.projenrc.ts')).toBe("project.package.addVersion('0.2.0');\n");
    expect(read('CHANGELOG.md')).toMatch(/## 0\.2\.0 \(2027-01-15\)\n\n- A feature, and a fix\.\n\n### Features \(commits\)\n\n- \*\*canary:\*\* a feature \([0-9a-f]+\)\n\n### Fixes \(commits\)\n\n- a fix \([0-9a-f]+\)\n\n## 0\.1\.0 \(2027-01-15\)/);
    expect(git('status', '--porcelain')).toBe('');
  });

  test('--dry-run prints the version and the entry and changes nothing', () => {
    const head = git('rev-parse', 'HEAD');
    expect(release(dir, { ...options, dryRun: true })).toBe('0.1.0');
    expect(logged).toEqual(['v0.1.0: the first release', '## 0.1.0 (2027-01-15)\n\nThe first release.\n']);
    expect(git('rev-parse', 'HEAD')).toBe(head);
    expect(git('tag', '--list')).toBe('');
    expect(read('CHANGELOG.md')).toContain('(not yet published)');
  });

  test('refuses a dirty work tree, a release with nothing to release, and a version already tagged', () => {
    write('CHANGELOG.md', `${read('CHANGELOG.md')}\nedited\n`);
    expect(() => release(dir, options)).toThrow(/uncommitted changes/);
    git('checkout', '--', 'CHANGELOG.md');
    release(dir, options);
    write('a.ts', 'x\n');
    commitAll('docs: only docs');
    write('CHANGELOG.md', read('CHANGELOG.md').replace('## 0.1.0', '## Unreleased\n\n- Docs.\n\n## 0.1.0'));
    commitAll('docs: changelog');
    expect(() => release(dir, options)).toThrow(/nothing to release/);
    expect(() => release(dir, { ...options, releaseAs: '0.1.0' })).toThrow(/v0\.1\.0 is already tagged/);
    expect(release(dir, { ...options, releaseAs: '0.1.1' })).toBe('0.1.1');
  });
});
