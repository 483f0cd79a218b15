import * as pulumi from '@pulumi/pulumi';
import { APP_BRAND, BrandedApp } from '../app-brand';
import { NetworkPeer } from '../core/values/network-peer';
import type { KubeObject } from '../core/workload/objects';
import { registerObject } from './resources';
import { NamespacePlacement } from './secure-namespace';

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
  /** Outputs besides name, namespace and selector. */
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** Resource options of particular children (e.g. `protect` for a StatefulSet). */
  readonly childOptions?: (obj: KubeObject) => pulumi.CustomResourceOptions;
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
  /** The namespace, when set. */
  public readonly namespace?: string;
  /** The labels that select this app's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Every child resource, keyed `Kind/name` (e.g. `Deployment/api-canary`). */
  public readonly resources: Readonly<Record<string, pulumi.CustomResource>>;

  protected constructor(typeToken: string, name: string, parts: AppComponentParts, opts: pulumi.ComponentResourceOptions) {
    super(typeToken, name, {}, opts);
    this[APP_BRAND] = parts.type;
    this.name = parts.name;
    this.namespace = parts.placement.name;
    this.selector = parts.selector;
    const resources: Record<string, pulumi.CustomResource> = {};
    for (const obj of parts.objects) {
      // Objects come in apply order, so what one depends on is registered before it.
      const dependsOn = dependencies(obj, parts.objects).map((k) => resources[k]).filter((r) => r !== undefined);
      const opts = { ...parts.childOptions?.(obj), parent: this, dependsOn: [...dependsOn, ...parts.placement.dependsOn] };
      resources[keyOf(obj)] = registerObject(name, obj, opts, this.logicalSuffix(obj));
    }
    this.resources = resources;
    this.registerOutputs({ name: this.name, namespace: this.namespace, selector: this.selector, ...parts.outputs });
  }

  /** This app's pods as a keelson peer, for another app's `allowFrom`/`allowTo`. */
  public get networkPeer(): NetworkPeer {
    return NetworkPeer.selecting(this.selector, this.namespace);
  }

  /** The registered child for one of the app's objects. */
  protected child<T extends pulumi.CustomResource>(obj: { readonly kind?: string; readonly metadata?: { readonly name?: string } }): T;
  protected child<T extends pulumi.CustomResource>(obj: { readonly kind?: string; readonly metadata?: { readonly name?: string } } | undefined): T | undefined;
  protected child<T extends pulumi.CustomResource>(obj: { readonly kind?: string; readonly metadata?: { readonly name?: string } } | undefined): T | undefined {
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


function keyOf(o: { readonly kind?: string; readonly metadata?: { readonly name?: string } }): string {
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
