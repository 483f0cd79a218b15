import { CANARY_DEFAULTS } from './defaults';
import { CANARY_KEYS, CANARY_RELEASE, CanaryReleaseProps, CanaryTrackProps, ReleaseTrackProps, TRACK_KEYS, TRACK_LABEL } from './props';
import { releaseRisks } from './risks';
import { ReplicaPlan, Router, ServicePlan, TrackName, VersionWeight, scaledWeight } from './router';
import { routerFor } from './routers';
import { CanaryRouting } from './routing';
import { ResolvedTrack, ResolvedTrackPod, resolveCanaryTrack, resolveStableTrack, sameTrack } from './tracks';
import { VersionSpec, checkVersions, versionWeights, withVersionReplicas } from './versions';
import { checkDns1035Label, checkDns1123Label, checkDns1123Subdomain, checkInteger, checkKnownKeys, checkObject, describe, isRecord } from '../validation/checks';
import { ANY_HOST } from '../validation/hosts';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { BuildOptions, beginResolve } from '../validation/props';
import { AcknowledgedRisk, RiskLedger } from '../validation/risks';
import type { Port } from '../values/port';
import { DEFAULTS } from '../workload/defaults';
import { resolveDisruptionBudget } from '../workload/disruption-budget';
import { ResolvedExposure, resolveExposure } from '../workload/exposure';
import { LABELS } from '../workload/labels';
import { MESH_PROXY_ID, meshIdentityProblems } from '../workload/mesh-identity';
import { checkMetricContainers } from '../workload/metrics';
import { ResolvedNetworkAccess, resolveNetworkAccess } from '../workload/network-policy';
import { checkPodPrivileges } from '../workload/privileges';
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
  /** The exposure of the Service `<name>` (replica-ratio and blue-green routings). */
  readonly exposure?: ResolvedExposure;
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
  const host = checkName(problems, props);
  const risks = RiskLedger.from(problems, props.acknowledgeRisks);
  const routing = resolveRouting(problems, props.routing);
  const router = routerFor(routing.kind);
  // Options from JavaScript may be anything: the simple routings' options are checked here.
  router.checkOptions(problems, routing.options);
  const canaryProps = checkTracks(problems, props);
  const hasCanary = props.canary !== undefined;
  const weight = resolveWeight(problems, props, canaryProps, router);
  const versions = checkVersions(problems, props, router, host.name);
  const versionShares = versionWeights(problems, versions, weight);
  const plan = withVersionReplicas(router.replicas(problems, { props, hasCanary, canary: canaryProps, weight, options: routing.options }), versions);
  const { tracks, exposed, routePort } = resolveTracks(problems, props, canaryProps, router, versions);
  const [stable] = tracks;
  if (router.usesMesh) checkMeshIdentity(problems, stable, router);

  // Every track's Deployment (or the Rollout) rolls out the same way.
  const settings = resolveRollout(problems, props);
  const clusterDomain = resolveClusterDomain(problems, props.clusterDomain);
  const maxUnavailable = resolveDisruptionBudget(problems, props.disruptionBudget);
  const workloads = router.resolveWorkloads(problems, routing.options, tracks, hasCanary, risks);
  checkCanaryAutoscaling(problems, props, stable.pod.containers.map((c) => c.name));
  const fqdn = host.name !== undefined && host.namespace !== undefined && clusterDomain !== undefined
    ? `${host.name}.${host.namespace}.svc.${clusterDomain}`
    : undefined;
  const traffic = resolveTraffic(problems, router, routing.options, {
    plan,
    weight: versionShares || !versions.length ? weight : undefined,
    hasCanary,
    exposed,
    routePort,
    fqdn,
    namespace: host.namespace,
    versions: versionShares ?? [],
  });
  const access = resolveNetworkAccess(problems, props.allowFrom, props.allowTo, { risks, kind: 'NetworkPolicy', name }, props.namespace);
  const exposure = resolveExposure(problems, props.exposure, exposed, {
    risks,
    name,
    ...exposureObstacle(router, exposed, props.exposure),
    ...gatewayObstacle(router, props.exposure),
    ...(host.namespace !== undefined ? { namespace: host.namespace } : {}),
  });
  const carriers = routing.kind === 'flagger' ? [{ kind: 'Deployment', name }]
    : router.oneWorkload ? [{ kind: 'Rollout', name }] : tracks.map((t) => ({ kind: 'Deployment', name: `${name}-${t.track}` }));
  checkPodPrivileges(problems, stable.pod, risks, carriers);
  const acknowledged = releaseRisks(problems, name, props, router, { tracks, plan, weight, maxUnavailable, versions: versionShares }, risks);
  // The canary's and the versions' tracks are there unless a part of one had a problem.
  const allTracks = tracks.length < 1 + (hasCanary ? 1 : 0) + versions.length ? undefined : tracks;
  const complete = problems.complete({
    tracks: allTracks, settings, maxUnavailable, access, services: traffic.services, achievedWeight: traffic.achievedWeight,
  });

  return {
    props,
    name,
    router,
    tracks: complete.tracks.map((t) => ({ ...t, replicas: replicasOf(plan, t.track) })),
    selector: router.releaseSelector(props.name),
    labels: Object.fromEntries(Object.entries(stable.pod.labels).filter(([k]) => k !== TRACK_LABEL && k !== LABELS.version)),
    exposed,
    ...(routePort ? { routePort } : {}),
    services: complete.services,
    settings: complete.settings,
    maxUnavailable: complete.maxUnavailable,
    workloads,
    ...(traffic.route !== undefined ? { route: traffic.route } : {}),
    access: complete.access,
    ...(exposure ? { exposure } : {}),
    achievedWeight: complete.achievedWeight,
    warnings: plan.warnings,
    risks: acknowledged,
  };
}

