import { DEFAULTS } from './defaults';
import { LABELS, MANAGED_BY } from './labels';
import type { PodTemplateOptions, SpreadMode } from './pod';
import { SERVICE_ACCOUNT_KEYS, TopologySpreadProps, WorkloadProps } from './props';
import { checkDns1123Subdomain, checkInteger, checkKnownKeys, checkLabelValue, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkStringMap, wholeSeconds } from '../validation/values';
import { configHash, ConfigReference } from '../values/env';
import { ImageReference, versionFromImage } from '../values/image';

/** The selector (labels that never change across releases) and every label of the pods. */
export function resolvePodLabels(problems: Problems, props: WorkloadProps, options: PodTemplateOptions, firstImage: ImageReference | undefined): {
  selector: Record<string, string>; labels: Record<string, string>;
} {
  const selector: Record<string, string> = { [LABELS.name]: props.name, [LABELS.instance]: props.name, ...options.extraSelector };
  const labels: Record<string, string> = { ...selector };
  const version = props.version ?? (firstImage ? versionFromImage(firstImage) : undefined);
  if (props.version !== undefined) checkLabelValue(problems, 'version', props.version);
  if (version !== undefined) labels[LABELS.version] = version;
  if (props.component !== undefined && checkLabelValue(problems, 'component', props.component)) {
    labels[LABELS.component] = props.component;
  }
  if (props.partOf !== undefined && checkLabelValue(problems, 'partOf', props.partOf)) {
    labels[LABELS.partOf] = props.partOf;
  }
  labels[LABELS.managedBy] = MANAGED_BY;
  const extraLabels = checkStringMap(problems, 'labels', props.labels, true);
  for (const key of Object.keys(extraLabels)) {
    if (key in labels) {
      problems.conflict(path('labels', key), 'is set by keelson (recommended labels and selectors); use the matching prop instead');
    }
  }
  Object.assign(labels, extraLabels);
  return { selector, labels };
}

/**
 * The pod annotations; then, unless the props set it, the cluster autoscaler's list of the local
 * volumes keelson adds (the writable `emptyDir`s, safe to lose: scratch space); then the config hash
 * so it cannot be overridden by accident.
 */
export function resolvePodAnnotations(
  problems: Problems, props: WorkloadProps, refs: readonly ConfigReference[], localVolumes: readonly string[],
): Record<string, string> {
  const annotations = checkStringMap(problems, 'podAnnotations', props.podAnnotations, false);
  // The props' value wins: it may name volumes keelson cannot see (added by a transform), or be '' to keep them.
  if (localVolumes.length && !(DEFAULTS.safeToEvictLocalVolumesAnnotation in annotations)) {
    annotations[DEFAULTS.safeToEvictLocalVolumesAnnotation] = localVolumes.join(',');
  }
  if (DEFAULTS.configHashAnnotation in annotations) {
    problems.conflict(path('podAnnotations', DEFAULTS.configHashAnnotation), 'is set by keelson from the referenced ConfigMaps/Secrets; give them data or a revision instead (or set configHash: false)');
  }
  if (props.configHash !== undefined && typeof props.configHash !== 'boolean') {
    problems.invalid('configHash', `must be a boolean, got ${describe(props.configHash)}`);
  }
  return withConfigHash(annotations, props.configHash !== false, refs);
}

/**
 * The annotations with the config hash of `refs` last, in place of any before (none when the hash
 * is off, or nothing is referenced).
 */
export function withConfigHash(annotations: Readonly<Record<string, string>>, on: boolean, refs: readonly ConfigReference[]): Record<string, string> {
  const others = Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== DEFAULTS.configHashAnnotation));
  const hash = on ? configHash(refs) : undefined;
  return hash !== undefined ? { ...others, [DEFAULTS.configHashAnnotation]: hash } : others;
}

/** A seccomp or AppArmor profile as Kubernetes writes it. */
export interface SecurityProfile {
  readonly type: 'RuntimeDefault' | 'Localhost';
  readonly localhostProfile?: string;
}

/** Who the pods run as and under which profiles; the user, groups and fsGroup are absent when the platform assigns them. */
export interface PodSecurityIdentity {
  readonly runAsNonRoot: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
  readonly seccompProfile: SecurityProfile;
  readonly appArmorProfile?: SecurityProfile;
  /** The props path that makes the pods run as root, when they do. */
  readonly rootAt?: string;
}

const SECURITY_CONTEXT_KEYS = ['runAsUser', 'runAsGroup', 'fsGroup', 'platformAssignedIds', 'seccompProfile', 'appArmorProfile'];

