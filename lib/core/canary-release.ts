import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { PodTemplateSpec, Service, ServiceAccount } from 'kubernetes-types/core/v1';
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
  RolloutSettings,
  servicePort,
} from './app-parts';
import {
  ArgoRolloutsOptions,
  CanaryMatch,
  CanaryRouting,
  GatewayApiRoutingOptions,
  IngressNginxRoutingOptions,
  IstioRoutingOptions,
} from './canary-routing';
import { DEFAULTS } from './defaults';
import { Duration } from './duration';
import { EnvValue } from './env';
import { path } from './validation/path';
import { Problems } from './validation/problems';
import { LABELS, checkDns1035Label, checkDns1123Label, checkDns1123Subdomain, checkHostname, checkInteger, checkKnownKeys, checkLabelValue, checkObject, checkQualifiedName, checkString, describe } from './validation/checks';
import { NetworkEgress, NetworkPeer } from './network-peer';
import type { Port } from './port';
import { ContainerProps, RenderedPod, ResourcesProps, WORKLOAD_KEYS, WorkloadProps, renderPod } from './workload';

/** The label that tells the tracks apart; it is in each Deployment's selector, so it never changes. */
export const TRACK_LABEL = 'keelson.dev/track';

/** One version of the app: what differs from the shared container definition. */
export interface ReleaseTrackProps {
  /**
   * The first container's image for this track.
   * @default the first container's `image` (stable track)
   */
  readonly image?: string;
  /**
   * The `app.kubernetes.io/version` label of this track's pods.
   * @default the image tag
   */
  readonly version?: string;
  /**
   * This track's pod count (not with replica-ratio routing, which splits `totalReplicas`).
   * @default 2 for stable; 1 for canary (blue/green: as many as stable, so a switch can take all traffic)
   */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler for this track only (each track scales on its own load).
   * @default none
   */
  readonly autoscaling?: AutoscalingProps;
  /**
   * Environment variables added to (or replacing) the first container's for this track.
   * @default none
   */
  readonly env?: Readonly<Record<string, string | EnvValue>>;
  /**
   * The first container's resources for this track.
   * @default the first container's
   */
  readonly resources?: ResourcesProps;
}

/** The canary track: its image and its share of the traffic. */
export interface CanaryTrackProps extends ReleaseTrackProps {
  /** The canary's image. */
  readonly image: string;
  /**
   * Percentage of requests (0..100) sent to the canary; the stable track gets the rest.
   * @default 0: the canary is deployed dark; raise the weight step by step
   */
  readonly weight?: number;
}

