/**
 * Bad input: every invalid prop produces the library's one error type, KeelsonValidationError,
 * with a problem at the exact property path — never a TypeError, never output.
 */
import {
  Duration,
  KeelsonValidationError,
  NetworkPeer,
  StatelessAppProps,
  buildStatelessApp, Exposure,
} from '../../lib';
import { BAD_INPUT, IMAGE } from '../helpers/bad-input/stateless-app';
import { minimalProps, paths, thrown, validationError } from '../helpers/fixtures';


describe('StatelessApp bad input', () => {
  it('has at least 30 cases', () => {
    expect(BAD_INPUT.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD_INPUT.map(([what, props, at]) => [what, at, props] as const))('%s => KeelsonValidationError at path %j', (_what, expectedPath, props) => {
    const e = validationError(() => buildStatelessApp(props as StatelessAppProps));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('KeelsonValidationError');
    expect(e.constructType).toBe('StatelessApp');
    expect(paths(e)).toContain(expectedPath);
    for (const p of e.problems) {
      expect(typeof p.message).toBe('string');
      expect(p.message.length).toBeGreaterThan(0);
    }
    // The message lists every problem with its path.
    for (const p of e.problems) expect(e.message).toContain(p.path ? `: ${p.path}: ${p.message}` : `: ${p.message}`);
  });

  it('reports every problem of a badly broken props object in one error', () => {
    const props = {
      name: 'Web App',
      namespace: 'Shop_NS',
      replicas: -2,
      containers: [
        { image: 'nginx', ports: ['80'], resources: { memory: { request: '1Gi', limit: '1Mi' } }, env: { '1X': 'y' } },
        { image: 'busybox:latest' },
      ],
      disruptionBudget: { maxUnavailable: 0 },
      allowFrom: [NetworkPeer.cidr('300.0.0.0/8')],
      exposure: Exposure.ingress({ hosts: [] }),
      terminationGracePeriod: Duration.seconds(-5),
      extra: true,
    } as unknown as StatelessAppProps;
    const e = validationError(() => buildStatelessApp(props));
    expect(paths(e)).toEqual(expect.arrayContaining([
      'extra',
      'name',
      'namespace',
      'replicas',
      'containers[0].image',
      'containers[0].ports[0]',
      'containers[0].resources.memory.limit',
      'containers[0].env["1X"]',
      'containers[1].name',
      'containers[1].image',
      'disruptionBudget.maxUnavailable',
      'allowFrom[0].cidr',
      'exposure.hosts',
      'terminationGracePeriod',
    ]));
    expect(e.problems.length).toBeGreaterThanOrEqual(14);
    expect(e.message).toMatch(/^StatelessApp "Web App": \d+ problems in its props:\n/);
    expect(e.message.split('\n').length).toBe(e.problems.length + 1);
  });

  it('names the construct and the property path in each message line', () => {
    const e = validationError(() => buildStatelessApp(minimalProps({ containers: [{ image: 'nginx' }] })));
    expect(e.problems).toEqual([{ construct: 'web', path: 'containers[0].image', message: expect.stringContaining('"nginx" has no tag'), type: 'invalid' }]);
    expect(e.message).toBe(`StatelessApp "web": 1 problem in its props:\n  - web: containers[0].image: ${e.problems[0].message}`);
  });

  it('never returns partial output: a throwing build hands back nothing', () => {
    let result: unknown = 'untouched';
    const error = thrown(() => {
      result = buildStatelessApp(minimalProps({ replicas: 0 }));
    });
    expect(error).toBeInstanceOf(KeelsonValidationError);
    expect(result).toBe('untouched');
  });

  it('does not modify the props it is given', () => {
    const props = minimalProps({ labels: { team: 'a' }, containers: [{ image: IMAGE, env: { A: 'b' }, writablePaths: ['/tmp'] }] });
    const before = JSON.stringify(props);
    buildStatelessApp(props);
    expect(JSON.stringify(props)).toBe(before);
  });
});
