/**
 * The secure-namespace bad-input table (and its fixtures), shared by its bad-input test and the
 * byte-identity guard that records each case's exact error message.
 */
import { NetworkEgress, NetworkPeer, Quantity, SecureNamespaceProps, Subject } from '../../../lib';

/** JS callers can pass anything: the table is typed loosely on purpose. */
export type Loose = Record<string, any>;
export const ns = (p: Loose = {}): SecureNamespaceProps => ({ name: 'shop', ...p }) as SecureNamespaceProps;

/** [description, props, expected property path] */
export const BAD_INPUT: ReadonlyArray<readonly [string, unknown, string]> = [
  // Garbage and typos.
  ['null props', null, ''],
  ['a string as props', 'shop', ''],
  ['an array as props', [], ''],
  ['an unknown property (typo)', ns({ quotas: {} }), 'quotas'],
  ['a case typo of a property', ns({ PodSecurity: {} }), 'PodSecurity'],
  // Names and labels.
  ['a missing name', { quota: {} }, 'name'],
  ['a number as name', ns({ name: 42 }), 'name'],
  ['an upper-case name', ns({ name: 'Shop' }), 'name'],
  ['a name with a dot (not a DNS-1123 label)', ns({ name: 'shop.team' }), 'name'],
  ['a 64-character name', ns({ name: 'a'.repeat(64) }), 'name'],
  ['a reserved kube- name', ns({ name: 'kube-shop' }), 'name'],
  ['a bad partOf', ns({ partOf: 'store front' }), 'partOf'],
  ['a label keelson sets', ns({ labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }), 'labels["pod-security.kubernetes.io/enforce"]'],
  ['a label overriding the injection label', ns({ labels: { 'istio-injection': 'disabled' } }), 'labels["istio-injection"]'],
  ['a bad label value', ns({ labels: { team: 'a b' } }), 'labels.team'],
  ['a number as an annotation', ns({ annotations: { 'example.com/x': 1 } }), 'annotations["example.com/x"]'],
  // Pod Security.
  ['an unknown Pod Security level', ns({ podSecurity: { enforce: 'strict' } }), 'podSecurity.enforce'],
  ['a capitalised Pod Security level', ns({ podSecurity: { warn: 'Restricted' } }), 'podSecurity.warn'],
  ['a version without v', ns({ podSecurity: { version: '1.30' } }), 'podSecurity.version'],
  ['a version 2.x', ns({ podSecurity: { version: 'v2.0' } }), 'podSecurity.version'],
  ['a version as a number', ns({ podSecurity: { version: 1.3 } }), 'podSecurity.version'],
  ['an unknown podSecurity key', ns({ podSecurity: { enforced: 'restricted' } }), 'podSecurity.enforced'],
  // Quota.
  ['an unparsable CPU quota', ns({ quota: { cpu: { request: 'lots' } } }), 'quota.cpu.request'],
  ['a number as a memory quota', ns({ quota: { memory: { request: 8 } } }), 'quota.memory.request'],
  ['a negative storage quota', ns({ quota: { storage: '-1Gi' } }), 'quota.storage'],
  ['a memory limit quota below the request quota', ns({ quota: { memory: { request: '16Gi', limit: '8Gi' } } }), 'quota.memory.limit'],
  ['a CPU limit quota below the request quota', ns({ quota: { cpu: { request: '4', limit: Quantity.millicores(3500) } } }), 'quota.cpu.limit'],
  ['a memory limit quota below the default request quota', ns({ quota: { memory: { limit: '4Gi' } } }), 'quota.memory.limit'],
  ['a negative pod count', ns({ quota: { pods: -1 } }), 'quota.pods'],
  ['a fractional service count', ns({ quota: { services: 2.5 } }), 'quota.services'],
  ['a string load-balancer count', ns({ quota: { loadBalancers: '1' } }), 'quota.loadBalancers'],
  ['a NaN node-port count', ns({ quota: { nodePorts: NaN } }), 'quota.nodePorts'],
  ['an unknown quota key', ns({ quota: { configMaps: 10 } }), 'quota.configMaps'],
  ['an ephemeral-storage limit quota below its request quota', ns({ quota: { ephemeralStorage: { request: '20Gi', limit: '10Gi' } }, limitRange: { ephemeralStorage: { max: '1Gi' } } }), 'quota.ephemeralStorage.limit'],
  ['a fractional-byte ephemeral-storage quota', ns({ quota: { ephemeralStorage: { request: '1.5' } }, limitRange: { ephemeralStorage: { defaultRequest: '1Gi' } } }), 'quota.ephemeralStorage.request'],
  ['an ephemeral-storage request quota without a LimitRange default request', ns({ quota: { ephemeralStorage: { request: '20Gi' } } }), 'limitRange.ephemeralStorage.defaultRequest'],
  ['an ephemeral-storage limit quota without a LimitRange default limit', ns({ quota: { ephemeralStorage: { request: '20Gi', limit: '40Gi' } }, limitRange: { ephemeralStorage: { defaultRequest: '256Mi' } } }), 'limitRange.ephemeralStorage.defaultLimit'],
  ['a scoped ephemeral-storage quota without a LimitRange default request', ns({ quota: { scoped: [{ name: 'hi', priorityClasses: ['a'], ephemeralStorage: { request: '1Gi' } }] } }), 'limitRange.ephemeralStorage.defaultRequest'],
  ['a zero ephemeral-storage quota, unacknowledged', ns({ quota: { ephemeralStorage: { request: '0' } } }), 'quota.ephemeralStorage.request'],
  ['scoped quotas not an array', ns({ quota: { scoped: { name: 'x' } } }), 'quota.scoped'],
  ['a scoped quota without priority classes', ns({ quota: { scoped: [{ name: 'high', priorityClasses: [], pods: 3 }] } }), 'quota.scoped[0].priorityClasses'],
  ['a scoped quota without any bound', ns({ quota: { scoped: [{ name: 'high', priorityClasses: ['high'] }] } }), 'quota.scoped[0]'],
  ['a scoped quota named default', ns({ quota: { scoped: [{ name: 'default', priorityClasses: ['high'], pods: 1 }] } }), 'quota.scoped[0].name'],
  ['two scoped quotas with one name', ns({ quota: { scoped: [{ name: 'hi', priorityClasses: ['a'], pods: 1 }, { name: 'hi', priorityClasses: ['b'], pods: 1 }] } }), 'quota.scoped[1].name'],
  ['a bad priority class name', ns({ quota: { scoped: [{ name: 'hi', priorityClasses: ['High'], pods: 1 }] } }), 'quota.scoped[0].priorityClasses[0]'],
  // LimitRange.
  ['an unparsable LimitRange quantity', ns({ limitRange: { cpu: { max: 'two' } } }), 'limitRange.cpu.max'],
  ['a zero default request', ns({ limitRange: { memory: { defaultRequest: '0' } } }), 'limitRange.memory.defaultRequest'],
  ['a default request above the default limit', ns({ limitRange: { cpu: { defaultRequest: '500m', defaultLimit: '250m' } } }), 'limitRange.cpu.defaultLimit'],
  ['a default limit above the max', ns({ limitRange: { memory: { defaultLimit: '8Gi' } } }), 'limitRange.memory.defaultLimit'],
  ['a default request above the max (the default limit follows it)', ns({ limitRange: { memory: { defaultRequest: '8Gi' } } }), 'limitRange.memory.defaultRequest'],
  ['a min above the default request', ns({ limitRange: { cpu: { min: '200m' } } }), 'limitRange.cpu.min'],
  ['a min above the max', ns({ limitRange: { cpu: { min: '2', max: '1' } } }), 'limitRange.cpu.max'],
  ['a CPU max below the default request', ns({ limitRange: { cpu: { max: '50m' } } }), 'limitRange.cpu.max'],
  ['a claim min above the claim max', ns({ limitRange: { storage: { min: '100Gi', max: '10Gi' } } }), 'limitRange.storage.min'],
  ['a claim max above the storage quota', ns({ quota: { storage: '20Gi' }, limitRange: { storage: { max: '50Gi' } } }), 'limitRange.storage.max'],
  ['an ephemeral-storage default request above the max', ns({ limitRange: { ephemeralStorage: { defaultRequest: '2Gi', max: '1Gi' } } }), 'limitRange.ephemeralStorage.max'],
  ['an ephemeral-storage min of zero', ns({ limitRange: { ephemeralStorage: { min: '0' } } }), 'limitRange.ephemeralStorage.min'],
  ['an unknown LimitRange resource', ns({ limitRange: { gpu: { max: '1' } } }), 'limitRange.gpu'],
  // Network.
  ['an invalid CIDR', ns({ network: { allowTo: [NetworkEgress.to(NetworkPeer.cidr('10.0.0.0/33'))] } }), 'network.allowTo[0].peer.cidr'],
  ['a CIDR that is not an address', ns({ network: { allowTo: [NetworkEgress.to(NetworkPeer.cidr('example.com/24'), 443)] } }), 'network.allowTo[0].peer.cidr'],
  ['an except outside its CIDR', ns({ network: { allowTo: [NetworkEgress.to(NetworkPeer.cidr('10.0.0.0/16', ['192.168.0.0/24']))] } }), 'network.allowTo[0].peer.except[0]'],
  ['a bad egress port', ns({ network: { allowTo: [NetworkEgress.to(NetworkPeer.namespace('db'), 70000)] } }), 'network.allowTo[0].ports[0].port'],
  ['a plain object as egress', ns({ network: { allowTo: [{ to: '10.0.0.0/8' }] } }), 'network.allowTo[0]'],
  ['a bad ingress namespace', ns({ network: { allowFrom: [NetworkPeer.namespace('Monitoring')] } }), 'network.allowFrom[0].namespace'],
  ['a string as a peer', ns({ network: { allowFrom: ['monitoring'] } }), 'network.allowFrom[0]'],
  ['allowFrom not an array', ns({ network: { allowFrom: NetworkPeer.namespace('monitoring') } }), 'network.allowFrom'],
  ['allowSameNamespace as a string', ns({ network: { allowSameNamespace: 'yes' } }), 'network.allowSameNamespace'],
  ['a bad DNS namespace', ns({ network: { dns: { namespace: 'Kube_System' } } }), 'network.dns.namespace'],
  ['empty DNS pod labels', ns({ network: { dns: { podLabels: {} } } }), 'network.dns.podLabels'],
  // Access.
  ['an unknown team role', ns({ access: { team: [Subject.group('devs')], teamRole: 'owner' } }), 'access.teamRole'],
  ['a string as a subject', ns({ access: { team: ['devs'] } }), 'access.team[0]'],
  ['an empty group name', ns({ access: { team: [Subject.group('')] } }), 'access.team[0].name'],
  ['a user name with spaces around it', ns({ access: { admins: [Subject.user(' alice ')] } }), 'access.admins[0].name'],
  ['a bad ServiceAccount namespace', ns({ access: { deployers: [Subject.serviceAccount('deployer', 'CI')] } }), 'access.deployers[0].namespace'],
  ['a bad ServiceAccount name', ns({ access: { deployers: [Subject.serviceAccount('Deployer!', 'ci')] } }), 'access.deployers[0].name'],
  ['a subject listed twice', ns({ access: { team: [Subject.group('devs'), Subject.group('devs')] } }), 'access.team[1]'],
  ['deployers not an array', ns({ access: { deployers: Subject.group('ci') } }), 'access.deployers'],
  // Mesh.
  ['mesh as a boolean', ns({ mesh: true }), 'mesh'],
  ['a bad revision', ns({ mesh: { revision: '1.22 canary' } }), 'mesh.revision'],
  ['an unknown mTLS mode', ns({ mesh: { mtls: 'DISABLE' } }), 'mesh.mtls'],
  ['a bad control-plane namespace', ns({ mesh: { controlPlaneNamespace: 'Istio' } }), 'mesh.controlPlaneNamespace'],
  ['a bad allowed namespace', ns({ mesh: { allowFromNamespaces: ['ok', 'Not OK'] } }), 'mesh.allowFromNamespaces[1]'],
  ['a principal with spaces', ns({ mesh: { allowFromPrincipals: ['cluster.local/ns/a/sa/b c'] } }), 'mesh.allowFromPrincipals[0]'],
  ['an egress host without a namespace', ns({ mesh: { egressHosts: ['api.stripe.com'] } }), 'mesh.egressHosts[0]'],
  ['an unknown outbound policy', ns({ mesh: { outboundTrafficPolicy: 'DENY' } }), 'mesh.outboundTrafficPolicy'],
];