/** A track's replica count, once the props have passed every check: the plan has it then. */
function replicasOf(plan: ReplicaPlan, track: TrackName): number {
  const count = plan.counts[track];
  if (count === undefined) throw new Error(`keelson: CanaryRelease ${track} replicas were not resolved, and no problem says why`);
  return count;
}

/** The pods must not run as the mesh proxy's identity, or their traffic bypasses the mesh. */
function checkMeshIdentity(problems: Problems, stable: ResolvedTrackPod, router: Router): void {
  for (const p of meshIdentityProblems({ securityContext: { runAsUser: stable.pod.runAsUser, runAsGroup: stable.pod.runAsGroup } })) {
    problems.conflict(p.at, `${MESH_PROXY_ID} is the ${p.id} of Istio's sidecar proxy, and ${router.kind} routing runs the pods in the mesh: the sidecar does not intercept traffic of that ${p.id}, so the app would bypass mutual TLS and authorization; use another ${p.id}`);
  }
}

/** The routing: one made with CanaryRouting (Istio when none); anything else ends the checks. */
function resolveRouting(problems: Problems, given: unknown): CanaryRouting {
  const routing = given ?? CanaryRouting.istio();
  if (!(routing instanceof CanaryRouting)) {
    problems.invalid('routing', `must be made with CanaryRouting.istio(), .ingressNginx(), .gatewayApi(), .traefik(), .replicaRatio(), .blueGreen(), .argoRollouts(), .argoRolloutsIngressNginx(), .argoRolloutsGatewayApi() or .flagger(), got ${describe(routing)}`);
    problems.throwIfAny();
  }
  return routing as CanaryRouting;
}

