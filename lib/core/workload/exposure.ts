import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { NetworkPolicyIngressRule, NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { DEFAULTS } from './defaults';
import {
  EXPOSURE_LABEL, GatewayApiOptions, gatewayMeshObjects, gatewayRouteObjects, gatewayRule, IstioGatewayOptions, ResolvedGatewayExposure,
  resolveGatewayExposure,
} from './gateway-exposure';
import { IngressExposure, IngressOptions, renderIngress, ResolvedIngressExposure, resolveIngressExposure } from './ingress-exposure';
import { namespaceRule } from './network-policy';
import type { KubeObject } from './objects';
import { checkInteger, checkKnownKeys, checkObject, checkQualifiedName, describe } from '../validation/checks';
import { cidrFormProblem, parseCidr } from '../validation/cidr';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { acknowledgeHint, RiskLedger } from '../validation/risks';
import { checkStringMap } from '../validation/values';
import type { Port } from '../values/port';

/** How traffic from outside the cluster reaches the pods of an exposed Service. */
export type ExternalTrafficPolicy = 'Local' | 'Cluster';

/** What a LoadBalancer and a NodePort exposure share. */
export interface ServiceExposureOptions {
  /**
   * Annotations on the Service (a cloud load balancer's settings: internal, scheme, health check...).
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The client address ranges (CIDRs) admitted. A LoadBalancer gets them as `loadBalancerSourceRanges`
   * (the cloud or kube-proxy filters), and the NetworkPolicy admits them on the exposed ports.
   * @default none: every address, which must be acknowledged (`acknowledgeRisks: ['ingress-from-any-address']`)
   */
  readonly sourceRanges?: readonly string[];
  /**
   * `Local` keeps the client's address and sends traffic only to nodes running a pod; `Cluster`
   * spreads it over every node, with a second hop and the client's address rewritten to a node's.
   * @default 'Local': the pods (and the NetworkPolicy's ranges) see the real client address, and no
   * second hop; the load balancer health-checks the node port the API server allocates
   * (`healthCheckNodePort`, never set by keelson, so it never changes)
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /**
   * Fixed node ports by Service port name (30000–32767, each once).
   * @default allocated by the API server (and kept on later applies)
   */
  readonly nodePorts?: Readonly<Record<string, number>>;
  /**
   * Also emit what lets outside clients into a keelson mesh namespace (STRICT mutual TLS and a
   * deny-all AuthorizationPolicy): a PeerAuthentication that is PERMISSIVE on the exposed ports and
   * an AuthorizationPolicy that allows them (from `sourceRanges` when given). A SecureNamespace
   * with a mesh refuses an exposed app without it, and one without a mesh refuses it.
   * @default false
   */
  readonly mesh?: boolean;
}

/** Options of a LoadBalancer Service. */
export interface LoadBalancerOptions extends ServiceExposureOptions {
  /**
   * The load balancer implementation (`spec.loadBalancerClass`, e.g. `service.k8s.aws/nlb`). It
   * cannot change while the Service stays a LoadBalancer.
   * @default the cluster's default load balancer (no class)
   */
  readonly loadBalancerClass?: string;
  /**
   * `false` allocates no node ports (for load balancers that send traffic straight to the pods).
   * @default the API server's (true): node ports are allocated
   */
  readonly allocateNodePorts?: boolean;
}

/**
 * A Service exposure: the app's Service (a StatefulApp's client Service, a CanaryRelease's
 * Service `<name>`) gets this type; the NetworkPolicy admits the clients on the exposed ports.
 */
export interface ServiceExposure extends LoadBalancerOptions {
  /** The Service type. */
  readonly type: 'LoadBalancer' | 'NodePort';
}

/** A Gateway API exposure: an HTTPRoute (GRPCRoute for a gRPC port) `<name>` attached to a shared Gateway. */
export interface GatewayApiExposure extends GatewayApiOptions {
  /** The entry's kind. */
  readonly type: 'GatewayAPI';
}

/** An Istio gateway exposure: an Istio Gateway `<name>` and a VirtualService `<name>` bound to it. */
export interface IstioGatewayExposure extends IstioGatewayOptions {
  /** The entry's kind. */
  readonly type: 'IstioGateway';
}

/**
 * How an app is reached from outside the cluster, one prop for every app: `Exposure.gatewayApi()`
 * (the direction keelson recommends), `Exposure.istioGateway()`, `Exposure.ingress()`, `Exposure.loadBalancer()`
 * or `Exposure.nodePort()`. Whichever it is, keelson also emits what lets it in: the NetworkPolicy rule
 * for its clients, the gateway's or the ingress controller's pods and, with `mesh`, the AuthorizationPolicy for them.
 */
export type Exposure = ServiceExposure | GatewayApiExposure | IstioGatewayExposure | IngressExposure;

/** Makes an Exposure. */
export const Exposure = {
  /**
   * A Gateway API route attached to a shared Gateway (TLS stays at the Gateway): an HTTPRoute, or a
   * GRPCRoute when the routed port is `Port.grpc`. The NetworkPolicy admits the gateway's pods.
   */
  gatewayApi(options: GatewayApiOptions): Exposure {
    return { type: 'GatewayAPI', ...options };
  },
  /** An Istio Gateway on the ingress gateway's pods and a VirtualService bound to it, routing to the app's Service. */
  istioGateway(options: IstioGatewayOptions): Exposure {
    return { type: 'IstioGateway', ...options };
  },
  /**
   * An Ingress `<name>` in front of the app's ClusterIP Service, served by an ingress controller
   * (ingress-nginx unless `className` says otherwise). The NetworkPolicy admits the controller's namespace.
   */
  ingress(options: IngressOptions): Exposure {
    return { type: 'Ingress', ...options };
  },
  /** A Service of type LoadBalancer: a cloud load balancer in front of the app. */
  loadBalancer(options: LoadBalancerOptions = {}): Exposure {
    return { type: 'LoadBalancer', ...options };
  },
  /** A Service of type NodePort: every node forwards its node ports to the app. */
  nodePort(options: ServiceExposureOptions = {}): Exposure {
    return { type: 'NodePort', ...options };
  },
};

/** The `exposure` prop of every app. */
export interface ExposureProps {
  /**
   * Expose the app outside the cluster: `Exposure.gatewayApi({...})` (the recommended direction),
   * `Exposure.istioGateway({...})`, `Exposure.ingress({...})`, `Exposure.loadBalancer({...})` or `Exposure.nodePort({...})`.
   * @default none: a ClusterIP Service, reached from inside the cluster
   */
  readonly exposure?: Exposure;
}

/** An exposure, checked and defaulted. */
export type ResolvedExposure = ResolvedServiceExposure | ResolvedGatewayExposure | ResolvedIngressExposure;

/** A Service exposure, checked and defaulted. */
export interface ResolvedServiceExposure {
  readonly type: 'LoadBalancer' | 'NodePort';
  readonly annotations: Readonly<Record<string, string>>;
  readonly sourceRanges: readonly string[];
  readonly externalTrafficPolicy: ExternalTrafficPolicy;
  readonly nodePorts: Readonly<Record<string, number>>;
  readonly loadBalancerClass?: string;
  readonly allocateNodePorts?: boolean;
  readonly mesh: boolean;
  /** The exposed ports (the Service's). */
  readonly ports: readonly Port[];
}

/** Is it a gateway exposure (Gateway API or Istio gateway), routed to the app's ClusterIP Service? */
export function isGatewayExposure(e: ResolvedExposure): e is ResolvedGatewayExposure {
  return e.type === 'GatewayAPI' || e.type === 'IstioGateway';
}

/** Is it a Service exposure (LoadBalancer or NodePort), which changes the Service's type? */
export function isServiceExposure(e: ResolvedExposure): e is ResolvedServiceExposure {
  return e.type === 'LoadBalancer' || e.type === 'NodePort';
}

/** A mesh entry's objects by kind (a gateway exposure's has no PeerAuthentication: the gateway brings its mesh identity). */
export function meshEntryByKind(objects: ReadonlyArray<KubeObject>): { peerAuthentication?: KubeObject; authorizationPolicy?: KubeObject } {
  const peerAuthentication = objects.find((o) => o.kind === 'PeerAuthentication');
  const authorizationPolicy = objects.find((o) => o.kind === 'AuthorizationPolicy');
  return { ...(peerAuthentication ? { peerAuthentication } : {}), ...(authorizationPolicy ? { authorizationPolicy } : {}) };
}

/** The entry objects of a gateway or Ingress exposure, routing to the Service `<name>` (none for a Service exposure). */
export function exposureRouteObjects(
  e: ResolvedExposure | undefined, name: string, namespace: string | undefined, labels: Readonly<Record<string, string>>,
): Array<KubeObject & { readonly spec: Record<string, unknown> }> {
  if (!e || isServiceExposure(e)) return [];
  const meta = { name, ...(namespace !== undefined ? { namespace } : {}), labels: { ...labels } };
  if (e.type === 'Ingress') {
    const ingress = renderIngress(e, { ...meta, labels: { ...labels, [EXPOSURE_LABEL]: 'ingress' } }, name);
    return [ingress as KubeObject & { readonly spec: Record<string, unknown> }];
  }
  return gatewayRouteObjects(e, meta, name);
}

/** Node ports Kubernetes allocates by default (`--service-node-port-range`). */
export const NODE_PORT_RANGE = [30000, 32767] as const;
/** Every IPv4 and IPv6 address: what an unrestricted exposure admits. */
const ANY_ADDRESS = ['0.0.0.0/0', '::/0'];
const COMMON_KEYS = ['type', 'annotations', 'sourceRanges', 'externalTrafficPolicy', 'nodePorts', 'mesh'];
const LOAD_BALANCER_KEYS = [...COMMON_KEYS, 'loadBalancerClass', 'allocateNodePorts'];

/** Where the exposed Service's risks show (the NetworkPolicy that admits the clients). */
export interface ExposureContext {
  readonly risks: RiskLedger;
  /** The NetworkPolicy's name. */
  readonly name: string;
  /** Why there is no Service to expose, when there is none (a worker); undefined when there is one. */
  readonly noService?: string;
  /** The app's namespace (where a gateway's pods run by default), when known. */
  readonly namespace?: string;
  /** Why a gateway exposure cannot be used (a release whose routing it would bypass); undefined when it can. */
  readonly noGateway?: string;
  /** Why an Ingress exposure cannot be used (a release whose routing it would bypass); undefined when it can. */
  readonly noIngress?: string;
}

/** Checks the `exposure` prop (any input) against the exposed ports; undefined when unset or invalid (recorded). */
export function resolveExposure(problems: Problems, input: unknown, exposed: readonly Port[], ctx: ExposureContext): ResolvedExposure | undefined {
  if (input === undefined) return undefined;
  const at = 'exposure';
  if (!checkObject(problems, at, input)) return undefined;
  const before = problems.count;
  const type = (input as { type?: unknown }).type;
  if (type === 'GatewayAPI' || type === 'IstioGateway' || type === 'Ingress') {
    const refused = ctx.noService ?? (type === 'Ingress' ? ctx.noIngress : ctx.noGateway);
    if (refused !== undefined) problems.conflict(at, refused);
    const resolved = type === 'Ingress' ? resolveIngressExposure(problems, input, exposed) : resolveGatewayExposure(problems, input, exposed, ctx.namespace);
    return problems.count > before ? undefined : resolved;
  }
  const e = input as Partial<ServiceExposure>;
  if (e.type !== 'LoadBalancer' && e.type !== 'NodePort') {
    problems.notSupported(path(at, 'type'), `must be 'GatewayAPI', 'IstioGateway', 'Ingress', 'LoadBalancer' or 'NodePort' (made with Exposure.gatewayApi(), .istioGateway(), .ingress(), .loadBalancer() or .nodePort()), got ${describe(e.type)}`);
    return undefined;
  }
  checkKnownKeys(problems, at, input, e.type === 'LoadBalancer' ? LOAD_BALANCER_KEYS : COMMON_KEYS);
  if (ctx.noService !== undefined) problems.conflict(at, ctx.noService);
  const annotations = checkStringMap(problems, path(at, 'annotations'), e.annotations, false);
  const policy = e.externalTrafficPolicy ?? DEFAULTS.externalTrafficPolicy;
  if (policy !== 'Local' && policy !== 'Cluster') problems.notSupported(path(at, 'externalTrafficPolicy'), `must be 'Local' or 'Cluster', got ${describe(policy)}`);
  const sourceRanges = resolveSourceRanges(problems, path(at, 'sourceRanges'), e.sourceRanges);
  if (e.type === 'NodePort' && sourceRanges.length && policy === 'Cluster') {
    problems.conflict(path(at, 'sourceRanges'), "cannot be enforced with externalTrafficPolicy 'Cluster' on a NodePort Service: the pods see a node's address, not the client's, so the NetworkPolicy would admit nobody; use 'Local' (the default)");
  }
  if (e.sourceRanges === undefined && !ctx.risks.accepts('ingress-from-any-address', 'NetworkPolicy', ctx.name)) {
    problems.invalid(path(at, 'sourceRanges'), `is not set, so the ${e.type} Service and the NetworkPolicy admit every address (0.0.0.0/0 and ::/0) on the exposed ports; list the client ranges${acknowledgeHint('ingress-from-any-address')}`);
  }
  const nodePorts = resolveNodePorts(problems, path(at, 'nodePorts'), e.nodePorts, exposed);
  if (e.loadBalancerClass !== undefined) {
    const cat = path(at, 'loadBalancerClass');
    if (typeof e.loadBalancerClass !== 'string') problems.invalid(cat, `must be a string, got ${describe(e.loadBalancerClass)}`);
    else if (!e.loadBalancerClass.includes('/')) problems.invalid(cat, `${JSON.stringify(e.loadBalancerClass)} has no domain prefix: a class is written <domain>/<name>, e.g. "service.k8s.aws/nlb"`);
    else checkQualifiedName(problems, cat, e.loadBalancerClass);
  }
  if (e.allocateNodePorts !== undefined && typeof e.allocateNodePorts !== 'boolean') problems.invalid(path(at, 'allocateNodePorts'), `must be a boolean, got ${describe(e.allocateNodePorts)}`);
  if (e.mesh !== undefined && typeof e.mesh !== 'boolean') problems.invalid(path(at, 'mesh'), `must be a boolean, got ${describe(e.mesh)}`);
  if (problems.count > before) return undefined;
  return {
    type: e.type,
    annotations,
    sourceRanges,
    externalTrafficPolicy: policy,
    nodePorts,
    ...(e.loadBalancerClass !== undefined ? { loadBalancerClass: e.loadBalancerClass } : {}),
    ...(e.allocateNodePorts !== undefined ? { allocateNodePorts: e.allocateNodePorts } : {}),
    mesh: e.mesh ?? false,
    ports: exposed,
  };
}

function resolveSourceRanges(problems: Problems, at: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.invalid(at, `must be a list of CIDRs, got ${describe(value)}`);
    return [];
  }
  if (value.length === 0) problems.invalid(at, 'is empty, which admits nobody; list the client ranges, or leave it out to admit every address');
  const seen = new Set<string>();
  value.forEach((r: unknown, i) => {
    const cidr = parseCidr(r);
    if (!cidr) {
      problems.invalid(path(at, i), `${describe(r)} is not a valid IPv4 or IPv6 CIDR (e.g. "203.0.113.0/24")`);
      return;
    }
    const form = cidrFormProblem(r as string, cidr);
    if (form !== undefined) problems.invalid(path(at, i), form);
    else if (seen.has(r as string)) problems.duplicate(path(at, i), `${JSON.stringify(r)} is listed twice`);
    seen.add(r as string);
  });
  return [...value] as string[];
}

