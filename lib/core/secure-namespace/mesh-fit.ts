import type { AppObjects, QuotaFitProblem } from './quota-fit';
import type { AnyObject } from './quota-fit-objects';
import { path } from '../validation/path';
import { EXPOSURE_LABEL } from '../workload/gateway-exposure';
import { MESH_PROXY_ID, meshIdentityProblems } from '../workload/mesh-identity';

/** What the apps of a namespace must agree with about its mesh. */
export interface NamespaceMesh {
  /** The PeerAuthentication mode of the namespace. */
  readonly mtls: 'STRICT' | 'PERMISSIVE';
  /** The namespaces whose mesh workloads the namespace's AuthorizationPolicy allows (`mesh.allowFromNamespaces`). */
  readonly allowedNamespaces?: readonly string[];
  /** The workload identities it allows (`mesh.allowFromPrincipals`). */
  readonly allowedPrincipals?: readonly string[];
}

/**
 * Do the apps work with the namespace's mesh, or its absence? Each is a setting the API server
 * accepts and the mesh then breaks at run time:
 * - Istio routing (a DestinationRule) in a namespace without the mesh: its pods get no sidecar and
 *   its NetworkPolicies keep sidecars from istiod, so the mutual TLS the DestinationRule sends
 *   reaches pods that cannot answer it;
 * - a DestinationRule with TLS `DISABLE` in a namespace whose PeerAuthentication is STRICT: the
 *   sidecars refuse the plaintext it sends;
 * - a pod running as UID or GID 1337 in a meshed namespace: the sidecar's traffic interception
 *   exempts that identity, so the app's own traffic bypasses mutual TLS and authorization;
 * - a LoadBalancer or NodePort Service in a meshed namespace without the app's mesh entry
 *   (`exposure.mesh`): its outside clients bring no mesh identity, so mutual TLS and the deny-all
 *   AuthorizationPolicy refuse them; a gateway exposure without it: the deny-all AuthorizationPolicy
 *   refuses the gateway's requests; an Ingress exposure without it: the ingress controller outside the
 *   mesh sends plaintext, which STRICT mutual TLS refuses; and the mesh entry in a namespace without a mesh;
 * - a release routed by an ingress controller or a gateway whose namespace the mesh does not allow.
 */
export function meshFitProblems(
  ns: string,
  mesh: NamespaceMesh | undefined,
  all: ReadonlyArray<{ app: AppObjects; objects: readonly AnyObject[] }>,
  add: (p: QuotaFitProblem) => void,
): void {
  for (const { app, objects } of all) {
    const problem = (at: string, message: string) => add({ type: 'conflict', constructType: app.type, construct: app.name, path: at, message });
    checkExposureEntry(ns, mesh, objects, problem);
    if (mesh && app.type === 'CanaryRelease') checkRouterEntry(ns, mesh, app.name, objects, problem);
    for (const o of objects) {
      if (o.kind === 'DestinationRule' && String(o.apiVersion).startsWith('networking.istio.io/')) {
        const tls = o.spec?.trafficPolicy?.tls?.mode;
        if (!mesh) problem('routing', `routes with Istio, but SecureNamespace ${JSON.stringify(ns)} has no mesh: its pods get no sidecar and its NetworkPolicies keep sidecars from istiod, so the routes reach nothing; set mesh: {} on the namespace or choose another routing`);
        else if (tls === 'DISABLE' && mesh.mtls === 'STRICT') problem(path('routing', 'tlsMode'), `is DISABLE, but SecureNamespace ${JSON.stringify(ns)} requires mutual TLS (mesh.mtls STRICT): its sidecars refuse the plaintext the DestinationRule sends; keep ISTIO_MUTUAL, or set mesh.mtls: 'PERMISSIVE' while clients migrate`);
      }
      const pod = o.spec?.template?.spec;
      if (mesh && pod && typeof pod === 'object') {
        for (const p of meshIdentityProblems(pod)) problem(p.at, `${MESH_PROXY_ID} is the ${p.id} of Istio's sidecar proxy, which SecureNamespace ${JSON.stringify(ns)} injects: the sidecar does not intercept traffic of that ${p.id}, so the app would bypass mutual TLS and authorization; use another ${p.id}`);
      }
    }
  }
}

/**
 * The namespace of the controller (or gateway) in front of the app `name`: the one its NetworkPolicy
 * admits last, where keelson puts the entry's rule (an Ingress exposure's, a router's), after the
 * `allowFrom` peers; undefined when that rule admits no namespace.
 */
function controllerNamespace(objects: readonly AnyObject[], name: unknown): string | undefined {
  const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata?.name === name);
  const rules = policy?.spec?.ingress;
  const last = Array.isArray(rules) && rules.length ? rules[rules.length - 1] : undefined;
  const ns = last?.from?.[0]?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
  return typeof ns === 'string' ? ns : undefined;
}

/**
 * Is the Ingress's controller in the mesh: its namespace one whose workloads the namespace's mesh
 * allows (`mesh.allowFromNamespaces`)? Its sidecar then brings the identity the namespace allows,
 * and no mesh entry is needed.
 */
function meshedController(mesh: NamespaceMesh, objects: readonly AnyObject[], ingress: AnyObject): boolean {
  const ns = controllerNamespace(objects, ingress.metadata?.name);
  return ns !== undefined && (mesh.allowedNamespaces ?? []).includes(ns);
}

/** The kinds a release's router enters by, and the Flagger Canary that makes them. */
const ROUTER_ENTRY_KINDS = ['Ingress', 'IngressRoute', 'HTTPRoute', 'Canary'];

