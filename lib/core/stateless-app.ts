import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler, MetricSpec } from 'kubernetes-types/autoscaling/v2';
import type { ServiceAccount, Service, ServicePort } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type {
  Ingress,
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { DEFAULTS } from './defaults';
import { Duration } from './duration';
import { Problems, path } from './errors';
import {
  checkDns1035Label,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkHostname,
  checkInteger,
  checkKnownKeys,
  checkObject,
  describe,
} from './names';
import { NetworkEgress, NetworkPeer } from './network-peer';
import { checkNetworkPeer } from './network-peer-check';
import type { Port } from './port';
import { WORKLOAD_KEYS, WorkloadProps, checkStringMap, renderPod, wholeSeconds } from './workload';

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

/** The PodDisruptionBudget. */
export interface DisruptionBudgetProps {
  /**
   * Pods that may be evicted at once, as a count (≥ 1) or a percentage (`"25%"`). Zero would
   * block every node drain and is rejected.
   * @default 1
   */
  readonly maxUnavailable?: number | string;
}

/** An Ingress in front of the app's Service. */
export interface IngressProps {
  /** The host names to serve (`shop.example.com`, `*.example.com`). */
  readonly hosts: readonly string[];
  /**
   * The URL path prefix routed to the app.
   * @default '/'
   */
  readonly path?: string;
  /**
   * The IngressClass.
   * @default the cluster's default IngressClass
   */
  readonly className?: string;
  /**
   * A Secret holding the TLS certificate for the hosts.
   * @default none (plain HTTP, or TLS terminated in front of the controller)
   */
  readonly tlsSecretName?: string;
  /**
   * The Service port (by name) the Ingress sends traffic to.
   * @default the first exposed HTTP port
   */
  readonly portName?: string;
  /**
   * Annotations for the ingress controller.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The namespace the ingress controller's pods run in; the NetworkPolicy admits it on the backend port.
   * @default 'ingress-nginx'
   */
  readonly controllerNamespace?: string;
}

/** Props of a StatelessApp: one Deployment and everything it needs in production. */
export interface StatelessAppProps extends WorkloadProps {
  /**
   * The number of pods when there is no autoscaler.
   * @default 2: one pod can be drained, rescheduled or crash without an outage
   */
  readonly replicas?: number;
  /**
   * Add a HorizontalPodAutoscaler. The Deployment then omits `replicas`, so an apply never
   * resets what the autoscaler chose.
   * @default none
   */
  readonly autoscaling?: AutoscalingProps;
  /**
   * The PodDisruptionBudget.
   * @default `maxUnavailable: 1` and unhealthy pods always evictable: drains proceed one pod at a
   * time and a crash-looping pod never blocks them
   */
  readonly disruptionBudget?: DisruptionBudgetProps;
  /**
   * Who may connect to the app's exposed ports. An empty list admits nobody.
   * @default `[NetworkPeer.sameNamespace()]`: pods in the app's namespace, nothing from outside
   */
  readonly allowFrom?: readonly NetworkPeer[];
  /**
   * Where the app may open connections. When set, the NetworkPolicy also governs egress: these
   * destinations plus DNS (port 53 in `kube-system`) and nothing else.
   * @default egress is not governed by the app's policy: it is open unless the namespace denies it
   * (as a keelson SecureNamespace does), so the app never silently loses its database on first apply
   */
  readonly allowTo?: readonly NetworkEgress[];
  /**
   * Expose the app through an Ingress.
   * @default none
   */
  readonly ingress?: IngressProps;
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
   * @default '25%'
   */
  readonly maxSurge?: number | string;
}

const STATELESS_KEYS = [
  ...WORKLOAD_KEYS,
  'replicas', 'autoscaling', 'disruptionBudget', 'allowFrom', 'allowTo', 'ingress', 'minReady', 'progressDeadline',
  'revisionHistoryLimit', 'maxSurge',
];

/** Every object a StatelessApp produces. */
export interface StatelessAppManifest {
  readonly serviceAccount: ServiceAccount;
  readonly networkPolicy: NetworkPolicy;
  /** Absent when no container exposes a port (a worker). */
  readonly service?: Service;
  readonly deployment: Deployment;
  readonly podDisruptionBudget: PodDisruptionBudget;
  readonly horizontalPodAutoscaler?: HorizontalPodAutoscaler;
  readonly ingress?: Ingress;
  /** The labels that select the app's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Every object in apply order: the policy exists before the pods it protects. */
  readonly objects: ReadonlyArray<KubeObject>;
}

/** Any Kubernetes object. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [key: string]: unknown;
}

/** The type name used in validation errors. */
export const STATELESS_APP = 'StatelessApp';

/**
 * Validates StatelessApp props and builds its objects. Throws one KeelsonValidationError
 * listing every problem; returns nothing partial.
 */
export function buildStatelessApp(props: StatelessAppProps): StatelessAppManifest {
  const name = typeof props?.name === 'string' ? props.name : '<unnamed>';
  const problems = new Problems(STATELESS_APP, name);
  if (!checkObject(problems, '', props)) problems.throwIfAny();
  checkKnownKeys(problems, '', props, STATELESS_KEYS);
  checkDns1035Label(problems, 'name', props.name);
  if (props.namespace !== undefined) checkDns1123Label(problems, 'namespace', props.namespace);

  const pod = renderPod(problems, props, { revisionLabelKey: 'pod-template-hash' });
  const exposed = pod.ports.filter((p) => p.expose);

  // Replicas and autoscaling.
  let replicas: number | undefined = DEFAULTS.replicas;
  const autoscaling = props.autoscaling;
  if (props.replicas !== undefined) {
    if (autoscaling !== undefined) {
      problems.add('replicas', 'cannot be set with autoscaling: set autoscaling.minReplicas instead (the Deployment omits replicas so applies do not fight the autoscaler)');
    }
    if (checkInteger(problems, 'replicas', props.replicas, 1, 10000)) replicas = props.replicas;
  }
  if (autoscaling !== undefined) replicas = undefined;
  const hpaMin = autoscaling?.minReplicas ?? DEFAULTS.replicas;

  const meta = (extra: Partial<ObjectMeta> = {}): ObjectMeta => ({
    name: props.name,
    ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
    labels: { ...pod.labels },
    ...extra,
  });

  const minReady = wholeSeconds(problems, 'minReady', props.minReady, DEFAULTS.minReadySeconds);
  const progressDeadline = wholeSeconds(problems, 'progressDeadline', props.progressDeadline, DEFAULTS.progressDeadlineSeconds);
  if (progressDeadline !== undefined && minReady !== undefined && progressDeadline <= minReady) {
    problems.add('progressDeadline', `${progressDeadline}s must be longer than minReady (${minReady}s)`);
  }
  const revisionHistoryLimit = props.revisionHistoryLimit ?? DEFAULTS.revisionHistoryLimit;
  checkInteger(problems, 'revisionHistoryLimit', revisionHistoryLimit, 0, 1000);
  const maxSurge = intOrPercent(problems, 'maxSurge', props.maxSurge ?? DEFAULTS.maxSurge,
    '0 would stall every rollout: with maxUnavailable 0 the rollout needs room for at least one new pod');

  const serviceAccount: ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(props.serviceAccount?.annotations ? { annotations: { ...props.serviceAccount.annotations } } : {}),
    automountServiceAccountToken: pod.template.spec!.automountServiceAccountToken,
  };

  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(),
    spec: {
      ...(replicas !== undefined ? { replicas } : {}),
      selector: { matchLabels: { ...pod.selector } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable: DEFAULTS.maxUnavailable } },
      minReadySeconds: minReady ?? DEFAULTS.minReadySeconds,
      progressDeadlineSeconds: progressDeadline ?? DEFAULTS.progressDeadlineSeconds,
      revisionHistoryLimit,
      template: pod.template,
    },
  };

  const service: Service | undefined = exposed.length
    ? {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(),
      spec: {
        type: 'ClusterIP',
        selector: { ...pod.selector },
        ports: exposed.map(servicePort),
      },
    }
    : undefined;

  // PodDisruptionBudget: never one that blocks a drain.
  const budget = props.disruptionBudget;
  if (budget !== undefined && checkObject(problems, 'disruptionBudget', budget)) {
    checkKnownKeys(problems, 'disruptionBudget', budget, ['maxUnavailable']);
  }
  const maxUnavailable = intOrPercent(problems, path('disruptionBudget', 'maxUnavailable'), budget?.maxUnavailable ?? DEFAULTS.disruptionMaxUnavailable,
    '0 would block every node drain and cluster upgrade; use at least 1');
  const podDisruptionBudget: PodDisruptionBudget = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(),
    spec: {
      maxUnavailable,
      selector: { matchLabels: { ...pod.selector } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };

  const horizontalPodAutoscaler = autoscaling !== undefined
    ? renderAutoscaler(problems, autoscaling, hpaMin, meta())
    : undefined;

  const ingress = props.ingress !== undefined ? renderIngress(problems, props.ingress, exposed, meta) : undefined;

  const networkPolicy = renderNetworkPolicy(problems, props, exposed, pod.selector, meta());

  problems.throwIfAny();
  const objects: KubeObject[] = [serviceAccount, networkPolicy, service, deployment, podDisruptionBudget, horizontalPodAutoscaler, ingress]
    .filter((o): o is NonNullable<typeof o> => o !== undefined) as unknown as KubeObject[];
  return {
    serviceAccount,
    networkPolicy,
    service,
    deployment,
    podDisruptionBudget,
    horizontalPodAutoscaler,
    ingress,
    selector: pod.selector,
    objects,
  };
}

