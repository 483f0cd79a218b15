import type { Duration } from '../values/duration';
import { GivenOptions, copyRecord, held } from '../values/given';

/** How a request is picked for the canary before the weights apply (A/B testing). */
export class CanaryMatch {
  /** Requests whose header equals `value` exactly (header names are lowercase). */
  public static headerExact(name: string, value: string): CanaryMatch {
    return new CanaryMatch({ kind: 'header', name, exact: value });
  }

  /** Requests whose header starts with `prefix`. */
  public static headerPrefix(name: string, prefix: string): CanaryMatch {
    return new CanaryMatch({ kind: 'header', name, prefix });
  }

  /** Requests whose header matches a regular expression (RE2 syntax: no look-around, no back-references). */
  public static headerRegex(name: string, regex: string): CanaryMatch {
    return new CanaryMatch({ kind: 'header', name, regex });
  }

  /** Requests carrying a cookie with this value (matched on the `cookie` header). */
  public static cookie(name: string, value: string): CanaryMatch {
    return new CanaryMatch({ kind: 'cookie', name, exact: value });
  }

  /**
   * Requests from pods with these labels (mesh traffic only: the VirtualService must cover the
   * `mesh` gateway).
   */
  public static sourceLabels(labels: Readonly<Record<string, string>>): CanaryMatch {
    return new CanaryMatch({ kind: 'sourceLabels', labels: copyRecord(labels) });
  }

  /** What the factory was given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** What the match looks at. */
    public readonly spec: {
      readonly kind: 'header' | 'cookie' | 'sourceLabels';
      readonly name?: string;
      readonly exact?: string;
      readonly prefix?: string;
      readonly regex?: string;
      readonly labels?: Readonly<Record<string, string>>;
    },
  ) {
    this.given = spec.kind === 'sourceLabels' ? [held('labels', spec.labels)] : [];
  }
}

/** Load balancing between the endpoints of a subset. */
export type IstioLoadBalancer =
  | 'ROUND_ROBIN'
  | 'LEAST_REQUEST'
  | 'RANDOM'
  | 'PASSTHROUGH'
  | {
    readonly consistentHash: {
      readonly header?: string;
      readonly cookie?: { readonly name: string; readonly ttl?: Duration };
      readonly sourceIp?: boolean;
    };
  };

/** Options of the Istio routing. */
export interface IstioRoutingOptions {
  /**
   * Istio API version of the VirtualService and DestinationRule.
   * @default 'v1' (Istio ≥ 1.22); 'v1beta1' for older meshes
   */
  readonly apiVersion?: 'v1' | 'v1beta1';
  /**
   * Ingress gateways (`namespace/name`) whose traffic the VirtualService also routes.
   * @default none: mesh traffic only
   */
  readonly gateways?: readonly string[];
  /**
   * Route mesh-internal traffic too (the `mesh` gateway).
   * @default true
   */
  readonly mesh?: boolean;
  /**
   * External host names served through the gateways.
   * @default none (required with `gateways`)
   */
  readonly externalHosts?: readonly string[];
  /**
   * Requests sent to the canary whatever the weight (testers, a cookie), tried before the weights.
   * @default none
   */
  readonly match?: readonly CanaryMatch[];
  /**
   * Copy this percentage of the stable traffic to the canary (responses are discarded).
   * @default none
   */
  readonly mirrorPercent?: number;
  /**
   * Retries of failed requests.
   * @default Istio's (2 attempts)
   */
  readonly retries?: { readonly attempts: number; readonly perTryTimeout?: Duration; readonly retryOn?: string };
  /**
   * Timeout of a request, retries included.
   * @default none (Istio's: no timeout)
   */
  readonly timeout?: Duration;
  /**
   * TLS between sidecars.
   * @default 'ISTIO_MUTUAL': mutual TLS with mesh certificates
   */
  readonly tlsMode?: 'ISTIO_MUTUAL' | 'DISABLE';
  /**
   * Eject endpoints that keep failing.
   * @default 5 consecutive 5xx within 30s eject for 30s, at most 50% of endpoints: a failing pod
   * of a track rests while its siblings serve. It does not move the canary's share to stable: a
   * canary of one pod keeps its share (Envoy's panic threshold), so watch its errors and lower the weight
   */
  readonly outlierDetection?: {
    readonly consecutive5xxErrors?: number;
    readonly interval?: Duration;
    readonly baseEjectionTime?: Duration;
    readonly maxEjectionPercent?: number;
  } | false;
  /**
   * Connection limits per endpoint.
   * @default none: a guessed limit turns load into 503s; set it from measurements
   */
  readonly connectionPool?: {
    readonly maxConnections?: number;
    readonly http1MaxPendingRequests?: number;
    readonly http2MaxRequests?: number;
    readonly maxRequestsPerConnection?: number;
  };
  /**
   * Load balancing (consistent hashing gives sticky sessions within a subset).
   * @default Istio's (LEAST_REQUEST)
   */
  readonly loadBalancer?: IstioLoadBalancer;
}

