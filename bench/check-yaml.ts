/**
 * Differential check of keelson's fast YAML printer against cdk8s's: `stringifyYaml(...docs)` must
 * equal `Yaml.stringify(...docs)` byte for byte, for hand-picked tricky values (YAML 1.1 booleans,
 * numbers in strings, indicators, quotes, control characters, long keys, shared references...) and
 * for random JSON-like documents. `node bench/out/check-yaml.js [runs]`; exits 1 on a difference.
 * The benchmark runs it before timing anything (the fast path is only worth having if it is exact).
 */
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { stringifyYaml } from 'keelson/cdk8s';

const TRICKY_STRINGS = [
  '', ' ', '  x', 'x ', 'x  y', '\t', 'a\tb', '\n', 'a\nb', 'a\n', '\na', 'a\r\nb', 'a\n\nb', ' a\n b', '\u0000', '\u0007', '\u007f', '\u0085', '\u2028', '\ud800',
  'y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'yEs', 'tRue', 'onx', 'nox', 'null', 'Null', 'NULL', 'nUll', '~', '-', '?', ':', '- x', '? x', ': x', '-x', '?x', ':x', 'x:', 'x: y', 'x:y', 'x :y',
  '#', '#x', 'x #y', 'x#y', '&x', '*x', '!x', '|x', '>x', "'x", '"x', '%x', '@x', '`x', '[x', ']x', '{x', '}x', ',x', 'x,y', 'x[y]', 'x{y}',
  '---', '--- x', '---x', '...', '... x', 'x\n---', 'x\n...', '%YAML', 'a---b', "it's", 'say "hi"', `both ' and "`, '\\', 'a\\nb',
  '0', '1', '-1', '+1', '01', '08', '0o17', '017', '0x1F', '0b101', '1_000', '1.0', '1.', '.5', '-.5', '1e3', '1E-3', '.inf', '-.Inf', '.NaN', '.nan',
  '1:20', '1:20:30', '1:20.5', '190:20:30', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-12-14', '<<', '=', '1.4.2', 'v1.4.2',
  '25%', '100m', '128Mi', '/tmp', '/', '//x', 'http://example.com/a?b=c#d', 'ghcr.io/acme/app:1.4.2', 'app@sha256:abc', 'app.kubernetes.io/name', 'a/b/c',
  'é', 'ünïcödé', '日本語', '😀', 'x😀', 'Ω≈ç', 'a'.repeat(1025), `${'k'.repeat(1020)}:abc`, 'x'.repeat(5000),
];

function check(label: string, docs: unknown[]): string | undefined {
  const expected = Yaml.stringify(...docs);
  const actual = stringifyYaml(...docs);
  if (actual === expected) return undefined;
  const e = expected.split('\n');
  const a = actual.split('\n');
  const i = e.findIndex((line, j) => line !== a[j]);
  return `${label}: differs at line ${i + 1}: expected ${JSON.stringify(e[i])}, got ${JSON.stringify(a[i])}\ninput: ${JSON.stringify(docs).slice(0, 500)}`;
}

function main(): void {
  const runs = Number(process.argv[2] ?? 1000);
  const failures: string[] = [];
  const fail = (f: string | undefined): void => {
    if (f) failures.push(f);
  };

  // Every tricky string as a value, as a key, in a sequence, nested, and as a whole document.
  for (const s of TRICKY_STRINGS) {
    fail(check(`value ${JSON.stringify(s).slice(0, 40)}`, [{ a: s, b: { c: s }, d: [s, [s], { e: s }] }]));
    fail(check(`key ${JSON.stringify(s).slice(0, 40)}`, [{ [s]: 'v', n: { [s]: { [s]: [1] } }, l: [{ [s]: s }] }]));
    fail(check(`document ${JSON.stringify(s).slice(0, 40)}`, [s]));
  }
  // Other scalars and shapes.
  const shared = { x: 1 };
  const sharedList = ['a'];
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const odd: [string, unknown[]][] = [
    ['numbers', [{ a: 0, b: -0, c: 1.5, d: -7, e: 2 ** 53, f: 2 ** 53 - 1, g: NaN, h: Infinity, i: -Infinity, j: 1e21, k: 1e-7, l: 0.1 }]],
    ['booleans and nulls', [{ a: true, b: false, c: null, d: undefined, e: [null, undefined, true] }]],
    ['empty', [{}, [], { a: {}, b: [], c: [{}, [], [[]], [{}]] }]],
    ['nested sequences', [{ a: [[1, 2], [[3], 4], [{ b: [5, [6]] }]] }]],
    ['deep', [{ a: { b: { c: { d: { e: { f: [{ g: { h: ['i'] } }] } } } } } }]],
    ['shared object', [{ a: shared, b: shared }]],
    ['shared list', [{ a: sharedList, b: { c: sharedList } }]],
    ['cycle', [cyclic]],
    ['sparse array', [{ a: [1, , 3] }]], // eslint-disable-line no-sparse-arrays
    ['class instance', [{ a: new Date(0), b: new Map([[1, 2]]) }]],
    ['null prototype', [Object.assign(Object.create(null), { a: 1, b: { c: 'd' } })]],
    ['bigint', [{ a: BigInt(12) }]],
    ['documents', [{ a: 1 }, undefined, { b: 2 }, 'text', 3, null, [1, 2], undefined]],
  ];
  for (const [label, docs] of odd) fail(check(label, docs));

  // Random JSON-like documents, with keys and strings drawn partly from the tricky ones.
  const text = fc.oneof(
    fc.constantFrom(...TRICKY_STRINGS),
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.stringMatching(/^[a-z0-9./:@%_-]{0,16}$/),
  );
  const { doc } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      tie('list'),
      tie('map'),
    ),
    list: fc.array(tie('value'), { maxLength: 4 }),
    map: fc.dictionary(text, tie('value'), { maxKeys: 5 }),
    doc: fc.dictionary(text, tie('value'), { minKeys: 1, maxKeys: 6 }),
  }));
  const property = fc.property(fc.array(doc, { minLength: 1, maxLength: 3 }), (docs) => check('random', docs) === undefined);
  const random = fc.check(property, { numRuns: runs, seed: 20261121 });
  if (random.failed) fail(check('random (shrunk)', random.counterexample![0] as unknown[]));

  const cases = TRICKY_STRINGS.length * 3 + odd.length + runs;
  if (failures.length) {
    console.error(`fast YAML differs from cdk8s's Yaml.stringify in ${failures.length} of ${cases} cases:\n${failures.slice(0, 10).join('\n')}`);
    process.exit(1);
  }
  console.log(`fast YAML = cdk8s Yaml.stringify in ${cases} cases (${TRICKY_STRINGS.length} tricky strings as values, keys and documents; ${odd.length} odd shapes; ${runs} random documents)`);
}

main();