function servicePort(p: Port): ServicePort {
  return {
    name: p.name,
    port: p.servicePort,
    targetPort: p.name,
    protocol: p.transport,
    ...(p.protocol === 'http' || p.protocol === 'grpc' ? { appProtocol: p.protocol } : {}),
  };
}

function renderAutoscaler(problems: Problems, a: AutoscalingProps, min: number, metadata: ObjectMeta): HorizontalPodAutoscaler | undefined {
  if (!checkObject(problems, 'autoscaling', a)) return undefined;
  checkKnownKeys(problems, 'autoscaling', a, ['minReplicas', 'maxReplicas', 'cpuUtilization', 'memoryUtilization', 'scaleDownStabilization']);
  const minOk = checkInteger(problems, path('autoscaling', 'minReplicas'), min, 1, 10000);
  if (a.maxReplicas === undefined) {
    problems.add(path('autoscaling', 'maxReplicas'), 'is required: an autoscaler without a ceiling can exhaust the namespace quota');
  } else if (checkInteger(problems, path('autoscaling', 'maxReplicas'), a.maxReplicas, 1, 10000) && minOk && a.maxReplicas < min) {
    problems.add(path('autoscaling', 'maxReplicas'), `${a.maxReplicas} is below minReplicas ${min}`);
  }
  const metrics: MetricSpec[] = [];
  const cpu = a.cpuUtilization ?? DEFAULTS.autoscalingCpuUtilization;
  if (checkInteger(problems, path('autoscaling', 'cpuUtilization'), cpu, 1, 1000)) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } });
  }
  if (a.memoryUtilization !== undefined && checkInteger(problems, path('autoscaling', 'memoryUtilization'), a.memoryUtilization, 1, 1000)) {
    metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: a.memoryUtilization } } });
  }
  const window = wholeSeconds(problems, path('autoscaling', 'scaleDownStabilization'), a.scaleDownStabilization, DEFAULTS.autoscalingScaleDownStabilizationSeconds);
  if (window !== undefined && window > 3600) {
    problems.add(path('autoscaling', 'scaleDownStabilization'), `${window}s is above the 3600s Kubernetes allows`);
  }
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: metadata.name! },
      minReplicas: min,
      maxReplicas: a.maxReplicas,
      metrics,
      behavior: { scaleDown: { stabilizationWindowSeconds: window ?? DEFAULTS.autoscalingScaleDownStabilizationSeconds } },
    },
  };
}

