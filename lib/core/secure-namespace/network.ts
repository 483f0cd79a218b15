import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { unique } from './checks';
import { NAMESPACE_DEFAULTS } from './defaults';
import { CheckedMesh } from './mesh';
import { NAMESPACE_OBJECT_NAMES } from './props';
import { checkDns1123Label, checkKnownKeys, checkObject, describe } from '../validation/checks';
import { resolveEgressRule, resolvePeers } from '../validation/network-peer';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { RiskLedger } from '../validation/risks';
import { checkStringMap } from '../validation/values';
import { NetworkEgress, NetworkPeer } from '../values/network-peer';
import { NAMESPACE_NAME_LABEL } from '../workload/labels';
import { dnsEgress } from '../workload/network-policy';

/** Where the cluster DNS runs. */
export interface DnsProps {
  /**
   * The namespace of the cluster DNS pods.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /**
   * Labels of the DNS pods, to narrow the rule from the whole namespace to them.
   * @default none: every pod in the DNS namespace (survives a switch between kube-dns and CoreDNS)
   */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** The namespace's NetworkPolicies. */
export interface NamespaceNetworkProps {
  /**
   * Let every pod reach every other pod of the namespace, on any port.
   * @default false: each app admits its own peers on its own ports and declares its own egress
   */
  readonly allowSameNamespace?: boolean;
  /**
   * Peers that may reach every pod of the namespace on any port (e.g. `NetworkPeer.namespace('monitoring')`).
   * @default none
   */
  readonly allowFrom?: readonly NetworkPeer[];
  /**
   * Destinations every pod of the namespace may reach (e.g. a database's CIDR).
   * @default none besides DNS
   */
  readonly allowTo?: readonly NetworkEgress[];
  /**
   * The cluster DNS, which every pod may reach on port 53 (UDP and TCP).
   * @default the `kube-system` namespace
   */
  readonly dns?: DnsProps;
}

/** The namespace's network rules, checked and defaulted. */
export interface ResolvedNetwork {
  readonly dnsNamespace: string;
  readonly dnsPods?: Readonly<Record<string, string>>;
  readonly allowSameNamespace: boolean;
  readonly from: readonly NetworkPolicyPeer[];
  readonly egress: readonly NetworkPolicyEgressRule[];
  /** Namespaces named by `network.allowTo` peers (the Sidecar lets the mesh reach them too). */
  readonly egressNamespaces: readonly string[];
}

/** Checks the network prop (any input) and applies the defaults; undefined when invalid (recorded). */
export function resolveNetwork(problems: Problems, n: unknown, risks: RiskLedger): ResolvedNetwork | undefined {
  const before = problems.count;
  if (n !== undefined && checkObject(problems, 'network', n)) checkKnownKeys(problems, 'network', n, ['allowSameNamespace', 'allowFrom', 'allowTo', 'dns']);
  const given = (n && typeof n === 'object' ? n : {}) as NamespaceNetworkProps;
  const dns = resolveDns(problems, given.dns);
  if (given.allowSameNamespace !== undefined && typeof given.allowSameNamespace !== 'boolean') {
    problems.invalid(path('network', 'allowSameNamespace'), `must be a boolean, got ${describe(given.allowSameNamespace)}`);
  }
  const from = given.allowFrom !== undefined ? resolvePeers(problems, path('network', 'allowFrom'), given.allowFrom, { risks, kind: 'NetworkPolicy', name: NAMESPACE_OBJECT_NAMES.allowIngress }) : [];
  const egressNamespaces: string[] = [];
  const egress: NetworkPolicyEgressRule[] = [];
  if (given.allowTo !== undefined) {
    if (!Array.isArray(given.allowTo)) {
      problems.invalid(path('network', 'allowTo'), `must be an array of NetworkEgress, got ${describe(given.allowTo)}`);
    } else {
      given.allowTo.forEach((e, i) => {
        const rule = resolveEgressRule(problems, path('network', 'allowTo', i), e, { risks, kind: 'NetworkPolicy', name: NAMESPACE_OBJECT_NAMES.allowEgress });
        if (rule) egress.push(rule);
        if (e instanceof NetworkEgress && e.peer instanceof NetworkPeer) egressNamespaces.push(...e.peer.namespaces);
      });
    }
  }
  if (problems.count > before) return undefined;
  return { ...dns, allowSameNamespace: given.allowSameNamespace === true, from, egress, egressNamespaces: unique(egressNamespaces) };
}

/** Where the cluster DNS runs: without it no pod resolves any name, and every other rule is useless. */
function resolveDns(problems: Problems, given: unknown): { dnsNamespace: string; dnsPods?: Record<string, string> } {
  const dnsAt = path('network', 'dns');
  if (given !== undefined && checkObject(problems, dnsAt, given)) checkKnownKeys(problems, dnsAt, given, ['namespace', 'podLabels']);
  const dns = (given && typeof given === 'object' ? given : {}) as DnsProps;
  const dnsNamespace = dns.namespace ?? NAMESPACE_DEFAULTS.dnsNamespace;
  checkDns1123Label(problems, path(dnsAt, 'namespace'), dnsNamespace);
  const dnsPods = dns.podLabels !== undefined ? checkStringMap(problems, path(dnsAt, 'podLabels'), dns.podLabels, true) : undefined;
  if (dnsPods !== undefined && Object.keys(dnsPods).length === 0 && checkObject(problems, path(dnsAt, 'podLabels'), dns.podLabels) && Object.keys(dns.podLabels!).length === 0) {
    problems.invalid(path(dnsAt, 'podLabels'), 'is empty: leave it out to allow the whole DNS namespace');
  }
  return { dnsNamespace: String(dnsNamespace), ...(dnsPods && Object.keys(dnsPods).length ? { dnsPods } : {}) };
}

/** The namespace's NetworkPolicies: the allows first, `default-deny` last. */
export function renderNetworkPolicies(network: ResolvedNetwork, mesh: CheckedMesh | undefined, meta: (name: string) => ObjectMeta): NetworkPolicy[] {
  const policy = (name: string, spec: NetworkPolicy['spec']): NetworkPolicy => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(name), spec });
  const policies = [policy(NAMESPACE_OBJECT_NAMES.allowDns, { podSelector: {}, policyTypes: ['Egress'], egress: [dnsEgress(network.dnsNamespace, network.dnsPods)] })];
  if (network.allowSameNamespace) {
    policies.push(policy(NAMESPACE_OBJECT_NAMES.allowSameNamespace, {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }));
  }
  if (network.from.length) {
    policies.push(policy(NAMESPACE_OBJECT_NAMES.allowIngress, { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [...network.from] }] }));
  }
  if (network.egress.length) policies.push(policy(NAMESPACE_OBJECT_NAMES.allowEgress, { podSelector: {}, policyTypes: ['Egress'], egress: [...network.egress] }));
  if (mesh) {
    policies.push(policy(NAMESPACE_OBJECT_NAMES.allowMeshControlPlane, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: mesh.controlPlaneNamespace } } }],
        ports: [{ protocol: 'TCP', port: NAMESPACE_DEFAULTS.meshControlPlanePort }],
      }],
    }));
  }
  // Last: when a namespace is converted, the allows are in place before everything else is denied.
  policies.push(policy(NAMESPACE_OBJECT_NAMES.defaultDeny, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
  return policies;
}
