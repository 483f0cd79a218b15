/**
 * Measures how long `require(<module>)` takes in this fresh process, and which engines it loaded:
 * `node bench/out/cold-start.js <module> <result.json>`.
 */
import * as fs from 'fs';
import type { ColdStartResult } from './protocol';

const [specifier, resultFile] = process.argv.slice(2);
const before = new Set(Object.keys(require.cache));
const t0 = performance.now();
require(specifier);
const requireMs = performance.now() - t0;
const files = Object.keys(require.cache).filter((f) => !before.has(f));
const has = (re: RegExp): boolean => files.some((f) => re.test(f));
const result: ColdStartResult = {
  module: specifier,
  requireMs,
  loaded: {
    cdk8s: has(/node_modules[\\/]cdk8s[\\/]/),
    cdk8sPlus: has(/node_modules[\\/]cdk8s-plus-27[\\/]/),
    pulumi: has(/node_modules[\\/]@pulumi[\\/]/),
  },
  modules: files.length,
};
fs.writeFileSync(resultFile, JSON.stringify(result));
