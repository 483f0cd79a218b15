/**
 * The test helpers are only as good as their ability to fail: these tests prove that the schema
 * validator, the Pod Security Standards checker and the best-practice checker each catch what
 * they claim to catch, and accept keelson's default output.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { AnyObject, bestPracticeProblems, imageIsPinned, selectorMatches } from '../helpers/best-practice';
import { asJson, build, minimalProps, ofKind } from '../helpers/fixtures';
import { checkPodTemplate, podSecurityViolations } from '../helpers/pss';
import { jsonProblems, knownKinds, validateObject } from '../helpers/schema';

const defaults = (): AnyObject[] => asJson(build(minimalProps()));
const deploymentOf = (objects: AnyObject[]): any => ofKind(objects, 'Deployment')!;
const templateOf = (objects: AnyObject[]): PodTemplateSpec => deploymentOf(objects).spec.template;

describe('validateObject (kubernetes-models schemas)', () => {
  it('accepts every object of the default StatelessApp', () => {
    for (const o of defaults()) expect(() => validateObject(o)).not.toThrow();
  });

  it('knows at least the kinds keelson emits or will emit', () => {
    expect(knownKinds()).toEqual(expect.arrayContaining([
      'v1/ServiceAccount', 'v1/Service', 'v1/ConfigMap', 'v1/Namespace', 'apps/v1/Deployment', 'apps/v1/StatefulSet',
      'policy/v1/PodDisruptionBudget', 'autoscaling/v2/HorizontalPodAutoscaler', 'networking.k8s.io/v1/NetworkPolicy',
      'networking.k8s.io/v1/Ingress', 'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
      'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
    ]));
  });

  it.each(knownKinds())('loads the model for %s', (key) => {
    const slash = key.lastIndexOf('/');
    const obj = { apiVersion: key.slice(0, slash), kind: key.slice(slash + 1), metadata: { name: 'x' } };
    // Some kinds have required fields; what matters here is that a model exists for the kind.
    let message = '';
    try {
      validateObject(obj);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toMatch(/no schema registered|does not export|Cannot find module/);
  });

  it.each([
    ['an unknown group', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } }],
    ['an unknown kind in a known group', { apiVersion: 'apps/v1', kind: 'Widget', metadata: { name: 'x' } }],
    ['a known kind at the wrong version', { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x' } }],
    ['a missing kind', { apiVersion: 'v1', metadata: { name: 'x' } }],
  ])('fails on %s instead of passing silently', (_what, obj) => {
    expect(() => validateObject(obj)).toThrow();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a typo in a field', { weighted: { services: [{ name: 'api-stable', wieght: 1 }] } }, /wieght: is not a field/],
    ['a negative weight', { weighted: { services: [{ name: 'api-stable', weight: -1 }] } }, /weight: must be at least 0/],
    ['a service without a name', { weighted: { services: [{ port: 80 }] } }, /name: is required/],
    ['a port that is neither integer nor string', { weighted: { services: [{ name: 'api-stable', port: 1.5 }] } }, /port: must be an integer or a string/],
    ['a bad kind', { weighted: { services: [{ name: 'api-stable', kind: 'Pod' }] } }, /kind: must be one of/],
  ])('rejects a TraefikService (its vendored CRD schema) with %s', (_what, spec, error) => {
    expect(() => validateObject({ apiVersion: 'traefik.io/v1alpha1', kind: 'TraefikService', metadata: { name: 'api' }, spec })).toThrow(error);
  });

  it('accepts a valid TraefikService and IngressRoute', () => {
    expect(() => validateObject({ apiVersion: 'traefik.io/v1alpha1', kind: 'TraefikService', metadata: { name: 'api' }, spec: { weighted: { services: [{ name: 'a', kind: 'Service', port: 80, weight: 1 }] } } })).not.toThrow();
    expect(() => validateObject({
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRoute',
      metadata: { name: 'api' },
      spec: { entryPoints: ['web'], routes: [{ kind: 'Rule', match: 'Host(`a.example.com`)', services: [{ name: 'api', kind: 'TraefikService' }] }], tls: { secretName: 't' } },
    })).not.toThrow();
    expect(() => validateObject({ apiVersion: 'traefik.io/v1alpha1', kind: 'IngressRoute', metadata: { name: 'api' }, spec: { routes: [{ kind: 'Rule' }] } })).toThrow(/match: is required/);
  });

  it.each<[string, (d: any) => void, RegExp]>([
    ['replicas as a string', (d) => { d.spec.replicas = '2'; }, /replicas must be integer/],
    ['a missing selector', (d) => { delete d.spec.selector; }, /selector/],
    ['a container without a name', (d) => { delete d.spec.template.spec.containers[0].name; }, /name/],
    ['a bad quantity', (d) => { d.spec.template.spec.containers[0].resources.requests.cpu = 'lots'; }, /quantity/],
    ['a port above int32', (d) => { d.spec.template.spec.containers[0].ports[0].containerPort = 2 ** 40; }, /int32/],
    ['a bad enum', (d) => { d.spec.strategy.type = 'Sideways'; }, /allowed values/],
  ])('rejects a Deployment with %s', (_what, mutate, error) => {
    const d = deploymentOf(defaults());
    mutate(d);
    expect(() => validateObject(d)).toThrow(error);
  });

  // The schema knows the newer fields keelson emits: a wrong value in them is rejected, which an
  // unknown field would not be (see the additionalProperties test below).
  it.each<[string, (objects: any[]) => any]>([
    ['lifecycle.preStop.sleep without seconds', (o) => { const d = deploymentOf(o); d.spec.template.spec.containers[0].lifecycle.preStop.sleep = {}; return d; }],
    ['lifecycle.preStop.sleep.seconds as a string', (o) => { const d = deploymentOf(o); d.spec.template.spec.containers[0].lifecycle.preStop.sleep.seconds = 'five'; return d; }],
    ['topologySpreadConstraints[].matchLabelKeys as a string', (o) => { const d = deploymentOf(o); d.spec.template.spec.topologySpreadConstraints[0].matchLabelKeys = 'pod-template-hash'; return d; }],
    ['topologySpreadConstraints[].nodeTaintsPolicy outside its enum', (o) => { const d = deploymentOf(o); d.spec.template.spec.topologySpreadConstraints[0].nodeTaintsPolicy = 'Sometimes'; return d; }],
    ['PodDisruptionBudget unhealthyPodEvictionPolicy outside its enum', (o) => { const p = ofKind(o, 'PodDisruptionBudget') as any; p.spec.unhealthyPodEvictionPolicy = 'Never'; return p; }],
  ])('knows the newer field: rejects %s', (_what, corrupt) => {
    const objects = defaults();
    expect(() => validateObject(corrupt(objects))).toThrow(/not schema-valid/);
  });

  it('does NOT reject unknown fields (the schemas lack additionalProperties: false)', () => {
    // Documented limitation: a typo in a field name is not caught by schema validation.
    const d = deploymentOf(defaults());
    d.spec.template.spec.topologySpreadConstraints[0].nodeTaintPolicy = 'Honor';
    expect(() => validateObject(d)).not.toThrow();
  });

  it.each<[string, (o: any) => void, RegExp]>([
    ['an upper-case name', (o) => { o.metadata.name = 'Web'; }, /metadata.name/],
    ['a missing name', (o) => { delete o.metadata.name; }, /metadata.name/],
    ['a bad namespace', (o) => { o.metadata.namespace = 'a_b'; }, /metadata.namespace/],
    ['a bad label value', (o) => { o.metadata.labels.x = 'not ok!'; }, /label value/],
    ['a bad label key', (o) => { o.metadata.labels['bad key'] = 'x'; }, /qualified name/],
    ['NaN', (o) => { o.spec.replicas = NaN; }, /non-finite/],
    ['a null', (o) => { o.spec.replicas = null; }, /null/],
    ['a class instance', (o) => { o.spec.replicas = new Date(); }, /plain object/],
  ])('rejects %s (API server metadata rules and JSON fidelity)', (_what, mutate, error) => {
    const d = deploymentOf(defaults());
    mutate(d);
    expect(() => validateObject(d)).toThrow(error);
  });

  it('jsonProblems finds nothing in plain JSON', () => {
    expect(jsonProblems({ a: [1, 'x', true, { b: {} }] })).toEqual([]);
  });
});

describe('Pod Security Standards checker', () => {
  it('passes the default keelson pod at restricted and baseline', () => {
    const objects = defaults();
    expect(podSecurityViolations(objects, 'restricted')).toEqual([]);
    expect(podSecurityViolations(objects, 'baseline')).toEqual([]);
  });

  it('fails a hand-written privileged, root, host-namespace pod on many controls at once', () => {
    const template: PodTemplateSpec = {
      metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
      spec: {
        hostNetwork: true,
        hostPID: true,
        hostIPC: true,
        securityContext: { runAsUser: 0, sysctls: [{ name: 'kernel.msgmax', value: '1' }] },
        volumes: [{ name: 'root', hostPath: { path: '/' } }],
        containers: [{
          name: 'app',
          image: 'busybox:1.36',
          ports: [{ containerPort: 80, hostPort: 80 }],
          securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] }, procMount: 'Unmasked', seccompProfile: { type: 'Unconfined' } },
        }],
      },
    };
    const restricted = checkPodTemplate(template, 'restricted');
    for (const control of ['Host namespaces: spec.hostNetwork', 'Host namespaces: spec.hostPID', 'Host namespaces: spec.hostIPC', 'Privileged', 'Capabilities: containers[0] (app) adds SYS_ADMIN', 'HostPath volumes', 'Host ports', 'AppArmor', '/proc mount', 'Seccomp: containers[0] (app).securityContext.seccompProfile.type is Unconfined', 'Sysctls', 'Volume types', 'Privilege escalation', 'Running as non-root:', 'Running as non-root user', 'does not drop ALL']) {
      expect(restricted.some((v) => v.startsWith(control) || v.includes(control))).toBe(true);
    }
    const baseline = checkPodTemplate(template, 'baseline');
    expect(baseline.length).toBeGreaterThan(0);
    expect(baseline.some((v) => v.startsWith('Privilege escalation'))).toBe(false); // restricted-only control
  });

  // [what, mutation of the default template, expected violation, also a baseline violation?]
  const cases: Array<[string, (t: any) => void, RegExp, boolean]> = [
    ['hostProcess on the pod', (t) => { t.spec.securityContext.windowsOptions = { hostProcess: true }; }, /^HostProcess: spec/, true],
    ['hostProcess on a container', (t) => { t.spec.containers[0].securityContext.windowsOptions = { hostProcess: true }; }, /^HostProcess: containers\[0\]/, true],
    ['hostNetwork', (t) => { t.spec.hostNetwork = true; }, /^Host namespaces: spec.hostNetwork/, true],
    ['privileged', (t) => { t.spec.containers[0].securityContext.privileged = true; }, /^Privileged/, true],
    ['a non-default capability', (t) => { t.spec.containers[0].securityContext.capabilities.add = ['NET_ADMIN']; }, /adds NET_ADMIN$/, true],
    ['a default capability other than NET_BIND_SERVICE', (t) => { t.spec.containers[0].securityContext.capabilities.add = ['CHOWN']; }, /adds CHOWN \(restricted/, false],
    ['no drop ALL', (t) => { t.spec.containers[0].securityContext.capabilities.drop = ['NET_RAW']; }, /does not drop ALL/, false],
    ['a hostPath volume', (t) => { t.spec.volumes.push({ name: 'h', hostPath: { path: '/var/run' } }); }, /^HostPath volumes/, true],
    ['a non-core volume type', (t) => { t.spec.volumes.push({ name: 'n', nfs: { server: 'x', path: '/' } }); }, /^Volume types: volume n uses nfs/, false],
    ['a hostPort', (t) => { t.spec.containers[0].ports[0].hostPort = 8080; }, /^Host ports/, true],
    ['a probe host', (t) => { t.spec.containers[0].readinessProbe.httpGet.host = '169.254.169.254'; }, /^Host probes: .*readinessProbe.httpGet.host/, true],
    ['AppArmor Unconfined', (t) => { t.spec.securityContext.appArmorProfile = { type: 'Unconfined' }; }, /^AppArmor/, true],
    ['an SELinux type', (t) => { t.spec.containers[0].securityContext.seLinuxOptions = { type: 'spc_t' }; }, /^SELinux: .*type is spc_t/, true],
    ['an SELinux user', (t) => { t.spec.securityContext.seLinuxOptions = { user: 'system_u' }; }, /^SELinux: spec.securityContext.seLinuxOptions.user/, true],
    ['procMount Unmasked', (t) => { t.spec.containers[0].securityContext.procMount = 'Unmasked'; }, /^\/proc mount/, true],
    ['seccomp Unconfined on the pod', (t) => { t.spec.securityContext.seccompProfile = { type: 'Unconfined' }; }, /^Seccomp: spec.securityContext/, true],
    ['no seccomp anywhere', (t) => { delete t.spec.securityContext.seccompProfile; delete t.spec.containers[0].securityContext.seccompProfile; }, /^Seccomp: containers\[0\] \(web\) has no seccomp profile/, false],
    ['an unsafe sysctl', (t) => { t.spec.securityContext.sysctls = [{ name: 'net.core.somaxconn', value: '1024' }]; }, /^Sysctls: net.core.somaxconn/, true],
    ['allowPrivilegeEscalation unset', (t) => { delete t.spec.containers[0].securityContext.allowPrivilegeEscalation; }, /^Privilege escalation/, false],
    ['runAsNonRoot false on a container', (t) => { t.spec.containers[0].securityContext.runAsNonRoot = false; }, /^Running as non-root: containers\[0\]/, false],
    ['runAsNonRoot missing everywhere', (t) => { delete t.spec.securityContext.runAsNonRoot; delete t.spec.containers[0].securityContext.runAsNonRoot; }, /does not set runAsNonRoot/, false],
    ['runAsUser 0 on a container', (t) => { t.spec.containers[0].securityContext.runAsUser = 0; }, /^Running as non-root user: containers\[0\]/, false],
    ['a privileged init container', (t) => { t.spec.initContainers = [{ name: 'init', image: 'busybox:1.36', securityContext: { ...t.spec.containers[0].securityContext, privileged: true } }]; }, /^Privileged: initContainers\[0\]/, true],
    ['an ephemeral container without a security context', (t) => { t.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36' }]; }, /^Privilege escalation: ephemeralContainers\[0\]/, false],
  ];

  it.each(cases)('catches %s', (_what, mutate, expected, baseline) => {
    const template = templateOf(defaults());
    mutate(template);
    expect(checkPodTemplate(template, 'restricted')).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
    const base = checkPodTemplate(template, 'baseline');
    expect(base.some((v) => expected.test(v))).toBe(baseline);
  });

  it('accepts the allowed exceptions: NET_BIND_SERVICE, Localhost seccomp, container-level seccomp only, safe sysctls', () => {
    const template: any = templateOf(defaults());
    template.spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    delete template.spec.securityContext.seccompProfile; // every container sets it instead
    template.spec.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
    template.spec.securityContext.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }];
    template.spec.securityContext.seLinuxOptions = { type: 'container_t' };
    template.spec.volumes.push({ name: 'c', configMap: { name: 'x' } }, { name: 's', secret: { secretName: 'x' } }, { name: 'p', projected: { sources: [] } });
    expect(checkPodTemplate(template, 'restricted')).toEqual([]);
  });
});

describe('best-practice checker', () => {
  it('finds nothing in the default StatelessApp', () => {
    expect(bestPracticeProblems(defaults())).toEqual([]);
  });

  const hpa = (objects: AnyObject[], spec: object) => [
    ...objects,
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, ...spec } },
  ];
  const mutateKind = (kind: string, fn: (o: any) => void) => (objects: AnyObject[]) => {
    fn(ofKind(objects, kind));
    return objects;
  };
  const container = (fn: (c: any) => void) => mutateKind('Deployment', (d) => fn(d.spec.template.spec.containers[0]));

  const cases: Array<[string, (objects: AnyObject[]) => AnyObject[], RegExp]> = [
    ['no readiness probe', container((c) => { delete c.readinessProbe; }), /no readiness probe/],
    ['no liveness probe', container((c) => { delete c.livenessProbe; }), /no liveness probe/],
    ['no CPU request', container((c) => { delete c.resources.requests.cpu; }), /no CPU request/],
    ['no memory request', container((c) => { delete c.resources.requests.memory; }), /no memory request/],
    ['no memory limit', container((c) => { delete c.resources.limits.memory; }), /no memory limit/],
    ['a latest image', container((c) => { c.image = 'nginx:latest'; }), /is not pinned/],
    ['an untagged image with a registry port', container((c) => { c.image = 'registry.local:5000/team/app'; }), /is not pinned/],
    ['a writable root filesystem', container((c) => { c.securityContext.readOnlyRootFilesystem = false; }), /root filesystem is writable/],
    ['a low UID', container((c) => { c.securityContext.runAsUser = 1000; }), /runAsUser 1000 is not above 10000/],
    ['a low GID', mutateKind('Deployment', (d) => { delete d.spec.template.spec.containers[0].securityContext.runAsGroup; d.spec.template.spec.securityContext.runAsGroup = 3000; }), /runAsGroup 3000/],
    ['a mounted token', mutateKind('Deployment', (d) => { d.spec.template.spec.automountServiceAccountToken = true; }), /Deployment\/web: automountServiceAccountToken/],
    ['a ServiceAccount that mounts its token', mutateKind('ServiceAccount', (s) => { s.automountServiceAccountToken = true; }), /ServiceAccount\/web: automountServiceAccountToken/],
    ['one replica', mutateKind('Deployment', (d) => { d.spec.replicas = 1; }), /replicas 1 < 2/],
    ['replicas unset without an HPA', mutateKind('Deployment', (d) => { delete d.spec.replicas; }), /replicas 1 < 2/],
    ['replicas set alongside an HPA', (o) => hpa(o, {}), /sets replicas although/],
    ['an HPA with minReplicas 1', (o) => hpa(mutateKind('Deployment', (d) => { delete d.spec.replicas; })(o), { minReplicas: 1 }), /minReplicas 1 < 2/],
    ['an HPA targeting another Deployment', (o) => hpa(o, { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' } }), /scaleTargetRef .* is not Deployment\/web/],
    ['no PDB', (o) => o.filter((x) => x.kind !== 'PodDisruptionBudget'), /no PodDisruptionBudget/],
    ['a PDB selecting other pods', mutateKind('PodDisruptionBudget', (p) => { p.spec.selector.matchLabels['app.kubernetes.io/name'] = 'api'; }), /PodDisruptionBudget\/web: selector does not match/],
    ['a PDB with maxUnavailable 0', mutateKind('PodDisruptionBudget', (p) => { p.spec.maxUnavailable = 0; }), /maxUnavailable 0 blocks drains/],
    ['a PDB with maxUnavailable 0%', mutateKind('PodDisruptionBudget', (p) => { p.spec.maxUnavailable = '0%'; }), /blocks drains/],
    ['a PDB with minAvailable = replicas', mutateKind('PodDisruptionBudget', (p) => { delete p.spec.maxUnavailable; p.spec.minAvailable = 2; }), /minAvailable 2 >= replicas 2/],
    ['a PDB with minAvailable 100%', mutateKind('PodDisruptionBudget', (p) => { delete p.spec.maxUnavailable; p.spec.minAvailable = '100%'; }), /blocks drains/],
    ['no NetworkPolicy', (o) => o.filter((x) => x.kind !== 'NetworkPolicy'), /no NetworkPolicy selects/],
    ['a NetworkPolicy selecting other pods', mutateKind('NetworkPolicy', (n) => { n.spec.podSelector = { matchLabels: { app: 'other' } }; }), /NetworkPolicy\/web: podSelector does not match/],
    ['no topology spread', mutateKind('Deployment', (d) => { delete d.spec.template.spec.topologySpreadConstraints; }), /neither topology spread nor pod anti-affinity/],
    ['a spread constraint selecting other pods', mutateKind('Deployment', (d) => { d.spec.template.spec.topologySpreadConstraints[1].labelSelector.matchLabels = { app: 'x' }; }), /topologySpreadConstraints\[1\].labelSelector/],
    ['a Service selecting other pods', mutateKind('Service', (s) => { s.spec.selector = { app: 'other' }; }), /Service\/web: selector does not match/],
    ['a Service with an empty selector', mutateKind('Service', (s) => { s.spec.selector = {}; }), /Service\/web: selector does not match/],
    ['a Service targeting a missing port', mutateKind('Service', (s) => { s.spec.ports[0].targetPort = 'metrics'; }), /targetPort "metrics" is not a container port/],
    ['a Deployment selector not matching its template', mutateKind('Deployment', (d) => { d.spec.selector.matchLabels['app.kubernetes.io/name'] = 'api'; }), /spec.selector does not match the pod template/],
    ['an Ingress to a missing Service', (o) => [...o, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'http' } } } }] } }] } }], /backend service api/],
  ];

  it.each(cases)('catches %s', (_what, mutate, expected) => {
    expect(bestPracticeProblems(mutate(defaults()))).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('accepts pod anti-affinity instead of topology spread', () => {
    const objects = defaults();
    const d: any = ofKind(objects, 'Deployment');
    const selector = d.spec.selector;
    delete d.spec.template.spec.topologySpreadConstraints;
    d.spec.template.spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: selector } }] } };
    expect(bestPracticeProblems(objects)).toEqual([]);
  });

  it.each<[string, boolean]>([
    ['nginx:1.27', true],
    ['registry.local:5000/team/app:2.0', true],
    [`ghcr.io/acme/app@sha256:${'a'.repeat(64)}`, true],
    ['nginx', false],
    ['nginx:latest', false],
    ['registry.local:5000/team/app', false],
  ])('imageIsPinned(%s) is %s', (image, pinned) => {
    expect(imageIsPinned(image)).toBe(pinned);
  });

  it('selectorMatches implements matchLabels and every matchExpressions operator', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'api' } }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Bogus' }] }, labels)).toBe(false);
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
  });
});
