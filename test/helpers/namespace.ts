/**
 * Helpers for the SecureNamespace tests: a NetworkPolicy evaluator that answers "may this connection happen?" the way the NetworkPolicy API
 * defines it, so tests can check how a namespace's policies and its apps' policies compose.
 */
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { selectorMatches } from './best-practice';

// ---------------------------------------------------------------- NetworkPolicy evaluation

/** A pod (by namespace and labels) or an address outside the cluster. */
export type Endpoint =
  | { readonly namespace: string; readonly labels: Readonly<Record<string, string>> }
  | { readonly ip: string };

/** A cluster for the evaluator: its namespaces' labels and every NetworkPolicy. */
export interface Cluster {
  /** Namespace name → labels (`kubernetes.io/metadata.name` is added automatically). */
  readonly namespaces: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly policies: readonly NetworkPolicy[];
}

/** May `from` open a connection to `to` on this port? Both ends' policies must allow it. */
export function connectionAllowed(cluster: Cluster, from: Endpoint, to: Endpoint, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): boolean {
  return sideAllows(cluster, from, to, port, protocol, 'Egress') && sideAllows(cluster, to, from, port, protocol, 'Ingress');
}

/** Whether the policies of `self` (if it is a pod) allow traffic with `other` in one direction. */
function sideAllows(cluster: Cluster, self: Endpoint, other: Endpoint, port: number, protocol: string, type: 'Ingress' | 'Egress'): boolean {
  if (!('namespace' in self)) return true; // outside the cluster: no NetworkPolicy applies
  const selecting = cluster.policies.filter((p) => p.metadata?.namespace === self.namespace
    && selectorMatches(p.spec?.podSelector, self.labels)
    && policyTypes(p).includes(type));
  if (selecting.length === 0) return true; // not isolated in this direction
  return selecting.some((p) => {
    const rules = type === 'Ingress' ? p.spec?.ingress ?? [] : p.spec?.egress ?? [];
    return rules.some((r) => {
      const peers = type === 'Ingress' ? (r as { from?: NetworkPolicyPeer[] }).from : (r as { to?: NetworkPolicyPeer[] }).to;
      const peerOk = !peers || peers.length === 0 || peers.some((peer) => peerMatches(cluster, p.metadata!.namespace!, peer, other));
      return peerOk && portMatches(r.ports, port, protocol);
    });
  });
}

function policyTypes(p: NetworkPolicy): string[] {
  if (p.spec?.policyTypes) return p.spec.policyTypes;
  return p.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

function portMatches(ports: NetworkPolicyPort[] | undefined, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => (p.protocol ?? 'TCP') === protocol && (p.port === undefined || (p.port === port) || (p.endPort !== undefined && typeof p.port === 'number' && port >= p.port && port <= p.endPort)));
}

function peerMatches(cluster: Cluster, policyNamespace: string, peer: NetworkPolicyPeer, other: Endpoint): boolean {
  if (peer.ipBlock) {
    if (!('ip' in other)) return false;
    return cidrContains(peer.ipBlock.cidr, other.ip) && !(peer.ipBlock.except ?? []).some((e) => cidrContains(e, other.ip));
  }
  if (!('namespace' in other)) return false;
  const nsLabels = { ...(cluster.namespaces[other.namespace] ?? {}), 'kubernetes.io/metadata.name': other.namespace };
  const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, nsLabels) : other.namespace === policyNamespace;
  const podOk = peer.podSelector ? selectorMatches(peer.podSelector, other.labels) : true;
  return nsOk && podOk;
}

function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split('/');
  const toInt = (a: string) => a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const hostRange = 2 ** (32 - Number(bits));
  return Math.floor(toInt(base) / hostRange) === Math.floor(toInt(ip) / hostRange);
}
