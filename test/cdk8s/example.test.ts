/**
 * The example cdk8s app (examples/cdk8s/main.ts) synthesises, and every object it emits is
 * schema-valid, passes the Pod Security Standards "restricted" profile and the best-practice checks.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildApp } from '../../examples/cdk8s/main';
import { AnyObject } from '../helpers/best-practice';
import { findings } from '../helpers/fixtures';
import { checkPodTemplate } from '../helpers/pss';

function synthExample(): { yaml: string; objects: AnyObject[] } {
  const yaml = buildApp(path.join(os.tmpdir(), 'keelson-example-never-written')).synthYaml();
  const objects = parseAllDocuments(yaml).map((d) => d.toJS() as AnyObject).filter((o) => o !== null);
  return { yaml, objects };
}

describe('example cdk8s app', () => {
  const { yaml, objects } = synthExample();

  it('synthesises the shop objects', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/shop/web',
      'NetworkPolicy/shop/web',
      'Service/shop/web',
      'Deployment/shop/web',
      'PodDisruptionBudget/shop/web',
      'HorizontalPodAutoscaler/shop/web',
      'Ingress/shop/web',
    ]);
  });

  it('is schema-valid, PSS-restricted and best-practice clean', () => {
    expect(findings(objects)).toEqual({ schema: [], restricted: [], bestPractice: [] });
  });

  it('passes the baseline profile too, on every pod template', () => {
    for (const o of objects.filter((x) => x.kind === 'Deployment')) expect(checkPodTemplate(o.spec.template, 'baseline')).toEqual([]);
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
