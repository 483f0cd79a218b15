/**
 * Inputs the API server, istiod, ingress-nginx, the Gateway API, Argo Rollouts or the kubelet
 * refuse or break on (class 4), and dangerous inputs without their acknowledgement (class 5): one
 * table, run through the core builders and through both engines' constructs.
 */
import {
  CanaryMatch,
  CanaryReleaseProps,
  CanaryRouting,
  Duration,
  NetworkEgress,
  NetworkPeer,
  Port,
  Probe,
  Quantity,
  SecureNamespaceProps,
  StatefulAppProps,
  StatelessAppProps,
  Subject, Exposure,
} from '../../../lib';

export const IMAGE = 'ghcr.io/acme/web:1.4.2';
export const CANARY = 'ghcr.io/acme/web:1.5.0';

/** Which construct a case builds. */
export type Kind = 'StatelessApp' | 'StatefulApp' | 'CanaryRelease' | 'SecureNamespace';

/** [construct, description, props without name, the property paths reported] */
export type RuleCase = readonly [Kind, string, Record<string, unknown>, readonly string[]];

const web = (p: Partial<StatelessAppProps> = {}): Record<string, unknown> => ({ containers: [{ image: IMAGE }], ...p });
const container = (c: Record<string, unknown>, p: Partial<StatelessAppProps> = {}): Record<string, unknown> => ({
  containers: [{ image: IMAGE, ...c }],
  ...p,
});
const db = (p: Partial<StatefulAppProps> = {}): Record<string, unknown> => ({
  replicas: 3,
  containers: [{ image: IMAGE, ports: [Port.tcp(5432, { name: 'pg' })] }],
  storage: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi' }],
  ...p,
});
const release = (p: Partial<CanaryReleaseProps> = {}): Record<string, unknown> => ({
  namespace: 'shop',
  containers: [{ image: IMAGE }],
  canary: { image: CANARY, weight: 10 },
  ...p,
});
const istio = (o: Record<string, unknown>) => release({ routing: CanaryRouting.istio(o as never) });
const ns = (p: Partial<SecureNamespaceProps> = {}): Record<string, unknown> => ({ ...p });

