import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Deployment } from 'kubernetes-types/apps/v1';
import { buildStatelessApp } from '../core/stateless-app/build';
import { IngressProps, STATELESS_APP, StatelessAppManifest, StatelessAppProps } from '../core/stateless-app/props';
import { checkHostname } from '../core/validation/checks';
import { NetworkPeer } from '../core/values/network-peer';
import { AppComponent } from './app-component';
import { ReplicasHandOffArgs, buildWithArgs, checkHandOffArg, checkHandOffTargets, coreArgs } from './hand-off';
import { ContainerArgs, deferContainers, restorePullPolicies, toNetworkPeer } from './inputs';
import { DeferredValues, checkWhenKnown } from './resources';
import { SecureNamespace, namespacePlacement } from './secure-namespace';

/** A container whose image and env values may be Pulumi inputs. */
export type StatelessAppContainerArgs = ContainerArgs;

/** An Ingress whose hosts may be Pulumi inputs. */
export interface StatelessAppIngressArgs extends Omit<IngressProps, 'hosts'> {
  /** The host names to serve; an `Output` (e.g. a DNS record's name) is checked once known. */
  readonly hosts: ReadonlyArray<pulumi.Input<string>>;
}

/** Args of the Pulumi StatelessApp: the core props, with Pulumi inputs where outputs are common. */
export interface StatelessAppArgs extends Omit<StatelessAppProps, 'name' | 'namespace' | 'containers' | 'initContainers' | 'ingress' | 'allowFrom'>, ReplicasHandOffArgs {
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
   * Containers that run to completion before the app's containers start.
   * @default none
   */
  readonly initContainers?: readonly ContainerArgs[];
  /**
   * Expose the app through an Ingress.
   * @default none
   */
  readonly ingress?: StatelessAppIngressArgs;
  /**
   * Who may connect to the app's exposed ports: keelson `NetworkPeer`s or other keelson apps.
   * @default pods in the app's own namespace
   */
  readonly allowFrom?: ReadonlyArray<NetworkPeer | { readonly networkPeer: NetworkPeer }>;
}

/**
 * A stateless app for Pulumi: Deployment, Service, PodDisruptionBudget, ServiceAccount,
 * NetworkPolicy, and optionally a HorizontalPodAutoscaler and an Ingress, as typed
 * @pulumi/kubernetes resources parented to this component.
 *
 * Every child is a property (`app.deployment`, ...). To change a field keelson sets, use a
 * resource transform on the component (`transforms` in its options), which reaches every child.
 */
export class StatelessApp extends AppComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'keelson:index:StatelessApp';

  public readonly serviceAccount: k8s.core.v1.ServiceAccount;
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;
  /** Absent when no container exposes a port. */
  public readonly service?: k8s.core.v1.Service;
  public readonly deployment: k8s.apps.v1.Deployment;
  public readonly podDisruptionBudget: k8s.policy.v1.PodDisruptionBudget;
  public readonly horizontalPodAutoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
  public readonly ingress?: k8s.networking.v1.Ingress;

  constructor(name: string, args: StatelessAppArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate and build before registering anything: bad args throw with no resource created.
    const deferred = new DeferredValues();
    const objectName = args?.name ?? name;
    const placement = namespacePlacement(args?.namespace);
    let replicasHandOff = false;
    const manifest = buildWithArgs(STATELESS_APP, objectName, (p) => { replicasHandOff = checkHandOffArg(p, args?.replicasHandOff); },
      () => buildStatelessApp(toCoreProps(objectName, placement.secureNamespace ? { ...coreArgs(args), namespace: placement.name } : coreArgs(args), deferred)),
      (p, m) => checkHandOffTargets(p, replicasHandOff, m.objects));
    placement.secureNamespace?.admit({ name: objectName, type: STATELESS_APP, objects: manifest.objects });
    const restored = restoreDeferred(manifest, args, deferred);
    super(StatelessApp.TYPE, name, { type: STATELESS_APP, name: objectName, placement, selector: manifest.selector, objects: restored.objects, replicasHandOff }, opts);

    this.serviceAccount = this.child(restored.serviceAccount);
    this.networkPolicy = this.child(restored.networkPolicy);
    this.service = this.child(restored.service);
    this.deployment = this.child(restored.deployment);
    this.podDisruptionBudget = this.child(restored.podDisruptionBudget);
    this.horizontalPodAutoscaler = this.child(restored.horizontalPodAutoscaler);
    this.ingress = this.child(restored.ingress);
  }
}

/** Core props with every Pulumi input replaced by a placeholder the core accepts. */
function toCoreProps(name: string, args: Omit<StatelessAppArgs, 'replicasHandOff'>, deferred: DeferredValues): StatelessAppProps {
  if (!args || typeof args !== 'object') return { ...(args as object), name } as StatelessAppProps;
  const allowUnpinned = args.allowUnpinnedImages === true;
  const containers = deferContainers(STATELESS_APP, name, 'containers', args.containers, allowUnpinned, deferred);
  const initContainers = deferContainers(STATELESS_APP, name, 'initContainers', args.initContainers, allowUnpinned, deferred);
  const ingress = args.ingress && Array.isArray(args.ingress.hosts)
    ? {
      ...args.ingress,
      hosts: args.ingress.hosts.map((h, i) => (typeof h === 'string' ? h : deferred.value(h, (n) => `input-${n}.deferred.keelson.invalid`,
        checkWhenKnown(STATELESS_APP, name, `ingress.hosts[${i}]`, checkHostname)))),
    }
    : (args.ingress as IngressProps | undefined);
  const allowFrom = Array.isArray(args.allowFrom) ? args.allowFrom.map(toNetworkPeer) : args.allowFrom;
  return { ...args, name, containers, initContainers, ingress, allowFrom } as StatelessAppProps;
}

/** Puts the inputs back where their placeholders are (in the objects registered). */
function restoreDeferred(manifest: StatelessAppManifest, args: StatelessAppArgs, deferred: DeferredValues): StatelessAppManifest {
  const restored = deferred.restore(manifest);
  for (const obj of restored.objects) {
    if (obj.kind === 'Deployment') restorePullPolicies((obj as Deployment).spec?.template.spec, args.containers, args.initContainers);
  }
  return restored;
}
