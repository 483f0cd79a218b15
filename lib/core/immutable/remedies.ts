/**
 * What to do about a refused change, per kind and field, and the problem keelson reports for it.
 */
import type { ImmutableChange } from './compare';
import { Problems } from '../validation/problems';

interface Remedy {
  /** The prop that sets the field, when one does: the problem is reported there. */
  readonly prop?: string;
  readonly text: string;
}

const ORPHAN = '`kubectl delete statefulset <name> --cascade=orphan`';
const NOT_FROM_PROPS = 'keelson derives it from the name and never changes it, so a JSON patch or a keelson upgrade did: revert that';

const JOB_PATCHED = 'a BatchJob names its Job after a hash of these fields, so a change made in the props is a new Job; a JSON patch changed it under the same name: make the change in the props, or rename the Job in the same patch';

const REMEDIES: Readonly<Record<string, Remedy>> = {
  'apps/StatefulSet spec.volumeClaimTemplates': {
    prop: 'storage',
    text: 'claim templates cannot change in place. To grow volumes: resize each PVC (`kubectl patch pvc <claim>-<name>-<n> -p \'{"spec":{"resources":{"requests":{"storage":"<size>"}}}}\'`, '
      + `needs a StorageClass with allowVolumeExpansion), then ${ORPHAN} and apply; other changes (class, access modes, a new claim) need a data migration`,
  },
  'apps/StatefulSet spec.podManagementPolicy': {
    prop: 'podManagementPolicy',
    text: `recreate the StatefulSet without its pods: ${ORPHAN}, then apply (the pods and volumes are adopted)`,
  },
  'apps/StatefulSet spec.selector': { text: `${NOT_FROM_PROPS}; renaming the app instead creates a new StatefulSet (and new, empty volumes)` },
  'apps/StatefulSet spec.serviceName': { text: `${NOT_FROM_PROPS}; the headless Service name comes from the app name` },
  'apps/Deployment spec.selector': { text: `${NOT_FROM_PROPS}; a Deployment with another selector must be a new Deployment under another name` },
  'argoproj.io/Rollout spec.selector': { text: `${NOT_FROM_PROPS}; a Rollout with another selector must be a new Rollout under another name` },
  'batch/Job spec.template': { text: JOB_PATCHED },
  'batch/Job spec.completions': { text: JOB_PATCHED },
  'batch/Job spec.podFailurePolicy': { text: JOB_PATCHED },
  'Service spec.clusterIP': { text: 'a Service keeps the cluster IP it was given: revert the change, or delete the Service and apply (clients then resolve a new IP)' },
  'Service spec.clusterIPs[0]': { text: 'a Service keeps the cluster IP it was given: revert the change, or delete the Service and apply (clients then resolve a new IP)' },
  'Service spec.ipFamilies[0]': { text: 'a Service keeps its primary IP family: revert the change, or delete the Service and apply' },
  'Service spec.loadBalancerClass': { text: 'a LoadBalancer Service keeps its class: revert the change, or delete the Service and apply (a new load balancer)' },
  'Service spec.healthCheckNodePort': { text: 'leave healthCheckNodePort out to keep the allocated port' },
  'rbac.authorization.k8s.io/RoleBinding roleRef': { text: 'bind another role with a new binding (keelson names a team binding after its role), or delete the binding and apply' },
  'ResourceQuota spec.scopes': { text: 'create a quota with the new scopes under another name and delete the old one' },
};

const FALLBACK = 'the API server refuses this change: revert it, or delete the object and apply';

/**
 * Records one conflict per refused change of an object, at the prop that sets the field (or at the
 * field itself), with the old and new values and what to do.
 */
export function reportImmutableChanges(
  problems: Problems,
  object: { readonly kind: string; readonly name: string },
  changes: readonly ImmutableChange[],
  acceptHint: string,
): void {
  for (const change of changes) {
    const remedy = REMEDIES[`${object.kind} ${change.path}`];
    const what = `${object.kind.slice(object.kind.indexOf('/') + 1)} ${JSON.stringify(object.name)}`;
    problems.conflict(
      remedy?.prop ?? change.path,
      `would change the immutable ${change.path} of the ${what} from ${json(change.before)} to ${json(change.after)}; ${remedy?.text ?? FALLBACK}. ${acceptHint}`,
    );
  }
}

function json(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
