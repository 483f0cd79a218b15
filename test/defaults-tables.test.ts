/**
 * Every default lives in one table per construct and per router (a defaults.ts in each lib/core folder). This
 * test keeps what users read in step with those tables: each prop's JSDoc `@default` (the API
 * reference) and docs/defaults.md state the table's value.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { BATCH_DEFAULTS } from '../lib/core/batch-job/defaults';
import { ANALYSIS_DEFAULTS, ARGO_DEFAULTS, BLUE_GREEN_DEFAULTS, CANARY_DEFAULTS, ISTIO_DEFAULTS, NGINX_DEFAULTS, REPLICA_RATIO_DEFAULTS, TRAEFIK_DEFAULTS } from '../lib/core/canary-release/defaults';
import { LOCK_DEFAULTS } from '../lib/core/immutable/settings';
import { NAMESPACE_DEFAULTS } from '../lib/core/secure-namespace/defaults';
import { STATEFUL_DEFAULTS } from '../lib/core/stateful-app/defaults';
import { DEFAULTS } from '../lib/core/workload/defaults';

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib', 'core');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'defaults.md'), 'utf8');

/** `@default` text of every property of every interface under lib/core, by `Interface.prop`. */
function jsdocDefaults(): Map<string, string> {
  const out = new Map<string, string>();
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  for (const file of files(LIB)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node, owner?: string): void => {
      if (ts.isInterfaceDeclaration(node)) owner = node.name.text;
      if (ts.isPropertySignature(node) && owner && ts.isIdentifier(node.name)) {
        const tag = ts.getJSDocTags(node).find((t) => t.tagName.text === 'default');
        if (tag) out.set(`${owner}.${node.name.text}`, ts.getTextOfJSDocComment(tag.comment) ?? '');
      }
      ts.forEachChild(node, (child) => visit(child, owner));
    };
    visit(source);
  }
  return out;
}

const seconds = (n: number) => `${n}s`;
const minutes = (n: number) => `${n / 60} minutes`;
const quoted = (s: string) => `'${s}'`;

