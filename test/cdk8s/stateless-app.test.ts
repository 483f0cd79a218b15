/**
 * The cdk8s StatelessApp: output checks, bad input, determinism, upgrade safety when the construct
 * moves in the tree, cdk8s-plus interop and the escape hatch.
 */
import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as plus27 from 'cdk8s-plus-27';
import * as plus34 from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { Duration, EnvValue, KeelsonValidationError, NetworkPeer, Port, Quantity, Exposure } from '../../lib';
import { StatelessApp, StatelessAppCdk8sProps } from '../../lib/cdk8s';
import { AnyObject } from '../helpers/best-practice';
import { findings, paths, validationError } from '../helpers/fixtures';

const IMAGE = 'ghcr.io/acme/web:1.4.2';
const props = (extra: Partial<StatelessAppCdk8sProps> = {}): StatelessAppCdk8sProps => ({ containers: [{ image: IMAGE }], ...extra });

/** The objects a construct subtree contributes to its chart's synth. */
function objectsOf(chart: Chart): AnyObject[] {
  return Testing.synth(chart) as AnyObject[];
}

const ofKind = (objects: AnyObject[], kind: string): any => objects.find((o) => o.kind === kind);

describe('cdk8s StatelessApp output', () => {
  it('synthesises schema-valid, PSS-restricted, best-practice-clean objects', () => {
    const chart = Testing.chart();
    const app = new StatelessApp(chart, 'web', props({ autoscaling: { maxReplicas: 6 }, exposure: Exposure.ingress({ hosts: ['web.example.com'] }) }));
    const objects = objectsOf(chart);
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'NetworkPolicy', 'Service', 'Deployment', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Ingress']);
    expect(findings(objects)).toEqual({ schema: [], restricted: [], bestPractice: [] });
    expect(app.name).toBe('web');
    expect(app.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });
  });

  it('takes the name from the id, or from props when given', () => {
    const chart = Testing.chart();
    new StatelessApp(chart, 'frontend', props());
    new StatelessApp(chart, 'Some Construct Id', props({ name: 'api', containers: [{ image: IMAGE, ports: [Port.http(8080, { servicePort: 81 })] }] }));
    const names = new Set(objectsOf(chart).map((o) => o.metadata!.name));
    expect([...names].sort()).toEqual(['api', 'frontend']);
  });

  it('uses the chart namespace unless props set one', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const a = new StatelessApp(chart, 'a', props());
    const b = new StatelessApp(chart, 'b', props({ namespace: 'other' }));
    expect(a.namespace).toBe('shop');
    expect(b.namespace).toBe('other');
    const objects = objectsOf(chart);
    expect(objects.filter((o) => o.metadata!.name === 'a').every((o) => o.metadata!.namespace === 'shop')).toBe(true);
    expect(objects.filter((o) => o.metadata!.name === 'b').every((o) => o.metadata!.namespace === 'other')).toBe(true);
  });

  it('exposes every object for escape hatches, and a worker has no Service', () => {
    const chart = Testing.chart();
    const web = new StatelessApp(chart, 'web', props({ autoscaling: { maxReplicas: 4 }, exposure: Exposure.ingress({ hosts: ['a.example.com'] }) }));
    const children = [
      web.serviceAccount,
      web.networkPolicy,
      web.service,
      web.deployment,
      web.podDisruptionBudget,
      web.horizontalPodAutoscaler,
      web.ingress,
    ];
    for (const o of children) {
      expect(o).toBeDefined();
      expect(o!.name).toBe('web');
    }
    const worker = new StatelessApp(chart, 'worker', props({ containers: [{ image: IMAGE, ports: [] }] }));
    expect(worker.service).toBeUndefined();
    expect(worker.horizontalPodAutoscaler).toBeUndefined();
    expect(worker.ingress).toBeUndefined();
  });
});

