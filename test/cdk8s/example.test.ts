/**
 * The example cdk8s app (examples/cdk8s/main.ts: the web StatelessApp, the etcd StatefulApp and
 * the api CanaryRelease) synthesises, and every object it emits is schema-valid, passes the Pod
 * Security Standards "restricted" (and so "baseline") profile on every pod template, and each
 * app (grouped by `app.kubernetes.io/instance`, a CanaryRelease by track) passes the
 * best-practice checks on its own objects, but for the findings listed exactly.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildApp } from '../../examples/cdk8s/main';
import { AnyObject, bestPracticeByApp, groupByInstance } from '../helpers/best-practice';
import { checkPodTemplate, podSecurityViolations, podTemplatesOf } from '../helpers/pss';
import { schemaProblems } from '../helpers/schema';

/** The label a CanaryRelease puts on each track's Deployment and PDB. */
const TRACK = 'keelson.dev/track';

function synthExample(): { yaml: string; objects: AnyObject[] } {
  const yaml = buildApp(path.join(os.tmpdir(), 'keelson-example-never-written')).synthYaml();
  const all = parseAllDocuments(yaml).map((d) => d.toJS() as AnyObject).filter((o) => o !== null);
  // The apps' objects; their SecureNamespace's (labelled with its name) are checked in example-namespace.test.ts.
  const objects = all.filter((o) => o.metadata?.labels?.['app.kubernetes.io/instance'] !== 'shop');
  return { yaml, objects };
}

describe('example cdk8s app', () => {
  const { yaml, objects } = synthExample();

  it('synthesises the shop objects: the web StatelessApp, the etcd StatefulApp, the api CanaryRelease', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/shop/web',
      'NetworkPolicy/shop/web',
      'Service/shop/web',
      'Deployment/shop/web',
      'PodDisruptionBudget/shop/web',
      'HorizontalPodAutoscaler/shop/web',
      'Ingress/shop/web',
      'ServiceAccount/shop/etcd',
      'NetworkPolicy/shop/etcd',
      'Service/shop/etcd-headless',
      'Service/shop/etcd',
      'StatefulSet/shop/etcd',
      'PodDisruptionBudget/shop/etcd',
      'VerticalPodAutoscaler/shop/etcd',
      'ServiceAccount/shop/api',
      'NetworkPolicy/shop/api',
      'Service/shop/api',
      'Deployment/shop/api-stable',
      'Deployment/shop/api-canary',
      'PodDisruptionBudget/shop/api-stable',
      'PodDisruptionBudget/shop/api-canary',
      'DestinationRule/shop/api',
      'VirtualService/shop/api',
    ]);
  });

  it('groups into exactly three apps by app.kubernetes.io/instance, with no unlabelled object', () => {
    const groups = groupByInstance(objects);
    expect(Object.keys(groups)).toEqual(['web', 'etcd', 'api']);
    expect(Object.values(groups).map((g) => g.length)).toEqual([7, 7, 9]);
    // A CanaryRelease by track: each track's Deployment and PDB, with the objects both share.
    const tracks = groupByInstance(objects, { splitBy: TRACK });
    expect(Object.keys(tracks)).toEqual(['web', 'etcd', 'api#stable', 'api#canary']);
    expect(tracks['api#canary'].map((o) => `${o.kind}/${o.metadata!.name}`)).toEqual([
      'ServiceAccount/api', 'NetworkPolicy/api', 'Service/api', 'Deployment/api-canary', 'PodDisruptionBudget/api-canary', 'DestinationRule/api', 'VirtualService/api',
    ]);
  });

  it('is schema-valid, every object (the VPA and the Istio objects against their CRD schemas)', () => {
    expect(schemaProblems(objects)).toEqual([]);
    // The CRD checks can fail.
    const vs = objects.find((o) => o.kind === 'VirtualService')!;
    const vpa = objects.find((o) => o.kind === 'VerticalPodAutoscaler')!;
    expect(schemaProblems([{ ...vs, spec: { ...vs.spec, http: 'all' } }, { ...vpa, spec: { ...vpa.spec, updatePolicy: { updateMode: 'Always' } } }])).toEqual([
      expect.stringMatching(/VirtualService "api" is not schema-valid: .*http must be array/),
      expect.stringMatching(/VerticalPodAutoscaler "etcd" is not schema-valid: .*updateMode must be equal to one of the allowed values/),
    ]);
  });

  it('is best-practice clean, app by app (a CanaryRelease track by track)', () => {
    expect(bestPracticeByApp(objects, { splitBy: TRACK })).toEqual({
      'web': [],
      'etcd': [],
      'api#stable': [],
      // Deliberate: the canary runs one replica beside the stable track's three.
      'api#canary': ['Deployment/api-canary: replicas 1 < 2 and no autoscaler'],
    });
  });

  it('passes the restricted and the baseline profile on every pod template, the StatefulSet included', () => {
    const owners = podTemplatesOf(objects).map((t) => t.owner);
    expect(owners).toEqual(['Deployment/web', 'StatefulSet/etcd', 'Deployment/api-stable', 'Deployment/api-canary']);
    expect(podSecurityViolations(objects, 'restricted')).toEqual([]);
    for (const { template } of podTemplatesOf(objects)) {
      expect(checkPodTemplate(template, 'restricted')).toEqual([]);
      expect(checkPodTemplate(template, 'baseline')).toEqual([]);
    }
  });

  it('runs etcd as a quorum: 3 members, a headless serviceName, a majority PDB and a recommending VPA', () => {
    const etcd = groupByInstance(objects).etcd;
    const sts: any = etcd.find((o) => o.kind === 'StatefulSet');
    expect(sts.spec).toMatchObject({ replicas: 3, serviceName: 'etcd-headless', podManagementPolicy: 'Parallel' });
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'ssd', volumeMode: 'Filesystem', resources: { requests: { storage: '20Gi' } } },
    }]);
    expect(etcd.find((o) => o.kind === 'PodDisruptionBudget')!.spec).toMatchObject({ minAvailable: 2 });
    expect(etcd.find((o) => o.kind === 'VerticalPodAutoscaler')!.spec.updatePolicy).toEqual({ updateMode: 'Off' });
    expect(etcd.find((o) => o.metadata?.name === 'etcd-headless')!.spec.clusterIP).toBe('None');
  });

  it('synthesises the same bytes every time', () => {
    expect(synthExample().yaml).toBe(yaml);
  });

  it('writes nothing until synth() is called', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-example-'));
    try {
      const app = buildApp(outdir);
      expect(fs.readdirSync(outdir)).toEqual([]);
      app.synth();
      const files = fs.readdirSync(outdir);
      expect(files).toEqual(['shop.k8s.yaml']);
      expect(fs.readFileSync(path.join(outdir, files[0]), 'utf8')).toBe(yaml);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
