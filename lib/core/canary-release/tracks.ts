import type { EnvVar, ResourceRequirements } from 'kubernetes-types/core/v1';
import { CANARY_DEFAULTS } from './defaults';
import { CanaryReleaseProps, CanaryTrackProps, ReleaseTrackProps } from './props';
import type { Track, TrackName } from './router';
import { checkLabelValue, checkString, isRecord } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import type { ConfigReference } from '../values/env';
import { ImageReference, checkImage, pullPolicyFor, versionFromImage } from '../values/image';
import { Quantity } from '../values/quantity';
import { AutoscalingProps } from '../workload/autoscaler';
import type { ResolvedContainer } from '../workload/container';
import { ResolvedEnvVar, resolveEnvVar } from '../workload/container-env';
import { LABELS } from '../workload/labels';
import { PodTemplateOptions, ResolvedPod, containerRefs, resolvePod } from '../workload/pod';
import { withConfigHash } from '../workload/pod-settings';
import { ContainerProps, WorkloadProps } from '../workload/props';
import { Qos, resolveResources } from '../workload/resources';
import { checkMemoryVolumesFit } from '../workload/volumes';

/** One track's pod and its autoscaling (checked by the router's resolveWorkloads). */
export interface ResolvedTrackPod {
  readonly track: TrackName;
  /** Where the track's props are, when not at its name (`versions.v3`). */
  readonly at?: string;
  readonly pod: ResolvedPod;
  readonly autoscaling?: AutoscalingProps;
}

/** One track: its resolved pod, its replicas and its autoscaling. */
export interface ResolvedTrack extends ResolvedTrackPod {
  readonly replicas: number;
}

/** A track's own props, when they are an object (one that is not is reported by the release's checks). */
function ownProps(props: CanaryReleaseProps, track: Track): ReleaseTrackProps | undefined {
  const t: unknown = props[track];
  return typeof t === 'object' && t !== null ? t as ReleaseTrackProps : undefined;
}

/** The shared definition's first container, when it is an object (one that is not is reported as the pod's). */
function firstContainer(props: CanaryReleaseProps): ContainerProps | undefined {
  const first: unknown = Array.isArray(props.containers) ? props.containers[0] : undefined;
  return typeof first === 'object' && first !== null ? first as ContainerProps : undefined;
}

/**
 * The stable track's workload props: the shared definition with stable's overrides on the first
 * container. An env that is not an object on either side is not merged: the shared one is then
 * reported as the pod's, stable's by the release's checks.
 */
function stableProps(props: CanaryReleaseProps): WorkloadProps {
  const t = ownProps(props, 'stable');
  const first = firstContainer(props);
  if (first === undefined) return { ...props, version: t?.version } as WorkloadProps;
  const mergeEnv = t?.env !== undefined && isRecord(t.env) && (first.env === undefined || isRecord(first.env));
  const overridden: ContainerProps = {
    ...first,
    ...(t?.image !== undefined ? { image: t.image } : {}),
    ...(mergeEnv ? { env: { ...(first.env ?? {}), ...t!.env } } : {}),
    ...(t?.resources !== undefined ? { resources: t.resources } : {}),
  };
  const containers = props.containers as ContainerProps[];
  return {
    ...props,
    // Stable's own version wins, even an invalid one (null is reported, not replaced).
    version: t?.version,
    // concat, not a spread: a hole stays a hole (reported once, as such), not an undefined container.
    containers: [overridden].concat(containers.slice(1)),
  } as WorkloadProps;
}

/**
 * Resolves the stable track's pod: the shared definition with stable's overrides, whose problems
 * are reported where they were written (`stable.image` for the first container's image).
 */
export function resolveStableTrack(problems: Problems, props: CanaryReleaseProps, options: PodTemplateOptions): ResolvedTrackPod {
  const t = ownProps(props, 'stable');
  const pod = resolvePod(problems.rewritten((at) => trackPath(at, 'stable', t) ?? at), stableProps(props), options);
  return { track: 'stable', pod, autoscaling: t?.autoscaling };
}

/** The path a problem of the merged first container is reported at: the track's prop for what the track overrides. */
function trackPath(at: string, track: Track, t: ReleaseTrackProps | undefined): string | undefined {
  if (!t) return undefined;
  const first = 'containers[0].';
  if (t.image !== undefined && at === `${first}image`) return path(track, 'image');
  if (t.resources !== undefined && at.startsWith(`${first}resources`)) return `${track}.${at.slice(first.length)}`;
  if (t.env !== undefined && isRecord(t.env)) {
    // Compare with the paths the track's keys render to, rather than parsing the path back.
    for (const key of Object.keys(t.env)) {
      const own = path('containers', 0, 'env', key);
      if (at === own || at.startsWith(`${own}.`) || at.startsWith(`${own}[`)) return `${path(track, 'env', key)}${at.slice(own.length)}`;
    }
  }
  if (t.version !== undefined && at === 'version') return path(track, 'version');
  return undefined;
}

