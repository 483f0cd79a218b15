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

  /** Requests for exactly this path (e.g. `/beta`; no query string). */
  public static pathExact(path: string): CanaryMatch {
    return new CanaryMatch({ kind: 'path', exact: path });
  }

  /** Requests whose path starts with this prefix, whole segments only (`/beta` matches `/beta/x`, not `/betamax`). */
  public static pathPrefix(prefix: string): CanaryMatch {
    return new CanaryMatch({ kind: 'path', prefix });
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
      /** A request header, a cookie, the request path, or the labels of the calling pod. */
      readonly kind: 'header' | 'cookie' | 'path' | 'sourceLabels';
      /** The header's or the cookie's name (`header`, `cookie`). */
      readonly name?: string;
      /** The value the header, cookie or path must equal. */
      readonly exact?: string;
      /** The prefix the header or path must start with. */
      readonly prefix?: string;
      /** The RE2 regular expression the whole header value must match. */
      readonly regex?: string;
      /** The labels the calling pod must carry, all of them (`sourceLabels`). */
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
    /**
     * Sticky sessions within a subset: requests with the same hash key reach the same endpoint.
     * Set exactly one of `header`, `cookie` and `sourceIp`.
     */
    readonly consistentHash: {
      /**
       * Hash on this request header's value, e.g. `x-user-id`.
       * @default not used
       */
      readonly header?: string;
      /**
       * Hash on this cookie; with a `ttl`, Envoy sets the cookie when the request lacks it.
       * @default not used
       */
      readonly cookie?: {
        /** The cookie's name. */
        readonly name: string;
        /**
         * The lifetime of the cookie Envoy generates.
         * @default none: Envoy hashes on the cookie only when the client sends it
         */
        readonly ttl?: Duration;
      };
      /**
       * Hash on the client's IP address.
       * @default not used
       */
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
   * Copy this percentage of the weighted route's requests to the canary subset (Istio discards the
   * mirrored responses), above 0 and at most 100: the shadow phase, usually with the canary at weight 0.
   * Requests that `match` sends to the canary are not mirrored. Needs the canary track.
   * @default none: no request is mirrored; mirroring doubles the load of what it copies
   */
  readonly mirrorPercent?: number;
  /**
   * Retries of failed requests.
   * @default Istio's (2 attempts)
   */
  readonly retries?: {
    /** How many times a failed request is retried, 0 to 100; 0 turns retries off. */
    readonly attempts: number;
    /**
     * Timeout of each attempt.
     * @default Istio's: the request's `timeout`
     */
    readonly perTryTimeout?: Duration;
    /**
     * The conditions that trigger a retry, comma-separated with no spaces: Envoy's policies
     * (`5xx`, `reset`, `connect-failure`, `retriable-4xx`, ...) or HTTP status codes (`503`).
     * @default Istio's: `connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes`
     */
    readonly retryOn?: string;
  };
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
    /**
     * 5xx responses in a row (or connection failures) that eject an endpoint, 1 to 1000.
     * @default 5: one error is noise, five in a row is a failing pod
     */
    readonly consecutive5xxErrors?: number;
    /**
     * How often the endpoints are scanned for ejection.
     * @default 30s
     */
    readonly interval?: Duration;
    /**
     * How long an endpoint stays ejected the first time (longer each time it is ejected again).
     * @default 30s: long enough for a pod to recover, short enough to come back soon
     */
    readonly baseEjectionTime?: Duration;
    /**
     * The most endpoints of a subset ejected at once, in percent, 1 to 100 (Envoy always allows one).
     * @default 50: half of a track's pods keep serving, however many fail
     */
    readonly maxEjectionPercent?: number;
  } | false;
  /**
   * Connection limits per endpoint.
   * @default none: a guessed limit turns load into 503s; set it from measurements
   */
  readonly connectionPool?: {
    /**
     * The most TCP connections to one endpoint, per calling sidecar.
     * @default Istio's: no limit
     */
    readonly maxConnections?: number;
    /**
     * The most requests that may wait for a connection; more get a 503.
     * @default Istio's: no limit
     */
    readonly http1MaxPendingRequests?: number;
    /**
     * The most requests in flight to the endpoints at once.
     * @default Istio's: no limit
     */
    readonly http2MaxRequests?: number;
    /**
     * Requests per connection before it is closed; 1 turns keep-alive off.
     * @default Istio's: no limit
     */
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
  /** The host names served (`*.example.com` matches one label; `"*"` alone: every host, as Ingress rules without a host). */
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
   * Host names the route serves (`*.example.com` matches one label; `"*"` alone is the default's every host).
   * @default every host the Gateway's listeners accept: the route names none
   */
  readonly hostnames?: readonly string[];
  /**
   * Header matches sent to the canary before the weights (exact values).
   * @default none
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * More requests sent to the canary before the weights, any one of them (each is one HTTPRoute match):
   * `CanaryMatch.headerExact()`, `.headerRegex()`, `.pathExact()` and `.pathPrefix()`. Regex header
   * matching is implementation-specific in the Gateway API (each gateway chooses its dialect; keelson
   * checks RE2, which the Envoy-based gateways use); cookies, header prefixes and source labels have no
   * HTTPRoute match. A path match sends every request for that path to the canary.
   * @default none: only `headers`, then the weights
   */
  readonly match?: readonly CanaryMatch[];
  /**
   * Timeouts of every rule of the HTTPRoute (Extended support in the Gateway API): `request` for the
   * whole request through the gateway, `backendRequest` for one request to a track (at most `request`).
   * @default the gateway's (none, for most implementations): a guessed timeout cuts slow but healthy requests
   */
  readonly timeouts?: {
    /**
     * The whole request through the gateway, retries included.
     * @default the gateway's
     */
    readonly request?: Duration;
    /**
     * One request from the gateway to a track.
     * @default the gateway's
     */
    readonly backendRequest?: Duration;
  };
  /**
   * Copy this percentage of the weighted rule's requests to the canary's Service `<name>-canary`
   * (a `RequestMirror` filter; the gateway discards the mirrored responses), above 0 and at most 100,
   * as Istio's `mirrorPercent`: the shadow phase, usually with the canary at weight 0. Requests that
   * `headers` or `match` send to the canary are not mirrored (they already reach it). Needs the canary
   * track, Gateway API CRDs ≥ v1.3 (`percent` and `fraction` in the standard channel; an older CRD drops
   * them and mirrors every request) and a gateway with percentage mirroring (Extended support). A
   * whole percentage is written as `percent`, one with decimals (at most 4) as a `fraction`, and 100
   * as neither (every request, which any gateway with mirroring supports).
   * @default none: no request is mirrored; mirroring doubles the load of what it copies
   */
  readonly mirrorPercent?: number;
  /**
   * The namespace of the Gateway's data plane pods, admitted by the NetworkPolicy.
   * @default the Gateway's namespace
   */
  readonly controllerNamespace?: string;
}

/** Options of the Traefik routing (Kubernetes CRD provider). */
export interface TraefikRoutingOptions {
  /** The host names served (`*.example.com` matches one label; `"*"` alone matches every host). */
  readonly hosts: readonly string[];
  /**
   * The Traefik entry points the IngressRoute listens on (e.g. `websecure`).
   * @default none: Traefik's default entry points (every entry point unless its static configuration marks some `asDefault`)
   */
  readonly entryPoints?: readonly string[];
  /**
   * A Secret with the hosts' TLS certificate; the IngressRoute then serves HTTPS only.
   * @default none: plain HTTP (or TLS the entry point terminates)
   */
  readonly tlsSecretName?: string;
  /**
   * The namespace of Traefik's pods, admitted by the NetworkPolicy.
   * @default 'traefik': where Traefik's Helm chart is commonly installed
   */
  readonly controllerNamespace?: string;
}

/** Options of the Argo Rollouts output. */
export interface ArgoRolloutsOptions {
  /**
   * Canary weights Argo Rollouts steps through, each followed by a pause.
   * @default `[10, 25, 50]`
   */
  readonly steps?: readonly number[];
  /**
   * The pause after each step; `'manual'` waits for `kubectl argo rollouts promote`.
   * @default 10 minutes
   */
  readonly pause?: Duration | 'manual';
  /**
   * Metric analysis: an AnalysisTemplate `<name>` the Rollout runs in the background from its
   * first weighted step, measuring the new revision's success rate and latency in Prometheus. A
   * failed measurement beyond `failureLimit` aborts the Rollout (all traffic back to stable); no
   * data (no traffic, no metrics) pauses it for a person. `false` turns it off, which must be
   * acknowledged: `acknowledgeRisks: ['canary-without-analysis']`.
   * @default on, with the defaults of each option: a canary is not promoted unmeasured
   */
  readonly analysis?: ArgoAnalysisOptions | false;
}

/** Options of Argo Rollouts over ingress-nginx: the Rollout's, and the stable Ingress's. */
export interface ArgoRolloutsIngressNginxOptions
  extends ArgoRolloutsOptions, Pick<IngressNginxRoutingOptions, 'hosts' | 'className' | 'tlsSecretName' | 'controllerNamespace'> {}

/** Options of Argo Rollouts over the Gateway API: the Rollout's, and the HTTPRoute's. */
export interface ArgoRolloutsGatewayApiOptions
  extends ArgoRolloutsOptions, Pick<GatewayApiRoutingOptions, 'gateway' | 'hostnames' | 'controllerNamespace'> {}

/** The Argo Rollouts metric analysis: where Prometheus is, and what the canary must meet. */
export interface ArgoAnalysisOptions {
  /**
   * The address of Prometheus' HTTP API, as the Argo Rollouts controller reaches it.
   * @default 'http://prometheus-operated.monitoring.svc:9090': the Service the Prometheus Operator
   * (kube-prometheus-stack) makes, in the conventional `monitoring` namespace
   */
  readonly prometheusAddress?: string;
  /**
   * The lowest share of the canary's requests that must succeed (not 5xx), above 0 and at most 1.
   * @default 0.99: the common availability objective; a canary below it is worse than stable should be
   */
  readonly minSuccessRate?: number;
  /**
   * The latency percentile compared with `maxLatency`, above 0 and below 100.
   * @default 99: the tail users notice, which a regression moves first
   */
  readonly latencyPercentile?: number;
  /**
   * The highest latency allowed at `latencyPercentile`.
   * @default 500ms: a web request's usual budget; set it from stable's own percentile
   */
  readonly maxLatency?: Duration;
  /**
   * How often each metric is measured, and the window its rates are taken over (whole seconds, at least 10s).
   * @default 1m: two scrapes at the Prometheus Operator's 30s scrape interval
   */
  readonly interval?: Duration;
  /**
   * Failed measurements of a metric tolerated before the Rollout aborts (0 to 100).
   * @default 1: one bad minute can be noise, a second one aborts
   */
  readonly failureLimit?: number;
  /**
   * Your own PromQL, replacing the router's: `successRate` returns a share from 0 to 1,
   * `latency` seconds; `{{args.canary-version}}` is the new revision's `app.kubernetes.io/version`.
   * @default the router's queries (docs/canary.md lists them)
   */
  readonly queries?: {
    /**
     * The share of the canary's requests that succeed.
     * @default the router's
     */
    readonly successRate?: string;
    /**
     * The canary's latency at the percentile, in seconds.
     * @default the router's
     */
    readonly latency?: string;
  };
}

/** Options of the Flagger output. */
export interface FlaggerRoutingOptions {
  /**
   * The traffic provider Flagger drives: `istio` (a VirtualService), `gatewayapi:v1` (an HTTPRoute)
   * or `nginx` (keelson's Ingress `<name>`, which Flagger copies to a canary Ingress).
   * @default 'istio': the mesh keelson's SecureNamespace targets
   */
  readonly provider?: 'istio' | 'gatewayapi:v1' | 'nginx';
  /**
   * The Gateway, `name` or `namespace/name`: the Gateway API Gateway of Flagger's HTTPRoute
   * (required with `gatewayapi:v1`), or the Istio Gateway its VirtualService binds to.
   * @default none: mesh traffic only (istio); required with gatewayapi:v1
   */
  readonly gateway?: string;
  /**
   * Host names of the route (the VirtualService's or HTTPRoute's hosts, the Ingress' rules); `"*"`
   * alone is every host with the gatewayapi:v1 and nginx providers.
   * @default none: the Service's own name (istio), every host of the Gateway, or any host (nginx)
   */
  readonly hosts?: readonly string[];
  /**
   * The namespace of the gateway's or ingress controller's pods, admitted by the NetworkPolicy.
   * @default the Gateway's namespace (or the release's) for gatewayapi:v1; 'ingress-nginx' for nginx; none for istio (mesh)
   */
  readonly controllerNamespace?: string;
  /**
   * Flagger's analysis: every `interval` it checks the canary's request success rate and latency
   * (its builtin `request-success-rate` and `request-duration` metrics) and moves the weight by
   * `stepWeight` up to `maxWeight`, then promotes; after `threshold` failed checks it rolls back.
   * `false` keeps the steps but drops the metrics, which must be acknowledged:
   * `acknowledgeRisks: ['canary-without-analysis']`.
   * @default on, with the defaults of each option: a canary is not promoted unmeasured
   */
  readonly analysis?: FlaggerAnalysisOptions | false;
}

/** Flagger's analysis: its steps, and what the canary must meet. */
export interface FlaggerAnalysisOptions {
  /**
   * How often Flagger checks and steps, and its metrics' window (whole seconds, at least 10s).
   * @default 1m: two scrapes at the Prometheus Operator's 30s scrape interval
   */
  readonly interval?: Duration;
  /**
   * Failed checks before Flagger rolls the canary back (1 to 100).
   * @default 2: one bad minute can be noise, a second one rolls back
   */
  readonly threshold?: number;
  /**
   * The highest canary weight, in percent, before promotion (1 to 100).
   * @default 50: half the traffic is enough evidence, as Argo's last step
   */
  readonly maxWeight?: number;
  /**
   * The weight added at each passed check, in percent (1 to maxWeight).
   * @default 10: five checks to maxWeight, a small blast radius first
   */
  readonly stepWeight?: number;
  /**
   * The lowest share of the canary's requests that must succeed (not 5xx), above 0 and at most 1.
   * @default 0.99: the common availability objective
   */
  readonly minSuccessRate?: number;
  /**
   * The highest P99 latency of the canary's requests (Flagger's request-duration is the 99th percentile).
   * @default 500ms: a web request's usual budget; set it from the primary's own
   */
  readonly maxLatency?: Duration;
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

  /** Traefik (Kubernetes CRD provider): a weighted TraefikService and an IngressRoute; per-track Services. */
  public static traefik(options: TraefikRoutingOptions): CanaryRouting {
    return new CanaryRouting('traefik', options);
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

  /**
   * Argo Rollouts over ingress-nginx: a Rollout, the stable Ingress `<name>` it names as
   * `stableIngress` (the controller makes the canary Ingress and moves its weight), and the
   * Services `<name>-stable` and `<name>-canary` whose selectors the controller pins to a revision.
   */
  public static argoRolloutsIngressNginx(options: ArgoRolloutsIngressNginxOptions): CanaryRouting {
    return new CanaryRouting('argo-rollouts-ingress-nginx', options);
  }

  /**
   * Argo Rollouts over the Gateway API (its `argoproj-labs/gatewayAPI` plugin): a Rollout, the
   * HTTPRoute `<name>` whose backendRefs' weights the controller moves, and the Services
   * `<name>-stable` and `<name>-canary` whose selectors it pins to a revision.
   */
  public static argoRolloutsGatewayApi(options: ArgoRolloutsGatewayApiOptions): CanaryRouting {
    return new CanaryRouting('argo-rollouts-gateway-api', options);
  }

  /**
   * For Flagger: one Deployment `<name>` and the Flagger Canary that targets it; Flagger makes the
   * primary Deployment, the Services and the provider's routes, and promotes or rolls back on its analysis.
   */
  public static flagger(options: FlaggerRoutingOptions = {}): CanaryRouting {
    return new CanaryRouting('flagger', options);
  }

  /** What the factory was given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** The routing kind. */
    public readonly kind: 'istio' | 'ingress-nginx' | 'gateway-api' | 'traefik' | 'replica-ratio' | 'blue-green' | 'argo-rollouts'
    | 'argo-rollouts-ingress-nginx' | 'argo-rollouts-gateway-api' | 'flagger',
    /** Its options. */
    public readonly options: object,
  ) {
    this.given = [held('', options)];
  }
}
