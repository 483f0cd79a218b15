/**
 * The cdk8s SecureNamespace: its objects, and the fit check that runs when the app is synthesised.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { KeelsonValidationError, NetworkPeer, Quantity, Subject } from '../../lib';
import { SecureNamespace, StatelessApp } from '../../lib/cdk8s';
import { namespaceOf } from '../../lib/cdk8s/secure-namespace';
import { AnyObject } from '../helpers/best-practice';
import { paths, thrown, validationError } from '../helpers/fixtures';
import { PssLevel, podSecurityViolations } from '../helpers/pss';
import { schemaProblems } from '../helpers/schema';

const IMAGE = 'ghcr.io/acme/web:1.4.2';
const chartIn = (namespace?: string, app: App = Testing.app()) => new Chart(app, 'shop', namespace ? { namespace } : {});
const synth = (chart: Chart) => Testing.synth(chart) as AnyObject[];
const ids = (objects: AnyObject[]) => objects.map((o) => `${o.kind}/${o.metadata?.namespace ?? '-'}/${o.metadata?.name}`);

describe('cdk8s SecureNamespace objects', () => {
  it('synthesises the Namespace first, without a namespace of its own even in a namespaced chart', () => {
    const chart = chartIn('shop');
    new SecureNamespace(chart, 'shop', {});
    const objects = synth(chart);
    expect(ids(objects)).toEqual([
      'Namespace/-/shop',
      'ResourceQuota/shop/default',
      'LimitRange/shop/default',
      'ServiceAccount/shop/default',
      'NetworkPolicy/shop/allow-dns',
      'NetworkPolicy/shop/default-deny',
    ]);
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('takes the name from the id or from props, never from the chart', () => {
    const chart = chartIn('elsewhere');
    const a = new SecureNamespace(chart, 'team-a');
    const b = new SecureNamespace(chart, 'Team B', { name: 'team-b' });
    expect([a.name, b.name]).toEqual(['team-a', 'team-b']);
    const objects = synth(chart);
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => ['team-a', 'team-b'].includes(o.metadata!.namespace!))).toBe(true);
  });

  it('exposes every object for escape hatches', () => {
    const chart = chartIn();
    const ns = new SecureNamespace(chart, 'shop', {
      quota: { scoped: [{ name: 'high', priorityClasses: ['high'], pods: 4 }] },
      access: { team: [Subject.group('devs')], deployers: [Subject.serviceAccount('ci', 'ci')] },
      mesh: {},
    });
    expect(Object.keys(ns.networkPolicies)).toEqual(['allow-dns', 'allow-mesh-control-plane', 'default-deny']);
    expect(Object.keys(ns.roles)).toEqual(['keelson-viewer', 'keelson-deployer']);
    expect(Object.keys(ns.roleBindings)).toEqual(['team-keelson-viewer', 'deployers-keelson-deployer']);
    expect(Object.keys(ns.authorizationPolicies)).toEqual(['allow', 'default-deny']);
    expect(ns.scopedQuotas.map((q) => q.name)).toEqual(['high']);
    const children = [ns.namespace, ns.resourceQuota, ns.limitRange, ns.serviceAccount, ns.peerAuthentication, ns.sidecar];
    for (const o of children) expect(o).toBeInstanceOf(ApiObject);
    ns.networkPolicies['default-deny'].addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'platform' }));
    const deny = synth(chart).find((o) => o.kind === 'NetworkPolicy' && o.metadata!.name === 'default-deny')!;
    expect(deny.metadata!.annotations).toEqual({ 'example.com/owner': 'platform' });
    expect(schemaProblems(synth(chart))).toEqual([]);
    expect(ns.networkPeer.peer).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } });
  });

  it('throws the library\'s error for bad props and adds nothing to the chart', () => {
    const chart = chartIn();
    const e = validationError(() => new SecureNamespace(chart, 'Shop', { quota: { pods: -1 } }));
    expect(paths(e)).toEqual(['name', 'quota.pods']);
    expect(chart.node.children).toHaveLength(0);
    expect(thrown(() => new SecureNamespace(chart, 'x', null as never))).toBeInstanceOf(KeelsonValidationError);
  });

  it('synthesises the same bytes every time', () => {
    const build = () => {
      const app = Testing.app();
      const ns = new SecureNamespace(chartIn('shop', app), 'shop', { mesh: {}, network: { allowFrom: [NetworkPeer.namespace('monitoring')] } });
      new StatelessApp(ns, 'web', { containers: [{ image: IMAGE }] });
      return app.synthYaml();
    };
    expect(build()).toBe(build());
  });

  it('namespaceOf: the SecureNamespace around a scope, else the chart\'s namespace', () => {
    const chart = chartIn('chart-ns');
    const ns = new SecureNamespace(chart, 'shop');
    const inner = new Construct(ns, 'group');
    expect(namespaceOf(inner)).toBe('shop');
    expect(namespaceOf(ns)).toBe('shop');
    expect(namespaceOf(new Construct(chart, 'outside'))).toBe('chart-ns');
    expect(SecureNamespace.isSecureNamespace(ns)).toBe(true);
    expect(SecureNamespace.isSecureNamespace(chart)).toBe(false);
  });
});

describe('cdk8s SecureNamespace: apps must fit at synth', () => {
  /** A chart whose namespace is the SecureNamespace's, so apps in its scope are in it with or without placement support. */
  function shop(props: ConstructorParameters<typeof SecureNamespace>[2] = {}) {
    const app = Testing.app();
    const chart = chartIn('shop', app);
    const ns = new SecureNamespace(chart, 'shop', props);
    return { app, chart, ns };
  }

  it('synthesises apps that fit, after the namespace\'s objects, passing the Pod Security level it enforces', () => {
    const { chart, ns } = shop();
    new StatelessApp(ns, 'web', { containers: [{ image: IMAGE }], autoscaling: { maxReplicas: 10 } });
    const objects = synth(chart);
    expect(objects[0].kind).toBe('Namespace');
    expect(objects.findIndex((o) => o.kind === 'Deployment')).toBeGreaterThan(objects.findIndex((o) => o.metadata?.name === 'default-deny'));
    const level = objects[0].metadata!.labels!['pod-security.kubernetes.io/enforce'] as PssLevel;
    expect(level).toBe('restricted');
    expect(podSecurityViolations(objects, level)).toEqual([]);
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('fails Testing.synth, synthYaml and app.synth with the library\'s error and the numbers; writes no file', () => {
    const { app, chart, ns } = shop({ quota: { cpu: { request: '1' } } });
    new StatelessApp(ns, 'web', { containers: [{ image: IMAGE, resources: { cpu: { request: Quantity.millicores(250) } } }], replicas: 4 });
    const expected = '4 replicas × 250m + surge 1 × 250m + terminating 1 × 250m = 1500m exceeds the quota\'s requests.cpu 1 in namespace "shop"';
    for (const run of [() => synth(chart), () => app.synthYaml()]) {
      const e = validationError(run);
      expect(e.constructType).toBe('StatelessApp');
      expect(e.problems).toEqual([{ construct: 'web', path: 'containers[0].resources.cpu.request', message: expected, type: 'conflict' }]);
    }
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-ns-'));
    try {
      const writing = new App({ outdir });
      const ns2 = new SecureNamespace(new Chart(writing, 'shop', { namespace: 'shop' }), 'shop', { quota: { cpu: { request: '1' } } });
      new StatelessApp(ns2, 'web', { containers: [{ image: IMAGE, resources: { cpu: { request: '250m' } } }], replicas: 4 });
      expect(thrown(() => writing.synth())).toBeInstanceOf(KeelsonValidationError);
      expect(fs.readdirSync(outdir)).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('checks the objects as they will be synthesised: JSON patches count', () => {
    const { chart, ns } = shop({ quota: { pods: 10 } });
    const web = new StatelessApp(ns, 'web', { containers: [{ image: IMAGE }] });
    expect(() => synth(chart)).not.toThrow();
    web.deployment.addJsonPatch(JsonPatch.replace('/spec/replicas', 9));
    expect(paths(validationError(() => synth(chart)))).toEqual(['replicas']);
    // 9 replicas + surge 3 + terminating 3 = 15 pods.
    ns.resourceQuota.addJsonPatch(JsonPatch.replace('/spec/hard/pods', '15'));
    expect(() => synth(chart)).not.toThrow();
  });

  it('checks apps elsewhere in the cdk8s app whose namespace is its own, and all of them together', () => {
    const app = Testing.app();
    const ns = new SecureNamespace(chartIn(undefined, app), 'shop', { quota: { cpu: { request: '2' } } });
    const other = new Chart(app, 'apps');
    new StatelessApp(other, 'web', { namespace: 'shop', replicas: 3, containers: [{ image: IMAGE, resources: { cpu: { request: '300m' } } }] });
    new StatelessApp(other, 'api', { namespace: 'shop', replicas: 3, containers: [{ image: IMAGE, resources: { cpu: { request: '300m' } } }] });
    new StatelessApp(other, 'elsewhere', { namespace: 'other', replicas: 30, containers: [{ image: IMAGE }] });
    const e = validationError(() => app.synthYaml());
    expect(e.constructType).toBe('SecureNamespace');
    expect(e.problems).toEqual([{
      construct: 'shop',
      path: 'quota.cpu.request',
      message: 'the apps together need web 1500m + api 1500m = 3 at their peak, which exceeds the quota\'s requests.cpu 2 in namespace "shop"; raise the quota or shrink the apps',
      type: 'conflict',
    }]);
    expect(() => ns.checkApps()).toThrow(KeelsonValidationError);
  });

  it('counts objects keelson did not build, each on its own', () => {
    const { chart, ns } = shop({ quota: { pods: 3 } });
    new ApiObject(chart, 'raw', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'raw', namespace: 'shop' },
      spec: { replicas: 5, selector: { matchLabels: { app: 'raw' } }, template: { metadata: { labels: { app: 'raw' } }, spec: { containers: [{ name: 'raw', image: IMAGE }] } } },
    });
    expect(validationError(() => synth(chart)).problems).toEqual([
      { construct: 'raw', path: 'spec.replicas', message: '5 replicas + surge 2 + terminating 3 = 10 exceeds the quota\'s pods 3 in namespace "shop"', type: 'conflict' },
    ]);
    expect(ns.name).toBe('shop');
  });

  it('reports a keelson app in its scope that sets another namespace', () => {
    const { chart, ns } = shop();
    new StatelessApp(ns, 'web', { namespace: 'other', containers: [{ image: IMAGE }] });
    expect(validationError(() => synth(chart)).problems).toEqual([
      { construct: 'web', path: 'namespace', message: '"other" is not the namespace "shop" where the app is placed; leave namespace out', type: 'conflict' },
    ]);
  });

  it('refuses a keelson app whose objects would overwrite the namespace\'s, before it joins the tree', () => {
    const { chart, ns } = shop();
    const e = validationError(() => new StatelessApp(ns, 'default', { containers: [{ image: IMAGE }] }));
    expect(e.problems).toEqual([{
      construct: 'default',
      path: 'name',
      type: 'duplicate',
      message: expect.stringContaining('ServiceAccount "default" in namespace "shop" is also emitted by SecureNamespace "shop" (cdk8s construct shop/shop)'),
    }]);
    expect(ns.node.tryFindChild('default')).toBeUndefined();
    expect(() => synth(chart)).not.toThrow();
  });

  it('reports an object of another library whose kind and name are the namespace\'s', () => {
    const { chart } = shop();
    new ApiObject(chart, 'sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'shop' } });
    expect(validationError(() => synth(chart)).problems).toEqual([
      { construct: 'default', path: 'name', type: 'duplicate', message: expect.stringContaining('has the name of one that SecureNamespace "shop" emits') },
    ]);
  });

  it('checks each SecureNamespace against its own apps only', () => {
    const app = Testing.app();
    const chart = chartIn(undefined, app);
    new SecureNamespace(chart, 'small', { quota: { pods: 2 } });
    new SecureNamespace(chart, 'large', { quota: { pods: 100 } });
    new StatelessApp(chart, 'web', { namespace: 'large', replicas: 20, containers: [{ image: IMAGE }] });
    expect(() => app.synthYaml()).not.toThrow();
  });
});