describe('cdk8s StatelessApp escape hatch', () => {
  it('app.deployment.addJsonPatch changes the synthesised YAML', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const web = new StatelessApp(chart, 'web', props());
    const before = app.synthYaml();
    web.deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/hostname', 'patched-host'));
    web.deployment.addJsonPatch(JsonPatch.replace('/spec/replicas', 4));
    web.service!.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'team-a' }));
    const after = app.synthYaml();
    expect(after).not.toBe(before);
    const docs = parseAllDocuments(after).map((d) => d.toJS()) as AnyObject[];
    const d = ofKind(docs, 'Deployment');
    expect(d.spec.template.spec.hostname).toBe('patched-host');
    expect(d.spec.replicas).toBe(4);
    expect(ofKind(docs, 'Service').metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    // The patch does not leak into the selector or other objects.
    expect(d.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/name': 'web' } });
  });
});

describe('cdk8s StatelessApp bad input', () => {
  // [description, props, expected path]; the construct id is 'web'.
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ['null props', null, ''],
    ['a string as props', 'web', ''],
    ['containers not an array', { containers: 'nginx:1.27' }, 'containers'],
    ['an untagged image', { containers: [{ image: 'nginx' }] }, 'containers[0].image'],
    ['a string where a Port is expected', { containers: [{ image: IMAGE, ports: ['8080'] }] }, 'containers[0].ports[0]'],
    ['allowFrom not an array', { containers: [{ image: IMAGE }], allowFrom: 'everyone' }, 'allowFrom'],
    ['a number as a peer', { containers: [{ image: IMAGE }], allowFrom: [42] }, 'allowFrom[0]'],
    ['null as a peer', { containers: [{ image: IMAGE }], allowFrom: [null] }, 'allowFrom[0]'],
    ['a typo', { containers: [{ image: IMAGE }], replica: 2 }, 'replica'],
    ['negative replicas', { containers: [{ image: IMAGE }], replicas: -1 }, 'replicas'],
    ['a NaN duration', { containers: [{ image: IMAGE }], minReady: Duration.seconds(NaN) }, 'minReady'],
    ['a bad name in props', { name: 'Web', containers: [{ image: IMAGE }] }, 'name'],
  ];

  it.each(cases.map(([what, p, at]) => [what, at, p] as const))('%s => KeelsonValidationError at %j, and nothing added to the chart', (_what, expectedPath, p) => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    new StatelessApp(chart, 'existing', props());
    const childrenBefore = chart.node.children.length;
    const yamlBefore = app.synthYaml();

    const e = validationError(() => new StatelessApp(chart, 'web', p as StatelessAppCdk8sProps));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(paths(e)).toContain(expectedPath);

    // Nothing of the failed construct is in the tree or the output, and its id is still free.
    expect(chart.node.children.length).toBe(childrenBefore);
    expect(chart.node.tryFindChild('web')).toBeUndefined();
    expect(app.synthYaml()).toBe(yamlBefore);
    expect(() => new StatelessApp(chart, 'web', props())).not.toThrow();
  });

  it('reports an invalid construct id used as the name', () => {
    const e = validationError(() => new StatelessApp(Testing.chart(), 'WebApp', props()));
    expect(e.problems).toContainEqual(expect.objectContaining({ construct: 'WebApp', path: 'name' }));
    expect(e.problems.every((p) => p.construct === 'WebApp')).toBe(true);
  });

  it('reports every problem in one error', () => {
    const e = validationError(() => new StatelessApp(Testing.chart(), 'web', {
      containers: [{ image: 'nginx', resources: { memory: { request: '1Gi', limit: '1Mi' } } }],
      replicas: 0,
      allowFrom: [NetworkPeer.cidr('10.0.0.0/99'), 7 as any],
    }));
    expect(paths(e)).toEqual(expect.arrayContaining(['containers[0].image', 'containers[0].resources.memory.limit', 'replicas', 'allowFrom[0].cidr', 'allowFrom[1]']));
  });
});

