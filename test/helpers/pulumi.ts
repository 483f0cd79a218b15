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
} = {}): Promise<{
  registrations: Registration[];
  /** Registrations sorted by type then name: Pulumi registers them in no fixed order. */
  sorted(): Registration[];
}> {
  const registrations: Registration[] = [];
  await pulumi.runtime.setMocks(
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
    false,
  );
  return {
    registrations,
    sorted: () => [...registrations].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name)),
  };
}

/** Resolves an Output to its value (mocks only). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Waits until outstanding Pulumi work (registrations, applies) has finished. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  await (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs?.();
}
