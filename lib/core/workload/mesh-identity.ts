/**
 * Istio's sidecar proxy runs as UID and GID 1337, and its traffic interception lets that identity's
 * traffic through untouched (so the proxy's own connections are not redirected to itself). An app
 * running as 1337 therefore bypasses the mesh: no mutual TLS, no authorization policy.
 */
export const MESH_PROXY_ID = 1337;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PodSpecLike = Record<string, any>;

/** Where a pod runs as the proxy's identity: the props path of the setting and which id it is. */
export function meshIdentityProblems(pod: PodSpecLike): Array<{ readonly at: string; readonly id: 'UID' | 'GID' }> {
  const contexts = [pod.securityContext, ...[...(pod.containers ?? []), ...(pod.initContainers ?? [])].map((c: PodSpecLike) => c?.securityContext)];
  const out: Array<{ at: string; id: 'UID' | 'GID' }> = [];
  if (contexts.some((c) => c?.runAsUser === MESH_PROXY_ID)) out.push({ at: 'securityContext.runAsUser', id: 'UID' });
  if (contexts.some((c) => c?.runAsGroup === MESH_PROXY_ID)) out.push({ at: 'securityContext.runAsGroup', id: 'GID' });
  return out;
}
