/**
 * `replicasHandOff` on the Pulumi app components, under Pulumi's mocks (reads answered with a live
 * count): for each autoscaled workload (a StatefulApp's StatefulSet, a StatelessApp's Deployment, a
 * CanaryRelease's autoscaled track Deployments), the live object is read and a `*Patch` with the
 * field manager `keelson-replicas-handoff` applies its current `spec.replicas`, kept on delete, and
 * the workload depends on it, so the count is co-owned before the workload stops setting it. Without
 * the arg nothing is read or patched. Bad values are listed in the one KeelsonValidationError with
 * the props' problems. (The cluster suite applies the same objects with the provider's field
 * managers: test/cluster/day2-autoscaling.cluster.ts.)
 */
import * as pulumi from '@pulumi/pulumi';
import { KeelsonValidationError, Port } from '../../lib';
import { CanaryRelease, StatefulApp, StatelessApp } from '../../lib/pulumi';
import { REPLICAS_HAND_OFF_MANAGER } from '../../lib/pulumi/hand-off';
import { mockPulumi, settle, valueOf } from '../helpers/pulumi';

/** The live count each read returns, by id (`<namespace>/<name>`). */
const LIVE: Record<string, number> = { 'shop/db': 3, 'shop/web': 4, 'shop/api-stable': 5, 'shop/api-canary': 1 };

let mocks: Awaited<ReturnType<typeof mockPulumi>>;
beforeAll(async () => {
  mocks = await mockPulumi({ read: (_type, id) => ({ metadata: { name: id.split('/')[1], namespace: 'shop' }, spec: { replicas: LIVE[id] } }) });
});
beforeEach(async () => {
  // A deployment of its own: the cases emit the same object names.
  await mocks.newStack();
});

/** Records each child's options through a transformation (it sees every descendant). */
function optionsRecorder(): { transformation: pulumi.ResourceTransformation; of(name: string): pulumi.CustomResourceOptions | undefined } {
  const seen = new Map<string, pulumi.CustomResourceOptions>();
  return {
    transformation: (a) => {
      seen.set(a.name, a.opts);
      return undefined;
    },
    of: (name) => seen.get(name),
  };
}

const handOffs = () => mocks.registrations.filter((r) => r.type.endsWith('Patch')).map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
const reads = () => mocks.registrations.filter((r) => r.id !== undefined).map((r) => [r.type, r.name, r.id]);
const patch = (name: string, replicas: number) => ({
  metadata: { name, namespace: 'shop', annotations: { 'pulumi.com/patchFieldManager': REPLICAS_HAND_OFF_MANAGER } },
  spec: { replicas },
});

const dbArgs = { namespace: 'shop', replicas: 3, containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' })] }] };
const webArgs = { namespace: 'shop', containers: [{ image: 'ghcr.io/acme/web:1.0.0', ports: [Port.http(8080)] }] };

describe('replicasHandOff', () => {
  test('a quorum StatefulApp gaining an autoscaler: the live count (3) is patched under its own field manager before the StatefulSet drops replicas', async () => {
    const rec = optionsRecorder();
    const app = new StatefulApp('db', { ...dbArgs, autoscaling: { maxReplicas: 5 }, replicasHandOff: true }, { transformations: [rec.transformation] });
    await settle();
    expect(reads()).toEqual([['kubernetes:apps/v1:StatefulSet', 'db-statefulset-replicas-live', 'shop/db']]);
    expect(handOffs()).toEqual([{ type: 'kubernetes:apps/v1:StatefulSetPatch', name: 'db-statefulset-replicas-handoff', inputs: expect.objectContaining(patch('db', 3)) }]);
    // Kept on delete (deleting it would give up the field again); the StatefulSet waits for it.
    expect(rec.of('db-statefulset-replicas-handoff')!.retainOnDelete).toBe(true);
    const deps = [rec.of('db-statefulset')!.dependsOn].flat() as pulumi.Resource[];
    const urns = await Promise.all(deps.map((d) => valueOf(d.urn)));
    expect(urns.filter((u) => u.endsWith('db-statefulset-replicas-handoff'))).toHaveLength(1);
    // The StatefulSet itself omits replicas (the autoscaler owns them), as without the hand-off.
    expect(await valueOf((app.statefulSet.spec as pulumi.Output<{ replicas?: number }>).apply((s) => s.replicas))).toBeUndefined();
  });

  test('a StatelessApp: the Deployment\'s live count (4, not the autoscaler\'s minimum 2) is what the patch applies: it never lowers', async () => {
    new StatelessApp('web', { ...webArgs, autoscaling: { minReplicas: 2, maxReplicas: 8 }, replicasHandOff: true });
    await settle();
    expect(handOffs()).toEqual([{ type: 'kubernetes:apps/v1:DeploymentPatch', name: 'web-deployment-replicas-handoff', inputs: expect.objectContaining(patch('web', 4)) }]);
  });

  test('a CanaryRelease: one hand-off per autoscaled track, none for a track with a fixed count', async () => {
    new CanaryRelease('api', {
      namespace: 'shop',
      containers: [{ image: 'ghcr.io/acme/api:1.0.0', ports: [Port.http(8080)] }],
      stable: { autoscaling: { minReplicas: 3, maxReplicas: 10 } },
      canary: { image: 'ghcr.io/acme/api:1.1.0', replicas: 1 },
      replicasHandOff: true,
    });
    await settle();
    expect(handOffs().map((h) => [h.name, (h.inputs.spec as { replicas: number }).replicas])).toEqual([['api-deployment-stable-replicas-handoff', 5]]);
  });

  test('without the arg (a new app, or one already autoscaled): nothing is read or patched', async () => {
    new StatefulApp('db', { ...dbArgs, autoscaling: { maxReplicas: 5 } });
    new StatelessApp('web', { ...webArgs, autoscaling: { minReplicas: 2, maxReplicas: 8 }, replicasHandOff: false });
    await settle();
    expect(reads()).toEqual([]);
    expect(handOffs()).toEqual([]);
  });

  test('bad values: one KeelsonValidationError with the props\' problems; true without an autoscaler is a conflict; nothing registered', () => {
    let error: unknown;
    try {
      new StatelessApp('web', { ...webArgs, replicas: 0, replicasHandOff: 'yes' as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeelsonValidationError);
    expect((error as KeelsonValidationError).problems.map((p) => p.path)).toEqual(['replicas', 'replicasHandOff']);
    expect((error as Error).message).toContain('web: replicasHandOff: must be a boolean, got "yes"');
    expect(() => new StatefulApp('db', { ...dbArgs, replicasHandOff: true }))
      .toThrow('db: replicasHandOff: is true but no workload has an autoscaler: there is no replica count to hand over; remove it');
    expect(mocks.registrations).toEqual([]);
  });
});
