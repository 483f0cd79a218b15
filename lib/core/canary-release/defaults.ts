import { Duration } from '../values/duration';
import { DEFAULTS } from '../workload/defaults';

/**
 * Every default of a CanaryRelease and of each routing, in one place. docs/defaults.md explains
 * each one; a test checks the document and the JSDoc `@default`s against these values.
 */
export const CANARY_DEFAULTS = {
  /** The stable track serves the traffic: as many replicas as any app. */
  stableReplicas: DEFAULTS.replicas,
  /** A canary starts small. */
  canaryReplicas: 1,
  /** The weight when none is given: the canary is deployed dark. */
  weight: 0,
  /**
   * Appended to the canary's `app.kubernetes.io/version` when its image tag gives stable's version
   * (images that differ only by repository, or tracks that differ only in env or resources), so
   * metrics split by version still tell the tracks apart.
   */
  canaryVersionSuffix: '-canary',
} as const;

/** Istio routing (and the VirtualService and DestinationRule Argo Rollouts drives). */
export const ISTIO_DEFAULTS = {
  apiVersion: 'v1',
  /** Route mesh-internal traffic too. */
  mesh: true,
  tlsMode: 'ISTIO_MUTUAL',
  /** Where the pods of a gateway named without a namespace run (Istio's default ingress gateway). */
  gatewayNamespace: 'istio-system',
  /** Outlier detection: 5 consecutive 5xx within 30s eject for 30s, at most 50% of endpoints. */
  consecutive5xxErrors: 5,
  outlierInterval: Duration.seconds(30),
  baseEjectionTime: Duration.seconds(30),
  maxEjectionPercent: 50,
} as const;

/** ingress-nginx routing. */
export const NGINX_DEFAULTS = {
  className: 'nginx',
  controllerNamespace: DEFAULTS.ingressControllerNamespace,
} as const;

/** Traefik routing: the namespace Traefik's Helm chart is commonly installed in. */
export const TRAEFIK_DEFAULTS = {
  controllerNamespace: 'traefik',
} as const;

/** Replica-ratio routing: enough pods for a 25% step. */
export const REPLICA_RATIO_DEFAULTS = {
  totalReplicas: 4,
} as const;

/** Blue/green routing: the stable track is active until switched. */
export const BLUE_GREEN_DEFAULTS = {
  active: 'stable',
} as const;

/** Argo Rollouts: the weights it steps through and the pause after each. */
export const ARGO_DEFAULTS = {
  steps: [10, 25, 50] as readonly number[],
  pause: '10m',
} as const;

/** The Argo Rollouts metric analysis (docs/defaults.md says why each). */
export const ANALYSIS_DEFAULTS = {
  /** The Service the Prometheus Operator makes for a Prometheus, in the conventional `monitoring` namespace. */
  prometheusAddress: 'http://prometheus-operated.monitoring.svc:9090',
  minSuccessRate: 0.99,
  latencyPercentile: 99,
  maxLatency: Duration.millis(500),
  interval: Duration.minutes(1),
  failureLimit: 1,
} as const;

/** Flagger: its provider, and the analysis' steps (docs/defaults.md says why each). */
export const FLAGGER_DEFAULTS = {
  provider: 'istio',
  stepWeight: 10,
  maxWeight: 50,
  threshold: 2,
} as const;