/**
 * A release routed by an ingress controller or a gateway (ingress-nginx, Traefik, Gateway API, Argo
 * over them, Flagger's nginx and gatewayapi providers) in a mesh namespace: the namespace's
 * deny-all AuthorizationPolicy refuses the controller's requests unless the controller runs with
 * sidecars and its namespace is one the mesh allows (`mesh.allowFromNamespaces`); a controller
 * without sidecars sends plaintext, which STRICT mutual TLS refuses too. The controller's namespace
 * is one the app's NetworkPolicy admits.
 */
function checkRouterEntry(
  ns: string, mesh: NamespaceMesh, name: string, objects: readonly AnyObject[], problem: (at: string, message: string) => void,
): void {
  // The release's own entry objects (managed by keelson), not an exposure's nor one the user added beside it.
  const entry = objects.find((o) => ROUTER_ENTRY_KINDS.includes(String(o.kind)) && o.metadata?.labels?.[EXPOSURE_LABEL] === undefined
    && o.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'keelson'
    && (o.kind !== 'Canary' || (String(o.apiVersion).startsWith('flagger.app/') && o.spec?.provider !== 'istio')));
  if (!entry) return;
  // Only the controller's namespace counts: an allowFrom peer the mesh allows (the namespace itself) is not the controller.
  const admitted = controllerNamespace(objects, name);
  if (admitted !== undefined && ((mesh.allowedNamespaces ?? []).includes(admitted)
    || (mesh.allowedPrincipals ?? []).some((p) => p.includes(`/ns/${admitted}/sa/`)))) return;
  const controller = admitted !== undefined ? ` (namespace ${JSON.stringify(admitted)})` : '';
  problem('routing', `enters through the ${entry.kind} ${JSON.stringify(entry.metadata?.name)}, but SecureNamespace ${JSON.stringify(ns)} has a mesh (mutual TLS ${mesh.mtls}, deny-all authorization): the requests of its controller${controller} would be refused; run the controller with sidecars and allow it in the namespace's mesh.allowFromNamespaces (or its identity in mesh.allowFromPrincipals), or route with Istio`);
}

/**
 * An exposed app has the mesh entry exposure.mesh emits exactly when the namespace has a mesh: a
 * LoadBalancer or NodePort Service or an Ingress (labelled keelson.dev/exposure: ingress) its
 * PeerAuthentication `<name>-exposure`, a gateway exposure (its route or Gateway, labelled
 * keelson.dev/exposure) its AuthorizationPolicy `<name>-exposure`.
 */
function checkExposureEntry(
  ns: string, mesh: NamespaceMesh | undefined, objects: readonly AnyObject[], problem: (at: string, message: string) => void,
): void {
  const exposed = objects.find((o) => o.kind === 'Service' && (o.spec?.type === 'LoadBalancer' || o.spec?.type === 'NodePort'));
  const viaIngress = objects.find((o) => o.kind === 'Ingress' && o.metadata?.labels?.[EXPOSURE_LABEL] === 'ingress');
  const viaGateway = viaIngress ? undefined : objects.find((o) => o.metadata?.labels?.[EXPOSURE_LABEL] !== undefined);
  const istio = (o: AnyObject, kind: string) => o.kind === kind && String(o.apiVersion).startsWith('security.istio.io/') && String(o.metadata?.name).endsWith('-exposure');
  const entry = objects.some((o) => istio(o, viaGateway ? 'AuthorizationPolicy' : 'PeerAuthentication'));
  if (mesh && viaGateway && !entry) {
    problem(path('exposure', 'mesh'), `is not set, but SecureNamespace ${JSON.stringify(ns)} has a mesh (mutual TLS ${mesh.mtls}, deny-all authorization): the gateway's requests through the ${viaGateway.kind} ${JSON.stringify(viaGateway.metadata?.name)} would be refused; set exposure.mesh: true (an AuthorizationPolicy ALLOW for the gateway's identity on the routed port)`);
  } else if (mesh && viaIngress && !entry && !meshedController(mesh, objects, viaIngress)) {
    problem(path('exposure', 'mesh'), `is not set, but SecureNamespace ${JSON.stringify(ns)} has a mesh (mutual TLS ${mesh.mtls}, deny-all authorization): an ingress controller outside the mesh sends the requests of the Ingress ${JSON.stringify(viaIngress.metadata?.name)} in plaintext, so they would be refused; set exposure.mesh: true (a PeerAuthentication PERMISSIVE and an AuthorizationPolicy ALLOW on the routed port), or, for a controller with sidecars, list its namespace in the namespace's mesh.allowFromNamespaces`);
  } else if (mesh && exposed && !entry) {
    problem(path('exposure', 'mesh'), `is not set, but SecureNamespace ${JSON.stringify(ns)} has a mesh (mutual TLS ${mesh.mtls}, deny-all authorization): the clients of the ${exposed.spec.type} Service ${JSON.stringify(exposed.metadata?.name)} bring no mesh identity and would be refused; set exposure.mesh: true (a PeerAuthentication PERMISSIVE and an AuthorizationPolicy ALLOW on the exposed ports)`);
  } else if (!mesh && entry) {
    problem(path('exposure', 'mesh'), `is true, but SecureNamespace ${JSON.stringify(ns)} has no mesh: the ${viaGateway ? 'AuthorizationPolicy' : 'PeerAuthentication and AuthorizationPolicy'} would need Istio and change nothing; leave mesh out`);
  }
}
