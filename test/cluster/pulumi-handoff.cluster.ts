/**
 * `replicasHandOff` with the real engine: a 3-replica StatefulApp deployed with `pulumi up` gains an
 * autoscaler in an update with `replicasHandOff: true`; the count is never lowered and the
 * StatefulSet is not even changed. The arg is removed as documented, the autoscaler changes the
 * count, and later updates (one with `--refresh`, one that rolls out a new image) keep the
 * autoscaler's count. Without the hand-off, the same update makes the API server reset `replicas`
 * (its only manager, the provider, gave it up) until the autoscaler raises it again.
 */
import { Stack } from '@pulumi/pulumi/automation';
import { small } from './day2';
import { Obj, get, kubectlOk, namespace, rolledOut, sleep, until } from './kube';
import { realEngineSuite, Steps, stackOf, upSampled } from './pulumi-engine';
import { Port, StatefulAppProps } from '../../lib';
import * as p from '../../lib/pulumi';
import { REPLICAS_HAND_OFF_MANAGER } from '../../lib/pulumi/hand-off';

const { stacks, namespaces: used } = realEngineSuite();

const db: Omit<StatefulAppProps, 'name'> = { replicas: 3, containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' })], resources: small }] };
const STATEFULSET = 'kubernetes:apps/v1:StatefulSet::db-statefulset';

/** A stack of one StatefulApp `db` in `ns` with the args `current()` gives at each run; unprotected, so the suite can destroy it. */
async function statefulStack(ns: string, current: () => p.StatefulAppArgs): Promise<Stack> {
  used.push(ns);
  namespace(ns);
  const s = await stackOf(ns, async () => {
    new p.StatefulApp('db', { ...current(), namespace: ns }, { protect: false });
    return {};
  });
  stacks.push(s);
  return s;
}

/**
 * The lowest `spec.replicas` of the live StatefulSet and how far its generation moved, sampled
 * while `pulumi up` runs and for 5 s after (long enough for a reset and the autoscaler's answer).
 */
async function watchedUp(s: Stack, ns: string, options: { refresh?: boolean } = {}): Promise<{ steps: Steps; min: number; generations: number }> {
  const before = get('StatefulSet', 'db', ns)!.metadata.generation;
  let min = Number.POSITIVE_INFINITY;
  const sample = () => {
    min = Math.min(min, get('StatefulSet', 'db', ns)!.spec.replicas);
  };
  const steps = await upSampled(s, sample, options);
  for (let i = 0; i < 20; i++) {
    sample();
    await sleep(250);
  }
  return { steps, min, generations: get('StatefulSet', 'db', ns)!.metadata.generation - before };
}

/** The field managers of the live StatefulSet's `spec.replicas`. */
function replicasManagers(ns: string): string[] {
  const live = JSON.parse(kubectlOk(['get', 'statefulset', 'db', '-n', ns, '-o', 'json', '--show-managed-fields']));
  return live.metadata.managedFields.filter((f: Obj) => f.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined).map((f: Obj) => f.manager).sort();
}

describe('replicasHandOff: a 3-replica StatefulApp gains an autoscaler with pulumi up', () => {
  const ns = 'pulumi-handoff';
  let args: p.StatefulAppArgs = db;
  let s: Stack;

  beforeAll(async () => {
    s = await statefulStack(ns, () => args);
    await s.up();
    await rolledOut('StatefulSet', 'db', ns, 180_000);
  });

  it('the update that adds the autoscaler, with replicasHandOff: replicas stay 3, the StatefulSet is not even changed', async () => {
    args = { ...db, autoscaling: { maxReplicas: 5 }, replicasHandOff: true };
    const seen = await watchedUp(s, ns);
    // The live count is read, the patch applies it, then the StatefulSet stops setting it.
    expect(seen.steps.changes()).toEqual([
      'create kubernetes:apps/v1:StatefulSetPatch::db-statefulset-replicas-handoff',
      'create kubernetes:autoscaling/v2:HorizontalPodAutoscaler::db-horizontalpodautoscaler',
      'read kubernetes:apps/v1:StatefulSet::db-statefulset-replicas-live',
      `update ${STATEFULSET}`,
    ]);
    expect({ min: seen.min, generations: seen.generations }).toEqual({ min: 3, generations: 0 });
    // The count is the hand-off's alone now (the autoscaler takes it over when it changes it).
    expect(replicasManagers(ns)).toEqual([REPLICAS_HAND_OFF_MANAGER]);
  });

  it('the arg removed after that update, as documented: the patch leaves the stack, not the cluster; nothing else changes', async () => {
    args = { ...db, autoscaling: { maxReplicas: 5 } };
    const seen = await watchedUp(s, ns);
    expect(seen.steps.changes()).toEqual([
      'delete kubernetes:apps/v1:StatefulSetPatch::db-statefulset-replicas-handoff',
      'discard kubernetes:apps/v1:StatefulSet::db-statefulset-replicas-live',
    ]);
    expect({ min: seen.min, generations: seen.generations }).toEqual({ min: 3, generations: 0 });
    expect(replicasManagers(ns)).toEqual([REPLICAS_HAND_OFF_MANAGER]);
  });

  it('the autoscaler changes the count (its minimum, `replicas`, raised to 4): 4 replicas, the count is the autoscaler\'s', async () => {
    args = { ...db, replicas: 4, autoscaling: { maxReplicas: 5 } };
    const up = await upSampled(s, () => undefined);
    expect(up.changes()).toEqual(['update kubernetes:autoscaling/v2:HorizontalPodAutoscaler::db-horizontalpodautoscaler']);
    await until('the autoscaler to scale the StatefulSet to 4', () => (get('StatefulSet', 'db', ns)!.spec.replicas === 4 ? true : undefined), 120_000);
    await rolledOut('StatefulSet', 'db', ns, 180_000);
    expect(replicasManagers(ns)).toEqual(['kube-controller-manager']);
  });

  it('a day-2 pulumi up --refresh (the autoscaler\'s maximum raised): replicas stay 4, the StatefulSet is not changed', async () => {
    args = { ...db, replicas: 4, autoscaling: { maxReplicas: 6 } };
    const seen = await watchedUp(s, ns, { refresh: true });
    expect(seen.steps.changes().filter((c) => !c.startsWith('refresh '))).toEqual(['update kubernetes:autoscaling/v2:HorizontalPodAutoscaler::db-horizontalpodautoscaler']);
    expect({ min: seen.min, generations: seen.generations }).toEqual({ min: 4, generations: 0 });
  });

  it('a day-2 pulumi up that rolls out a new image: replicas stay 4, one spec change (the template)', async () => {
    args = { ...args, containers: [{ ...db.containers[0], image: 'ghcr.io/acme/db:1.0.1' }] };
    const seen = await watchedUp(s, ns);
    expect(seen.steps.changes()).toContain(`update ${STATEFULSET}`);
    expect({ min: seen.min, generations: seen.generations }).toEqual({ min: 4, generations: 1 });
    const live = await rolledOut('StatefulSet', 'db', ns, 180_000);
    expect(live.spec.replicas).toBe(4);
  });
});

describe('why: without the hand-off, the quorum StatefulApp loses members', () => {
  it('pulumi up that adds the autoscaler without replicasHandOff: the API server resets replicas to 1, the autoscaler raises them again', async () => {
    const ns = 'pulumi-handoff-naive';
    let args: p.StatefulAppArgs = db;
    const s = await statefulStack(ns, () => args);
    await s.up();
    await rolledOut('StatefulSet', 'db', ns, 180_000);
    const before = get('StatefulSet', 'db', ns)!.metadata.generation;
    args = { ...db, autoscaling: { maxReplicas: 5 } };
    await upSampled(s, () => undefined);
    // The reset is one spec change, the autoscaler's minimum another: read from the generation
    // (the controller may delete members before the autoscaler answers).
    const after = await until('the autoscaler to restore 3 replicas', () => {
      const live = get('StatefulSet', 'db', ns)!;
      return live.spec.replicas === 3 && live.metadata.generation >= before + 2 ? live : undefined;
    }, 120_000);
    expect(after.metadata.generation).toBe(before + 2);
  });
});
