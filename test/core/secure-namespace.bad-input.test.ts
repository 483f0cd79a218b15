/**
 * SecureNamespace bad input: every invalid prop gives the library's one error,
 * KeelsonValidationError, with a problem at the exact property path — never a TypeError, never output.
 */
import { KeelsonValidationError, NetworkEgress, NetworkPeer, SecureNamespaceProps, buildSecureNamespace } from '../../lib';
import { BAD_INPUT, ns } from '../helpers/bad-input/secure-namespace';
import { paths, thrown, validationError } from '../helpers/fixtures';


describe('SecureNamespace bad input', () => {
  it('has at least 15 cases', () => {
    expect(BAD_INPUT.length).toBeGreaterThanOrEqual(15);
  });

  it.each(BAD_INPUT.map(([what, props, at]) => [what, at, props] as const))('%s => KeelsonValidationError at path %j', (_what, expectedPath, props) => {
    const e = validationError(() => buildSecureNamespace(props as SecureNamespaceProps));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e.constructType).toBe('SecureNamespace');
    expect(paths(e)).toContain(expectedPath);
    for (const p of e.problems) expect(e.message).toContain(p.path ? `: ${p.path}: ${p.message}` : `: ${p.message}`);
  });

  it('reports every problem of a badly broken props object in one error', () => {
    const e = validationError(() => buildSecureNamespace({
      name: 'Shop',
      podSecurity: { enforce: 'strict', version: '1.30' },
      quota: { cpu: { request: 'x' }, memory: { request: '16Gi', limit: '1Gi' }, pods: -3 },
      limitRange: { cpu: { defaultRequest: '2', defaultLimit: '1' } },
      network: { allowTo: [NetworkEgress.to(NetworkPeer.cidr('300.1.1.1/8'))] },
      access: { teamRole: 'root' },
      mesh: { mtls: 'OFF' },
      extra: 1,
    } as unknown as SecureNamespaceProps));
    expect(paths(e)).toEqual(expect.arrayContaining([
      'extra', 'name', 'podSecurity.version', 'podSecurity.enforce', 'quota.cpu.request', 'quota.memory.limit', 'quota.pods',
      'limitRange.cpu.defaultLimit', 'network.allowTo[0].peer.cidr', 'access.teamRole', 'mesh.mtls',
    ]));
    expect(e.message).toMatch(/^SecureNamespace "Shop": \d+ problems in its props:\n/);
    expect(e.message.split('\n').length).toBe(e.problems.length + 1);
  });

  it('says why, with the numbers', () => {
    const e = validationError(() => buildSecureNamespace({ name: 'shop', limitRange: { cpu: { defaultRequest: '500m', defaultLimit: '250m' } } }));
    expect(e.problems).toEqual([{
      construct: 'shop',
      path: 'limitRange.cpu.defaultLimit',
      message: '250m is below the defaultRequest 500m; cpu needs min ≤ defaultRequest ≤ defaultLimit ≤ max',
      type: 'conflict',
    }]);
  });

  it('never returns partial output', () => {
    let result: unknown = 'untouched';
    expect(thrown(() => { result = buildSecureNamespace(ns({ quota: { pods: -1 } })); })).toBeInstanceOf(KeelsonValidationError);
    expect(result).toBe('untouched');
  });
});
