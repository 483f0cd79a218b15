/**
 * Disruption budgets as the real disruption controller computes them: every keelson PDB allows at
 * least one eviction once its pods are ready (so a node drain is never blocked), and an eviction
 * through the API (what `kubectl drain` sends) succeeds for one pod of every app.
 */
import { Obj, applyClean, deleteNamespaces, kubectl, list, readyPods, requireCluster, synth, until } from './kube';
import { CanaryRelease, CanaryRouting, Port, Quantity, SecureNamespace, StatefulApp, StatelessApp } from '../../lib/cdk8s';

const NS = 'disruption';
const small = { cpu: { request: Quantity.millicores(50) }, memory: { request: Quantity.mebibytes(64) } };

beforeAll(() => requireCluster());
afterAll(() => deleteNamespaces([NS]));

function selectorOf(pdb: Obj): string {
  return Object.entries(pdb.spec.selector.matchLabels as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(',');
}

describe('PodDisruptionBudgets on the real disruption controller', () => {
  let pdbs: Obj[] = [];

  beforeAll(async () => {
    const objects = synth((chart) => {
      const ns = new SecureNamespace(chart, NS, {});
      new StatelessApp(ns, 'web', { replicas: 3, containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)], resources: small }] });
      new StatelessApp(ns, 'pair', { replicas: 2, containers: [{ image: 'ghcr.io/acme/pair:1.0.0', ports: [Port.http(8080)], resources: small }] });
      new StatefulApp(ns, 'db', { replicas: 3, disruptionBudget: { quorum: true }, containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432)], resources: small }] });
      new StatefulApp(ns, 'kv', { replicas: 5, containers: [{ image: 'ghcr.io/acme/kv:1.0.0', ports: [Port.tcp(6379)], resources: small }] });
      new CanaryRelease(ns, 'api', {
        containers: [{ image: 'ghcr.io/acme/api:1.0.0', ports: [Port.http(8080)], resources: small }],
        stable: { replicas: 3 },
        canary: { image: 'ghcr.io/acme/api:1.1.0', weight: 10, replicas: 1 },
        // Not Istio: the namespace has no mesh, and Istio routing there reaches nothing (keelson refuses it).
        routing: CanaryRouting.gatewayApi({ gateway: 'infra/public' }),
      });
    });
    applyClean(objects);
    pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
    expect(pdbs.length).toBeGreaterThanOrEqual(6);
    // Every PDB's pods are up before the budgets are read.
    for (const pdb of pdbs) {
      await until(`pods of PDB ${pdb.metadata.name} ready`, () => {
        const live = list('pods', NS, selectorOf(pdb));
        return live.length > 0 && readyPods(NS, selectorOf(pdb)) === live.length ? true : undefined;
      }, 120_000);
    }
  });

  it('every PDB allows at least one disruption once its pods are ready', async () => {
    for (const pdb of pdbs) {
      // The controller's status lags the pods (a StatefulSet's start one by one): a budget that
      // never allows a disruption times out here.
      const status = await until(`PDB ${pdb.metadata.name} to allow a disruption`, () => {
        const live = JSON.parse(kubectl(['get', 'pdb', pdb.metadata.name, '-n', NS, '-o', 'json']).stdout);
        const st = live.status;
        return st?.observedGeneration === live.metadata.generation && st.disruptionsAllowed >= 1 ? st : undefined;
      }, 60_000);
      expect({ pdb: pdb.metadata.name, healthy: status.currentHealthy, allowed: status.disruptionsAllowed >= 1 })
        .toEqual({ pdb: pdb.metadata.name, healthy: status.expectedPods, allowed: true });
    }
  });

  it('an eviction through the API succeeds for one pod of every budget', async () => {
    for (const pdb of pdbs) {
      // A budget refreshes after each eviction; wait for it to allow one before the next app's.
      await until(`PDB ${pdb.metadata.name} to allow a disruption`, () => {
        const live = JSON.parse(kubectl(['get', 'pdb', pdb.metadata.name, '-n', NS, '-o', 'json']).stdout);
        return live.status?.disruptionsAllowed >= 1 ? true : undefined;
      });
      const pod = list('pods', NS, selectorOf(pdb)).find((p) => !p.metadata.deletionTimestamp);
      expect(pod).toBeDefined();
      const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod!.metadata.name, namespace: NS } };
      const r = kubectl(['create', '--raw', `/api/v1/namespaces/${NS}/pods/${pod!.metadata.name}/eviction`, '-f', '-'], { input: JSON.stringify(eviction) });
      expect({ pdb: pdb.metadata.name, status: r.status, stderr: r.stderr }).toEqual({ pdb: pdb.metadata.name, status: 0, stderr: '' });
    }
  });
});
