/**
 * The Pulumi variants, under `pulumi.runtime.setMocks`: the same objects as typed
 * @pulumi/kubernetes resources, created directly (raw) or through keelson's component. Timing ends
 * when every output of every resource has resolved and the SDK's outstanding RPCs have drained.
 */
import type * as PulumiModule from '@pulumi/pulumi';
import { NAMESPACE, appName, appProps } from './app';
import { Template, compileFactory } from './protocol';
import { Measured, cpu } from './variants-cdk8s';

const now = (): number => performance.now();

/** One registration the mocks saw. */
interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: unknown;
}

/** keelson's component type: registered by keelson only, left out of the inputs comparison. */
const COMPONENT_TYPE = 'keelson:index:StatelessApp';

export async function rawPulumi(n: number, template: Template): Promise<Measured> {
  const t0 = now();
  const pulumi: typeof PulumiModule = require('@pulumi/pulumi');
  const k8s: typeof import('@pulumi/kubernetes') = require('@pulumi/kubernetes');
  const make = compileFactory(template);
  const registrations = await mock(pulumi);
  type ResourceClass = new (name: string, args: Record<string, unknown>) => PulumiModule.CustomResource;
  const classes: Record<string, ResourceClass> = {
    ServiceAccount: k8s.core.v1.ServiceAccount as unknown as ResourceClass,
    NetworkPolicy: k8s.networking.v1.NetworkPolicy as unknown as ResourceClass,
    Service: k8s.core.v1.Service as unknown as ResourceClass,
    Deployment: k8s.apps.v1.Deployment as unknown as ResourceClass,
    PodDisruptionBudget: k8s.policy.v1.PodDisruptionBudget as unknown as ResourceClass,
    HorizontalPodAutoscaler: k8s.autoscaling.v2.HorizontalPodAutoscaler as unknown as ResourceClass,
  };
  const c1 = cpu();
  const t1 = now();
  const resources: PulumiModule.Resource[] = [];
  for (let i = 0; i < n; i++) {
    const name = appName(i);
    for (const obj of make(name)) {
      // The typed classes set apiVersion and kind themselves.
      const { apiVersion: _apiVersion, kind, ...args } = obj;
      resources.push(new classes[kind as string](`${name}-${(kind as string).toLowerCase()}`, args));
    }
  }
  const t2 = now();
  await settle(pulumi, resources);
  const t3 = now();
  return finish(t0, t1, t2, t3, cpu() - c1, registrations);
}

export async function keelsonPulumi(n: number): Promise<Measured> {
  const t0 = now();
  const pulumi: typeof PulumiModule = require('@pulumi/pulumi');
  const { StatelessApp }: typeof import('keelson/pulumi') = require('keelson/pulumi');
  const registrations = await mock(pulumi);
  const c1 = cpu();
  const t1 = now();
  const resources: PulumiModule.Resource[] = [];
  for (let i = 0; i < n; i++) {
    const name = appName(i);
    const app = new StatelessApp(name, { namespace: NAMESPACE, ...appProps(name) });
    resources.push(app, app.serviceAccount, app.networkPolicy, app.service!, app.deployment, app.podDisruptionBudget, app.horizontalPodAutoscaler!);
  }
  const t2 = now();
  await settle(pulumi, resources);
  const t3 = now();
  return finish(t0, t1, t2, t3, cpu() - c1, registrations);
}

async function mock(pulumi: typeof PulumiModule): Promise<Registration[]> {
  const registrations: Registration[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call(args) {
        return args.inputs;
      },
    },
    'bench',
    'bench',
    false,
  );
  return registrations;
}

/**
 * Waits until every Output property of every resource (urn, id, metadata, spec, ...) has resolved.
 * Through the Output's own promise where the SDK has one (as Pulumi's runtime awaits outputs): an
 * `apply` per output would add a new Output per property to both variants' time.
 */
async function settle(pulumi: typeof PulumiModule, resources: readonly PulumiModule.Resource[]): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (const resource of resources) {
    for (const value of Object.values(resource)) {
      if (!pulumi.Output.isInstance(value)) continue;
      const promise = (value as unknown as { promise?: () => Promise<unknown> }).promise;
      pending.push(typeof promise === 'function' ? promise.call(value) : new Promise((resolve) => value.apply((v: unknown) => resolve(v))));
    }
  }
  await Promise.all(pending);
  // Registrations of outputs (registerOutputs) and anything else still queued.
  await (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs?.();
}

function finish(t0: number, t1: number, t2: number, t3: number, cpuMs: number, registrations: readonly Registration[]): Measured {
  const maxRssKb = process.resourceUsage().maxRSS;
  const children = registrations
    .filter((r) => r.type !== COMPONENT_TYPE)
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const output = `${children.map((r) => canonicalJson(r)).join('\n')}\n`;
  return { importMs: t1 - t0, constructMs: t2 - t1, synthMs: t3 - t2, cpuMs, maxRssKb, output, objects: registrations.length };
}

/** JSON with every object's keys sorted, so equal inputs give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    return `{${entries.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
