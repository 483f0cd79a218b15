/**
 * Issue 11, class 6: messages. Every unknown key gets what it probably meant (edit distance, a
 * keelson name for a Kubernetes spelling, or the escape hatch for a Kubernetes field keelson has no
 * prop for); the construct's id names props that carry no usable name; quota-fit problems have a
 * path; the problem list is printed once. On both engines.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import { Chart, Testing } from 'cdk8s';
import * as ts from 'typescript';
import { CanaryRouting, KeelsonValidationError, Quantity } from '../../lib';
import * as cdk8s from '../../lib/cdk8s';
import { KUBERNETES_FIELDS, KubernetesObjectKind, editDistance, nearestKey } from '../../lib/core/validation/suggest';
import * as kpulumi from '../../lib/pulumi';
import { ConstructType, Step, onCdk8s, onPulumi, verdict } from '../helpers/engines';
import { validationError } from '../helpers/fixtures';
import { mockPulumi } from '../helpers/pulumi';

const IMAGE = 'ghcr.io/acme/web:1.0.0';
let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi();
});

const BASE: Record<ConstructType, Record<string, unknown>> = {
  StatelessApp: { namespace: 'shop', containers: [{ image: IMAGE }] },
  StatefulApp: { namespace: 'shop', replicas: 3, containers: [{ image: IMAGE }], storage: [{ name: 'data', mountPath: '/data', size: Quantity.gibibytes(1) }] },
  CanaryRelease: { namespace: 'shop', containers: [{ image: IMAGE }] },
  SecureNamespace: {},
  BatchJob: { namespace: 'shop', containers: [{ image: IMAGE }] },
};

async function problemsOf(type: ConstructType, props: unknown, id = 'web') {
  const step: Step = { type, id, props };
  const [onC] = onCdk8s([step]);
  const [onP] = await onPulumi(mocks, [step]);
  expect(verdict(onP)).toEqual(verdict(onC));
  expect(onC.error).toBeInstanceOf(KeelsonValidationError);
  return onC.error!;
}

describe('did you mean: by edit distance, for every unknown key', () => {
  test.each([
    ['StatelessApp', 'replica', { replica: 3 }, 'replicas'],
    ['StatelessApp', 'autoscaling.maxReplica', { autoscaling: { maxReplica: 5 } }, 'maxReplicas'],
    ['StatelessApp', 'autoscaling.cpuUtilisation', { autoscaling: { maxReplicas: 5, cpuUtilisation: 70 } }, 'cpuUtilization'],
    ['StatefulApp', 'storage[0].storageClass', { storage: [{ name: 'data', mountPath: '/data', size: Quantity.gibibytes(1), storageClass: 'ssd' }] }, 'storageClassName'],
    ['StatefulApp', 'volumeRetention.whenScale', { volumeRetention: { whenScale: 'Delete' } }, 'whenScaled'],
    ['CanaryRelease', 'canary.wieght', { canary: { image: 'ghcr.io/acme/web:1.1.0', wieght: 10 } }, 'weight'],
    ['CanaryRelease', 'routing.retries.attempt', { routing: CanaryRouting.istio({ retries: { attempt: 2 } as never }) }, 'attempts'],
    ['SecureNamespace', 'quota.pod', { quota: { pod: 10 } }, 'pods'],
    ['SecureNamespace', 'podSecurity.enforced', { podSecurity: { enforced: 'baseline' } }, 'enforce'],
    ['SecureNamespace', 'lables', { lables: { team: 'a' } }, 'labels'],
    ['BatchJob', 'backofLimit', { backofLimit: 3 }, 'backoffLimit'],
    ['StatelessApp', 'volumes', { volumes: [{ name: 'config', configMap: { name: 'app' } }] }, 'containers[0].volumeMounts'],
    ['StatefulApp', 'containers[0].volumeMounts[0].mountPath', { containers: [{ image: IMAGE, volumeMounts: [{ mountPath: '/etc/db', path: '/etc/db' }] }] }, 'path'],
  ] as Array<[ConstructType, string, Record<string, unknown>, string]>)('%s: %s', async (type, at, extra, near) => {
    const e = await problemsOf(type, { ...BASE[type], ...extra });
    expect(e.problems).toContainEqual(expect.objectContaining({ path: at, type: 'unknown', message: expect.stringContaining(`did you mean "${near}"?`) }));
  });

  test('the distance: transpositions count once, case not at all; unrelated or opposite words get no hint', () => {
    expect(editDistance('lables', 'labels')).toBe(1);
    expect(editDistance('Replicas', 'replicas')).toBe(0);
    expect(nearestKey('minAvailable', ['maxUnavailable'])).toBeUndefined();
    expect(nearestKey('env', ['envFrom'])).toBeUndefined();
    expect(nearestKey('x', ['name'])).toBeUndefined();
    expect(nearestKey('sizeGi', ['name', 'size'])).toBe('size');
  });
});

describe('Kubernetes spellings', () => {
  test.each([
    ['imagePullPolicy', { containers: [{ image: IMAGE, imagePullPolicy: 'Always' }] }, 'containers[0].imagePullPolicy', 'Kubernetes Container'],
    ['privileged', { containers: [{ image: IMAGE, privileged: true }] }, 'containers[0].privileged', 'Kubernetes SecurityContext'],
    ['hostNetwork', { hostNetwork: true }, 'hostNetwork', 'Kubernetes PodSpec'],
    ['hostAliases', { hostAliases: [] }, 'hostAliases', 'Kubernetes PodSpec'],
    ['strategy', { strategy: { type: 'Recreate' } }, 'strategy', 'Kubernetes DeploymentSpec'],
    ['minAvailable', { disruptionBudget: { minAvailable: 1 } }, 'disruptionBudget.minAvailable', 'Kubernetes PodDisruptionBudgetSpec'],
    ['seLinuxOptions', { securityContext: { seLinuxOptions: { level: 's0:c1' } } }, 'securityContext.seLinuxOptions', 'Kubernetes PodSecurityContext'],
  ])('%s points to the escape hatch', async (_key, extra, at, owner) => {
    const e = await problemsOf('StatelessApp', { ...BASE.StatelessApp, ...extra });
    expect(e.problems).toEqual([expect.objectContaining({ path: at, type: 'unknown', message: expect.stringContaining(owner) })]);
    expect(e.problems[0].message).toContain('escape hatch: a cdk8s JSON patch');
    expect(e.problems[0].message).toContain('or a Pulumi transform (see docs/escape-hatches.md)');
  });

  test.each([
    ['livenessProbe', { containers: [{ image: IMAGE, livenessProbe: {} }] }, 'containers[0].livenessProbe', 'liveness'],
    ['minReadySeconds', { minReadySeconds: 10 }, 'minReadySeconds', 'minReady'],
    ['terminationGracePeriodSeconds', { terminationGracePeriodSeconds: 30 }, 'terminationGracePeriodSeconds', 'terminationGracePeriod'],
    ['automountServiceAccountToken', { automountServiceAccountToken: true }, 'automountServiceAccountToken', 'serviceAccount.automountToken'],
    ['runAsUser', { runAsUser: 1000 }, 'runAsUser', 'securityContext.runAsUser'],
    ['replicaCount (Helm)', { replicaCount: 3 }, 'replicaCount', 'replicas'],
    ['image given to the app', { image: IMAGE }, 'image', 'containers[0].image'],
    ['serviceAccountName', { serviceAccountName: 'web-runner' }, 'serviceAccountName', 'serviceAccount.name'],
  ])('%s: the keelson name of a Kubernetes or Helm spelling', async (_key, extra, at, keelson) => {
    const e = await problemsOf('StatelessApp', { ...BASE.StatelessApp, ...extra });
    expect(e.problems).toContainEqual(expect.objectContaining({ path: at, type: 'unknown', message: `unknown property; did you mean "${keelson}"?` }));
  });

  test('affinity: the three props keelson splits it into', async () => {
    const e = await problemsOf('StatelessApp', { ...BASE.StatelessApp, affinity: { nodeAffinity: {} } });
    expect(e.problems).toEqual([expect.objectContaining({
      path: 'affinity', type: 'unknown', message: 'unknown property; did you mean "nodeAffinity", "podAffinity" or "podAntiAffinity"?',
    })]);
  });

  test('the field lists are the Kubernetes API\'s (kubernetes-types\' declarations)', () => {
    const files: Record<KubernetesObjectKind, string> = {
      Container: 'core/v1',
      SecurityContext: 'core/v1',
      PodSpec: 'core/v1',
      PodSecurityContext: 'core/v1',
      Probe: 'core/v1',
      ContainerPort: 'core/v1',
      ServicePort: 'core/v1',
      PersistentVolumeClaimSpec: 'core/v1',
      DeploymentSpec: 'apps/v1',
      StatefulSetSpec: 'apps/v1',
      PodDisruptionBudgetSpec: 'policy/v1',
      HorizontalPodAutoscalerSpec: 'autoscaling/v2',
    };
    for (const [kind, file] of Object.entries(files) as Array<[KubernetesObjectKind, string]>) {
      const dts = path.join(path.dirname(require.resolve('kubernetes-types/package.json')), `${file}.d.ts`);
      const source = ts.createSourceFile(dts, fs.readFileSync(dts, 'utf8'), ts.ScriptTarget.Latest, true);
      const iface = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === kind);
      expect(iface).toBeDefined();
      const fields = iface!.members.map((m) => (m.name as ts.Identifier).text).sort();
      expect([kind, [...KUBERNETES_FIELDS[kind]].sort()]).toEqual([kind, fields]);
    }
  });
});

describe('the construct id names props that carry no usable name', () => {
  test.each([
    ['StatelessApp'], ['StatefulApp'], ['CanaryRelease'], ['SecureNamespace'], ['BatchJob'],
  ] as Array<[ConstructType]>)('%s: props that are not an object, and a name that is not a string', async (type) => {
    for (const props of [42, 'web', null, [1], new Map()]) {
      const e = await problemsOf(type, props, 'my-id');
      expect(e.message.startsWith(`${type} "my-id": 1 problem in its props:`)).toBe(true);
      expect(e.problems).toEqual([expect.objectContaining({ construct: 'my-id', path: '' })]);
    }
    const named = await problemsOf(type, { ...BASE[type], name: 42 }, 'my-id');
    expect(named.problems).toContainEqual(expect.objectContaining({ construct: 'my-id', path: 'name', message: 'must be a string, got 42' }));
  });
});

describe('the problem list is printed once', () => {
  test('the printers Node and Pulumi use (util.inspect of the error) show each problem once', async () => {
    const e = await problemsOf('StatelessApp', { ...BASE.StatelessApp, replica: 2, hostNetwork: true });
    const printed = util.inspect(e);
    for (const p of e.problems) expect(printed.split(p.message).length - 1).toBe(1);
    expect(printed).not.toContain('problems:');
    // The data is still there for programs.
    expect(e.problems).toHaveLength(2);
    expect(e.constructType).toBe('StatelessApp');
    expect(e.name).toBe('KeelsonValidationError');
    expect(Object.keys(e)).toEqual([]);
  });
});

describe('quota-fit problems have a path and belong to the app that causes them, on both engines', () => {
  test('a canary track that makes its release exceed the pods quota', async () => {
    const release = {
      containers: [{ image: IMAGE }], stable: { replicas: 2 }, canary: { image: 'ghcr.io/acme/web:1.1.0', replicas: 5 }, routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }),
    };
    const cdk8sError = (() => {
      const chart = new Chart(Testing.app(), 'c');
      const ns = new cdk8s.SecureNamespace(chart, 'shop', { quota: { pods: 8 } });
      new cdk8s.CanaryRelease(ns, 'api', release);
      return validationError(() => Testing.synth(chart));
    })();
    await mocks.newStack();
    const ns = new kpulumi.SecureNamespace('shop', { quota: { pods: 8 } });
    const pulumiError = validationError(() => new kpulumi.CanaryRelease('api', { ...release, namespace: ns }));
    expect(pulumiError.problems).toEqual(cdk8sError.problems);
    expect(cdk8sError.problems).toEqual([expect.objectContaining({ construct: 'api', path: 'canary.replicas', type: 'conflict' })]);
    for (const p of cdk8sError.problems) expect(p.path).not.toBe('');
  });

  test('a root app (risk acknowledged) in a namespace that enforces restricted; accepted at baseline', async () => {
    const app = { containers: [{ image: IMAGE, addCapabilities: ['CHOWN'] }], securityContext: { runAsUser: 0 }, acknowledgeRisks: ['run-as-root', 'baseline-capabilities'] } as const;
    const synthIn = (level?: 'baseline') => {
      const chart = new Chart(Testing.app(), 'c');
      const ns = new cdk8s.SecureNamespace(chart, 'shop', level ? { podSecurity: { enforce: level } } : {});
      new cdk8s.StatelessApp(ns, 'web', { ...app, containers: [...app.containers], acknowledgeRisks: [...app.acknowledgeRisks] });
      return () => Testing.synth(chart);
    };
    const cdk8sError = validationError(synthIn());
    await mocks.newStack();
    const ns = new kpulumi.SecureNamespace('shop', {});
    const pulumiError = validationError(() => new kpulumi.StatelessApp('web', { ...app, containers: [...app.containers], acknowledgeRisks: [...app.acknowledgeRisks], namespace: ns }));
    expect(pulumiError.problems).toEqual(cdk8sError.problems);
    expect(cdk8sError.problems.map((p) => [p.construct, p.path, p.type])).toEqual([
      ['web', 'securityContext.runAsUser', 'conflict'], ['web', 'containers[0].addCapabilities[0]', 'conflict'],
    ]);
    expect(synthIn('baseline')).not.toThrow();
    await mocks.newStack();
    const baseline = new kpulumi.SecureNamespace('shop', { podSecurity: { enforce: 'baseline' } });
    expect(() => new kpulumi.StatelessApp('web', { ...app, containers: [...app.containers], acknowledgeRisks: [...app.acknowledgeRisks], namespace: baseline })).not.toThrow();
  });
});
