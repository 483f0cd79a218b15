/**
 * keelson/cdk8s `synthYaml(app)` is only worth having if it is exact: the same bytes as cdk8s's
 * `app.synthYaml()` (and `stringifyYaml` as cdk8s's `Yaml.stringify`), for the example app, for
 * strings YAML treats specially, and for random JSON-like documents.
 */
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import fc from 'fast-check';
import { buildApp } from '../../examples/cdk8s/main';
import { StatelessApp, stringifyYaml, synthYaml } from '../../lib/cdk8s';

const TRICKY = [
  '', ' ', 'x ', '\t', 'a\nb', 'a\n', '\u0000', '\u2028', 'y', 'Y', 'yes', 'No', 'on', 'Off', 'true', 'FALSE', 'null', '~',
  '-', '?', ':', '- x', 'x: y', '#x', 'x #y', '&x', '*x', '!x', '|x', '>x', "'x", '"x', '%x', '@x', '`x', '[x', '{x', ',x',
  '---', '...', "it's", 'say "hi"', '\\', '0', '01', '0x1F', '0o17', '1_000', '1.0', '.5', '1e3', '.inf', '.NaN', '1:20', '2001-12-14',
  '<<', '=', '1.4.2', '25%', '100m', '128Mi', '/tmp', 'ghcr.io/acme/app:1.4.2', 'é', '日本語', '😀', 'a'.repeat(1025),
  // An exponent alone reads as a float in YAML 1.1 (the mantissa is optional): found by the random test below.
  'E0', 'e5', 'e-5', 'e01', 'E1.5',
];

describe('synthYaml / stringifyYaml', () => {
  test('the example app: the same bytes as app.synthYaml()', () => {
    const app = buildApp(path.join(os.tmpdir(), 'keelson-synth-never-written'));
    expect(synthYaml(app)).toBe(app.synthYaml());
  });

  test('several charts, JSON patches and an empty app', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'a' });
    const b = new Chart(app, 'b');
    const web = new StatelessApp(a, 'web', { containers: [{ image: 'ghcr.io/acme/web:1.0.0' }] });
    web.deployment.metadata.addAnnotation('note', 'yes');
    new StatelessApp(b, 'api', { containers: [{ image: 'ghcr.io/acme/api:2.0.0' }], autoscaling: { maxReplicas: 5 } });
    expect(synthYaml(app)).toBe(app.synthYaml());
    const empty = new App({ outdir: path.join(os.tmpdir(), 'keelson-synth-empty') });
    expect(synthYaml(empty)).toBe(empty.synthYaml());
  });

  test.each(TRICKY.map((s) => [JSON.stringify(s).slice(0, 40), s]))('string %s as key and value', (_, s) => {
    const docs = [{ [s || 'empty']: s, list: [s, { k: s }], nested: { deep: [s] } }];
    expect(stringifyYaml(...docs)).toBe(Yaml.stringify(...docs));
  });

  test('random JSON-like documents', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(), fc.constantFrom(...TRICKY), fc.integer(), fc.boolean(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...TRICKY)), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(fc.property(fc.array(fc.dictionary(fc.string(), json, { maxKeys: 5 }), { minLength: 1, maxLength: 3 }), (docs) => {
      expect(stringifyYaml(...docs)).toBe(Yaml.stringify(...docs));
    }), { numRuns: 300 });
  });
});
