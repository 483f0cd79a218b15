import type { HorizontalPodAutoscaler, MetricSpec } from 'kubernetes-types/autoscaling/v2';
import type { ServiceAccount, ServicePort } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type {
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from 'kubernetes-types/networking/v1';
import { DEFAULTS } from './defaults';
import type { Duration } from './duration';
import { path } from './validation/path';
import { Problems } from './validation/problems';
import { checkInteger, checkKnownKeys, checkObject, describe } from './validation/checks';
import { NetworkEgress, NetworkPeer } from './network-peer';
import { checkNetworkPeer } from './network-peer-check';
import type { Port } from './port';
import { wholeSeconds } from './workload';

// Objects and props shared by the workload constructs (StatelessApp, StatefulApp, ...).

/** Horizontal autoscaling (autoscaling/v2). */
export interface AutoscalingProps {
  /**
   * The fewest replicas.
   * @default 2, for the same reason as `replicas`
   */
  readonly minReplicas?: number;
  /** The most replicas. Required: an unbounded autoscaler can empty a cluster's budget. */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the request.
   * @default 70: headroom for a spike while new pods start
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory use, in percent of the request.
   * @default none: memory rarely falls when load does, so it scales up and never back down
   */
  readonly memoryUtilization?: number;
  /**
   * How long load must stay low before scaling down.
   * @default 5 minutes: avoids flapping on bursty traffic
   */
  readonly scaleDownStabilization?: Duration;
}

/** How a Deployment rolls out (StatelessApp, and each track of a CanaryRelease). */
export interface RolloutProps {
  /**
   * A new pod must stay ready this long before it counts as available.
   * @default 5s: catches pods that crash right after their first successful probe
   */
  readonly minReady?: Duration;
  /**
   * A rollout that makes no progress for this long is marked failed.
   * @default 10 minutes
   */
  readonly progressDeadline?: Duration;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`.
   * @default 5
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Extra pods a rollout may start above the desired count (a count or `"25%"`). Pods never go
   * below the desired count (`maxUnavailable: 0`).
   * @default '25%' (at least one pod)
   */
  readonly maxSurge?: number | string;
}

/** The validated rollout settings, defaults applied. */
export interface RolloutSettings {
  readonly minReadySeconds: number;
  readonly progressDeadlineSeconds: number;
  readonly revisionHistoryLimit: number;
  readonly maxSurge: number | string;
}

/** Validates RolloutProps (problems recorded) and applies their defaults. */
export function rolloutSettings(problems: Problems, props: RolloutProps): RolloutSettings {
  const minReady = wholeSeconds(problems, 'minReady', props.minReady, DEFAULTS.minReadySeconds);
  const progressDeadline = wholeSeconds(problems, 'progressDeadline', props.progressDeadline, DEFAULTS.progressDeadlineSeconds);
  if (progressDeadline !== undefined && minReady !== undefined && progressDeadline <= minReady) {
    problems.conflict('progressDeadline', `${progressDeadline}s must be longer than minReady (${minReady}s)`);
  }
  const revisionHistoryLimit = props.revisionHistoryLimit ?? DEFAULTS.revisionHistoryLimit;
  checkInteger(problems, 'revisionHistoryLimit', revisionHistoryLimit, 0, 1000);
  const maxSurge = intOrPercent(problems, 'maxSurge', props.maxSurge ?? DEFAULTS.maxSurge,
    '0 would stall every rollout: with maxUnavailable 0 the rollout needs room for at least one new pod');
  return {
    minReadySeconds: minReady ?? DEFAULTS.minReadySeconds,
    progressDeadlineSeconds: progressDeadline ?? DEFAULTS.progressDeadlineSeconds,
    revisionHistoryLimit,
    maxSurge,
  };
}

/** The PodDisruptionBudget. */
export interface DisruptionBudgetProps {
  /**
   * Pods that may be evicted at once, as a count (≥ 1) or a percentage (`"25%"`). Zero would
   * block every node drain and is rejected.
   * @default 1
   */
  readonly maxUnavailable?: number | string;
}

/** Any Kubernetes object. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [key: string]: unknown;
}

/** A Service port for a container port: targets it by name, so renumbering the container needs no Service change. */
export function servicePort(p: Port): ServicePort {
  return {
    name: p.name,
    port: p.servicePort,
    targetPort: p.name,
    protocol: p.transport,
    ...(p.protocol === 'http' || p.protocol === 'grpc' ? { appProtocol: p.protocol } : {}),
  };
}

/** The HorizontalPodAutoscaler for a workload; `min` is already defaulted by the caller. */
export function renderAutoscaler(
  problems: Problems,
  a: AutoscalingProps,
  min: number,
  metadata: ObjectMeta,
  targetKind: 'Deployment' | 'StatefulSet',
  at = 'autoscaling',
): HorizontalPodAutoscaler | undefined {
  if (!checkObject(problems, at, a)) return undefined;
  checkKnownKeys(problems, at, a, ['minReplicas', 'maxReplicas', 'cpuUtilization', 'memoryUtilization', 'scaleDownStabilization']);
  const minOk = checkInteger(problems, path(at, 'minReplicas'), min, 1, 10000);
  if (a.maxReplicas === undefined) {
    problems.required(path(at, 'maxReplicas'), 'is required: an autoscaler without a ceiling can exhaust the namespace quota');
  } else if (checkInteger(problems, path(at, 'maxReplicas'), a.maxReplicas, 1, 10000) && minOk && a.maxReplicas < min) {
    problems.conflict(path(at, 'maxReplicas'), `${a.maxReplicas} is below minReplicas ${min}`);
  }
  const metrics: MetricSpec[] = [];
  const cpu = a.cpuUtilization ?? DEFAULTS.autoscalingCpuUtilization;
  if (checkInteger(problems, path(at, 'cpuUtilization'), cpu, 1, 1000)) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } });
  }
  if (a.memoryUtilization !== undefined && checkInteger(problems, path(at, 'memoryUtilization'), a.memoryUtilization, 1, 1000)) {
    metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: a.memoryUtilization } } });
  }
  const window = wholeSeconds(problems, path(at, 'scaleDownStabilization'), a.scaleDownStabilization, DEFAULTS.autoscalingScaleDownStabilizationSeconds);
  if (window !== undefined && window > 3600) {
    problems.invalid(path(at, 'scaleDownStabilization'), `${window}s is above the 3600s Kubernetes allows`);
  }
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: targetKind, name: metadata.name! },
      minReplicas: min,
      maxReplicas: a.maxReplicas,
      metrics,
      behavior: { scaleDown: { stabilizationWindowSeconds: window ?? DEFAULTS.autoscalingScaleDownStabilizationSeconds } },
    },
  };
}

/** What a workload's NetworkPolicy admits. */
export interface NetworkPolicyInput {
  /** Who may connect to the exposed ports (the user's prop, unchecked). */
  readonly allowFrom: unknown;
  /** Where the pods may connect (the user's prop, unchecked); undefined leaves egress ungoverned. */
  readonly allowTo: unknown;
  /** Rules the construct itself adds (ingress controller, peer replicas). */
  readonly extraIngress?: readonly NetworkPolicyIngressRule[];
  /** Egress rules the construct adds once egress is governed (peer replicas). */
  readonly extraEgress?: readonly NetworkPolicyEgressRule[];
}

/**
 * The workload's NetworkPolicy: the declared peers on the exposed ports, the construct's own
 * rules, and, when `allowTo` is set, egress to those destinations plus DNS.
 */
export function renderNetworkPolicy(
  problems: Problems,
  input: NetworkPolicyInput,
  exposed: readonly Port[],
  selector: Record<string, string>,
  metadata: ObjectMeta,
): NetworkPolicy {
  const peers: NetworkPolicyPeer[] = [];
  const allowFrom = input.allowFrom ?? [NetworkPeer.sameNamespace()];
  if (!Array.isArray(allowFrom)) {
    problems.invalid('allowFrom', `must be an array of NetworkPeer, got ${describe(allowFrom)}`);
  } else {
    allowFrom.forEach((p, j) => {
      const peer = checkNetworkPeer(problems, path('allowFrom', j), p);
      if (peer) peers.push(peer);
    });
  }
  const ports: NetworkPolicyPort[] = exposed.map((p) => ({ protocol: p.transport, port: p.containerPort }));
  const ingress: NetworkPolicyIngressRule[] = [];
  if (ports.length && peers.length) ingress.push({ from: peers, ports });
  ingress.push(...(input.extraIngress ?? []));
  const egress = renderEgress(problems, input.allowTo);
  egress?.push(...(input.extraEgress ?? []));
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata,
    spec: {
      podSelector: { matchLabels: { ...selector } },
      policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress,
      ...(egress ? { egress } : {}),
    },
  };
}

/** Admits the pods of a namespace (a router's: ingress controller, gateway) on the given port. */
export function namespaceRule(namespace: string, port: Port): NetworkPolicyIngressRule {
  return {
    from: [NetworkPeer.namespace(namespace).peer],
    ports: [{ protocol: port.transport, port: port.containerPort }],
  };
}

/** DNS, always allowed once egress is governed: without it every other rule is useless. */
const DNS_EGRESS: NetworkPolicyEgressRule = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

function renderEgress(problems: Problems, allowTo: unknown): NetworkPolicyEgressRule[] | undefined {
  if (allowTo === undefined) return undefined;
  if (!Array.isArray(allowTo)) {
    problems.invalid('allowTo', `must be an array of NetworkEgress, got ${describe(allowTo)}`);
    return undefined;
  }
  const rules: NetworkPolicyEgressRule[] = [JSON.parse(JSON.stringify(DNS_EGRESS))];
  allowTo.forEach((e, j) => {
    const at = path('allowTo', j);
    if (!(e instanceof NetworkEgress)) {
      problems.invalid(at, `must be made with NetworkEgress.to(peer, ...ports), got ${describe(e)}`);
      return;
    }
    const peer = checkNetworkPeer(problems, path(at, 'peer'), e.peer);
    const ports: NetworkPolicyPort[] = [];
    e.ports.forEach((p, k) => {
      const pat = path(at, 'ports', k);
      if (!checkObject(problems, pat, p)) return;
      const protocol = p.protocol ?? 'TCP';
      if (protocol !== 'TCP' && protocol !== 'UDP') problems.notSupported(path(pat, 'protocol'), `must be 'TCP' or 'UDP', got ${describe(protocol)}`);
      if (checkInteger(problems, path(pat, 'port'), p.port, 1, 65535)) ports.push({ protocol, port: p.port });
    });
    if (peer) rules.push(ports.length ? { to: [peer], ports } : { to: [peer] });
  });
  return rules;
}

/** A count ≥ 1 or a percentage string `"1%"`..`"100%"`; `zeroMessage` explains why 0 is refused. */
export function intOrPercent(problems: Problems, at: string, value: unknown, zeroMessage: string): number | string {
  if (typeof value === 'string') {
    const m = /^(\d{1,3})%$/.exec(value);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 100) {
      problems.invalid(at, `${JSON.stringify(value)} must be a whole percentage between "1%" and "100%"`);
    }
    return value;
  }
  if (value === 0) {
    problems.invalid(at, zeroMessage);
    return value;
  }
  checkInteger(problems, at, value, 1, 10000);
  return value as number;
}

/** The ServiceAccount every workload gets: its own identity, no API token unless asked for. */
export function renderServiceAccount(metadata: ObjectMeta, automountToken: boolean | undefined, annotations: Readonly<Record<string, string>> | undefined): ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: annotations ? { ...metadata, annotations: { ...annotations } } : metadata,
    automountServiceAccountToken: automountToken,
  };
}

/**
 * A PodDisruptionBudget that never blocks a drain: unhealthy pods are always evictable, so a
 * crash-looping pod cannot hold a node hostage.
 */
export function renderDisruptionBudget(
  metadata: ObjectMeta,
  selector: Record<string, string>,
  budget: { readonly maxUnavailable: number | string } | { readonly minAvailable: number },
): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata,
    spec: {
      ...budget,
      selector: { matchLabels: { ...selector } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
