import type * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { APP_BRAND, BrandedApp } from '../app-brand';
import { NetworkPeer } from '../core/values/network-peer';
import { podSelectorConfig } from './interop';
import { guardWithLock } from './lock';

/**
 * What every keelson app construct shares: a name, a namespace and the selector of its pods, and
 * with them its use as a peer of another keelson app (`networkPeer`) or of cdk8s-plus (a pod
 * selector and a network-policy peer).
 */
export abstract class AppConstruct extends Construct implements kplus.IPodSelector, kplus.INetworkPolicyPeer, BrandedApp {
  /** The construct type (`StatelessApp`, ...): what identifies a keelson app, and names it in errors. */
  public readonly [APP_BRAND]: string;
  /** The name of the app's objects. */
  public abstract readonly name: string;
  /** The namespace, when set by props, a SecureNamespace or the chart. */
  public abstract readonly namespace?: string;
  /** The labels that select the app's pods (they never change across releases). */
  public abstract readonly selector: Readonly<Record<string, string>>;

  protected constructor(scope: Construct, id: string, type: string) {
    super(scope, id);
    this[APP_BRAND] = type;
    // Its objects are checked against keelson.lock.json when the app is synthesised.
    guardWithLock(this, type);
  }

  /** The app's pods as a keelson peer, for another app's `allowFrom`/`allowTo`. */
  public get networkPeer(): NetworkPeer {
    return NetworkPeer.selecting(this.selector, this.namespace);
  }

  /** cdk8s-plus: the pods this app runs. */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return podSelectorConfig(this.selector, this.namespace);
  }

  /** cdk8s-plus: this app as a network-policy peer. */
  public toNetworkPolicyPeerConfig(): kplus.NetworkPolicyPeerConfig {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** cdk8s-plus: this app as a pod selector. */
  public toPodSelector(): kplus.IPodSelector {
    return this;
  }
}