/** Props of a CanaryRelease: one app, a stable and a canary track, and the routing between them. */
export interface CanaryReleaseProps extends Omit<WorkloadProps, 'version'>, RolloutProps {
  /**
   * The stable track.
   * @default the containers as given, 2 replicas
   */
  readonly stable?: ReleaseTrackProps;
  /**
   * The canary track; remove it to finish a release (after promoting its image to stable).
   * @default none: stable only
   */
  readonly canary?: CanaryTrackProps;
  /**
   * How traffic is split between the tracks.
   * @default `CanaryRouting.istio()`
   */
  readonly routing?: CanaryRouting;
  /**
   * Who may connect to the exposed ports.
   * @default `[NetworkPeer.sameNamespace()]`
   */
  readonly allowFrom?: readonly NetworkPeer[];
  /**
   * Where the pods may connect; when set, egress is limited to these and DNS.
   * @default egress not governed by the app's policy
   */
  readonly allowTo?: readonly NetworkEgress[];
  /**
   * Each track's PodDisruptionBudget.
   * @default `maxUnavailable: 1` per track: a one-pod canary never blocks a drain
   */
  readonly disruptionBudget?: DisruptionBudgetProps;
  /**
   * The cluster's DNS domain, for the fully qualified hosts of Istio routing.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

const CANARY_KEYS = [
  ...WORKLOAD_KEYS.filter((k) => k !== 'version'),
  'stable', 'canary', 'routing', 'allowFrom', 'allowTo', 'disruptionBudget', 'minReady', 'progressDeadline', 'revisionHistoryLimit',
  'maxSurge', 'clusterDomain',
];
const TRACK_KEYS = ['image', 'version', 'replicas', 'autoscaling', 'env', 'resources'];

/** An Istio or other custom object (not in kubernetes-types). */
export interface CustomObject extends KubeObject {
  readonly spec: Record<string, unknown>;
}

/** Every object a CanaryRelease produces. */
export interface CanaryReleaseManifest {
  readonly serviceAccount: ServiceAccount;
  readonly networkPolicy: NetworkPolicy;
  /** The Services: the shared one, per-track ones or active/preview, depending on the routing. */
  readonly services: readonly Service[];
  /** One Deployment per track (none with Argo Rollouts). */
  readonly deployments: readonly Deployment[];
  /** The Argo Rollouts Rollout, with that routing. */
  readonly rollout?: CustomObject;
  readonly podDisruptionBudgets: readonly PodDisruptionBudget[];
  readonly horizontalPodAutoscalers: readonly HorizontalPodAutoscaler[];
  /** Istio DestinationRule and VirtualService (istio and argo-rollouts routings). */
  readonly destinationRule?: CustomObject;
  readonly virtualService?: CustomObject;
  /** ingress-nginx: the main and the canary Ingress. */
  readonly ingresses: readonly Ingress[];
  /** Gateway API HTTPRoute. */
  readonly httpRoute?: CustomObject;
  /** The canary's share of traffic the output achieves (replica ratio: what the replica counts allow). */
  readonly achievedWeight: number;
  /** Things the user should know that are not errors (e.g. an approximated weight). */
  readonly warnings: readonly string[];
  /** Labels selecting the pods of both tracks. */
  readonly selector: Readonly<Record<string, string>>;
  /** Every object in apply order (DestinationRule before the VirtualService that uses its subsets). */
  readonly objects: ReadonlyArray<KubeObject>;
}

/** The type name used in validation errors. */
export const CANARY_RELEASE = 'CanaryRelease';

type Track = 'stable' | 'canary';

interface RenderedTrack {
  readonly track: Track;
  readonly pod: RenderedPod;
  readonly replicas: number;
  readonly autoscaling?: AutoscalingProps;
  readonly image: string;
}

/**
 * Validates CanaryRelease props and builds its objects. Throws one KeelsonValidationError listing
 * every problem; returns nothing partial.
 */
export function buildCanaryRelease(props: CanaryReleaseProps): CanaryReleaseManifest {
  const name = typeof props?.name === 'string' ? props.name : '<unnamed>';
  const problems = new Problems(CANARY_RELEASE, name);
  if (!checkObject(problems, '', props)) problems.throwIfAny();
  checkKnownKeys(problems, '', props, CANARY_KEYS);
  if (checkDns1035Label(problems, 'name', props.name) && props.name.length > 55) {
    problems.invalid('name', `${JSON.stringify(props.name)} is too long: "${props.name}-preview" and the per-track names must fit in 63 characters (at most 55)`);
  }
  if (props.namespace !== undefined) checkDns1123Label(problems, 'namespace', props.namespace);

  const routing = props.routing ?? CanaryRouting.istio();
  if (!(routing instanceof CanaryRouting)) {
    problems.invalid('routing', `must be made with CanaryRouting.istio(), .ingressNginx(), .gatewayApi(), .replicaRatio(), .blueGreen() or .argoRollouts(), got ${describe(routing)}`);
    problems.throwIfAny();
  }
  const kind = routing.kind;
  // Options from JavaScript may be anything: the simple routings' options are checked here.
  const routingOptions = (routing.options && typeof routing.options === 'object' ? routing.options : {}) as Record<string, unknown>;
  if ((kind === 'replica-ratio' || kind === 'blue-green') && checkObject(problems, 'routing', routing.options)) {
    checkKnownKeys(problems, 'routing', routing.options, kind === 'replica-ratio' ? ['totalReplicas'] : ['active']);
  }
  // A canary that is not an object is reported here and treated as absent below.
  const canaryProps = props.canary !== undefined && checkObject(problems, 'canary', props.canary) ? props.canary : undefined;
  if (canaryProps !== undefined) checkKnownKeys(problems, 'canary', canaryProps, [...TRACK_KEYS, 'weight']);
  if (props.stable !== undefined && checkObject(problems, 'stable', props.stable)) checkKnownKeys(problems, 'stable', props.stable, TRACK_KEYS);
  for (const t of ['stable', 'canary'] as const) {
    const env = (props[t] as ReleaseTrackProps | undefined)?.env;
    if (props[t] && typeof props[t] === 'object' && env !== undefined) checkObject(problems, path(t, 'env'), env);
  }
  if (canaryProps !== undefined && canaryProps.image === undefined) problems.required(path('canary', 'image'), 'is required: the canary runs a new image');

  const givenWeight: unknown = canaryProps === undefined ? 0 : canaryProps.weight ?? 0;
  if (canaryProps !== undefined && canaryProps.weight !== undefined) checkInteger(problems, path('canary', 'weight'), canaryProps.weight, 0, 100);
  // A bad weight is reported above; 0 stands in so the rest can still be checked.
  const weight = typeof givenWeight === 'number' && Number.isFinite(givenWeight) ? givenWeight : 0;
  if (kind === 'blue-green' && canaryProps?.weight !== undefined) {
    problems.conflict(path('canary', 'weight'), "has no effect with blue/green routing: the main Service sends all traffic to the active track; switch with CanaryRouting.blueGreen({ active: 'canary' })");
  }

  // Replica counts per track.
  const replicaRatio = kind === 'replica-ratio';
  const ratioTotal = replicaRatio ? (routingOptions.totalReplicas as number | undefined) ?? 4 : 0;
  if (replicaRatio) checkInteger(problems, path('routing', 'totalReplicas'), ratioTotal, 2, 1000);
  const warnings: string[] = [];
  let achievedWeight = weight;
  // A canary starts small; a blue/green preview must be able to take all traffic when switched.
  const counts: Record<Track, number> = { stable: DEFAULTS.replicas, canary: kind === 'blue-green' ? (props.stable?.replicas ?? DEFAULTS.replicas) : 1 };
  if (replicaRatio && Number.isInteger(ratioTotal) && ratioTotal >= 2) {
    const canaryCount = canaryProps === undefined ? 0 : Math.min(ratioTotal - 1, Math.max(weight > 0 ? 1 : 0, Math.round((ratioTotal * weight) / 100)));
    counts.canary = canaryCount;
    counts.stable = ratioTotal - canaryCount;
    achievedWeight = Math.round((canaryCount / ratioTotal) * 10000) / 100;
    if (canaryProps !== undefined && achievedWeight !== weight) {
      warnings.push(`canary weight ${weight}% is not reachable with ${ratioTotal} replicas: ${canaryCount} of ${ratioTotal} pods give ${achievedWeight}%; raise routing.totalReplicas or use a router (Istio, ingress-nginx, Gateway API) for a precise split`);
    }
    for (const t of ['stable', 'canary'] as const) {
      if (props[t]?.replicas !== undefined) problems.conflict(path(t, 'replicas'), 'is set by replica-ratio routing from totalReplicas and the weight; remove it');
      if (props[t]?.autoscaling !== undefined) problems.conflict(path(t, 'autoscaling'), 'cannot be used with replica-ratio routing: the autoscaler would change the ratio, so the traffic split');
    }
  } else {
    for (const t of ['stable', 'canary'] as const) {
      const r = props[t]?.replicas;
      if (r !== undefined && checkInteger(problems, path(t, 'replicas'), r, 1, 10000)) counts[t] = r;
      if (r !== undefined && props[t]?.autoscaling !== undefined) problems.conflict(path(t, 'replicas'), 'cannot be set with autoscaling: set autoscaling.minReplicas instead');
    }
  }

  // Pods per track: the canary's problems that come from the shared props were already reported.
  const tracks: RenderedTrack[] = [renderTrack(problems, props, 'stable', counts.stable, kind)];
  if (canaryProps !== undefined) tracks.push(renderTrack(problems, props, 'canary', counts.canary, kind));
  const [stable, canary] = tracks;
  if (canary && stable && sameTrack(props.stable, canaryProps!, props.containers?.[0]?.image)) {
    problems.invalid('canary', 'runs the same image, env and resources as stable: a canary must differ (change the image, or env/resources)');
  }

  const baseSelector = { [LABELS.name]: props.name, [LABELS.instance]: props.name };
  const baseLabels = Object.fromEntries(Object.entries(stable.pod.labels).filter(([k]) => k !== TRACK_LABEL && k !== LABELS.version));
  const meta = (extra: Partial<ObjectMeta> = {}, labels: Record<string, string> = baseLabels): ObjectMeta => ({
    name: props.name,
    ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
    labels: { ...labels },
    ...extra,
  });
  const exposed = stable.pod.ports.filter((p) => p.expose);
  const routePort = exposed.find((p) => p.protocol === 'http') ?? exposed.find((p) => p.protocol === 'grpc');
  // Without a usable first container the pod problems already say so: no port problems on top.
  const firstContainer = Array.isArray(props.containers) ? props.containers[0] as unknown : undefined;
  const containersGiven = typeof firstContainer === 'object' && firstContainer !== null;
  if (containersGiven && kind !== 'replica-ratio' && kind !== 'blue-green' && !routePort) {
    problems.required('containers', `${kind} routing needs an exposed HTTP or gRPC port on the first container to route`);
  }
  const needsNamespace = kind === 'istio' || kind === 'argo-rollouts';
  if (needsNamespace && props.namespace === undefined) {
    problems.required('namespace', `is required with ${kind} routing: its hosts are fully qualified (<name>.<namespace>.svc.cluster.local)`);
  }

  // Every track's Deployment (or the Rollout) rolls out the same way.
  const settings = rolloutSettings(problems, props);

  const serviceAccount = renderServiceAccount(meta(), stable.pod.template.spec!.automountServiceAccountToken, props.serviceAccount?.annotations);
  if (props.clusterDomain !== undefined) checkDns1123Subdomain(problems, 'clusterDomain', props.clusterDomain);
  const clusterDomain = typeof props.clusterDomain === 'string' ? props.clusterDomain : 'cluster.local';
  const fqdn = `${safeText(props.name)}.${safeText(props.namespace ?? 'default')}.svc.${clusterDomain}`;

  // Deployments (or the Rollout), budgets and autoscalers per track.
  const deployments: Deployment[] = [];
  const budgets: PodDisruptionBudget[] = [];
  const autoscalers: HorizontalPodAutoscaler[] = [];
  const budget = props.disruptionBudget;
  if (budget !== undefined && checkObject(problems, 'disruptionBudget', budget)) checkKnownKeys(problems, 'disruptionBudget', budget, ['maxUnavailable']);
  const maxUnavailable = intOrPercent(problems, path('disruptionBudget', 'maxUnavailable'), budget?.maxUnavailable ?? DEFAULTS.disruptionMaxUnavailable,
    '0 would block every node drain and cluster upgrade; use at least 1');
  let rollout: CustomObject | undefined;
  if (kind === 'argo-rollouts') {
    rollout = renderRollout(problems, props, stable, routing.options as ArgoRolloutsOptions, settings, baseSelector, meta(), canaryProps);
    budgets.push(renderDisruptionBudget(meta(), baseSelector, { maxUnavailable }));
    if (stable.autoscaling) {
      const hpa = renderAutoscaler(problems, stable.autoscaling, stable.autoscaling.minReplicas ?? DEFAULTS.replicas, meta(), 'Deployment', path('stable', 'autoscaling'));
      if (hpa) autoscalers.push({ ...hpa, spec: { ...hpa.spec!, scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name } } });
    }
  } else {
    for (const t of tracks) {
      const trackName = `${name}-${t.track}`;
      const trackMeta = meta({ name: trackName }, t.pod.labels);
      deployments.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: trackMeta,
        spec: {
          ...(t.autoscaling ? {} : { replicas: t.replicas }),
          selector: { matchLabels: { ...t.pod.selector } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: settings.maxSurge, maxUnavailable: DEFAULTS.maxUnavailable } },
          minReadySeconds: settings.minReadySeconds,
          progressDeadlineSeconds: settings.progressDeadlineSeconds,
          revisionHistoryLimit: settings.revisionHistoryLimit,
          template: t.pod.template,
        },
      });
      budgets.push(renderDisruptionBudget(meta({ name: trackName }, t.pod.labels), t.pod.selector, { maxUnavailable }));
      if (t.autoscaling) {
        const hpa = renderAutoscaler(problems, t.autoscaling, t.autoscaling.minReplicas ?? DEFAULTS.replicas, meta({ name: trackName }, t.pod.labels), 'Deployment', path(t.track, 'autoscaling'));
        if (hpa) autoscalers.push(hpa);
      }
    }
  }
  for (const t of ['stable', 'canary'] as const) {
    const a = props[t]?.autoscaling;
    if (a !== undefined && checkObject(problems, path(t, 'autoscaling'), a) && a.minReplicas === undefined && t === 'canary') {
      // The autoscaler's default minimum (2) would make a small canary bigger than intended: ask.
      problems.required(path(t, 'autoscaling', 'minReplicas'), 'is required for the canary: choose how small it may get');
    }
  }

  // Services.
  const services: Service[] = [];
  const service = (svcName: string, selector: Record<string, string>): Service => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta({ name: svcName }),
    spec: { type: 'ClusterIP', selector: { ...selector }, ports: exposed.map(servicePort) },
  });
  const trackSelector = (t: Track) => ({ ...baseSelector, [TRACK_LABEL]: t });
  if (exposed.length) {
    if (kind === 'ingress-nginx' || kind === 'gateway-api') {
      services.push(service(`${name}-stable`, trackSelector('stable')));
      if (canary) services.push(service(`${name}-canary`, trackSelector('canary')));
    } else if (kind === 'blue-green') {
      const active = (routingOptions.active as Track | undefined) ?? 'stable';
      if (active !== 'stable' && active !== 'canary') problems.notSupported(path('routing', 'active'), `must be 'stable' or 'canary', got ${describe(active)}`);
      if (active === 'canary' && !canary) problems.conflict(path('routing', 'active'), 'is "canary" but there is no canary track');
      const preview: Track = active === 'stable' ? 'canary' : 'stable';
      services.push(service(name, trackSelector(active)));
      if (canary) services.push(service(`${name}-preview`, trackSelector(preview)));
      // All or nothing: the main Service selects one track.
      achievedWeight = active === 'canary' ? 100 : 0;
    } else {
      services.push(service(name, baseSelector));
    }
  } else if (containersGiven) {
    problems.required('containers', 'a CanaryRelease needs an exposed port: traffic is what it splits');
  }

  // Routing objects.
  let destinationRule: CustomObject | undefined;
  let virtualService: CustomObject | undefined;
  let httpRoute: CustomObject | undefined;
  const ingresses: Ingress[] = [];
  const extraIngress: NetworkPolicyIngressRule[] = [];
  if ((kind === 'istio' || kind === 'argo-rollouts') && routePort) {
    const options = routing.options as IstioRoutingOptions;
    const istio = renderIstio(problems, options, fqdn, routePort, weight, canary !== undefined, meta(), kind === 'argo-rollouts');
    destinationRule = istio.destinationRule;
    virtualService = istio.virtualService;
    for (const ns of istio.gatewayNamespaces) extraIngress.push(namespaceRule(ns, routePort));
  }
  if (kind === 'ingress-nginx' && routePort) {
    const options = routing.options as IngressNginxRoutingOptions;
    ingresses.push(...renderNginx(problems, options, name, routePort, weight, canary !== undefined, meta));
    const ns = options?.controllerNamespace ?? DEFAULTS.ingressControllerNamespace;
    checkDns1123Label(problems, path('routing', 'controllerNamespace'), ns);
    extraIngress.push(namespaceRule(ns, routePort));
  }
  if (kind === 'gateway-api' && routePort) {
    const options = routing.options as GatewayApiRoutingOptions;
    const route = renderHttpRoute(problems, options, name, props.namespace, routePort, weight, canary !== undefined, meta());
    httpRoute = route.httpRoute;
    if (route.controllerNamespace) extraIngress.push(namespaceRule(route.controllerNamespace, routePort));
  }

  const networkPolicy = renderNetworkPolicy(
    problems,
    { allowFrom: props.allowFrom, allowTo: props.allowTo, extraIngress },
    exposed,
    baseSelector,
    meta(),
  );

  problems.throwIfAny();
  const objects = [
    serviceAccount, networkPolicy, ...services, ...deployments, rollout, ...budgets, ...autoscalers,
    destinationRule, virtualService, ...ingresses, httpRoute,
  ].filter((o) => o !== undefined) as unknown as KubeObject[];
  return {
    serviceAccount,
    networkPolicy,
    services,
    deployments,
    rollout,
    podDisruptionBudgets: budgets,
    horizontalPodAutoscalers: autoscalers,
    destinationRule,
    virtualService,
    ingresses,
    httpRoute,
    achievedWeight: canary ? achievedWeight : 0,
    warnings,
    selector: baseSelector,
    objects,
  };
}

