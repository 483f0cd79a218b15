/**
 * Outputs of bad values at every input slot, measured as a Pulumi program sees them (in a process
 * of its own, test/helpers/pulumi-async-probe.ts): nothing thrown at once, no Kubernetes child
 * registered, and exactly one error object — the library's, with the problems cdk8s reports for
 * the same values given plainly — however many children the component has.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROBE_SCENARIOS } from '../helpers/input-cases';
import { EXIT_CODE, ProbeResult } from '../helpers/pulumi-async-probe';

const root = path.join(__dirname, '..', '..');
let results: ProbeResult[];

beforeAll(() => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-probe-')), 'results.json');
  const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'test', 'helpers', 'pulumi-async-probe.ts'), out], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, KEELSON_LOCK: 'off' },
    timeout: 300_000,
  });
  expect(run.status).toBe(EXIT_CODE);
  results = JSON.parse(fs.readFileSync(out, 'utf8'));
}, 320_000);

test('the probe ran every scenario', () => {
  expect(results.map((r) => r.name)).toEqual(PROBE_SCENARIOS.map((s) => s.name));
});

describe.each(PROBE_SCENARIOS.map((s, i) => [s.name, i] as const))('%s', (_name, i) => {
  test('nothing at once, no child registered, one error: the library\'s, with cdk8s\'s problems for the plain values', () => {
    const r = results[i];
    expect(r.sync).toBeUndefined();
    expect(r.children).toEqual([]);
    expect(r.expected?.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.any(String) })]));
    // The message as cdk8s gives it: nothing prefixed by the resources that failed on it.
    expect(r.errors).toEqual([{ name: 'KeelsonValidationError', message: r.expected!.message, problems: r.expected!.problems }]);
    // Every child fails on the same error object; Pulumi reports it once.
    expect(r.rejections).toBeGreaterThanOrEqual(1);
  });
});
