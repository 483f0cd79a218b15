import * as pulumi from '@pulumi/pulumi';
import { buildCanaryRelease } from '../core/canary-release/build';
import { CANARY_RELEASE, CanaryReleaseManifest, CanaryReleaseProps, CanaryTrackProps, ReleaseTrackProps } from '../core/canary-release/props';
import { EnvValue } from '../core/values/env';
import { checkImage } from '../core/values/image';
import { NetworkPeer } from '../core/values/network-peer';
import { AppComponent } from './app-component';
import { ReplicasHandOffArgs, buildWithArgs, checkHandOffArg, checkHandOffTargets, coreArgs } from './hand-off';
import { ContainerArgs, deferContainers, restorePullPolicies, toNetworkPeer } from './inputs';
import { DeferredValues, checkWhenKnown } from './resources';
import { SecureNamespace, namespacePlacement } from './secure-namespace';

/** A track whose image and env values may be Pulumi inputs. */
export interface ReleaseTrackArgs extends Omit<ReleaseTrackProps, 'image' | 'env'> {
  /**
   * The first container's image for this track; an `Output` is checked once known.
   * @default the first container's `image`
   */
  readonly image?: pulumi.Input<string>;
  /**
   * Environment variables added to (or replacing) the first container's for this track: literal
   * values (plain or `Output`) or `EnvValue` references.
   * @default none
   */
  readonly env?: Readonly<Record<string, pulumi.Input<string> | EnvValue>>;
}

/** The canary track, whose image and env values may be Pulumi inputs. */
export interface CanaryTrackArgs extends Omit<CanaryTrackProps, 'image' | 'env'> {
  /** The canary's image (e.g. the Output of an image build); checked once known. */
  readonly image: pulumi.Input<string>;
  /**
   * Environment variables added to (or replacing) the first container's for the canary.
   * @default none
   */
  readonly env?: Readonly<Record<string, pulumi.Input<string> | EnvValue>>;
}

/** Args of the Pulumi CanaryRelease: the core props, with Pulumi inputs for images and env values. */
export interface CanaryReleaseArgs extends Omit<CanaryReleaseProps, 'name' | 'namespace' | 'containers' | 'initContainers' | 'allowFrom' | 'stable' | 'canary'>, ReplicasHandOffArgs {
  /**
   * Name of the shared objects; the tracks' objects add `-stable`/`-canary`.
   * @default the component's resource name
   */
  readonly name?: string;
  /**
   * The namespace: a name, or a keelson SecureNamespace. Given a SecureNamespace, the app takes its
   * name, its resources wait for the namespace's, and it must fit the namespace's quota and
   * LimitRange (checked before anything is registered).
   * @default none: the provider's namespace
   */
  readonly namespace?: string | SecureNamespace;
  /** The app's containers (the stable track's, before its overrides). */
  readonly containers: readonly ContainerArgs[];
  /**
   * The stable track.
   * @default the containers as given, 2 replicas
   */
  readonly stable?: ReleaseTrackArgs;
  /**
   * The canary track; remove it to finish a release (after promoting its image to stable).
   * @default none: stable only
   */
  readonly canary?: CanaryTrackArgs;
  /**
   * Init containers.
   * @default none
   */
  readonly initContainers?: readonly ContainerArgs[];
  /**
   * Who may connect to the exposed ports: keelson peers or keelson apps.
   * @default pods in the app's own namespace
   */
  readonly allowFrom?: ReadonlyArray<NetworkPeer | { readonly networkPeer: NetworkPeer }>;
}

/**
 * A stable and a canary version of one app for Pulumi, and the routing between them. Children
 * depend on what they need (`dependsOn`): the VirtualService on the DestinationRule whose subsets
 * it routes to, the Deployments (or the Rollout) on the ServiceAccount and NetworkPolicy, an
 * autoscaler on its target, an Ingress or HTTPRoute on its Services.
 */