/** The track's workload props: the shared definition with the track's overrides on the first container. */
function trackProps(props: CanaryReleaseProps, track: Track): WorkloadProps {
  const t = props[track] as ReleaseTrackProps | undefined;
  const containers = Array.isArray(props.containers) ? props.containers : [];
  // No container: renderPod reports the empty list; there is nothing to override.
  if (containers.length === 0) return { ...props, version: undefined } as WorkloadProps;
  const first = containers[0] as ContainerProps | undefined;
  const tObj = t && typeof t === 'object' ? t : undefined;
  const overridden: ContainerProps | undefined = first && typeof first === 'object'
    ? {
      ...first,
      ...(tObj?.image !== undefined ? { image: tObj.image } : {}),
      ...(tObj?.env !== undefined ? { env: { ...(first.env ?? {}), ...(typeof tObj.env === 'object' && tObj.env !== null ? tObj.env : {}) } } : {}),
      ...(tObj?.resources !== undefined ? { resources: tObj.resources } : {}),
    }
    : first;
  return {
    ...props,
    version: tObj?.version,
    containers: Array.isArray(props.containers) ? [overridden as ContainerProps, ...containers.slice(1)] : props.containers,
  } as WorkloadProps;
}

/**
 * Renders one track's pod template. Problems at the first container's overridden fields are
 * reported at the track's prop (`canary.image`); the canary's other problems repeat the stable
 * track's and are dropped.
 */
