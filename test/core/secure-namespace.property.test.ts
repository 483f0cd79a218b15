/**
 * Property-based tests (fast-check) for SecureNamespace and the quota-fit check:
 * - random valid props ⇒ schema-valid output, the Namespace first, deterministic;
 * - garbage anywhere ⇒ KeelsonValidationError or valid output, never another error;
 * - the fit check is monotonic: apps that fit a quota fit any larger one, apps that do not fit do
 *   not fit a smaller one, and more replicas never make an app fit.
 */
import fc from 'fast-check';
import {
  KeelsonValidationError,
  Quantity,
  SecureNamespaceProps,
  buildSecureNamespace,
  buildStatelessApp,
} from '../../lib';
import { namespacePolicy, quotaFitProblems } from '../../lib/core/secure-namespace/quota-fit';
import { garbage } from '../helpers/arbitraries';
import { validNamespaceProps as validProps } from '../helpers/namespace-arbitraries';
import { schemaProblems } from '../helpers/schema';

const RUNS = Number(process.env.KEELSON_FUZZ_RUNS ?? 100);

describe('property: SecureNamespace', () => {
  it('random valid props build schema-valid output, the Namespace first, the same twice', () => {
    fc.assert(fc.property(validProps, (props) => {
      const m = buildSecureNamespace(props);
      expect(schemaProblems(m.objects)).toEqual([]);
      expect(m.objects[0].kind).toBe('Namespace');
      expect(m.networkPolicies[m.networkPolicies.length - 1].metadata!.name).toBe('default-deny');
      for (const o of m.objects.slice(1)) expect(o.metadata.namespace).toBe(props.name);
      expect(JSON.stringify(buildSecureNamespace(props))).toBe(JSON.stringify(m));
    }), { numRuns: RUNS });
  });

  it('garbage anywhere gives the library\'s error or valid output, never another error', () => {
    const keys = ['name', 'partOf', 'labels', 'annotations', 'podSecurity', 'quota', 'limitRange', 'network', 'access', 'mesh'];
    const nested = fc.record({
      key: fc.constantFrom(...keys),
      inner: fc.constantFrom('enforce', 'version', 'cpu', 'memory', 'pods', 'scoped', 'storage', 'allowFrom', 'allowTo', 'dns', 'team', 'teamRole', 'revision', 'egressHosts', 'request', 'max'),
      value: garbage,
      nestedValue: fc.boolean(),
    });
    fc.assert(fc.property(validProps, nested, (props, g) => {
      const broken = { ...props, [g.key]: g.nestedValue ? { [g.inner]: g.value } : g.value };
      try {
        const m = buildSecureNamespace(broken as SecureNamespaceProps);
        expect(schemaProblems(m.objects)).toEqual([]);
      } catch (e) {
        if (!(e instanceof KeelsonValidationError)) throw e;
      }
    }), { numRuns: RUNS * 2 });
  });
});

describe('property: the quota-fit check is monotonic', () => {
  const app = fc.record({
    replicas: fc.integer({ min: 1, max: 30 }),
    cpu: fc.integer({ min: 10, max: 2000 }),
    memory: fc.integer({ min: 16, max: 2048 }),
    hpa: fc.boolean(),
    surge: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 100 }).map((n) => `${n}%`)),
  });
  interface AppSpec { replicas: number; cpu: number; memory: number; hpa: boolean; surge: number | string }
  const objectsOf = (a: AppSpec, i: number): readonly unknown[] => buildStatelessApp({
    name: `app-${i}`,
    namespace: 'shop',
    containers: [{ image: 'ghcr.io/acme/app:1.0.0', resources: { cpu: { request: Quantity.millicores(a.cpu) }, memory: { request: Quantity.mebibytes(a.memory) } } }],
    maxSurge: a.surge,
    ...(a.hpa ? { autoscaling: { minReplicas: 1, maxReplicas: a.replicas } } : { replicas: a.replicas }),
  }).objects;
  const quota = fc.record({
    cpu: fc.integer({ min: 0, max: 100_000 }),
    memory: fc.integer({ min: 0, max: 100_000 }),
    pods: fc.integer({ min: 0, max: 300 }),
  });
  const fits = (q: { cpu: number; memory: number; pods: number }, apps: ReadonlyArray<readonly unknown[]>) => quotaFitProblems(
    namespacePolicy(buildSecureNamespace({
      name: 'shop',
      quota: { cpu: { request: Quantity.millicores(q.cpu) }, memory: { request: Quantity.mebibytes(q.memory) }, pods: q.pods },
      // A quota of zero (or of less memory than a container's limit floor) admits no pod: acknowledged.
      ...(q.cpu === 0 || q.memory < 6 || q.pods === 0 ? { acknowledgeRisks: ['zero-quota'] } : {}),
    })),
    apps.map((objects, i) => ({ name: `app-${i}`, type: 'StatelessApp', objects })),
  ).length === 0;

  it('fitting a quota means fitting every larger one; not fitting means not fitting any smaller one', () => {
    fc.assert(fc.property(fc.array(app, { minLength: 1, maxLength: 4 }), quota, fc.nat(5000), (apps, q, extra) => {
      const objects = apps.map(objectsOf);
      const larger = { cpu: q.cpu + extra, memory: q.memory + extra, pods: q.pods + (extra % 50) };
      if (fits(q, objects)) expect(fits(larger, objects)).toBe(true);
      if (!fits(larger, objects)) expect(fits(q, objects)).toBe(false);
    }), { numRuns: RUNS });
  });

  it('more replicas never make an app fit, and an app that fits leaves the others fitting when removed', () => {
    fc.assert(fc.property(fc.array(app, { minLength: 2, maxLength: 4 }), quota, fc.integer({ min: 1, max: 20 }), (apps, q, more) => {
      const objects = apps.map(objectsOf);
      const grown = [objectsOf({ ...apps[0], replicas: apps[0].replicas + more }, 0), ...objects.slice(1)];
      if (!fits(q, objects)) expect(fits(q, grown)).toBe(false);
      if (fits(q, objects)) expect(fits(q, objects.slice(1))).toBe(true);
    }), { numRuns: RUNS });
  });
});
