import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { ServiceAccount, Service } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Ingress, NetworkPolicy, NetworkPolicyIngressRule } from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import {
  AutoscalingProps,
  DisruptionBudgetProps,
  KubeObject,
  intOrPercent,
  namespaceRule,
  renderAutoscaler,
  renderDisruptionBudget,
  renderNetworkPolicy,
  renderServiceAccount,
  rolloutSettings,
  RolloutProps,
  servicePort,
} from './app-parts';
import { DEFAULTS } from './defaults';
import { path } from './validation/path';
import { Problems } from './validation/problems';
import {
  checkDns1035Label,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkHostname,
  checkInteger,
  checkKnownKeys,
  checkObject,
} from './validation/checks';
import { NetworkEgress, NetworkPeer } from './network-peer';
import type { Port } from './port';
import { WORKLOAD_KEYS, WorkloadProps, checkStringMap, renderPod } from './workload';

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
   * @default 'ingress-nginx' when `className` is unset or names an nginx class; required otherwise
   */
  readonly controllerNamespace?: string;
}

/** Props of a StatelessApp: one Deployment and everything it needs in production. */
export interface StatelessAppProps extends WorkloadProps, RolloutProps {
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
      problems.conflict('replicas', 'cannot be set with autoscaling: set autoscaling.minReplicas instead (the Deployment omits replicas so applies do not fight the autoscaler)');
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

  const rollout = rolloutSettings(problems, props);

  const serviceAccount = renderServiceAccount(meta(), pod.template.spec!.automountServiceAccountToken, props.serviceAccount?.annotations);

  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(),
    spec: {
      ...(replicas !== undefined ? { replicas } : {}),
      selector: { matchLabels: { ...pod.selector } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: rollout.maxSurge, maxUnavailable: DEFAULTS.maxUnavailable } },
      minReadySeconds: rollout.minReadySeconds,
      progressDeadlineSeconds: rollout.progressDeadlineSeconds,
      revisionHistoryLimit: rollout.revisionHistoryLimit,
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
  const podDisruptionBudget = renderDisruptionBudget(meta(), pod.selector, { maxUnavailable });

  const horizontalPodAutoscaler = autoscaling !== undefined
    ? renderAutoscaler(problems, autoscaling, hpaMin, meta(), 'Deployment')
    : undefined;

  const ingress = props.ingress !== undefined ? renderIngress(problems, props.ingress, exposed, meta) : undefined;

  const networkPolicy = renderNetworkPolicy(
    problems,
    { allowFrom: props.allowFrom, allowTo: props.allowTo, extraIngress: ingressControllerRule(props.ingress, exposed) },
    exposed,
    pod.selector,
    meta(),
  );

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

function renderIngress(
  problems: Problems,
  i: IngressProps,
  exposed: readonly Port[],
  meta: (extra?: Partial<ObjectMeta>) => ObjectMeta,
): Ingress | undefined {
  if (!checkObject(problems, 'ingress', i)) return undefined;
  checkKnownKeys(problems, 'ingress', i, ['hosts', 'path', 'className', 'tlsSecretName', 'portName', 'annotations', 'controllerNamespace']);
  if (!Array.isArray(i.hosts) || i.hosts.length === 0) {
    problems.required(path('ingress', 'hosts'), 'must list at least one host');
  } else {
    const seen = new Set<string>();
    i.hosts.forEach((h, j) => {
      if (checkHostname(problems, path('ingress', 'hosts', j), h) && seen.has(h)) {
        problems.duplicate(path('ingress', 'hosts', j), `${JSON.stringify(h)} is listed twice`);
      }
      seen.add(h);
    });
  }
  const urlPath = i.path ?? '/';
  if (typeof urlPath !== 'string' || !/^\/[A-Za-z0-9\-._~/%]*$/.test(urlPath)) {
    problems.invalid(path('ingress', 'path'), `${JSON.stringify(urlPath)} must be a URL path starting with '/' (letters, digits, '-', '.', '_', '~', '/')`);
  }
  if (i.className !== undefined) checkDns1123Subdomain(problems, path('ingress', 'className'), i.className);
  if (i.tlsSecretName !== undefined) checkDns1123Subdomain(problems, path('ingress', 'tlsSecretName'), i.tlsSecretName);
  if (i.controllerNamespace !== undefined) checkDns1123Label(problems, path('ingress', 'controllerNamespace'), i.controllerNamespace);
  else if (typeof i.className === 'string' && !i.className.includes('nginx')) {
    // The NetworkPolicy admits the controller's pods by namespace; guessing ingress-nginx for
    // another controller would leave the backend unreachable.
    problems.required(
      path('ingress', 'controllerNamespace'),
      `is required with ingress class ${JSON.stringify(i.className)}: the namespace of that controller's pods, which the NetworkPolicy admits (for a load balancer that sends traffic straight to pods, admit its addresses with allowFrom: NetworkPeer.cidr(...) and set the namespace of any controller pods)`,
    );
  }
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
    if (!p) problems.notSupported(path('ingress', 'portName'), `${JSON.stringify(i.portName)} is not an exposed port (${exposed.map((e) => e.name).join(', ') || 'none'})`);
    return p;
  }
  const p = exposed.find((e) => e.protocol === 'http') ?? exposed.find((e) => e.protocol === 'grpc');
  if (!p) problems.required('ingress', 'needs an exposed HTTP or gRPC port to route to');
  return p;
}


/** Admits the ingress controller's namespace on the port the Ingress routes to. */
function ingressControllerRule(ingress: IngressProps | undefined, exposed: readonly Port[]): NetworkPolicyIngressRule[] {
  if (ingress === undefined || typeof ingress !== 'object' || ingress === null) return [];
  const port = exposed.find((e) => e.name === ingress.portName) ?? exposed.find((e) => e.protocol === 'http') ?? exposed.find((e) => e.protocol === 'grpc');
  if (!port) return [];
  return [namespaceRule(ingress.controllerNamespace ?? DEFAULTS.ingressControllerNamespace, port)];
}
