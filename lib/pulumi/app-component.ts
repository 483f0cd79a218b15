import * as pulumi from '@pulumi/pulumi';
import { APP_BRAND, BrandedApp } from '../app-brand';
import { claimObjects } from './emitted';
import { InputSlot, PulumiInputs, SealedInputs, toNetworkPeer } from './inputs';
import { registerObject } from './resources';
import { NamespacePlacement, namespacePlacement } from './secure-namespace';
import { NetworkPeer as PulumiNetworkPeer } from './values';
import { checkNotCircular } from '../core/validation/props';
import type { NetworkPeer } from '../core/values/network-peer';
import type { KubeObject } from '../core/workload/objects';

/** What an app component registers: its core objects, restored, in apply order. */
export interface AppComponentParts {
  /** The construct type, e.g. `StatelessApp`. */
  readonly type: string;
  /** The name of the app's objects. */
  readonly name: string;
  readonly placement: NamespacePlacement;
  readonly selector: Readonly<Record<string, string>>;
  /** Every object, in apply order, with the deferred inputs put back. */
  readonly objects: readonly KubeObject[];
  /** The namespace as registered: a name, or the checked input. */
  readonly namespace?: pulumi.Input<string>;
  /** The app's Pulumi inputs: every child waits until they are known and accepted. */
  readonly sealed: SealedInputs;
  /** Records the app's objects as emitted in its stack and cluster, once the component is registered. */
  readonly record: () => void;
  /** Outputs besides name, namespace and selector. */
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** Resource options of particular children (e.g. `protect` for a StatefulSet). */
  readonly childOptions?: (obj: KubeObject) => pulumi.CustomResourceOptions;
}

/** What an app component has made of its args before it registers anything. */
export interface PreparedApp<M> {
  /** The name of the app's objects. */
  readonly name: string;
  readonly placement: NamespacePlacement;
  /** The core's manifest, with placeholders for the deferred inputs. */
  readonly manifest: M;
  /** The manifest with the inputs put back. */
  readonly restored: M;
  readonly sealed: SealedInputs;
  /** The namespace as registered. */
  readonly namespace?: pulumi.Input<string>;
  /** Records the app's objects as emitted, once the component is registered. */
  readonly record: () => void;
}

/**
 * The args of an app component, built by the core before anything is registered, exactly as the
 * cdk8s construct builds its props: args that are not an object reach the core as they are; a
 * SecureNamespace gives its name and admits the app; keelson apps in `allowFrom` become peers; Pulumi
 * inputs at the component's `slots` are deferred (placeholders now, the real args checked once
 * known). `build` gets the props and, on the first build, the inputs (to tell what is deferred).
 */
export function prepareApp<M extends { readonly objects: readonly KubeObject[] }>(
  type: string,
  resourceName: string,
  args: unknown,
  opts: pulumi.ComponentResourceOptions,
  slots: readonly InputSlot[],
  build: (props: never, inputs?: PulumiInputs) => M,
): PreparedApp<M> {
  checkNotCircular(type, args, { id: resourceName });
  const given = typeof args === 'object' && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : undefined;
  const name = (given?.name ?? resourceName) as string;
  const placement = namespacePlacement(given?.namespace);
  const inputs = new PulumiInputs(type, name, slots);
  const props = inputs.defer(given
    ? { ...given, name, namespace: placement.name, ...('allowFrom' in given ? { allowFrom: Array.isArray(given.allowFrom) ? given.allowFrom.map(toNetworkPeer) : given.allowFrom } : {}) }
    : args);
  const manifest = inputs.build(props as never, (p) => build(p, inputs));
  // Nothing is registered (and nothing admitted) when an object clashes with another component's.
  const record = claimObjects(resourceName, opts, type, name, manifest.objects);
  placement.secureNamespace?.admit({ name, type, objects: manifest.objects });
  const sealed = inputs.seal(props, (real) => build(real as never));
  const namespace = sealed.restore((props as { namespace?: string } | undefined)?.namespace);
  return { name, placement, manifest, restored: sealed.restoreManifest(manifest), sealed, record, ...(namespace !== undefined ? { namespace } : {}) };
}

/**
 * What every keelson app component shares (like cdk8s's AppConstruct): a name, a namespace and the
 * selector of its pods; its objects registered as typed children in apply order, each depending on
 * what must exist before it (derived once, from the objects themselves); its use as a peer.
 */
