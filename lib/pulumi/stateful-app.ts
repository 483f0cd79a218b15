import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { NetworkPeer } from '../core/values/network-peer';
import { STATEFUL_APP, StatefulAppManifest, StatefulAppProps } from '../core/stateful-app/props';
import { buildStatefulApp } from '../core/stateful-app/build';
import { lockCheck } from '../lock';
import { ContainerArgs, deferContainers, restorePullPolicies, toNetworkPeer } from './inputs';
import { DeferredValues, registerObject } from './resources';
import { SecureNamespace, namespacePlacement } from './secure-namespace';

/** Args of the Pulumi StatefulApp: the core props, with Pulumi inputs for images and env values. */
export interface StatefulAppArgs extends Omit<StatefulAppProps, 'name' | 'namespace' | 'containers' | 'initContainers' | 'allowFrom'> {
  /**
   * Name of every generated object (`metadata.name`), and the `app.kubernetes.io/name`/`instance` labels.
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
  /** The app's containers; the first is the main one. */
  readonly containers: readonly ContainerArgs[];
  /**
   * Containers that run to completion before the app's containers start (e.g. to prepare data).
   * @default none
   */
  readonly initContainers?: readonly ContainerArgs[];
  /**
   * Who may connect to the exposed ports: keelson `NetworkPeer`s or other keelson apps.
   * @default pods in the app's own namespace
   */
  readonly allowFrom?: ReadonlyArray<NetworkPeer | { readonly networkPeer: NetworkPeer }>;
}

/**
 * A stateful app for Pulumi: StatefulSet, headless and client Services, PodDisruptionBudget,
 * ServiceAccount, NetworkPolicy, and optionally a HorizontalPodAutoscaler or a
 * VerticalPodAutoscaler, as @pulumi/kubernetes resources parented to this component.
 *
 * Immutable StatefulSet fields are checked against keelson.lock.json before anything is
 * registered, so a change Pulumi could only apply by deleting the StatefulSet fails with what to do.
 */
export class StatefulApp extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'keelson:index:StatefulApp';

  /** The name of every object. */
  public readonly name: string;
  /** The namespace, when set. */
  public readonly namespace?: string;
  /** The labels that select this app's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Each replica's stable DNS name (`db-0.db-headless.shop.svc.cluster.local`). */
  public readonly podDnsNames: readonly string[];
  public readonly serviceAccount: k8s.core.v1.ServiceAccount;
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;
  public readonly headlessService: k8s.core.v1.Service;
  /** Absent when no container exposes a port. */
  public readonly service?: k8s.core.v1.Service;
  public readonly statefulSet: k8s.apps.v1.StatefulSet;
  public readonly podDisruptionBudget: k8s.policy.v1.PodDisruptionBudget;
  public readonly horizontalPodAutoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
  /** A `CustomResource` (the VPA has no typed class in @pulumi/kubernetes). */
  public readonly verticalPodAutoscaler?: k8s.apiextensions.CustomResource;

  constructor(name: string, args: StatefulAppArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate and build before registering anything: bad args throw with no resource created.
    const deferred = new DeferredValues();
    const objectName = args?.name ?? name;
    const placement = namespacePlacement(args?.namespace);
    const manifest = buildStatefulApp(
      toCoreProps(objectName, placement.secureNamespace ? { ...args, namespace: placement.name } : args, deferred),
      {
        // One entry per stack (stacks are often environments that differ); nothing recorded by a preview.
        checkImmutable: lockCheck(placement.name, objectName, { scope: `pulumi:${pulumi.getStack()}`, record: !pulumi.runtime.isDryRun() }),
        inSecureNamespace: placement.secureNamespace !== undefined,
      },
    );
    placement.secureNamespace?.admit({ name: objectName, type: STATEFUL_APP, objects: manifest.objects });
    super(StatefulApp.TYPE, name, {}, opts);

    this.name = objectName;
    this.namespace = placement.name;
    this.selector = manifest.selector;
    this.podDnsNames = manifest.podDnsNames;
    const restored: StatefulAppManifest = deferred.restore(manifest);
    restorePullPolicies(restored.statefulSet.spec?.template.spec, args.containers, args.initContainers);
    const child = (obj: unknown, dependsOn: pulumi.Resource[] = [], suffix?: string) =>
      registerObject(name, obj as Record<string, unknown>, { parent: this, dependsOn: [...dependsOn, ...placement.dependsOn] }, suffix);

    this.serviceAccount = child(restored.serviceAccount) as k8s.core.v1.ServiceAccount;
    this.networkPolicy = child(restored.networkPolicy) as k8s.networking.v1.NetworkPolicy;
    // The StatefulSet's serviceName must exist first: pod DNS names come from it.
    this.headlessService = child(restored.headlessService, [], 'headless-service') as k8s.core.v1.Service;
    this.service = restored.service && (child(restored.service) as k8s.core.v1.Service);
    this.statefulSet = child(restored.statefulSet, [this.serviceAccount, this.networkPolicy, this.headlessService]) as k8s.apps.v1.StatefulSet;
    this.podDisruptionBudget = child(restored.podDisruptionBudget) as k8s.policy.v1.PodDisruptionBudget;
    this.horizontalPodAutoscaler = restored.horizontalPodAutoscaler
      && (child(restored.horizontalPodAutoscaler, [this.statefulSet]) as k8s.autoscaling.v2.HorizontalPodAutoscaler);
    this.verticalPodAutoscaler = restored.verticalPodAutoscaler
      && (child(restored.verticalPodAutoscaler, [this.statefulSet]) as k8s.apiextensions.CustomResource);

    this.registerOutputs({
      name: this.name,
      namespace: this.namespace,
      selector: this.selector,
      podDnsNames: this.podDnsNames,
    });
  }

  /** This app's pods as a keelson peer, for another app's `allowFrom`/`allowTo`. */
  public get networkPeer(): NetworkPeer {
    return NetworkPeer.selecting(this.selector, this.namespace);
  }
}

/** Core props with every Pulumi input replaced by a placeholder the core accepts. */
function toCoreProps(name: string, args: StatefulAppArgs, deferred: DeferredValues): StatefulAppProps {
  if (!args || typeof args !== 'object') return { ...(args as object), name } as StatefulAppProps;
  const allowUnpinned = args.allowUnpinnedImages === true;
  return {
    ...args,
    name,
    containers: deferContainers(STATEFUL_APP, name, 'containers', args.containers, allowUnpinned, deferred),
    initContainers: deferContainers(STATEFUL_APP, name, 'initContainers', args.initContainers, allowUnpinned, deferred),
    allowFrom: Array.isArray(args.allowFrom) ? args.allowFrom.map(toNetworkPeer) : args.allowFrom,
  } as StatefulAppProps;
}
