/**
 * Watching a change land: apply the next manifests, then sample the live Services' ready endpoints
 * and the app's ready pods until the workloads have rolled out, keeping the lowest values seen.
 */
import { Obj, applyClean, get, list, readyEndpoints, readyPods, rolloutDone, sleep } from './kube';

export interface Observation {
  /** Lowest ready endpoint count seen per Service that exists before and after the change. */
  readonly minEndpoints: Record<string, number>;
  /** Lowest count of ready pods of the app seen. */
  readonly minReadyPods: number;
  /** Ready pods of the app before the change. */
  readonly before: number;
  /** Pods the new manifests ask for (replicas of every Deployment/StatefulSet, HPA minimum where autoscaled). */
  readonly wanted: number;
  readonly samples: number;
}

/** Pods the manifests ask for. */
export function wantedPods(objects: readonly Obj[], liveReplicas: (kind: string, name: string) => number | undefined = () => undefined): number {
  let n = 0;
  for (const o of objects) {
    if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') continue;
    const hpa = objects.find((h) => h.kind === 'HorizontalPodAutoscaler' && h.spec.scaleTargetRef.name === o.metadata.name);
    n += o.spec.replicas ?? liveReplicas(o.kind, o.metadata.name) ?? hpa?.spec.minReplicas ?? 1;
  }
  return n;
}

/** True once every Deployment/StatefulSet of the manifests has rolled out its current template. */
function settled(ns: string, objects: readonly Obj[]): boolean {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .every((o) => {
      const live = get(o.kind, o.metadata.name, ns);
      return live !== undefined && rolloutDone(live);
    });
}

/**
 * Applies `next` over `previous` in namespace `ns` and samples until settled (or `timeoutMs`).
 * `selector` picks the app's pods (every track).
 */
export async function observeChange(ns: string, selector: string, previous: readonly Obj[], next: readonly Obj[], options: { plane?: 'newest'; timeoutMs?: number; beforeApply?: () => void } = {}): Promise<Observation> {
  const services = next
    .filter((o) => o.kind === 'Service' && previous.some((p) => p.kind === 'Service' && p.metadata.name === o.metadata.name))
    .map((o) => o.metadata.name as string);
  const before = readyPods(ns, selector);
  const minEndpoints: Record<string, number> = Object.fromEntries(services.map((s) => [s, readyEndpoints(s, ns)]));
  let minReadyPods = before;
  options.beforeApply?.();
  applyClean(next);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let samples = 0;
  let settledSince: number | undefined;
  for (;;) {
    samples += 1;
    for (const s of services) minEndpoints[s] = Math.min(minEndpoints[s], readyEndpoints(s, ns));
    const ready = readyPods(ns, selector);
    minReadyPods = Math.min(minReadyPods, ready);
    if (settled(ns, next) && list('pods', ns, selector).every((p) => !p.metadata.deletionTimestamp)) {
      // Settled twice in a row, a moment apart: the controllers have finished.
      settledSince ??= Date.now();
      if (Date.now() - settledSince > 1000) break;
    } else {
      settledSince = undefined;
    }
    if (Date.now() > deadline) {
      const state = next.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet').map((o) => {
        const live = get(o.kind, o.metadata.name, ns);
        return `${o.kind}/${o.metadata.name}: generation ${live?.metadata.generation}, status ${JSON.stringify(live?.status)}`;
      });
      throw new Error(`the change in ${ns} did not settle within ${options.timeoutMs ?? 120_000} ms:\n${state.join('\n')}`);
    }
    await sleep(100);
  }
  const liveReplicas = (kind: string, name: string): number | undefined => get(kind, name, ns)?.spec.replicas;
  return { minEndpoints, minReadyPods, before, wanted: wantedPods(next, liveReplicas), samples };
}
