/**
 * Watching a change land: apply the next manifests, then sample the live Services' ready endpoints
 * and the app's ready pods until the workloads have rolled out, keeping the lowest values seen.
 */
import { Obj, applyClean, get, list, readyEndpoints, readyPods, rolloutDone, sleep, kubectlOk } from './kube';
import { TRACK_LABEL } from '../../lib';

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
export async function observeChange(ns: string, selector: string, previous: readonly Obj[], next: readonly Obj[], options: {
  plane?: 'newest';
  timeoutMs?: number;
  beforeApply?: () => void;
  /** Called at every sample (also once before the apply), to record more than the counts above. */
  sample?: () => void;
  /** Applies `next` in place of one `kubectl apply` of everything (e.g. in Pulumi's order); sampled while it runs. */
  apply?: (sample: () => void) => Promise<void>;
} = {}): Promise<Observation> {
  const services = next
    .filter((o) => o.kind === 'Service' && previous.some((p) => p.kind === 'Service' && p.metadata.name === o.metadata.name))
    .map((o) => o.metadata.name as string);
  const before = readyPods(ns, selector);
  const minEndpoints: Record<string, number> = Object.fromEntries(services.map((s) => [s, readyEndpoints(s, ns)]));
  let minReadyPods = before;
  let samples = 0;
  const take = (): void => {
    samples += 1;
    for (const s of services) minEndpoints[s] = Math.min(minEndpoints[s], readyEndpoints(s, ns));
    minReadyPods = Math.min(minReadyPods, readyPods(ns, selector));
    options.sample?.();
  };
  options.sample?.();
  options.beforeApply?.();
  if (options.apply) await options.apply(take);
  else applyClean(next);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let settledSince: number | undefined;
  for (;;) {
    take();
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

/**
 * The tracks of CanaryRelease `name` that the live routing sends requests to while none of their
 * pods is ready: a VirtualService destination with a positive weight (or a match route), or the
 * track a blue/green Service selects.
 */
export function unservedTracks(ns: string, name: string): string[] {
  const routed = new Set<string>();
  const vs = get('virtualservices.networking.istio.io', name, ns);
  for (const r of vs?.spec?.http ?? []) {
    for (const d of r.route ?? []) if ((d.weight ?? 100) > 0) routed.add(d.destination.subset);
  }
  const active = get('Service', name, ns)?.spec?.selector?.[TRACK_LABEL];
  if (active) routed.add(active);
  return [...routed].filter((t) => readyPods(ns, `app.kubernetes.io/name=${name},${TRACK_LABEL}=${t}`) === 0);
}

/**
 * Holds back new pods in `ns` (as an app that takes long to start would be late): a ResourceQuota
 * that allows no more pods than run now. Returns the release, which also nudges the ReplicaSets
 * (an update requeues one at once, instead of after the controller's back-off from the refusals).
 */
export function holdNewPods(ns: string): () => void {
  const running = list('pods', ns).filter((p) => !p.metadata.deletionTimestamp).length;
  applyClean([{ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'hold-new-pods', namespace: ns }, spec: { hard: { pods: String(running) } } }]);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    kubectlOk(['delete', 'resourcequota', 'hold-new-pods', '-n', ns, '--ignore-not-found', '--wait=true']);
    kubectlOk(['annotate', 'replicasets', '--all', '-n', ns, '--overwrite', `keelson.test/released=${Date.now()}`]);
  };
}

/**
 * Samples what the live routing of CanaryRelease `name` serves: the tracks it ever sent requests to
 * while they had no ready pod; calls `release` (of held pods) after `holdSamples` samples.
 */
export function recorder(ns: string, name: string, release: () => void, holdSamples = 6): { sample: () => void; unserved: Set<string> } {
  const unserved = new Set<string>();
  let n = 0;
  return {
    unserved,
    sample: () => {
      n += 1;
      for (const t of unservedTracks(ns, name)) unserved.add(t);
      if (n === holdSamples) release();
    },
  };
}
