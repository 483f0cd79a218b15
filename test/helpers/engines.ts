/**
 * Runs the same constructs on both engines, for verdicts that must agree: the cdk8s constructs in
 * one App and Chart, the Pulumi components in one fresh deployment (under the mocks), in order.
 * Each step's outcome says whether it was built, or the library's error it threw, and checks that
 * a step that threw added or registered nothing.
 */
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { mockPulumi, settle } from './pulumi';
import { KeelsonValidationError, ValidationProblem } from '../../lib';
import * as cdk8s from '../../lib/cdk8s';
import * as kpulumi from '../../lib/pulumi';

export type ConstructType = 'StatelessApp' | 'StatefulApp' | 'CanaryRelease' | 'SecureNamespace' | 'BatchJob';

/** One construct to create: its type, its id (cdk8s construct id, Pulumi resource name) and its props. */
export interface Step {
  readonly type: ConstructType;
  readonly id: string;
  readonly props: unknown;
  /** Pulumi resource options (e.g. a provider): the same cluster on cdk8s. */
  readonly opts?: pulumi.ComponentResourceOptions;
}

/** What became of a step. */
export interface Outcome {
  /** Built: the number of Kubernetes objects it added or registered. */
  readonly objects?: number;
  /** The library's error, as the engine threw it. */
  readonly error?: KeelsonValidationError;
  /** Anything else it threw (a defect). */
  readonly other?: unknown;
}

/** The same problem on both engines: messages name the other construct by engine (`cdk8s construct a/b`, `Pulumi resource "b"`). */
export function comparable(problems: readonly ValidationProblem[]): ValidationProblem[] {
  return problems.map((p) => ({ ...p, message: p.message.replace(/\((?:cdk8s construct [^)]*|Pulumi resource "[^"]*")\)/g, '(<where>)') }));
}

/** A verdict for comparison: the objects' count, or the problems. */
export function verdict(o: Outcome): unknown {
  if (o.other !== undefined) return { other: String(o.other instanceof Error ? o.other.stack : o.other) };
  return o.error ? { constructType: o.error.constructType, problems: comparable(o.error.problems) } : { objects: o.objects };
}

function create(type: ConstructType, scope: Construct, id: string, props: unknown): void {
  const Type = cdk8s[type] as unknown as new (s: Construct, i: string, p: unknown) => unknown;
  new Type(scope, id, props);
}

/** The ApiObjects in a tree. */
function apiObjects(scope: Construct): number {
  return scope.node.findAll().filter((c) => ApiObject.isApiObject(c)).length;
}

/** Runs the steps in one cdk8s App and Chart (with the chart's namespace, if given). */
export function onCdk8s(steps: readonly Step[], namespace?: string): Outcome[] {
  const app = Testing.app() as App;
  const chart = new Chart(app as unknown as Construct, 'test', namespace ? { namespace } : {});
  return steps.map((s) => {
    const constructs = app.node.findAll().length;
    const objects = apiObjects(chart);
    try {
      create(s.type, chart, s.id, s.props);
      return { objects: apiObjects(chart) - objects };
    } catch (e) {
      if (app.node.findAll().length !== constructs) return { other: new Error(`${s.type} ${s.id} threw but added constructs to the tree`) };
      return e instanceof KeelsonValidationError ? { error: e } : { other: e };
    }
  });
}

type Mocks = Awaited<ReturnType<typeof mockPulumi>>;

/** Waits until no registration arrives over two rounds of `settle()` (a loaded machine can be slow to start them). */
async function quiet(mocks: Mocks): Promise<void> {
  for (let stable = 0, rounds = 0; stable < 2 && rounds < 50; rounds++) {
    const before = mocks.registrations.length;
    await settle();
    stable = mocks.registrations.length === before ? stable + 1 : 0;
  }
}

/** Runs the steps in one fresh Pulumi deployment; waits for every registration, and for failures inside Outputs. */
export async function onPulumi(mocks: Mocks, steps: readonly Step[]): Promise<Outcome[]> {
  await mocks.newStack();
  const asynchronous: unknown[] = [];
  // A component's resources are named after it (`<id>`, `<id>-deployment`, ...): a registration a
  // previous deployment left in flight is not counted as this step's.
  const registeredBy = (id: string, from: number) => mocks.registrations.slice(from).filter((r) => r.name === id || r.name.startsWith(`${id}-`));
  const onRejection = (e: unknown) => asynchronous.push(e);
  process.on('unhandledRejection', onRejection);
  try {
    const out: Outcome[] = [];
    for (const s of steps) {
      const before = mocks.registrations.length;
      let outcome: Outcome;
      try {
        const Type = kpulumi[s.type] as unknown as new (n: string, a: unknown, o?: pulumi.ComponentResourceOptions) => unknown;
        new Type(s.id, s.props, s.opts);
        await settle();
        await quiet(mocks);
        outcome = { objects: registeredBy(s.id, before).filter((r) => r.type.startsWith('kubernetes:')).length };
      } catch (e) {
        await quiet(mocks);
        const registered = registeredBy(s.id, before).length;
        outcome = registered > 0
          ? { other: new Error(`${s.type} ${s.id} threw but registered ${registered} resources`) }
          : e instanceof KeelsonValidationError ? { error: e } : { other: e };
      }
      if (asynchronous.length) outcome = { other: asynchronous.splice(0)[0] };
      out.push(outcome);
    }
    return out;
  } finally {
    process.off('unhandledRejection', onRejection);
  }
}
