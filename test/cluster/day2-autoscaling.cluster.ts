/**
 * Adding an autoscaler to a running quorum StatefulApp (3 replicas), under server-side apply.
 * Without a hand-off the API server resets `replicas` (its only manager gave it up) and the
 * StatefulSet controller starts removing members; with the documented kubectl hand-off (a second
 * field manager applies the live count first), the count is never lowered. Pulumi's
 * `replicasHandOff` runs with the real engine in pulumi-handoff.cluster.ts; here, what a real
 * update cannot time: its patch (the object the component registers, its read answered from the
 * live cluster) carrying a count that is no longer live is refused, never applied, since it is not
 * forced.
 */
import { chartOf, handOffReplicas, small } from './day2';
import { Obj, apply, applyClean, deleteNamespaces, get, namespace, requireCluster, rolledOut, sleep } from './kube';
import type { StatefulAppProps } from '../../lib';
import { Port, StatefulApp as Cdk8sStatefulApp } from '../../lib/cdk8s';
import { StatefulApp, StatefulAppArgs } from '../../lib/pulumi';
import { REPLICAS_HAND_OFF_MANAGER } from '../../lib/pulumi/hand-off';
import { mockPulumi, settle } from '../helpers/pulumi';

const used: string[] = [];
beforeAll(() => requireCluster());
afterAll(() => deleteNamespaces(used));

/** The provider's kind of field manager (one per resource, kept in the stack's state). */
const PULUMI_MANAGER = 'pulumi-kubernetes-7d1e04b2';
const db: Omit<StatefulAppProps, 'name'> = { replicas: 3, containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' })], resources: small }] };
const autoscaled = { ...db, autoscaling: { maxReplicas: 5 } };

/** The lowest `spec.replicas` and the generation of the live StatefulSet, sampled while `change` runs and until it settles. */
async function watchReplicas(ns: string, change: (sample: () => void) => Promise<void> | void): Promise<{ min: number; generations: number }> {
  const before = get('StatefulSet', 'db', ns)!.metadata.generation;
  let min = Number.POSITIVE_INFINITY;
  const sample = () => {
    min = Math.min(min, get('StatefulSet', 'db', ns)!.spec.replicas);
  };
  await change(sample);
  // Long enough for the API server's reset and the autoscaler's answer to show in the generation.
  for (let i = 0; i < 20; i++) {
    sample();
    await sleep(250);
  }
  return { min, generations: get('StatefulSet', 'db', ns)!.metadata.generation - before };
}

describe('cdk8s: a 3-replica StatefulApp gains an autoscaler', () => {
  const ns = 'scale-db-cdk8s';
  const build = (props: Omit<StatefulAppProps, 'name'>) => chartOf(ns, (scope) => new Cdk8sStatefulApp(scope, 'db', props));

  beforeAll(async () => {
    used.push(ns);
    applyClean(build(db));
    await rolledOut('StatefulSet', 'db', ns, 180_000);
  });

  it('with the kubectl hand-off first: replicas stay 3, the StatefulSet is not even changed', async () => {
    handOffReplicas('StatefulSet', 'db', ns);
    const seen = await watchReplicas(ns, (sample) => {
      applyClean(build(autoscaled));
      sample();
    });
    expect(seen).toEqual({ min: 3, generations: 0 });
  });
});

describe('Pulumi: the replicasHandOff patch (replicasHandOff: true)', () => {
  const ns = 'scale-db-pulumi';

  /** What a Pulumi program registers: the objects, and the hand-off patches apart. Reads see the live cluster. */
  async function program(args: StatefulAppArgs): Promise<{ objects: Obj[]; patches: Obj[] }> {
    const mocks = await mockPulumi({ read: (type, id) => get(type.split(':').at(-1)!, id.split('/')[1], id.split('/')[0]) });
    new StatefulApp('db', { ...args, namespace: ns });
    await settle();
    const k8s = mocks.registrations.filter((r) => r.type.startsWith('kubernetes:') && r.id === undefined);
    return {
      objects: k8s.filter((r) => !r.type.endsWith('Patch')).map((r) => r.inputs as Obj),
      patches: k8s.filter((r) => r.type.endsWith('Patch')).map((r) => r.inputs as Obj),
    };
  }

  beforeAll(async () => {
    used.push(ns);
    namespace(ns);
    applyClean((await program(db)).objects, { fieldManager: PULUMI_MANAGER });
    await rolledOut('StatefulSet', 'db', ns, 180_000);
  });

  it('a patch with a count that is no longer live (2) is refused: the hand-off never lowers replicas', async () => {
    const { patches } = await program({ ...autoscaled, replicasHandOff: true });
    const stale = { ...patches[0], spec: { replicas: 2 } };
    const r = apply([stale], { fieldManager: REPLICAS_HAND_OFF_MANAGER });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/conflict/i);
    expect(get('StatefulSet', 'db', ns)!.spec.replicas).toBe(3);
  });

});