/** [table.key, the prop whose `@default` states it, the value as the JSDoc writes it] */
const JSDOC: ReadonlyArray<readonly [string, string, string]> = [
  ['DEFAULTS.replicas', 'StatelessAppProps.replicas', `${DEFAULTS.replicas}`],
  ['DEFAULTS.replicas', 'AutoscalingProps.minReplicas', `${DEFAULTS.replicas}`],
  ['DEFAULTS.autoscalingCpuUtilization', 'AutoscalingProps.cpuUtilization', `${DEFAULTS.autoscalingCpuUtilization}`],
  ['DEFAULTS.autoscalingScaleDownStabilizationSeconds', 'AutoscalingProps.scaleDownStabilization', minutes(DEFAULTS.autoscalingScaleDownStabilizationSeconds)],
  ['DEFAULTS.autoscalingScaleDownStabilizationSeconds', 'ScalingRulesProps.stabilizationWindow', minutes(DEFAULTS.autoscalingScaleDownStabilizationSeconds)],
  ['DEFAULTS.minReadySeconds', 'RolloutProps.minReady', seconds(DEFAULTS.minReadySeconds)],
  ['DEFAULTS.meshTrustDomain', 'CallOptions.trustDomain', quoted(DEFAULTS.meshTrustDomain)],
  ['DEFAULTS.progressDeadlineSeconds', 'RolloutProps.progressDeadline', minutes(DEFAULTS.progressDeadlineSeconds)],
  ['DEFAULTS.revisionHistoryLimit', 'RolloutProps.revisionHistoryLimit', `${DEFAULTS.revisionHistoryLimit}`],
  ['DEFAULTS.maxSurge', 'RolloutProps.maxSurge', quoted(DEFAULTS.maxSurge)],
  ['DEFAULTS.disruptionMaxUnavailable', 'DisruptionBudgetProps.maxUnavailable', `${DEFAULTS.disruptionMaxUnavailable}`],
  ['DEFAULTS.cpuRequest', 'ResourcesProps.cpu', `request ${DEFAULTS.cpuRequest}`],
  ['DEFAULTS.memoryRequest', 'ResourcesProps.memory', `request ${DEFAULTS.memoryRequest}`],
  ['DEFAULTS.containerPort', 'ContainerProps.ports', `Port.http(${DEFAULTS.containerPort})`],
  ['DEFAULTS.readinessPath', 'ContainerProps.readiness', `Probe.http('${DEFAULTS.readinessPath}')`],
  ['DEFAULTS.livenessPath', 'ContainerProps.liveness', `Probe.http('${DEFAULTS.livenessPath}')`],
  ['DEFAULTS.writablePaths', 'ContainerProps.writablePaths', `[${DEFAULTS.writablePaths.map(quoted).join(', ')}]`],
  ['DEFAULTS.writableDirSizeLimit', 'EmptyDirVolumeOptions.size', DEFAULTS.writableDirSizeLimit],
  ['DEFAULTS.ephemeralAccessModes', 'EphemeralVolumeOptions.accessModes', `[${DEFAULTS.ephemeralAccessModes.map(quoted).join(', ')}]`],
  ['DEFAULTS.claimAccessMode', 'ClaimVolumeOptions.accessMode', quoted(DEFAULTS.claimAccessMode)],
  ['DEFAULTS.runAsUser', 'WorkloadProps.securityContext', `UID ${DEFAULTS.runAsUser}`],
  // Nested fields are keyed by their interface: `securityContext.runAsUser` is `WorkloadProps.runAsUser`.
  ['DEFAULTS.runAsUser', 'WorkloadProps.runAsUser', `${DEFAULTS.runAsUser}`],
  ['DEFAULTS.runAsGroup', 'WorkloadProps.runAsGroup', `${DEFAULTS.runAsGroup}`],
  ['DEFAULTS.fsGroup', 'WorkloadProps.fsGroup', `${DEFAULTS.fsGroup}`],
  ['DEFAULTS.terminationGracePeriodSeconds', 'WorkloadProps.terminationGracePeriod', seconds(DEFAULTS.terminationGracePeriodSeconds)],
  ['DEFAULTS.preStopSleepSeconds', 'WorkloadProps.preStopDelay', seconds(DEFAULTS.preStopSleepSeconds)],
  ['DEFAULTS.probePeriodSeconds', 'ProbeOptions.period', seconds(DEFAULTS.probePeriodSeconds)],
  ['DEFAULTS.readinessPeriodSeconds', 'ProbeOptions.period', seconds(DEFAULTS.readinessPeriodSeconds)],
  ['DEFAULTS.probeTimeoutSeconds', 'ProbeOptions.timeout', seconds(DEFAULTS.probeTimeoutSeconds)],
  ['DEFAULTS.probeFailureThreshold', 'ProbeOptions.failureThreshold', `${DEFAULTS.probeFailureThreshold}`],
  ['DEFAULTS.ingressControllerNamespace', 'IngressOptions.controllerNamespace', quoted(DEFAULTS.ingressControllerNamespace)],
  ['DEFAULTS.externalTrafficPolicy', 'ServiceExposureOptions.externalTrafficPolicy', quoted(DEFAULTS.externalTrafficPolicy)],
  ['DEFAULTS.istioGatewayNamespace', 'GatewayPods.namespace', quoted(DEFAULTS.istioGatewayNamespace)],
  ['DEFAULTS.istioGatewayServiceAccount', 'GatewayPods.serviceAccount', quoted(DEFAULTS.istioGatewayServiceAccount)],
  ['DEFAULTS.gatewayApiServiceAccountSuffix', 'GatewayPods.serviceAccount', `'<gateway name>${DEFAULTS.gatewayApiServiceAccountSuffix}'`],
  ['DEFAULTS.clusterDomain', 'GatewayPods.trustDomain', quoted(DEFAULTS.clusterDomain)],
  ['DEFAULTS.istioIngressGatewayLabel', 'IstioGatewayOptions.selector', `{ istio: '${DEFAULTS.istioIngressGatewayLabel}' }`],
  ['DEFAULTS.clusterDomain', 'StatefulAppProps.clusterDomain', quoted(DEFAULTS.clusterDomain)],
  ['DEFAULTS.clusterDomain', 'CanaryReleaseProps.clusterDomain', quoted(DEFAULTS.clusterDomain)],
  ['STATEFUL_DEFAULTS.podManagementPolicy', 'StatefulAppProps.podManagementPolicy', quoted(STATEFUL_DEFAULTS.podManagementPolicy)],
  ['STATEFUL_DEFAULTS.updatePartition', 'StatefulAppProps.updatePartition', `${STATEFUL_DEFAULTS.updatePartition}`],
  ['STATEFUL_DEFAULTS.whenDeleted', 'VolumeRetentionProps.whenDeleted', quoted(STATEFUL_DEFAULTS.whenDeleted)],
  ['STATEFUL_DEFAULTS.whenScaled', 'VolumeRetentionProps.whenScaled', quoted(STATEFUL_DEFAULTS.whenScaled)],
  ['DEFAULTS.verticalAutoscalingMode', 'VerticalAutoscalingProps.mode', quoted(DEFAULTS.verticalAutoscalingMode)],
  ['STATEFUL_DEFAULTS.accessModes', 'PersistentStorageProps.accessModes', `[${STATEFUL_DEFAULTS.accessModes.map(quoted).join(', ')}]`],
  ['STATEFUL_DEFAULTS.volumeMode', 'PersistentStorageProps.volumeMode', quoted(STATEFUL_DEFAULTS.volumeMode)],
  ['STATEFUL_DEFAULTS.allowTo', 'StatefulAppProps.allowTo', '`[]`'],
  ['CANARY_DEFAULTS.stableReplicas', 'ReleaseTrackProps.replicas', `${CANARY_DEFAULTS.stableReplicas} for stable`],
  ['CANARY_DEFAULTS.canaryReplicas', 'ReleaseTrackProps.replicas', `${CANARY_DEFAULTS.canaryReplicas} for canary`],
  ['CANARY_DEFAULTS.weight', 'CanaryTrackProps.weight', `${CANARY_DEFAULTS.weight}`],
  ['CANARY_DEFAULTS.canaryReplicas', 'VersionTrackProps.replicas', `${CANARY_DEFAULTS.canaryReplicas}: a version starts small`],
  ['CANARY_DEFAULTS.weight', 'VersionTrackProps.weight', `${CANARY_DEFAULTS.weight}`],
  ['ISTIO_DEFAULTS.apiVersion', 'IstioRoutingOptions.apiVersion', quoted(ISTIO_DEFAULTS.apiVersion)],
  ['ISTIO_DEFAULTS.mesh', 'IstioRoutingOptions.mesh', `${ISTIO_DEFAULTS.mesh}`],
  ['ISTIO_DEFAULTS.tlsMode', 'IstioRoutingOptions.tlsMode', quoted(ISTIO_DEFAULTS.tlsMode)],
  ['ISTIO_DEFAULTS.consecutive5xxErrors', 'IstioRoutingOptions.outlierDetection', `${ISTIO_DEFAULTS.consecutive5xxErrors} consecutive 5xx`],
  ['ISTIO_DEFAULTS.outlierInterval', 'IstioRoutingOptions.outlierDetection', `within ${ISTIO_DEFAULTS.outlierInterval}`],
  ['ISTIO_DEFAULTS.baseEjectionTime', 'IstioRoutingOptions.outlierDetection', `eject for ${ISTIO_DEFAULTS.baseEjectionTime}`],
  ['ISTIO_DEFAULTS.maxEjectionPercent', 'IstioRoutingOptions.outlierDetection', `${ISTIO_DEFAULTS.maxEjectionPercent}% of endpoints`],
  ['ISTIO_DEFAULTS.consecutive5xxErrors', 'IstioRoutingOptions.consecutive5xxErrors', `${ISTIO_DEFAULTS.consecutive5xxErrors}:`],
  ['ISTIO_DEFAULTS.outlierInterval', 'IstioRoutingOptions.interval', `${ISTIO_DEFAULTS.outlierInterval}`],
  ['ISTIO_DEFAULTS.baseEjectionTime', 'IstioRoutingOptions.baseEjectionTime', `${ISTIO_DEFAULTS.baseEjectionTime}:`],
  ['ISTIO_DEFAULTS.maxEjectionPercent', 'IstioRoutingOptions.maxEjectionPercent', `${ISTIO_DEFAULTS.maxEjectionPercent}:`],
  ['NGINX_DEFAULTS.className', 'IngressNginxRoutingOptions.className', quoted(NGINX_DEFAULTS.className)],
  ['NGINX_DEFAULTS.controllerNamespace', 'IngressNginxRoutingOptions.controllerNamespace', quoted(NGINX_DEFAULTS.controllerNamespace)],
  ['TRAEFIK_DEFAULTS.controllerNamespace', 'TraefikRoutingOptions.controllerNamespace', quoted(TRAEFIK_DEFAULTS.controllerNamespace)],
  ['ARGO_DEFAULTS.steps', 'ArgoRolloutsOptions.steps', `[${ARGO_DEFAULTS.steps.join(', ')}]`],
  ['ARGO_DEFAULTS.pause', 'ArgoRolloutsOptions.pause', `${parseInt(ARGO_DEFAULTS.pause, 10)} minutes`],
  ['ANALYSIS_DEFAULTS.prometheusAddress', 'ArgoAnalysisOptions.prometheusAddress', `${quoted(ANALYSIS_DEFAULTS.prometheusAddress)}:`],
  ['ANALYSIS_DEFAULTS.minSuccessRate', 'ArgoAnalysisOptions.minSuccessRate', `${ANALYSIS_DEFAULTS.minSuccessRate}:`],
  ['ANALYSIS_DEFAULTS.latencyPercentile', 'ArgoAnalysisOptions.latencyPercentile', `${ANALYSIS_DEFAULTS.latencyPercentile}:`],
  ['ANALYSIS_DEFAULTS.maxLatency', 'ArgoAnalysisOptions.maxLatency', `${ANALYSIS_DEFAULTS.maxLatency}:`],
  ['ANALYSIS_DEFAULTS.interval', 'ArgoAnalysisOptions.interval', `${ANALYSIS_DEFAULTS.interval.toSeconds() / 60}m:`],
  ['ANALYSIS_DEFAULTS.failureLimit', 'ArgoAnalysisOptions.failureLimit', `${ANALYSIS_DEFAULTS.failureLimit}:`],
  ['NAMESPACE_DEFAULTS.dnsNamespace', 'DnsProps.namespace', quoted(NAMESPACE_DEFAULTS.dnsNamespace)],
  ['NAMESPACE_DEFAULTS.teamRole', 'AccessProps.teamRole', quoted(NAMESPACE_DEFAULTS.teamRole)],
  ['NAMESPACE_DEFAULTS.limitStorageMax', 'LimitRangeProps.max', NAMESPACE_DEFAULTS.limitStorageMax],
  ['LOCK_DEFAULTS.kubernetesVersion', 'LockSettings.kubernetesVersion', quoted(LOCK_DEFAULTS.kubernetesVersion)],
  ['BATCH_DEFAULTS.backoffLimit', 'BatchJobProps.backoffLimit', `${BATCH_DEFAULTS.backoffLimit}`],
  ['BATCH_DEFAULTS.activeDeadlineSeconds', 'BatchJobProps.deadline', `${BATCH_DEFAULTS.activeDeadlineSeconds / 3600} hour`],
  ['BATCH_DEFAULTS.completions', 'BatchJobProps.completions', `${BATCH_DEFAULTS.completions}`],
  ['BATCH_DEFAULTS.parallelism', 'BatchJobProps.parallelism', `${BATCH_DEFAULTS.parallelism}`],
  ['BATCH_DEFAULTS.restartPolicy', 'BatchJobProps.restartPolicy', quoted(BATCH_DEFAULTS.restartPolicy)],
  ['BATCH_DEFAULTS.timeZone', 'BatchJobProps.timeZone', quoted(BATCH_DEFAULTS.timeZone)],
  ['BATCH_DEFAULTS.concurrencyPolicy', 'BatchJobProps.concurrencyPolicy', quoted(BATCH_DEFAULTS.concurrencyPolicy)],
  ['BATCH_DEFAULTS.startingDeadlineSeconds', 'BatchJobProps.startingDeadline', minutes(BATCH_DEFAULTS.startingDeadlineSeconds)],
  ['BATCH_DEFAULTS.successfulJobsHistoryLimit', 'BatchJobProps.successfulJobsHistoryLimit', `${BATCH_DEFAULTS.successfulJobsHistoryLimit}`],
  ['BATCH_DEFAULTS.failedJobsHistoryLimit', 'BatchJobProps.failedJobsHistoryLimit', `${BATCH_DEFAULTS.failedJobsHistoryLimit}`],
];