function renderTrack(problems: Problems, props: CanaryReleaseProps, track: Track, replicas: number, kind: string): RenderedTrack {
  const scratch = new Problems(CANARY_RELEASE, problems.construct);
  const workload = trackProps(props, track);
  // Argo Rollouts labels the revisions itself: no track label in its single pod template.
  const pod = renderPod(scratch, workload, {
    // Argo Rollouts' ReplicaSets carry rollouts-pod-template-hash (pod-template-hash is the Deployment controller's).
    revisionLabelKey: kind === 'argo-rollouts' ? 'rollouts-pod-template-hash' : 'pod-template-hash',
    extraSelector: kind === 'argo-rollouts' ? {} : { [TRACK_LABEL]: track },
  });
  const t = props[track] as ReleaseTrackProps | undefined;
  for (const p of scratch.list()) {
    const mapped = remapTrackPath(p.path, track, t);
    if (mapped !== undefined) problems.report(p.type, mapped, p.message);
    else if (track === 'stable') problems.report(p.type, p.path, p.message);
  }
  const image = workload.containers?.[0]?.image;
  return { track, pod, replicas, autoscaling: t?.autoscaling, image: typeof image === 'string' ? image : '' };
}

function remapTrackPath(at: string, track: Track, t: ReleaseTrackProps | undefined): string | undefined {
  if (!t || typeof t !== 'object') return undefined;
  const first = 'containers[0].';
  if (t.image !== undefined && at === `${first}image`) return path(track, 'image');
  if (t.resources !== undefined && at.startsWith(`${first}resources`)) return `${track}.${at.slice(first.length)}`;
  if (t.env !== undefined && typeof t.env === 'object' && t.env !== null) {
    // Compare with the paths the track's keys render to, rather than parsing the path back.
    for (const key of Object.keys(t.env)) {
      const own = path('containers', 0, 'env', key);
      if (at === own || at.startsWith(`${own}.`) || at.startsWith(`${own}[`)) return `${path(track, 'env', key)}${at.slice(own.length)}`;
    }
  }
  if (t.version !== undefined && at === 'version') return path(track, 'version');
  return undefined;
}

function sameTrack(stable: ReleaseTrackProps | undefined, canary: CanaryTrackProps, baseImage: unknown): boolean {
  const stableImage = stable?.image ?? baseImage;
  return stableImage === canary.image
    && JSON.stringify(stable?.env ?? {}) === JSON.stringify(canary.env ?? {})
    && JSON.stringify(stable?.resources ?? {}) === JSON.stringify(canary.resources ?? {});
}

