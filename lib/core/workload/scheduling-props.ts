// Where the pods may run (props of WorkloadProps): spread, tolerations, node and pod affinity, the spot preset.
import { Duration } from '../values/duration';

/** How pods spread over zones and nodes. */
export interface TopologySpreadProps {
  /**
   * Spread over zones (`topology.kubernetes.io/zone`).
   * @default 'soft': prefer balance, but still schedule in a one-zone cluster or during a zone outage
   */
  readonly zones?: 'soft' | 'hard' | 'off';
  /**
   * Spread over nodes (`kubernetes.io/hostname`).
   * @default 'soft': prefer one pod per node, but still schedule when nodes are scarce
   */
  readonly nodes?: 'soft' | 'hard' | 'off';
}

/** A taint the pods tolerate, as Kubernetes matches it: the key, and the value unless the operator is `Exists`. */
export interface TolerationProps {
  /** The taint's key (a label key). A toleration without a key would tolerate every taint, and is refused. */
  readonly key: string;
  /**
   * `Equal` matches the key and the value; `Exists` the key with any value.
   * @default 'Equal' when a value is given, else 'Exists'
   */
  readonly operator?: 'Exists' | 'Equal';
  /**
   * The taint's value (a label value); only with `Equal`.
   * @default none: with `Exists`, any value
   */
  readonly value?: string;
  /**
   * The taint effect tolerated.
   * @default every effect of a taint with that key (and value)
   */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /**
   * How long the pod stays on a node after a `NoExecute` taint appears; only with effect `NoExecute`.
   * @default forever: the pod is never evicted by the taint
   */
  readonly tolerationSeconds?: Duration;
}

/** A requirement on a label: its key, an operator and the values the operator takes. */
export interface LabelRequirementProps {
  /** The label key. */
  readonly key: string;
  /** `In`/`NotIn` take one or more values, `Exists`/`DoesNotExist` none. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /**
   * The values, for `In` and `NotIn`.
   * @default none (required for `In` and `NotIn`)
   */
  readonly values?: readonly string[];
}

/** A requirement on a node label; `Gt`/`Lt` compare it with one integer (e.g. `{ key: 'example.com/cores', operator: 'Gt', values: ['4'] }`). */
export interface NodeRequirementProps {
  /** The node label key. */
  readonly key: string;
  /** `In`/`NotIn` take one or more values, `Exists`/`DoesNotExist` none, `Gt`/`Lt` exactly one integer. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  /**
   * The values the operator takes.
   * @default none (required for `In`, `NotIn`, `Gt`, `Lt`)
   */
  readonly values?: readonly string[];
}

/** Which nodes the pods must run on, and which they prefer. */
export interface NodeAffinityProps {
  /**
   * The pods run only on nodes that meet every requirement of at least one term.
   * @default none: any node
   */
  readonly required?: ReadonlyArray<{
    /** Requirements on the node's labels, all of which the node must meet. */
    readonly match: readonly NodeRequirementProps[];
  }>;
  /**
   * Nodes the scheduler prefers: a node scores the weight (1 to 100) of each term it meets.
   * @default none
   */
  readonly preferred?: ReadonlyArray<{
    /** What meeting this term adds to a node's score, 1 to 100. */
    readonly weight: number;
    /** Requirements on the node's labels, all of which the node must meet to score the weight. */
    readonly match: readonly NodeRequirementProps[];
  }>;
}

/** Other pods, and the domain (a node label) in which the app's pods go near them or away from them. */
export interface PodAffinityTermProps {
  /** The node label whose value makes the domain: `kubernetes.io/hostname` (a node), `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /**
   * Labels of the other pods.
   * @default none (give `labels`, `match` or both: an empty selector would pick every pod)
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Label requirements on the other pods.
   * @default none
   */
  readonly match?: readonly LabelRequirementProps[];
  /**
   * The other pods' namespaces.
   * @default the app's own namespace
   */
  readonly namespaces?: readonly string[];
}

/** Pod affinity or anti-affinity: required terms, and preferred ones with a weight. */
export interface PodAffinityProps {
  /**
   * Terms every pod must meet when it is scheduled.
   * @default none
   */
  readonly required?: readonly PodAffinityTermProps[];
  /**
   * Terms the scheduler prefers, each with a weight of 1 to 100.
   * @default none
   */
  readonly preferred?: ReadonlyArray<PodAffinityTermProps & {
    /** What meeting this term adds to a node's score, 1 to 100. */
    readonly weight: number;
  }>;
}

/** The spot preset: may run on spot (preemptible) nodes. */
export interface SpotProps {
  /**
   * The taints the spot nodes carry, each tolerated.
   * @default the spot taints of AKS (`kubernetes.azure.com/scalesetpriority=spot:NoSchedule`) and GKE
   * (`cloud.google.com/gke-spot=true:NoSchedule`); tolerating a taint no node has is harmless
   */
  readonly taints?: readonly TolerationProps[];
}
