/**
 * Property-based tests (fast-check):
 * - random valid props ⇒ schema-valid, PSS-restricted output whose selectors (Service, PDB, HPA
 *   target, NetworkPolicy, topology spread) all match the pods;
 * - random valid props with one field made invalid ⇒ KeelsonValidationError at that path, and
 *   nothing else;
 * - garbage anywhere (JS/YAML callers) ⇒ KeelsonValidationError or valid output, never another error.
 */
import fc from 'fast-check';
import {
  ConfigReference,
  Duration,
  EnvFrom,
  EnvValue,
  KeelsonValidationError,
  NetworkEgress,
  NetworkPeer,
  Port,
  Probe,
  Quantity,
  StatelessAppProps,
  buildStatelessApp, Exposure,
} from '../../lib';
import { MUTATIONS, garbage, validProps } from '../helpers/arbitraries';
import { asJson, coreFindings, minimalProps, ofKind, assertMutationsReported } from '../helpers/fixtures';

/** Modest by default to keep the suite fast; raise with KEELSON_FUZZ_RUNS for a deeper one-off run. */
const RUNS = Number(process.env.KEELSON_FUZZ_RUNS ?? 150);

describe('property: random valid props', () => {
  it('build schema-valid, PSS-restricted output whose selectors all match the pods', () => {
    fc.assert(
      fc.property(validProps, (props) => {
        const m = buildStatelessApp(props);
        const objects = asJson(m);
        const f = coreFindings(objects);
        expect(f).toEqual({ schema: [], restricted: [], bestPractice: [] });

        const d: any = ofKind(objects, 'Deployment');
        const podLabels = d.spec.template.metadata.labels;
        // The selector is name + instance only, and every object carries the same name.
        expect(m.selector).toEqual({ 'app.kubernetes.io/name': props.name, 'app.kubernetes.io/instance': props.name });
        for (const o of objects) {
          expect(o.metadata!.name).toBe(props.name);
          expect(o.metadata!.namespace).toBe(props.namespace);
          // The exposure's entry (the Ingress) also carries the label the SecureNamespace's mesh check finds it by.
          expect(o.metadata!.labels).toEqual(o.kind === 'Ingress' ? { ...podLabels, 'keelson.dev/exposure': 'ingress' } : podLabels);
        }
        // Replicas belong to the autoscaler when there is one.
        const hpa: any = ofKind(objects, 'HorizontalPodAutoscaler');
        expect(hpa !== undefined).toBe(props.autoscaling !== undefined);
        expect('replicas' in d.spec).toBe(props.autoscaling === undefined);
        if (hpa) expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
        // A Service exactly when a port is exposed.
        const exposed = d.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []).length > 0
          && props.containers.some((c, i) => (c.ports ?? (i === 0 ? [Port.http(8080)] : [])).some((p) => p.expose));
        expect(ofKind(objects, 'Service') !== undefined).toBe(exposed);
        // Every container is hardened the same way.
        for (const c of d.spec.template.spec.containers) {
          expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
          expect(c.resources.requests.cpu).toBeDefined();
          expect(c.resources.limits.memory).toBeDefined();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('are deterministic: the same props build the same bytes', () => {
    fc.assert(
      fc.property(validProps, (props) => {
        expect(JSON.stringify(buildStatelessApp(props))).toBe(JSON.stringify(buildStatelessApp(props)));
      }),
      { numRuns: 50 },
    );
  });
});

describe('property: random invalid props', () => {
  it('one invalid field ⇒ KeelsonValidationError with that path, and nothing else', () => {
    assertMutationsReported(validProps, MUTATIONS, buildStatelessApp, RUNS);
  });

  it('covers a wide set of mutations', () => {
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(30);
  });
});

/** Where garbage can be injected: plain props fields and the arguments of every public factory. */
type Inject = (g: any) => StatelessAppProps;
const base = (): StatelessAppProps => minimalProps({ containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)] }] });
const c0 = (c: Record<string, unknown>): StatelessAppProps => ({ ...base(), containers: [{ ...base().containers[0], ...c }] } as StatelessAppProps);
const INJECTIONS: Record<string, Inject> = {
  'name': (g) => ({ ...base(), name: g }),
  'namespace': (g) => ({ ...base(), namespace: g }),
  'containers': (g) => ({ ...base(), containers: g }),
  'containers[0]': (g) => ({ ...base(), containers: [g] }),
  'containers[0].name': (g) => c0({ name: g }),
  'containers[0].image': (g) => c0({ image: g }),
  'containers[0].command': (g) => c0({ command: g }),
  'containers[0].args': (g) => c0({ args: g }),
  'containers[0].ports': (g) => c0({ ports: g }),
  'containers[0].ports[0]': (g) => c0({ ports: [g] }),
  'containers[0].env': (g) => c0({ env: g }),
  'containers[0].env.X': (g) => c0({ env: { X: g } }),
  'containers[0].envFrom': (g) => c0({ envFrom: g }),
  'containers[0].resources': (g) => c0({ resources: g }),
  'containers[0].resources.cpu': (g) => c0({ resources: { cpu: g } }),
  'containers[0].resources.cpu.request': (g) => c0({ resources: { cpu: { request: g } } }),
  'containers[0].resources.memory.limit': (g) => c0({ resources: { memory: { limit: g } } }),
  'containers[0].readiness': (g) => c0({ readiness: g }),
  'containers[0].liveness': (g) => c0({ liveness: g }),
  'containers[0].startup': (g) => c0({ startup: g }),
  'containers[0].writablePaths': (g) => c0({ writablePaths: g }),
  'containers[0].writablePaths[0]': (g) => c0({ writablePaths: [g] }),
  'containers[0].readOnlyRootFilesystem': (g) => c0({ readOnlyRootFilesystem: g }),
  'version': (g) => ({ ...base(), version: g }),
  'component': (g) => ({ ...base(), component: g }),
  'partOf': (g) => ({ ...base(), partOf: g }),
  'labels': (g) => ({ ...base(), labels: g }),
  'labels.x': (g) => ({ ...base(), labels: { x: g } }),
  'podAnnotations': (g) => ({ ...base(), podAnnotations: g }),
  'securityContext': (g) => ({ ...base(), securityContext: g }),
  'securityContext.runAsUser': (g) => ({ ...base(), securityContext: { runAsUser: g } }),
  'serviceAccount': (g) => ({ ...base(), serviceAccount: g }),
  'serviceAccount.automountToken': (g) => ({ ...base(), serviceAccount: { automountToken: g } }),
  'serviceAccount.annotations': (g) => ({ ...base(), serviceAccount: { annotations: g } }),
  'runtimeClassName': (g) => ({ ...base(), runtimeClassName: g }),
  'priorityClassName': (g) => ({ ...base(), priorityClassName: g }),
  'terminationGracePeriod': (g) => ({ ...base(), terminationGracePeriod: g }),
  'preStopDelay': (g) => ({ ...base(), preStopDelay: g }),
  'topologySpread': (g) => ({ ...base(), topologySpread: g }),
  'topologySpread.zones': (g) => ({ ...base(), topologySpread: { zones: g } }),
  'configHash': (g) => ({ ...base(), configHash: g }),
  'allowUnpinnedImages': (g) => ({ ...base(), allowUnpinnedImages: g }),
  'replicas': (g) => ({ ...base(), replicas: g }),
  'autoscaling': (g) => ({ ...base(), autoscaling: g }),
  'autoscaling.minReplicas': (g) => ({ ...base(), autoscaling: { maxReplicas: 5, minReplicas: g } }),
  'autoscaling.maxReplicas': (g) => ({ ...base(), autoscaling: { maxReplicas: g } }),
  'autoscaling.memoryUtilization': (g) => ({ ...base(), autoscaling: { maxReplicas: 5, memoryUtilization: g } }),
  'autoscaling.scaleDownStabilization': (g) => ({ ...base(), autoscaling: { maxReplicas: 5, scaleDownStabilization: g } }),
  'disruptionBudget': (g) => ({ ...base(), disruptionBudget: g }),
  'disruptionBudget.maxUnavailable': (g) => ({ ...base(), disruptionBudget: { maxUnavailable: g } }),
  'allowFrom': (g) => ({ ...base(), allowFrom: g }),
  'allowFrom[0]': (g) => ({ ...base(), allowFrom: [g] }),
  'allowTo': (g) => ({ ...base(), allowTo: g }),
  'allowTo[0]': (g) => ({ ...base(), allowTo: [g] }),
  'NetworkEgress.to(g)': (g) => ({ ...base(), allowTo: [NetworkEgress.to(g)] }),
  'NetworkEgress.to(peer, g)': (g) => ({ ...base(), allowTo: [NetworkEgress.to(NetworkPeer.sameNamespace(), g)] }),
  'NetworkEgress.to(peer, { port: 53, protocol: g })': (g) => ({ ...base(), allowTo: [NetworkEgress.to(NetworkPeer.sameNamespace(), { port: 53, protocol: g })] }),
  'exposure': (g) => ({ ...base(), exposure: g }),
  'Exposure.ingress hosts': (g) => ({ ...base(), exposure: Exposure.ingress({ hosts: g }) }),
  'Exposure.ingress hosts[0]': (g) => ({ ...base(), exposure: Exposure.ingress({ hosts: [g] }) }),
  'Exposure.ingress path': (g) => ({ ...base(), exposure: Exposure.ingress({ hosts: ['a.example.com'], path: g }) }),
  'Exposure.ingress annotations': (g) => ({ ...base(), exposure: Exposure.ingress({ hosts: ['a.example.com'], annotations: g }) }),
  'Exposure.ingress portName': (g) => ({ ...base(), exposure: Exposure.ingress({ hosts: ['a.example.com'], portName: g }) }),
  'minReady': (g) => ({ ...base(), minReady: g }),
  'progressDeadline': (g) => ({ ...base(), progressDeadline: g }),
  'revisionHistoryLimit': (g) => ({ ...base(), revisionHistoryLimit: g }),
  'maxSurge': (g) => ({ ...base(), maxSurge: g }),
  // Factory arguments (a JavaScript caller can pass anything to them).
  'Port.http(g)': (g) => c0({ ports: [Port.http(g)] }),
  'Port.tcp(8080, { name: g })': (g) => c0({ ports: [Port.tcp(8080, { name: g })] }),
  'Port.grpc(8080, { servicePort: g })': (g) => c0({ ports: [Port.grpc(8080, { servicePort: g })] }),
  'Port.http(8080, { expose: g })': (g) => c0({ ports: [Port.http(8080, { expose: g })] }),
  'Probe.http(g)': (g) => c0({ readiness: Probe.http(g) }),
  'Probe.http(path, { scheme: g })': (g) => c0({ readiness: Probe.http('/ping', { scheme: g }) }),
  'Probe.http(path, { port: g })': (g) => c0({ readiness: Probe.http('/ping', { port: g }) }),
  'Probe.tcp({ period: g })': (g) => c0({ liveness: Probe.tcp({ period: g }) }),
  'Probe.tcp({ failureThreshold: g })': (g) => c0({ liveness: Probe.tcp({ failureThreshold: g }) }),
  'Probe.grpc({ service: g })': (g) => c0({ liveness: Probe.grpc({ service: g }) }),
  'Probe.exec(g)': (g) => c0({ startup: Probe.exec(g) }),
  'Probe.exec([cmd], { initialDelay: g })': (g) => c0({ startup: Probe.exec(['true'], { initialDelay: g }) }),
  'Duration.seconds(g)': (g) => ({ ...base(), terminationGracePeriod: Duration.seconds(g) }),
  'Duration.millis(g)': (g) => ({ ...base(), minReady: Duration.millis(g) }),
  'Quantity.parse(g)': (g) => c0({ resources: { memory: { request: Quantity.parse(g) } } }),
  'Quantity.millicores(g)': (g) => c0({ resources: { cpu: { request: Quantity.millicores(g) } } }),
  'EnvValue.fromValue(g)': (g) => c0({ env: { X: EnvValue.fromValue(g) } }),
  'EnvValue.fromConfigMap(g, key)': (g) => c0({ env: { X: EnvValue.fromConfigMap(g, 'k') } }),
  'EnvValue.fromSecret(name, g)': (g) => c0({ env: { X: EnvValue.fromSecret('s', g) } }),
  'EnvValue.fromSecret(name, key, { optional: g })': (g) => c0({ env: { X: EnvValue.fromSecret('s', 'k', { optional: g }) } }),
  'EnvValue.fromField(g)': (g) => c0({ env: { X: EnvValue.fromField(g) } }),
  'EnvFrom.configMap(g)': (g) => c0({ envFrom: [EnvFrom.configMap(g)] }),
  'EnvFrom.secret(name, { prefix: g })': (g) => c0({ envFrom: [EnvFrom.secret('s', { prefix: g })] }),
  'ConfigReference.configMap(name, { data: g })': (g) => c0({ envFrom: [EnvFrom.configMap(ConfigReference.configMap('cm', { data: g }))] }),
  'ConfigReference.secret(name, { revision: g })': (g) => c0({ envFrom: [EnvFrom.secret(ConfigReference.secret('s', { revision: g }))] }),
  'NetworkPeer.pods(g)': (g) => ({ ...base(), allowFrom: [NetworkPeer.pods(g)] }),
  'NetworkPeer.namespace(g)': (g) => ({ ...base(), allowFrom: [NetworkPeer.namespace(g)] }),
  'NetworkPeer.podsInNamespace(ns, g)': (g) => ({ ...base(), allowFrom: [NetworkPeer.podsInNamespace('ns', g)] }),
  'NetworkPeer.namespacesWithLabels(g)': (g) => ({ ...base(), allowFrom: [NetworkPeer.namespacesWithLabels(g)] }),
  'NetworkPeer.cidr(g)': (g) => ({ ...base(), allowFrom: [NetworkPeer.cidr(g)] }),
  'NetworkPeer.cidr(cidr, g)': (g) => ({ ...base(), allowFrom: [NetworkPeer.cidr('10.0.0.0/8', g)] }),
  'NetworkPeer.fromKubernetes(g)': (g) => ({ ...base(), allowFrom: [NetworkPeer.fromKubernetes(g)] }),
  'NetworkPeer.fromKubernetes({ podSelector: g })': (g) => ({ ...base(), allowFrom: [NetworkPeer.fromKubernetes({ podSelector: g })] }),
  'NetworkPeer.fromKubernetes({ ipBlock: g })': (g) => ({ ...base(), allowFrom: [NetworkPeer.fromKubernetes({ ipBlock: g })] }),
};

describe('property: garbage from JavaScript and YAML callers', () => {
  it('anywhere in the props or in a factory argument ⇒ KeelsonValidationError or valid output, never another error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(INJECTIONS)), garbage, (where, g) => {
        let m;
        try {
          m = buildStatelessApp(INJECTIONS[where](g));
        } catch (e) {
          if (e instanceof KeelsonValidationError) return;
          throw new Error(`${where} = ${String(JSON.stringify(g))}: threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
        }
        // Accepted: then it must be as good as any other output.
        const f = coreFindings(asJson(m));
        if (f.schema.length || f.restricted.length || f.bestPractice.length) {
          throw new Error(`${where} = ${String(JSON.stringify(g))} was accepted but produced bad output: ${JSON.stringify(f)}`);
        }
      }),
      { numRuns: Number(process.env.KEELSON_FUZZ_RUNS ?? 1500) },
    );
  });

  it.each(Object.keys(INJECTIONS))('%s: every constant garbage value is reported or harmless', (where) => {
    for (const g of [null, undefined, NaN, -1, 1.5, '', 'Bad Value', true, [], {}, [null], { a: 1 }]) {
      let m;
      try {
        m = buildStatelessApp(INJECTIONS[where](g));
      } catch (e) {
        if (e instanceof KeelsonValidationError) continue;
        throw new Error(`${where} = ${String(JSON.stringify(g))}: threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      }
      expect({ where, g, findings: coreFindings(asJson(m)) }).toEqual({ where, g, findings: { schema: [], restricted: [], bestPractice: [] } });
    }
  });
});
