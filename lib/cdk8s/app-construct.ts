import { Construct } from 'constructs';
import { APP_BRAND, BrandedApp } from '../app-brand';
import { podSelectorConfig, claimObjects } from './interop';
import { guardWithLock } from './lock';
import { meshOf } from './secure-namespace';
import type { CallTarget } from '../core/values/call';
import { NetworkPeer } from '../core/values/network-peer';
import { callTargetOf } from '../core/workload/calls';
import { endpointsOf } from '../core/workload/endpoints';
import type { KubeObject } from '../core/workload/objects';

/**
 * What every keelson app construct shares: a name, a namespace and the selector of its pods, and
 * with them its use as a peer of another keelson app (`networkPeer`) or of cdk8s-plus (a pod
 * selector and a network-policy peer).
 */
export abstract class AppConstruct extends Construct implements BrandedApp {
  /** The construct type (`StatelessApp`, ...): what identifies a keelson app, and names it in errors. */
  public readonly [APP_BRAND]: string;
  /** The name of the app's objects. */
  public abstract readonly name: string;
  /** The namespace, when set by props, a SecureNamespace or the chart. */
  public abstract readonly namespace?: string;
  /** The labels that select the app's pods (they never change across releases). */
  public abstract readonly selector: Readonly<Record<string, string>>;
  /**
   * The Service in-cluster clients call (`<name>`, or a CanaryRelease's `<name>-stable` where the
   * routing has no shared Service); absent when no container exposes a port.
   */
  public readonly serviceName?: string;
  /** That Service's first port. */
  public readonly servicePort?: number;
  /** The host names the app is served on from outside (Ingress hosts, HTTPRoute hostnames, Istio `externalHosts`). */
  public readonly hosts: readonly string[];
  /** The objects the app emitted, for its call target. */
  private readonly emitted: readonly KubeObject[];

  /**
   * Joins the tree with the objects the app emits: an object another keelson construct of the
   * cdk8s app already emits (same kind, namespace and name) throws first, and nothing is added.
   */
  protected constructor(scope: Construct, id: string, type: string, name: string, objects: readonly KubeObject[]) {
    const record = claimObjects(scope, id, type, name, objects);
    super(scope, id);
    record();
    this[APP_BRAND] = type;
    const endpoints = endpointsOf(name, objects);
    this.serviceName = endpoints.serviceName;
    this.servicePort = endpoints.servicePort;
    this.hosts = endpoints.hosts;
    this.emitted = objects;
    // Its objects are checked against keelson.lock.json when the app is synthesised.
    guardWithLock(this, type);
  }

  /**
   * The app's pods as a keelson peer, for cdk8s-plus and plain peers. Another keelson app does
   * not name it: a call between keelson apps is declared once, on the caller (`allowTo: [app]`).
   */
  public get networkPeer(): NetworkPeer {
    return NetworkPeer.selecting(this.selector, this.namespace).ofApp(`${this[APP_BRAND]} ${JSON.stringify(this.name)}`);
  }

  /** The app as the target of a call (`allowTo: [app]`, `Call.to(app, { port })`): its Service ports, pods and mesh. */
  public get callTarget(): CallTarget {
    return callTargetOf(this[APP_BRAND], this.name, this.namespace, this.selector, this.emitted, meshOf(this));
  }

  // The three methods below make the app a cdk8s-plus pod selector and network-policy peer. Their
  // results are typed `any` on purpose: cdk8s-plus's configuration types hold its LabelSelector
  // class, which TypeScript compares by identity per cdk8s-plus line; `any` lets the app satisfy
  // the IPodSelector and INetworkPolicyPeer of whichever line the user installed.

  /** cdk8s-plus: the pods this app runs. */
  public toPodSelectorConfig(): any {
    return podSelectorConfig(this.selector, this.namespace);
  }

  /** cdk8s-plus: this app as a network-policy peer. */
  public toNetworkPolicyPeerConfig(): any {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** cdk8s-plus: this app as a pod selector. */
  public toPodSelector(): any {
    return this;
  }
}
