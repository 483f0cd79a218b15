/**
 * Unit tests of the value types and small validators: Quantity, image references, Duration,
 * property paths and errors, and the CIDR check.
 */
import {
  Duration,
  KeelsonValidationError,
  Quantity,
} from '../../lib';
import { checkCidr } from '../../lib/core/validation/network-peer';
import { FieldPath, path } from '../../lib/core/validation/path';
import { Problems, formatProblem } from '../../lib/core/validation/problems';
import { checkImage, parseImage, pullPolicyFor, versionFromImage } from '../../lib/core/values/image';

const HEX64 = 'a'.repeat(40) + '0123456789abcdef01234567';

describe('Quantity', () => {
  it.each<[string, number]>([
    ['250m', 0.25],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['1', 1],
    ['1.5', 1.5],
    ['1k', 1000],
    ['1Ki', 1024],
    ['1Mi', 1024 ** 2],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['2Ti', 2 * 1024 ** 4],
    ['1M', 1e6],
    ['1G', 1e9],
    ['1e3', 1000],
    ['1E3', 1000],
    ['5e-1', 0.5],
    ['100n', 100e-9],
    ['10u', 10e-6],
    ['+3', 3],
    ['-1', -1],
  ])('parses %s as %d', (text, value) => {
    const q = Quantity.parse(text);
    expect(q.isValid).toBe(true);
    expect(q.toNumber()).toBeCloseTo(value, 9);
    expect(q.toString()).toBe(text);
  });

  it.each(['', 'lots', '1 Gi', '1gi', 'Ki', '1.2.3', '1Kib', '--1', '1e', '0x10', 'Infinity', 'NaN', '1e500', '1e-500', ' 1', '1 '])('rejects %j', (text) => {
    const q = Quantity.parse(text);
    expect(q.isValid).toBe(false);
    expect(q.isPositive).toBe(false);
    expect(q.toNumber()).toBeNaN();
  });

  it('compares exactly across units and notations', () => {
    expect(Quantity.parse('250m').compare(Quantity.parse('0.25'))).toBe(0);
    expect(Quantity.parse('1Ki').compare(Quantity.parse('1k'))).toBe(1);
    expect(Quantity.parse('1k').compare(Quantity.parse('1Ki'))).toBe(-1);
    expect(Quantity.parse('1Gi').compare(Quantity.parse('1024Mi'))).toBe(0);
    expect(Quantity.parse('1e3').compare(Quantity.parse('1k'))).toBe(0);
    expect(Quantity.parse('999m').compare(Quantity.parse('1'))).toBe(-1);
    // Beyond double precision: differs in the last nano of a large value.
    expect(Quantity.parse('9007199254740993n').compare(Quantity.parse('9007199254740992n'))).toBe(1);
  });

  it('rounds sub-nano precision up, as Kubernetes does', () => {
    expect(Quantity.parse('0.5n').compare(Quantity.parse('1n'))).toBe(0);
    expect(Quantity.parse('0.5n').isPositive).toBe(true);
  });

  it('knows positive from zero and negative', () => {
    expect(Quantity.parse('1m').isPositive).toBe(true);
    expect(Quantity.parse('0').isPositive).toBe(false);
    expect(Quantity.parse('0Mi').isPositive).toBe(false);
    expect(Quantity.parse('-1Mi').isPositive).toBe(false);
    expect(Quantity.parse('-1Mi').isValid).toBe(true);
  });

  it.each<[Quantity, string]>([
    [Quantity.millicores(250), '250m'],
    [Quantity.cores(2), '2'],
    [Quantity.cores(0.5), '0.5'],
    [Quantity.kibibytes(512), '512Ki'],
    [Quantity.mebibytes(256), '256Mi'],
    [Quantity.gibibytes(10), '10Gi'],
  ])('factory gives %s', (q, text) => {
    expect(q.toString()).toBe(text);
    expect(q.isValid).toBe(true);
  });

  it.each<[string, Quantity]>([
    ['NaN cores', Quantity.cores(NaN)],
    ['infinite mebibytes', Quantity.mebibytes(Infinity)],
    ['negative infinite millicores', Quantity.millicores(-Infinity)],
  ])('factories never throw: %s is an invalid quantity', (_what, q) => {
    expect(q.isValid).toBe(false);
  });

  it.each<[string, () => Quantity]>([
    ['parse(null)', () => Quantity.parse(null as any)],
    ['parse({})', () => Quantity.parse({} as any)],
    ['parse([1])', () => Quantity.parse([1] as any)],
    ['millicores(object without prototype)', () => Quantity.millicores(Object.create(null))],
    ['cores(undefined)', () => Quantity.cores(undefined as any)],
  ])('JavaScript garbage: %s is an invalid quantity, not a TypeError', (_what, make) => {
    expect(make().isValid).toBe(false);
  });

  it('factories accept negatives as valid but not positive (the construct reports them)', () => {
    expect(Quantity.mebibytes(-1).isValid).toBe(true);
    expect(Quantity.mebibytes(-1).isPositive).toBe(false);
  });

  it('of() passes a Quantity through and parses a string', () => {
    const q = Quantity.millicores(5);
    expect(Quantity.of(q)).toBe(q);
    expect(Quantity.of('5m').compare(q)).toBe(0);
  });

  it.each<[Quantity, number, string]>([
    [Quantity.parse('250m'), 4, '1'],
    [Quantity.mebibytes(256), 4, '1Gi'],
    [Quantity.parse('1Mi'), 1024, '1Gi'],
    [Quantity.parse('100m'), 3, '300m'],
    [Quantity.parse('1.5'), 1, '1500m'],
    [Quantity.parse('1'), 0, '0'],
    [Quantity.parse('3n'), 2, '6n'],
    [Quantity.parse('512Ki'), 2, '1Mi'],
  ])('%s times %d is %s', (q, n, text) => {
    const product = q.times(n);
    expect(product.isValid).toBe(true);
    expect(product.toString()).toBe(text);
    expect(product.compare(Quantity.parse(text))).toBe(0);
  });

  it('times a non-integer, or an invalid quantity, is invalid', () => {
    expect(Quantity.parse('1').times(1.5).isValid).toBe(false);
    expect(Quantity.parse('x').times(2).isValid).toBe(false);
  });

  it('plus adds exactly and picks a readable unit', () => {
    expect(Quantity.parse('500m').plus(Quantity.parse('0.5')).toString()).toBe('1');
    expect(Quantity.parse('512Mi').plus(Quantity.parse('512Mi')).toString()).toBe('1Gi');
    expect(Quantity.parse('1Mi').plus(Quantity.parse('1k')).toString()).toBe('1049576');
    expect(Quantity.parse('1').plus(Quantity.parse('x')).isValid).toBe(false);
    expect(Quantity.parse('x').plus(Quantity.parse('1')).isValid).toBe(false);
  });
});

