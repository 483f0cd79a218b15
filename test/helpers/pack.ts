import { execFileSync } from 'child_process';
import * as path from 'path';

/** The repository root: what `npm pack` packs. */
export const ROOT = path.join(__dirname, '..', '..');

/** What `npm pack --json` reports of one tarball. */
export interface Packed {
  readonly filename: string;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

/**
 * Packs the library as `npm publish` would (the compiled out/ must exist: `npm test` compiles
 * first), without running lifecycle scripts. With `destination` the tarball is written there;
 * without, nothing is written (`--dry-run`) and only the list of files is returned.
 */
export function npmPack(destination?: string): Packed {
  const args = ['pack', '--json', '--ignore-scripts', ...(destination ? ['--pack-destination', destination] : ['--dry-run'])];
  return JSON.parse(execFileSync('npm', args, { cwd: ROOT, encoding: 'utf8' }))[0];
}
