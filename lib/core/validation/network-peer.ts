import type { NetworkPolicyEgressRule, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { checkDns1123Label, checkInteger, checkLabelValue, checkObject, checkQualifiedName, describe, checkKnownKeys, isRecord } from './checks';
import { Cidr, cidrFormProblem, parseCidr, strictSubset } from './cidr';
import { PeerRiskTarget, checkEgressPeerRisk, checkIngressPeerRisk } from './network-risks';
import { path } from './path';
import { Problems } from './problems';
import { NetworkEgress, NetworkPeer } from '../values/network-peer';

const PEER_KEYS = ['podSelector', 'namespaceSelector', 'ipBlock'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * Validates a NetworkPeer prop and returns its Kubernetes form, or undefined with problems recorded.
 * The peer is checked as the API server would check it (a peer may come from `fromKubernetes()`
 * or a cdk8s-plus conversion, not only from the typed factories).
 */
export function checkNetworkPeer(problems: Problems, at: string, peer: unknown): NetworkPolicyPeer | undefined {
  if (!(peer instanceof NetworkPeer)) {
    problems.invalid(at, `must be made with NetworkPeer.sameNamespace(), .pods(), .namespace(), .podsInNamespace(), .namespacesWithLabels() or .cidr(), got ${describe(peer)}`);
    return undefined;
  }
  const before = problems.count;
  for (const ns of peer.namespaces) checkDns1123Label(problems, path(at, 'namespace'), ns);
  const p = peer.peer as unknown;
  if (!checkObject(problems, at, p)) return undefined;
  const set = PEER_KEYS.filter((k) => p[k] !== undefined);
  checkKnownKeys(problems, at, p, PEER_KEYS, [], 'property of a NetworkPolicyPeer');
  if (set.length === 0) problems.invalid(at, 'selects nothing: set a podSelector, a namespaceSelector or an ipBlock');
  if (p.ipBlock !== undefined && set.length > 1) problems.conflict(at, 'an ipBlock cannot be combined with a pod or namespace selector');
  for (const key of ['podSelector', 'namespaceSelector'] as const) {
    if (p[key] !== undefined) checkLabelSelector(problems, at, key, p[key]);
  }
  if (p.ipBlock !== undefined) checkIpBlock(problems, at, p.ipBlock);
  checkLabelled(problems, at, peer);
  // A copy, so later changes to the peer object do not reach emitted objects (peers are plain JSON).
  return problems.count === before ? (JSON.parse(JSON.stringify(p)) as NetworkPolicyPeer) : undefined;
}

/**
 * A pod peer made from labels the caller gave (`pods()`, `podsInNamespace()`) names at least one:
 * an empty selector selects every pod of the namespace. (`namespacesWithLabels({})` selects every
 * namespace: admitting that is the `ingress-from-every-namespace` risk, checked with the others.)
 */
function checkLabelled(problems: Problems, at: string, peer: NetworkPeer): void {
  const selector = peer.labelled !== undefined ? (peer.peer[peer.labelled] as { matchLabels?: unknown } | undefined) : undefined;
  const labels = selector?.matchLabels;
  if (!isRecord(labels) || Object.keys(labels).length > 0) return;
  const field = peer.labelled!;
  if (field === 'namespaceSelector') return;
  if (peer.namespaces.length > 0) {
    problems.invalid(path(at, field), `has no labels, so it selects every pod of namespace ${JSON.stringify(peer.namespaces[0])}: give at least one label, or use NetworkPeer.namespace() to say so`);
  } else {
    problems.invalid(path(at, field), 'has no labels, so it selects every pod of the namespace: give at least one label, or use NetworkPeer.sameNamespace() to say so');
  }
}

/** A LabelSelector; label problems are reported at `<at>.<key>.<label>` (e.g. `allowFrom[0].podSelector.team`). */
function checkLabelSelector(problems: Problems, at: string, key: string, selector: unknown): void {
  if (!checkObject(problems, path(at, key), selector)) return;
  checkKnownKeys(problems, path(at, key), selector, ['matchLabels', 'matchExpressions'], [], 'property of a label selector');
  const labels = selector.matchLabels;
  if (labels !== undefined && checkObject(problems, path(at, key, 'matchLabels'), labels)) {
    for (const [k, v] of Object.entries(labels)) {
      checkQualifiedName(problems, path(at, key, k), k);
      checkLabelValue(problems, path(at, key, k), v);
    }
  }
  const expressions = selector.matchExpressions;
  if (expressions === undefined) return;
  const eat = path(at, key, 'matchExpressions');
  if (!Array.isArray(expressions)) {
    problems.invalid(eat, `must be an array, got ${describe(expressions)}`);
    return;
  }
  expressions.forEach((e: unknown, i) => {
    const xat = path(eat, i);
    if (!checkObject(problems, xat, e)) return;
    if (typeof e.key !== 'string') problems.invalid(path(xat, 'key'), `must be a string, got ${describe(e.key)}`);
    else checkQualifiedName(problems, path(xat, 'key'), e.key);
    if (typeof e.operator !== 'string' || !OPERATORS.includes(e.operator)) {
      problems.notSupported(path(xat, 'operator'), `must be one of ${OPERATORS.join(', ')}, got ${describe(e.operator)}`);
      return;
    }
    const values = e.values;
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (!Array.isArray(values) || values.length === 0) problems.invalid(path(xat, 'values'), `must be a non-empty array for ${e.operator}`);
      else values.forEach((v, j) => checkLabelValue(problems, path(xat, 'values', j), v));
    } else if (values !== undefined && (!Array.isArray(values) || values.length > 0)) {
      problems.invalid(path(xat, 'values'), `must be empty for ${e.operator}`);
    }
  });
}

/** An ipBlock: a valid CIDR and exceptions that are strict subsets of it. */
function checkIpBlock(problems: Problems, at: string, block: unknown): void {
  if (!checkObject(problems, path(at, 'ipBlock'), block)) return;
  checkKnownKeys(problems, path(at, 'ipBlock'), block, ['cidr', 'except'], [], 'property of an ipBlock');
  const cidr = parseCidr(block.cidr);
  if (!cidr) problems.invalid(path(at, 'cidr'), `${describe(block.cidr)} is not a valid IPv4 or IPv6 CIDR (e.g. "10.0.0.0/16")`);
  else checkCidrForm(problems, path(at, 'cidr'), block.cidr as string, cidr);
  const except = block.except;
  if (except === undefined) return;
  if (!Array.isArray(except)) {
    problems.invalid(path(at, 'except'), `must be an array of CIDRs, got ${describe(except)}`);
    return;
  }
  except.forEach((e, i) => {
    const sub = parseCidr(e);
    if (!sub) problems.invalid(path(at, 'except', i), `${describe(e)} is not a valid CIDR`);
    else if (cidr && !strictSubset(sub, cidr)) problems.invalid(path(at, 'except', i), `${describe(e)} must be a strict subset of ${describe(block.cidr)}`);
    else checkCidrForm(problems, path(at, 'except', i), e as string, sub);
  });
}

export { checkCidr } from './cidr';

function checkCidrForm(problems: Problems, at: string, text: string, c: Cidr): void {
  const problem = cidrFormProblem(text, c);
  if (problem !== undefined) problems.invalid(at, problem);
}

/** A list of peers (`allowFrom`); records a problem for the list or each bad entry. */
export function resolvePeers(problems: Problems, at: string, value: unknown, risks?: PeerRiskTarget): NetworkPolicyPeer[] {
  const peers: NetworkPolicyPeer[] = [];
  if (!Array.isArray(value)) {
    problems.invalid(at, `must be an array of NetworkPeer, got ${describe(value)}`);
    return peers;
  }
  value.forEach((p, i) => {
    if (p instanceof NetworkPeer && p.app !== undefined) {
      problems.invalid(path(at, i), `names ${p.app}, a keelson app: a call between keelson apps is declared once, on the caller, which admits itself here; remove it from allowFrom and give the caller allowTo: [this app] (or Call.to(this app, { port: '<Service port name>' }))`);
      return;
    }
    const peer = checkNetworkPeer(problems, path(at, i), p);
    if (peer && risks) checkIngressPeerRisk(problems, path(at, i), peer, risks);
    if (peer) peers.push(peer);
  });
  return peers;
}

/** One egress destination (`NetworkEgress.to(peer, ...ports)`) as a rule; undefined when invalid (recorded). */
export function resolveEgressRule(problems: Problems, at: string, e: unknown, risks?: PeerRiskTarget): NetworkPolicyEgressRule | undefined {
  if (!(e instanceof NetworkEgress)) {
    problems.invalid(at, `must be made with NetworkEgress.to(peer, ...ports), got ${describe(e)}`);
    return undefined;
  }
  if (e.peer instanceof NetworkPeer && e.peer.app !== undefined) {
    problems.invalid(path(at, 'peer'), `is ${e.peer.app}, a keelson app: declare the call as allowTo: [app] (or Call.to(app, { port: '<Service port name>' })) instead of NetworkEgress, so the callee admits it too`);
    return undefined;
  }
  const peer = checkNetworkPeer(problems, path(at, 'peer'), e.peer);
  if (peer && risks) checkEgressPeerRisk(problems, path(at, 'peer'), peer, risks);
  const ports: NetworkPolicyPort[] = [];
  if (!Array.isArray(e.ports)) {
    problems.invalid(path(at, 'ports'), `must be an array of ports, got ${describe(e.ports)}`);
  } else {
    e.ports.forEach((p, k) => {
      const pat = path(at, 'ports', k);
      if (!checkObject(problems, pat, p as unknown)) return;
      checkKnownKeys(problems, pat, p, ['port', 'protocol'], [], 'property of an egress port');
      const protocol = p.protocol ?? 'TCP';
      if (protocol !== 'TCP' && protocol !== 'UDP') problems.notSupported(path(pat, 'protocol'), `must be 'TCP' or 'UDP', got ${describe(protocol)}`);
      if (checkInteger(problems, path(pat, 'port'), p.port, 1, 65535)) ports.push({ protocol, port: p.port });
    });
  }
  if (!peer) return undefined;
  return ports.length ? { to: [peer], ports } : { to: [peer] };
}