function resolveNodePorts(problems: Problems, at: string, value: unknown, exposed: readonly Port[]): Record<string, number> {
  if (value === undefined) return {};
  if (!checkObject(problems, at, value)) return {};
  const out: Record<string, number> = {};
  const used = new Map<number, string>();
  const [min, max] = NODE_PORT_RANGE;
  for (const [name, n] of Object.entries(value)) {
    const pat = path(at, name);
    if (!exposed.some((p) => p.name === name)) {
      problems.invalid(pat, `names no exposed port: the Service's ports are ${exposed.map((p) => JSON.stringify(p.name)).join(', ') || 'none'}`);
      continue;
    }
    if (!checkInteger(problems, pat, n, min, max)) continue;
    const other = used.get(n);
    if (other !== undefined) problems.duplicate(pat, `${n} is already the node port of ${JSON.stringify(other)}: each node port serves one Service port`);
    used.set(n, name);
    out[name] = n;
  }
  return out;
}

/** The peers the NetworkPolicy admits on the exposed ports: the ranges, or every address (also under `Cluster`, whose sources are nodes). */
export function exposurePeers(e: ResolvedServiceExposure): NetworkPolicyPeer[] {
  const ranges = e.sourceRanges.length && e.externalTrafficPolicy === 'Local' ? e.sourceRanges : ANY_ADDRESS;
  return ranges.map((cidr) => ({ ipBlock: { cidr } }));
}

