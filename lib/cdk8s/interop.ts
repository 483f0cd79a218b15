import { ApiObject } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { NetworkPeer } from '../core/values/network-peer';
import type { KubeObject } from '../core/workload/objects';
import { KeelsonApiObject } from './lock';

/**
 * Adds the core's objects to the chart as ApiObjects. Construct ids are kinds (unique within one
 * keelson construct), or the id `idsByName` gives an object's name (e.g. a second Service).
 * ApiObject rather than cdk8s-plus's typed `KubeDeployment` & co: the core's objects are already
 * plain Kubernetes JSON, and the typed classes would convert every field again on synth.
 */
export function addObjects(scope: Construct, objects: readonly KubeObject[], idsByName: Readonly<Record<string, string>> = {}): Record<string, ApiObject> {
  const out: Record<string, ApiObject> = {};
  for (const obj of objects) {
    const id = idsByName[obj.metadata.name!] ?? obj.kind;
    out[id] = new KeelsonApiObject(scope, id, obj);
  }
  return out;
}

/**
 * Converts what a cdk8s user passes as a peer into a keelson NetworkPeer. Anything else is passed
 * on unchanged (typed as a peer), for the core to report with its property path.
 */
export function toNetworkPeer(peer: unknown): NetworkPeer {
  if (peer instanceof NetworkPeer) return peer;
  const own = (peer as { networkPeer?: unknown } | null)?.networkPeer;
  if (own instanceof NetworkPeer) return own;
  if (peer && typeof (peer as kplus.INetworkPolicyPeer).toNetworkPolicyPeerConfig === 'function') {
    return NetworkPeer.fromKubernetes(fromPlusPeer((peer as kplus.INetworkPolicyPeer).toNetworkPolicyPeerConfig()));
  }
  return peer as NetworkPeer;
}

function fromPlusPeer(config: kplus.NetworkPolicyPeerConfig): NetworkPolicyPeer {
  if (config.ipBlock) {
    const { cidr, except } = config.ipBlock;
    return { ipBlock: except && except.length ? { cidr, except: [...except] } : { cidr } };
  }
  const out: NetworkPolicyPeer = {};
  const selector = config.podSelector;
  if (selector) {
    out.podSelector = selector.labelSelector._toKube() as LabelSelector;
    const ns = selector.namespaces;
    if (ns) out.namespaceSelector = namespaceSelector(ns);
  }
  return out;
}

/**
 * cdk8s-plus gives namespaces by names, by labels, or both (with an empty label selector beside
 * names): every given condition must hold, and an empty selector alone means all namespaces.
 */
function namespaceSelector(ns: kplus.NamespaceSelectorConfig): LabelSelector {
  const labels = ns.labelSelector && !ns.labelSelector.isEmpty() ? (ns.labelSelector._toKube() as LabelSelector) : {};
  if (!ns.names || ns.names.length === 0) return labels;
  const byName = { key: 'kubernetes.io/metadata.name', operator: 'In', values: [...ns.names] };
  return { ...labels, matchExpressions: [...(labels.matchExpressions ?? []), byName] };
}

/**
 * A cdk8s-plus pod selector for keelson's pods. cdk8s-plus is loaded only here, when a user
 * actually hands a keelson app to cdk8s-plus, so importing keelson/cdk8s stays cheap.
 */
export function podSelectorConfig(selector: Readonly<Record<string, string>>, namespace: string | undefined): kplus.PodSelectorConfig {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const plus: typeof kplus = require('cdk8s-plus-27');
  return {
    labelSelector: plus.LabelSelector.of({ labels: { ...selector } }),
    ...(namespace !== undefined ? { namespaces: { names: [namespace] } } : {}),
  };
}