// ------------------------------------------------------------------------------------ Istio

const RE2_UNSUPPORTED = /\(\?[=!<]|\\[1-9]/;

function checkRegex(problems: Problems, at: string, regex: unknown): boolean {
  if (!checkString(problems, at, regex)) return false;
  try {
    new RegExp(regex);
  } catch (e) {
    problems.invalid(at, `${JSON.stringify(regex)} does not compile: ${(e as Error).message}`);
    return false;
  }
  if (RE2_UNSUPPORTED.test(regex)) {
    problems.invalid(at, `${JSON.stringify(regex)} uses look-around or back-references, which Envoy's RE2 engine rejects`);
    return false;
  }
  return true;
}

function checkDuration(problems: Problems, at: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Duration) || !value.isValid) {
    problems.invalid(at, `must be a Duration (e.g. Duration.seconds(2)), got ${describe(value)}`);
    return undefined;
  }
  if (value.toMillis() < 1 || !Number.isInteger(value.toMillis())) {
    problems.invalid(at, `${value.toMillis()}ms must be a whole number of milliseconds, at least 1ms`);
    return undefined;
  }
  return value.toString();
}

function renderMatch(problems: Problems, at: string, m: unknown, meshRouted: boolean): Record<string, unknown> | undefined {
  if (!(m instanceof CanaryMatch)) {
    problems.invalid(at, `must be made with CanaryMatch.headerExact(), .headerPrefix(), .headerRegex(), .cookie() or .sourceLabels(), got ${describe(m)}`);
    return undefined;
  }
  const s = m.spec;
  if (s.kind === 'sourceLabels') {
    if (!meshRouted) problems.conflict(at, 'matches source labels, which only mesh traffic carries: keep `mesh` among the gateways');
    for (const [k, v] of Object.entries(s.labels ?? {})) {
      checkQualifiedName(problems, path(at, 'labels', k), k);
      checkLabelValue(problems, path(at, 'labels', k), v);
    }
    return { sourceLabels: { ...s.labels } };
  }
  if (s.kind === 'cookie') {
    if (!checkString(problems, path(at, 'name'), s.name) || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(s.name)) {
      problems.invalid(path(at, 'name'), `${JSON.stringify(s.name)} is not a valid cookie name`);
      return undefined;
    }
    if (!checkString(problems, path(at, 'value'), s.exact)) return undefined;
    const escaped = `${s.name}=${s.exact}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return { headers: { cookie: { regex: `^(.*?;\\s*)?(${escaped})(;.*)?$` } } };
  }
  if (!checkString(problems, path(at, 'name'), s.name)) return undefined;
  if (s.name !== s.name.toLowerCase() || !/^[a-z0-9!#$%&'*+\-.^_`|~]+$/.test(s.name)) {
    problems.invalid(path(at, 'name'), `${JSON.stringify(s.name)} must be a lowercase HTTP header name (Envoy lowercases headers before matching)`);
  }
  if (s.regex !== undefined) return checkRegex(problems, path(at, 'regex'), s.regex) ? { headers: { [s.name]: { regex: s.regex } } } : undefined;
  if (s.prefix !== undefined) return checkString(problems, path(at, 'prefix'), s.prefix) ? { headers: { [s.name]: { prefix: s.prefix } } } : undefined;
  return checkString(problems, path(at, 'value'), s.exact) ? { headers: { [s.name]: { exact: s.exact } } } : undefined;
}