/** The tracks' pods and the ports traffic reaches them on, checked against what the router needs. */
function resolveTracks(
  problems: Problems, props: CanaryReleaseProps, canaryProps: CanaryTrackProps | undefined, router: Router, versions: readonly VersionSpec[],
): {
    tracks: ResolvedTrackPod[]; exposed: Port[]; routePort?: Port;
  } {
  // Both tracks' pods (and a rollout's surge) run at once: a claim one pod can mount would stall them.
  const stable = resolveStableTrack(problems, props, { ...router.podOptions('stable'), manyPods: 'a CanaryRelease runs stable and canary pods at once' });
  const tracks: ResolvedTrackPod[] = [stable];
  if (canaryProps !== undefined) {
    const canary = resolveCanaryTrack(problems, props, canaryProps, stable, router.podOptions('canary'));
    if (canary) tracks.push(canary);
    if (sameTrack(props.stable, canaryProps, props.containers?.[0]?.image)) {
      problems.invalid('canary', 'runs the same image, env and resources as stable: a canary must differ (change the image, or env/resources)');
    }
  }
  for (const v of versions) {
    const version = resolveCanaryTrack(problems, props, v.props, stable, router.podOptions(v.named.track), v.named);
    if (version) tracks.push(version);
    if (sameTrack(props.stable, v.props, props.containers?.[0]?.image)) {
      problems.invalid(v.named.at, 'runs the same image, env and resources as stable: a version must differ (change the image, or env/resources)');
    }
  }
  const exposed = stable.pod.ports.filter((p) => p.expose);
  const routePort = exposed.find((p) => p.protocol === 'http') ?? exposed.find((p) => p.protocol === 'grpc');
  // Without the first container resolved, the pod's problems say what is wrong with the containers.
  if (stable.pod.main !== undefined && router.routesToPort && !routePort) {
    problems.required('containers', `${router.kind} routing needs an exposed HTTP or gRPC port on the first container to route`);
  }
  if (stable.pod.main !== undefined && !exposed.length) problems.required('containers', 'a CanaryRelease needs an exposed port: traffic is what it splits');
  if (router.namespaceNeededFor !== undefined && props.namespace === undefined) {
    problems.required('namespace', `is required with ${router.kind} routing: ${router.namespaceNeededFor}`);
  }
  return { tracks, exposed, ...(routePort ? { routePort } : {}) };
}

/** What the traffic split is resolved from besides the props: the replica plan, the weight, the exposed ports. */
interface TrafficInputs {
  readonly plan: ReplicaPlan;
  readonly weight?: number;
  readonly hasCanary: boolean;
  readonly exposed: readonly Port[];
  readonly routePort?: Port;
  /** The Service's fully qualified name; undefined when a part of it is missing or invalid (reported). */
  readonly fqdn?: string;
  readonly namespace?: string;
  /** The named versions' weights. */
  readonly versions: readonly VersionWeight[];
}

/**
 * The Services and the router's route (when it routes to a port), and the weight they achieve;
 * each undefined when it cannot be resolved from invalid props (recorded).
 */
function resolveTraffic(problems: Problems, router: Router, options: unknown, t: TrafficInputs): {
  services?: readonly ServicePlan[]; route?: unknown; achievedWeight?: number;
} {
  const planned = t.exposed.length ? router.services(problems, problems.construct, t.hasCanary, options, t.plan.counts) : { services: [] };
  const versionServices = t.exposed.length ? router.versionServices(problems.construct, t.versions.map((v) => v.name)) : [];
  const servicesPlan = planned && versionServices.length ? { ...planned, services: [...planned.services, ...versionServices] } : planned;
  const achievedWeight = !t.hasCanary ? 0 : servicesPlan?.achievedWeight ?? t.plan.achievedWeight ?? t.weight;
  const resolved = { ...(servicesPlan ? { services: servicesPlan.services } : {}), ...(achievedWeight !== undefined ? { achievedWeight } : {}) };
  if (!t.routePort) return resolved;
  const route = router.resolveRoute({
    problems,
    name: problems.construct,
    namespace: t.namespace,
    options,
    weight: t.weight,
    hasCanary: t.hasCanary,
    fqdn: t.fqdn,
    port: t.routePort,
    ...(t.versions.length ? { versions: t.versions } : {}),
  });
  return { ...resolved, ...(route !== undefined ? { route } : {}) };
}

/** A name short enough for every derived name, and a namespace: each when valid (problems recorded otherwise). */
function checkName(problems: Problems, props: CanaryReleaseProps): { name?: string; namespace?: string } {
  let name: string | undefined;
  if (checkDns1035Label(problems, 'name', props.name)) {
    if (props.name.length > 55) problems.invalid('name', `${JSON.stringify(props.name)} is too long: "${props.name}-preview" and the per-track names must fit in 63 characters (at most 55)`);
    else name = props.name;
  }
  const namespace = props.namespace !== undefined && checkDns1123Label(problems, 'namespace', props.namespace) ? props.namespace : undefined;
  return { ...(name !== undefined ? { name } : {}), ...(namespace !== undefined ? { namespace } : {}) };
}

