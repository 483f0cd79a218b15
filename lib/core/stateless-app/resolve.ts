import { STATELESS_APP, STATELESS_KEYS, StatelessAppProps } from './props';
import { checkDns1035Label, checkDns1123Label, checkInteger } from '../validation/checks';
import { Problems } from '../validation/problems';
import { beginResolve, BuildOptions } from '../validation/props';
import { AcknowledgedRisk, RiskLedger } from '../validation/risks';
import { ResolvedAutoscaling, resolveAutoscaling } from '../workload/autoscaler';
import { DEFAULTS } from '../workload/defaults';
import { checkBudgetLimits, resolveDisruptionBudget } from '../workload/disruption-budget';
import { ResolvedExposure, resolveExposure } from '../workload/exposure';
import { checkMetricContainers } from '../workload/metrics';
import { ResolvedNetworkAccess, resolveNetworkAccess } from '../workload/network-policy';
import { ResolvedPod, resolvePod } from '../workload/pod';
import { checkPodPrivileges } from '../workload/privileges';
import { RolloutSettings, resolveRollout } from '../workload/rollout';
import { ResolvedVerticalAutoscaling, checkAutoscalersApart, resolveVerticalAutoscaling } from '../workload/vertical-autoscaler';

/** A StatelessApp's props, checked and defaulted: everything its objects are rendered from. */
export interface ResolvedStatelessApp {
  readonly name: string;
  readonly namespace?: string;
  /** The pod template's settings, its labels, selector and ports. */
  readonly pod: ResolvedPod;
  /** The Deployment's replicas; absent with an autoscaler, so applies do not fight it. */
  readonly replicas?: number;
  readonly autoscaling?: ResolvedAutoscaling;
  readonly verticalAutoscaling?: ResolvedVerticalAutoscaling;
  readonly rollout: RolloutSettings;
  /** The PodDisruptionBudget's maxUnavailable. */
  readonly maxUnavailable: number | string;
  readonly exposure?: ResolvedExposure;
  readonly access: ResolvedNetworkAccess;
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /** The risks the props acknowledge and take, with the objects that carry them. */
  readonly risks: readonly AcknowledgedRisk[];
}

/**
 * Checks StatelessApp props (any input, JavaScript garbage included) and applies the defaults.
 * Throws one KeelsonValidationError listing every problem.
 */
export function resolveStatelessApp(input: unknown, options: BuildOptions = {}): ResolvedStatelessApp {
  const { props, problems } = beginResolve<StatelessAppProps>(STATELESS_APP, input, STATELESS_KEYS, options, ['PodSpec', 'DeploymentSpec']);
  checkDns1035Label(problems, 'name', props.name);
  if (props.namespace !== undefined) checkDns1123Label(problems, 'namespace', props.namespace);
  const risks = RiskLedger.from(problems, props.acknowledgeRisks);

  const pod = resolvePod(problems, props, { revisionLabelKey: 'pod-template-hash', manyPods: 'a Deployment runs old and new pods at once in every rollout (maxSurge is at least 1)' });
  const exposed = pod.ports.filter((p) => p.expose);
  const replicas = resolveReplicas(problems, props);
  const rollout = resolveRollout(problems, props);
  const maxUnavailable = resolveDisruptionBudget(problems, props.disruptionBudget);
  const autoscaling = props.autoscaling !== undefined
    ? resolveAutoscaling(problems, props.autoscaling, props.autoscaling?.minReplicas ?? DEFAULTS.replicas)
    : undefined;
  const verticalAutoscaling = props.verticalAutoscaling !== undefined ? resolveVerticalAutoscaling(problems, props.verticalAutoscaling) : undefined;
  checkAutoscalersApart(problems, props.autoscaling, props.verticalAutoscaling);
  checkMetricContainers(problems, props.autoscaling, pod.containers.map((c) => c.name));
  const exposure = resolveExposure(problems, props.exposure, exposed, {
    risks,
    name: problems.construct,
    ...(exposed.length ? {} : { noService: 'is set, but no container exposes a port, so the app has no Service to expose' }),
    ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
  });
  const access = resolveNetworkAccess(problems, props.allowFrom, props.allowTo, { risks, kind: 'NetworkPolicy', name: problems.construct }, props.namespace);
  if (maxUnavailable !== undefined) {
    const pods = autoscaling?.maxReplicas ?? replicas ?? DEFAULTS.replicas;
    checkBudgetLimits(problems, maxUnavailable, pods, autoscaling ? 'the Deployment at its autoscaler\'s maximum' : 'the Deployment', risks, { kind: 'PodDisruptionBudget', name: problems.construct });
  }
  checkPodPrivileges(problems, pod, risks, [{ kind: 'Deployment', name: problems.construct }]);
  const acknowledged = risks.finish();
  const complete = problems.complete({ rollout, maxUnavailable, access });
  return {
    name: props.name,
    ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
    pod,
    ...(replicas !== undefined ? { replicas } : {}),
    ...(autoscaling ? { autoscaling } : {}),
    ...(verticalAutoscaling ? { verticalAutoscaling } : {}),
    rollout: complete.rollout,
    maxUnavailable: complete.maxUnavailable,
    ...(exposure ? { exposure } : {}),
    access: complete.access,
    ...(props.serviceAccount?.annotations ? { serviceAccountAnnotations: props.serviceAccount.annotations } : {}),
    risks: acknowledged,
  };
}

/** The replica count: the prop or the default, none with autoscaling (which conflicts with the prop). */
function resolveReplicas(problems: Problems, props: StatelessAppProps): number | undefined {
  if (props.replicas !== undefined) {
    if (props.autoscaling !== undefined) {
      problems.conflict('replicas', 'cannot be set with autoscaling: set autoscaling.minReplicas instead (the Deployment omits replicas so applies do not fight the autoscaler)');
    }
    checkInteger(problems, 'replicas', props.replicas, 1, 10000);
  }
  if (props.autoscaling !== undefined) return undefined;
  return props.replicas ?? DEFAULTS.replicas;
}