function renderIstio(
  problems: Problems,
  options: IstioRoutingOptions,
  fqdn: string,
  port: Port,
  weight: number,
  hasCanary: boolean,
  metadata: ObjectMeta,
  forArgo: boolean,
): { destinationRule: CustomObject; virtualService: CustomObject; gatewayNamespaces: string[] } {
  if (options !== undefined) checkObject(problems, 'routing', options);
  const o = (options && typeof options === 'object' ? options : {}) as IstioRoutingOptions & ArgoRolloutsOptions;
  checkKnownKeys(problems, 'routing', o, [
    'apiVersion', 'gateways', 'mesh', 'externalHosts', 'match', 'mirrorPercent', 'retries', 'timeout', 'tlsMode',
    'outlierDetection', 'connectionPool', 'loadBalancer', ...(forArgo ? ['steps', 'pause'] : []),
  ]);
  const version = o.apiVersion ?? 'v1';
  if (version !== 'v1' && version !== 'v1beta1') problems.notSupported(path('routing', 'apiVersion'), `must be 'v1' or 'v1beta1', got ${describe(version)}`);
  const apiVersion = `networking.istio.io/${version === 'v1beta1' ? 'v1beta1' : 'v1'}`;

  // Gateways and hosts.
  const gateways = o.gateways ?? [];
  const gatewayNamespaces: string[] = [];
  if (!Array.isArray(gateways)) problems.invalid(path('routing', 'gateways'), `must be a list of "namespace/name", got ${describe(gateways)}`);
  else {
    gateways.forEach((g, i) => {
      const at = path('routing', 'gateways', i);
      if (!checkString(problems, at, g)) return;
      const parts = g.split('/');
      if (parts.length > 2 || !parts.every((p) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p))) {
        problems.invalid(at, `${JSON.stringify(g)} must be "name" or "namespace/name" of an Istio Gateway`);
        return;
      }
      // The gateway's pods usually run in its namespace (istio-system for the default ingress gateway).
      const ns = parts.length === 2 ? parts[0] : 'istio-system';
      if (!gatewayNamespaces.includes(ns)) gatewayNamespaces.push(ns);
    });
  }
  const mesh = o.mesh ?? true;
  if (typeof mesh !== 'boolean') problems.invalid(path('routing', 'mesh'), `must be a boolean, got ${describe(mesh)}`);
  const gatewayList = Array.isArray(gateways) ? gateways.filter((g) => typeof g === 'string') : [];
  if (!mesh && gatewayList.length === 0) problems.conflict(path('routing', 'mesh'), 'is false but no gateways are given: the VirtualService would route nothing');
  const externalHosts = o.externalHosts ?? [];
  if (!Array.isArray(externalHosts)) problems.invalid(path('routing', 'externalHosts'), `must be a list of host names, got ${describe(externalHosts)}`);
  else externalHosts.forEach((h, i) => checkHostname(problems, path('routing', 'externalHosts', i), h));
  if (gatewayList.length > 0 && Array.isArray(externalHosts) && externalHosts.length === 0) {
    problems.required(path('routing', 'externalHosts'), 'is required with gateways: the host names clients use through the gateway');
  }

  // Routes: matches first (A/B), then the weights.
  const matches: Record<string, unknown>[] = [];
  if (o.match !== undefined) {
    if (!Array.isArray(o.match)) problems.invalid(path('routing', 'match'), `must be a list of CanaryMatch, got ${describe(o.match)}`);
    else o.match.forEach((m, i) => {
      const r = renderMatch(problems, path('routing', 'match', i), m, mesh === true);
      if (r) matches.push(r);
    });
    if (Array.isArray(o.match) && o.match.length > 0) {
      if (forArgo) problems.notSupported(path('routing', 'match'), 'is not supported with Argo Rollouts, which owns the routes (use its setHeaderRoute steps)');
      else if (!hasCanary) problems.conflict(path('routing', 'match'), 'sends requests to the canary, but there is no canary track');
    }
  }
  const timeout = checkDuration(problems, path('routing', 'timeout'), o.timeout);
  let retries: Record<string, unknown> | undefined;
  if (o.retries !== undefined && checkObject(problems, path('routing', 'retries'), o.retries)) {
    checkKnownKeys(problems, path('routing', 'retries'), o.retries, ['attempts', 'perTryTimeout', 'retryOn']);
    const attempts = o.retries.attempts;
    checkInteger(problems, path('routing', 'retries', 'attempts'), attempts, 0, 100);
    const perTry = checkDuration(problems, path('routing', 'retries', 'perTryTimeout'), o.retries.perTryTimeout);
    if (attempts === 0 && o.retries.perTryTimeout !== undefined) {
      problems.conflict(path('routing', 'retries', 'perTryTimeout'), 'is set but attempts is 0: there is no retry to time');
    }
    if (o.retries.retryOn !== undefined && checkString(problems, path('routing', 'retries', 'retryOn'), o.retries.retryOn) && !/^[a-z0-9-]+(,[a-z0-9-]+)*$/.test(o.retries.retryOn)) {
      problems.invalid(path('routing', 'retries', 'retryOn'), `${JSON.stringify(o.retries.retryOn)} must be a comma-separated list of Envoy retry conditions (e.g. "5xx,reset,connect-failure")`);
    }
    retries = { attempts, ...(perTry ? { perTryTimeout: perTry } : {}), ...(o.retries.retryOn ? { retryOn: o.retries.retryOn } : {}) };
  }
  let mirror: Record<string, unknown> = {};
  if (o.mirrorPercent !== undefined) {
    if (typeof o.mirrorPercent !== 'number' || !Number.isFinite(o.mirrorPercent) || o.mirrorPercent <= 0 || o.mirrorPercent > 100) {
      problems.invalid(path('routing', 'mirrorPercent'), `${describe(o.mirrorPercent)} must be a percentage above 0 and at most 100`);
    } else if (forArgo) {
      problems.notSupported(path('routing', 'mirrorPercent'), 'is not supported with Argo Rollouts, which owns the route');
    } else if (!hasCanary) {
      problems.conflict(path('routing', 'mirrorPercent'), 'mirrors to the canary, but there is no canary track');
    } else {
      mirror = { mirror: { host: fqdn, subset: 'canary', port: { number: port.servicePort } }, mirrorPercentage: { value: o.mirrorPercent } };
    }
  }
  const destination = (subset: Track) => ({ host: fqdn, subset, port: { number: port.servicePort } });
  // A fresh copy per route: shared objects would be written as YAML anchors.
  const common = () => ({ ...(timeout ? { timeout } : {}), ...(retries ? { retries: { ...retries } } : {}) });
  const http: Record<string, unknown>[] = matches.map((m, i) => ({ name: `canary-match-${i}`, match: [m], route: [{ destination: destination('canary') }], ...common() }));
  http.push({
    // Argo Rollouts finds the route it drives by this name.
    name: 'primary',
    route: hasCanary || forArgo
      ? [{ destination: destination('stable'), weight: 100 - weight }, { destination: destination('canary'), weight }]
      : [{ destination: destination('stable'), weight: 100 }],
    ...mirror,
    ...common(),
  });

  // Traffic policy.
  const tlsMode = o.tlsMode ?? 'ISTIO_MUTUAL';
  if (tlsMode !== 'ISTIO_MUTUAL' && tlsMode !== 'DISABLE') problems.notSupported(path('routing', 'tlsMode'), `must be 'ISTIO_MUTUAL' or 'DISABLE', got ${describe(tlsMode)}`);
  const trafficPolicy: Record<string, unknown> = { tls: { mode: tlsMode } };
  if (o.outlierDetection !== false) {
    const od = (o.outlierDetection ?? {}) as Exclude<IstioRoutingOptions['outlierDetection'], false | undefined>;
    const at = path('routing', 'outlierDetection');
    if (checkObject(problems, at, od)) checkKnownKeys(problems, at, od, ['consecutive5xxErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent']);
    const errors = od.consecutive5xxErrors ?? 5;
    checkInteger(problems, path(at, 'consecutive5xxErrors'), errors, 1, 1000);
    const percent = od.maxEjectionPercent ?? 50;
    checkInteger(problems, path(at, 'maxEjectionPercent'), percent, 1, 100);
    trafficPolicy.outlierDetection = {
      consecutive5xxErrors: errors,
      interval: checkDuration(problems, path(at, 'interval'), od.interval ?? Duration.seconds(30)),
      baseEjectionTime: checkDuration(problems, path(at, 'baseEjectionTime'), od.baseEjectionTime ?? Duration.seconds(30)),
      maxEjectionPercent: percent,
    };
  }
  if (o.connectionPool !== undefined && checkObject(problems, path('routing', 'connectionPool'), o.connectionPool)) {
    const at = path('routing', 'connectionPool');
    const c = o.connectionPool;
    checkKnownKeys(problems, at, c, ['maxConnections', 'http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection']);
    for (const k of ['maxConnections', 'http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection'] as const) {
      if (c[k] !== undefined) checkInteger(problems, path(at, k), c[k], 1, 10_000_000);
    }
    const tcp = c.maxConnections !== undefined ? { tcp: { maxConnections: c.maxConnections } } : {};
    const httpPool = Object.fromEntries((['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection'] as const).filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));
    trafficPolicy.connectionPool = { ...tcp, ...(Object.keys(httpPool).length ? { http: httpPool } : {}) };
  }
  if (o.loadBalancer !== undefined) trafficPolicy.loadBalancer = renderLoadBalancer(problems, o.loadBalancer);

  const hosts = [fqdn, ...(Array.isArray(externalHosts) ? externalHosts : [])];
  const subsets = forArgo
    // Argo Rollouts injects the revision label into the subsets itself.
    ? [{ name: 'stable', labels: {} }, { name: 'canary', labels: {} }]
    : [{ name: 'stable', labels: { [TRACK_LABEL]: 'stable' } }, ...(hasCanary ? [{ name: 'canary', labels: { [TRACK_LABEL]: 'canary' } }] : [])];
  return {
    destinationRule: {
      apiVersion,
      kind: 'DestinationRule',
      // Each object its own metadata: a shared object would leak a mutation from one to the other.
      metadata: { ...metadata, labels: { ...metadata.labels } },
      spec: { host: fqdn, trafficPolicy, subsets },
    },
    virtualService: {
      apiVersion,
      kind: 'VirtualService',
      metadata: { ...metadata, labels: { ...metadata.labels } },
      spec: {
        hosts,
        ...(gatewayList.length ? { gateways: [...(mesh ? ['mesh'] : []), ...gatewayList] } : {}),
        http,
      },
    },
    gatewayNamespaces,
  };
}

