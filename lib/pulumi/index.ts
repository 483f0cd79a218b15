/**
 * keelson for Pulumi: ComponentResources that register the core's objects as typed
 * @pulumi/kubernetes resources. `import { StatelessApp } from 'keelson/pulumi'`.
 */
export * from '../index';
export * from './stateless-app';
export * from './stateful-app';
export * from './secure-namespace';
export * from './canary-release';
export type { ContainerArgs } from './inputs';
