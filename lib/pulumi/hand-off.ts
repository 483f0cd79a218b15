import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { describe } from '../core/validation/checks';
import { KeelsonValidationError, Problems } from '../core/validation/problems';
import type { KubeObject } from '../core/workload/objects';

/**
 * The field manager of the replicas hand-off patch. Under server-side apply, a field whose only
 * manager stops applying it is removed and defaulted (`replicas` to 1); a second manager that
 * applied the same value keeps it, until the autoscaler changes it and so takes it over.
 */
export const REPLICAS_HAND_OFF_MANAGER = 'keelson-replicas-handoff';

/** What the Pulumi app components take besides the core props. */
export interface ReplicasHandOffArgs {
  /**
   * For the one update that adds autoscaling to a running app: before each autoscaled workload
   * stops setting `spec.replicas`, a patch with its own field manager (`keelson-replicas-handoff`)
   * applies the live count, so server-side apply keeps it instead of resetting it to 1 (a quorum
   * StatefulApp would lose members) until the autoscaler takes the field over. The workload must
   * exist (its live count is read); remove the arg after that update (the patch is kept on delete).
   * @default false: nothing is read or patched; a new app or one already autoscaled needs no hand-off
   */
  readonly replicasHandOff?: boolean;
}

/** The args without the Pulumi-only ones, for the core (which rejects keys it does not know). */
export function coreArgs<A extends object>(args: A): Omit<A, 'replicasHandOff'> {
  if (!args || typeof args !== 'object' || Array.isArray(args)) return args;
  const { replicasHandOff: _, ...rest } = args as A & ReplicasHandOffArgs;
  return rest;
}

/** Pulumi's annotation that names a patch's field manager. */
const PATCH_FIELD_MANAGER = 'pulumi.com/patchFieldManager';

/** The Pulumi-only arg of the app components, checked: false when absent or invalid (recorded). */
export function checkHandOffArg(problems: Problems, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    problems.invalid('replicasHandOff', `must be a boolean, got ${describe(value)}`);
    return false;
  }
  return value;
}

/**
 * Runs the core build with the Pulumi-only args checked alongside (`check`), so one
 * KeelsonValidationError lists the problems of both; `after` checks the args against the built
 * objects once everything else is valid.
 */
export function buildWithArgs<M>(
  constructType: string,
  name: string,
  check: (problems: Problems) => void, build: () => M, after: (problems: Problems, manifest: M) => void,
): M {
  const own = new Problems(constructType, name);
  check(own);
  let manifest: M;
  try {
    manifest = build();
  } catch (e) {
    if (e instanceof KeelsonValidationError && own.count > 0) throw new KeelsonValidationError(constructType, [...e.problems, ...own.list()]);
    throw e;
  }
  own.throwIfAny();
  after(own, manifest);
  own.throwIfAny();
  return manifest;
}

/** The workloads an autoscaler targets (they omit `replicas`), by `Kind/name`. */
export function autoscaledWorkloads(objects: readonly KubeObject[]): Set<string> {
  const targets = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'HorizontalPodAutoscaler') continue;
    const ref = (o.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
    if (ref?.kind && ref.name) targets.add(`${ref.kind}/${ref.name}`);
  }
  return targets;
}

/** Reports `replicasHandOff: true` with nothing to hand off. */
export function checkHandOffTargets(problems: Problems, handOff: boolean, objects: readonly KubeObject[]): void {
  if (handOff && autoscaledWorkloads(objects).size === 0) {
    problems.conflict('replicasHandOff', 'is true but no workload has an autoscaler: there is no replica count to hand over; remove it');
  }
}

/**
 * Registers the hand-off for one autoscaled workload: a read of the live object, and a patch that
 * applies its current `spec.replicas` under REPLICAS_HAND_OFF_MANAGER. The workload must depend on
 * the returned patch, so the count is co-owned before the workload's apply stops setting it.
 * The patch is never forced: if the count changed in between, the API server refuses it with a
 * conflict and nothing is lowered. `retainOnDelete`: removing the arg later does not delete the
 * patch's ownership (which would reset the field again); the autoscaler takes the field over the
 * first time it changes the count.
 */
export function registerHandOff(logicalName: string, obj: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const { name, namespace } = obj.metadata;
  // The namespace may be an input (`ns.metadata.name`): the id is made once it is known.
  const id = pulumi.output(namespace as pulumi.Input<string> | undefined).apply((ns) => (ns ? `${ns}/${name}` : name!));
  const readOpts = { parent: opts.parent };
  const metadata = { name, ...(namespace ? { namespace } : {}), annotations: { [PATCH_FIELD_MANAGER]: REPLICAS_HAND_OFF_MANAGER } };
  const patchOpts = { ...opts, retainOnDelete: true };
  const patchName = `${logicalName}-replicas-handoff`;
  const liveName = `${logicalName}-replicas-live`;
  switch (obj.kind) {
    case 'Deployment': {
      const live = k8s.apps.v1.Deployment.get(liveName, id, readOpts);
      return new k8s.apps.v1.DeploymentPatch(patchName, { metadata, spec: { replicas: live.spec.replicas } }, patchOpts);
    }
    case 'StatefulSet': {
      const live = k8s.apps.v1.StatefulSet.get(liveName, id, readOpts);
      return new k8s.apps.v1.StatefulSetPatch(patchName, { metadata, spec: { replicas: live.spec.replicas } }, patchOpts);
    }
    default: {
      const live = k8s.apiextensions.CustomResource.get(liveName, { ...readOpts, apiVersion: obj.apiVersion, kind: obj.kind, id });
      const replicas = (live as unknown as { spec: pulumi.Output<{ replicas?: number }> }).spec.apply((s) => s?.replicas);
      const patch = { apiVersion: obj.apiVersion, kind: obj.kind, metadata, spec: { replicas } };
      return new k8s.apiextensions.CustomResourcePatch(patchName, patch, patchOpts);
    }
  }
}
