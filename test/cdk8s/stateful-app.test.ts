/**
 * The cdk8s StatefulApp: output checks, bad input, determinism, upgrade safety when the construct
 * moves in the tree or a release changes, and interop with other apps (keelson.lock.json: lock.test.ts).
 */
import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { Duration, KeelsonValidationError, NetworkPeer, Port, Probe, Quantity } from '../../lib';
import { StatefulApp, StatefulAppCdk8sProps, StatelessApp } from '../../lib/cdk8s';
import { AnyObject, bestPracticeByApp } from '../helpers/best-practice';
import { findings, paths, validationError } from '../helpers/fixtures';
import { podSecurityViolations } from '../helpers/pss';

const IMAGE = 'ghcr.io/acme/db:1.4.2';
const props = (extra: Partial<StatefulAppCdk8sProps> = {}): StatefulAppCdk8sProps => ({
  replicas: 3,
  containers: [{ image: IMAGE, ports: [Port.tcp(5432, { name: 'db' })] }],
  storage: [{ name: 'data', mountPath: '/var/lib/db', size: Quantity.gibibytes(10) }],
  ...extra,
});

const objectsOf = (chart: Chart): AnyObject[] => Testing.synth(chart) as AnyObject[];
const ofKind = (objects: AnyObject[], kind: string): any => objects.find((o) => o.kind === kind);
const shopChart = (app: App = Testing.app()) => new Chart(app, 'c', { namespace: 'shop' });

