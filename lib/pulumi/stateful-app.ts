import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { buildStatefulApp } from '../core/stateful-app/build';
import { HEADLESS_SUFFIX, STATEFUL_APP, StatefulAppManifest, StatefulAppProps } from '../core/stateful-app/props';
import { NetworkPeer } from '../core/values/network-peer';
import type { KubeObject } from '../core/workload/objects';
import { lockCheck } from '../lock';
import { AppComponent } from './app-component';
import { ReplicasHandOffArgs, buildWithArgs, checkHandOffArg, checkHandOffTargets, coreArgs } from './hand-off';
import { ContainerArgs, deferContainers, restorePullPolicies, toNetworkPeer } from './inputs';
import { DeferredValues } from './resources';
import { SecureNamespace, namespacePlacement } from './secure-namespace';

/** Args of the Pulumi StatefulApp: the core props, with Pulumi inputs for images and env values. */
export interface StatefulAppArgs extends Omit<StatefulAppProps, 'name' | 'namespace' | 'containers' | 'initContainers' | 'allowFrom'>, ReplicasHandOffArgs {
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
export class StatefulApp extends AppComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'keelson:index:StatefulApp';

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
    let replicasHandOff = false;
    const manifest = buildWithArgs(STATEFUL_APP, objectName, (p) => { replicasHandOff = checkHandOffArg(p, args?.replicasHandOff); },
      () => buildStatefulApp(
        toCoreProps(objectName, placement.secureNamespace ? { ...coreArgs(args), namespace: placement.name } : coreArgs(args), deferred),
        // One entry per stack (stacks are often environments that differ); nothing recorded by a preview.
        { checkImmutable: lockCheck(placement.name, objectName, { scope: `pulumi:${pulumi.getStack()}`, record: !pulumi.runtime.isDryRun() }) },
      ),
      (p, m) => checkHandOffTargets(p, replicasHandOff, m.objects));
    placement.secureNamespace?.admit({ name: objectName, type: STATEFUL_APP, objects: manifest.objects });
    const restored: StatefulAppManifest = deferred.restore(manifest);
    for (const obj of restored.objects) {
      if (obj.kind === 'StatefulSet') restorePullPolicies((obj as StatefulSet).spec?.template.spec, args.containers, args.initContainers);
    }
    super(StatefulApp.TYPE, name, {
      type: STATEFUL_APP, name: objectName, placement, selector: manifest.selector, objects: restored.objects,
      outputs: { podDnsNames: manifest.podDnsNames }, replicasHandOff,
    }, opts);

    this.podDnsNames = manifest.podDnsNames;
    this.serviceAccount = this.child(restored.serviceAccount);
    this.networkPolicy = this.child(restored.networkPolicy);
    this.headlessService = this.child(restored.headlessService);
    this.service = this.child(restored.service);
    this.statefulSet = this.child(restored.statefulSet);
    this.podDisruptionBudget = this.child(restored.podDisruptionBudget);
    this.horizontalPodAutoscaler = this.child(restored.horizontalPodAutoscaler);
    this.verticalPodAutoscaler = this.child(restored.verticalPodAutoscaler);
  }

  /** The headless Service keeps the logical name it always had (`<name>-headless-service`). */
  protected logicalSuffix(obj: KubeObject): string {
    return obj.kind === 'Service' && obj.metadata.name === `${this.name}${HEADLESS_SUFFIX}` ? 'headless-service' : super.logicalSuffix(obj);
  }
}

/** Core props with every Pulumi input replaced by a placeholder the core accepts. */
function toCoreProps(name: string, args: Omit<StatefulAppArgs, 'replicasHandOff'>, deferred: DeferredValues): StatefulAppProps {
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