/** Who the pods run as: their user and groups, their ServiceAccount (keelson's or an existing one), and whether they get an API token. */
export function resolvePodIdentity(problems: Problems, props: WorkloadProps): PodSecurityIdentity & {
  automountToken: boolean; serviceAccountName: string; ownServiceAccount: boolean;
} {
  const sc = props.securityContext ?? {};
  if (props.securityContext !== undefined && checkObject(problems, 'securityContext', props.securityContext)) {
    checkKnownKeys(problems, 'securityContext', props.securityContext, SECURITY_CONTEXT_KEYS, ['PodSecurityContext', 'SecurityContext']);
  }
  const seccompProfile = securityProfile(problems, path('securityContext', 'seccompProfile'), sc.seccompProfile) ?? { type: 'RuntimeDefault' as const };
  const appArmorProfile = securityProfile(problems, path('securityContext', 'appArmorProfile'), sc.appArmorProfile);
  const profiles = { seccompProfile, ...(appArmorProfile ? { appArmorProfile } : {}) };
  const platform = sc.platformAssignedIds ?? false;
  if (typeof platform !== 'boolean') problems.invalid(path('securityContext', 'platformAssignedIds'), `must be a boolean, got ${describe(platform)}`);
  if (platform === true) {
    for (const key of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
      if (sc[key] !== undefined) problems.conflict(path('securityContext', key), 'cannot be set with platformAssignedIds: the platform assigns the IDs');
    }
    return { runAsNonRoot: true, ...profiles, ...resolveServiceAccount(problems, props) };
  }
  const runAsUser = sc.runAsUser ?? DEFAULTS.runAsUser;
  const root = runAsUser === 0;
  // Zero is root: refused unless the risk is acknowledged (checkPodPrivileges), and then groups may be 0 too.
  const min = root ? 0 : 1;
  const runAsGroup = sc.runAsGroup ?? DEFAULTS.runAsGroup;
  const fsGroup = sc.fsGroup ?? DEFAULTS.fsGroup;
  checkInteger(problems, path('securityContext', 'runAsUser'), runAsUser, 0, 2147483647);
  checkInteger(problems, path('securityContext', 'runAsGroup'), runAsGroup, min, 2147483647);
  checkInteger(problems, path('securityContext', 'fsGroup'), fsGroup, min, 2147483647);
  return {
    runAsNonRoot: !root,
    runAsUser,
    runAsGroup,
    fsGroup,
    ...profiles,
    ...(root ? { rootAt: path('securityContext', 'runAsUser') } : {}),
    ...resolveServiceAccount(problems, props),
  };
}

/** `'RuntimeDefault'` or `{ localhost: '<profile>' }`; undefined when not given or invalid (recorded). */
function securityProfile(problems: Problems, at: string, value: unknown): SecurityProfile | undefined {
  if (value === undefined) return undefined;
  if (value === 'RuntimeDefault') return { type: 'RuntimeDefault' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.notSupported(at, `must be 'RuntimeDefault' or { localhost: '<profile>' }, got ${describe(value)}${value === 'Unconfined'
      ? ': an unconfined profile is refused by Pod Security baseline and restricted' : ''}`);
    return undefined;
  }
  checkKnownKeys(problems, at, value, ['localhost']);
  const name: unknown = (value as { localhost?: unknown }).localhost;
  const lat = path(at, 'localhost');
  if (typeof name !== 'string' || name.trim() === '' || name !== name.trim()) {
    problems.invalid(lat, `must be the name of a profile on the nodes, got ${describe(name)}`);
    return undefined;
  }
  // The kubelet reads a seccomp profile below its seccomp directory: a relative path that stays there.
  if (at.endsWith('seccompProfile') && (name.startsWith('/') || name.split('/').includes('..'))) {
    problems.invalid(lat, `${JSON.stringify(name)} must be a path relative to the kubelet's seccomp directory, without '..'`);
    return undefined;
  }
  return { type: 'Localhost', localhostProfile: name };
}

