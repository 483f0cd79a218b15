/**
 * fast-check arbitraries for SecureNamespace props.
 */
import fc from 'fast-check';
import { dnsLabel } from './arbitraries';
import { NetworkEgress, NetworkPeer, Quantity, SecureNamespaceProps, Subject } from '../../lib';

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const mebis = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => Quantity.mebibytes(n));
// Neither reserved nor `default` (a risk to acknowledge).
const name = dnsLabel.filter((n) => !n.startsWith('kube-') && n !== 'default');

/** Valid props: bounds drawn so that min ≤ defaultRequest ≤ defaultLimit ≤ max always holds. */
export const validNamespaceProps: fc.Arbitrary<SecureNamespaceProps> = fc.record({
  name,
  partOf: opt(fc.constantFrom('shop', 'payments')),
  podSecurity: opt(fc.record({
    enforce: opt(fc.constantFrom('privileged', 'baseline', 'restricted') as fc.Arbitrary<'privileged' | 'baseline' | 'restricted'>),
    warn: opt(fc.constantFrom('baseline', 'restricted') as fc.Arbitrary<'baseline' | 'restricted'>),
    version: opt(fc.oneof(fc.constant('latest'), fc.integer({ min: 0, max: 40 }).map((n) => `v1.${n}`))),
  }, { requiredKeys: [] })),
  quota: opt(fc.record({
    // Quotas of zero admit nothing: a risk to acknowledge, so valid props keep to one and more.
    cpu: opt(fc.integer({ min: 1, max: 64_000 }).chain((r) => fc.record({ request: fc.constant(Quantity.millicores(r)), limit: opt(fc.integer({ min: r, max: 128_000 }).map((l) => Quantity.millicores(l))) }, { requiredKeys: ['request'] }))),
    pods: opt(fc.integer({ min: 1, max: 1000 })),
    loadBalancers: opt(fc.integer({ min: 0, max: 3 })),
    storage: opt(fc.integer({ min: 60, max: 2000 }).map((n) => Quantity.gibibytes(n))),
    scoped: opt(fc.uniqueArray(fc.record({ name: fc.constantFrom('high', 'low', 'batch'), priorityClasses: fc.constant(['high']), pods: fc.integer({ min: 1, max: 9 }) }), { selector: (s) => s.name, maxLength: 2 })),
  }, { requiredKeys: [] })),
  limitRange: opt(fc.record({
    // From 10m: the max and the default limit are limits, which the kubelet enforces from 10m.
    cpu: opt(fc.tuple(
      fc.integer({ min: 10, max: 50 }),
      fc.integer({ min: 0, max: 500 }),
      fc.integer({ min: 0, max: 500 }),
      fc.integer({ min: 0, max: 4000 }),
    ).map(([min, a, b, c]) => ({
      min: Quantity.millicores(min),
      defaultRequest: Quantity.millicores(min + a),
      defaultLimit: Quantity.millicores(min + a + b),
      max: Quantity.millicores(min + a + b + c),
    }))),
    memory: opt(fc.record({ defaultRequest: mebis(16, 512), max: mebis(1024, 8192) })),
  }, { requiredKeys: [] })),
  network: opt(fc.record({
    allowSameNamespace: opt(fc.boolean()),
    allowFrom: opt(fc.array(name.map((n) => NetworkPeer.namespace(n)), { maxLength: 3 })),
    allowTo: opt(fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 }), fc.integer({ min: 1, max: 65535 }))
      .map(([o, bits, port]) => NetworkEgress.to(NetworkPeer.cidr(`10.${o}.0.0/${Math.max(bits, 16)}`), port)), { maxLength: 3 })),
  }, { requiredKeys: [] })),
  access: opt(fc.record({
    team: opt(fc.uniqueArray(fc.constantFrom('devs', 'ops', 'qa'), { maxLength: 3 }).map((g) => g.map((x) => Subject.group(x)))),
    teamRole: opt(fc.constantFrom('viewer', 'deployer') as fc.Arbitrary<'viewer' | 'deployer'>),
    deployers: opt(fc.constant([Subject.serviceAccount('deployer', 'ci')])),
  }, { requiredKeys: [] })),
  mesh: opt(fc.record({ revision: opt(fc.constantFrom('stable', '1-22')), mtls: opt(fc.constantFrom('STRICT', 'PERMISSIVE') as fc.Arbitrary<'STRICT' | 'PERMISSIVE'>) }, { requiredKeys: [] })),
}, { requiredKeys: ['name'] }) as fc.Arbitrary<SecureNamespaceProps>;
