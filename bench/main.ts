/**
 * `npm run bench`: synthesis speed, memory and cold start of keelson against raw cdk8s,
 * cdk8s-plus-27 and raw Pulumi resources. Compiled JavaScript only (tsc → bench/out), every run in
 * a fresh process, variants interleaved round by round, a warm-up round discarded, medians over
 * the measured rounds, keelson's ratios taken pair by pair between adjacent runs of one round.
 *
 *   npm run bench                    full run (N = 100, 1000, 3000; Pulumi N = 100, 1000; 5 rounds)
 *   npm run bench -- --quick         development run (N = 100, 1000; Pulumi N = 100; 3 rounds)
 *   npm run bench -- --profile keelson-cdk8s   also writes CPU profiles to bench/results/profiles
 *
 * Options: --runs <n> --warmup <n> --sizes <a,b> --pulumi-sizes <a,b> --only <variant,...>
 * --no-check --no-cold-start --profile <variant,...>.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { summariseProfile } from './profile';
import {
  CDK8S_VARIANTS,
  COLD_START_MODULES,
  ColdStartResult,
  PULUMI_VARIANTS,
  RunResult,
  Variant,
} from './protocol';
import { buildTemplate } from './template';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const WORKER = path.join(__dirname, 'worker.js');
const COLD_START = path.join(__dirname, 'cold-start.js');

interface Options {
  readonly runs: number;
  readonly warmup: number;
  readonly sizes: number[];
  readonly pulumiSizes: number[];
  readonly variants: Variant[];
  readonly check: boolean;
  readonly coldStart: boolean;
  readonly profile: Variant[];
  readonly quick: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const numbers = (text: string | undefined, fallback: number[]): number[] => (text ? text.split(',').map(Number) : fallback);
  const all: Variant[] = [...CDK8S_VARIANTS, ...PULUMI_VARIANTS];
  const variants = (text: string | undefined, fallback: Variant[]): Variant[] => {
    if (!text) return fallback;
    const list = text.split(',') as Variant[];
    for (const v of list) if (!all.includes(v)) throw new Error(`unknown variant ${v}; one of ${all.join(', ')}`);
    return list;
  };
  const options: Options = {
    quick,
    runs: Number(value('--runs') ?? (quick ? 3 : 5)),
    warmup: Number(value('--warmup') ?? 1),
    sizes: numbers(value('--sizes'), quick ? [100, 1000] : [100, 1000, 3000]),
    pulumiSizes: numbers(value('--pulumi-sizes'), quick ? [100] : [100, 1000]),
    variants: variants(value('--only'), all),
    check: !argv.includes('--no-check'),
    coldStart: !argv.includes('--no-cold-start'),
    profile: variants(value('--profile'), []),
  };
  for (const n of [...options.sizes, ...options.pulumiSizes, options.runs]) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive integer: ${n}`);
  }
  return options;
}

/** Runs one worker in a fresh process and reads its result. */
function runWorker(variant: Variant, n: number, templateFile: string, extra: { dump?: string; nodeArgs?: string[] } = {}): RunResult {
  const resultFile = path.join(RESULTS, 'tmp', `${variant}-${n}-${process.pid}.json`);
  const args = [...(extra.nodeArgs ?? []), WORKER, variant, String(n), templateFile, resultFile, ...(extra.dump ? [extra.dump] : [])];
  // keelson.lock.json is on, as in a user's synthesis, in a file of the benchmark's per size (never
  // the repository's): the warm-up round records it, the measured rounds check against it (the
  // steady state of a pipeline, where the lock exists and nothing changes).
  const env = { ...process.env, CI: '', KEELSON_LOCK: 'record', KEELSON_LOCK_FILE: path.join(RESULTS, 'tmp', `keelson.lock.${n}.json`) };
  const child = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
  if (child.status !== 0) {
    throw new Error(`${variant} N=${n} failed (status ${child.status}, signal ${child.signal}):\n${child.stdout}\n${child.stderr}`);
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as RunResult;
  fs.rmSync(resultFile, { force: true });
  return result;
}

function runColdStart(module: string): ColdStartResult {
  const resultFile = path.join(RESULTS, 'tmp', `cold-${module.replace(/\W/g, '_')}-${process.pid}.json`);
  const child = spawnSync(process.execPath, [COLD_START, module, resultFile], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`cold start of ${module} failed:\n${child.stderr}`);
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as ColdStartResult;
  fs.rmSync(resultFile, { force: true });
  return result;
}

const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The first line where two outputs differ, for the check's message. */
function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}: ${JSON.stringify(la[i])} vs ${JSON.stringify(lb[i])}`;
  }
  return 'none';
}

interface CheckOutcome {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Small runs that dump their output: floor, raw-cdk8s and keelson-cdk8s must be byte-identical, and the Pulumi variants must register the same inputs. */
function checks(options: Options, templateFile: string): CheckOutcome[] {
  const dir = path.join(RESULTS, 'check');
  fs.mkdirSync(dir, { recursive: true });
  const n = 3;
  const dump = (variant: Variant): string => {
    const file = path.join(dir, `${variant}.out`);
    runWorker(variant, n, templateFile, { dump: file });
    return fs.readFileSync(file, 'utf8');
  };
  const outcomes: CheckOutcome[] = [];
  const compare = (name: string, reference: Variant, others: Variant[]): void => {
    const selected = others.filter((v) => options.variants.includes(v));
    if (!options.variants.includes(reference) || selected.length === 0) return;
    const ref = dump(reference);
    for (const other of selected) {
      const out = dump(other);
      const ok = out === ref;
      outcomes.push({
        name: `${name}: ${other} = ${reference}`,
        ok,
        detail: ok ? `${Buffer.byteLength(out)} bytes, identical (N=${n}; dumps in bench/results/check/)` : `differs at ${firstDifference(ref, out)}`,
      });
    }
  };
  compare('YAML byte for byte', 'floor', ['raw-cdk8s', 'keelson-cdk8s', 'keelson-cdk8s-fast']);
  compare('registered inputs', 'raw-pulumi', ['keelson-pulumi']);
  if (options.variants.includes('keelson-cdk8s-fast')) {
    // keelson's fast YAML printer against cdk8s's Yaml.stringify on tricky and random documents.
    const child = spawnSync(process.execPath, [path.join(__dirname, 'check-yaml.js'), options.quick ? '300' : '2000'], { cwd: ROOT, encoding: 'utf8' });
    outcomes.push({ name: 'synthYaml/stringifyYaml = cdk8s Yaml.stringify', ok: child.status === 0, detail: `${child.stdout}${child.stderr}`.trim() });
  }
  return outcomes;
}

interface Row {
  readonly variant: Variant;
  readonly n: number;
  readonly runs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  readonly totalMs: number;
  readonly cpuMs: number;
  readonly perAppUs: number;
  readonly peakRssMb: number;
  readonly outputBytes: number;
  readonly objects: number;
}

interface PairRatio {
  readonly name: string;
  readonly n: number;
  readonly metric: 'totalMs' | 'cpuMs' | 'peakRssMb';
  readonly ratios: number[];
  readonly median: number;
}

function summarise(results: readonly (RunResult & { round: number })[], warmup: number): Row[] {
  const measured = results.filter((r) => r.round >= warmup);
  const keys = [...new Set(measured.map((r) => `${r.variant}\u0000${r.n}`))];
  return keys.map((key) => {
    const [variant, n] = key.split('\u0000');
    const runs = measured.filter((r) => r.variant === variant && r.n === Number(n));
    const totalMs = median(runs.map((r) => r.totalMs));
    return {
      variant: variant as Variant,
      n: Number(n),
      runs: runs.length,
      constructMs: median(runs.map((r) => r.constructMs)),
      synthMs: median(runs.map((r) => r.synthMs)),
      totalMs,
      cpuMs: median(runs.map((r) => r.cpuMs)),
      perAppUs: (totalMs * 1000) / Number(n),
      peakRssMb: median(runs.map((r) => r.peakRssMb)),
      outputBytes: median(runs.map((r) => r.outputBytes)),
      objects: median(runs.map((r) => r.objects)),
    };
  });
}

/** keelson's ratio to another variant, one per round (the two runs were adjacent), and their median. */
function pairRatios(results: readonly (RunResult & { round: number })[], warmup: number, name: string, a: Variant, b: Variant, metric: PairRatio['metric']): PairRatio[] {
  const sizes = [...new Set(results.filter((r) => r.variant === a).map((r) => r.n))];
  const out: PairRatio[] = [];
  for (const n of sizes) {
    const ratios: number[] = [];
    for (const round of [...new Set(results.map((r) => r.round))].filter((r) => r >= warmup)) {
      const x = results.find((r) => r.round === round && r.n === n && r.variant === a);
      const y = results.find((r) => r.round === round && r.n === n && r.variant === b);
      if (x && y) ratios.push(x[metric] / y[metric]);
    }
    if (ratios.length) out.push({ name, n, metric, ratios, median: median(ratios) });
  }
  return out;
}

const fmt = (x: number, digits = 0): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const bytes = (b: number): string => (b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MiB` : `${(b / 1024).toFixed(1)} KiB`);

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  fs.mkdirSync(path.join(RESULTS, 'tmp'), { recursive: true });
  const cdk8sVariants = CDK8S_VARIANTS.filter((v) => options.variants.includes(v));
  const pulumiVariants = PULUMI_VARIANTS.filter((v) => options.variants.includes(v));

  // The raw variants' template: keelson's objects for one app, built here, never in a timed worker.
  const templateFile = path.join(RESULTS, 'template.json');
  fs.writeFileSync(templateFile, JSON.stringify(buildTemplate(), null, 2));

  console.log(`keelson benchmark: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, `
    + `${options.warmup} warm-up + ${options.runs} measured rounds; cdk8s N = ${options.sizes.join(', ')}; Pulumi N = ${options.pulumiSizes.join(', ')}`);

  const checkOutcomes = options.check ? checks(options, templateFile) : [];
  for (const c of checkOutcomes) console.log(`check ${c.ok ? 'ok  ' : 'FAIL'} ${c.name} — ${c.detail}`);

  const results: (RunResult & { round: number })[] = [];
  const coldStarts: (ColdStartResult & { round: number })[] = [];
  const rounds = options.warmup + options.runs;
  for (let round = 0; round < rounds; round++) {
    const label = round < options.warmup ? `warm-up ${round + 1}/${options.warmup}` : `round ${round - options.warmup + 1}/${options.runs}`;
    // Every other round runs the variants in reverse, so no variant always follows the same one.
    const order = <T>(xs: readonly T[]): T[] => (round % 2 ? [...xs].reverse() : [...xs]);
    if (options.coldStart) {
      for (const module of order(COLD_START_MODULES)) coldStarts.push({ ...runColdStart(module), round });
    }
    const progress: string[] = [];
    for (const n of options.sizes) {
      for (const variant of order(cdk8sVariants)) {
        const r = runWorker(variant, n, templateFile);
        results.push({ ...r, round });
        progress.push(`${variant}@${n} ${fmt(r.totalMs)}ms`);
      }
    }
    for (const n of options.pulumiSizes) {
      for (const variant of order(pulumiVariants)) {
        const r = runWorker(variant, n, templateFile);
        results.push({ ...r, round });
        progress.push(`${variant}@${n} ${fmt(r.totalMs)}ms`);
      }
    }
    console.log(`${label}: ${progress.join(', ')} (${fmt((Date.now() - started) / 1000)}s elapsed)`);
  }

  // Every run of one size must emit the same bytes (cdk8s) or the same inputs (Pulumi) as its peers.
  const identity: CheckOutcome[] = [];
  const sameOutput = (name: string, variants: readonly Variant[], sizes: readonly number[]): void => {
    for (const n of sizes) {
      const runs = results.filter((r) => r.n === n && variants.includes(r.variant));
      if (new Set(runs.map((r) => r.variant)).size < 2) continue;
      const hashes = new Set(runs.map((r) => r.outputHash));
      identity.push({
        name: `${name} N=${n}`,
        ok: hashes.size === 1,
        detail: hashes.size === 1 ? `${runs.length} runs of ${[...new Set(runs.map((r) => r.variant))].join(', ')}: one sha256` : `${hashes.size} different outputs`,
      });
    }
  };
  sameOutput('YAML byte for byte', ['floor', 'raw-cdk8s', 'keelson-cdk8s', 'keelson-cdk8s-fast'], options.sizes);
  sameOutput('registered inputs', ['raw-pulumi', 'keelson-pulumi'], options.pulumiSizes);

  const rows = summarise(results, options.warmup);
  const ratios = [
    ...pairRatios(results, options.warmup, 'keelson-cdk8s / raw-cdk8s', 'keelson-cdk8s', 'raw-cdk8s', 'totalMs'),
    ...pairRatios(results, options.warmup, 'keelson-cdk8s / cdk8s-plus-27', 'keelson-cdk8s', 'cdk8s-plus-27', 'totalMs'),
    ...pairRatios(results, options.warmup, 'keelson-pulumi / raw-pulumi', 'keelson-pulumi', 'raw-pulumi', 'totalMs'),
    ...pairRatios(results, options.warmup, 'keelson-cdk8s-fast / raw-cdk8s', 'keelson-cdk8s-fast', 'raw-cdk8s', 'totalMs'),
    ...pairRatios(results, options.warmup, 'cdk8s-plus-27 / raw-cdk8s', 'cdk8s-plus-27', 'raw-cdk8s', 'totalMs'),
    ...pairRatios(results, options.warmup, 'raw-cdk8s / floor', 'raw-cdk8s', 'floor', 'totalMs'),
    ...pairRatios(results, options.warmup, 'CPU time keelson-cdk8s / raw-cdk8s', 'keelson-cdk8s', 'raw-cdk8s', 'cpuMs'),
    ...pairRatios(results, options.warmup, 'CPU time keelson-pulumi / raw-pulumi', 'keelson-pulumi', 'raw-pulumi', 'cpuMs'),
    ...pairRatios(results, options.warmup, 'peak RSS keelson-cdk8s / raw-cdk8s', 'keelson-cdk8s', 'raw-cdk8s', 'peakRssMb'),
    ...pairRatios(results, options.warmup, 'peak RSS keelson-pulumi / raw-pulumi', 'keelson-pulumi', 'raw-pulumi', 'peakRssMb'),
  ];
  const ratio = (name: string, n: number): number => ratios.find((r) => r.name === name && r.n === n)?.median ?? NaN;
  const row = (variant: Variant, n: number): Row | undefined => rows.find((r) => r.variant === variant && r.n === n);

  // Cold start: medians per module, and keelson/cdk8s minus cdk8s pair by pair within a round.
  const measuredCold = coldStarts.filter((c) => c.round >= options.warmup);
  const cold = COLD_START_MODULES.map((module) => {
    const runs = measuredCold.filter((c) => c.module === module);
    return { module, requireMs: median(runs.map((c) => c.requireMs)), modules: median(runs.map((c) => c.modules)), loaded: runs[0]?.loaded };
  }).filter((c) => c.loaded !== undefined);
  const coldDeltas = [...new Set(measuredCold.map((c) => c.round))].map((round) => {
    const k = measuredCold.find((c) => c.round === round && c.module === 'keelson/cdk8s');
    const c = measuredCold.find((x) => x.round === round && x.module === 'cdk8s');
    return k && c ? k.requireMs - c.requireMs : NaN;
  }).filter(Number.isFinite);
  const coldDelta = median(coldDeltas);
  const core = cold.find((c) => c.module === 'keelson');

  // Report.
  console.log('\nPer variant and size (medians of the measured rounds; total = construct + synth/resolve, wall clock;'
    + ' CPU = user + system time of the worker over the same span; per app = total / N)\n');
  console.log(table(
    ['variant', 'N', 'construct ms', 'synth/resolve ms', 'total ms', 'CPU ms', 'per app µs', 'peak RSS MiB', 'output', 'objects'],
    [...rows].sort((a, b) => a.n - b.n || options.variants.indexOf(a.variant) - options.variants.indexOf(b.variant)).map((r) => [
      r.variant, String(r.n), fmt(r.constructMs), fmt(r.synthMs), fmt(r.totalMs), fmt(r.cpuMs), fmt(r.perAppUs), fmt(r.peakRssMb), bytes(r.outputBytes), String(r.objects),
    ]),
  ));
  const growthOf = (variant: Variant): number => {
    const a = row(variant, 1000);
    const b = row(variant, 3000);
    return a && b ? b.perAppUs / a.perAppUs : NaN;
  };
  console.log('\nGrowth: cost per app at N=3000 / at N=1000 — '
    + cdk8sVariants.map((v) => `${v} ${fmt(growthOf(v), 2)}`).join(', '));
  console.log('\nRatios (median of per-round ratios between adjacent runs; [min–max])\n');
  console.log(table(['ratio', 'N', 'median', 'range'], ratios.map((r) => [
    r.name, String(r.n), fmt(r.median, 3), `${fmt(Math.min(...r.ratios), 3)}–${fmt(Math.max(...r.ratios), 3)}`,
  ])));
  if (cold.length) {
    console.log('\nCold start: require() in a fresh process (median)\n');
    console.log(table(['module', 'loads', 'require ms', 'modules loaded'], cold.map((c) => [
      c.module,
      [c.loaded!.cdk8s && 'cdk8s', c.loaded!.cdk8sPlus && 'cdk8s-plus-27', c.loaded!.pulumi && '@pulumi'].filter(Boolean).join(', ') || 'no engine',
      fmt(c.requireMs, 1),
      String(c.modules),
    ])));
    console.log(`keelson/cdk8s − cdk8s (per round, median): ${fmt(coldDelta, 1)} ms`);
  }

  const targets = [
    ...[1000, 3000].map((n) => ({
      target: `keelson-cdk8s / raw-cdk8s ≤ 1.10 at N=${n}`, value: ratio('keelson-cdk8s / raw-cdk8s', n), limit: 1.1, cpu: ratio('CPU time keelson-cdk8s / raw-cdk8s', n),
    })),
    { target: 'keelson-pulumi / raw-pulumi ≤ 1.10 at N=1000', value: ratio('keelson-pulumi / raw-pulumi', 1000), limit: 1.1, cpu: ratio('CPU time keelson-pulumi / raw-pulumi', 1000) },
    { target: 'keelson-cdk8s cost per app at N=3000 ≤ 1.10 × at N=1000', value: growthOf('keelson-cdk8s'), limit: 1.1 },
    { target: 'keelson-cdk8s peak RSS ≤ 1.2 × raw-cdk8s at N=3000', value: ratio('peak RSS keelson-cdk8s / raw-cdk8s', 3000), limit: 1.2 },
    { target: 'import keelson/cdk8s − import cdk8s ≤ 30 ms', value: coldDelta, limit: 30 },
    { target: 'import keelson loads neither cdk8s nor Pulumi', value: core ? (core.loaded!.cdk8s || core.loaded!.cdk8sPlus || core.loaded!.pulumi ? 1 : 0) : NaN, limit: 0 },
  ].map((t) => ({ ...t, met: Number.isFinite(t.value) ? t.value <= t.limit : undefined }));
  console.log('\nChecks and targets\n');
  for (const c of [...checkOutcomes, ...identity]) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name} — ${c.detail}`);
  for (const t of targets) {
    const shown = t.target.startsWith('import keelson loads') ? (t.value === 0 ? 'none loaded' : 'loaded') : fmt(t.value, t.limit >= 30 ? 1 : 3);
    const cpuNote = 'cpu' in t && Number.isFinite(t.cpu) ? ` (same ratio in CPU time: ${fmt(t.cpu as number, 3)})` : '';
    console.log(`${t.met === undefined ? 'n/a ' : t.met ? 'met ' : 'MISS'} ${t.target}: ${t.met === undefined ? 'not measured in this run' : shown}${cpuNote}`);
  }

  if (options.profile.length) {
    const dir = path.join(RESULTS, 'profiles');
    fs.mkdirSync(dir, { recursive: true });
    for (const variant of options.profile) {
      const n = PULUMI_VARIANTS.includes(variant as never) ? Math.max(...options.pulumiSizes) : Math.max(...options.sizes);
      const name = `${variant}-${n}.cpuprofile`;
      runWorker(variant, n, templateFile, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`] });
      console.log(`\nCPU profile of ${variant} N=${n} (whole process, self time): bench/results/profiles/${name}\n${summariseProfile(path.join(dir, name), 15)}`);
    }
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}`, memoryMb: Math.round(os.totalmem() / 1024 / 1024) },
    options,
    summary: rows,
    ratios,
    coldStart: { medians: cold, keelsonCdk8sMinusCdk8sMs: coldDelta, deltas: coldDeltas },
    checks: [...checkOutcomes, ...identity],
    targets,
    runs: results,
    coldStartRuns: coldStarts,
    elapsedSeconds: (Date.now() - started) / 1000,
  };
  const file = path.join(RESULTS, `bench-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(report, null, 2));
  fs.rmSync(path.join(RESULTS, 'tmp'), { recursive: true, force: true });
  console.log(`\nResults: ${path.relative(ROOT, file)} (also bench/results/latest.json); ${fmt((Date.now() - started) / 1000)}s\n`);

  // Last: one line per size.
  for (const n of [...new Set(results.map((r) => r.n))].sort((a, b) => a - b)) {
    console.log(`ratio N=${n} keelson/raw-cdk8s=${fmt(ratio('keelson-cdk8s / raw-cdk8s', n), 3)} keelson/cdk8s-plus=${fmt(ratio('keelson-cdk8s / cdk8s-plus-27', n), 3)} keelson/raw-pulumi=${fmt(ratio('keelson-pulumi / raw-pulumi', n), 3)}`);
  }
  const failed = [...checkOutcomes, ...identity].some((c) => !c.ok);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
