import { KUBERNETES_VERSIONS, KubernetesVersion, OLDEST_SUPPORTED, isKubernetesVersion } from './versions';
import { checkKnownKeys, checkObject, describe } from '../validation/checks';
import { Problems } from '../validation/problems';

/**
 * Settings of the keelson.lock.json check for the objects of one deployment target (on cdk8s:
 * `configureLock(chart, { ... })`, for everything under that scope).
 */
export interface LockSettings {
  /**
   * The Kubernetes minor version of the target cluster: the lock refuses exactly the changes that
   * version's API server refuses (see `IMMUTABLE_FIELDS`).
   * @default '1.33' — the oldest supported minor, the strictest: Kubernetes only relaxes its
   * update rules between releases, so the default never lets through a change an older cluster refuses
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /**
   * The deployment target's name in keelson.lock.json. Objects are compared only with the entries
   * of their own target, so the same app in a `dev` and a `prod` chart (same namespace, other sizes)
   * are two entries. Set it when the chart's path may change (a renamed chart starts empty).
   * @default the path of the object's chart in the construct tree (`prod`, `stages/prod`)
   */
  readonly target?: string;
}

/** The lock's defaults, stated once. */
export const LOCK_DEFAULTS = {
  /** The Kubernetes minor whose update rules the lock applies: the oldest supported, the strictest. */
  kubernetesVersion: OLDEST_SUPPORTED,
} as const;

/** The settings checked: the type name and path of every problem are `LockSettings`'s. */
export function resolveLockSettings(settings: unknown, where: string): LockSettings {
  const problems = new Problems('LockSettings', where);
  const s = checkObject(problems, '', settings) ? (settings as Record<string, unknown>) : {};
  checkKnownKeys(problems, '', s, ['kubernetesVersion', 'target']);
  if (s.kubernetesVersion !== undefined && !isKubernetesVersion(s.kubernetesVersion)) {
    problems.notSupported('kubernetesVersion', `${describe(s.kubernetesVersion)} is not a supported Kubernetes minor: use one of ${KUBERNETES_VERSIONS.map((v) => `'${v}'`).join(', ')}`);
  }
  if (s.target !== undefined && (typeof s.target !== 'string' || s.target === '' || s.target.trim() !== s.target)) {
    problems.invalid('target', `must be a non-empty name without leading or trailing spaces, got ${describe(s.target)}`);
  }
  problems.throwIfAny();
  return s as LockSettings;
}