/** A track resolved like the canary: its name, where its props are, what tells its version label apart. */
export interface CanaryLikeTrack {
  readonly track: TrackName;
  readonly at: string;
  /** Appended to stable's version when the track's image gives stable's. */
  readonly versionSuffix: string;
  /** The track in messages ("the canary", "version v3"). */
  readonly said: string;
}

const CANARY_TRACK: CanaryLikeTrack = { track: 'canary', at: 'canary', versionSuffix: CANARY_DEFAULTS.canaryVersionSuffix, said: 'the canary' };

/**
 * Resolves the canary track's pod (or a named version's, `named`, the same way). Everything but the first container's image, env and resources
 * and the version label is stable's, resolved once: the canary's pod is stable's with its own
 * first container. What the canary sets is resolved at its props (`canary.image`, `canary.env.X`);
 * what it takes from the shared definition where stable overrides it is resolved here, once
 * (stable never used it); the rest is stable's resolved value. Undefined when a part of it is
 * invalid or missing (recorded).
 */
export function resolveCanaryTrack(
  problems: Problems,
  props: CanaryReleaseProps,
  canary: CanaryTrackProps,
  stable: ResolvedTrackPod,
  options: PodTemplateOptions,
  named: CanaryLikeTrack = CANARY_TRACK,
): ResolvedTrackPod | undefined {
  const before = problems.count;
  const at = path(named.at, 'image');
  // A missing image is reported by the release's checks.
  const imageRef = canary.image !== undefined && checkString(problems, at, canary.image)
    ? checkImage(problems, at, canary.image, props.allowUnpinnedImages === true)
    : undefined;
  const version = canaryVersion(problems, stable, canary, named, imageRef);
  const main = stable.pod.main;
  const base = firstContainer(props);
  const env = main && base ? resolveCanaryEnv(problems, base, ownProps(props, 'stable'), canary, main, named.at) : undefined;
  const resources = main && base ? resolveCanaryResources(problems, base, ownProps(props, 'stable'), canary, main, props.qos === 'Guaranteed' ? 'Guaranteed' : 'Burstable', named.at) : undefined;
  // The canary's own memory limit must hold the memory volumes it mounts, as stable's does.
  if (main && resources && resources !== main.resources) checkMemoryVolumesFit(problems, main.memoryVolumes, resources.limits?.memory, path(named.at, 'resources', 'memory', 'limit'));
  if (problems.count > before || !main || !imageRef || !env || !resources) return undefined;
  const container: ResolvedContainer = {
    ...main,
    image: canary.image as string,
    imagePullPolicy: pullPolicyFor(imageRef),
    imageRef,
    env: env.env,
    envRefs: env.envRefs,
    resources,
  };
  const pod = withMainContainer(stable.pod, container, version, props.configHash !== false, options);
  return { track: named.track, ...(named.at !== named.track ? { at: named.at } : {}), pod, autoscaling: canary.autoscaling };
}

/** The canary's version label: its own (checked), one told apart from stable's, or its image's. */
function canaryVersion(
  problems: Problems, stable: ResolvedTrackPod, canary: CanaryTrackProps, named: CanaryLikeTrack, imageRef?: ImageReference,
): string | undefined {
  const distinct = distinctCanaryVersion(problems, stable, canary, named, imageRef);
  if (canary.version !== undefined) {
    checkLabelValue(problems, path(named.at, 'version'), canary.version);
    return canary.version;
  }
  return distinct ?? (imageRef ? versionFromImage(imageRef) : undefined);
}

/**
 * The canary's env: the shared definition's with the canary's on top, in the order a merge of the
 * two gives. Each variable is resolved once: the canary's at `canary.env`, a shared one stable
 * overrides at `containers[0].env`, the others are stable's. Undefined when one is invalid (recorded).
 */
