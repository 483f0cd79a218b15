/**
 * keelson for cdk8s: constructs that add the core's objects to a cdk8s chart.
 * `import { StatelessApp } from 'keelson/cdk8s'`.
 */
export * from '../index';
export { StatelessApp } from './stateless-app';
export type { Cdk8sNetworkPeer, StatelessAppCdk8sProps } from './stateless-app';
export type { PlusLabelSelector, PlusNamespaceSelectorConfig, PlusNetworkPolicyPeer, PlusNetworkPolicyPeerConfig, PlusPodSelectorConfig } from './cdk8s-plus';
export { stringifyYaml, synthYaml } from './synth';
export { StatefulApp } from './stateful-app';
export type { StatefulAppCdk8sProps } from './stateful-app';
export { SecureNamespace } from './secure-namespace';
export type { SecureNamespaceCdk8sProps } from './secure-namespace';
export { configureLock } from './lock';
export { KeelsonLockError } from '../lock';
export { CanaryRelease } from './canary-release';
export type { CanaryReleaseCdk8sProps } from './canary-release';
export { BatchJob } from './batch-job';
export type { BatchJobCdk8sProps } from './batch-job';
