/**
 * The cdk8s CanaryRelease: synthesised objects (schema-valid, PSS-restricted, consistent, in apply
 * order with the DestinationRule before the VirtualService, no YAML anchors), names and namespaces
 * from the construct and chart, warnings as process warnings, bad props adding nothing, the
 * escape hatch, and the app as a network peer.
 */
import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { CanaryMatch, CanaryRouting, KeelsonValidationError, TRACK_LABEL } from '../../lib';
import { CanaryRelease, CanaryReleaseCdk8sProps, StatelessApp } from '../../lib/cdk8s';
import { AnyObject } from '../helpers/best-practice';
import { canaryConsistencyProblems, canaryRestrictedViolations } from '../helpers/canary';
import { paths, validationError } from '../helpers/fixtures';
import { schemaProblems } from '../helpers/schema';

const STABLE = 'ghcr.io/acme/api:1.4.2';
const CANARY = 'ghcr.io/acme/api:1.5.0';
const props = (extra: Partial<CanaryReleaseCdk8sProps> = {}): CanaryReleaseCdk8sProps => ({
  containers: [{ image: STABLE }],
  canary: { image: CANARY, weight: 10 },
  ...extra,
});

function shopChart(): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'shop', { namespace: 'shop' }) };
}

describe('cdk8s CanaryRelease', () => {
  it('synthesises valid, hardened, consistent objects in apply order: the DestinationRule before the VirtualService', () => {
    const { app, chart } = shopChart();
    const api = new CanaryRelease(chart, 'api', props({ routing: CanaryRouting.istio({ match: [CanaryMatch.headerExact('x-canary', 'always')] }) }));
    const yaml = app.synthYaml();
    const objects = parseAllDocuments(yaml).map((d) => d.toJS() as AnyObject);
    expect(objects.map((o) => `${o.kind}/${o.metadata!.namespace}/${o.metadata!.name}`)).toEqual([
      'ServiceAccount/shop/api', 'NetworkPolicy/shop/api', 'Service/shop/api',
      'Deployment/shop/api-stable', 'Deployment/shop/api-canary',
      'PodDisruptionBudget/shop/api-stable', 'PodDisruptionBudget/shop/api-canary',
      'DestinationRule/shop/api', 'VirtualService/shop/api',
    ]);
    expect(schemaProblems(objects)).toEqual([]);
    expect(canaryRestrictedViolations(objects)).toEqual([]);
    expect(canaryConsistencyProblems(objects, { api: ['canary', 'stable'] })).toEqual([]);
    // No anchors or aliases in the synthesised YAML.
    expect(yaml).not.toMatch(/(^|\s)[&*][a-z]+\d+\s*$/m);
    // The dependency records the order for cdk8s (and tools that read it).
    expect(api.virtualService!.node.dependencies).toContain(api.destinationRule);
    expect(api.name).toBe('api');
    expect(api.namespace).toBe('shop');
    expect(api.achievedWeight).toBe(10);
    expect(api.selector).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
  });

  it('exposes every object by Kind/name and by property', () => {
    const { chart } = shopChart();
    const nginx = new CanaryRelease(chart, 'api', props({ routing: CanaryRouting.ingressNginx({ hosts: ['api.example.com'] }) }));
    expect(Object.keys(nginx.objects)).toEqual([
      'ServiceAccount/api', 'NetworkPolicy/api', 'Service/api-stable', 'Service/api-canary', 'Deployment/api-stable', 'Deployment/api-canary',
      'PodDisruptionBudget/api-stable', 'PodDisruptionBudget/api-canary', 'Ingress/api', 'Ingress/api-canary',
    ]);
    expect(nginx.deployments.map((d) => d.name)).toEqual(['api-stable', 'api-canary']);
    expect(nginx.services.map((s) => s.name)).toEqual(['api-stable', 'api-canary']);
    expect(nginx.ingresses.map((i) => i.name)).toEqual(['api', 'api-canary']);
    expect(nginx.destinationRule).toBeUndefined();
    const gw = new CanaryRelease(chart, 'gw', props({ routing: CanaryRouting.gatewayApi({ gateway: 'public' }) }));
    expect(gw.httpRoute!.kind).toBe('HTTPRoute');
    const argo = new CanaryRelease(chart, 'argo', props({ canary: undefined, routing: CanaryRouting.argoRollouts() }));
    expect(argo.rollout!.kind).toBe('Rollout');
    expect(argo.deployments).toEqual([]);
    expect(argo.virtualService!.node.dependencies).toContain(argo.destinationRule);
  });

  it('takes the name from the id unless props set one, and the namespace from the chart unless props set one', () => {
    const { chart } = shopChart();
    const a = new CanaryRelease(chart, 'orders', props());
    const b = new CanaryRelease(chart, 'Some Id', props({ name: 'payments', namespace: 'pay' }));
    expect([a.name, a.namespace, b.name, b.namespace]).toEqual(['orders', 'shop', 'payments', 'pay']);
    const objects = Testing.synth(chart) as AnyObject[];
    expect(objects.filter((o) => o.metadata!.name!.startsWith('payments')).every((o) => o.metadata!.namespace === 'pay')).toBe(true);
    const vs = objects.find((o) => o.kind === 'VirtualService' && o.metadata!.name === 'payments')!;
    expect(vs.spec.hosts).toEqual(['payments.pay.svc.cluster.local']);
  });

  it('prints warnings as process warnings (replica-ratio approximation)', () => {
    const { chart } = shopChart();
    const emitted: string[] = [];
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(((w: string) => {
      emitted.push(w);
    }) as typeof process.emitWarning);
    try {
      const api = new CanaryRelease(chart, 'api', props({ canary: { image: CANARY, weight: 27 }, routing: CanaryRouting.replicaRatio() }));
      expect(api.achievedWeight).toBe(20);
      expect(emitted).toEqual([`api: ${api.warnings[0]}`]);
      expect(api.warnings[0]).toContain('1 canary pod next to 4 give 20%');
    } finally {
      spy.mockRestore();
    }
  });

  it('bad props throw the library error and add nothing to the chart', () => {
    const { chart } = shopChart();
    const e = validationError(() => new CanaryRelease(chart, 'api', props({ canary: { image: STABLE, weight: 150 } })));
    expect(paths(e)).toEqual(['canary.weight', 'canary']);
    // Istio hosts are fully qualified: a chart without a namespace needs one in props.
    const bare = new Chart(Testing.app(), 'bare');
    expect(paths(validationError(() => new CanaryRelease(bare, 'api', props())))).toEqual(['namespace']);
    expect(() => new CanaryRelease(chart, 'x', null as unknown as CanaryReleaseCdk8sProps)).toThrow(KeelsonValidationError);
    expect(chart.node.children).toHaveLength(0);
    expect(Testing.synth(chart)).toEqual([]);
  });

  it('escape hatch: a JSON patch on one track changes only that object', () => {
    const { app, chart } = shopChart();
    const api = new CanaryRelease(chart, 'api', props());
    api.objects['Deployment/api-canary'].addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'canary-low'));
    const objects = parseAllDocuments(app.synthYaml()).map((d) => d.toJS() as AnyObject);
    expect(objects.find((o) => o.metadata!.name === 'api-canary' && o.kind === 'Deployment')!.spec.template.spec.priorityClassName).toBe('canary-low');
    expect(objects.find((o) => o.metadata!.name === 'api-stable' && o.kind === 'Deployment')!.spec.template.spec.priorityClassName).toBeUndefined();
  });

  it('is called on both tracks (allowTo: [release])', () => {
    const { chart } = shopChart();
    const api = new CanaryRelease(chart, 'api', props());
    new StatelessApp(chart, 'web', { containers: [{ image: 'ghcr.io/acme/web:2.0.0' }], allowTo: [api] });
    const policy = (Testing.synth(chart) as AnyObject[]).find((o) => o.kind === 'NetworkPolicy' && o.metadata!.name === 'api-from-web')!;
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } });
    expect(JSON.stringify(policy)).not.toContain(TRACK_LABEL);
  });
});