function renderLoadBalancer(problems: Problems, lb: unknown): Record<string, unknown> | undefined {
  const at = path('routing', 'loadBalancer');
  if (typeof lb === 'string') {
    if (!['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'PASSTHROUGH'].includes(lb)) {
      problems.invalid(at, `must be ROUND_ROBIN, LEAST_REQUEST, RANDOM, PASSTHROUGH or { consistentHash }, got ${describe(lb)}`);
    }
    return { simple: lb };
  }
  if (!checkObject(problems, at, lb)) return undefined;
  const ch = (lb as { consistentHash?: Record<string, unknown> }).consistentHash;
  if (!ch || !checkObject(problems, path(at, 'consistentHash'), ch)) return undefined;
  const chosen = ['header', 'cookie', 'sourceIp'].filter((k) => ch[k] !== undefined);
  if (chosen.length !== 1) {
    problems.invalid(path(at, 'consistentHash'), 'must hash on exactly one of header, cookie or sourceIp');
    return undefined;
  }
  if (ch.header !== undefined) {
    if (!checkString(problems, path(at, 'consistentHash', 'header'), ch.header)) return undefined;
    return { consistentHash: { httpHeaderName: ch.header } };
  }
  if (ch.sourceIp !== undefined) return { consistentHash: { useSourceIp: ch.sourceIp === true } };
  const cookie = ch.cookie as { name?: unknown; ttl?: unknown };
  if (!checkObject(problems, path(at, 'consistentHash', 'cookie'), cookie) || !checkString(problems, path(at, 'consistentHash', 'cookie', 'name'), cookie.name)) return undefined;
  const ttl = cookie.ttl === undefined ? undefined : checkDuration(problems, path(at, 'consistentHash', 'cookie', 'ttl'), cookie.ttl);
  return { consistentHash: { httpCookie: { name: cookie.name, ...(ttl ? { ttl } : {}) } } };
}

// ------------------------------------------------------------------------------ ingress-nginx

const NGINX = 'nginx.ingress.kubernetes.io';

function renderNginx(
  problems: Problems,
  o: IngressNginxRoutingOptions,
  name: string,
  port: Port,
  weight: number,
  hasCanary: boolean,
  meta: (extra?: Partial<ObjectMeta>) => ObjectMeta,
): Ingress[] {
  if (!checkObject(problems, 'routing', o)) return [];
  checkKnownKeys(problems, 'routing', o, ['hosts', 'className', 'tlsSecretName', 'header', 'headerValue', 'headerPattern', 'cookie', 'controllerNamespace']);
  if (!Array.isArray(o.hosts) || o.hosts.length === 0) problems.required(path('routing', 'hosts'), 'must list at least one host');
  else o.hosts.forEach((h, i) => checkHostname(problems, path('routing', 'hosts', i), h));
  const className = o.className ?? 'nginx';
  checkDns1123Subdomain(problems, path('routing', 'className'), className);
  if (o.tlsSecretName !== undefined) checkDns1123Subdomain(problems, path('routing', 'tlsSecretName'), o.tlsSecretName);
  const annotations: Record<string, string> = { [`${NGINX}/canary`]: 'true', [`${NGINX}/canary-weight`]: safeText(weight) };
  if (o.header !== undefined) {
    if (checkString(problems, path('routing', 'header'), o.header) && !/^[A-Za-z0-9-]+$/.test(o.header)) {
      problems.invalid(path('routing', 'header'), `${JSON.stringify(o.header)} is not a valid header name`);
    }
    annotations[`${NGINX}/canary-by-header`] = safeText(o.header);
    if (o.headerValue !== undefined && o.headerPattern !== undefined) problems.conflict(path('routing', 'headerPattern'), 'cannot be set with headerValue; choose one');
    if (o.headerValue !== undefined && checkString(problems, path('routing', 'headerValue'), o.headerValue)) annotations[`${NGINX}/canary-by-header-value`] = o.headerValue;
    if (o.headerPattern !== undefined && checkRegex(problems, path('routing', 'headerPattern'), o.headerPattern)) annotations[`${NGINX}/canary-by-header-pattern`] = o.headerPattern;
  } else if (o.headerValue !== undefined || o.headerPattern !== undefined) {
    problems.required(path('routing', 'header'), 'is required with headerValue or headerPattern');
  }
  if (o.cookie !== undefined && checkString(problems, path('routing', 'cookie'), o.cookie)) annotations[`${NGINX}/canary-by-cookie`] = o.cookie;
  if (!hasCanary && (o.header !== undefined || o.cookie !== undefined)) problems.conflict('routing', 'routes by header or cookie to the canary, but there is no canary track');
  const hosts = Array.isArray(o.hosts) ? [...o.hosts] : [];
  const ingress = (ingressName: string, service: string, extra: Record<string, string>): Ingress => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta({ name: ingressName, ...(Object.keys(extra).length ? { annotations: extra } : {}) }),
    spec: {
      ingressClassName: className,
      ...(o.tlsSecretName !== undefined ? { tls: [{ hosts: [...hosts], secretName: o.tlsSecretName }] } : {}),
      rules: hosts.map((host) => ({
        host,
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { name: port.name } } } }] },
      })),
    },
  });
  const out = [ingress(name, `${name}-stable`, {})];
  if (hasCanary) out.push(ingress(`${name}-canary`, `${name}-canary`, annotations));
  return out;
}

