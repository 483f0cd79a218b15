import { CANARY_DEFAULTS } from './defaults';
import { CANARY_KEYS, CANARY_RELEASE, CanaryReleaseProps, CanaryTrackProps, ReleaseTrackProps, TRACK_KEYS, TRACK_LABEL } from './props';
import { releaseRisks } from './risks';
import { ReplicaPlan, Router, ServicePlan } from './router';
import { routerFor } from './routers';
import { CanaryRouting } from './routing';
import { safeText } from './text';
import { ResolvedTrack, resolveTrack, sameTrack, distinctCanaryVersion } from './tracks';
import { checkDns1035Label, checkDns1123Label, checkDns1123Subdomain, checkInteger, checkKnownKeys, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { BuildOptions, beginResolve } from '../validation/props';
import { AcknowledgedRisk, RiskLedger } from '../validation/risks';
import type { Port } from '../values/port';
import { DEFAULTS } from '../workload/defaults';
import { resolveDisruptionBudget } from '../workload/disruption-budget';
import { LABELS } from '../workload/labels';
import { MESH_PROXY_ID, meshIdentityProblems } from '../workload/mesh-identity';
import { ResolvedNetworkAccess, resolveNetworkAccess } from '../workload/network-policy';
import { RolloutSettings, resolveRollout } from '../workload/rollout';

/** A CanaryRelease's props, checked and defaulted: everything its objects are rendered from. */
export interface ResolvedCanaryRelease {
  readonly props: CanaryReleaseProps;
  readonly name: string;
  readonly router: Router;
  /** The stable track, and the canary's when there is one. */
  readonly tracks: readonly ResolvedTrack[];
  /** The labels that select both tracks' pods. */
  readonly selector: Record<string, string>;
  /** The release's labels: the stable pods' but the track and version. */
  readonly labels: Record<string, string>;
  readonly exposed: readonly Port[];
  readonly routePort?: Port;
  readonly services: readonly ServicePlan[];
  readonly settings: RolloutSettings;
  readonly maxUnavailable: number | string;
  /** The router's view of the workloads (autoscalers, or Argo's steps). */
  readonly workloads: unknown;
  /** The router's resolved route, when it routes to a port. */
  readonly route?: unknown;
  readonly access: ResolvedNetworkAccess;
  readonly achievedWeight: number;
  readonly warnings: readonly string[];
  /** The risks the props acknowledge and take, with the objects that carry them. */
  readonly risks: readonly AcknowledgedRisk[];
}

/**
 * Checks CanaryRelease props (any input, JavaScript garbage included) and applies the defaults.
 * Throws one KeelsonValidationError listing every problem.
 */
export function resolveCanaryRelease(input: unknown, options: BuildOptions = {}): ResolvedCanaryRelease {
  const { props, problems } = beginResolve<CanaryReleaseProps>(CANARY_RELEASE, input, CANARY_KEYS, options, ['PodSpec', 'DeploymentSpec']);
  const name = problems.construct;
  checkName(problems, props);
  const risks = RiskLedger.from(problems, props.acknowledgeRisks);
  const routing = resolveRouting(problems, props.routing);
  const router = routerFor(routing.kind);
  // Options from JavaScript may be anything: the simple routings' options are checked here.
  router.checkOptions(problems, routing.options);
  const canaryProps = checkTracks(problems, props);
  const weight = resolveWeight(problems, canaryProps, router);
  const plan = router.replicas(problems, props, canaryProps, weight, routing.options);
  const { tracks, exposed, routePort } = resolveTracks(problems, props, canaryProps, plan, router);
  const [stable, canary] = tracks;
  if (router.usesMesh) checkMeshIdentity(problems, stable, router);

  // Every track's Deployment (or the Rollout) rolls out the same way.
  const settings = resolveRollout(problems, props);
  if (props.clusterDomain !== undefined) checkDns1123Subdomain(problems, 'clusterDomain', props.clusterDomain);
  const maxUnavailable = resolveDisruptionBudget(problems, props.disruptionBudget);
  const workloads = router.resolveWorkloads(problems, routing.options, tracks, canaryProps);
  checkCanaryAutoscaling(problems, props);
  const traffic = resolveTraffic(problems, props, router, routing.options, { plan, weight, hasCanary: canary !== undefined, exposed, routePort });
  const access = resolveNetworkAccess(problems, props.allowFrom, props.allowTo, { risks, kind: 'NetworkPolicy', name });
  const acknowledged = releaseRisks(problems, name, props, router, { plan, weight, maxUnavailable }, risks);
  const complete = problems.complete({ settings, maxUnavailable, access });

  return {
    props,
    name,
    router,
    tracks,
    selector: { [LABELS.name]: props.name, [LABELS.instance]: props.name },
    labels: Object.fromEntries(Object.entries(stable.pod.labels).filter(([k]) => k !== TRACK_LABEL && k !== LABELS.version)),
    exposed,
    ...(routePort ? { routePort } : {}),
    services: traffic.services,
    settings: complete.settings,
    maxUnavailable: complete.maxUnavailable,
    workloads,
    ...(traffic.route !== undefined ? { route: traffic.route } : {}),
    access: complete.access,
    achievedWeight: canary ? traffic.achievedWeight : 0,
    warnings: plan.warnings,
    risks: acknowledged,
  };
}

/** The pods must not run as the mesh proxy's identity, or their traffic bypasses the mesh. */
function checkMeshIdentity(problems: Problems, stable: ResolvedTrack, router: Router): void {
  for (const p of meshIdentityProblems({ securityContext: { runAsUser: stable.pod.runAsUser, runAsGroup: stable.pod.runAsGroup } })) {
    problems.conflict(p.at, `${MESH_PROXY_ID} is the ${p.id} of Istio's sidecar proxy, and ${router.kind} routing runs the pods in the mesh: the sidecar does not intercept traffic of that ${p.id}, so the app would bypass mutual TLS and authorization; use another ${p.id}`);
  }
}

/** The routing: one made with CanaryRouting (Istio when none); anything else ends the checks. */
function resolveRouting(problems: Problems, given: unknown): CanaryRouting {
  const routing = given ?? CanaryRouting.istio();
  if (!(routing instanceof CanaryRouting)) {
    problems.invalid('routing', `must be made with CanaryRouting.istio(), .ingressNginx(), .gatewayApi(), .replicaRatio(), .blueGreen() or .argoRollouts(), got ${describe(routing)}`);
    problems.throwIfAny();
  }
  return routing as CanaryRouting;
}

/** The tracks' pods and the ports traffic reaches them on, checked against what the router needs. */
function resolveTracks(problems: Problems, props: CanaryReleaseProps, canaryProps: CanaryTrackProps | undefined, plan: ReplicaPlan, router: Router): {
  tracks: ResolvedTrack[]; exposed: Port[]; routePort?: Port;
} {
  // One pod per track: resolveTrack keeps only the canary's own problems, not those that repeat stable's.
  const stable = resolveTrack(problems, props, 'stable', plan.counts.stable, router.podOptions('stable'));
  const tracks: ResolvedTrack[] = [stable];
  if (canaryProps !== undefined) {
    const version = distinctCanaryVersion(problems, stable, canaryProps, props.containers?.[0]?.image);
    tracks.push(resolveTrack(problems, props, 'canary', plan.counts.canary, router.podOptions('canary'), version));
    if (sameTrack(props.stable, canaryProps, props.containers?.[0]?.image)) {
      problems.invalid('canary', 'runs the same image, env and resources as stable: a canary must differ (change the image, or env/resources)');
    }
  }
  const exposed = stable.pod.ports.filter((p) => p.expose);
  const routePort = exposed.find((p) => p.protocol === 'http') ?? exposed.find((p) => p.protocol === 'grpc');
  if (hasFirstContainer(props) && router.routesToPort && !routePort) {
    problems.required('containers', `${router.kind} routing needs an exposed HTTP or gRPC port on the first container to route`);
  }
  if (router.needsNamespace && props.namespace === undefined) {
    problems.required('namespace', `is required with ${router.kind} routing: its hosts are fully qualified (<name>.<namespace>.svc.cluster.local)`);
  }
  return { tracks, exposed, ...(routePort ? { routePort } : {}) };
}

/**
 * Whether the first container is given as an object: without one, the pod's problems say what is
 * wrong with the containers, and the ports it lacks would only repeat them.
 */
function hasFirstContainer(props: CanaryReleaseProps): boolean {
  const first = Array.isArray(props.containers) ? props.containers[0] as unknown : undefined;
  return typeof first === 'object' && first !== null;
}

/** What the traffic split is resolved from besides the props: the replica plan, the weight, the exposed ports. */
interface TrafficInputs {
  readonly plan: ReplicaPlan;
  readonly weight: number;
  readonly hasCanary: boolean;
  readonly exposed: readonly Port[];
  readonly routePort?: Port;
}

/** The Services and the router's route (when it routes to a port), and the weight they achieve. */
function resolveTraffic(problems: Problems, props: CanaryReleaseProps, router: Router, options: unknown, t: TrafficInputs): {
  services: readonly ServicePlan[]; route?: unknown; achievedWeight: number;
} {
  let achievedWeight = t.plan.achievedWeight;
  let services: readonly ServicePlan[] = [];
  if (t.exposed.length) {
    const servicesPlan = router.services(problems, problems.construct, t.hasCanary, options, t.plan.counts);
    services = servicesPlan.services;
    achievedWeight = servicesPlan.achievedWeight ?? achievedWeight;
  } else if (hasFirstContainer(props)) {
    problems.required('containers', 'a CanaryRelease needs an exposed port: traffic is what it splits');
  }
  if (!t.routePort) return { services, achievedWeight };
  // Names that are not text were reported by checkName; they must not reach a string conversion.
  const clusterDomain = typeof props.clusterDomain === 'string' ? props.clusterDomain : DEFAULTS.clusterDomain;
  const fqdn = `${safeText(props.name)}.${safeText(props.namespace ?? 'default')}.svc.${clusterDomain}`;
  const route = router.resolveRoute({
    problems,
    name: problems.construct,
    namespace: props.namespace,
    options,
    weight: t.weight,
    hasCanary: t.hasCanary,
    fqdn,
    port: t.routePort,
  });
  return { services, achievedWeight, ...(route !== undefined ? { route } : {}) };
}

/** A name short enough for every derived name, and a namespace. */
function checkName(problems: Problems, props: CanaryReleaseProps): void {
  if (checkDns1035Label(problems, 'name', props.name) && props.name.length > 55) {
    problems.invalid('name', `${JSON.stringify(props.name)} is too long: "${props.name}-preview" and the per-track names must fit in 63 characters (at most 55)`);
  }
  if (props.namespace !== undefined) checkDns1123Label(problems, 'namespace', props.namespace);
}

/** The tracks' own props; returns the canary's when it is an object (one that is not is reported and treated as absent). */
function checkTracks(problems: Problems, props: CanaryReleaseProps): CanaryTrackProps | undefined {
  const canaryProps = props.canary !== undefined && checkObject(problems, 'canary', props.canary) ? props.canary : undefined;
  if (canaryProps !== undefined) checkKnownKeys(problems, 'canary', canaryProps, [...TRACK_KEYS, 'weight']);
  if (props.stable !== undefined && checkObject(problems, 'stable', props.stable)) checkKnownKeys(problems, 'stable', props.stable, TRACK_KEYS);
  for (const t of ['stable', 'canary'] as const) {
    const env = (props[t] as ReleaseTrackProps | undefined)?.env;
    if (props[t] && typeof props[t] === 'object' && env !== undefined) checkObject(problems, path(t, 'env'), env);
  }
  if (canaryProps !== undefined && canaryProps.image === undefined) problems.required(path('canary', 'image'), 'is required: the canary runs a new image');
  return canaryProps;
}

/** The canary's weight (0 without a canary); a bad one is reported and counts as 0 for the replica plan. */
function resolveWeight(problems: Problems, canaryProps: CanaryTrackProps | undefined, router: Router): number {
  const given: unknown = canaryProps === undefined ? CANARY_DEFAULTS.weight : canaryProps.weight ?? CANARY_DEFAULTS.weight;
  if (canaryProps !== undefined && canaryProps.weight !== undefined) checkInteger(problems, path('canary', 'weight'), canaryProps.weight, 0, 100);
  if (!router.weighted && canaryProps?.weight !== undefined) {
    problems.conflict(path('canary', 'weight'), "has no effect with blue/green routing: the main Service sends all traffic to the active track; switch with CanaryRouting.blueGreen({ active: 'canary' })");
  }
  return typeof given === 'number' && Number.isFinite(given) ? given : CANARY_DEFAULTS.weight;
}

/** The tracks' autoscaling is an object; the canary's sets its minimum. */
function checkCanaryAutoscaling(problems: Problems, props: CanaryReleaseProps): void {
  for (const t of ['stable', 'canary'] as const) {
    const a = props[t]?.autoscaling;
    if (a !== undefined && checkObject(problems, path(t, 'autoscaling'), a) && a.minReplicas === undefined && t === 'canary') {
      // The autoscaler's default minimum (2) would make a small canary bigger than intended: ask.
      problems.required(path(t, 'autoscaling', 'minReplicas'), 'is required for the canary: choose how small it may get');
    }
  }
}
