import { CANARY_DEFAULTS } from './defaults';
import { CanaryReleaseProps, TRACK_KEYS, VersionTrackProps } from './props';
import type { ReplicaPlan, Router, VersionWeight } from './router';
import { versionRouterKinds } from './routers';
import { CanaryLikeTrack } from './tracks';
import { checkDns1123Label, checkInteger, checkKnownKeys, checkObject } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';

/** The track names a named version may not take: the release's own tracks. */
const RESERVED = ['stable', 'canary'];

/** A named version, checked as far as its own props go. */
export interface VersionSpec {
  /** How it is resolved like the canary: its track name, where its props are. */
  readonly named: CanaryLikeTrack;
  readonly props: VersionTrackProps;
  /** Its weight; undefined when invalid (recorded). */
  readonly weight?: number;
  /** Its replica count; undefined when invalid (recorded). */
  readonly replicas?: number;
}

/**
 * The named versions (`versions`), in name order (the output does not follow the props' key order);
 * none when there are none, or when they cannot be used (recorded): not an object, or a router that
 * splits over two tracks only. A version whose props are not an object is left out (recorded).
 * `name`: the release's valid name, when it is, for the length of `<name>-<version>`.
 */
export function checkVersions(problems: Problems, props: CanaryReleaseProps, router: Router, name: string | undefined): VersionSpec[] {
  const given: unknown = props.versions;
  if (given === undefined || !checkObject(problems, 'versions', given)) return [];
  if (!router.namedVersions) {
    const kinds = versionRouterKinds().join(' or ');
    problems.notSupported('versions', `cannot be used with ${router.kind} routing, which splits traffic between stable and canary only: named versions need ${kinds} routing`);
    return [];
  }
  const specs: VersionSpec[] = [];
  for (const key of Object.keys(given).sort()) {
    const at = path('versions', key);
    if (checkDns1123Label(problems, at, key)) {
      if (RESERVED.includes(key)) {problems.invalid(at, `${JSON.stringify(key)} is the name of a release's own track: give the version another name`);} else if (name !== undefined && name.length + 1 + key.length > 63) {
        problems.invalid(at, `${JSON.stringify(key)} is too long: the version's Deployment "${name}-${key}" must fit in 63 characters (at most ${62 - name.length})`);
      }
    }
    const v = (given as Record<string, unknown>)[key];
    if (!checkObject(problems, at, v)) continue;
    checkKnownKeys(problems, at, v, [...TRACK_KEYS, 'weight']);
    const own = v as unknown as VersionTrackProps;
    if (own.image === undefined) problems.required(path(at, 'image'), 'is required: each version runs its own image');
    if (own.env !== undefined) checkObject(problems, path(at, 'env'), own.env);
    if (own.autoscaling !== undefined) checkObject(problems, path(at, 'autoscaling'), own.autoscaling);
    // `null` is checked (and refused), not defaulted.
    const weight = own.weight === undefined ? CANARY_DEFAULTS.weight : own.weight;
    const validWeight = checkInteger(problems, path(at, 'weight'), weight, 0, 100);
    const replicas = versionReplicas(problems, at, own);
    specs.push({
      named: { track: key, at, versionSuffix: `-${key}`, said: `version ${key}` },
      props: own,
      ...(validWeight ? { weight } : {}),
      ...(replicas !== undefined ? { replicas } : {}),
    });
  }
  return specs;
}

/** A version's replica count: its own, or a canary's default; undefined when invalid (recorded). */
function versionReplicas(problems: Problems, at: string, own: VersionTrackProps): number | undefined {
  const r = own.replicas;
  if (r !== undefined && own.autoscaling !== undefined) problems.conflict(path(at, 'replicas'), 'cannot be set with autoscaling: set autoscaling.minReplicas instead');
  if (r === undefined) return CANARY_DEFAULTS.canaryReplicas;
  return checkInteger(problems, path(at, 'replicas'), r, 1, 10000) ? r : undefined;
}

/**
 * The versions' weights, once each is valid and, with the canary's, they leave stable a share
 * (at most 100 in all); undefined otherwise (recorded).
 */
export function versionWeights(problems: Problems, specs: readonly VersionSpec[], canaryWeight: number | undefined): VersionWeight[] | undefined {
  const weights = specs.flatMap((s) => (s.weight !== undefined ? [{ name: s.named.track, weight: s.weight }] : []));
  if (weights.length < specs.length || canaryWeight === undefined) return undefined;
  const total = weights.reduce((sum, w) => sum + w.weight, canaryWeight);
  if (total > 100) {
    problems.invalid('versions', `weigh ${total}% with the canary's ${canaryWeight}%: the tracks' weights may sum to 100 at most, stable takes the rest`);
    return undefined;
  }
  return weights;
}

/** The replica plan with each version's count (when valid). */
export function withVersionReplicas(plan: ReplicaPlan, specs: readonly VersionSpec[]): ReplicaPlan {
  const counts = Object.fromEntries(specs.flatMap((s) => (s.replicas !== undefined ? [[s.named.track, s.replicas]] : [])));
  return specs.length ? { ...plan, counts: { ...plan.counts, ...counts } } : plan;
}
