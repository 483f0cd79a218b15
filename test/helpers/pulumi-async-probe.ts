/**
 * Run by test/pulumi/inputs-async.test.ts in a process of its own (`tsx`), because what it
 * measures are the unhandled rejections a Pulumi program sees, which jest would take for its own
 * failures. Under Pulumi's mocks, for each input slot: the component gets an Output of the slot's
 * bad value; the probe records every unhandled rejection and every registration until the process
 * is quiet, and what cdk8s says about the same value given plainly. Writes JSON to argv[2].
 *
 * Pulumi's own program runner reports an uncaught error once per error object (it dedupes by
 * identity), so "the library's error once" means: one distinct error object.
 */
import * as fs from 'fs';
import * as pulumi from '@pulumi/pulumi';

const events: unknown[] = [];
process.on('unhandledRejection', (e) => {
  events.push(e);
});

/** The probe's exit code once it wrote its results. */
export const EXIT_CODE = 3;

export interface ProbeResult {
  readonly name: string;
  /** The message of an error thrown synchronously by the component, if any. */
  readonly sync?: string;
  /** Kubernetes children registered. */
  readonly children: readonly string[];
  /** Unhandled rejections, and the distinct errors among them. */
  readonly rejections: number;
  readonly errors: ReadonlyArray<{ readonly name: string; readonly message: string; readonly problems?: unknown }>;
  /** cdk8s's error for the plain value: its message and problems. */
  readonly expected?: { readonly message: string; readonly problems: unknown };
}

async function quiet(registrations: readonly string[]): Promise<void> {
  let seen = -1;
  for (let rounds = 0; rounds < 100 && seen !== events.length + registrations.length; rounds++) {
    seen = events.length + registrations.length;
    await new Promise((r) => setTimeout(r, 40));
  }
}

async function main(): Promise<void> {
  const registrations: string[] = [];
  // Fresh mocks per scenario: a deployment of its own (the scenarios emit the same object names).
  const install = () => pulumi.runtime.setMocks({
    newResource: (a) => {
      registrations.push(`${a.type} ${a.name}`);
      return { id: `${a.name}-id`, state: a.inputs };
    },
    call: (a) => a.inputs,
  }, 'keelson', 'probe', false);
  const { PROBE_SCENARIOS, cdk8sConstruct, chart, pulumiComponent } = await import('./input-cases');
  const results: ProbeResult[] = [];
  for (const s of PROBE_SCENARIOS) {
    events.length = 0;
    registrations.length = 0;
    await install();
    let sync: string | undefined;
    try {
      pulumiComponent(s.construct, s.args(true));
    } catch (e) {
      sync = (e as Error).message;
    }
    await quiet(registrations);
    let expected: ProbeResult['expected'];
    try {
      cdk8sConstruct(chart(), s.construct, s.args(false));
    } catch (e) {
      expected = { message: (e as Error).message, problems: (e as { problems?: unknown }).problems };
    }
    const errors = [...new Set(events)].map((e) => {
      const err = e as { name?: string; message?: string; problems?: unknown };
      return { name: String(err?.name), message: String(err?.message), problems: err?.problems };
    });
    results.push({ name: s.name, sync, children: registrations.filter((r) => r.startsWith('kubernetes:')), rejections: events.length, errors, expected });
  }
  fs.writeFileSync(process.argv[2], JSON.stringify(results));
  // Exit as a program whose registrations failed does (Pulumi's leak report would otherwise turn the
  // children that never registered into a generic failure): the results are in the file.
  process.exit(EXIT_CODE);
}

if (require.main === module) void main();
