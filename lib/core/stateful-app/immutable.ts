import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { Problems } from '../validation/problems';

/**
 * The fields of a StatefulSet the API server refuses to change. A change to any of them cannot be
 * applied: `kubectl apply` fails, and Pulumi would delete and recreate the StatefulSet.
 */
export interface StatefulSetImmutableFields {
  readonly selector: unknown;
  readonly serviceName: string | undefined;
  readonly podManagementPolicy: string | undefined;
  readonly volumeClaimTemplates: unknown;
}

/** The immutable fields of a StatefulSet, as plain JSON (key order as built: deterministic). */
export function statefulSetImmutableFields(statefulSet: StatefulSet): StatefulSetImmutableFields {
  const spec = statefulSet.spec!;
  return JSON.parse(JSON.stringify({
    selector: spec.selector,
    serviceName: spec.serviceName,
    podManagementPolicy: spec.podManagementPolicy,
    volumeClaimTemplates: (spec.volumeClaimTemplates ?? []).map((t) => ({ name: t.metadata?.name, spec: t.spec })),
  }));
}

const REMEDY: Record<keyof StatefulSetImmutableFields, string> = {
  selector: 'the selector comes from the name only; renaming the app creates a new StatefulSet (and new, empty volumes)',
  serviceName: 'the headless Service name comes from the app name; keep the name',
  podManagementPolicy:
    'recreate the StatefulSet without its pods: `kubectl delete statefulset <name> --cascade=orphan`, then apply (the pods and volumes are adopted)',
  volumeClaimTemplates:
    'claim templates cannot change in place. To grow volumes: resize each PVC (`kubectl patch pvc <claim>-<name>-<n> -p \'{"spec":{"resources":{"requests":{"storage":"<size>"}}}}\'`, needs a StorageClass with allowVolumeExpansion), then `kubectl delete statefulset <name> --cascade=orphan` and apply; other changes (class, access modes, a new claim) need a data migration',
};

/**
 * Compares the immutable fields a StatefulApp had when the lock was written with those it has now,
 * and records one problem per changed field, with what to do about it.
 */
export function checkImmutableFields(
  problems: Problems,
  previous: StatefulSetImmutableFields,
  current: StatefulSetImmutableFields,
  acceptHint: string,
): void {
  for (const key of Object.keys(REMEDY) as Array<keyof StatefulSetImmutableFields>) {
    const before = JSON.stringify(previous[key] ?? null);
    const after = JSON.stringify(current[key] ?? null);
    if (before !== after) {
      problems.conflict(
        key === 'volumeClaimTemplates' ? 'storage' : key,
        `would change the StatefulSet's immutable ${key} from ${before} to ${after}; ${REMEDY[key]}. ${acceptHint}`,
      );
    }
  }
}
