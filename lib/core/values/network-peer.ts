import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { GivenOptions, copyRecord, held } from './given';

/**
 * Who may connect to an app. Apps admit only the peers they declare, on their declared ports.
 */
export class NetworkPeer {
  /** Every pod in the app's own namespace. */
  public static sameNamespace(): NetworkPeer {
    return new NetworkPeer({ podSelector: {} }, 'sameNamespace()');
  }

  /** Pods with these labels in the app's own namespace. */
  public static pods(labels: Readonly<Record<string, string>>): NetworkPeer {
    return new NetworkPeer({ podSelector: { matchLabels: copyRecord(labels) } }, 'pods()', [], 'podSelector');
  }

  /**
   * The pods a selector picks: in the named namespace, or (without one) in the namespace of the
   * app that admits them. Every keelson app's `networkPeer` is this, from its own selector.
   */
  public static selecting(selector: Readonly<Record<string, string>>, namespace?: string): NetworkPeer {
    return namespace !== undefined ? NetworkPeer.podsInNamespace(namespace, selector) : NetworkPeer.pods(selector);
  }

  /** Every pod in the named namespace (matched on its `kubernetes.io/metadata.name` label). */
  public static namespace(name: string): NetworkPeer {
    return new NetworkPeer(
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } },
      `namespace(${JSON.stringify(name)})`,
      [name],
    );
  }

  /** Pods with these labels in the named namespace. */
  public static podsInNamespace(namespace: string, labels: Readonly<Record<string, string>>): NetworkPeer {
    return new NetworkPeer(
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
        podSelector: { matchLabels: copyRecord(labels) },
      },
      `podsInNamespace(${JSON.stringify(namespace)})`,
      [namespace],
      'podSelector',
    );
  }

  /** Every pod in namespaces carrying these labels. */
  public static namespacesWithLabels(labels: Readonly<Record<string, string>>): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: { matchLabels: copyRecord(labels) } }, 'namespacesWithLabels()', [], 'namespaceSelector');
  }

  /** Addresses in a CIDR block (e.g. a load balancer's range), minus exceptions. */
  public static cidr(cidr: string, except: readonly string[] = []): NetworkPeer {
    // A non-array `except` (from JavaScript) is kept as it is, for the construct to report.
    const exceptions = Array.isArray(except) ? (except.length ? [...except] : undefined) : (except as unknown as string[]);
    return new NetworkPeer({ ipBlock: exceptions !== undefined ? { cidr, except: exceptions } : { cidr } }, `cidr(${JSON.stringify(cidr)})`);
  }

  /** A peer from a raw Kubernetes NetworkPolicyPeer (e.g. converted from cdk8s-plus). */
  public static fromKubernetes(peer: NetworkPolicyPeer): NetworkPeer {
    return new NetworkPeer(peer, 'fromKubernetes()');
  }

  /** What the factory was given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** The Kubernetes form of the peer. */
    public readonly peer: NetworkPolicyPeer,
    /** How the peer was made, for messages. */
    public readonly description: string,
    /** Namespace names the peer refers to, validated as DNS labels. */
    public readonly namespaces: readonly string[] = [],
    /**
     * The selector made from labels the caller gave: it must name at least one label, since an
     * empty one selects every pod (or every namespace). @internal
     */
    public readonly labelled?: 'podSelector' | 'namespaceSelector',
    /**
     * The keelson app whose pods these are (`StatelessApp "web"`), when the peer is an app's
     * `networkPeer`: a call to or from a keelson app is declared once, on the caller. @internal
     */
    public readonly app?: string,
  ) {
    this.given = [held('', peer)];
  }

  /** This peer as the pods of the named keelson app (`StatelessApp "web"`). @internal */
  public ofApp(app: string): NetworkPeer {
    return new NetworkPeer(this.peer, this.description, this.namespaces, this.labelled, app);
  }
}

/** A destination port of an egress rule. */
export interface EgressPort {
  /** The port number. */
  readonly port: number;
  /**
   * The transport protocol.
   * @default 'TCP'
   */
  readonly protocol?: 'TCP' | 'UDP';
}

/**
 * A destination an app may open connections to: `NetworkEgress.to(NetworkPeer.cidr('10.0.0.0/16'), 5432)`.
 */
export class NetworkEgress {
  /** Connections to the peer on these TCP ports (or on any port when none are given). */
  public static to(peer: NetworkPeer, ...ports: ReadonlyArray<number | EgressPort>): NetworkEgress {
    return new NetworkEgress(peer, ports.map((p) => (typeof p === 'number' ? { port: p } : p)));
  }

  /** What the factory was given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** The destination. */
    public readonly peer: NetworkPeer,
    /** The destination ports; empty means every port. */
    public readonly ports: readonly EgressPort[],
  ) {
    this.given = [held('peer', peer), held('ports', ports)];
  }
}
