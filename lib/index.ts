/**
 * keelson's backend-neutral core: the constructs' props, the value types, the validation error and
 * the builders that turn props into plain Kubernetes objects. It imports neither cdk8s nor Pulumi;
 * the adapters (`keelson/cdk8s`, `keelson/pulumi`) register these objects with each engine.
 * Everything else under lib/core is internal.
 */

// Errors.
export { KeelsonValidationError } from './core/validation/problems';
export type { At, Problems, ProblemType, ValidationProblem } from './core/validation/problems';
export type { FieldPath, PathSegment } from './core/validation/path';
// Dangerous settings a construct takes only when its props acknowledge them by name.
export { RISKS, RISK_ANNOTATION } from './core/validation/risks';
export type { Risk } from './core/validation/risks';
export type { BuildOptions } from './core/validation/props';

// Value types.
export { Duration } from './core/values/duration';
export { ConfigReference, EnvFrom, EnvValue } from './core/values/env';
export type { EnvFieldPath, EnvResource, ResourceReferenceOptions } from './core/values/env';
export type { ConfigReferenceOptions, KeyReferenceOptions } from './core/values/env';
export { Metric } from './core/values/metric';
export type { ContainerResourceMetricOptions, DescribedObject, MetricKind, MetricValueOptions, PodsMetricOptions } from './core/values/metric';
export { Call } from './core/values/call';
export type { Callable, CallOptions, CallTarget, CallTargetPort } from './core/values/call';
export { NetworkEgress, NetworkPeer } from './core/values/network-peer';
export type { EgressPort } from './core/values/network-peer';
export { Port } from './core/values/port';
export type { PortOptions, PortProtocol } from './core/values/port';
export { Probe } from './core/values/probe';
export type { HttpProbeOptions, ProbeKind, ProbeOptions } from './core/values/probe';
export { Quantity } from './core/values/quantity';
export { ProjectedSource, Volume } from './core/values/volume';
export type {
  ClaimVolumeOptions, ConfigFilesOptions, ConfigVolumeOptions, EmptyDirMedium, EmptyDirVolumeOptions, EphemeralVolumeOptions, KeyToPathMap,
  KeyToPathProps, ProjectedSourceKind, ProjectedVolumeOptions, VolumeAccessMode, VolumeSource,
} from './core/values/volume';

// Props shared by the workload constructs, and the defaults they apply.
export { DEFAULTS } from './core/workload/defaults';
export type { AutoscalingProps } from './core/workload/autoscaler';
export type { ScalingPolicyProps, ScalingRulesProps } from './core/workload/scaling-behavior';
export type { DisruptionBudgetProps } from './core/workload/disruption-budget';
export type { NetworkAccessProps } from './core/workload/network-policy';
export { Exposure } from './core/workload/exposure';
export type {
  ExposureProps, ExternalTrafficPolicy, GatewayApiExposure, IstioGatewayExposure, LoadBalancerOptions, ServiceExposure, ServiceExposureOptions,
} from './core/workload/exposure';
export type { IngressExposure, IngressOptions } from './core/workload/ingress-exposure';
export type { GatewayApiOptions, GatewayExposureOptions, GatewayPods, GatewayReference, IstioGatewayOptions, RouteMatch } from './core/workload/gateway-exposure';
export type { KubeObject } from './core/workload/objects';
export type {
  ContainerProps, LabelRequirementProps, NodeAffinityProps, NodeRequirementProps, PodAffinityProps, PodAffinityTermProps, ResourcesProps,
  ServiceAccountProps, SpotProps, TolerationProps, TopologySpreadProps, VolumeMountProps, WorkloadProps,
} from './core/workload/props';
export type { RolloutProps } from './core/workload/rollout';

// StatelessApp.
export { buildStatelessApp } from './core/stateless-app/build';
export type { StatelessAppManifest, StatelessAppProps } from './core/stateless-app/props';

// StatefulApp.
export { buildStatefulApp } from './core/stateful-app/build';
export { HEADLESS_SUFFIX } from './core/stateful-app/props';
export type {
  AccessMode, PersistentStorageProps, StatefulAppBuildOptions, StatefulAppManifest, StatefulAppProps,
  StatefulDisruptionBudgetProps, VerticalAutoscalingProps, VerticalPodAutoscaler, VolumeRetentionProps,
} from './core/stateful-app/props';

// Immutable fields per Kubernetes minor, and the keelson.lock.json settings.
export { IMMUTABLE_FIELDS, NO_IMMUTABLE_FIELDS } from './core/immutable/fields';
export type { FieldChange, FieldCondition, FieldRule, KindRules } from './core/immutable/rules';
export { immutableChanges, immutableSnapshot } from './core/immutable/compare';
export type { ImmutableChange, ImmutableSnapshot } from './core/immutable/compare';
export { KUBERNETES_VERSIONS } from './core/immutable/versions';
export type { KubernetesVersion } from './core/immutable/versions';
export { LOCK_DEFAULTS } from './core/immutable/settings';
export type { LockSettings } from './core/immutable/settings';

// CanaryRelease.
export { buildCanaryRelease } from './core/canary-release/build';
export { TRACK_LABEL } from './core/canary-release/props';
export type { CanaryReleaseManifest, CanaryReleaseProps, CanaryTrackProps, CustomObject, ReleaseTrackProps, VersionTrackProps } from './core/canary-release/props';
export { CanaryMatch, CanaryRouting } from './core/canary-release/routing';
export { checkReleaseStep } from './core/canary-release/step';
export type {
  ArgoAnalysisOptions, ArgoRolloutsOptions, GatewayApiRoutingOptions, IngressNginxRoutingOptions, IstioLoadBalancer, IstioRoutingOptions,
} from './core/canary-release/routing';
export type { TraefikRoutingOptions } from './core/canary-release/routing';
export type { ArgoRolloutsGatewayApiOptions, ArgoRolloutsIngressNginxOptions } from './core/canary-release/routing';
export type { FlaggerAnalysisOptions, FlaggerRoutingOptions } from './core/canary-release/routing';

// BatchJob.
export { buildBatchJob } from './core/batch-job/build';
export type { BatchJobBuildOptions, BatchJobManifest, BatchJobProps, ConcurrencyPolicy, JobRestartPolicy } from './core/batch-job/props';

// SecureNamespace.
export { buildSecureNamespace } from './core/secure-namespace/build';
export { NAMESPACE_DEFAULTS } from './core/secure-namespace/defaults';
export type { AppObjects } from './core/secure-namespace/quota-fit';
export type { ContainerLimitProps, LimitRangeProps } from './core/secure-namespace/limits';
export type { MeshProps } from './core/secure-namespace/mesh';
export type { DnsProps, NamespaceNetworkProps } from './core/secure-namespace/network';
export type {
  IstioAuthorizationPolicy, IstioPeerAuthentication, IstioSidecar, PodSecurityLevel, PodSecurityProps,
  SecureNamespaceManifest, SecureNamespaceProps,
} from './core/secure-namespace/props';
export type { QuotaPair, QuotaProps, ScopedQuotaProps } from './core/secure-namespace/quota';
export { Subject } from './core/secure-namespace/rbac';
export type { AccessProps, TeamRole } from './core/secure-namespace/rbac';