function renderIngress(
  problems: Problems,
  i: IngressProps,
  exposed: readonly Port[],
  meta: (extra?: Partial<ObjectMeta>) => ObjectMeta,
): Ingress | undefined {
  if (!checkObject(problems, 'ingress', i)) return undefined;
  checkKnownKeys(problems, 'ingress', i, ['hosts', 'path', 'className', 'tlsSecretName', 'portName', 'annotations', 'controllerNamespace']);
  if (!Array.isArray(i.hosts) || i.hosts.length === 0) {
    problems.add(path('ingress', 'hosts'), 'must list at least one host');
  } else {
    const seen = new Set<string>();
    i.hosts.forEach((h, j) => {
      if (checkHostname(problems, path('ingress', 'hosts', j), h) && seen.has(h)) {
        problems.add(path('ingress', 'hosts', j), `${JSON.stringify(h)} is listed twice`);
      }
      seen.add(h);
    });
  }
  const urlPath = i.path ?? '/';
  if (typeof urlPath !== 'string' || !/^\/[A-Za-z0-9\-._~/%]*$/.test(urlPath)) {
    problems.add(path('ingress', 'path'), `${JSON.stringify(urlPath)} must be a URL path starting with '/' (letters, digits, '-', '.', '_', '~', '/')`);
  }
  if (i.className !== undefined) checkDns1123Subdomain(problems, path('ingress', 'className'), i.className);
  if (i.tlsSecretName !== undefined) checkDns1123Subdomain(problems, path('ingress', 'tlsSecretName'), i.tlsSecretName);
  if (i.controllerNamespace !== undefined) checkDns1123Label(problems, path('ingress', 'controllerNamespace'), i.controllerNamespace);
  const annotations = checkStringMap(problems, path('ingress', 'annotations'), i.annotations, false);
  const port = ingressPort(problems, i, exposed);
  if (!port) return undefined;
  const hosts = Array.isArray(i.hosts) ? [...i.hosts] : [];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(Object.keys(annotations).length ? { annotations } : {}),
    spec: {
      ...(i.className !== undefined ? { ingressClassName: i.className } : {}),
      ...(i.tlsSecretName !== undefined ? { tls: [{ hosts, secretName: i.tlsSecretName }] } : {}),
      rules: hosts.map((host) => ({
        host,
        http: {
          paths: [{ path: urlPath, pathType: 'Prefix', backend: { service: { name: meta().name!, port: { name: port.name } } } }],
        },
      })),
    },
  };
}

