/**
 * keelson for Pulumi: ComponentResources that register the core's objects as typed
 * @pulumi/kubernetes resources. `import { StatelessApp } from 'keelson/pulumi'`.
 */
export * from '../index';
export { StatelessApp } from './stateless-app';
export type { StatelessAppArgs, StatelessAppContainerArgs } from './stateless-app';
export { StatefulApp } from './stateful-app';
export type { PersistentStorageArgs, StatefulAppArgs } from './stateful-app';
export { SecureNamespace } from './secure-namespace';
export type { SecureNamespaceArgs } from './secure-namespace';
export { CanaryRelease } from './canary-release';
export type { CanaryReleaseArgs, CanaryTrackArgs, ReleaseTrackArgs, VersionTrackArgs } from './canary-release';
export { BatchJob } from './batch-job';
export type { BatchJobArgs } from './batch-job';
export type { ContainerArgs, ExposureArgs, InputMap, ServiceAccountArgs, WorkloadArgs } from './args';
// The value types whose factories also take Pulumi inputs (same classes as the core's).
export { CanaryRouting, ConfigReference, EnvFrom, EnvValue, Exposure, NetworkPeer, ProjectedSource, Subject, Volume } from './values';
export type {
  CanaryRoutingFactories, ConfigReferenceFactories, EnvFromFactories, EnvValueFactories, GatewayApiRoutingArgs,
  IngressNginxRoutingArgs, IstioRoutingArgs, NetworkPeerFactories, ProjectedSourceFactories, SubjectFactories, VolumeFactories,
} from './values';
export type { TraefikRoutingArgs } from './values';
export type { ArgoRolloutsGatewayApiArgs, ArgoRolloutsIngressNginxArgs } from './values';
export type {
  ExposureFactories, GatewayApiExposureArgs, IngressExposureArgs, GatewayPodsArgs, GatewayReferenceArgs, IstioGatewayExposureArgs,
  LoadBalancerExposureArgs, ServiceExposureArgs,
} from './values';
