import { CANARY_RELEASE, CanaryReleaseProps, CanaryTrackProps, ReleaseTrackProps } from './props';
import type { Track } from './router';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { AutoscalingProps } from '../workload/autoscaler';
import { PodTemplateOptions, RenderedPod, renderPod } from '../workload/pod';
import { ContainerProps, WorkloadProps } from '../workload/props';

export interface RenderedTrack {
  readonly track: Track;
  readonly pod: RenderedPod;
  readonly replicas: number;
  readonly autoscaling?: AutoscalingProps;
  readonly image: string;
}

/** The track's workload props: the shared definition with the track's overrides on the first container. */
function trackProps(props: CanaryReleaseProps, track: Track): WorkloadProps {
  const t = props[track] as ReleaseTrackProps | undefined;
  const containers = Array.isArray(props.containers) ? props.containers : [];
  // No container: renderPod reports the empty list; there is nothing to override.
  if (containers.length === 0) return { ...props, version: undefined } as WorkloadProps;
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
    version: tObj?.version,
    // concat, not a spread: a hole stays a hole (reported once, as such), not an undefined container.
    containers: Array.isArray(props.containers) ? [overridden as ContainerProps].concat(containers.slice(1)) : props.containers,
  } as WorkloadProps;
}

/**
 * Renders one track's pod template. Problems at the first container's overridden fields are
 * reported at the track's prop (`canary.image`); the canary's other problems repeat the stable
 * track's and are dropped.
 */
export function renderTrack(
  problems: Problems,
  props: CanaryReleaseProps,
  track: Track,
  replicas: number,
  options: PodTemplateOptions,
): RenderedTrack {
  const scratch = new Problems(CANARY_RELEASE, problems.construct);
  const workload = trackProps(props, track);
  const pod = renderPod(scratch, workload, options);
  const t = props[track] as ReleaseTrackProps | undefined;
  for (const p of scratch.list()) {
    const mapped = remapTrackPath(p.path, track, t);
    if (mapped !== undefined) problems.report(p.type, mapped, p.message);
    else if (track === 'stable') problems.report(p.type, p.path, p.message);
  }
  const image = workload.containers?.[0]?.image;
  return { track, pod, replicas, autoscaling: t?.autoscaling, image: typeof image === 'string' ? image : '' };
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

export function sameTrack(stable: ReleaseTrackProps | undefined, canary: CanaryTrackProps, baseImage: unknown): boolean {
  const stableImage = stable?.image ?? baseImage;
  return stableImage === canary.image
    && JSON.stringify(stable?.env ?? {}) === JSON.stringify(canary.env ?? {})
    && JSON.stringify(stable?.resources ?? {}) === JSON.stringify(canary.resources ?? {});
}