function resolveCanaryEnv(
  problems: Problems,
  base: ContainerProps,
  stableOwn: ReleaseTrackProps | undefined,
  canary: CanaryTrackProps,
  main: ResolvedContainer,
  at: string,
): { env: EnvVar[]; envRefs: Map<string, ConfigReference> } | undefined {
  const own = isRecord(canary.env) ? canary.env : undefined;
  const stableEnv = isRecord(stableOwn?.env) ? stableOwn.env : undefined;
  // Not objects: reported by the release's checks (the canary's) or as the pod's (the shared one).
  if ((canary.env !== undefined && !own) || (base.env !== undefined && !isRecord(base.env))) return undefined;
  const shared: Record<string, unknown> = base.env ?? {};
  const env: EnvVar[] = [];
  const envRefs = new Map<string, ConfigReference>();
  let complete = true;
  for (const key of Object.keys({ ...shared, ...own })) {
    const resolved = own && hasOwn(own, key) ? resolveEnvVar(problems, path(at, 'env', key), key, own[key])
      : stableEnv && hasOwn(stableEnv, key) ? resolveEnvVar(problems, path('containers', 0, 'env', key), key, shared[key])
        : stableVar(main, key);
    if (!resolved) {
      complete = false;
      continue;
    }
    env.push(resolved.env);
    if (resolved.ref) envRefs.set(key, resolved.ref);
  }
  return complete ? { env, envRefs } : undefined;
}

/** A variable of stable's first container, resolved; undefined when it was invalid (recorded). */
function stableVar(main: ResolvedContainer, name: string): ResolvedEnvVar | undefined {
  const env = main.env.find((e) => e.name === name);
  const ref = main.envRefs.get(name);
  return env && { env, ...(ref ? { ref } : {}) };
}

/** The canary's resources: its own, the shared definition's where stable overrides them (resolved once, here), or stable's. */
function resolveCanaryResources(
  problems: Problems,
  base: ContainerProps,
  stableOwn: ReleaseTrackProps | undefined,
  canary: CanaryTrackProps,
  main: ResolvedContainer,
  qos: Qos,
  at: string,
): ResourceRequirements {
  if (canary.resources !== undefined) return resolveResources(problems, path(at, 'resources'), canary.resources, qos);
  if (stableOwn?.resources !== undefined) return resolveResources(problems, path('containers', 0, 'resources'), base.resources, qos);
  return main.resources;
}

/**
 * A track's pod from stable's with another first container and version: the track's selector
 * labels, the version label and the config hash follow; nothing else differs between the tracks.
 */
function withMainContainer(
  pod: ResolvedPod, main: ResolvedContainer, version: string | undefined, configHashOn: boolean, options: PodTemplateOptions,
): ResolvedPod {
  const containers = [main, ...pod.containers.slice(1)];
  const selector = { ...pod.selector, ...options.extraSelector };
  const labels = {
    ...selector,
    ...(version !== undefined ? { [LABELS.version]: version } : {}),
    ...Object.fromEntries(Object.entries(pod.labels).filter(([k]) => !(k in selector) && k !== LABELS.version)),
  };
  const annotations = withConfigHash(pod.annotations, configHashOn, [...containers, ...pod.initContainers].flatMap(containerRefs));
  return { ...pod, containers, main, selector, labels, annotations };
}

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/**
 * The canary's `app.kubernetes.io/version` when its own would equal stable's (undefined when they
 * differ, or when the canary sets `version`, which is then checked for the clash): stable's version
 * with CANARY_DEFAULTS.canaryVersionSuffix. Two tracks with one version could not be told apart by
 * metrics split by version (Istio's `destination_version`). Only the canary's pod labels change,
 * never a selector. `imageRef`: the canary's image, when it parsed.
 */
function distinctCanaryVersion(
  problems: Problems,
  stable: ResolvedTrackPod,
  canaryProps: CanaryTrackProps,
  named: CanaryLikeTrack,
  imageRef: ImageReference | undefined,
): string | undefined {
  const stableVersion = stable.pod.labels[LABELS.version];
  const own = canaryProps.version ?? (imageRef ? versionFromImage(imageRef) : undefined);
  if (stableVersion === undefined || own !== stableVersion) return undefined;
  if (canaryProps.version !== undefined) {
    problems.conflict(path(named.at, 'version'), `${JSON.stringify(stableVersion)} is stable's version too: metrics split by version could not tell the tracks apart; give ${named.said} its own`);
    return undefined;
  }
  const derived = `${stableVersion}${named.versionSuffix}`;
  if (derived.length > 63) {
    problems.required(path(named.at, 'version'), `is required: ${named.said}'s image gives stable's version ${JSON.stringify(stableVersion)}, and ${JSON.stringify(derived)} is longer than a label value may be (63); set a version that tells the tracks apart`);
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