/** A realistic set of props, built fresh each time (no shared instances between apps). */
const fullProps = (): StatelessAppCdk8sProps => ({
  name: 'shop-web',
  component: 'frontend',
  containers: [{
    image: 'ghcr.io/acme/shop-web:2.4.1',
    ports: [Port.http(8080), Port.grpc(9000, { servicePort: 9000 })],
    env: { MODE: 'fast', TOKEN: EnvValue.fromSecret('tok', 'token') },
    resources: { cpu: { request: Quantity.millicores(250) }, memory: { request: '256Mi' } },
  }],
  autoscaling: { minReplicas: 2, maxReplicas: 8 },
  exposure: Exposure.ingress({ hosts: ['shop.example.com'] }),
  allowFrom: [NetworkPeer.sameNamespace(), NetworkPeer.namespace('monitoring')],
});

describe('cdk8s determinism', () => {
  const synth = (build: (chart: Chart) => void): string => {
    const app = new App({ outdir: '/nonexistent-never-written' });
    build(new Chart(app, 'shop', { namespace: 'shop' }));
    return app.synthYaml();
  };

  it('two separate apps from the same props synthesise byte-identical YAML', () => {
    const build = (chart: Chart) => {
      const web = new StatelessApp(chart, 'web', fullProps());
      new StatelessApp(chart, 'worker', { containers: [{ image: 'ghcr.io/acme/worker:1.0.0', ports: [] }], allowTo: [web] });
    };
    const a = synth(build);
    const b = synth(build);
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1000);
  });

  it('contains no timestamps, random names or tree paths', () => {
    const yaml = synth((chart) => new StatelessApp(chart, 'web', fullProps()));
    expect(yaml).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(yaml).not.toMatch(/shop-web-[a-z0-9]{8}/); // cdk8s' hashed name suffix
    expect(yaml).not.toContain('shop/web'); // the construct path
    expect(yaml).not.toContain('cdk8s.io/metadata.addr');
  });
});

describe('cdk8s upgrade safety: moving the construct in the tree changes no selector and no name', () => {
  interface Identity {
    names: string[];
    deploymentSelector: unknown;
    serviceSelector: unknown;
    pdbSelector: unknown;
    networkPolicySelector: unknown;
  }
  const identity = (objects: AnyObject[]): Identity => ({
    // The autoscaler comes and goes with `autoscaling`; every other object keeps its name.
    names: objects.filter((o) => o.kind !== 'HorizontalPodAutoscaler').map((o) => `${o.kind}/${o.metadata!.namespace}/${o.metadata!.name}`).sort(),
    deploymentSelector: ofKind(objects, 'Deployment').spec.selector,
    serviceSelector: ofKind(objects, 'Service').spec.selector,
    pdbSelector: ofKind(objects, 'PodDisruptionBudget').spec.selector,
    networkPolicySelector: ofKind(objects, 'NetworkPolicy').spec.podSelector,
  });

  const place = (where: (app: App) => Construct, id = 'web', extra: Partial<StatelessAppCdk8sProps> = {}): Identity => {
    const app = Testing.app();
    const scope = where(app);
    new StatelessApp(scope, id, { ...fullProps(), ...extra });
    return identity(parseAllDocuments(app.synthYaml()).map((d) => d.toJS()) as AnyObject[]);
  };
  const chartIn = (id: string) => (app: App) => new Chart(app, id, { namespace: 'shop' });

  const baseline = place(chartIn('shop'));

  it.each<[string, () => Identity]>([
    ['another chart id', () => place(chartIn('storefront-v2'))],
    ['a nested construct', () => place((app) => new Construct(new Construct(chartIn('shop')(app), 'team-a'), 'frontend'))],
    ['another construct id (name set in props)', () => place(chartIn('shop'), 'web-renamed-in-tree')],
    ['a nested chart', () => place((app) => new Chart(new Chart(app, 'outer', { namespace: 'shop' }), 'inner', { namespace: 'shop' }))],
  ])('moving it to %s', (_where, build) => {
    expect(build()).toEqual(baseline);
  });

  it.each<[string, Partial<StatelessAppCdk8sProps>]>([
    ['the image', { containers: [{ ...fullProps().containers[0], image: 'ghcr.io/acme/shop-web:3.0.0' }] }],
    ['the version', { version: '3.0.0-rc1' }],
    ['replicas', { autoscaling: undefined, replicas: 5 }],
    ['resources', { containers: [{ ...fullProps().containers[0], resources: { cpu: { request: '2', limit: '4' }, memory: { request: '1Gi' } } }] }],
    ['env', { containers: [{ ...fullProps().containers[0], env: { OTHER: 'x' } }] }],
    ['autoscaling', { autoscaling: { minReplicas: 4, maxReplicas: 40, cpuUtilization: 50 } }],
  ])('changing %s in a moved construct still keeps them', (_what, change) => {
    expect(place((app) => new Construct(chartIn('elsewhere')(app), 'x'), 'web', change)).toEqual(baseline);
  });
});

