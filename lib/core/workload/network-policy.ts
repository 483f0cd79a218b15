import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { ResolvedCall, callEgressRule, resolveCall } from './calls';
import { DEFAULTS } from './defaults';
import { NAMESPACE_NAME_LABEL } from './labels';
import { describe } from '../validation/checks';
import { resolveEgressRule, resolvePeers } from '../validation/network-peer';
import type { PeerRiskTarget } from '../validation/network-risks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { Call, Callable, isCallable } from '../values/call';
import { NetworkEgress, NetworkPeer } from '../values/network-peer';
import type { Port } from '../values/port';

/** Who may reach an app's pods and where they may connect: its NetworkPolicy. */
export interface NetworkAccessProps {
  /**
   * Who may connect to the app's exposed ports. An empty list admits nobody.
   * @default `[NetworkPeer.sameNamespace()]`: pods in the app's namespace, nothing from outside
   */
  readonly allowFrom?: readonly NetworkPeer[];
  /**
   * Where the app may open connections. When set, the NetworkPolicy also governs egress: these
   * destinations plus DNS (port 53 in `kube-system`) and nothing else. A keelson app (or
   * `Call.to(app, { port: 'grpc' })`, by its Service port's name) is a call declared once: the
   * callee admits it too (docs/network.md, "Declaring calls").
   * @default egress is not governed by the app's policy: it is open unless the namespace denies it
   * (as a keelson SecureNamespace does), so the app never silently loses its database on first apply
   */
  readonly allowTo?: ReadonlyArray<NetworkEgress | Call | Callable>;
}

/** Who may reach a workload and where it may connect, checked. */
export interface ResolvedNetworkAccess {
  /** The peers admitted to the exposed ports. */
  readonly from: readonly NetworkPolicyPeer[];
  /** The declared egress destinations; undefined leaves egress ungoverned (DNS is added when governed). */
  readonly egress?: readonly NetworkPolicyEgressRule[];
  /** The calls to keelson apps among them (their objects in the callees' namespaces). */
  readonly calls?: readonly ResolvedCall[];
}

/**
 * Checks `allowFrom` and `allowTo` (any input) and applies the default (the app's own namespace);
 * undefined when there is a problem (recorded).
 */
export function resolveNetworkAccess(
  problems: Problems,
  allowFrom: unknown,
  allowTo: unknown,
  risks?: PeerRiskTarget,
  namespace?: unknown,
): ResolvedNetworkAccess | undefined {
  const before = problems.count;
  const from = resolvePeers(problems, 'allowFrom', allowFrom ?? [NetworkPeer.sameNamespace()], risks);
  const calls: ResolvedCall[] = [];
  const egress = resolveEgress(problems, allowTo, risks, namespace, calls);
  if (problems.count > before) return undefined;
  return { from, ...(egress ? { egress } : {}), ...(calls.length ? { calls } : {}) };
}

/** Rules a construct adds to its workload's NetworkPolicy (ingress controller, peer replicas). */
export interface ExtraRules {
  readonly ingress?: readonly NetworkPolicyIngressRule[];
  /** Egress rules added once egress is governed. */
  readonly egress?: readonly NetworkPolicyEgressRule[];
}

/**
 * The workload's NetworkPolicy: the declared peers on the exposed ports, the construct's own
 * rules, and, when egress is governed, egress to the declared destinations plus DNS.
 */
export function renderNetworkPolicy(
  access: ResolvedNetworkAccess,
  exposed: readonly Port[],
  selector: Record<string, string>,
  metadata: ObjectMeta,
  extra: ExtraRules = {},
): NetworkPolicy {
  const ports: NetworkPolicyPort[] = exposed.map((p) => ({ protocol: p.transport, port: p.containerPort }));
  const ingress: NetworkPolicyIngressRule[] = [];
  if (ports.length && access.from.length) ingress.push({ from: [...access.from], ports });
  ingress.push(...(extra.ingress ?? []));
  const egress = access.egress ? [dnsEgress(), ...access.egress, ...(extra.egress ?? [])] : undefined;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata,
    spec: {
      podSelector: { matchLabels: { ...selector } },
      policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress,
      ...(egress ? { egress } : {}),
    },
  };
}

/** Admits the pods of a namespace (a router's: ingress controller, gateway) on the given port. */
export function namespaceRule(namespace: string, port: Port): NetworkPolicyIngressRule {
  return {
    from: [NetworkPeer.namespace(namespace).peer],
    ports: [{ protocol: port.transport, port: port.containerPort }],
  };
}

/**
 * Egress to the cluster DNS (port 53, UDP and TCP), always allowed once egress is governed: without
 * it every other rule is useless. A fresh object each time: shared ones would be YAML anchors.
 */
export function dnsEgress(namespace: string = DEFAULTS.dnsNamespace, podLabels?: Readonly<Record<string, string>>): NetworkPolicyEgressRule {
  return {
    to: [{
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
      ...(podLabels && Object.keys(podLabels).length ? { podSelector: { matchLabels: { ...podLabels } } } : {}),
    }],
    ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
  };
}

function resolveEgress(
  problems: Problems, allowTo: unknown, risks: PeerRiskTarget | undefined, namespace: unknown, calls: ResolvedCall[],
): NetworkPolicyEgressRule[] | undefined {
  if (allowTo === undefined) return undefined;
  if (!Array.isArray(allowTo)) {
    problems.invalid('allowTo', `must be an array of NetworkEgress, got ${describe(allowTo)}`);
    return undefined;
  }
  const rules: NetworkPolicyEgressRule[] = [];
  const seen = new Set<string>();
  allowTo.forEach((e, j) => {
    if (e instanceof Call || isCallable(e)) {
      const call = resolveCall(problems, path('allowTo', j), e instanceof Call ? e : Call.to(e), namespace, seen);
      if (call) {
        calls.push(call);
        rules.push(callEgressRule(call));
      }
      return;
    }
    const rule = resolveEgressRule(problems, path('allowTo', j), e, risks);
    if (rule) rules.push(rule);
  });
  return rules;
}
