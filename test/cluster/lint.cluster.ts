/**
 * The real linters on every manifest set the suite synthesises: kubeconform (strict, against
 * schemas generated from the running newest API server, CRDs included) finds nothing, and
 * kube-score finds nothing but the findings tolerated, each with its reason, in tolerated.ts —
 * and every tolerated finding still occurs, so the list cannot go stale.
 */
import * as path from 'path';
import { requireCluster, runDir } from './kube';
import { kubeScore, kubeconform, writeKubeconformSchemas } from './linters';
import { example, matrix } from './matrix';
import { KUBE_SCORE_TOLERATED } from './tolerated';

const sets = [example, ...matrix];
const schemaDir = path.join(runDir(), 'kubeconform-schemas');

beforeAll(() => {
  requireCluster();
  // The CRDs are installed by cluster.sh, so their kinds are served and get schemas too.
  expect(writeKubeconformSchemas(schemaDir)).toBeGreaterThan(100);
});

describe('kubeconform -strict', () => {
  it.each(sets.map((s) => [s.name, s] as const))('%s: every object is valid', (name, set) => {
    const objects = set.objects();
    const r = kubeconform(objects, schemaDir, `kubeconform-${name}`);
    expect(r.findings).toEqual([]);
    // Every object was checked against a schema (none skipped for a missing one).
    expect(JSON.parse(r.output).summary.valid).toBe(objects.length);
  });
});

describe('kube-score', () => {
  const hits = new Map<string, number>();

  it.each(sets.map((s) => [s.name, s] as const))('%s: no finding but the tolerated ones', (name, set) => {
    const r = kubeScore(set.objects(), name);
    const untolerated = r.findings.filter((f) => {
      const t = KUBE_SCORE_TOLERATED.find((x) => x.finding.test(f));
      if (t) hits.set(t.finding.source, (hits.get(t.finding.source) ?? 0) + 1);
      return !t;
    });
    expect(untolerated).toEqual([]);
  });

  it('every tolerated finding still occurs', () => {
    expect(KUBE_SCORE_TOLERATED.filter((t) => !hits.has(t.finding.source)).map((t) => t.finding.source)).toEqual([]);
  });
});
