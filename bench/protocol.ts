/**
 * What the orchestrator (main.ts) and the workers (worker.ts, cold-start.ts) exchange. No runtime
 * imports: every process loads this file, and it must not load an engine or keelson.
 */

/** The variants, in the order a round runs them (every other round reverses it). */
export const CDK8S_VARIANTS = ['floor', 'raw-cdk8s', 'keelson-cdk8s', 'cdk8s-plus-27', 'keelson-cdk8s-fast'] as const;
export const PULUMI_VARIANTS = ['raw-pulumi', 'keelson-pulumi'] as const;
export type Cdk8sVariant = (typeof CDK8S_VARIANTS)[number];
export type PulumiVariant = (typeof PULUMI_VARIANTS)[number];
export type Variant = Cdk8sVariant | PulumiVariant;

/** Modules whose import time the cold-start runs measure. */
export const COLD_START_MODULES = ['cdk8s', 'keelson/cdk8s', 'cdk8s-plus-27', 'keelson'] as const;

/** What the orchestrator hands the raw workers (as JSON, in a file). */
export interface Template {
  /** Source of the body of `function (name) { ... }` that returns one app's objects. */
  readonly factorySource: string;
  /** The same per kind: source of the body of `function (name) { ... }` returning that one object. */
  readonly kindSources: Readonly<Record<string, string>>;
  /** The objects of the template app, in cdk8s's output key order. */
  readonly objects: readonly Record<string, unknown>[];
}

/** Compiles a template's factory (worker setup, outside any timing). */
export function compileFactory(template: Template): (name: string) => Record<string, unknown>[] {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('name', template.factorySource) as (name: string) => Record<string, unknown>[];
}

/** Compiles the factory of one kind's object. */
export function compileKindFactory(template: Template, kind: string): (name: string) => Record<string, unknown> {
  const source = template.kindSources[kind];
  if (source === undefined) throw new Error(`the template has no ${kind}`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('name', source) as (name: string) => Record<string, unknown>;
}

/** One timed run of one variant at one size, as a worker reports it. */
export interface RunResult {
  readonly variant: Variant;
  readonly n: number;
  /** Loading the variant's modules (not part of the total). */
  readonly importMs: number;
  /** Building the objects / constructs / resources. */
  readonly constructMs: number;
  /** cdk8s: synthesising the YAML string; Pulumi: until every resource's outputs resolved and RPCs drained. */
  readonly synthMs: number;
  readonly totalMs: number;
  /**
   * CPU time (user + system, all threads) of the worker during construct + synth. Steadier than
   * wall time when other processes compete for the CPUs; includes V8's parallel GC threads.
   */
  readonly cpuMs: number;
  /** Peak resident set size of the worker process. */
  readonly peakRssMb: number;
  /** cdk8s: bytes of YAML; Pulumi: bytes of the registered inputs as canonical JSON. */
  readonly outputBytes: number;
  /** sha256 of that output, to check that variants emit the same thing. */
  readonly outputHash: string;
  /** Objects (cdk8s documents) or resources registered (Pulumi, including components). */
  readonly objects: number;
}

/** One cold-start measurement: how long `require(module)` took in a fresh process. */
export interface ColdStartResult {
  readonly module: string;
  readonly requireMs: number;
  /** Which engines the import pulled in. */
  readonly loaded: { readonly cdk8s: boolean; readonly cdk8sPlus: boolean; readonly pulumi: boolean };
  readonly modules: number;
}
