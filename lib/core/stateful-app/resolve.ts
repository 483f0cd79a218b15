import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { ResolvedStatefulBudget, resolveStatefulBudget } from './budget';
import { STATEFUL_DEFAULTS } from './defaults';
import { HEADLESS_SUFFIX, MAX_NAME_LENGTH, STATEFUL_APP, STATEFUL_KEYS, StatefulAppBuildOptions, StatefulAppProps } from './props';
import { ResolvedStatefulSet, resolveStatefulSet } from './statefulset';
import { resolveStorage } from './storage';
import { checkDns1035Label, checkDns1123Label, checkDns1123Subdomain, checkInteger } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { beginResolve } from '../validation/props';
import { AcknowledgedRisk, RiskLedger } from '../validation/risks';
import { ResolvedAutoscaling, resolveAutoscaling } from '../workload/autoscaler';
import { DEFAULTS } from '../workload/defaults';
import { checkBudgetLimits } from '../workload/disruption-budget';
import { ResolvedExposure, resolveExposure } from '../workload/exposure';
import { checkMetricContainers } from '../workload/metrics';
import { ResolvedNetworkAccess, resolveNetworkAccess } from '../workload/network-policy';
import { ResolvedPod, resolvePod } from '../workload/pod';
import { checkPodPrivileges } from '../workload/privileges';
import { ResolvedVerticalAutoscaling, checkAutoscalersApart, resolveVerticalAutoscaling } from '../workload/vertical-autoscaler';

/** A StatefulApp's props, checked and defaulted: everything its objects are rendered from. */
export interface ResolvedStatefulApp {
  readonly name: string;
  readonly namespace?: string;
  readonly pod: ResolvedPod;
  readonly replicas: number;
  readonly statefulSet: ResolvedStatefulSet;
  readonly volumeClaimTemplates: readonly PersistentVolumeClaim[];
  readonly budget: ResolvedStatefulBudget;
  readonly autoscaling?: ResolvedAutoscaling;
  readonly verticalAutoscaling?: ResolvedVerticalAutoscaling;
  readonly access: ResolvedNetworkAccess;
  /** The client Service's exposure (never the headless Service's). */
  readonly exposure?: ResolvedExposure;
  readonly clusterDomain: string;
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /** The risks the props acknowledge and take, with the objects that carry them. */
  readonly risks: readonly AcknowledgedRisk[];
}

/**
 * Checks StatefulApp props (any input, JavaScript garbage included) and applies the defaults.
 * Throws one KeelsonValidationError listing every problem.
 */
export function resolveStatefulApp(input: unknown, options: StatefulAppBuildOptions = {}): ResolvedStatefulApp {
  const { props, problems } = beginResolve<StatefulAppProps>(STATEFUL_APP, input, STATEFUL_KEYS, options, ['PodSpec', 'StatefulSetSpec']);
  checkName(problems, props);
  const risks = RiskLedger.from(problems, props.acknowledgeRisks);
  const claims = resolveStorage(problems, props.storage);
  const most = props.autoscaling?.maxReplicas ?? props.replicas;
  const manyPods = typeof most === 'number' && most > 1 ? `the StatefulSet's ${most} replicas all mount it (each replica's own volume is storage)` : undefined;
  const pod = resolvePod(problems, props, { defaultSpread: STATEFUL_DEFAULTS.spread, storage: claims.mounts, ...(manyPods ? { manyPods } : {}) });
  // A claim template and a pod volume of the same name would be merged by the StatefulSet
  // controller: the writable directory would silently land on the persistent volume.
  const podVolumes = new Set(pod.writableVolumes);
  const mounted = new Set(pod.volumes.map((v) => v.name));
  for (const m of claims.mounts) {
    if (podVolumes.has(m.volumeName)) {
      problems.duplicate(path(m.at, 'name'), `${JSON.stringify(m.volumeName)} is also the name of a writable-directory volume of the pod; choose another name`);
    } else if (mounted.has(m.volumeName)) {
      problems.duplicate(path(m.at, 'name'), `${JSON.stringify(m.volumeName)} is also the name of a volume the containers mount (volumeMounts); choose another name`);
    }
  }
  // Undefined when missing or invalid (reported): the checks that compare with it are skipped.
  const replicas = resolveReplicas(problems, props.replicas);
  const statefulSet = resolveStatefulSet(problems, props, replicas);
  const budget = resolveStatefulBudget(problems, props, replicas);
  const { autoscaling, verticalAutoscaling } = resolveScaling(problems, props, replicas, pod.containers.map((c) => c.name));
  const access = resolveNetworkAccess(problems, props.allowFrom, props.allowTo ?? STATEFUL_DEFAULTS.allowTo, { risks, kind: 'NetworkPolicy', name: problems.construct }, props.namespace);
  const exposed = pod.ports.filter((p) => p.expose);
  const exposure = resolveExposure(problems, props.exposure, exposed, {
    risks,
    name: problems.construct,
    ...(exposed.length ? {} : { noService: 'is set, but no container exposes a port, so the app has no client Service to expose' }),
    ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
  });
  if (props.clusterDomain !== undefined) checkDns1123Subdomain(problems, 'clusterDomain', props.clusterDomain);
  if (budget && 'maxUnavailable' in budget && replicas !== undefined) {
    checkBudgetLimits(problems, budget.maxUnavailable, autoscaling?.maxReplicas ?? replicas, autoscaling ? 'the StatefulSet at its autoscaler\'s maximum' : 'the StatefulSet', risks, { kind: 'PodDisruptionBudget', name: problems.construct });
  }
  checkPodPrivileges(problems, pod, risks, [{ kind: 'StatefulSet', name: problems.construct }]);
  const acknowledged = risks.finish();
  const complete = problems.complete({ replicas, statefulSet, budget, access });
  return {
    name: props.name,
    ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
    pod,
    replicas: complete.replicas,
    statefulSet: complete.statefulSet,
    volumeClaimTemplates: claims.templates,
    budget: complete.budget,
    ...(autoscaling ? { autoscaling } : {}),
    ...(verticalAutoscaling ? { verticalAutoscaling } : {}),
    access: complete.access,
    ...(exposure ? { exposure } : {}),
    clusterDomain: props.clusterDomain ?? DEFAULTS.clusterDomain,
    ...(props.serviceAccount?.annotations ? { serviceAccountAnnotations: props.serviceAccount.annotations } : {}),
    risks: acknowledged,
  };
}