/** Options of the ingress-nginx routing. */
export interface IngressNginxRoutingOptions {
  /** The host names served. */
  readonly hosts: readonly string[];
  /**
   * The IngressClass.
   * @default 'nginx'
   */
  readonly className?: string;
  /**
   * A Secret with the hosts' TLS certificate.
   * @default none
   */
  readonly tlsSecretName?: string;
  /**
   * Send requests with this header to the canary: with `headerValue`, only that value; with
   * `headerPattern`, values matching it; else the value `always`.
   * @default none
   */
  readonly header?: string;
  /** See `header`. @default none */
  readonly headerValue?: string;
  /** See `header`. @default none */
  readonly headerPattern?: string;
  /**
   * Send requests whose cookie of this name is `always` to the canary (`never`: to stable).
   * @default none
   */
  readonly cookie?: string;
  /**
   * The ingress controller's namespace, admitted by the NetworkPolicy.
   * @default 'ingress-nginx'
   */
  readonly controllerNamespace?: string;
}

/** Options of the Gateway API routing. */
export interface GatewayApiRoutingOptions {
  /** The Gateway (`name` or `namespace/name`) the HTTPRoute attaches to. */
  readonly gateway: string;
  /**
   * Host names the route serves.
   * @default the Gateway's listeners decide
   */
  readonly hostnames?: readonly string[];
  /**
   * Header matches sent to the canary before the weights (exact values).
   * @default none
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The namespace of the Gateway's data plane pods, admitted by the NetworkPolicy.
   * @default the Gateway's namespace
   */
  readonly controllerNamespace?: string;
}

/** Options of the Argo Rollouts output. */
export interface ArgoRolloutsOptions {
  /**
   * Canary weights Argo Rollouts steps through, each followed by a pause.
   * @default [10, 25, 50]
   */
  readonly steps?: readonly number[];
  /**
   * The pause after each step; `'manual'` waits for `kubectl argo rollouts promote`.
   * @default 10 minutes
   */
  readonly pause?: Duration | 'manual';
}

/** How traffic is split between the stable and the canary track. */
export class CanaryRouting {
  /** Istio DestinationRule subsets and a weighted VirtualService (the default). */
  public static istio(options: IstioRoutingOptions = {}): CanaryRouting {
    return new CanaryRouting('istio', options);
  }

  /** ingress-nginx canary annotations on a second Ingress; per-track Services. */
  public static ingressNginx(options: IngressNginxRoutingOptions): CanaryRouting {
    return new CanaryRouting('ingress-nginx', options);
  }

  /** A Gateway API HTTPRoute with weighted backendRefs; per-track Services. */
  public static gatewayApi(options: GatewayApiRoutingOptions): CanaryRouting {
    return new CanaryRouting('gateway-api', options);
  }

  /**
   * No router: one Service over both tracks, so the split follows the replica counts
   * (imprecise: 27% needs 100 pods, and autoscaling moves it).
   */
  public static replicaRatio(options: { readonly totalReplicas?: number } = {}): CanaryRouting {
    return new CanaryRouting('replica-ratio', options);
  }

  /** Blue/green: the main Service selects the active track, a preview Service the other. */
  public static blueGreen(options: { readonly active?: 'stable' | 'canary' } = {}): CanaryRouting {
    return new CanaryRouting('blue-green', options);
  }

  /**
   * For Argo Rollouts: a Rollout instead of the two Deployments, with the Istio VirtualService
   * and DestinationRule it drives; the controller moves the weights and can roll back.
   */
  public static argoRollouts(options: ArgoRolloutsOptions & IstioRoutingOptions = {}): CanaryRouting {
    return new CanaryRouting('argo-rollouts', options);
  }

  /** What the factory was given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** The routing kind. */
    public readonly kind: 'istio' | 'ingress-nginx' | 'gateway-api' | 'replica-ratio' | 'blue-green' | 'argo-rollouts',
    /** Its options. */
    public readonly options: object,
  ) {
    this.given = [held('', options)];
  }
}