/** Defaults of the routers that have no props interface of their own, documented in docs/defaults.md. */
const DOCUMENTED: ReadonlyArray<readonly [string, string]> = [
  ['REPLICA_RATIO_DEFAULTS.totalReplicas', `| replica ratio | \`totalReplicas: ${REPLICA_RATIO_DEFAULTS.totalReplicas}\``],
  ['TRAEFIK_DEFAULTS.controllerNamespace', `| Traefik namespace | \`${TRAEFIK_DEFAULTS.controllerNamespace}\``],
  ['BLUE_GREEN_DEFAULTS.active', `| blue/green active track | \`${BLUE_GREEN_DEFAULTS.active}\``],
  ['CANARY_DEFAULTS.canaryReplicas', `| named version replicas | \`${CANARY_DEFAULTS.canaryReplicas}\``],
  ['CANARY_DEFAULTS.weight', `| named version weight | \`${CANARY_DEFAULTS.weight}\``],
  ['ISTIO_DEFAULTS.gatewayNamespace', `\`${ISTIO_DEFAULTS.gatewayNamespace}\``],
  ['DEFAULTS.istioIngressGatewayLabel', `| Istio gateway selector (\`Exposure.istioGateway()\`) | \`istio: ${DEFAULTS.istioIngressGatewayLabel}\``],
  ['DEFAULTS.istioGatewayNamespace', `| Istio gateway pods' namespace | \`${DEFAULTS.istioGatewayNamespace}\``],
  ['DEFAULTS.istioGatewayServiceAccount', `| Istio gateway ServiceAccount (with \`mesh\`) | \`${DEFAULTS.istioGatewayServiceAccount}\``],
  ['DEFAULTS.gatewayApiServiceAccountSuffix', `\`<gateway>${DEFAULTS.gatewayApiServiceAccountSuffix}\``],
  ['ANALYSIS_DEFAULTS.prometheusAddress', `| Argo Rollouts analysis: Prometheus | \`${ANALYSIS_DEFAULTS.prometheusAddress}\``],
  ['ANALYSIS_DEFAULTS.minSuccessRate', `| Argo Rollouts analysis: thresholds | success rate \`>= ${ANALYSIS_DEFAULTS.minSuccessRate}\`, p${ANALYSIS_DEFAULTS.latencyPercentile} latency \`<= ${ANALYSIS_DEFAULTS.maxLatency}\``],
  ['ANALYSIS_DEFAULTS.interval', `| Argo Rollouts analysis: measurements | every \`${ANALYSIS_DEFAULTS.interval}\` (also the rate window), \`failureLimit: ${ANALYSIS_DEFAULTS.failureLimit}\``],
  ['LOCK_DEFAULTS.kubernetesVersion', `| Kubernetes version | \`kubernetesVersion: '${LOCK_DEFAULTS.kubernetesVersion}'\``],
  ...(Object.keys(BATCH_DEFAULTS) as Array<keyof typeof BATCH_DEFAULTS>).filter((k) => k !== 'jobNameHashLength' && k !== 'completions' && k !== 'parallelism'
    && k !== 'successfulJobsHistoryLimit' && k !== 'failedJobsHistoryLimit').map((k) => [`BATCH_DEFAULTS.${k}`, `| \`${k}\` | \`${BATCH_DEFAULTS[k]}\``] as const),
  ['BATCH_DEFAULTS.completions', `| \`completions\`, \`parallelism\` | \`${BATCH_DEFAULTS.completions}\`, \`${BATCH_DEFAULTS.parallelism}\``],
  ['BATCH_DEFAULTS.successfulJobsHistoryLimit', `| \`successfulJobsHistoryLimit\`, \`failedJobsHistoryLimit\` | \`${BATCH_DEFAULTS.successfulJobsHistoryLimit}\`, \`${BATCH_DEFAULTS.failedJobsHistoryLimit}\``],
  ['BATCH_DEFAULTS.jobNameHashLength', `\`<name>-<${BATCH_DEFAULTS.jobNameHashLength}-character hash>\``],
];

describe('default tables, JSDoc and docs/defaults.md agree', () => {
  const defaults = jsdocDefaults();

  it('finds the props\' @default tags', () => {
    expect(defaults.size).toBeGreaterThan(100);
  });

  it.each(JSDOC)('%s is what %s\'s @default says (%s)', (_, prop, value) => {
    expect(defaults.has(prop)).toBe(true);
    expect(defaults.get(prop)).toContain(value);
  });

  it.each(DOCUMENTED)('%s is documented in docs/defaults.md (%s)', (_, text) => {
    expect(DOC.replace(/\s*\|\s*/g, ' | ')).toContain(text);
  });
});