export abstract class AppComponent extends pulumi.ComponentResource implements BrandedApp {
  public readonly [APP_BRAND]: string;
  /** The name of every object. */
  public readonly name: string;
  /** The namespace, when set: a name, or the namespace input once checked. */
  public readonly namespace?: pulumi.Input<string>;
  /** The labels that select this app's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Every child resource, keyed `Kind/name` (e.g. `Deployment/api-canary`). */
  public readonly resources: Readonly<Record<string, pulumi.CustomResource>>;

  protected constructor(typeToken: string, name: string, parts: AppComponentParts, opts: pulumi.ComponentResourceOptions) {
    super(typeToken, name, {}, opts);
    parts.record();
    this[APP_BRAND] = parts.type;
    this.name = parts.name;
    this.namespace = parts.namespace;
    this.selector = parts.selector;
    const resources: Record<string, pulumi.CustomResource> = {};
    for (const obj of parts.objects) {
      // Objects come in apply order, so what one depends on is registered before it.
      const dependsOn = dependencies(obj, parts.objects).map((k) => resources[k]).filter((r) => r !== undefined);
      const after = parts.sealed.dependsOn([...dependsOn, ...parts.placement.dependsOn]);
      const options = { ...parts.childOptions?.(obj), parent: this, dependsOn: after };
      resources[keyOf(obj)] = registerObject(name, obj, options, this.logicalSuffix(obj));
    }
    this.resources = resources;
    this.registerOutputs({ name: this.name, namespace: this.namespace, selector: this.selector, ...parts.outputs });
  }

  /** This app's pods as a keelson peer, for another app's `allowFrom`/`allowTo`. */
  public get networkPeer(): NetworkPeer {
    return PulumiNetworkPeer.selecting(this.selector, this.namespace);
  }

  /** The registered child for one of the app's objects. */
  protected child<T extends pulumi.CustomResource>(obj: ObjectRef): T;
  protected child<T extends pulumi.CustomResource>(obj: ObjectRef | undefined): T | undefined;
  protected child<T extends pulumi.CustomResource>(obj: ObjectRef | undefined): T | undefined {
    return obj && (this.resources[keyOf(obj)] as T);
  }

  /**
   * The end of a child's logical name, `<component>-<suffix>`: its kind, and what its name adds to
   * the app's (`deployment-canary`), so adding an object never renames another.
   */
  protected logicalSuffix(obj: KubeObject): string {
    const own = obj.metadata.name ?? '';
    return `${obj.kind.toLowerCase()}${own === this.name ? '' : own.slice(this.name.length)}`;
  }
}


/** What names an object: its kind and name. */
type ObjectRef = { readonly kind?: string; readonly metadata?: { readonly name?: string } };

function keyOf(o: ObjectRef): string {
  return `${o.kind}/${o.metadata?.name}`;
}

/**
 * `Kind/name` keys of the objects `obj` waits for: the pods for their ServiceAccount and
 * NetworkPolicy (and a StatefulSet for its headless Service, which gives the pods their DNS
 * names), an autoscaler for its target, an Ingress or HTTPRoute for its Services, a VirtualService
 * for the DestinationRule whose subsets it routes to.
 */
export function dependencies(obj: KubeObject, objects: readonly KubeObject[]): string[] {
  const spec = obj.spec as Record<string, any> | undefined;
  const own = (kind: string) => objects.filter((o) => o.kind === kind && o.metadata.name === obj.metadata.name).map(keyOf);
  const first = (kind: string) => objects.filter((o) => o.kind === kind).slice(0, 1).map(keyOf);
  switch (obj.kind) {
    case 'Deployment':
    case 'Rollout':
      return [...first('ServiceAccount'), ...first('NetworkPolicy')];
    case 'StatefulSet':
      return [...first('ServiceAccount'), ...first('NetworkPolicy'), `Service/${spec?.serviceName}`];
    case 'HorizontalPodAutoscaler':
      return [`${spec?.scaleTargetRef?.kind}/${spec?.scaleTargetRef?.name}`];
    case 'VerticalPodAutoscaler':
      return [`${spec?.targetRef?.kind}/${spec?.targetRef?.name}`];
    case 'Ingress':
      return [...new Set<string>((spec?.rules ?? []).flatMap((r: any) => (r.http?.paths ?? []).map((p: any) => `Service/${p.backend?.service?.name}`)))];
    case 'HTTPRoute':
      return [...new Set<string>((spec?.rules ?? []).flatMap((r: any) => (r.backendRefs ?? []).map((b: any) => `Service/${b.name}`)))];
    case 'VirtualService':
      return own('DestinationRule');
    default:
      return [];
  }
}