function ingressPort(problems: Problems, i: IngressProps, exposed: readonly Port[]): Port | undefined {
  if (i.portName !== undefined) {
    const p = exposed.find((e) => e.name === i.portName);
    if (!p) problems.add(path('ingress', 'portName'), `${JSON.stringify(i.portName)} is not an exposed port (${exposed.map((e) => e.name).join(', ') || 'none'})`);
    return p;
  }
  const p = exposed.find((e) => e.protocol === 'http') ?? exposed.find((e) => e.protocol === 'grpc');
  if (!p) problems.add('ingress', 'needs an exposed HTTP or gRPC port to route to');
  return p;
}

function renderNetworkPolicy(
  problems: Problems,
  props: StatelessAppProps,
  exposed: readonly Port[],
  selector: Record<string, string>,
  metadata: ObjectMeta,
): NetworkPolicy {
  const peers: NetworkPolicyPeer[] = [];
  const allowFrom = props.allowFrom ?? [NetworkPeer.sameNamespace()];
  if (!Array.isArray(allowFrom)) {
    problems.add('allowFrom', `must be an array of NetworkPeer, got ${describe(allowFrom)}`);
  } else {
    allowFrom.forEach((p, j) => {
      const peer = checkNetworkPeer(problems, path('allowFrom', j), p);
      if (peer) peers.push(peer);
    });
  }
  const ports: NetworkPolicyPort[] = exposed.map((p) => ({ protocol: p.transport, port: p.containerPort }));
  const ingress: NetworkPolicyIngressRule[] = [];
  if (ports.length && peers.length) ingress.push({ from: peers, ports });
  if (props.ingress !== undefined && typeof props.ingress === 'object' && props.ingress !== null) {
    const port = exposed.find((e) => e.name === props.ingress!.portName) ?? exposed.find((e) => e.protocol === 'http') ?? exposed.find((e) => e.protocol === 'grpc');
    const ns = props.ingress.controllerNamespace ?? DEFAULTS.ingressControllerNamespace;
    if (port) {
      ingress.push({
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } }],
        ports: [{ protocol: port.transport, port: port.containerPort }],
      });
    }
  }
  const egress = renderEgress(problems, props.allowTo);
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

/** DNS, always allowed once egress is governed: without it every other rule is useless. */
const DNS_EGRESS: NetworkPolicyEgressRule = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

function renderEgress(problems: Problems, allowTo: unknown): NetworkPolicyEgressRule[] | undefined {
  if (allowTo === undefined) return undefined;
  if (!Array.isArray(allowTo)) {
    problems.add('allowTo', `must be an array of NetworkEgress, got ${describe(allowTo)}`);
    return undefined;
  }
  const rules: NetworkPolicyEgressRule[] = [JSON.parse(JSON.stringify(DNS_EGRESS))];
  allowTo.forEach((e, j) => {
    const at = path('allowTo', j);
    if (!(e instanceof NetworkEgress)) {
      problems.add(at, `must be made with NetworkEgress.to(peer, ...ports), got ${describe(e)}`);
      return;
    }
    const peer = checkNetworkPeer(problems, path(at, 'peer'), e.peer);
    const ports: NetworkPolicyPort[] = [];
    e.ports.forEach((p, k) => {
      const pat = path(at, 'ports', k);
      if (!checkObject(problems, pat, p)) return;
      const protocol = p.protocol ?? 'TCP';
      if (protocol !== 'TCP' && protocol !== 'UDP') problems.add(path(pat, 'protocol'), `must be 'TCP' or 'UDP', got ${describe(protocol)}`);
      if (checkInteger(problems, path(pat, 'port'), p.port, 1, 65535)) ports.push({ protocol, port: p.port });
    });
    if (peer) rules.push(ports.length ? { to: [peer], ports } : { to: [peer] });
  });
  return rules;
}

/** A count ≥ 1 or a percentage string `"1%"`..`"100%"`; `zeroMessage` explains why 0 is refused. */
function intOrPercent(problems: Problems, at: string, value: unknown, zeroMessage: string): number | string {
  if (typeof value === 'string') {
    const m = /^(\d{1,3})%$/.exec(value);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 100) {
      problems.add(at, `${JSON.stringify(value)} must be a whole percentage between "1%" and "100%"`);
    }
    return value;
  }
  if (value === 0) {
    problems.add(at, zeroMessage);
    return value;
  }
  checkInteger(problems, at, value, 1, 10000);
  return value as number;
}
