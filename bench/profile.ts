/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time by package/file and by function.
 * `node bench/out/profile.js <file.cpuprofile> [top] [filter]`; main.ts uses it for `--profile`.
 */
import * as fs from 'fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a frame's code lives: an npm package, a keelson file, or a V8/Node pseudo-frame. */
function owner(url: string, functionName: string): string {
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const out = file.indexOf('/out/');
  if (out >= 0) return `keelson ${file.slice(out + 1)}`;
  return file || functionName;
}

export function summariseProfile(file: string, top = 20, filter?: string): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const o = owner(url, functionName);
    byOwner.set(o, (byOwner.get(o) ?? 0) + t);
    const key = `${functionName || '(anonymous)'}  ${o}${url ? `:${lineNumber + 1}` : ''}`;
    if (!filter || key.includes(filter)) byFunction.set(key, (byFunction.get(key) ?? 0) + t);
  }
  const list = (m: Map<string, number>, k: number): string[] => [...m].sort((a, b) => b[1] - a[1]).slice(0, k)
    .map(([key, t]) => `${(t / 1000).toFixed(1).padStart(9)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${key}`);
  return [`total ${(total / 1000).toFixed(0)} ms`, 'by package/file:', ...list(byOwner, 12), 'by function:', ...list(byFunction, top)].join('\n');
}

if (require.main === module) {
  const [file, top, filter] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile.js <file.cpuprofile> [top] [filter]');
  console.log(summariseProfile(file, top ? Number(top) : 30, filter));
}
