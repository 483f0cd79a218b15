import { DEFAULTS } from './defaults';
import { LABELS, MANAGED_BY } from './labels';
import type { PodTemplateOptions, SpreadMode } from './pod';
import { TopologySpreadProps, WorkloadProps } from './props';
import { checkInteger, checkKnownKeys, checkLabelValue, checkObject, describe } from '../validation/checks';
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

/** The pod annotations, then the config hash so it cannot be overridden by accident. */
export function resolvePodAnnotations(problems: Problems, props: WorkloadProps, refs: readonly ConfigReference[]): Record<string, string> {
  const annotations = checkStringMap(problems, 'podAnnotations', props.podAnnotations, false);
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

/** Who the pods run as, and whether they get an API token. */
export function resolvePodIdentity(problems: Problems, props: WorkloadProps): {
  runAsUser: number; runAsGroup: number; fsGroup: number; automountToken: boolean;
} {
  const sc = props.securityContext ?? {};
  if (props.securityContext !== undefined && checkObject(problems, 'securityContext', props.securityContext)) {
    checkKnownKeys(problems, 'securityContext', props.securityContext, ['runAsUser', 'runAsGroup', 'fsGroup'], ['PodSecurityContext', 'SecurityContext']);
  }
  const runAsUser = sc.runAsUser ?? DEFAULTS.runAsUser;
  const runAsGroup = sc.runAsGroup ?? DEFAULTS.runAsGroup;
  const fsGroup = sc.fsGroup ?? DEFAULTS.fsGroup;
  // Zero is root: the restricted profile forbids it, so it is rejected rather than emitted.
  checkInteger(problems, path('securityContext', 'runAsUser'), runAsUser, 1, 2147483647);
  checkInteger(problems, path('securityContext', 'runAsGroup'), runAsGroup, 1, 2147483647);
  checkInteger(problems, path('securityContext', 'fsGroup'), fsGroup, 1, 2147483647);
  const automountToken = props.serviceAccount?.automountToken ?? false;
  if (props.serviceAccount !== undefined && checkObject(problems, 'serviceAccount', props.serviceAccount)) {
    checkKnownKeys(problems, 'serviceAccount', props.serviceAccount, ['automountToken', 'annotations']);
    if (typeof automountToken !== 'boolean') {
      problems.invalid(path('serviceAccount', 'automountToken'), `must be a boolean, got ${describe(automountToken)}`);
    }
    checkStringMap(problems, path('serviceAccount', 'annotations'), props.serviceAccount.annotations, false);
  }
  return { runAsUser, runAsGroup, fsGroup, automountToken };
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
