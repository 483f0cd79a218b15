import { CANARY_DEFAULTS } from './defaults';
import { CANARY_RELEASE, CanaryReleaseProps, CanaryTrackProps, ReleaseTrackProps } from './props';
import type { Track } from './router';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { parseImage, versionFromImage } from '../values/image';
import { Quantity } from '../values/quantity';
import { AutoscalingProps } from '../workload/autoscaler';
import { LABELS } from '../workload/labels';
import { PodTemplateOptions, ResolvedPod, resolvePod } from '../workload/pod';
import { ContainerProps, WorkloadProps } from '../workload/props';

/** One track's pod and its autoscaling (checked by the router's resolveWorkloads). */
export interface ResolvedTrackPod {
  readonly track: Track;
  readonly pod: ResolvedPod;
  readonly autoscaling?: AutoscalingProps;
}

/** One track: its resolved pod, its replicas and its autoscaling. */
export interface ResolvedTrack extends ResolvedTrackPod {
  readonly replicas: number;
}

/** The track's workload props: the shared definition with the track's overrides on the first container. */
function trackProps(props: CanaryReleaseProps, track: Track, version?: string): WorkloadProps {
  const t = props[track] as ReleaseTrackProps | undefined;
  const containers = Array.isArray(props.containers) ? props.containers : [];
  // No container: resolvePod reports the empty list; there is nothing to override.
  if (containers.length === 0) return { ...props, version } as WorkloadProps;
  const first = containers[0] as ContainerProps | undefined;
  const tObj = t && typeof t === 'object' ? t : undefined;
  const overridden: ContainerProps | undefined = first && typeof first === 'object'
    ? {
      ...first,
      ...(tObj?.image !== undefined ? { image: tObj.image } : {}),
      ...(tObj?.env !== undefined ? { env: { ...(first.env ?? {}), ...(typeof tObj.env === 'object' && tObj.env !== null ? tObj.env : {}) } } : {}),
      ...(tObj?.resources !== undefined ? { resources: tObj.resources } : {}),
    }
    : first;
  return {
    ...props,
    // A track's own version wins, even an invalid one (null is reported, not replaced).
    version: tObj?.version !== undefined ? tObj.version : version,
    // concat, not a spread: a hole stays a hole (reported once, as such), not an undefined container.
    containers: Array.isArray(props.containers) ? [overridden as ContainerProps].concat(containers.slice(1)) : props.containers,
  } as WorkloadProps;
}

/**
 * Resolves one track's pod. Problems at the first container's overridden fields are
 * reported at the track's prop (`canary.image`); the canary's other problems repeat the stable
 * track's and are dropped. `version`, when given, labels the pods in place of the image tag (the
 * track's own `version` prop still wins).
 */
export function resolveTrack(
  problems: Problems,
  props: CanaryReleaseProps,
  track: Track,
  options: PodTemplateOptions,
  version?: string,
): ResolvedTrackPod {
  const scratch = new Problems(CANARY_RELEASE, problems.construct);
  const workload = trackProps(props, track, version);
  const pod = resolvePod(scratch, workload, options);
  const t = props[track] as ReleaseTrackProps | undefined;
  for (const p of scratch.list()) {
    const mapped = remapTrackPath(p.path, track, t);
    if (mapped !== undefined) problems.report(p.type, mapped, p.message);
    else if (track === 'stable') problems.report(p.type, p.path, p.message);
  }
  return { track, pod, autoscaling: t?.autoscaling };
}

function remapTrackPath(at: string, track: Track, t: ReleaseTrackProps | undefined): string | undefined {
  if (!t || typeof t !== 'object') return undefined;
  const first = 'containers[0].';
  if (t.image !== undefined && at === `${first}image`) return path(track, 'image');
  if (t.resources !== undefined && at.startsWith(`${first}resources`)) return `${track}.${at.slice(first.length)}`;
  if (t.env !== undefined && typeof t.env === 'object' && t.env !== null) {
    // Compare with the paths the track's keys render to, rather than parsing the path back.
    for (const key of Object.keys(t.env)) {
      const own = path('containers', 0, 'env', key);
      if (at === own || at.startsWith(`${own}.`) || at.startsWith(`${own}[`)) return `${path(track, 'env', key)}${at.slice(own.length)}`;
    }
  }
  if (t.version !== undefined && at === 'version') return path(track, 'version');
  return undefined;
}

/**
 * The canary's `app.kubernetes.io/version` when its own would equal stable's (undefined when they
 * differ, or when the canary sets `version`, which is then checked for the clash): stable's version
 * with CANARY_DEFAULTS.canaryVersionSuffix. Two tracks with one version could not be told apart by
 * metrics split by version (Istio's `destination_version`). Only the canary's pod labels change,
 * never a selector.
 */
export function distinctCanaryVersion(
  problems: Problems,
  stable: ResolvedTrackPod,
  canaryProps: CanaryTrackProps,
  baseImage: unknown,
): string | undefined {
  const stableVersion = stable.pod.labels[LABELS.version];
  const image = canaryProps.image ?? baseImage;
  // An image that does not parse is reported where the pod is resolved.
  const ref = typeof image === 'string' ? parseImage(image) : undefined;
  const own = canaryProps.version ?? (ref ? versionFromImage(ref) : undefined);
  if (stableVersion === undefined || own !== stableVersion) return undefined;
  if (canaryProps.version !== undefined) {
    problems.conflict(path('canary', 'version'), `${JSON.stringify(stableVersion)} is stable's version too: metrics split by version could not tell the tracks apart; give the canary its own`);
    return undefined;
  }
  const derived = `${stableVersion}${CANARY_DEFAULTS.canaryVersionSuffix}`;
  if (derived.length > 63) {
    problems.required(path('canary', 'version'), `is required: the canary's image gives stable's version ${JSON.stringify(stableVersion)}, and ${JSON.stringify(derived)} is longer than a label value may be (63); set a version that tells the tracks apart`);
    return undefined;
  }
  return derived;
}

export function sameTrack(stable: ReleaseTrackProps | undefined, canary: CanaryTrackProps, baseImage: unknown): boolean {
  const stableImage = stable?.image ?? baseImage;
  const same = (a: unknown, b: unknown) => {
    const [x, y] = [fingerprint(a), fingerprint(b)];
    return x !== undefined && x === y;
  };
  return stableImage === canary.image && same(stable?.env, canary.env) && same(stable?.resources, canary.resources);
}

/**
 * A track override as comparable text: Quantities by their text (they hold BigInts, which JSON
 * cannot write). Undefined for what cannot be written at all (e.g. a cycle from JavaScript), which
 * then compares as different: its problems are reported where it is checked.
 */
function fingerprint(value: unknown): string | undefined {
  try {
    return JSON.stringify(value ?? {}, (_key, v: unknown) => (v instanceof Quantity || typeof v === 'bigint' ? String(v) : v));
  } catch {
    return undefined;
  }
}
