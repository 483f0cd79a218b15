import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { loadCdk8sPlus, PlusNamespaceSelectorConfig, PlusNetworkPolicyPeer, PlusNetworkPolicyPeerConfig, PlusPodSelectorConfig } from './cdk8s-plus';
import { KeelsonApiObject, deploymentTarget } from './lock';
import { emittedObjectsOf } from '../core/validation/emitted';
import { NetworkPeer } from '../core/values/network-peer';
import { isCallObject } from '../core/workload/calls';
import type { KubeObject } from '../core/workload/objects';

/**
 * Adds the core's objects to the chart as ApiObjects. Construct ids are kinds (unique within one
 * keelson construct), or the id `idsByName` gives an object's name (e.g. a second Service).
 * ApiObject rather than cdk8s-plus's typed `KubeDeployment` & co: the core's objects are already
 * plain Kubernetes JSON, and the typed classes would convert every field again on synth.
 */
export function addObjects(
  scope: Construct,
  objects: readonly KubeObject[],
  idsByName: Readonly<Record<string, string>> = {},
): Record<string, ApiObject> {
  const out: Record<string, ApiObject> = {};
  for (const obj of objects) {
    // The objects of the app's calls (in the callees' namespaces) are named by kind and name.
    const id = isCallObject(obj) ? `${obj.kind}-${obj.metadata.name}` : (idsByName[obj.metadata.name!] ?? obj.kind);
    out[id] = new KeelsonApiObject(scope, id, obj);
  }
  return out;
}

/** One registry key per deployment target of an App. */
const targets = new WeakMap<object, Map<string, object>>();

function registryKey(scope: Construct): object {
  const root = scope.node.root;
  let byTarget = targets.get(root);
  if (!byTarget) targets.set(root, (byTarget = new Map()));
  const target = deploymentTarget(scope);
  let key = byTarget.get(target);
  if (!key) byTarget.set(target, (key = {}));
  return key;
}

/**
 * Claims the objects a keelson construct is about to add, in its deployment target (its chart, or
 * the `target` of configureLock: what is applied together): throws a KeelsonValidationError, before
 * the construct joins the tree, when another keelson construct of that target already emits an
 * object of the same kind, namespace and name. A dev and a prod chart with the same app are two
 * targets. Call the returned function once the construct has joined the tree, to record its objects.
 */
export function claimObjects(scope: Construct, id: string, type: string, name: string, objects: readonly KubeObject[]): () => void {
  const where = scope.node.path ? `${scope.node.path}/${id}` : id;
  const emitter = { type, name, where: `cdk8s construct ${where}` };
  const emitted = emittedObjectsOf(registryKey(scope));
  emitted.check(emitter, objects);
  return () => emitted.add(emitter, objects);
}

/**
 * Converts what a cdk8s user passes as a peer into a keelson NetworkPeer. Anything else is passed
 * on unchanged (typed as a peer), for the core to report with its property path.
 */
export function toNetworkPeer(peer: unknown): NetworkPeer {
  if (peer instanceof NetworkPeer) return peer;
  const own = (peer as { networkPeer?: unknown } | null)?.networkPeer;
  if (own instanceof NetworkPeer) return own;
  if (peer && typeof (peer as PlusNetworkPolicyPeer).toNetworkPolicyPeerConfig === 'function') {
    return NetworkPeer.fromKubernetes(fromPlusPeer((peer as PlusNetworkPolicyPeer).toNetworkPolicyPeerConfig()));
  }
  return peer as NetworkPeer;
}

function fromPlusPeer(config: PlusNetworkPolicyPeerConfig): NetworkPolicyPeer {
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
function namespaceSelector(ns: PlusNamespaceSelectorConfig): LabelSelector {
  const labels = ns.labelSelector && !ns.labelSelector.isEmpty() ? (ns.labelSelector._toKube() as LabelSelector) : {};
  if (!ns.names || ns.names.length === 0) return labels;
  const byName = { key: 'kubernetes.io/metadata.name', operator: 'In', values: [...ns.names] };
  return { ...labels, matchExpressions: [...(labels.matchExpressions ?? []), byName] };
}

/**
 * A cdk8s-plus pod selector for keelson's pods, made with the installed cdk8s-plus.
 */
export function podSelectorConfig(selector: Readonly<Record<string, string>>, namespace: string | undefined): PlusPodSelectorConfig {
  const plus = loadCdk8sPlus();
  return {
    labelSelector: plus.LabelSelector.of({ labels: { ...selector } }),
    ...(namespace !== undefined ? { namespaces: { names: [namespace] } } : {}),
  };
}