describe('image references', () => {
  it.each<[string, { repository: string; tag?: string; digest?: string }]>([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['library/nginx:1.27-alpine', { repository: 'library/nginx', tag: '1.27-alpine' }],
    ['ghcr.io/acme/team/app:v2.0.1_rc1', { repository: 'ghcr.io/acme/team/app', tag: 'v2.0.1_rc1' }],
    ['registry.local:5000/team/app', { repository: 'registry.local:5000/team/app' }],
    ['registry.local:5000/team/app:2.0', { repository: 'registry.local:5000/team/app', tag: '2.0' }],
    ['localhost:5000/app:1', { repository: 'localhost:5000/app', tag: '1' }],
    [`ghcr.io/acme/app@sha256:${HEX64}`, { repository: 'ghcr.io/acme/app', digest: `sha256:${HEX64}` }],
    [`registry.local:5000/app:1.0@sha256:${HEX64}`, { repository: 'registry.local:5000/app', tag: '1.0', digest: `sha256:${HEX64}` }],
    ['my_org/my__app:1', { repository: 'my_org/my__app', tag: '1' }],
    ['localhost/app:1', { repository: 'localhost/app', tag: '1' }],
    ['Registry.Example.com/team/app:1', { repository: 'Registry.Example.com/team/app', tag: '1' }],
  ])('parses %s', (image, expected) => {
    expect(parseImage(image)).toEqual({ tag: undefined, digest: undefined, ...expected });
  });

  it.each([
    '',
    'Team/App:1.0',
    'Team/app:1.0', // a first component without '.', ':' or localhost is a path, and must be lowercase
    'nginx:',
    'nginx:-bad',
    ':1.0',
    'a//b:1',
    'nginx:1.0:2.0',
    'nginx@sha256:xyz',
    'nginx@sha256:',
    `nginx@${HEX64}`,
    `nginx:1@sha256:${HEX64}@sha256:${HEX64}`,
    'nginx:1.0 ',
    'nginx/:1',
    '-nginx:1',
    `nginx:${'a'.repeat(129)}`,
    `${'a'.repeat(256)}:1`,
  ])('rejects %j', (image) => {
    expect(parseImage(image)).toBeUndefined();
  });

  it('checkImage requires a tag other than latest, or a digest, unless unpinned images are allowed', () => {
    const problems = new Problems('StatelessApp', 'web');
    expect(checkImage(problems, 'containers[0].image', 'nginx:1.27', false)).toBeDefined();
    expect(checkImage(problems, 'containers[0].image', `nginx@sha256:${HEX64}`, false)).toBeDefined();
    expect(checkImage(problems, 'containers[0].image', `nginx:latest@sha256:${HEX64}`, false)).toBeDefined();
    expect(problems.count).toBe(0);
    checkImage(problems, 'a', 'nginx', false);
    checkImage(problems, 'b', 'nginx:latest', false);
    checkImage(problems, 'c', 'Nginx:1', true);
    expect(problems.count).toBe(3);
    expect(() => problems.throwIfAny()).toThrow(/a: "nginx" has no tag[\s\S]*b: "nginx:latest" uses the mutable "latest" tag[\s\S]*c: "Nginx:1" is not a valid image reference/);
    const allowed = new Problems('StatelessApp', 'web');
    checkImage(allowed, 'x', 'nginx', true);
    checkImage(allowed, 'x', 'nginx:latest', true);
    expect(allowed.count).toBe(0);
  });

  it('derives the version label from a valid tag only', () => {
    expect(versionFromImage(parseImage('nginx:1.27')!)).toBe('1.27');
    expect(versionFromImage(parseImage(`nginx@sha256:${HEX64}`)!)).toBeUndefined();
    expect(versionFromImage(parseImage(`nginx:${'a'.repeat(64)}`)!)).toBeUndefined();
    expect(versionFromImage(parseImage('nginx:1.0-')!)).toBeUndefined();
  });

  it('pulls tags Always and digests IfNotPresent', () => {
    expect(pullPolicyFor(parseImage('nginx:1.27')!)).toBe('Always');
    expect(pullPolicyFor(parseImage(`nginx:1.27@sha256:${HEX64}`)!)).toBe('IfNotPresent');
  });
});

