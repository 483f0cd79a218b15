/**
 * StatefulApp bad input: every invalid prop produces the library's one error type,
 * KeelsonValidationError, with a problem at the exact property path — never a TypeError, never
 * output. Quorum with an even (or too small) replica count is an error, as documented.
 */
import {
  KeelsonValidationError,
  Port,
  Probe,
  StatefulAppProps,
  buildStatefulApp,
} from '../../lib';
import { Loose, STATEFUL_BAD_INPUT, entry, withProps, withoutReplicas } from '../helpers/bad-input/stateful-app';
import { paths, thrown, validationError } from '../helpers/fixtures';
import { minimalStatefulProps } from '../helpers/stateful';


describe('StatefulApp bad input', () => {
  it('has at least 25 cases', () => {
    expect(STATEFUL_BAD_INPUT.length).toBeGreaterThanOrEqual(25);
  });

  it.each(STATEFUL_BAD_INPUT.map(([what, props, at]) => [what, at, props] as const))('%s => KeelsonValidationError at path %j', (_what, expectedPath, props) => {
    const e = validationError(() => buildStatefulApp(props as StatefulAppProps));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e.constructType).toBe('StatefulApp');
    expect(paths(e)).toContain(expectedPath);
    for (const p of e.problems) {
      expect(typeof p.message).toBe('string');
      expect(p.message.length).toBeGreaterThan(0);
    }
    // No problem is reported twice.
    const lines = e.problems.map((p) => `${p.path}: ${p.message}`);
    expect(new Set(lines).size).toBe(lines.length);
    for (const p of e.problems) expect(e.message).toContain(p.path ? `: ${p.path}: ${p.message}` : `: ${p.message}`);
  });

  it('reports every problem of a badly broken props object in one error', () => {
    const props = {
      name: 'Bad DB',
      replicas: 4,
      containers: [{ image: 'postgres', ports: [Port.tcp(5432, { name: 'db' })] }],
      initContainers: [{ name: 'init', image: 'ghcr.io/acme/init:1.0.0', ports: [Port.tcp(1)], liveness: Probe.exec(['true']) }],
      storage: [
        { name: 'data', mountPath: 'relative', size: '-5Gi', accessModes: [], volumeMode: 'Raw' },
        { name: 'data', mountPath: '/wal', size: 'lots', accessModes: ['RWO'], containers: ['nobody'] },
        null,
      ],
      podManagementPolicy: 'Sequential',
      updatePartition: 9,
      disruptionBudget: { quorum: true, maxUnavailable: 1 },
      verticalAutoscaling: { mode: 'Sometimes', minAllowed: { cpu: '2' }, maxAllowed: { cpu: '1' } },
      volumeRetention: { whenScaled: 'Keep' },
      clusterDomain: 'Not A Domain',
      storageSize: '10Gi',
    } as unknown as StatefulAppProps;
    const e = validationError(() => buildStatefulApp(props));
    expect(paths(e)).toEqual(expect.arrayContaining([
      'storageSize',
      'name',
      'containers[0].image',
      'initContainers[0].ports',
      'initContainers[0].liveness',
      'storage[0].mountPath',
      'storage[0].size',
      'storage[0].accessModes',
      'storage[0].volumeMode',
      'storage[1].name',
      'storage[1].size',
      'storage[1].accessModes[0]',
      'storage[2]',
      'podManagementPolicy',
      'updatePartition',
      'disruptionBudget.quorum',
      'disruptionBudget.maxUnavailable',
      'verticalAutoscaling.mode',
      'verticalAutoscaling.maxAllowed.cpu',
      'volumeRetention.whenScaled',
      'clusterDomain',
    ]));
    expect(e.problems.length).toBeGreaterThanOrEqual(21);
    expect(e.message).toMatch(/^StatefulApp "Bad DB": \d+ problems in its props:\n/);
    expect(e.message.split('\n').length).toBe(e.problems.length + 1);
  });

  it('explains the quorum rules in its messages', () => {
    const even = validationError(() => buildStatefulApp(minimalStatefulProps({ replicas: 4, disruptionBudget: { quorum: true } })));
    expect(even.problems).toEqual([{ construct: 'db', path: 'disruptionBudget.quorum', message: expect.stringContaining('use an odd count'), type: 'conflict' }]);
    const small = validationError(() => buildStatefulApp(minimalStatefulProps({ replicas: 2, disruptionBudget: { quorum: true } })));
    expect(small.problems).toEqual([{ construct: 'db', path: 'disruptionBudget.quorum', message: expect.stringContaining('needs at least 3 replicas: with 2'), type: 'conflict' }]);
  });

  it('reports an invalid replica count once, not again through the checks that use it', () => {
    const e = validationError(() => buildStatefulApp(minimalStatefulProps({ replicas: 0, disruptionBudget: { quorum: true }, updatePartition: 2 })));
    expect(paths(e)).toEqual(['replicas']);
    const missing = validationError(() => buildStatefulApp({ ...withoutReplicas(), disruptionBudget: { quorum: true } } as StatefulAppProps));
    expect(paths(missing)).toEqual(['replicas']);
  });

  it('reports autoscaling that is not an object once', () => {
    const e = validationError(() => buildStatefulApp(withProps({ autoscaling: null })));
    expect(e.problems).toEqual([{ construct: 'db', path: 'autoscaling', message: 'must be an object, got null', type: 'invalid' }]);
  });

  it('says why a name is too long', () => {
    const e = validationError(() => buildStatefulApp(withProps({ name: `d${'b'.repeat(52)}` })));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0].message).toMatch(/at most 52 characters.*controller-revision-hash/);
  });

  it('never returns partial output: a throwing build hands back nothing', () => {
    let result: unknown = 'untouched';
    const error = thrown(() => {
      result = buildStatefulApp(minimalStatefulProps({ storage: [entry({ size: '0' })] } as Loose));
    });
    expect(error).toBeInstanceOf(KeelsonValidationError);
    expect(result).toBe('untouched');
  });

  it('does not modify the props it is given', () => {
    const props = minimalStatefulProps({ storage: [entry({ accessModes: ['ReadWriteOnce'], containers: ['db'] }) as any], verticalAutoscaling: { maxAllowed: { cpu: '2' } } });
    const before = JSON.stringify(props);
    buildStatefulApp(props);
    expect(JSON.stringify(props)).toBe(before);
  });
});