/** The cluster's DNS domain, defaulted; undefined when invalid (recorded). */
function resolveClusterDomain(problems: Problems, given: unknown): string | undefined {
  if (given === undefined) return DEFAULTS.clusterDomain;
  return checkDns1123Subdomain(problems, 'clusterDomain', given) ? given : undefined;
}

/** The tracks' own props; returns the canary's when it is an object (undefined when absent, or not an object: reported). */
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

/** The canary's weight: 0 without a canary, the default when it sets none; undefined when it cannot be known (recorded). */
function resolveWeight(problems: Problems, props: CanaryReleaseProps, canaryProps: CanaryTrackProps | undefined, router: Router): number | undefined {
  if (props.canary === undefined) return CANARY_DEFAULTS.weight;
  // A canary that is not an object is reported by checkTracks: its weight is not known.
  if (canaryProps === undefined) return undefined;
  const given = canaryProps.weight;
  const valid = given !== undefined && (router.weightDecimals > 0
    ? checkFineWeight(problems, given, router)
    : checkInteger(problems, path('canary', 'weight'), given, 0, 100));
  if (!router.weighted && given !== undefined) {
    problems.conflict(path('canary', 'weight'), "has no effect with blue/green routing: the main Service sends all traffic to the active track; switch with CanaryRouting.blueGreen({ active: 'canary' })");
  }
  return given === undefined ? CANARY_DEFAULTS.weight : valid ? given : undefined;
}

/** The tracks' autoscaling is an object; the canary's sets its minimum; container metrics name the pod's containers. */
function checkCanaryAutoscaling(problems: Problems, props: CanaryReleaseProps, containers: readonly string[]): void {
  for (const t of ['stable', 'canary'] as const) {
    const a = props[t]?.autoscaling;
    checkMetricContainers(problems, a, containers, path(t, 'autoscaling'));
    if (a !== undefined && checkObject(problems, path(t, 'autoscaling'), a) && a.minReplicas === undefined && t === 'canary') {
      // The autoscaler's default minimum (2) would make a small canary bigger than intended: ask.
      problems.required(path(t, 'autoscaling', 'minReplicas'), 'is required for the canary: choose how small it may get');
    }
  }
}

/**
 * Why the release's Service cannot be exposed, if it cannot: only where the Service `<name>` itself
 * carries the split (replica-ratio, blue-green) do outside clients get the release's traffic split.
 * Traffic from a load balancer or node port reaches the pods without passing a client sidecar or
 * an ingress controller, so an Istio or Argo split would become the replica ratio, and with
 * ingress-nginx or Gateway API there is no Service `<name>` (but `<name>-stable`, `<name>-canary`).
 */
function exposureObstacle(router: Router, exposed: readonly Port[], exposure: unknown): { noService?: string; noIngress?: string } {
  if (!exposed.length) return { noService: 'is set, but no container exposes a port, so the release has no Service to expose' };
  if (router.kind === 'replica-ratio' || router.kind === 'blue-green') return {};
  if (router.kind === 'flagger') {
    return { noService: "cannot be used with flagger routing: Flagger makes the Services and its provider's routes itself; set the routing's provider, gateway and hosts" };
  }
  // A gateway's route can pass the split: gatewayObstacle decides.
  if (isRecord(exposure) && (exposure.type === 'GatewayAPI' || exposure.type === 'IstioGateway')) return {};
  if (isRecord(exposure) && exposure.type === 'Ingress') return { noIngress: ingressObstacle(router) };
  return {
    noService: `cannot be used with ${router.kind} routing: outside clients of a LoadBalancer or NodePort reach the pods without passing the router, so the traffic split would not apply; use replica-ratio or blue-green routing, or the router's own entry (an Ingress, IngressRoute or Gateway)`,
  };
}

/**
 * Why an Ingress exposure would bypass the release's split (every routing but replica-ratio and
 * blue-green, whose Service `<name>` the Ingress targets, and flagger, refused before): a router
 * with an entry of its own, or Istio's split, which an ingress controller outside the mesh bypasses.
 */
