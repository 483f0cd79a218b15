import * as pulumi from '@pulumi/pulumi';

/** One resource registration seen by the mocks. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** Set for a read of an existing object (`Deployment.get(name, id)`). */
  readonly id?: string;
}

/**
 * Installs Pulumi's runtime mocks and records every resource registration. Await it before
 * creating resources; `settle()` waits until every registered resource's inputs resolved.
 */
export async function mockPulumi(options: {
  /** The state a read (`Resource.get`) returns, by type and id; none: the inputs. */
  read?: (type: string, id: string) => Record<string, unknown> | undefined;
  /** Run as `pulumi preview` (unknown inputs stay unknown). */
  preview?: boolean;
} = {}): Promise<{
    registrations: Registration[];
    /** Registrations sorted by type then name: Pulumi registers them in no fixed order. */
    sorted(): Registration[];
    /**
   * A fresh deployment (new mocks, no registrations): what one test creates does not meet what
   * another created, as two `pulumi up` runs do not (keelson checks object clashes per deployment).
   */
    newStack(): Promise<void>;
  }> {
  const registrations: Registration[] = [];
  seen = registrations;
  const install = () => pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        registrations.push({ type: args.type, name: args.name, inputs: args.inputs, ...(args.id ? { id: args.id } : {}) });
        const read = args.id ? options.read?.(args.type, args.id) : undefined;
        return { id: args.id || `${args.name}-id`, state: read ?? args.inputs };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        return args.inputs;
      },
    },
    'keelson',
    'test',
    options.preview ?? false,
  );
  await install();
  return {
    registrations,
    sorted: () => [...registrations].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name)),
    newStack: async () => {
      // What the previous deployment registered finishes against its own mocks first.
      await settle();
      registrations.length = 0;
      await install();
    },
  };
}

/** Resolves an Output to its value (mocks only). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** The registrations of the current mocks, for `settle`. */
let seen: Registration[] = [];

/**
 * Waits until outstanding Pulumi work (registrations, applies) has finished: until a round of
 * turns of the event loop registers nothing more (children that wait for inputs come late).
 */
export async function settle(): Promise<void> {
  let count = -1;
  while (count !== seen.length) {
    count = seen.length;
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    await (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs?.();
    await new Promise((r) => setTimeout(r, 5));
  }
}