describe('cdk8s StatefulApp output', () => {
  it('synthesises schema-valid, PSS-restricted, best-practice-clean objects', () => {
    const chart = shopChart();
    const db = new StatefulApp(chart, 'db', props({ verticalAutoscaling: { mode: 'Initial' }, disruptionBudget: { quorum: true } }));
    const objects = objectsOf(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata!.name}`)).toEqual([
      'ServiceAccount/db', 'NetworkPolicy/db', 'Service/db-headless', 'Service/db', 'StatefulSet/db', 'PodDisruptionBudget/db', 'VerticalPodAutoscaler/db',
    ]);
    expect(findings(objects)).toEqual({ schema: [], restricted: [], bestPractice: [] });
    expect(db.name).toBe('db');
    expect(db.namespace).toBe('shop');
    expect(db.selector).toEqual({ 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'db' });
    expect(db.podDnsNames).toEqual(['db-0.db-headless.shop.svc.cluster.local', 'db-1.db-headless.shop.svc.cluster.local', 'db-2.db-headless.shop.svc.cluster.local']);
    expect(objects.every((o) => o.metadata!.namespace === 'shop')).toBe(true);
  });

  it('exposes every object for escape hatches, under stable construct ids', () => {
    const chart = Testing.chart();
    const db = new StatefulApp(chart, 'db', props({ autoscaling: { maxReplicas: 6 } }));
    expect(db.node.children.map((c) => c.node.id)).toEqual(['ServiceAccount', 'NetworkPolicy', 'HeadlessService', 'Service', 'StatefulSet', 'PodDisruptionBudget', 'HorizontalPodAutoscaler']);
    expect(db.headlessService.name).toBe('db-headless');
    for (const o of [db.serviceAccount!, db.networkPolicy, db.service!, db.statefulSet, db.podDisruptionBudget, db.horizontalPodAutoscaler!]) expect(o.name).toBe('db');
    expect(db.verticalPodAutoscaler).toBeUndefined();
    expect(ofKind(objectsOf(chart), 'StatefulSet').spec).not.toHaveProperty('replicas');
  });

  it('without ports: no client Service, the headless Service stays', () => {
    const chart = Testing.chart();
    const worker = new StatefulApp(chart, 'queue-worker', props({ containers: [{ image: IMAGE, ports: [] }] }));
    expect(worker.service).toBeUndefined();
    expect(worker.headlessService).toBeDefined();
    expect(objectsOf(chart).map((o) => o.kind)).toEqual(['ServiceAccount', 'NetworkPolicy', 'Service', 'StatefulSet', 'PodDisruptionBudget']);
    expect(worker.podDnsNames).toEqual(['queue-worker-0.queue-worker-headless', 'queue-worker-1.queue-worker-headless', 'queue-worker-2.queue-worker-headless']);
  });

  it('takes the name from the id, or from props; the namespace from the chart, or from props', () => {
    const chart = shopChart();
    const a = new StatefulApp(chart, 'cache', props());
    const b = new StatefulApp(chart, 'Some Construct Id', props({ name: 'queue', namespace: 'jobs', containers: [{ image: IMAGE, ports: [Port.tcp(5672, { name: 'amqp' })] }] }));
    expect([a.name, a.namespace, b.name, b.namespace]).toEqual(['cache', 'shop', 'queue', 'jobs']);
    const objects = objectsOf(chart);
    expect(objects.filter((o) => o.metadata!.labels!['app.kubernetes.io/instance'] === 'queue').every((o) => o.metadata!.namespace === 'jobs')).toBe(true);
    expect(b.podDnsNames[0]).toBe('queue-0.queue-headless.jobs.svc.cluster.local');
    expect(bestPracticeByApp(objects)).toEqual({ 'shop/cache': [], 'jobs/queue': [] });
  });

  it('app.statefulSet.addJsonPatch reaches the synthesised YAML', () => {
    const app = Testing.app();
    const db = new StatefulApp(shopChart(app), 'db', props());
    db.statefulSet.addJsonPatch(JsonPatch.add('/spec/template/spec/hostname', 'patched'));
    db.headlessService.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'team-a' }));
    const docs = parseAllDocuments(app.synthYaml()).map((d) => d.toJS()) as AnyObject[];
    expect(ofKind(docs, 'StatefulSet').spec.template.spec.hostname).toBe('patched');
    expect(docs.find((o) => o.metadata!.name === 'db-headless')!.metadata!.annotations).toEqual({ 'example.com/owner': 'team-a' });
    expect(docs.find((o) => o.kind === 'Service' && o.metadata!.name === 'db')!.metadata).not.toHaveProperty('annotations');
  });
});

describe('cdk8s StatefulApp bad input', () => {
  // [description, props, expected path]; the construct id is 'db'.
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ['null props', null, ''],
    ['a string as props', 'db', ''],
    ['missing replicas', { containers: [{ image: IMAGE }] }, 'replicas'],
    ['zero storage', props({ storage: [{ name: 'data', mountPath: '/d', size: '0' }] }), 'storage[0].size'],
    ['an unknown access mode', props({ storage: [{ name: 'data', mountPath: '/d', size: '1Gi', accessModes: ['RWO' as any] }] }), 'storage[0].accessModes[0]'],
    ['quorum with 4 replicas', props({ replicas: 4, disruptionBudget: { quorum: true } }), 'disruptionBudget.quorum'],
    ['a resizing VPA with an HPA', props({ verticalAutoscaling: { mode: 'Auto' }, autoscaling: { maxReplicas: 5 } }), 'verticalAutoscaling'],
    ['a number as a peer', props({ allowFrom: [42 as any] }), 'allowFrom[0]'],
    ['allowFrom not an array', props({ allowFrom: 'everyone' as any }), 'allowFrom'],
    ['a typo', { ...props(), replica: 2 }, 'replica'],
    ['a bad name in props', props({ name: 'DB' }), 'name'],
  ];

  it.each(cases.map(([what, p, at]) => [what, at, p] as const))('%s => KeelsonValidationError at %j, and nothing added to the chart', (_what, expectedPath, p) => {
    const app = Testing.app();
    const chart = shopChart(app);
    new StatefulApp(chart, 'existing', props());
    const childrenBefore = chart.node.children.length;
    const yamlBefore = app.synthYaml();

    const e = validationError(() => new StatefulApp(chart, 'db', p as StatefulAppCdk8sProps));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(paths(e)).toContain(expectedPath);

    expect(chart.node.children.length).toBe(childrenBefore);
    expect(chart.node.tryFindChild('db')).toBeUndefined();
    expect(app.synthYaml()).toBe(yamlBefore);
    expect(() => new StatefulApp(chart, 'db', props())).not.toThrow();
  });

  it('reports a construct id that is too long for a StatefulSet', () => {
    const id = `d${'b'.repeat(52)}`;
    const e = validationError(() => new StatefulApp(Testing.chart(), id, props()));
    expect(e.problems).toEqual([{ construct: id, path: 'name', message: expect.stringContaining('at most 52 characters'), type: 'invalid' }]);
  });
});

/** Realistic props, built fresh each time. */
const fullProps = (): StatefulAppCdk8sProps => ({
  name: 'orders-db',
  component: 'database',
  replicas: 3,
  containers: [{
    image: 'ghcr.io/acme/orders-db:16.3.1',
    ports: [Port.tcp(5432, { name: 'pg' }), Port.tcp(5433, { name: 'repl', expose: false })],
    env: { MODE: 'primary' },
    resources: { cpu: { request: Quantity.millicores(500) }, memory: { request: '1Gi' } },
    startup: Probe.tcp({ failureThreshold: 30 }),
  }],
  initContainers: [{ name: 'init', image: 'ghcr.io/acme/orders-db-init:16.3.1' }],
  storage: [{ name: 'data', mountPath: '/var/lib/postgresql', size: '50Gi', storageClassName: 'ssd' }],
  disruptionBudget: { quorum: true },
  verticalAutoscaling: {},
  allowFrom: [NetworkPeer.sameNamespace()],
});

describe('cdk8s StatefulApp determinism', () => {
  const synth = (build: (chart: Chart) => void): string => {
    const app = new App({ outdir: '/nonexistent-never-written' });
    build(new Chart(app, 'shop', { namespace: 'shop' }));
    return app.synthYaml();
  };

  it('two separate apps from the same props synthesise byte-identical YAML', () => {
    const build = (chart: Chart) => {
      const db = new StatefulApp(chart, 'db', fullProps());
      new StatelessApp(chart, 'api', { containers: [{ image: 'ghcr.io/acme/api:1.0.0' }], allowTo: [] });
      new StatefulApp(chart, 'cache', { ...props(), allowTo: [db] });
    };
    const a = synth(build);
    expect(synth(build)).toBe(a);
    expect(a.length).toBeGreaterThan(2000);
  });

  it('contains no timestamps, random names or tree paths', () => {
    const yaml = synth((chart) => new StatefulApp(chart, 'db', fullProps()));
    expect(yaml).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(yaml).not.toMatch(/orders-db-[a-f0-9]{8}\b/); // cdk8s' hashed name suffix
    expect(yaml).not.toContain('shop/db');
    expect(yaml).not.toContain('cdk8s.io/metadata.addr');
  });
});

describe('cdk8s StatefulApp upgrade safety: moving or changing it keeps every immutable field, selector and name', () => {
  const identity = (objects: AnyObject[]) => {
    const sts = ofKind(objects, 'StatefulSet');
    return {
      names: objects.filter((o) => !o.kind.endsWith('PodAutoscaler')).map((o) => `${o.kind}/${o.metadata!.namespace}/${o.metadata!.name}`).sort(),
      selector: sts.spec.selector,
      serviceName: sts.spec.serviceName,
      podManagementPolicy: sts.spec.podManagementPolicy,
      volumeClaimTemplates: sts.spec.volumeClaimTemplates,
      services: objects.filter((o) => o.kind === 'Service').map((o) => [o.metadata!.name, o.spec.selector, o.spec.clusterIP]),
      pdbSelector: ofKind(objects, 'PodDisruptionBudget').spec.selector,
      networkPolicySelector: ofKind(objects, 'NetworkPolicy').spec.podSelector,
    };
  };
  const place = (where: (app: App) => Construct, id = 'db', extra: Partial<StatefulAppCdk8sProps> = {}) => {
    const app = Testing.app();
    new StatefulApp(where(app), id, { ...fullProps(), ...extra });
    return identity(parseAllDocuments(app.synthYaml()).map((d) => d.toJS()) as AnyObject[]);
  };
  const chartIn = (id: string) => (app: App) => new Chart(app, id, { namespace: 'shop' });
  const baseline = place(chartIn('shop'));

  it.each<[string, () => ReturnType<typeof identity>]>([
    ['another chart id', () => place(chartIn('storefront-v2'))],
    ['a nested construct', () => place((app) => new Construct(new Construct(chartIn('shop')(app), 'team-a'), 'data'))],
    ['another construct id (name set in props)', () => place(chartIn('shop'), 'orders-db-renamed-in-tree')],
    ['a nested chart', () => place((app) => new Chart(new Chart(app, 'outer', { namespace: 'shop' }), 'inner', { namespace: 'shop' }))],
  ])('moving it to %s', (_where, build) => {
    expect(build()).toEqual(baseline);
  });

  const main = fullProps().containers[0];
  it.each<[string, Partial<StatefulAppCdk8sProps>]>([
    ['the image', { containers: [{ ...main, image: 'ghcr.io/acme/orders-db:16.4.0' }] }],
    ['the init image', { initContainers: [{ name: 'init', image: 'ghcr.io/acme/orders-db-init:16.4.0' }] }],
    ['the version', { version: '16.4.0-rc1' }],
    ['resources', { containers: [{ ...main, resources: { cpu: { request: '2', limit: '4' }, memory: { request: '8Gi' } } }] }],
    ['env', { containers: [{ ...main, env: { MODE: 'replica', OTHER: 'x' } }] }],
    ['replicas', { replicas: 5 }],
    ['updatePartition', { updatePartition: 2 }],
    ['the budget, VPA and retention', { disruptionBudget: { maxUnavailable: 1 }, verticalAutoscaling: { mode: 'Auto' }, volumeRetention: { whenScaled: 'Delete' } }],
    ['timing', { minReady: Duration.seconds(60), terminationGracePeriod: Duration.minutes(5) }],
  ])('changing %s in a moved construct still keeps them', (_what, change) => {
    expect(place((app) => new Construct(chartIn('elsewhere')(app), 'x'), 'db', change)).toEqual(baseline);
  });
});

describe('StatefulApp in calls', () => {
  it('a StatelessApp calls a StatefulApp, and a StatefulApp calls both, each declared once on the caller', () => {
    const chart = shopChart();
    const db = new StatefulApp(chart, 'db', props());
    const api = new StatelessApp(chart, 'api', { containers: [{ image: 'ghcr.io/acme/api:1.0.0' }], allowTo: [db] });
    const replica = new StatefulApp(chart, 'replica', props({ allowTo: [api, db] }));
    const objects = objectsOf(chart);
    const policy = (name: string) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata!.name === name)!.spec;
    const pods = (labels: Record<string, string>) => ({ podSelector: { matchLabels: labels } });
    expect(policy('db-from-api').ingress[0].from).toEqual([pods(api.selector)]);
    expect(policy('api-from-replica').ingress[0].from).toEqual([pods(replica.selector)]);
    expect(policy('db-from-replica').ingress[0].from).toEqual([pods(replica.selector)]);
    expect(podSecurityViolations(objects)).toEqual([]);
    expect(bestPracticeByApp(objects)).toEqual({ db: [], api: [], replica: [] });
  });

  it('is a cdk8s-plus pod selector', () => {
    const db = new StatefulApp(shopChart(), 'db', props());
    expect(db.toPodSelectorConfig().labelSelector._toKube()).toEqual({ matchLabels: db.selector });
    expect(db.toPodSelectorConfig().namespaces!.names).toEqual(['shop']);
    expect(db.toPodSelector()).toBe(db);
    expect(db.toNetworkPolicyPeerConfig().podSelector).toBeDefined();
  });
});