function ingressObstacle(router: Router): string {
  const why = router.kind.endsWith('ingress-nginx') ? 'the routing\'s own Ingresses are the entry and split the traffic; set the routing\'s hosts'
    : router.kind === 'traefik' ? 'the routing\'s IngressRoute is the entry and splits the traffic; set the routing\'s hosts'
      : router.kind.endsWith('gateway-api') ? 'the release\'s HTTPRoute is the entry and splits the traffic; set the routing\'s gateway and hostnames'
        : 'an ingress controller outside the mesh sends straight to the pods and bypasses the VirtualService\'s split; use Exposure.istioGateway(), whose Gateway joins the release\'s VirtualService';
  return `Exposure.ingress() cannot be used with ${router.kind} routing: ${why}; or use replica-ratio or blue-green routing, whose Service the Ingress reaches`;
}

/** A weight of 0 to 100 with at most the router's decimals; records a problem otherwise. */
function checkFineWeight(problems: Problems, weight: unknown, router: Router): weight is number {
  const at = path('canary', 'weight');
  if (typeof weight !== 'number' || !Number.isFinite(weight)) {
    problems.invalid(at, `must be a number, got ${describe(weight)}`);
    return false;
  }
  if (weight < 0 || weight > 100) {
    problems.invalid(at, `${weight} is out of range: must be between 0 and 100`);
    return false;
  }
  if (scaledWeight(weight, router.weightDecimals) === undefined) {
    problems.invalid(at, `${weight} has more than ${router.weightDecimals} decimals: ${router.kind} routing splits in steps of ${10 ** -router.weightDecimals}%`);
    return false;
  }
  return true;
}

/**
 * Why a gateway exposure would bypass the release's split, if it would. The entry must reach the
 * tracks through what splits them: replica-ratio and blue-green routings split at the Service
 * `<name>`, which the route targets; istio and argo-rollouts routings take an Istio gateway into the
 * release's own VirtualService (its hosts and gateways; its matches and timeout are the routing's);
 * a gateway-api routing's HTTPRoute is itself the entry (its `gateway` and `hostnames`).
 */
function gatewayObstacle(router: Router, exposure: unknown): { noGateway?: string } {
  const type = isRecord(exposure) ? exposure.type : undefined;
  if (type !== 'GatewayAPI' && type !== 'IstioGateway') return {};
  if (router.kind === 'replica-ratio' || router.kind === 'blue-green' || router.kind === 'flagger') return {};
  if (type === 'IstioGateway' && (router.kind === 'istio' || router.kind === 'argo-rollouts')) {
    const e = exposure as Record<string, unknown>;
    const routed = ['matches', 'timeout', 'port'].filter((k) => e[k] !== undefined);
    if (routed.length) {
      return { noGateway: `sets ${routed.join(', ')}, but with ${router.kind} routing the Istio gateway enters the release's VirtualService, whose routes are the routing's: set match/timeout on the routing` };
    }
    // The joined VirtualService also serves the Service's own host, and istiod rejects "*" beside another host.
    return Array.isArray(e.hosts) && e.hosts.includes(ANY_HOST)
      ? { noGateway: `lists the host "*", but with ${router.kind} routing the Istio gateway joins the release's VirtualService, which also serves the Service's own host, and istiod rejects "*" beside another host: name the hosts clients use` }
      : {};
  }
  if (router.kind === 'gateway-api') {
    return { noGateway: 'cannot be used with gateway-api routing: the release\'s HTTPRoute is already the entry, and a second route to the same hosts would bypass its split; attach it with CanaryRouting.gatewayApi({ gateway, hostnames })' };
  }
  const fits = router.kind === 'ingress-nginx' ? 'the Ingresses are the entry (use a routing whose split a gateway reaches)'
    : router.kind === 'traefik' ? 'the IngressRoute is the entry (use a routing whose split a gateway reaches)' : 'use Exposure.istioGateway(), whose Gateway joins the release\'s VirtualService';
  return {
    noGateway: `${type === 'GatewayAPI' ? 'Exposure.gatewayApi()' : 'Exposure.istioGateway()'} cannot be used with ${router.kind} routing: its route would reach the tracks without passing the router's split; ${fits}`,
  };
}