export class CanaryRelease extends AppComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'keelson:index:CanaryRelease';

  /** The canary's share of traffic the output achieves. */
  public readonly achievedWeight: number;
  /** Notes that are not errors; also logged as Pulumi warnings. */
  public readonly warnings: readonly string[];

  constructor(name: string, args: CanaryReleaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const deferred = new DeferredValues();
    const objectName = args?.name ?? name;
    const placement = namespacePlacement(args?.namespace);
    let replicasHandOff = false;
    const manifest = buildWithArgs(CANARY_RELEASE, objectName, (p) => { replicasHandOff = checkHandOffArg(p, args?.replicasHandOff); },
      () => buildCanaryRelease(toCoreProps(objectName, placement.secureNamespace ? { ...coreArgs(args), namespace: placement.name } : coreArgs(args), deferred)),
      (p, m) => checkHandOffTargets(p, replicasHandOff, m.objects));
    placement.secureNamespace?.admit({ name: objectName, type: CANARY_RELEASE, objects: manifest.objects });
    // restore() copies: `objects` (what is registered) and `deployments` are separate copies.
    const restored: CanaryReleaseManifest = deferred.restore(manifest);
    // Each track's pull policy follows its own first image (the track's, else the container's).
    for (const obj of restored.objects) {
      if (obj.kind !== 'Deployment' && obj.kind !== 'Rollout') continue;
      const track = obj.metadata.name === `${objectName}-canary` ? 'canary' : 'stable';
      restorePullPolicies((obj.spec as { template?: { spec?: never } } | undefined)?.template?.spec, trackContainers(args, track), args.initContainers);
    }
    super(CanaryRelease.TYPE, name, {
      type: CANARY_RELEASE, name: objectName, placement, selector: manifest.selector, objects: restored.objects,
      outputs: { achievedWeight: manifest.achievedWeight }, replicasHandOff,
    }, opts);
    this.achievedWeight = manifest.achievedWeight;
    this.warnings = manifest.warnings;
    for (const w of manifest.warnings) pulumi.log.warn(w, this);
  }
}

/** The containers a track runs: its own first image, if it has one, in place of the container's. */
function trackContainers(args: CanaryReleaseArgs, track: 'stable' | 'canary'): unknown {
  const image = (args[track] as ReleaseTrackArgs | undefined)?.image;
  if (image === undefined || !Array.isArray(args.containers) || args.containers.length === 0) return args.containers;
  return [{ ...args.containers[0], image }, ...args.containers.slice(1)];
}

/** A track's args with its image and env inputs replaced by placeholders, checked at `<track>.image` once known. */
function deferTrack(name: string, track: 'stable' | 'canary', t: unknown, allowUnpinned: boolean, deferred: DeferredValues): unknown {
  if (!t || typeof t !== 'object') return t;
  const a = t as ReleaseTrackArgs;
  const out: Record<string, unknown> = { ...a };
  if (a.image !== undefined && typeof a.image !== 'string') {
    out.image = deferred.value(a.image, (n) => `deferred.keelson.invalid/input-${n}@sha256:${'0'.repeat(64)}`,
      checkWhenKnown(CANARY_RELEASE, name, `${track}.image`, (p, at, v) => checkImage(p, at, v, allowUnpinned)));
  }
  if (a.env && typeof a.env === 'object') {
    out.env = Object.fromEntries(Object.entries(a.env).map(([k, v]) => [
      k,
      v instanceof EnvValue || typeof v === 'string' || v === undefined || v === null ? v : deferred.value(v as pulumi.Input<string>, (n) => `\u0000keelson-deferred-${n}`),
    ]));
  }
  return out;
}

/** Core props with every Pulumi input replaced by a placeholder the core accepts. */
function toCoreProps(name: string, args: Omit<CanaryReleaseArgs, 'replicasHandOff'>, deferred: DeferredValues): CanaryReleaseProps {
  if (!args || typeof args !== 'object') return { ...(args as object), name } as CanaryReleaseProps;
  const allowUnpinned = args.allowUnpinnedImages === true;
  return {
    ...args,
    name,
    containers: deferContainers(CANARY_RELEASE, name, 'containers', args.containers, allowUnpinned, deferred),
    initContainers: deferContainers(CANARY_RELEASE, name, 'initContainers', args.initContainers, allowUnpinned, deferred),
    ...(args.stable !== undefined ? { stable: deferTrack(name, 'stable', args.stable, allowUnpinned, deferred) } : {}),
    ...(args.canary !== undefined ? { canary: deferTrack(name, 'canary', args.canary, allowUnpinned, deferred) } : {}),
    allowFrom: Array.isArray(args.allowFrom) ? args.allowFrom.map(toNetworkPeer) : args.allowFrom,
  } as CanaryReleaseProps;
}