describe('Duration', () => {
  it('converts between units', () => {
    expect(Duration.seconds(30).toMillis()).toBe(30_000);
    expect(Duration.minutes(5).toSeconds()).toBe(300);
    expect(Duration.millis(250).toSeconds()).toBe(0.25);
  });

  it.each<[Duration, string]>([
    [Duration.seconds(30), '30s'],
    [Duration.minutes(2), '120s'],
    [Duration.millis(250), '250ms'],
    [Duration.millis(1500), '1500ms'],
    [Duration.seconds(0), '0s'],
  ])('%s prints as %s', (d, text) => {
    expect(d.toString()).toBe(text);
  });

  it.each<[string, Duration, boolean, boolean]>([
    ['30s', Duration.seconds(30), true, true],
    ['0s', Duration.seconds(0), true, true],
    ['1500ms', Duration.millis(1500), true, false],
    ['-1s', Duration.seconds(-1), false, false],
    ['NaN', Duration.seconds(NaN), false, false],
    ['Infinity', Duration.minutes(Infinity), false, false],
  ])('%s: valid %s, whole seconds %s', (_what, d, valid, whole) => {
    expect(d.isValid).toBe(valid);
    expect(d.isWholeSeconds).toBe(whole);
  });
});

describe('Duration from JavaScript garbage', () => {
  it.each<[string, Duration]>([
    ['a numeric string', Duration.seconds('30' as any)],
    ['null', Duration.minutes(null as any)],
    ['an object without prototype', Duration.millis(Object.create(null))],
  ])('%s is invalid, not a TypeError or a coerced number', (_what, d) => {
    expect(d.isValid).toBe(false);
  });
});

