/**
 * One `pulumi up` of a keelson component's objects, as the Pulumi engine and the Kubernetes
 * provider run it, with kubectl (there is no Pulumi CLI here): each object is applied server-side
 * once the objects it depends on are done (the `dependsOn` the component derives with
 * `dependencies()`); a Deployment is awaited until
 * rolled out and a Service with a selector until it has a ready endpoint (what the provider waits
 * for); then the objects the update removes are deleted, dependents first. Pulumi runs independent
 * steps in parallel; applying them one by one in dependency order is one of the orders it may take.
 */
import { Obj, applyClean, kubectlOk, readyEndpoints, rolledOutNow, sleep } from './kube';
import type { KubeObject } from '../../lib/core/workload/objects';
import { inDependencyOrder } from '../../lib/pulumi/app-component';

/**
 * Applies `next` over `previous` in namespace `ns`, calling `sample` between every two steps and
 * while it waits. `fieldManager`: the manager of the objects' earlier applies (the provider keeps
 * one per resource, `pulumi-kubernetes-<random>`, across updates).
 */
export async function pulumiUp(
  ns: string,
  previous: readonly Obj[],
  next: readonly Obj[],
  sample: () => void, options: { fieldManager?: string; timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const key = (o: Obj) => `${o.kind}/${o.metadata.name}`;
  const deadline = Date.now() + timeoutMs;
  const wait = async (what: string, done: () => boolean): Promise<void> => {
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`pulumiUp: timed out waiting for ${what}`);
      sample();
      await sleep(100);
    }
  };
  for (const o of inDependencyOrder(next as KubeObject[]) as Obj[]) {
    applyClean([o], options.fieldManager ? { fieldManager: options.fieldManager } : {});
    sample();
    if (o.kind === 'Deployment') await wait(`Deployment ${o.metadata.name}`, () => rolledOutNow('Deployment', o.metadata.name, ns) !== undefined);
    if (o.kind === 'Service' && o.spec.selector && o.spec.clusterIP !== 'None') {
      await wait(`Service ${o.metadata.name} to have a ready endpoint`, () => readyEndpoints(o.metadata.name, ns) > 0);
    }
  }
  const kept = new Set(next.map(key));
  const removed = previous.filter((o) => !kept.has(key(o)));
  // Dependents first: the reverse of the order they would be created in.
  for (const o of (inDependencyOrder(removed as KubeObject[]) as Obj[]).reverse()) {
    kubectlOk(['delete', o.kind, o.metadata.name, '-n', ns, '--ignore-not-found', '--wait=true', '--cascade=foreground']);
    sample();
  }
}
