/**
 * Adding an autoscaler to a running quorum StatefulApp (3 replicas), under server-side apply, on
 * both engines. Without a hand-off the API server resets `replicas` (its only manager gave it up)
 * and the StatefulSet controller starts removing members; with one, the count is never lowered:
 * - cdk8s: the documented kubectl hand-off (a second field manager applies the live count first);
 * - Pulumi: the objects the component registers with `replicasHandOff: true` (its reads answered
 *   from the live cluster), applied as the provider applies them: the patch under its own field
 *   manager, not forced, then the update in dependency order under a `pulumi-kubernetes-<random>`
 *   manager. A patch carrying a count that is no longer live is refused, never applied.
 */
import { chartOf, handOffReplicas, small } from './day2';
import { Obj, apply, applyClean, deleteNamespaces, get, kubectlOk, namespace, requireCluster, rolledOut, sleep, until } from './kube';
import { pulumiUp } from './pulumi-order';
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

describe('Pulumi: a 3-replica StatefulApp gains an autoscaler (replicasHandOff)', () => {
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

  it('the patch applies the live count under keelson-replicas-handoff, then the update: replicas stay 3, the StatefulSet is not even changed', async () => {
    const before = (await program(db)).objects;
    const { objects, patches } = await program({ ...autoscaled, replicasHandOff: true });
    expect(patches.map((p) => [p.kind, p.metadata.name, p.spec.replicas, p.metadata.annotations['pulumi.com/patchFieldManager']])).toEqual([['StatefulSet', 'db', 3, REPLICAS_HAND_OFF_MANAGER]]);
    const seen = await watchReplicas(ns, async (sample) => {
      // The StatefulSet depends on the patch: it is applied first, as the provider applies a Patch resource.
      applyClean(patches, { fieldManager: patches[0].metadata.annotations['pulumi.com/patchFieldManager'] });
      await pulumiUp(ns, before, objects, sample, { fieldManager: PULUMI_MANAGER });
    });
    expect(seen).toEqual({ min: 3, generations: 0 });
    const live = JSON.parse(kubectlOk(['get', 'statefulset', 'db', '-n', ns, '-o', 'json', '--show-managed-fields']));
    // The count is the hand-off's alone now (the autoscaler takes it over when it changes it).
    const managers = live.metadata.managedFields.filter((f: Obj) => f.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined).map((f: Obj) => f.manager);
    expect(managers).toEqual([REPLICAS_HAND_OFF_MANAGER]);
  });
});

describe('why: without the hand-off, the quorum StatefulApp loses members', () => {
  const ns = 'scale-db-naive';

  it('Pulumi\'s update without replicasHandOff: the API server resets replicas to 1, the autoscaler raises them again', async () => {
    used.push(ns);
    namespace(ns);
    const mocks = await mockPulumi();
    new StatefulApp('db', { ...db, namespace: ns });
    await settle();
    const first = mocks.registrations.filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs as Obj);
    applyClean(first, { fieldManager: PULUMI_MANAGER });
    await rolledOut('StatefulSet', 'db', ns, 180_000);
    const next = await mockPulumi();
    new StatefulApp('db', { ...autoscaled, namespace: ns });
    await settle();
    const before = get('StatefulSet', 'db', ns)!.metadata.generation;
    applyClean(next.registrations.filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs as Obj), { fieldManager: PULUMI_MANAGER });
    // The reset is one spec change, the autoscaler's minimum another: read from the generation
    // (the controller may delete members before the autoscaler answers).
    const after = await until('the autoscaler to restore 3 replicas', () => {
      const s = get('StatefulSet', 'db', ns)!;
      return s.spec.replicas === 3 && s.metadata.generation >= before + 2 ? s : undefined;
    }, 90_000);
    expect(after.metadata.generation).toBe(before + 2);
  });
});