describe('property paths and errors', () => {
  it.each<[ReadonlyArray<string | number>, string]>([
    [['containers', 0, 'image'], 'containers[0].image'],
    [['env', 'MY-VAR'], 'env["MY-VAR"]'],
    [['labels', 'app.kubernetes.io/name'], 'labels["app.kubernetes.io/name"]'],
    [['a', 'b c'], 'a["b c"]'],
    [['a', 'say "hi"'], 'a["say \\"hi\\""]'],
    [['', 'replicas'], 'replicas'],
    [['autoscaling', '', 'maxReplicas'], 'autoscaling.maxReplicas'],
    [['containers[0]', 'ports', 1, 'name'], 'containers[0].ports[1].name'],
    [['$x', '_y'], '$x._y'],
    [[0, 1], '[0][1]'],
    [['1VAR'], '["1VAR"]'],
    [[], ''],
  ])('path(%j) is %j', (parts, expected) => {
    expect(path(...parts)).toBe(expected);
  });

  it.each<[ReadonlyArray<string | number>, string]>([
    [['containers', 0, 'image'], 'containers[0].image'],
    [['containers', 0, 'env', 'MY-VAR'], 'containers[0].env["MY-VAR"]'],
    [['labels', 'app.kubernetes.io/name'], 'labels["app.kubernetes.io/name"]'],
    [['a', 'say "hi"'], 'a["say \\"hi\\""]'],
    [['storage', 1, 'accessModes', 0], 'storage[1].accessModes[0]'],
    [[0, 1], '[0][1]'],
    [[], ''],
  ])('a FieldPath built from %j formats as path() does (%j) and parses back to its segments', (parts, expected) => {
    let built = FieldPath.root();
    parts.forEach((p, i) => {
      if (typeof p === 'number') built = built.index(p);
      else built = i === 0 || /^[A-Za-z_$][\w$]*$/.test(p) ? built.child(p) : built.key(p);
    });
    expect(built.toString()).toBe(expected);
    expect(path(...parts)).toBe(expected);
    expect(FieldPath.parse(expected).toString()).toBe(expected);
    expect(FieldPath.parse(expected).segments.map((s) => (s.kind === 'index' ? s.index : s.kind === 'child' ? s.name : s.key))).toEqual(parts);
    expect(path(built)).toBe(expected);
    expect(path(built, 'x')).toBe(expected ? `${expected}.x` : 'x');
  });

  it('formats a problem with and without a path', () => {
    expect(formatProblem({ construct: 'web', path: 'containers[0].image', message: 'bad' })).toBe('web: containers[0].image: bad');
    expect(formatProblem({ construct: 'web', path: '', message: 'bad' })).toBe('web: bad');
  });

  it('collects problems in order and throws them all at once', () => {
    const problems = new Problems('StatelessApp', 'web');
    problems.throwIfAny(); // nothing yet
    problems.invalid('replicas', 'must be positive');
    problems.invalid('', 'must be an object');
    problems.required(FieldPath.root().child('name'), 'bad');
    expect(problems.count).toBe(3);
    let error: unknown;
    try {
      problems.throwIfAny();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeelsonValidationError);
    expect(error).toBeInstanceOf(Error);
    const e = error as KeelsonValidationError;
    expect(e.name).toBe('KeelsonValidationError');
    expect(e.constructType).toBe('StatelessApp');
    expect(e.problems.map((p) => p.path)).toEqual(['replicas', '', 'name']);
    expect(e.problems.map((p) => p.type)).toEqual(['invalid', 'invalid', 'required']);
    expect(e.message).toBe('StatelessApp "web": 3 problems in its props:\n  - web: replicas: must be positive\n  - web: must be an object\n  - web: name: bad');
    expect(e.stack).toContain('KeelsonValidationError');
  });

  it('says "problem" for one', () => {
    const e = new KeelsonValidationError('StatelessApp', [{ construct: 'api', path: 'x', message: 'y', type: 'invalid' }]);
    expect(e.message).toBe('StatelessApp "api": 1 problem in its props:\n  - api: x: y');
  });
});

describe('checkCidr', () => {
  it.each([
    '10.0.0.0/8',
    '0.0.0.0/0',
    '192.168.1.1/32',
    '10.1.2.3/16',
    '255.255.255.255/32',
    '2001:db8::/32',
    '::/0',
    '::1/128',
    'fe80::1/64',
    '2001:0db8:0000:0000:0000:0000:0000:0001/128',
    '2001:DB8::/48',
  ])('accepts %s', (cidr) => {
    expect(checkCidr(cidr)).toBe(true);
  });

  it.each<unknown>([
    '10.0.0.0',
    '10.0.0.0/',
    '10.0.0.0/33',
    '10.0.0.0/a',
    '10.0.0.0/8/9',
    '10.0.0/8',
    '10.0.0.0.0/8',
    '256.0.0.0/8',
    '01.0.0.0/8',
    '-1.0.0.0/8',
    '10.0.0.0/1000',
    '2001:db8::/129',
    '2001:db8:::/32',
    '1::2::3/64',
    'g::/8',
    '2001:db8:0:0:0:0:0:0:1/64',
    '2001:db8:0:0:0:0:0/64',
    '12345::/16',
    '/8',
    '',
    'localhost/8',
    123,
    null,
    undefined,
    { cidr: '10.0.0.0/8' },
  ])('rejects %j', (cidr) => {
    expect(checkCidr(cidr)).toBe(false);
  });
});
