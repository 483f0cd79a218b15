/** The label key every keelson object carries in `app.kubernetes.io/managed-by`. */
export const MANAGED_BY = 'keelson';

/** Recommended label keys (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const LABELS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  version: 'app.kubernetes.io/version',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

/** The label Kubernetes sets on every namespace to its name (what NetworkPolicies select namespaces by). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