/** Class 4: accepted by nothing that runs keelson's output. */
export const RUNTIME_RULES: readonly RuleCase[] = [
  ['StatelessApp', 'a readiness probe on a UDP port by name', container({ ports: [Port.http(8080), Port.udp(53, { name: 'dns' })], readiness: Probe.tcp({ port: 'dns' }) }), ['containers[0].readiness.port']],
  ['StatelessApp', 'a probe on a number no container declares', container({ liveness: Probe.http('/health', { port: 9090 }) }), ['containers[0].liveness.port']],
  ['StatelessApp', 'a probe on a number declared as UDP only', container({ ports: [Port.http(8080), Port.udp(53, { name: 'dns' })], startup: Probe.tcp({ port: 53 }) }), ['containers[0].startup.port']],
  ['StatelessApp', 'a probe without a port in a container with only UDP ports', container({ ports: [Port.udp(53, { name: 'dns' })], readiness: Probe.tcp() }), ['containers[0].readiness.port']],
  ['StatelessApp', "an Ingress Prefix path with '//'", web({ exposure: Exposure.ingress({ hosts: ['shop.example.com'], path: '//api' }) }), ['exposure.path']],
  ['StatelessApp', "an Ingress Prefix path with '/./'", web({ exposure: Exposure.ingress({ hosts: ['shop.example.com'], path: '/a/./b' }) }), ['exposure.path']],
  ['StatelessApp', "an Ingress Prefix path with '/../'", web({ exposure: Exposure.ingress({ hosts: ['shop.example.com'], path: '/a/../b' }) }), ['exposure.path']],
  ['StatelessApp', "an Ingress Prefix path with '%2f'", web({ exposure: Exposure.ingress({ hosts: ['shop.example.com'], path: '/a%2fb' }) }), ['exposure.path']],
  ['StatelessApp', 'an Ingress Prefix path ending in /..', web({ exposure: Exposure.ingress({ hosts: ['shop.example.com'], path: '/a/..' }) }), ['exposure.path']],
  ['StatelessApp', "an ingress-nginx Prefix path with '~'", web({ exposure: Exposure.ingress({ hosts: ['shop.example.com'], path: '/~user' }) }), ['exposure.path']],
  ['StatelessApp', 'memory "1" (one byte)', container({ resources: { memory: { request: '1' } } }), ['containers[0].resources.memory.request']],
  ['StatelessApp', 'memory "128m" (0.128 bytes)', container({ resources: { memory: { request: '128Mi', limit: '128m' } } }), ['containers[0].resources.memory.limit']],
  ['StatelessApp', 'CPU finer than a millicore', container({ resources: { cpu: { request: '100u' } } }), ['containers[0].resources.cpu.request']],
  ['StatelessApp', 'a CPU limit under 10m', container({ resources: { cpu: { request: '1m', limit: '5m' } } }), ['containers[0].resources.cpu.limit']],
  ['StatelessApp', 'memory beyond 64 bits', container({ resources: { memory: { request: '9Ei' } } }), ['containers[0].resources.memory.request']],
  ['StatelessApp', "writablePaths: ['/']", container({ writablePaths: ['/'] }), ['containers[0].writablePaths[0]']],
  ['StatelessApp', 'a writable path inside /proc', container({ writablePaths: ['/proc/sys'] }), ['containers[0].writablePaths[0]']],
  ['StatelessApp', 'a writable path written with a trailing slash', container({ writablePaths: ['/tmp', '/tmp/'] }), ['containers[0].writablePaths[1]']],
  ['StatelessApp', 'a CIDR with host bits set', web({ allowFrom: [NetworkPeer.cidr('10.0.0.1/8')] }), ['allowFrom[0].cidr']],
  ['StatelessApp', 'an IPv6 CIDR not in canonical form', web({ allowFrom: [NetworkPeer.cidr('2001:DB8::/32')] }), ['allowFrom[0].cidr']],
  ['StatelessApp', 'an except with host bits set', web({ allowFrom: [NetworkPeer.cidr('10.0.0.0/8', ['10.1.0.1/16'])] }), ['allowFrom[0].except[0]']],
  ['StatelessApp', 'a probe period beyond 32 bits', container({ readiness: Probe.http('/ping', { period: Duration.seconds(3_000_000_000) }) }), ['containers[0].readiness.period']],
  ['StatelessApp', 'pod annotations over 256 KiB', web({ podAnnotations: { big: 'x'.repeat(262_142) } }), ['podAnnotations']],
  ['StatelessApp', 'a pod spec too large for kubectl apply', container({ env: { BIG: 'x'.repeat(200_000), BIGGER: 'y'.repeat(70_000) } }), ['']],
  ['StatefulApp', "a storage mountPath of '/dev'", db({ storage: [{ name: 'data', mountPath: '/dev', size: '10Gi' }] }), ['storage[0].mountPath']],
  ['StatefulApp', 'a claim of a fraction of a byte', db({ storage: [{ name: 'data', mountPath: '/var/lib/db', size: '1500m' }] }), ['storage[0].size']],
  ['StatefulApp', 'a VPA maximum of one megabyte', db({ verticalAutoscaling: { maxAllowed: { memory: '1Mi' } } }), ['verticalAutoscaling.maxAllowed.memory']],
  ['CanaryRelease', 'Istio retries with attempts 0 and retryOn', istio({ retries: { attempts: 0, retryOn: '5xx' } }), ['routing.retries.retryOn']],
  ['CanaryRelease', 'a retryOn condition Envoy does not know', istio({ retries: { attempts: 2, retryOn: '5xx,timeout' } }), ['routing.retries.retryOn']],
  ['CanaryRelease', 'a retryOn status code without a name', istio({ retries: { attempts: 2, retryOn: '599' } }), ['routing.retries.retryOn']],
  ['CanaryRelease', 'an Envoy regex using \\Z (not RE2)', istio({ match: [CanaryMatch.headerRegex('x-user', 'admin\\Z')] }), ['routing.match[0].regex']],
  ['CanaryRelease', 'an Envoy regex using [^] (not RE2)', istio({ match: [CanaryMatch.headerRegex('x-user', 'a[^]')] }), ['routing.match[0].regex']],
  ['CanaryRelease', 'an Envoy regex with look-ahead', istio({ match: [CanaryMatch.headerRegex('x-user', '(?=a)b')] }), ['routing.match[0].regex']],
  ['CanaryRelease', 'an empty header prefix', istio({ match: [CanaryMatch.headerPrefix('x-user', '')] }), ['routing.match[0].prefix']],
  ['CanaryRelease', 'two identical matches', istio({ match: [CanaryMatch.headerExact('x-c', 'a'), CanaryMatch.headerExact('x-c', 'a')] }), ['routing.match[1]']],
  ['CanaryRelease', 'external hosts that overlap', istio({ gateways: ['istio-ingress/public'], externalHosts: ['*.example.com', 'shop.example.com'] }), ['routing.externalHosts[1]']],
  ['CanaryRelease', 'an Istio timeout beyond a Go duration', istio({ timeout: Duration.seconds(1e10) }), ['routing.timeout']],
  ['CanaryRelease', 'runAsUser 1337 with Istio routing', release({ securityContext: { runAsUser: 1337 } }), ['securityContext.runAsUser']],
  ['CanaryRelease', 'runAsGroup 1337 with Argo Rollouts routing', release({ canary: undefined, securityContext: { runAsGroup: 1337 }, routing: CanaryRouting.argoRollouts() }), ['securityContext.runAsGroup']],
  ['CanaryRelease', 'an Argo pause under one second', release({ canary: undefined, routing: CanaryRouting.argoRollouts({ pause: Duration.millis(500) }) }), ['routing.pause']],
  ['CanaryRelease', 'an Argo pause of 1.5 seconds', release({ canary: undefined, routing: CanaryRouting.argoRollouts({ pause: Duration.millis(1500) }) }), ['routing.pause']],
  ['CanaryRelease', 'an empty Gateway API header value', release({ routing: CanaryRouting.gatewayApi({ gateway: 'infra/public', headers: { 'x-canary': '' } }) }), ['routing.headers["x-canary"]']],
  ['CanaryRelease', 'Gateway API headers that differ only in case', release({ routing: CanaryRouting.gatewayApi({ gateway: 'infra/public', headers: { 'X-Canary': 'a', 'x-canary': 'b' } }) }), ['routing.headers["x-canary"]']],
  ['CanaryRelease', 'an ingress-nginx header pattern with a space', release({ routing: CanaryRouting.ingressNginx({ hosts: ['shop.example.com'], header: 'X-User', headerPattern: 'a b' }) }), ['routing.headerPattern']],
  ['CanaryRelease', 'an ingress-nginx header pattern PCRE rejects', release({ routing: CanaryRouting.ingressNginx({ hosts: ['shop.example.com'], header: 'X-User', headerPattern: 'a[^]' }) }), ['routing.headerPattern']],
  ['CanaryRelease', 'an empty ingress-nginx header value', release({ routing: CanaryRouting.ingressNginx({ hosts: ['shop.example.com'], header: 'X-User', headerValue: '' }) }), ['routing.headerValue']],
  ['SecureNamespace', 'a mesh revision that is no DNS label', ns({ mesh: { revision: '1.22' } }), ['mesh.revision']],
  ['SecureNamespace', "a principal with '*' in the middle", ns({ mesh: { allowFromPrincipals: ['cluster.local/ns/*/sa/web'] } }), ['mesh.allowFromPrincipals[0]']],
  ['SecureNamespace', 'a LimitRange memory max of one byte', ns({ limitRange: { memory: { max: '1', defaultRequest: '1', defaultLimit: '1' } } }), ['limitRange.memory.defaultLimit', 'limitRange.memory.max']],
  ['SecureNamespace', 'a storage quota in fractions of a byte', ns({ quota: { storage: '100500m' } }), ['quota.storage']],
  ['SecureNamespace', 'namespace annotations over 256 KiB', ns({ annotations: { big: 'x'.repeat(262_142) } }), ['annotations']],
];

