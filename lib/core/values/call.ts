import { GivenOptions, given } from './given';

/** One port of a callee's Service, and the pod port it sends to. */
export interface CallTargetPort {
  /** The Service port's name (`http`, `grpc`, ...): what a call names. */
  readonly name: string;
  /** The Service port (what clients connect to). */
  readonly port: number;
  /** The pod (container) port the Service sends it to: what NetworkPolicies and AuthorizationPolicies match. */
  readonly targetPort: number;
  /** The transport protocol. */
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
}

/**
 * A keelson app as the target of a call: what its callers need to admit themselves in the app's
 * namespace. Every keelson app (StatelessApp, StatefulApp, CanaryRelease; cdk8s construct or
 * Pulumi component) has one as `callTarget`; `allowTo: [app]` reads it.
 */
export interface CallTarget {
  /** The construct type (`StatelessApp`, ...), for messages. */
  readonly type: string;
  /** The app's name. */
  readonly name: string;
  /**
   * The app's namespace.
   * @default the caller's own namespace, when neither app has one set
   */
  readonly namespace?: string;
  /**
   * The app's namespace is a Pulumi input other than the caller's (not known while the program runs). @internal
   * @default false
   */
  readonly namespaceInput?: boolean;
  /**
   * The app is in the caller's namespace, given as the same Pulumi input. @internal
   * @default false
   */
  readonly inCallerNamespace?: boolean;
  /** The labels that select the app's pods (every track of a release). */
  readonly selector: Readonly<Record<string, string>>;
  /**
   * The app's labels, put on the objects a caller adds in its namespace (they belong to the callee's traffic).
   * @default the selector
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** The ports of the Service its clients call; empty when the app exposes none. */
  readonly ports: readonly CallTargetPort[];
  /**
   * The app's pods run an Istio sidecar (its namespace is a keelson SecureNamespace with `mesh`):
   * a call also needs an AuthorizationPolicy for the caller's identity.
   * @default false
   */
  readonly mesh?: boolean;
}

/** Anything that can be called: a keelson app on either engine (it has a `callTarget`). */
export interface Callable {
  /** The app as the target of a call. */
  readonly callTarget: CallTarget;
}

/** How a caller calls a keelson app. */
export interface CallOptions {
  /**
   * The name of the callee's Service port the caller connects to (`'grpc'`, `'http'`): keelson
   * admits the pod port that Service port sends to.
   * @default every port of the callee's Service
   */
  readonly port?: string;
  /**
   * The mesh's trust domain, in the caller's identity (`<trustDomain>/ns/<namespace>/sa/<account>`)
   * that the callee's AuthorizationPolicy admits; only used when the callee runs in a mesh.
   * @default 'cluster.local', Istio's default trust domain
   */
  readonly trustDomain?: string;
}

const CALL_KEYS = ['port', 'trustDomain'];

/**
 * A call from the app being declared to another keelson app, declared once, on the caller:
 * `allowTo: [Call.to(api, { port: 'grpc' })]` (or just `allowTo: [api]` for every port). It gives
 * the caller's egress rule and, in the callee's namespace, a NetworkPolicy `<callee>-from-<caller>`
 * admitting the caller's pods (and, when the callee runs in a mesh, an AuthorizationPolicy of the
 * same name admitting the caller's ServiceAccount).
 */
export class Call {
  /** A call to `callee` (a keelson app, or its `callTarget`), on the named Service port or on all of them. */
  public static to(callee: Callable | CallTarget, options: CallOptions = {}): Call {
    const target = (callee as Partial<Callable> | null)?.callTarget ?? (callee as CallTarget);
    return new Call(target, options);
  }

  /** What the factory was given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** The callee. */
    public readonly target: CallTarget,
    /** The options as given. */
    public readonly options: CallOptions,
  ) {
    this.given = [given(options, CALL_KEYS)];
  }
}

/** Is `x` a keelson app (or anything with a `callTarget`)? */
export function isCallable(x: unknown): x is Callable {
  return typeof x === 'object' && x !== null && !(x instanceof Call) && typeof (x as Partial<Callable>).callTarget === 'object';
}
