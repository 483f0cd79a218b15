/**
 * StatelessApp day-2 changes applied for real, one after another: on the newest plane the Service
 * keeps ready endpoints and the app at least the capacity both sides ask for; the oldest plane
 * accepts the same applies. Adding an autoscaler follows the documented replicas hand-off.
 */
import { chartOf, handOffReplicas, prune, small } from './day2';
import { Obj, applyClean, deleteNamespaces, get, requireCluster, rolledOut, until } from './kube';
import { observeChange } from './observe';
import type { StatelessAppProps } from '../../lib';
import { EnvValue, Port, Quantity, StatelessApp } from '../../lib/cdk8s';

const used: string[] = [];
beforeAll(() => requireCluster());
// Only on the newest plane: the oldest runs no namespace controller to finish a deletion, and each
// run of the suite starts from an empty etcd anyway.
afterAll(() => deleteNamespaces(used));

describe('StatelessApp day-2 changes', () => {
  const ns = 'day2-web';
  const base: StatelessAppProps = { name: 'web', replicas: 3, containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)], resources: small }] };
  const c = (props: Partial<StatelessAppProps>, container: Record<string, unknown> = {}): StatelessAppProps => ({
    ...base,
    ...props,
    containers: [{ ...base.containers[0], ...container }],
  });
  const steps: Array<[string, StatelessAppProps]> = [
    ['image', c({}, { image: 'ghcr.io/acme/web:1.0.1' })],
    ['replicas', c({ replicas: 4 }, { image: 'ghcr.io/acme/web:1.0.1' })],
    ['env', c({ replicas: 4 }, { image: 'ghcr.io/acme/web:1.0.1', env: { LOG_LEVEL: 'debug', POD: EnvValue.fromField('metadata.name') } })],
    ['resources', c({ replicas: 4 }, { image: 'ghcr.io/acme/web:1.0.1', resources: { cpu: { request: Quantity.millicores(60) }, memory: { request: Quantity.mebibytes(80) } } })],
    ['ports', c({ replicas: 4 }, { image: 'ghcr.io/acme/web:1.0.1', ports: [Port.http(8080), Port.http(9090, { name: 'admin', servicePort: 9090 })] })],
    ['autoscaling on', c({ replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 8 } }, { image: 'ghcr.io/acme/web:1.0.1', ports: [Port.http(8080), Port.http(9090, { name: 'admin', servicePort: 9090 })] })],
    ['autoscaling off', c({ replicas: 4 }, { image: 'ghcr.io/acme/web:1.0.1', ports: [Port.http(8080), Port.http(9090, { name: 'admin', servicePort: 9090 })] })],
  ];
  let previous: Obj[] = [];

  beforeAll(async () => {
    used.push(ns);
    previous = chartOf(ns, (scope) => new StatelessApp(scope, 'web', base));
    applyClean(previous);
    applyClean(previous, { plane: 'oldest' });
    await rolledOut('Deployment', 'web', ns);
  });

  it.each(steps)('%s: accepted by both API servers, never without endpoints or below capacity', async (step, props) => {
    const next = chartOf(ns, (scope) => new StatelessApp(scope, 'web', props));
    const autoscaled = step === 'autoscaling on';
    const generation = get('Deployment', 'web', ns)!.metadata.generation;
    applyClean(next, { plane: 'oldest' });
    const seen = await observeChange(ns, 'app.kubernetes.io/name=web', previous, next, {
      beforeApply: () => autoscaled && handOffReplicas('Deployment', 'web', ns),
    });
    prune(ns, previous, next);
    prune(ns, previous, next, 'oldest');
    previous = next;
    expect(seen.minEndpoints.web).toBeGreaterThan(0);
    expect(seen.minReadyPods).toBeGreaterThanOrEqual(Math.min(seen.before, seen.wanted));
    if (autoscaled) {
      // With the hand-off, replicas were never reset: no spec change at all (the template is the same).
      const live = get('Deployment', 'web', ns)!;
      expect({ replicas: live.spec.replicas, generation: live.metadata.generation }).toEqual({ replicas: 4, generation });
    }
  });
});


describe('why the replicas hand-off is documented', () => {
  const ns = 'day2-naive';

  it('without it, adding autoscaling under server-side apply resets replicas to 1 until the HPA reacts', async () => {
    used.push(ns);
    const props: StatelessAppProps = { name: 'web', replicas: 3, containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)], resources: small }] };
    applyClean(chartOf(ns, (scope) => new StatelessApp(scope, 'web', props)));
    await rolledOut('Deployment', 'web', ns);
    const before = get('Deployment', 'web', ns)!.metadata.generation;
    applyClean(chartOf(ns, (scope) => new StatelessApp(scope, 'web', { ...props, replicas: undefined, autoscaling: { minReplicas: 3, maxReplicas: 6 } })));
    // The autoscaler restores its minimum at once, so the dip is read from the generation: the
    // field's only manager gave it up, the API server reset it to 1 (one spec change), and the
    // HPA set it back to 3 (another). The template did not change.
    const after = await until('the HPA to restore minReplicas', () => {
      const d = get('Deployment', 'web', ns)!;
      return d.spec.replicas === 3 && d.metadata.generation >= before + 2 ? d : undefined;
    }, 60_000);
    expect(after.metadata.generation).toBe(before + 2);
  });
});