/** The replica count, required: undefined when it is missing or invalid (recorded). */
function resolveReplicas(problems: Problems, replicas: unknown): number | undefined {
  if (replicas === undefined) {
    problems.required('replicas', 'is required: choose the count your software needs (e.g. 3 for a quorum)');
    return undefined;
  }
  return checkInteger(problems, 'replicas', replicas, 1, 1000) ? replicas : undefined;
}

/** A name short enough for the derived names, and a namespace. */
function checkName(problems: Problems, props: StatefulAppProps): void {
  // The StatefulSet controller labels every pod `controller-revision-hash: <name>-<10-character hash>`,
  // a label value of at most 63 characters: with a longer name no pod is ever created
  // (kubernetes/kubernetes#64023). The headless Service's name adds a suffix and must fit too.
  if (checkDns1035Label(problems, 'name', props.name) && props.name.length > MAX_NAME_LENGTH) {
    problems.invalid('name', `${JSON.stringify(props.name)} is too long: a StatefulSet name may have at most ${MAX_NAME_LENGTH} characters, so that each pod's controller-revision-hash label ("<name>-<10-character hash>") and the headless Service "${props.name}${HEADLESS_SUFFIX}" fit in 63 characters`);
  }
  if (props.namespace !== undefined) checkDns1123Label(problems, 'namespace', props.namespace);
}

/** Horizontal and vertical autoscaling, never on the same resource; the replica count is the HPA's minimum. */
function resolveScaling(
  problems: Problems,
  props: StatefulAppProps,
  replicas: number | undefined,
  containers: readonly string[],
): { autoscaling?: ResolvedAutoscaling; verticalAutoscaling?: ResolvedVerticalAutoscaling } {
  checkAutoscalersApart(problems, props.autoscaling, props.verticalAutoscaling);
  checkMetricContainers(problems, props.autoscaling, containers);
  const autoscaling = props.autoscaling !== undefined ? resolveAutoscaling(problems, props.autoscaling, replicas) : undefined;
  // resolveAutoscaling has reported an autoscaling that is not an object.
  if (typeof props.autoscaling === 'object' && props.autoscaling !== null && 'minReplicas' in props.autoscaling) {
    problems.notSupported(path('autoscaling', 'minReplicas'), 'is not used by StatefulApp: `replicas` is the minimum');
  }
  const verticalAutoscaling = props.verticalAutoscaling !== undefined ? resolveVerticalAutoscaling(problems, props.verticalAutoscaling) : undefined;
  return { ...(autoscaling ? { autoscaling } : {}), ...(verticalAutoscaling ? { verticalAutoscaling } : {}) };
}
