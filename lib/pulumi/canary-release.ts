import * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../core/app-parts';
import { CANARY_RELEASE, CanaryReleaseManifest, CanaryReleaseProps, buildCanaryRelease } from '../core/canary-release';
import { NetworkPeer } from '../core/network-peer';
import { ContainerArgs, deferContainers, restorePullPolicies, toNetworkPeer } from './inputs';
import { DeferredValues, registerObject } from './resources';

/** Args of the Pulumi CanaryRelease: the core props, with Pulumi inputs for images and env values. */
export interface CanaryReleaseArgs extends Omit<CanaryReleaseProps, 'name' | 'containers' | 'initContainers' | 'allowFrom'> {
  /**
   * Name of the shared objects; the tracks' objects add `-stable`/`-canary`.
   * @default the component's resource name
   */
  readonly name?: string;
  /** The app's containers (the stable track's, before its overrides). */
  readonly containers: readonly ContainerArgs[];
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
 * A stable and a canary version of one app for Pulumi, and the routing between them. The
 * DestinationRule is registered before the VirtualService that routes to its subsets (`dependsOn`).
 */
export class CanaryRelease extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'keelson:index:CanaryRelease';

  /** The name of the shared objects. */
  public readonly name: string;
  /** The namespace, when set. */
  public readonly namespace?: string;
  /** The labels that select both tracks' pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The canary's share of traffic the output achieves. */
  public readonly achievedWeight: number;
  /** Notes that are not errors; also logged as Pulumi warnings. */
  public readonly warnings: readonly string[];
  /** Every child resource, keyed `Kind/name` (e.g. `Deployment/api-canary`). */
  public readonly resources: Readonly<Record<string, pulumi.CustomResource>>;

  constructor(name: string, args: CanaryReleaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const deferred = new DeferredValues();
    const objectName = args?.name ?? name;
    const manifest = buildCanaryRelease(toCoreProps(objectName, args, deferred));
    super(CanaryRelease.TYPE, name, {}, opts);
    this.name = objectName;
    this.namespace = args.namespace;
    this.selector = manifest.selector;
    this.achievedWeight = manifest.achievedWeight;
    this.warnings = manifest.warnings;
    for (const w of manifest.warnings) pulumi.log.warn(w, this);

    const restored: CanaryReleaseManifest = deferred.restore(manifest);
    for (const d of restored.deployments) restorePullPolicies(d.spec?.template.spec, args.containers, args.initContainers);
    if (restored.rollout) restorePullPolicies((restored.rollout.spec as { template?: { spec?: never } }).template?.spec, args.containers, args.initContainers);

    const resources: Record<string, pulumi.CustomResource> = {};
    const key = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;
    const drKey = restored.destinationRule && key(restored.destinationRule);
    for (const obj of restored.objects) {
      const dependsOn = obj.kind === 'VirtualService' && drKey ? [resources[drKey]] : [];
      const suffix = `${obj.kind.toLowerCase()}${obj.metadata.name === objectName ? '' : obj.metadata.name!.slice(objectName.length)}`;
      resources[key(obj)] = registerObject(name, obj, { parent: this, dependsOn }, suffix);
    }
    this.resources = resources;
    this.registerOutputs({ name: this.name, namespace: this.namespace, selector: this.selector, achievedWeight: this.achievedWeight });
  }

  /** Both tracks' pods as a keelson peer, for another app's `allowFrom`/`allowTo`. */
  public get networkPeer(): NetworkPeer {
    return this.namespace !== undefined
      ? NetworkPeer.podsInNamespace(this.namespace, this.selector)
      : NetworkPeer.pods(this.selector);
  }
}

/** Core props with every Pulumi input replaced by a placeholder the core accepts. */
function toCoreProps(name: string, args: CanaryReleaseArgs, deferred: DeferredValues): CanaryReleaseProps {
  if (!args || typeof args !== 'object') return { ...(args as object), name } as CanaryReleaseProps;
  const allowUnpinned = args.allowUnpinnedImages === true;
  return {
    ...args,
    name,
    containers: deferContainers(CANARY_RELEASE, name, 'containers', args.containers, allowUnpinned, deferred),
    initContainers: deferContainers(CANARY_RELEASE, name, 'initContainers', args.initContainers, allowUnpinned, deferred),
    allowFrom: Array.isArray(args.allowFrom) ? args.allowFrom.map(toNetworkPeer) : args.allowFrom,
  } as CanaryReleaseProps;
}
