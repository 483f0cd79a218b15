/**
 * Runs ONE variant at ONE size in this (fresh) process and writes its RunResult as JSON:
 * `node bench/out/worker.js <variant> <n> <template.json> <result.json> [<dump file>]`.
 * The orchestrator never measures two variants in one process.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import type { RunResult, Template, Variant } from './protocol';
import type { Measured } from './variants-cdk8s';

const RUNNERS: Record<Variant, (n: number, template: Template) => Measured | Promise<Measured>> = {
  'floor': (n, t) => require('./variants-cdk8s').floor(n, t),
  'raw-cdk8s': (n, t) => require('./variants-cdk8s').rawCdk8s(n, t),
  'keelson-cdk8s': (n) => require('./variants-cdk8s').keelsonCdk8s(n),
  'keelson-cdk8s-fast': (n) => require('./variants-cdk8s').keelsonCdk8sFast(n),
  'cdk8s-plus-27': (n, t) => require('./variants-cdk8s').cdk8sPlus(n, t),
  'raw-pulumi': (n, t) => require('./variants-pulumi').rawPulumi(n, t),
  'keelson-pulumi': (n) => require('./variants-pulumi').keelsonPulumi(n),
};

async function main(): Promise<void> {
  const [variant, size, templateFile, resultFile, dumpFile] = process.argv.slice(2);
  const runner = RUNNERS[variant as Variant];
  if (!runner || !resultFile) throw new Error(`usage: worker.js <${Object.keys(RUNNERS).join('|')}> <n> <template.json> <result.json> [dump]`);
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8')) as Template;
  const n = Number(size);
  const m = await runner(n, template);
  const result: RunResult = {
    variant: variant as Variant,
    n,
    importMs: m.importMs,
    constructMs: m.constructMs,
    synthMs: m.synthMs,
    totalMs: m.constructMs + m.synthMs,
    cpuMs: m.cpuMs,
    peakRssMb: m.maxRssKb / 1024,
    outputBytes: Buffer.byteLength(m.output),
    outputHash: createHash('sha256').update(m.output).digest('hex'),
    objects: m.objects,
  };
  if (dumpFile) fs.writeFileSync(dumpFile, m.output);
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

main().then(
  // Pulumi's runtime may keep handles open; the result is written, so leave now.
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