/** The NetworkPolicy rule that lets the exposure's clients (or the gateway's or ingress controller's pods) in, on the exposed ports only. */
export function exposureRule(e: ResolvedExposure): NetworkPolicyIngressRule {
  if (isGatewayExposure(e)) return gatewayRule(e);
  if (e.type === 'Ingress') return namespaceRule(e.controllerNamespace, e.port);
  return { from: exposurePeers(e), ports: e.ports.map((p) => ({ protocol: p.transport, port: p.containerPort })) };
}

/** The app's ClusterIP Service made into the exposure's type (a mapping of the resolved value). */
export function exposeService(service: Service, e: ResolvedExposure): Service {
  if (!isServiceExposure(e)) return service;
  const annotations = { ...service.metadata?.annotations, ...e.annotations };
  return {
    ...service,
    metadata: { ...service.metadata, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      ...service.spec,
      type: e.type,
      externalTrafficPolicy: e.externalTrafficPolicy,
      ...(e.type === 'LoadBalancer' && e.sourceRanges.length ? { loadBalancerSourceRanges: [...e.sourceRanges] } : {}),
      ...(e.loadBalancerClass !== undefined ? { loadBalancerClass: e.loadBalancerClass } : {}),
      ...(e.allocateNodePorts !== undefined ? { allocateLoadBalancerNodePorts: e.allocateNodePorts } : {}),
      ports: (service.spec?.ports ?? []).map((p): ServicePort => (e.nodePorts[p.name ?? ''] !== undefined ? { ...p, nodePort: e.nodePorts[p.name ?? ''] } : p)),
    },
  };
}

