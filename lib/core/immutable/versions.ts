/**
 * The Kubernetes minor versions keelson supports, oldest first. The immutable-field data
 * (fields.ts) has one entry per minor; users state their cluster's minor in the lock settings.
 */
export const KUBERNETES_VERSIONS = ['1.33', '1.34', '1.35', '1.36', '1.37'] as const;

/** A supported Kubernetes minor version, as `major.minor`. */
export type KubernetesVersion = typeof KUBERNETES_VERSIONS[number];

/** The oldest supported minor: the default, since a rule that holds there holds for every later minor keelson knows. */
export const OLDEST_SUPPORTED: KubernetesVersion = KUBERNETES_VERSIONS[0];

/** True for a supported minor version string. */
export function isKubernetesVersion(value: unknown): value is KubernetesVersion {
  return typeof value === 'string' && (KUBERNETES_VERSIONS as readonly string[]).includes(value);
}
