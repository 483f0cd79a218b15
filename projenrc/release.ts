/**
 * `npx projen release`: cuts a release on a maintainer's machine (the project has no hosted CI).
 *
 * The version comes from the conventional commits since the last `v*` tag: a breaking change
 * (`feat!:`, `fix!:`, a `BREAKING CHANGE:` footer) is a major release, or a minor one while the
 * version is 0.x; a `feat:` is a minor release; a `fix:` or `perf:` a patch release. The first
 * release (no tag yet) is the version .projenrc.ts already sets.
 *
 * CHANGELOG.md's top entry, `## Unreleased` (or `## <version> (not yet published)`), written by
 * hand with what each change does to a running cluster, becomes `## <version> (<date>)`, followed
 * by the release's conventional commits, grouped. The version is set in .projenrc.ts, package.json
 * regenerated (`npx projen`), and the three files committed as `chore(release): <version>` and
 * tagged `v<version>`. Nothing is pushed or published: CONTRIBUTING.md#releasing has the steps.
 *
 * `npx projen release --dry-run` prints the version and the entry, and changes nothing;
 * `--release-as <version>` overrides the computed version.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** A commit whose message follows the conventional commits format. */
export interface ConventionalCommit {
  /** The abbreviated commit hash. */
  readonly hash: string;
  /** `feat`, `fix`, `perf`, `docs`, ... */
  readonly type: string;
  /** The scope in parentheses, if any (`feat(canary): ...`). */
  readonly scope?: string;
  /** The header after the colon. */
  readonly subject: string;
  /** A `!` after the type or scope, or a `BREAKING CHANGE:` footer. */
  readonly breaking: boolean;
}

/** What a release's commits call for. */
export type Bump = 'major' | 'minor' | 'patch' | 'none';

const HEADER = /^([a-z]+)(?:\(([^)]*)\))?(!)?: (.+)$/;

/** The commit as a conventional commit; undefined when its header does not follow the format. */
export function parseCommit(hash: string, message: string): ConventionalCommit | undefined {
  const [header = '', ...body] = message.split('\n');
  const m = HEADER.exec(header.trim());
  if (!m) return undefined;
  const breaking = m[3] === '!' || body.some((line) => /^BREAKING[ -]CHANGE: /.test(line));
  return { hash, type: m[1].toLowerCase(), ...(m[2] ? { scope: m[2] } : {}), subject: m[4].trim(), breaking };
}

/** The largest bump the commits call for. */
export function bumpOf(commits: readonly ConventionalCommit[]): Bump {
  if (commits.some((c) => c.breaking)) return 'major';
  if (commits.some((c) => c.type === 'feat')) return 'minor';
  if (commits.some((c) => c.type === 'fix' || c.type === 'perf')) return 'patch';
  return 'none';
}

/** The next version (semantic versioning; while 0.x, a breaking change bumps the minor version). */
export function nextVersion(current: string, bump: Bump): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(current);
  if (!m) throw new Error(`the current version ${JSON.stringify(current)} is not MAJOR.MINOR.PATCH`);
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (bump === 'none') throw new Error('nothing to release: no feat, fix, perf or breaking commit since the last release');
  if (bump === 'major' && major > 0) return `${major + 1}.0.0`;
  if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
  return `${major}.${minor + 1}.0`;
}

const GROUPS: ReadonlyArray<readonly [string, (c: ConventionalCommit) => boolean]> = [
  ['Breaking changes', (c) => c.breaking],
  ['Features', (c) => !c.breaking && c.type === 'feat'],
  ['Fixes', (c) => !c.breaking && (c.type === 'fix' || c.type === 'perf')],
];

/**
 * CHANGELOG.md with its top entry released: the heading dated, the release's breaking, feat, fix
 * and perf commits listed under it. The top entry must be `## Unreleased` or
 * `## <version> (not yet published)`: a release without a hand-written entry is refused.
 */
export function releaseChangelog(text: string, version: string, date: string, commits: readonly ConventionalCommit[]): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('## '));
  const heading = start >= 0 ? lines[start].trim() : '';
  if (heading !== '## Unreleased' && heading !== `## ${version} (not yet published)`) {
    throw new Error(`CHANGELOG.md's top entry is ${JSON.stringify(heading || 'missing')}: write the release's changes under "## Unreleased" first`);
  }
  const next = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  const end = next < 0 ? lines.length : next;
  const entry = lines.slice(start + 1, end);
  while (entry.length && entry[entry.length - 1].trim() === '') entry.pop();
  if (!entry.some((l) => l.trim() !== '')) throw new Error(`CHANGELOG.md's "${heading}" entry is empty: say what changed for users`);
  const listed: string[] = [];
  for (const [title, member] of GROUPS) {
    const group = commits.filter(member);
    if (!group.length) continue;
    listed.push('', `### ${title} (commits)`, '');
    for (const c of group) listed.push(`- ${c.scope ? `**${c.scope}:** ` : ''}${c.subject} (${c.hash})`);
  }
  const released = [`## ${version} (${date})`, ...entry, ...listed, ''];
  return [...lines.slice(0, start), ...released, ...lines.slice(end)].join('\n');
}

