import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { contains, formatAddress, parseCidr, parseIpv4, parseIpv6 } from './cidr';
import { path } from './path';
import { Problems } from './problems';
import { RiskLedger, acknowledgeHint } from './risks';

/** The object whose rules carry the peers: a NetworkPolicy and its name. */
export interface PeerRiskTarget {
  readonly risks: RiskLedger;
  readonly kind: string;
  readonly name: string;
}

/** The label every namespace carries (its name): `Exists` on it selects every namespace. */
const NAMESPACE_NAME = 'kubernetes.io/metadata.name';

/**
 * Does a namespace selector select by no positive condition? Then it selects every namespace, but
 * those it excludes: no label to match, only `NotIn`/`DoesNotExist`, or `Exists` on the name label.
 */
export function selectsEveryNamespace(selector: LabelSelector): boolean {
  if (Object.keys(selector.matchLabels ?? {}).length > 0) return false;
  return (selector.matchExpressions ?? []).every((e) => e.operator === 'NotIn' || e.operator === 'DoesNotExist' || (e.operator === 'Exists' && e.key === NAMESPACE_NAME));
}

/** An admitted peer (already valid) that opens the app to every address or every namespace needs its risk acknowledged. */
export function checkIngressPeerRisk(problems: Problems, at: string, peer: NetworkPolicyPeer, target: PeerRiskTarget): void {
  const block = peer.ipBlock && parseCidr(peer.ipBlock.cidr);
  if (block && block.prefix === 0 && !target.risks.accepts('ingress-from-any-address', target.kind, target.name)) {
    problems.invalid(path(at, 'cidr'), `${JSON.stringify(peer.ipBlock!.cidr)} admits every IPv${block.bits === 32 ? 4 : 6} address, the internet included, whatever it excepts${acknowledgeHint('ingress-from-any-address')}`);
  }
  if (peer.namespaceSelector && selectsEveryNamespace(peer.namespaceSelector) && !target.risks.accepts('ingress-from-every-namespace', target.kind, target.name)) {
    problems.invalid(at, `selects pods in every namespace (its namespace selector has no positive condition): any workload of the cluster, and anyone who may create a pod anywhere, could connect; name the namespaces (NetworkPeer.namespace(), .namespacesWithLabels())${acknowledgeHint('ingress-from-every-namespace')}`);
  }
}

/** Where clouds serve instance metadata, credentials included: IPv4 (every major cloud) and IPv6 (AWS). */
export const CLOUD_METADATA_ENDPOINTS: ReadonlyArray<{ readonly address: bigint; readonly bits: number }> = [
  { address: parseIpv4('169.254.169.254')!, bits: 32 },
  { address: parseIpv6('fd00:ec2::254')!, bits: 128 },
];

/** An egress block that reaches a cloud metadata endpoint without excepting it needs its risk acknowledged. */
export function checkEgressPeerRisk(problems: Problems, at: string, peer: NetworkPolicyPeer, target: PeerRiskTarget): void {
  const block = peer.ipBlock && parseCidr(peer.ipBlock.cidr);
  if (!block) return;
  const excepted = (peer.ipBlock!.except ?? []).map(parseCidr);
  for (const endpoint of CLOUD_METADATA_ENDPOINTS) {
    if (!contains(block, endpoint.address, endpoint.bits) || excepted.some((e) => e && contains(e, endpoint.address, endpoint.bits))) continue;
    if (target.risks.accepts('egress-to-cloud-metadata', target.kind, target.name)) continue;
    const host = `${formatAddress(endpoint.address, endpoint.bits)}/${endpoint.bits}`;
    problems.invalid(path(at, 'cidr'), `${JSON.stringify(peer.ipBlock!.cidr)} includes the cloud metadata endpoint ${host}, which hands any pod its node's cloud credentials: except it (NetworkPeer.cidr(${JSON.stringify(peer.ipBlock!.cidr)}, [${JSON.stringify(host)}]))${acknowledgeHint('egress-to-cloud-metadata')}`);
  }
}
