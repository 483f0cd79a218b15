import type { NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import { Problems, path } from './errors';
import { checkDns1123Label, checkLabelValue, checkQualifiedName, describe } from './names';
import { NetworkPeer } from './network-peer';

/** Validates a NetworkPeer prop and returns its Kubernetes form, or undefined with problems recorded. */
export function checkNetworkPeer(problems: Problems, at: string, peer: unknown): NetworkPolicyPeer | undefined {
  if (!(peer instanceof NetworkPeer)) {
    problems.add(at, `must be made with NetworkPeer.sameNamespace(), .pods(), .namespace(), .podsInNamespace(), .namespacesWithLabels() or .cidr(), got ${describe(peer)}`);
    return undefined;
  }
  const before = problems.count;
  for (const ns of peer.namespaces) checkDns1123Label(problems, path(at, 'namespace'), ns);
  const p = peer.peer;
  for (const [key, selector] of [['podSelector', p.podSelector], ['namespaceSelector', p.namespaceSelector]] as const) {
    for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) {
      checkQualifiedName(problems, path(at, key, k), k);
      checkLabelValue(problems, path(at, key, k), v);
    }
  }
  if (p.ipBlock) {
    if (!checkCidr(p.ipBlock.cidr)) problems.add(path(at, 'cidr'), `${JSON.stringify(p.ipBlock.cidr)} is not a valid IPv4 or IPv6 CIDR (e.g. "10.0.0.0/16")`);
    (p.ipBlock.except ?? []).forEach((e, i) => {
      if (!checkCidr(e)) problems.add(path(at, 'except', i), `${JSON.stringify(e)} is not a valid CIDR`);
    });
  }
  // A copy, so later changes to the peer object do not reach emitted objects (peers are plain JSON).
  return problems.count === before ? (JSON.parse(JSON.stringify(p)) as NetworkPolicyPeer) : undefined;
}

/** True for `a.b.c.d/n` (n ≤ 32, host bits may be set as Kubernetes allows) or an IPv6 CIDR. */
export function checkCidr(cidr: unknown): boolean {
  if (typeof cidr !== 'string') return false;
  const [addr, bits, extra] = cidr.split('/');
  if (extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const n = Number(bits);
  if (addr.includes(':')) return n <= 128 && isIpv6(addr);
  const octets = addr.split('.');
  return n <= 32 && octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255 && !(o.length > 1 && o.startsWith('0')));
}

function isIpv6(addr: string): boolean {
  if (!/^[0-9a-fA-F:]+$/.test(addr)) return false;
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => g.length === 0 || g.length > 4)) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}