/**
 * In a mesh namespace (STRICT mutual TLS, deny-all authorization) the outside clients (or an ingress
 * controller outside the mesh) bring no mesh identity: a PeerAuthentication PERMISSIVE on the exposed
 * (routed) ports of the app's pods, and an AuthorizationPolicy that ALLOWs those ports (from the source
 * ranges when they can be seen).
 */
export function exposureMeshObjects(
  e: ResolvedExposure,
  name: string,
  namespace: string | undefined,
  labels: Readonly<Record<string, string>>,
  selector: Readonly<Record<string, string>>,
): Array<KubeObject & { readonly spec: Record<string, unknown> }> {
  if (!e.mesh) return [];
  const metadata = () => ({ name: `${name}-exposure`, ...(namespace !== undefined ? { namespace } : {}), labels: { ...labels } });
  if (isGatewayExposure(e)) return gatewayMeshObjects(e, metadata, selector);
  const ports = [...new Set(e.ports.map((p) => p.containerPort))].sort((a, b) => a - b);
  const ranges = isServiceExposure(e) && e.sourceRanges.length && e.externalTrafficPolicy === 'Local' ? e.sourceRanges : [];
  return [
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: metadata(),
      spec: {
        selector: { matchLabels: { ...selector } },
        portLevelMtls: Object.fromEntries(ports.map((p) => [String(p), { mode: 'PERMISSIVE' }])),
      },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: metadata(),
      spec: {
        selector: { matchLabels: { ...selector } },
        action: 'ALLOW',
        rules: [{
          ...(ranges.length ? { from: [{ source: { ipBlocks: [...ranges] } }] } : {}),
          to: [{ operation: { ports: ports.map(String) } }],
        }],
      },
    },
  ];
}