/** Class 5: dangerous without `acknowledgeRisks`. [kind, risk, props, paths] */
export const RISKY: ReadonlyArray<readonly [Kind, string, Record<string, unknown>, readonly string[]]> = [
  ['StatelessApp', 'ingress-from-any-address', web({ allowFrom: [NetworkPeer.cidr('0.0.0.0/0', ['10.0.0.0/8'])] }), ['allowFrom[0].cidr']],
  ['StatelessApp', 'ingress-from-any-address', web({ allowFrom: [NetworkPeer.cidr('::/0')] }), ['allowFrom[0].cidr']],
  ['StatelessApp', 'ingress-from-every-namespace', web({ allowFrom: [NetworkPeer.namespacesWithLabels({})] }), ['allowFrom[0]']],
  ['StatelessApp', 'ingress-from-every-namespace', web({ allowFrom: [NetworkPeer.fromKubernetes({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['evil'] }] }, podSelector: { matchLabels: { role: 'client' } } })] }), ['allowFrom[0]']],
  ['StatelessApp', 'egress-to-cloud-metadata', web({ allowTo: [NetworkEgress.to(NetworkPeer.cidr('0.0.0.0/0'), 443)] }), ['allowTo[0].peer.cidr']],
  ['StatelessApp', 'egress-to-cloud-metadata', web({ allowTo: [NetworkEgress.to(NetworkPeer.cidr('169.254.0.0/16'))] }), ['allowTo[0].peer.cidr']],
  ['StatelessApp', 'budget-never-limits', web({ replicas: 3, disruptionBudget: { maxUnavailable: 3 } }), ['disruptionBudget.maxUnavailable']],
  ['StatelessApp', 'budget-never-limits', web({ autoscaling: { minReplicas: 2, maxReplicas: 4 }, disruptionBudget: { maxUnavailable: '100%' } }), ['disruptionBudget.maxUnavailable']],
  ['StatefulApp', 'egress-to-cloud-metadata', db({ allowTo: [NetworkEgress.to(NetworkPeer.cidr('::/0'))] }), ['allowTo[0].peer.cidr']],
  ['StatefulApp', 'budget-never-limits', db({ disruptionBudget: { maxUnavailable: '67%' } }), ['disruptionBudget.maxUnavailable']],
  ['CanaryRelease', 'canary-overload', release({ stable: { replicas: 10 }, canary: { image: CANARY, weight: 100 } }), ['canary.weight']],
  ['CanaryRelease', 'canary-overload', release({ stable: { replicas: 4 }, canary: { image: CANARY, replicas: 1 }, routing: CanaryRouting.blueGreen({ active: 'canary' }) }), ['routing.active']],
  ['CanaryRelease', 'ingress-from-any-address', release({ allowFrom: [NetworkPeer.cidr('0.0.0.0/0')] }), ['allowFrom[0].cidr']],
  ['CanaryRelease', 'budget-never-limits', release({ stable: { replicas: 3 }, disruptionBudget: { maxUnavailable: 5 } }), ['disruptionBudget.maxUnavailable']],
  ['CanaryRelease', 'canary-without-analysis', release({ canary: undefined, routing: CanaryRouting.argoRollouts({ analysis: false }) }), ['routing.analysis']],
  ['SecureNamespace', 'binding-to-everyone', ns({ access: { team: [Subject.group('system:authenticated')] } }), ['access.team[0]']],
  ['SecureNamespace', 'binding-to-everyone', ns({ access: { deployers: [Subject.user('system:anonymous')] } }), ['access.deployers[0]']],
  ['SecureNamespace', 'binding-to-everyone', ns({ access: { admins: [Subject.group('system:unauthenticated')] } }), ['access.admins[0]']],
  ['SecureNamespace', 'mesh-any-principal', ns({ mesh: { allowFromPrincipals: ['*'] } }), ['mesh.allowFromPrincipals[0]']],
  ['SecureNamespace', 'mesh-any-principal', ns({ mesh: { allowFromPrincipals: ['cluster.local/ns/*'] } }), ['mesh.allowFromPrincipals[0]']],
  ['SecureNamespace', 'zero-quota', ns({ quota: { cpu: { request: '0' } } }), ['quota.cpu.request']],
  ['SecureNamespace', 'zero-quota', ns({ quota: { pods: 0, scoped: [{ name: 'high', priorityClasses: ['high'], memory: { request: Quantity.mebibytes(1), limit: '1Mi' } }] } }), ['quota.pods', 'quota.scoped[0].memory.limit']],
  ['SecureNamespace', 'ingress-from-every-namespace', ns({ network: { allowFrom: [NetworkPeer.namespacesWithLabels({})] } }), ['network.allowFrom[0]']],
  ['SecureNamespace', 'egress-to-cloud-metadata', ns({ network: { allowTo: [NetworkEgress.to(NetworkPeer.cidr('0.0.0.0/0'))] } }), ['network.allowTo[0].peer.cidr']],
];

/** The object each risk's acknowledgement annotates, for a construct named `name` (kind/name). */
export function riskTarget(kind: Kind, risk: string, name: string): string {
  switch (risk) {
    case 'ingress-from-any-address':
    case 'ingress-from-every-namespace':
      return `NetworkPolicy/${kind === 'SecureNamespace' ? 'allow-ingress' : name}`;
    case 'egress-to-cloud-metadata':
      return `NetworkPolicy/${kind === 'SecureNamespace' ? 'allow-egress' : name}`;
    case 'budget-never-limits':
      return `PodDisruptionBudget/${kind === 'CanaryRelease' ? `${name}-stable` : name}`;
    case 'canary-overload':
      return `Deployment/${name}-canary`;
    case 'canary-without-analysis':
      return `Rollout/${name}`;
    case 'mesh-any-principal':
      return 'AuthorizationPolicy/allow';
    case 'zero-quota':
      return 'ResourceQuota/';
    default:
      return 'RoleBinding/';
  }
}
