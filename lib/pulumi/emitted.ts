import * as pulumi from '@pulumi/pulumi';
import { emittedObjectsOf } from '../core/validation/emitted';
import type { KubeObject } from '../core/workload/objects';

/** What a deployment's objects are registered in when the engine gives no monitor (never in a real run). */
const NO_MONITOR = {};
/** A number per Kubernetes provider (per cluster), for registry keys; 0 is the default provider. */
const providerIds = new WeakMap<object, number>();
let lastProviderId = 0;

/**
 * The Kubernetes provider a component's children use: its own (`provider` of the kubernetes
 * package, or in `providers`), else its parent's; undefined for the default provider.
 */
function kubernetesProvider(opts: pulumi.ComponentResourceOptions): object | undefined {
  // `getPackage()` is not in the SDK's declarations, but every ProviderResource has it.
  const isKubernetes = (p: unknown) => {
    const getPackage = (p as { getPackage?: unknown } | undefined)?.getPackage;
    return typeof getPackage === 'function' && getPackage.call(p) === 'kubernetes';
  };
  if (isKubernetes(opts.provider)) return opts.provider;
  const providers = opts.providers;
  const listed = Array.isArray(providers)
    ? providers.find(isKubernetes)
    : (providers as Record<string, pulumi.ProviderResource> | undefined)?.kubernetes;
  if (listed !== undefined) return listed;
  return opts.parent?.getProvider('kubernetes:core/v1:Service');
}

/**
 * The registry of the objects keelson components emit to one cluster in this deployment: keyed by
 * the deployment (the engine's resource monitor: one per `pulumi up`, a new one per
 * `runtime.setMocks`) and the Kubernetes provider (two providers are two clusters).
 */
function registryFor(opts: pulumi.ComponentResourceOptions): ReturnType<typeof emittedObjectsOf> {
  const monitor = (pulumi.runtime.getMonitor() as object | undefined) ?? NO_MONITOR;
  const provider = kubernetesProvider(opts);
  let id = 0;
  if (provider !== undefined) {
    id = providerIds.get(provider) ?? ++lastProviderId;
    providerIds.set(provider, id);
  }
  return emittedObjectsOf(registryKey(monitor, id));
}

/** One object per (deployment, provider), so the registries can live in a WeakMap keyed by the monitor. */
const keys = new WeakMap<object, Map<number, object>>();
function registryKey(monitor: object, provider: number): object {
  let byProvider = keys.get(monitor);
  if (!byProvider) keys.set(monitor, (byProvider = new Map()));
  let key = byProvider.get(provider);
  if (!key) byProvider.set(provider, (key = {}));
  return key;
}

/**
 * Claims the objects a keelson component is about to register, in its stack and cluster: throws a
 * KeelsonValidationError, before anything is registered, when another keelson component already
 * emits an object of the same kind, namespace and name there. Call the returned function once the
 * component has registered, to record its objects.
 */
export function claimObjects(
  resourceName: string, opts: pulumi.ComponentResourceOptions, type: string, name: string, objects: readonly KubeObject[],
): () => void {
  const emitter = { type, name, where: `Pulumi resource ${JSON.stringify(resourceName)}` };
  const emitted = registryFor(opts ?? {});
  emitted.check(emitter, objects);
  return () => emitted.add(emitter, objects);
}
