/**
 * CanaryRelease bad input: every invalid prop produces the library's one error type,
 * KeelsonValidationError, with a problem at the exact property path (and, unless a row says
 * otherwise, nothing else) — never a TypeError, never output. Then JavaScript garbage in every prop
 * and every routing option, and many problems reported in one error.
 *
 * Two validations of the issue are structural rather than rows here: the subset names are fixed
 * (`stable`, `canary`: DNS labels, asserted in the options test), and route weights are `100 - w`
 * and `w` from one validated weight, so they always sum to 100 (asserted for every combination in
 * the options test). "Subset labels select the pods that exist" is a row wherever a route could
 * point at a track that is not deployed (a match, a mirror, a header, an active colour without a
 * canary).
 */
import {
  CanaryMatch,
  CanaryReleaseProps,
  CanaryRouting,
  Duration,
  KeelsonValidationError,
  Quantity,
  buildCanaryRelease,
} from '../../lib';
import { BAD_INPUT, garbageCases, istio, withCanary, withProps } from '../helpers/bad-input/canary-release';
import { CANARY_IMAGE, STABLE_IMAGE, canaryProps } from '../helpers/canary';
import { paths, thrown, validationError } from '../helpers/fixtures';


describe('CanaryRelease bad input', () => {
  it('has a row for each validation of the issue (at least 25)', () => {
    expect(BAD_INPUT.length).toBeGreaterThanOrEqual(25);
  });

  it.each(BAD_INPUT)('%s', (_, props, expected) => {
    const e = validationError(() => buildCanaryRelease(props as CanaryReleaseProps));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e.constructType).toBe('CanaryRelease');
    expect(paths(e)).toEqual(expected);
    for (const p of e.problems) {
      expect(typeof p.message).toBe('string');
      expect(p.message.length).toBeGreaterThan(0);
      expect(e.message).toContain(p.path ? `: ${p.path}: ${p.message}` : `: ${p.message}`);
    }
  });

  it('explains the fix in the message where there is one', () => {
    const messages = (props: unknown) => validationError(() => buildCanaryRelease(props as CanaryReleaseProps)).problems.map((p) => p.message);
    expect(messages(withCanary({ image: STABLE_IMAGE }))).toEqual(['runs the same image, env and resources as stable: a canary must differ (change the image, or env/resources)']);
    expect(messages(istio({ retries: { attempts: 0, perTryTimeout: Duration.seconds(1) } }))).toEqual(['is set but attempts is 0, which turns retries off: istiod rejects a retry policy without retries; remove it or raise attempts']);
    expect(messages(istio({ match: [CanaryMatch.headerExact('X-Canary', 'a')] }))[0]).toContain('must be a lowercase HTTP header name');
    expect(messages(istio({ match: [CanaryMatch.headerRegex('x', '(?!a)')] }))[0]).toContain('RE2');
    expect(messages(withProps({ namespace: undefined }))[0]).toContain('<name>.<namespace>.svc.cluster.local');
  });
});

describe('CanaryRelease with JavaScript garbage', () => {
  const cases = garbageCases();

  it('throws nothing but KeelsonValidationError, whatever the prop or routing option (over 1000 builds)', () => {
    expect(cases.length).toBeGreaterThan(1000);
    const other: string[] = [];
    let rejected = 0;
    for (const [what, props] of cases) {
      const e = thrown(() => buildCanaryRelease(props as CanaryReleaseProps));
      if (e === undefined) continue;
      if (e instanceof KeelsonValidationError) rejected++;
      else other.push(`${what}: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    }
    expect(other).toEqual([]);
    expect(rejected).toBeGreaterThan(cases.length / 2);
  });
});

describe('CanaryRelease error reporting', () => {
  it('reports every problem of a badly broken props object in one error', () => {
    const props = {
      name: 'Api',
      containers: [{ image: 'ghcr.io/acme/api', resources: { memory: { request: '1Gi', limit: '1Mi' } } }],
      stable: { replicas: 0, colour: 'blue' },
      canary: { image: 'ghcr.io/acme/api:latest', weight: 140, env: { '1X': 'y' }, autoscaling: { maxReplicas: 3 } },
      routing: CanaryRouting.istio({
        apiVersion: 'v2' as any,
        gateways: ['Bad/Gw'],
        match: [CanaryMatch.headerExact('X-Canary', 'y'), CanaryMatch.headerRegex('x-a', '(')],
        mirrorPercent: 0,
        retries: { attempts: 0, perTryTimeout: Duration.seconds(1) },
        timeout: Duration.millis(0),
        tlsMode: 'MUTUAL' as any,
        outlierDetection: { maxEjectionPercent: 0 },
      }),
      disruptionBudget: { maxUnavailable: 0 },
      extra: true,
    } as unknown as CanaryReleaseProps;
    const e = validationError(() => buildCanaryRelease(props));
    expect(paths(e)).toEqual(expect.arrayContaining([
      'extra',
      'name',
      'namespace',
      'stable.colour',
      'stable.replicas',
      'canary.weight',
      'canary.image',
      'canary.env["1X"]',
      'canary.autoscaling.minReplicas',
      'containers[0].image',
      'containers[0].resources.memory.limit',
      'disruptionBudget.maxUnavailable',
      'routing.apiVersion',
      'routing.gateways[0]',
      'routing.externalHosts',
      'routing.match[0].name',
      'routing.match[1].regex',
      'routing.mirrorPercent',
      'routing.retries.perTryTimeout',
      'routing.timeout',
      'routing.tlsMode',
      'routing.outlierDetection.maxEjectionPercent',
    ]));
    expect(e.problems.length).toBeGreaterThanOrEqual(22);
    expect(e.message).toMatch(/^CanaryRelease "Api": \d+ problems in its props:\n/);
    expect(e.message.split('\n').length).toBe(e.problems.length + 1);
  });

  it('never returns partial output, and does not modify the props it is given', () => {
    let result: unknown = 'untouched';
    expect(thrown(() => {
      result = buildCanaryRelease(withCanary({ weight: 101 }));
    })).toBeInstanceOf(KeelsonValidationError);
    expect(result).toBe('untouched');
    const props = canaryProps({
      containers: [{ image: STABLE_IMAGE, env: { A: '1' } }],
      canary: { image: CANARY_IMAGE, env: { B: '2' }, resources: { cpu: { request: Quantity.millicores(200) } } },
      routing: CanaryRouting.istio({ match: [CanaryMatch.headerExact('x-canary', 'y')], gateways: ['istio-ingress/gw'], externalHosts: ['api.example.com'] }),
    });
    // Quantities hold bigints, which JSON.stringify refuses.
    const snapshot = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x));
    const before = snapshot(props);
    buildCanaryRelease(props);
    expect(snapshot(props)).toBe(before);
  });
});