const VERSION_CALL = /project\.package\.addVersion\('([^']*)'\)/g;

/** .projenrc.ts with the version set (its one `project.package.addVersion('...')` call). */
export function setProjenrcVersion(text: string, version: string): string {
  const calls = [...text.matchAll(VERSION_CALL)];
  if (calls.length !== 1) throw new Error(`.projenrc.ts must set the version with exactly one project.package.addVersion('...'), found ${calls.length}`);
  return text.replace(VERSION_CALL, `project.package.addVersion('${version}')`);
}

/** How a release is cut. */
export interface ReleaseOptions {
  /** Print the version and the changelog entry; change nothing. */
  readonly dryRun?: boolean;
  /** The version to release, instead of the one the commits call for. */
  readonly releaseAs?: string;
  /** The release date (`YYYY-MM-DD`); today's date (UTC) when absent. */
  readonly date?: string;
  /** Regenerates package.json from .projenrc.ts (`npx projen`). */
  readonly synth: (root: string) => void;
  /** Where progress is reported. */
  readonly log: (line: string) => void;
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The last release tag (`v1.2.3`) reachable from HEAD, if any. */
function lastTag(root: string): string | undefined {
  try {
    return git(root, 'describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*');
  } catch {
    return undefined;
  }
}

/** The conventional commits in a range (every commit reachable from HEAD when `since` is absent). */
function commitsSince(root: string, since: string | undefined): ConventionalCommit[] {
  const log = git(root, 'log', '--no-merges', '--format=%h%x1f%B%x1e', since ? `${since}..HEAD` : 'HEAD');
  return log.split('\x1e').map((r) => r.trim()).filter(Boolean).flatMap((record) => {
    const [hash, message = ''] = record.split('\x1f');
    const c = parseCommit(hash, message);
    return c ? [c] : [];
  });
}

/** Cuts the release in `root` (see the file's header); returns the version. */
export function release(root: string, options: ReleaseOptions): string {
  if (!options.dryRun && git(root, 'status', '--porcelain') !== '') throw new Error('the work tree has uncommitted changes: release from a clean checkout');
  const tag = lastTag(root);
  const current = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
  const commits = commitsSince(root, tag);
  const version = options.releaseAs ?? (tag ? nextVersion(current, bumpOf(commits)) : current);
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`${JSON.stringify(version)} is not a MAJOR.MINOR.PATCH version`);
  if (git(root, 'tag', '--list', `v${version}`) !== '') throw new Error(`v${version} is already tagged`);
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const changelogFile = path.join(root, 'CHANGELOG.md');
  const changelog = releaseChangelog(fs.readFileSync(changelogFile, 'utf8'), version, date, commits);
  const projenrcFile = path.join(root, '.projenrc.ts');
  const projenrc = setProjenrcVersion(fs.readFileSync(projenrcFile, 'utf8'), version);
  options.log(tag ? `${tag} -> v${version} (${commits.length} conventional commits since ${tag})` : `v${version}: the first release`);
  if (options.dryRun) {
    const entry = changelog.split('\n');
    const start = entry.findIndex((l) => l.startsWith('## '));
    const end = entry.findIndex((l, i) => i > start && l.startsWith('## '));
    options.log(entry.slice(start, end < 0 ? undefined : end).join('\n'));
    return version;
  }
  fs.writeFileSync(changelogFile, changelog);
  fs.writeFileSync(projenrcFile, projenrc);
  options.synth(root);
  git(root, 'add', 'CHANGELOG.md', '.projenrc.ts', 'package.json');
  const left = [git(root, 'diff', '--name-only'), git(root, 'ls-files', '--others', '--exclude-standard')].filter(Boolean).join('\n');
  if (left !== '') throw new Error(`regenerating the project changed more than the version; commit or revert these first:\n${left}`);
  git(root, 'commit', '-m', `chore(release): ${version}`);
  git(root, 'tag', '-a', `v${version}`, '-m', `keelson ${version}`);
  options.log(`committed and tagged v${version}; next: CONTRIBUTING.md#releasing`);
  return version;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--release-as');
  const unknown = args.filter((a, i) => a !== '--dry-run' && a !== '--release-as' && !(at >= 0 && i === at + 1));
  try {
    if (unknown.length) throw new Error(`unknown arguments ${unknown.join(' ')}: use --dry-run and --release-as <version>`);
    if (at >= 0 && !args[at + 1]) throw new Error('--release-as needs a version');
    release(process.cwd(), {
      dryRun: args.includes('--dry-run'),
      ...(at >= 0 ? { releaseAs: args[at + 1] } : {}),
      synth: (root) => execFileSync('npx', ['projen'], { cwd: root, stdio: 'inherit' }),
      log: (line) => console.log(line),
    });
  } catch (e) {
    console.error(`release: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
