/**
 * Shared by the day-2 suites (day2-*.cluster.ts): a user's chart for a SecureNamespace, pruning of
 * removed objects, and the documented hand-off of `replicas` to an autoscaler.
 */
import { Obj, get, kubectlOk, synth } from './kube';
import { Quantity, SecureNamespace } from '../../lib/cdk8s';

export const small = { cpu: { request: Quantity.millicores(50) }, memory: { request: Quantity.mebibytes(64) } };

/** A quota the day-2 apps fit at their peak, Istio's injected proxies (1Gi memory limit each) included. */
export const roomy = { cpu: { request: Quantity.cores(4) }, memory: { request: Quantity.gibibytes(16) }, pods: 40 };

/** The namespace's objects and the app's, synthesised together as a user's chart would. */
export function chartOf(ns: string, add: (scope: SecureNamespace) => void): Obj[] {
  return synth((chart) => add(new SecureNamespace(chart, ns, { quota: roomy })));
}

/** Deletes what `previous` had and `next` has not (what `kubectl apply --prune` or a GitOps tool does). */
export function prune(ns: string, previous: readonly Obj[], next: readonly Obj[], plane: 'newest' | 'oldest' = 'newest'): void {
  const key = (o: Obj) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`;
  const keep = new Set(next.map(key));
  for (const o of previous) {
    if (keep.has(key(o))) continue;
    kubectlOk(['delete', `${o.kind}.${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}`.replace(/\.$/, ''), o.metadata.name, '-n', ns, '--ignore-not-found', '--wait=false'], { plane });
  }
}

/**
 * The documented migration to an autoscaler under server-side apply: before the first apply
 * without `replicas`, a second field manager takes co-ownership of the current value, so the field
 * is kept (not reset to 1) when keelson's manifests stop setting it.
 */
export function handOffReplicas(kind: 'Deployment' | 'StatefulSet', name: string, ns: string, plane: 'newest' | 'oldest' = 'newest'): void {
  const replicas = get(kind, name, ns, plane)?.spec.replicas;
  const partial = { apiVersion: 'apps/v1', kind, metadata: { name, namespace: ns }, spec: { replicas } };
  kubectlOk(['apply', '--server-side', '--field-manager=handover-to-hpa', '--validate=false', '-f', '-'], { plane, input: JSON.stringify(partial) });
}