/** The pods' ServiceAccount: keelson's (named after the app, or `name`) or an `existing` one, and the API token. */
function resolveServiceAccount(
  problems: Problems, props: WorkloadProps,
): { automountToken: boolean; serviceAccountName: string; ownServiceAccount: boolean } {
  const sa = props.serviceAccount;
  if (sa === undefined || !checkObject(problems, 'serviceAccount', props.serviceAccount)) {
    return { automountToken: false, serviceAccountName: props.name, ownServiceAccount: true };
  }
  checkKnownKeys(problems, 'serviceAccount', sa, SERVICE_ACCOUNT_KEYS);
  const automountToken = sa.automountToken ?? false;
  if (typeof automountToken !== 'boolean') {
    problems.invalid(path('serviceAccount', 'automountToken'), `must be a boolean, got ${describe(automountToken)}`);
  }
  checkStringMap(problems, path('serviceAccount', 'annotations'), sa.annotations, false);
  if (sa.name !== undefined) checkDns1123Subdomain(problems, path('serviceAccount', 'name'), sa.name);
  if (sa.existing !== undefined) {
    checkDns1123Subdomain(problems, path('serviceAccount', 'existing'), sa.existing);
    if (sa.name !== undefined) {
      problems.conflict(path('serviceAccount', 'existing'), 'cannot be set with serviceAccount.name: keelson either emits its own ServiceAccount (named by serviceAccount.name) or uses an existing one');
    }
    if (sa.annotations !== undefined) {
      problems.conflict(
        path('serviceAccount', 'annotations'),
        'cannot be set with serviceAccount.existing: keelson emits no ServiceAccount to annotate; annotate the existing one where it is defined',
      );
    }
  }
  const existing = sa.existing !== undefined;
  const serviceAccountName = (existing ? sa.existing : sa.name) ?? props.name;
  return { automountToken: automountToken === true, serviceAccountName, ownServiceAccount: !existing };
}

/** The grace period, and the preStop pause before SIGTERM (none when 0), which must end within it. */
export function resolveShutdownTiming(problems: Problems, props: WorkloadProps): { terminationGracePeriodSeconds: number; preStopSeconds: number } {
  const grace = wholeSeconds(problems, 'terminationGracePeriod', props.terminationGracePeriod, DEFAULTS.terminationGracePeriodSeconds);
  const preStop = wholeSeconds(problems, 'preStopDelay', props.preStopDelay, DEFAULTS.preStopSleepSeconds);
  if (grace !== undefined && preStop !== undefined && preStop > 0 && preStop >= grace) {
    problems.conflict(
      'preStopDelay',
      `${preStop}s leaves no time to shut down within terminationGracePeriod ${grace}s; make the grace period longer than the pause`,
    );
  }
  return { terminationGracePeriodSeconds: grace ?? DEFAULTS.terminationGracePeriodSeconds, preStopSeconds: preStop ?? 0 };
}

/** One topology spread constraint, as resolved: the domain and how strictly pods spread over it. */
export interface ResolvedSpread {
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
}

/** The spread over zones and nodes: the props' modes, or the workload's default; 'off' adds none. */
export function resolveTopologySpread(problems: Problems, spread: TopologySpreadProps | undefined, options: PodTemplateOptions): ResolvedSpread[] {
  const defaults: { zones: SpreadMode; nodes: SpreadMode } = options.defaultSpread ?? { zones: 'soft', nodes: 'soft' };
  if (spread !== undefined && checkObject(problems, 'topologySpread', spread)) {
    checkKnownKeys(problems, 'topologySpread', spread, ['zones', 'nodes']);
  }
  const out: ResolvedSpread[] = [];
  const entries: Array<[string, string, unknown]> = [
    ['zones', 'topology.kubernetes.io/zone', spread?.zones ?? defaults.zones],
    ['nodes', 'kubernetes.io/hostname', spread?.nodes ?? defaults.nodes],
  ];
  for (const [key, topologyKey, mode] of entries) {
    if (mode !== 'soft' && mode !== 'hard' && mode !== 'off') {
      problems.notSupported(path('topologySpread', key), `must be 'soft', 'hard' or 'off', got ${describe(mode)}`);
      continue;
    }
    if (mode !== 'off') out.push({ topologyKey, whenUnsatisfiable: mode === 'hard' ? 'DoNotSchedule' : 'ScheduleAnyway' });
  }
  return out;
}

/** The pull secrets' names: each a Secret name (DNS-1123 subdomain), none twice. */
export function resolveImagePullSecrets(problems: Problems, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.invalid('imagePullSecrets', `must be a list of Secret names, got ${describe(value)}`);
    return [];
  }
  const names: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const at = path('imagePullSecrets', i);
    const name: unknown = value[i];
    if (!checkDns1123Subdomain(problems, at, name)) continue;
    if (names.includes(name as string)) problems.duplicate(at, `${JSON.stringify(name)} is listed twice`);
    else names.push(name as string);
  }
  return names;
}
