/**
 * Property-based tests (fast-check) for StatefulApp:
 * - random valid props ⇒ schema-valid, PSS-restricted output whose selectors (Services, PDB, HPA
 *   and VPA targets, NetworkPolicy, topology spread) all match the pods, with a headless
 *   serviceName and every claim template mounted;
 * - random valid props with one field made invalid ⇒ KeelsonValidationError at that path, and
 *   nothing else;
 * - garbage in any StatefulApp-specific prop ⇒ KeelsonValidationError or valid output.
 */
import fc from 'fast-check';
import { KeelsonValidationError, Port, StatefulAppProps, buildStatefulApp } from '../../lib';
import { garbage } from '../helpers/arbitraries';
import { coreFindings, ofKind, assertMutationsReported } from '../helpers/fixtures';
import { minimalStatefulProps, statefulJson } from '../helpers/stateful';
import { STATEFUL_MUTATIONS, validStatefulProps } from '../helpers/stateful-arbitraries';

/** Modest by default to keep the suite fast; raise with KEELSON_FUZZ_RUNS for a deeper one-off run. */
const RUNS = Number(process.env.KEELSON_FUZZ_RUNS ?? 120);

describe('property: random valid StatefulApp props', () => {
  it('build schema-valid, PSS-restricted output whose selectors and references all match', () => {
    fc.assert(
      fc.property(validStatefulProps, (props) => {
        const m = buildStatefulApp(props);
        const objects = statefulJson(m);
        expect(coreFindings(objects)).toEqual({ schema: [], restricted: [], bestPractice: [] });

        const sts: any = ofKind(objects, 'StatefulSet');
        const podLabels = sts.spec.template.metadata.labels;
        expect(m.selector).toEqual({ 'app.kubernetes.io/name': props.name, 'app.kubernetes.io/instance': props.name });
        expect(sts.spec.selector).toEqual({ matchLabels: m.selector });
        for (const o of objects) {
          expect(o.metadata!.name).toBe(o === objects[2] ? `${props.name}-headless` : props.name);
          expect(o.metadata!.namespace).toBe(props.namespace);
          expect(o.metadata!.labels).toEqual(podLabels);
        }
        // The headless Service always exists and governs the StatefulSet.
        expect(m.headlessService.spec!.clusterIP).toBe('None');
        expect(sts.spec.serviceName).toBe(`${props.name}-headless`);
        // Replicas belong to the HPA when there is one; a VPA never comes with it.
        expect(m.horizontalPodAutoscaler !== undefined).toBe(props.autoscaling !== undefined);
        expect(m.verticalPodAutoscaler !== undefined).toBe(props.verticalAutoscaling !== undefined);
        expect('replicas' in sts.spec).toBe(props.autoscaling === undefined);
        expect(m.podDnsNames).toHaveLength(props.replicas);
        // One claim template per storage entry, in order, without labels.
        expect((sts.spec.volumeClaimTemplates ?? []).map((t: any) => Object.keys(t.metadata))).toEqual((props.storage ?? []).map(() => ['name']));
        expect((sts.spec.volumeClaimTemplates ?? []).map((t: any) => t.metadata.name)).toEqual((props.storage ?? []).map((s) => s.name));
        // The quorum budget keeps a majority.
        if (props.disruptionBudget?.quorum) expect(m.podDisruptionBudget.spec!.minAvailable).toBe(Math.floor(props.replicas / 2) + 1);
        // A client Service exactly when a port is exposed.
        const exposed = props.containers.some((c, i) => (c.ports ?? (i === 0 ? [Port.http(8080)] : [])).some((p) => p.expose));
        expect(m.service !== undefined).toBe(exposed);
        // Every container, init containers included, is hardened the same way.
        for (const c of [...(sts.spec.template.spec.initContainers ?? []), ...sts.spec.template.spec.containers]) {
          expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
          expect(c.resources.requests.cpu).toBeDefined();
          expect(c.resources.limits.memory).toBeDefined();
        }
        for (const c of sts.spec.template.spec.initContainers ?? []) {
          expect(c.ports ?? c.readinessProbe ?? c.livenessProbe ?? c.startupProbe).toBeUndefined();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('are deterministic: the same props build the same bytes', () => {
    fc.assert(
      fc.property(validStatefulProps, (props) => {
        expect(JSON.stringify(buildStatefulApp(props))).toBe(JSON.stringify(buildStatefulApp(props)));
      }),
      { numRuns: 40 },
    );
  });
});

describe('property: random invalid StatefulApp props', () => {
  it('one invalid field ⇒ KeelsonValidationError with that path, and nothing else', () => {
    assertMutationsReported(validStatefulProps, STATEFUL_MUTATIONS, buildStatefulApp, RUNS);
  });

  it('covers a wide set of mutations', () => {
    expect(STATEFUL_MUTATIONS.length).toBeGreaterThanOrEqual(30);
  });
});

/** Where garbage can be injected: every StatefulApp-specific prop and its parts. */
type Inject = (g: any) => StatefulAppProps;
const base = (): StatefulAppProps => minimalStatefulProps();
const s0 = (s: Record<string, unknown>): StatefulAppProps => ({ ...base(), storage: [{ ...base().storage![0], ...s }] } as StatefulAppProps);
const INJECTIONS: Record<string, Inject> = {
  'replicas': (g) => ({ ...base(), replicas: g }),
  'storage': (g) => ({ ...base(), storage: g }),
  'storage[0]': (g) => ({ ...base(), storage: [g] }),
  'storage[0].name': (g) => s0({ name: g }),
  'storage[0].mountPath': (g) => s0({ mountPath: g }),
  'storage[0].size': (g) => s0({ size: g }),
  'storage[0].storageClassName': (g) => s0({ storageClassName: g }),
  'storage[0].accessModes': (g) => s0({ accessModes: g }),
  'storage[0].accessModes[0]': (g) => s0({ accessModes: [g] }),
  'storage[0].volumeMode': (g) => s0({ volumeMode: g }),
  'storage[0].containers': (g) => s0({ containers: g }),
  'storage[0].containers[0]': (g) => s0({ containers: [g] }),
  'volumeRetention': (g) => ({ ...base(), volumeRetention: g }),
  'volumeRetention.whenScaled': (g) => ({ ...base(), volumeRetention: { whenScaled: g } }),
  'podManagementPolicy': (g) => ({ ...base(), podManagementPolicy: g }),
  'updatePartition': (g) => ({ ...base(), updatePartition: g }),
  'maxUnavailableDuringUpdate': (g) => ({ ...base(), maxUnavailableDuringUpdate: g }),
  'disruptionBudget': (g) => ({ ...base(), disruptionBudget: g }),
  'disruptionBudget.quorum': (g) => ({ ...base(), disruptionBudget: { quorum: g } }),
  'disruptionBudget.maxUnavailable': (g) => ({ ...base(), disruptionBudget: { maxUnavailable: g } }),
  'verticalAutoscaling': (g) => ({ ...base(), verticalAutoscaling: g }),
  'verticalAutoscaling.mode': (g) => ({ ...base(), verticalAutoscaling: { mode: g } }),
  'verticalAutoscaling.minAllowed': (g) => ({ ...base(), verticalAutoscaling: { minAllowed: g } }),
  'verticalAutoscaling.maxAllowed.memory': (g) => ({ ...base(), verticalAutoscaling: { maxAllowed: { memory: g } } }),
  'autoscaling': (g) => ({ ...base(), autoscaling: g }),
  'autoscaling.maxReplicas': (g) => ({ ...base(), autoscaling: { maxReplicas: g } }),
  'initContainers': (g) => ({ ...base(), initContainers: g }),
  'initContainers[0]': (g) => ({ ...base(), initContainers: [g] }),
  'initContainers[0].name': (g) => ({ ...base(), initContainers: [{ name: g, image: 'ghcr.io/acme/init:1.0.0' }] }),
  'initContainers[0].ports': (g) => ({ ...base(), initContainers: [{ name: 'init', image: 'ghcr.io/acme/init:1.0.0', ports: g }] }),
  'allowFrom': (g) => ({ ...base(), allowFrom: g }),
  'allowTo': (g) => ({ ...base(), allowTo: g }),
  'minReady': (g) => ({ ...base(), minReady: g }),
  'revisionHistoryLimit': (g) => ({ ...base(), revisionHistoryLimit: g }),
  'clusterDomain': (g) => ({ ...base(), clusterDomain: g }),
  'name': (g) => ({ ...base(), name: g }),
};

describe('property: garbage in StatefulApp props from JavaScript and YAML callers', () => {
  it('anywhere ⇒ KeelsonValidationError or valid output, never another error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(INJECTIONS)), garbage, (where, g) => {
        let m;
        try {
          m = buildStatefulApp(INJECTIONS[where](g));
        } catch (e) {
          if (e instanceof KeelsonValidationError) return;
          throw new Error(`${where} = ${String(JSON.stringify(g))}: threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
        }
        const f = coreFindings(statefulJson(m));
        if (f.schema.length || f.restricted.length || f.bestPractice.length) {
          throw new Error(`${where} = ${String(JSON.stringify(g))} was accepted but produced bad output: ${JSON.stringify(f)}`);
        }
      }),
      { numRuns: Number(process.env.KEELSON_FUZZ_RUNS ?? 150) },
    );
  });

  it.each(Object.keys(INJECTIONS))('%s: every constant garbage value is reported or harmless', (where) => {
    for (const g of [null, undefined, NaN, -1, 0, 1.5, '', 'Bad Value', true, [], {}, [null], { a: 1 }]) {
      let m;
      try {
        m = buildStatefulApp(INJECTIONS[where](g));
      } catch (e) {
        if (e instanceof KeelsonValidationError) continue;
        throw new Error(`${where} = ${String(JSON.stringify(g))}: threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      }
      expect({ where, g, findings: coreFindings(statefulJson(m)) }).toEqual({ where, g, findings: { schema: [], restricted: [], bestPractice: [] } });
    }
  });
});
