/**
 * The parts of cdk8s-plus keelson talks to, as structural types: keelson's declarations name no
 * cdk8s-plus package, so they type-check with any cdk8s-plus line (27 to 34) installed, or none.
 */

/** cdk8s-plus's label selector, as far as keelson reads it. */
export interface PlusLabelSelector {
  /** Whether the selector has no labels and no expressions (it then selects everything). */
  isEmpty(): boolean;
  /** The selector as a Kubernetes `LabelSelector` (`matchLabels`, `matchExpressions`). */
  _toKube(): unknown;
}

/** cdk8s-plus's namespaces of a selector: by names, by labels, or both. */
export interface PlusNamespaceSelectorConfig {
  /** The namespaces' labels; absent when selected by name only. */
  readonly labelSelector?: PlusLabelSelector;
  /** The namespaces' names; absent when selected by labels only. */
  readonly names?: readonly string[];
}

/** cdk8s-plus's pod selector configuration. */
export interface PlusPodSelectorConfig {
  /** The pods' labels. */
  readonly labelSelector: PlusLabelSelector;
  /** The namespaces the pods are in; absent for the policy's own namespace. */
  readonly namespaces?: PlusNamespaceSelectorConfig;
}

/** What a cdk8s-plus network-policy peer says it is: an IP block or a pod selector. */
export interface PlusNetworkPolicyPeerConfig {
  /** An IP range, for a peer outside the cluster. */
  readonly ipBlock?: {
    /** The range, e.g. `10.0.0.0/16`. */
    readonly cidr: string;
    /** Ranges inside `cidr` left out. */
    readonly except?: readonly string[];
  };
  /** Pods (and their namespaces), for a peer inside the cluster. */
  readonly podSelector?: PlusPodSelectorConfig;
}

/** Any cdk8s-plus network-policy peer (`kplus.Pods.select(...)`, `kplus.Namespaces.select(...)`, a workload). */
export interface PlusNetworkPolicyPeer {
  /** What the peer is: an IP block or a pod selector. */
  toNetworkPolicyPeerConfig(): PlusNetworkPolicyPeerConfig;
}

/** The cdk8s-plus lines keelson's interop works with, newest first (the first one installed is used). */
export const CDK8S_PLUS_LINES = ['cdk8s-plus-34', 'cdk8s-plus-33', 'cdk8s-plus-32', 'cdk8s-plus-31', 'cdk8s-plus-30', 'cdk8s-plus-29', 'cdk8s-plus-28', 'cdk8s-plus-27'] as const;

/** The module's LabelSelector factory, the only runtime part of cdk8s-plus keelson uses. */
interface PlusModule {
  readonly LabelSelector: { of(options: { labels: Record<string, string> }): PlusLabelSelector };
}

/**
 * The installed cdk8s-plus, loaded only when a keelson app is handed to cdk8s-plus (importing
 * keelson/cdk8s stays cheap). Its LabelSelector must be the installed line's own class: cdk8s-plus
 * reads the selector's private state.
 */
export function loadCdk8sPlus(): PlusModule {
  for (const line of CDK8S_PLUS_LINES) {
    let resolved: string;
    try {
      resolved = require.resolve(line);
    } catch {
      continue;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(resolved) as PlusModule;
  }
  throw new Error(`a keelson app was used as a cdk8s-plus selector or peer, but no cdk8s-plus is installed (one of ${CDK8S_PLUS_LINES.join(', ')})`);
}
