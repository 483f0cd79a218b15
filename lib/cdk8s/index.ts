/**
 * keelson for cdk8s: constructs that add the core's objects to a cdk8s chart.
 * `import { StatelessApp } from 'keelson/cdk8s'`.
 */
export * from '../index';
export * from './stateless-app';
export * from './synth';
export * from './stateful-app';
export * from './secure-namespace';
export * from './canary-release';