// ------------------------------------------------------------------------------- Gateway API

function renderHttpRoute(
  problems: Problems,
  o: GatewayApiRoutingOptions,
  name: string,
  namespace: string | undefined,
  port: Port,
  weight: number,
  hasCanary: boolean,
  metadata: ObjectMeta,
): { httpRoute?: CustomObject; controllerNamespace?: string } {
  if (!checkObject(problems, 'routing', o)) return {};
  checkKnownKeys(problems, 'routing', o, ['gateway', 'hostnames', 'headers', 'controllerNamespace']);
  let parentRef: Record<string, string> | undefined;
  if (checkString(problems, path('routing', 'gateway'), o.gateway)) {
    const parts = o.gateway.split('/');
    if (parts.length > 2 || !parts.every((p) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p))) {
      problems.invalid(path('routing', 'gateway'), `${JSON.stringify(o.gateway)} must be "name" or "namespace/name" of a Gateway`);
    } else {
      parentRef = parts.length === 2 ? { name: parts[1], namespace: parts[0] } : { name: parts[0] };
    }
  }
  const hostnames = o.hostnames ?? [];
  if (!Array.isArray(hostnames)) problems.invalid(path('routing', 'hostnames'), `must be a list of host names, got ${describe(hostnames)}`);
  else hostnames.forEach((h, i) => checkHostname(problems, path('routing', 'hostnames', i), h));
  const headers = o.headers ?? {};
  const headerMatches: Array<{ type: string; name: string; value: string }> = [];
  if (checkObject(problems, path('routing', 'headers'), headers)) {
    for (const [k, v] of Object.entries(headers)) {
      if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(k)) problems.invalid(path('routing', 'headers', k), `${JSON.stringify(k)} is not a valid header name`);
      if (checkString(problems, path('routing', 'headers', k), v)) headerMatches.push({ type: 'Exact', name: k, value: v });
    }
  }
  if (headerMatches.length && !hasCanary) problems.conflict(path('routing', 'headers'), 'route to the canary, but there is no canary track');
  const controllerNamespace = o.controllerNamespace ?? parentRef?.namespace ?? namespace;
  if (controllerNamespace === undefined && parentRef) {
    // Without it the NetworkPolicy would admit no gateway at all, silently.
    problems.required(path('routing', 'controllerNamespace'), "is required when neither the Gateway nor the release has a namespace: the namespace of the Gateway's data-plane pods, which the NetworkPolicy admits");
  }
  if (o.controllerNamespace !== undefined) checkDns1123Label(problems, path('routing', 'controllerNamespace'), o.controllerNamespace);
  const backend = (t: Track, w?: number) => ({ name: `${name}-${t}`, port: port.servicePort, ...(w !== undefined ? { weight: w } : {}) });
  const rules: Record<string, unknown>[] = [];
  if (headerMatches.length && hasCanary) rules.push({ matches: [{ headers: headerMatches }], backendRefs: [backend('canary')] });
  rules.push({ backendRefs: hasCanary ? [backend('stable', 100 - weight), backend('canary', weight)] : [backend('stable')] });
  return {
    controllerNamespace,
    httpRoute: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata,
      spec: {
        parentRefs: parentRef ? [parentRef] : [],
        ...(Array.isArray(hostnames) && hostnames.length ? { hostnames: [...hostnames] } : {}),
        rules,
      },
    },
  };
}

// ------------------------------------------------------------------------------ Argo Rollouts

function renderRollout(
  problems: Problems,
  props: CanaryReleaseProps,
  stable: RenderedTrack,
  options: ArgoRolloutsOptions,
  timing: RolloutSettings,
  selector: Record<string, string>,
  metadata: ObjectMeta,
  canary: CanaryTrackProps | undefined,
): CustomObject {
  const steps = options?.steps ?? [10, 25, 50];
  if (!Array.isArray(steps) || steps.length === 0) problems.required(path('routing', 'steps'), 'must list at least one weight');
  else steps.forEach((w, i) => {
    if (checkInteger(problems, path('routing', 'steps', i), w, 1, 100) && i > 0 && w <= steps[i - 1]) {
      problems.invalid(path('routing', 'steps', i), `${w} must be above the previous step ${steps[i - 1]}`);
    }
  });
  // 'manual': an empty pause, which Argo Rollouts holds until `kubectl argo rollouts promote`.
  const pause = options?.pause === undefined ? '10m' : options.pause === 'manual' ? undefined : checkDuration(problems, path('routing', 'pause'), options.pause);
  if (canary !== undefined) {
    problems.conflict('canary', 'is driven by Argo Rollouts with this routing: change the image in `stable` (or the container) and the controller runs the canary steps');
  }
  // The Rollout's template is the stable track's: Argo Rollouts runs the new revision as the canary.
  const template: PodTemplateSpec = stable.pod.template;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata,
    spec: {
      ...(stable.autoscaling ? {} : { replicas: stable.replicas }),
      selector: { matchLabels: { ...selector } },
      minReadySeconds: timing.minReadySeconds,
      progressDeadlineSeconds: timing.progressDeadlineSeconds,
      revisionHistoryLimit: timing.revisionHistoryLimit,
      template,
      strategy: {
        canary: {
          ...(props.maxSurge !== undefined ? { maxSurge: props.maxSurge, maxUnavailable: 0 } : {}),
          trafficRouting: {
            istio: {
              virtualService: { name: props.name, routes: ['primary'] },
              destinationRule: { name: props.name, canarySubsetName: 'canary', stableSubsetName: 'stable' },
            },
          },
          steps: (Array.isArray(steps) ? steps : []).flatMap((w) => [{ setWeight: w }, { pause: pause ? { duration: pause } : {} }]),
        },
      },
    },
  };
}

/**
 * A value already validated (or reported) as text, for building names and annotations: anything
 * else (from JavaScript, e.g. an object without a prototype) must not reach a string conversion,
 * which could throw a TypeError instead of the library's error.
 */
function safeText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : 'invalid';
}