// The oldest and the newest cdk8s-plus lines keelson supports; the calls below exist in both.
const PLUS_LINES = [['cdk8s-plus-27', plus27], ['cdk8s-plus-34', plus34 as unknown as typeof plus27]] as const;

describe.each(PLUS_LINES)('cdk8s-plus interop (%s)', (_line, kplus) => {
  const peersOf = (chart: Chart, name: string) => {
    const np = Testing.synth(chart).find((o: AnyObject) => o.kind === 'NetworkPolicy' && o.metadata?.name === name);
    return np.spec.ingress[0].from;
  };

  it('converts kplus.Pods.select and kplus.Namespaces.select peers', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const mon = kplus.Namespaces.select(chart, 'mon', { names: ['monitoring'] });
    const payments = kplus.Namespaces.select(chart, 'payments', { labels: { team: 'payments' } });
    const scrapers = kplus.Pods.select(chart, 'scrapers', { labels: { role: 'scraper' } });
    const scrapersInMon = kplus.Pods.select(chart, 'scrapers-in-mon', { labels: { role: 'scraper' }, namespaces: kplus.Namespaces.select(chart, 'mon2', { names: ['monitoring', 'observability'] }) });
    const everywhere = kplus.Namespaces.all(chart, 'all');
    const block = kplus.NetworkPolicyIpBlock.ipv4(chart, 'lb', '10.0.0.0/8', ['10.1.0.0/16']);
    // Every namespace is a risk to acknowledge; the NetworkPolicy says so.
    const web = new StatelessApp(chart, 'web', props({ allowFrom: [mon, payments, scrapers, scrapersInMon, everywhere, block], acknowledgeRisks: ['ingress-from-every-namespace'] }));
    expect(web.networkPolicy.toJson().metadata.annotations).toEqual({ 'keelson.dev/acknowledged-risks': 'ingress-from-every-namespace' });
    const byName = { key: 'kubernetes.io/metadata.name', operator: 'In' };
    expect(peersOf(chart, 'web')).toEqual([
      // Every pod in the namespace named monitoring — not every namespace.
      { podSelector: {}, namespaceSelector: { matchExpressions: [{ ...byName, values: ['monitoring'] }] } },
      { podSelector: {}, namespaceSelector: { matchLabels: { team: 'payments' } } },
      // No namespaces given: the app's own namespace.
      { podSelector: { matchLabels: { role: 'scraper' } } },
      { podSelector: { matchLabels: { role: 'scraper' } }, namespaceSelector: { matchExpressions: [{ ...byName, values: ['monitoring', 'observability'] }] } },
      { podSelector: {}, namespaceSelector: {} },
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
    ]);
    expect(findings(Testing.synth(chart)).schema).toEqual([]);
  });

  it('a kplus workload is a peer by its cdk8s-plus address label', () => {
    const chart = Testing.chart();
    const api = new kplus.Deployment(chart, 'api', { containers: [{ image: 'ghcr.io/acme/api:1.0.0' }] });
    new StatelessApp(chart, 'web', props({ allowFrom: [api] }));
    const [peer] = peersOf(chart, 'web');
    const apiLabels = Testing.synth(chart).find((o: AnyObject) => o.kind === 'Deployment' && o.metadata?.name !== 'web').spec.template.metadata.labels;
    expect(Object.keys(peer.podSelector.matchLabels)).toEqual(['cdk8s.io/metadata.addr']);
    expect(apiLabels).toMatchObject(peer.podSelector.matchLabels);
  });

  it('a keelson StatelessApp is not a peer of another one: the call is declared once, on the caller', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const web = new StatelessApp(chart, 'web', props());
    expect(() => new StatelessApp(chart, 'api', props({ allowFrom: [web] }))).toThrow(/allowFrom\[0\]: names StatelessApp "web", a keelson app/);
    const other = new Chart(app, 'other', { namespace: 'backoffice' });
    expect(() => new StatelessApp(other, 'admin', props({ allowFrom: [web.networkPeer] }))).toThrow(/allowFrom\[0\]: names StatelessApp "web"/);
    // The call from another namespace: admin's egress, and web's ingress from admin's pods in `backoffice`.
    new StatelessApp(other, 'admin', props({ allowTo: [web] }));
    const adminPeer = {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'backoffice' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'admin', 'app.kubernetes.io/instance': 'admin' } },
    };
    expect(peersOf(other, 'web-from-admin.backoffice')).toEqual([adminPeer]);
    // The peer selects exactly admin's pods.
    const adminPods = ofKind(Testing.synth(other).filter((o: AnyObject) => o.metadata?.name === 'admin'), 'Deployment').spec.template.metadata.labels;
    expect(adminPods).toMatchObject(adminPeer.podSelector.matchLabels);
  });

  it('a call between apps without a namespace stays in the same namespace', () => {
    const chart = Testing.chart();
    const web = new StatelessApp(chart, 'web', props());
    const api = new StatelessApp(chart, 'api', props({ allowTo: [web] }));
    expect(peersOf(chart, 'web-from-api')).toEqual([{ podSelector: { matchLabels: api.selector } }]);
  });

  it('a keelson StatelessApp is a cdk8s-plus pod selector and network-policy peer', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const web = new StatelessApp(chart, 'web', props());
    const db = new kplus.Deployment(chart, 'db', { containers: [{ image: 'postgres:16.3', portNumber: 5432 }] });
    new kplus.NetworkPolicy(chart, 'db-from-web', {
      selector: db,
      ingress: { rules: [{ peer: web, ports: [kplus.NetworkPolicyPort.tcp(5432)] }] },
    });
    new kplus.NetworkPolicy(chart, 'web-policy', { selector: web, egress: { rules: [{ peer: db }] } });
    const objects = Testing.synth(chart) as AnyObject[];
    const dbPolicy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata!.name!.includes('db-from-web'))!;
    const from = dbPolicy.spec.ingress[0].from;
    expect(from).toEqual([{
      podSelector: { matchLabels: web.selector },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
    }]);
    const webPolicy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata!.name!.includes('web-policy'))!;
    expect(webPolicy.spec.podSelector).toEqual({ matchLabels: web.selector });
    expect(webPolicy.metadata!.namespace).toBe('shop');
  });

  it('loads cdk8s-plus only when asked for a cdk8s-plus selector', () => {
    const chart = Testing.chart();
    const web = new StatelessApp(chart, 'web', props());
    const config = web.toPodSelectorConfig();
    expect(config.labelSelector._toKube()).toEqual({ matchLabels: web.selector });
    expect(web.toPodSelector()).toBe(web);
    expect(web.toNetworkPolicyPeerConfig().podSelector).toBeDefined();
  });
});
