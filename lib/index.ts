/**
 * keelson's backend-neutral core: props, value types, validation and the builders that turn
 * props into plain Kubernetes objects. It imports neither cdk8s nor Pulumi; the adapters
 * (`keelson/cdk8s`, `keelson/pulumi`) register these objects with each engine.
 */
export * from './core/app-parts';
export * from './core/defaults';
export * from './core/duration';
export * from './core/env';
export * from './core/validation/path';
export * from './core/validation/problems';
export * from './core/image';
export * from './core/immutable';
export * from './core/validation/checks';
export * from './core/network-peer';
export * from './core/port';
export * from './core/probe';
export * from './core/quantity';
export * from './core/workload';
export * from './core/stateless-app';
export * from './core/stateful-app';
export * from './core/secure-namespace';
export * from './core/quota-fit';
export * from './core/canary-routing';
export * from './core/canary-release';
