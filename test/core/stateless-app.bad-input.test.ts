/**
 * Bad input: every invalid prop produces the library's one error type, KeelsonValidationError,
 * with a problem at the exact property path — never a TypeError, never output.
 */
import {
  ConfigReference,
  Duration,
  EnvFrom,
  EnvValue,
  KeelsonValidationError,
  NetworkEgress,
  NetworkPeer,
  Port,
  Probe,
  Quantity,
  StatelessAppProps,
  buildStatelessApp,
} from '../../lib';
import { minimalProps, paths, thrown, validationError } from '../helpers/fixtures';

const IMAGE = 'ghcr.io/acme/web:1.4.2';
/** JS callers can pass anything: the table is typed loosely on purpose. */
type Loose = Record<string, any>;
const withProps = (p: Loose): StatelessAppProps => ({ ...minimalProps(), ...p }) as StatelessAppProps;
const withContainer = (c: Loose, rest: Loose = {}): StatelessAppProps => withProps({ containers: [{ image: IMAGE, ...c }], ...rest });

/** [description, props, expected property path] */
export const BAD_INPUT: ReadonlyArray<readonly [string, unknown, string]> = [
  // JS-style garbage at the top level.
  ['null props', null, ''],
  ['undefined props', undefined, ''],
  ['an array as props', [], ''],
  ['a string as props', 'web', ''],
  ['containers missing', { name: 'web' }, 'containers'],
  ['containers not an array', withProps({ containers: { image: IMAGE } }), 'containers'],
  ['containers empty', withProps({ containers: [] }), 'containers'],
  ['a null container', withProps({ containers: [null] }), 'containers[0]'],
  ['a string as a container', withProps({ containers: [IMAGE] }), 'containers[0]'],
  ['an unknown top-level property (typo)', withProps({ replica: 3 }), 'replica'],
  ['a case typo of a property', withProps({ Replicas: 3 }), 'Replicas'],
  ['an unknown container property', withContainer({ imagePullPolicy: 'Always' }), 'containers[0].imagePullPolicy'],
  // Names.
  ['a number as name', withProps({ name: 42 }), 'name'],
  ['an upper-case name', withProps({ name: 'Web' }), 'name'],
  ['a name starting with a digit', withProps({ name: '1web' }), 'name'],
  ['a 64-character name', withProps({ name: `a${'b'.repeat(63)}` }), 'name'],
  ['an empty name', withProps({ name: '' }), 'name'],
  ['a bad namespace', withProps({ namespace: 'Shop_NS' }), 'namespace'],
  ['a missing name on a second container', withProps({ containers: [{ image: IMAGE }, { image: IMAGE }] }), 'containers[1].name'],
  ['two containers with one name', withProps({ containers: [{ image: IMAGE }, { name: 'web', image: IMAGE, ports: [] }] }), 'containers[1].name'],
  // Images.
  ['a missing image', withProps({ containers: [{}] }), 'containers[0].image'],
  ['a number as image', withContainer({ image: 42 }), 'containers[0].image'],
  ['an untagged image', withContainer({ image: 'nginx' }), 'containers[0].image'],
  ['a latest image', withContainer({ image: 'nginx:latest' }), 'containers[0].image'],
  ['an untagged image with a registry port', withContainer({ image: 'registry.local:5000/team/app' }), 'containers[0].image'],
  ['a malformed image', withContainer({ image: 'Team/App:1.0' }), 'containers[0].image'],
  ['a malformed digest', withContainer({ image: 'nginx@sha256:xyz' }), 'containers[0].image'],
  ['allowUnpinnedImages as a string', withProps({ allowUnpinnedImages: 'true' }), 'allowUnpinnedImages'],
  // Ports.
  ['ports not an array', withContainer({ ports: Port.http(8080) }), 'containers[0].ports'],
  ['a string where a Port is expected', withContainer({ ports: ['8080'] }), 'containers[0].ports[0]'],
  ['a number where a Port is expected', withContainer({ ports: [8080] }), 'containers[0].ports[0]'],
  ['a port above 65535', withContainer({ ports: [Port.http(70000)] }), 'containers[0].ports[0].containerPort'],
  ['port 0', withContainer({ ports: [Port.tcp(0)] }), 'containers[0].ports[0].containerPort'],
  ['a fractional port', withContainer({ ports: [Port.http(8080.5)] }), 'containers[0].ports[0].containerPort'],
  ['a NaN port', withContainer({ ports: [Port.http(NaN)] }), 'containers[0].ports[0].containerPort'],
  ['a string port number', withContainer({ ports: [Port.http('8080' as any)] }), 'containers[0].ports[0].containerPort'],
  ['a bad port name', withContainer({ ports: [Port.http(8080, { name: 'HTTP_PORT' })] }), 'containers[0].ports[0].name'],
  ['a 16-character port name', withContainer({ ports: [Port.http(8080, { name: 'a-very-long-name' })] }), 'containers[0].ports[0].name'],
  ['expose as a string', withContainer({ ports: [Port.http(8080, { expose: 'no' as any })] }), 'containers[0].ports[0].expose'],
  ['a service port of 0', withContainer({ ports: [Port.http(8080, { servicePort: 0 })] }), 'containers[0].ports[0].servicePort'],
  ['two ports with one name', withContainer({ ports: [Port.http(8080), Port.http(8081, { servicePort: 81 })] }), 'containers[0].ports[1].name'],
  ['one port number twice', withContainer({ ports: [Port.http(8080), Port.tcp(8080)] }), 'containers[0].ports[1].containerPort'],
  ['two exposed ports on one service port', withContainer({ ports: [Port.http(8080), Port.http(8081, { name: 'admin' })] }), 'containers[0].ports[1].servicePort'],
  ['a port clash across containers', withProps({ containers: [{ image: IMAGE }, { name: 'side', image: IMAGE, ports: [Port.http(8080, { name: 'side', servicePort: 81 })] }] }), 'containers[1].ports[0].containerPort'],
  ['a sidecar port reusing the default port name and service port', withProps({ containers: [{ image: IMAGE }, { name: 'side', image: IMAGE, ports: [Port.http(9000)] }] }), 'containers[1].ports[0].name'],
  ['a sidecar port reusing the default service port', withProps({ containers: [{ image: IMAGE }, { name: 'side', image: IMAGE, ports: [Port.http(9000, { name: 'side' })] }] }), 'containers[1].ports[0].servicePort'],
  // Replicas, autoscaling, disruption budget, rollout.
  ['zero replicas', withProps({ replicas: 0 }), 'replicas'],
  ['negative replicas', withProps({ replicas: -1 }), 'replicas'],
  ['replicas as a string', withProps({ replicas: '3' }), 'replicas'],
  ['NaN replicas', withProps({ replicas: NaN }), 'replicas'],
  ['fractional replicas', withProps({ replicas: 2.5 }), 'replicas'],
  ['replicas together with autoscaling', withProps({ replicas: 3, autoscaling: { maxReplicas: 5 } }), 'replicas'],
  ['autoscaling not an object', withProps({ autoscaling: 5 }), 'autoscaling'],
  ['autoscaling without maxReplicas', withProps({ autoscaling: {} }), 'autoscaling.maxReplicas'],
  ['autoscaling max below min', withProps({ autoscaling: { minReplicas: 5, maxReplicas: 3 } }), 'autoscaling.maxReplicas'],
  ['autoscaling minReplicas 0', withProps({ autoscaling: { minReplicas: 0, maxReplicas: 3 } }), 'autoscaling.minReplicas'],
  ['autoscaling cpuUtilization 0', withProps({ autoscaling: { maxReplicas: 3, cpuUtilization: 0 } }), 'autoscaling.cpuUtilization'],
  ['autoscaling memoryUtilization as a string', withProps({ autoscaling: { maxReplicas: 3, memoryUtilization: '80%' } }), 'autoscaling.memoryUtilization'],
  ['a stabilisation window above an hour', withProps({ autoscaling: { maxReplicas: 3, scaleDownStabilization: Duration.minutes(61) } }), 'autoscaling.scaleDownStabilization'],
  ['an unknown autoscaling property', withProps({ autoscaling: { maxReplicas: 3, targetCPU: 50 } }), 'autoscaling.targetCPU'],
  ['a disruption budget of 0', withProps({ disruptionBudget: { maxUnavailable: 0 } }), 'disruptionBudget.maxUnavailable'],
  ['a disruption budget of 0%', withProps({ disruptionBudget: { maxUnavailable: '0%' } }), 'disruptionBudget.maxUnavailable'],
  ['a disruption budget of 150%', withProps({ disruptionBudget: { maxUnavailable: '150%' } }), 'disruptionBudget.maxUnavailable'],
  ['a negative disruption budget', withProps({ disruptionBudget: { maxUnavailable: -1 } }), 'disruptionBudget.maxUnavailable'],
  ['minAvailable in the disruption budget', withProps({ disruptionBudget: { minAvailable: 1 } }), 'disruptionBudget.minAvailable'],
  ['maxSurge 0', withProps({ maxSurge: 0 }), 'maxSurge'],
  ['maxSurge as a bad string', withProps({ maxSurge: 'lots' }), 'maxSurge'],
  ['a negative revisionHistoryLimit', withProps({ revisionHistoryLimit: -1 }), 'revisionHistoryLimit'],
  // Durations.
  ['a negative termination grace period', withProps({ terminationGracePeriod: Duration.seconds(-1) }), 'terminationGracePeriod'],
  ['a NaN duration', withProps({ minReady: Duration.seconds(NaN) }), 'minReady'],
  ['an infinite duration', withProps({ progressDeadline: Duration.seconds(Infinity) }), 'progressDeadline'],
  ['a number where a Duration is expected', withProps({ terminationGracePeriod: 30 }), 'terminationGracePeriod'],
  ['a fractional-second duration', withProps({ minReady: Duration.millis(1500) }), 'minReady'],
  ['a preStop pause as long as the grace period', withProps({ preStopDelay: Duration.seconds(30) }), 'preStopDelay'],
  ['a progress deadline not above minReady', withProps({ minReady: Duration.seconds(30), progressDeadline: Duration.seconds(30) }), 'progressDeadline'],
  // Resources.
  ['an unparsable CPU request', withContainer({ resources: { cpu: { request: 'lots' } } }), 'containers[0].resources.cpu.request'],
  ['a number where a Quantity is expected', withContainer({ resources: { cpu: { request: 0.5 } } }), 'containers[0].resources.cpu.request'],
  ['a zero memory request', withContainer({ resources: { memory: { request: '0' } } }), 'containers[0].resources.memory.request'],
  ['a negative memory request', withContainer({ resources: { memory: { request: Quantity.mebibytes(-1) } } }), 'containers[0].resources.memory.request'],
  ['a NaN CPU limit', withContainer({ resources: { cpu: { limit: Quantity.cores(NaN) } } }), 'containers[0].resources.cpu.limit'],
  ['a memory limit below the request', withContainer({ resources: { memory: { request: '1Gi', limit: '512Mi' } } }), 'containers[0].resources.memory.limit'],
  ['a CPU limit below an explicit request', withContainer({ resources: { cpu: { request: '100m', limit: '50m' } } }), 'containers[0].resources.cpu.limit'],
  ['a resources typo', withContainer({ resources: { cpus: { request: '1' } } }), 'containers[0].resources.cpus'],
  ['resources as a string', withContainer({ resources: '1 cpu' }), 'containers[0].resources'],
  // Environment.
  ['an env name starting with a digit', withContainer({ env: { '1VAR': 'x' } }), 'containers[0].env["1VAR"]'],
  ['a number as an env value', withContainer({ env: { PORT: 8080 } }), 'containers[0].env.PORT'],
  ['null as an env value', withContainer({ env: { PORT: null } }), 'containers[0].env.PORT'],
  ['env as an array', withContainer({ env: ['A=1'] }), 'containers[0].env'],
  ['a bad downward-API field', withContainer({ env: { NODE: EnvValue.fromField('spec.hostname') } }), 'containers[0].env.NODE'],
  ['a bad ConfigMap name in env', withContainer({ env: { X: EnvValue.fromConfigMap('My_Config', 'x') } }), 'containers[0].env.X.name'],
  ['a bad Secret key in env', withContainer({ env: { X: EnvValue.fromSecret('token', 'bad key!') } }), 'containers[0].env.X.key'],
  ['envFrom not an array', withContainer({ envFrom: EnvFrom.configMap('settings') }), 'containers[0].envFrom'],
  ['a string in envFrom', withContainer({ envFrom: ['settings'] }), 'containers[0].envFrom[0]'],
  ['a bad envFrom prefix', withContainer({ envFrom: [EnvFrom.secret('db', { prefix: '1DB_' })] }), 'containers[0].envFrom[0].prefix'],
  ['a bad envFrom name', withContainer({ envFrom: [EnvFrom.configMap('Settings')] }), 'containers[0].envFrom[0].name'],
  // Probes.
  ['a plain object where a Probe is expected', withContainer({ readiness: { httpGet: { path: '/ping', port: 8080 } } }), 'containers[0].readiness'],
  ['a probe on an unknown port name', withContainer({ readiness: Probe.http('/ping', { port: 'admin' }) }), 'containers[0].readiness.port'],
  ['a probe on port 0', withContainer({ liveness: Probe.tcp({ port: 0 }) }), 'containers[0].liveness.port'],
  ['a relative probe path', withContainer({ liveness: Probe.http('health') }), 'containers[0].liveness.path'],
  ['a liveness successThreshold above 1', withContainer({ liveness: Probe.http('/health', { successThreshold: 2 }) }), 'containers[0].liveness.successThreshold'],
  ['a startup successThreshold above 1', withContainer({ startup: Probe.http('/health', { successThreshold: 3 }) }), 'containers[0].startup.successThreshold'],
  ['a zero probe period', withContainer({ readiness: Probe.http('/ping', { period: Duration.seconds(0) }) }), 'containers[0].readiness.period'],
  ['a negative probe timeout', withContainer({ readiness: Probe.http('/ping', { timeout: Duration.seconds(-2) }) }), 'containers[0].readiness.timeout'],
  ['a NaN failure threshold', withContainer({ readiness: Probe.tcp({ failureThreshold: NaN }) }), 'containers[0].readiness.failureThreshold'],
  ['a probe on a container without ports', withContainer({ ports: [], readiness: Probe.http('/ping') }), 'containers[0].readiness.port'],
  ['an exec probe without a command', withContainer({ liveness: Probe.exec([]) }), 'containers[0].liveness.command'],
  ['an exec probe with a non-string argument', withContainer({ liveness: Probe.exec(['check', 1 as any]) }), 'containers[0].liveness.command'],
  // Command, filesystem.
  ['command as a string', withContainer({ command: '/bin/app --serve' }), 'containers[0].command'],
  ['args with a number', withContainer({ args: ['--port', 8080] }), 'containers[0].args'],
  ['a relative writable path', withContainer({ writablePaths: ['tmp'] }), 'containers[0].writablePaths[0]'],
  ['a writable path with ..', withContainer({ writablePaths: ['/tmp/../etc'] }), 'containers[0].writablePaths[0]'],
  ['a writable path listed twice', withContainer({ writablePaths: ['/tmp', '/tmp'] }), 'containers[0].writablePaths[1]'],
  ['writablePaths as a string', withContainer({ writablePaths: '/tmp' }), 'containers[0].writablePaths'],
  ['readOnlyRootFilesystem as a string', withContainer({ readOnlyRootFilesystem: 'yes' }), 'containers[0].readOnlyRootFilesystem'],
  // Labels and annotations.
  ['a label overriding a keelson label', withProps({ labels: { 'app.kubernetes.io/name': 'other' } }), 'labels["app.kubernetes.io/name"]'],
  ['a bad label value', withProps({ labels: { team: 'store front' } }), 'labels.team'],
  ['a bad label key', withProps({ labels: { 'bad key': 'x' } }), 'labels["bad key"]'],
  ['a number as a pod annotation', withProps({ podAnnotations: { replicas: 3 } }), 'podAnnotations.replicas'],
  ['a pod annotation that keelson owns', withProps({ podAnnotations: { 'keelson.dev/config-hash': 'abc' } }), 'podAnnotations["keelson.dev/config-hash"]'],
  ['a bad version', withProps({ version: '1.0 beta' }), 'version'],
  ['a bad component', withProps({ component: '-frontend' }), 'component'],
  ['a bad partOf', withProps({ partOf: 'a'.repeat(64) }), 'partOf'],
  // Security and scheduling.
  ['runAsUser 0 (root)', withProps({ securityContext: { runAsUser: 0 } }), 'securityContext.runAsUser'],
  ['a negative runAsGroup', withProps({ securityContext: { runAsGroup: -5 } }), 'securityContext.runAsGroup'],
  ['fsGroup as a string', withProps({ securityContext: { fsGroup: '10001' } }), 'securityContext.fsGroup'],
  ['a securityContext typo', withProps({ securityContext: { runAsUSer: 20000 } }), 'securityContext.runAsUSer'],
  ['privileged in the securityContext', withProps({ securityContext: { privileged: true } }), 'securityContext.privileged'],
  ['automountToken as a string', withProps({ serviceAccount: { automountToken: 'false' } }), 'serviceAccount.automountToken'],
  ['a service-account annotation that is not a string', withProps({ serviceAccount: { annotations: { a: 1 } } }), 'serviceAccount.annotations.a'],
  ['a bad runtimeClassName', withProps({ runtimeClassName: 'GVisor' }), 'runtimeClassName'],
  ['a bad priorityClassName', withProps({ priorityClassName: 'high priority' }), 'priorityClassName'],
  ['a bad topology spread mode', withProps({ topologySpread: { zones: 'always' } }), 'topologySpread.zones'],
  ['a topology spread typo', withProps({ topologySpread: { zone: 'hard' } }), 'topologySpread.zone'],
  ['configHash as a string', withProps({ configHash: 'yes' }), 'configHash'],
  // Network peers.
  ['allowFrom not an array', withProps({ allowFrom: 'everyone' }), 'allowFrom'],
  ['a string as a peer', withProps({ allowFrom: ['10.0.0.0/8'] }), 'allowFrom[0]'],
  ['a raw Kubernetes peer object', withProps({ allowFrom: [{ podSelector: {} }] }), 'allowFrom[0]'],
  ['a CIDR with a /33 prefix', withProps({ allowFrom: [NetworkPeer.cidr('10.0.0.0/33')] }), 'allowFrom[0].cidr'],
  ['a CIDR with octet 256', withProps({ allowFrom: [NetworkPeer.cidr('10.0.256.0/24')] }), 'allowFrom[0].cidr'],
  ['a bad CIDR exception', withProps({ allowFrom: [NetworkPeer.cidr('10.0.0.0/8', ['10.1.0.0'])] }), 'allowFrom[0].except[0]'],
  ['a bad peer namespace', withProps({ allowFrom: [NetworkPeer.namespace('Bad_NS')] }), 'allowFrom[0].namespace'],
  ['a bad peer label key', withProps({ allowFrom: [NetworkPeer.pods({ 'bad key': 'x' })] }), 'allowFrom[0].podSelector["bad key"]'],
  ['a bad peer label value', withProps({ allowFrom: [NetworkPeer.namespacesWithLabels({ team: 'a b' })] }), 'allowFrom[0].namespaceSelector.team'],
  ['pods(null): no silent "every pod"', withProps({ allowFrom: [NetworkPeer.pods(null as any)] }), 'allowFrom[0].podSelector.matchLabels'],
  ['pods("a=b"): a string is not a label map', withProps({ allowFrom: [NetworkPeer.pods('a=b' as any)] }), 'allowFrom[0].podSelector.matchLabels'],
  ['CIDR exceptions as a string', withProps({ allowFrom: [NetworkPeer.cidr('10.0.0.0/8', '10.1.0.0/16' as any)] }), 'allowFrom[0].except'],
  ['a CIDR exception outside the block', withProps({ allowFrom: [NetworkPeer.cidr('10.0.0.0/8', ['192.168.0.0/16'])] }), 'allowFrom[0].except[0]'],
  ['a CIDR exception equal to the block', withProps({ allowFrom: [NetworkPeer.cidr('10.0.0.0/8', ['10.0.0.0/8'])] }), 'allowFrom[0].except[0]'],
  ['an IPv4 exception in an IPv6 block', withProps({ allowFrom: [NetworkPeer.cidr('2001:db8::/32', ['10.0.0.0/8'])] }), 'allowFrom[0].except[0]'],
  ['a raw peer that selects nothing', withProps({ allowFrom: [NetworkPeer.fromKubernetes({})] }), 'allowFrom[0]'],
  ['a raw peer mixing ipBlock and a selector', withProps({ allowFrom: [NetworkPeer.fromKubernetes({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} })] }), 'allowFrom[0]'],
  ['a raw peer with an unknown field', withProps({ allowFrom: [NetworkPeer.fromKubernetes({ podSelector: {}, podSelectors: {} } as any)] }), 'allowFrom[0].podSelectors'],
  ['a raw peer that is null', withProps({ allowFrom: [NetworkPeer.fromKubernetes(null as any)] }), 'allowFrom[0]'],
  ['a match expression with a bad operator', withProps({ allowFrom: [NetworkPeer.fromKubernetes({ podSelector: { matchExpressions: [{ key: 'tier', operator: 'Like', values: ['x'] }] } })] }), 'allowFrom[0].podSelector.matchExpressions[0].operator'],
  ['a match expression In without values', withProps({ allowFrom: [NetworkPeer.fromKubernetes({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [] }] } })] }), 'allowFrom[0].namespaceSelector.matchExpressions[0].values'],
  ['a match expression Exists with values', withProps({ allowFrom: [NetworkPeer.fromKubernetes({ podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['x'] }] } })] }), 'allowFrom[0].podSelector.matchExpressions[0].values'],
  ['a match expression with a bad key', withProps({ allowFrom: [NetworkPeer.fromKubernetes({ podSelector: { matchExpressions: [{ key: 'bad key', operator: 'Exists' }] } })] }), 'allowFrom[0].podSelector.matchExpressions[0].key'],
  ['a match expression with a bad value', withProps({ allowFrom: [NetworkPeer.fromKubernetes({ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['not ok'] }] } })] }), 'allowFrom[0].podSelector.matchExpressions[0].values[0]'],
  ['a raw ipBlock with a bad CIDR', withProps({ allowFrom: [NetworkPeer.fromKubernetes({ ipBlock: { cidr: 'ten/8' } })] }), 'allowFrom[0].cidr'],
  // Egress.
  ['allowTo not an array', withProps({ allowTo: NetworkEgress.to(NetworkPeer.namespace('db'), 5432) }), 'allowTo'],
  ['a peer where an egress rule is expected', withProps({ allowTo: [NetworkPeer.namespace('db')] }), 'allowTo[0]'],
  ['a bad egress peer', withProps({ allowTo: [NetworkEgress.to(NetworkPeer.cidr('10.0.0.0/33'), 5432)] }), 'allowTo[0].peer.cidr'],
  ['an egress port above 65535', withProps({ allowTo: [NetworkEgress.to(NetworkPeer.namespace('db'), 70000)] }), 'allowTo[0].ports[0].port'],
  ['a bad egress protocol', withProps({ allowTo: [NetworkEgress.to(NetworkPeer.namespace('db'), { port: 53, protocol: 'ICMP' as any })] }), 'allowTo[0].ports[0].protocol'],
  // Factory arguments from JavaScript.
  ['an upper-case first path component in an image', withContainer({ image: 'Team/app:1.0' }), 'containers[0].image'],
  ['EnvValue.fromConfigMap(null, key)', withContainer({ env: { X: EnvValue.fromConfigMap(null as any, 'k') } }), 'containers[0].env.X'],
  ['EnvValue.fromValue(undefined)', withContainer({ env: { X: EnvValue.fromValue(undefined as any) } }), 'containers[0].env.X'],
  ['EnvValue optional as a string', withContainer({ env: { X: EnvValue.fromSecret('s', 'k', { optional: 'yes' as any }) } }), 'containers[0].env.X.optional'],
  ['EnvFrom.configMap(null)', withContainer({ envFrom: [EnvFrom.configMap(null as any)] }), 'containers[0].envFrom[0]'],
  ['an envFrom prefix that is not a string', withContainer({ envFrom: [EnvFrom.secret(ConfigReference.secret('db'), { prefix: true as any })] }), 'containers[0].envFrom[0].prefix'],
  ['an HTTP probe scheme other than HTTP/HTTPS', withContainer({ readiness: Probe.http('/ping', { scheme: 'FTP' as any }) }), 'containers[0].readiness.scheme'],
  ['a gRPC probe service that is not a string', withContainer({ ports: [Port.grpc(9000)], liveness: Probe.grpc({ service: 5 as any }) }), 'containers[0].liveness.service'],
  ['a Duration of a non-number', withProps({ terminationGracePeriod: Duration.seconds('30' as any) }), 'terminationGracePeriod'],
  ['a Quantity of an object', withContainer({ resources: { cpu: { request: Quantity.millicores({} as any) } } }), 'containers[0].resources.cpu.request'],
  // Ingress.
  ['an ingress without hosts', withProps({ ingress: { hosts: [] } }), 'ingress.hosts'],
  ['an ingress with hosts as a string', withProps({ ingress: { hosts: 'shop.example.com' } }), 'ingress.hosts'],
  ['an ingress host that is an IP', withProps({ ingress: { hosts: ['10.0.0.1'] } }), 'ingress.hosts[0]'],
  ['an upper-case ingress host', withProps({ ingress: { hosts: ['Shop.Example.com'] } }), 'ingress.hosts[0]'],
  ['an ingress host listed twice', withProps({ ingress: { hosts: ['a.example.com', 'a.example.com'] } }), 'ingress.hosts[1]'],
  ['a relative ingress path', withProps({ ingress: { hosts: ['a.example.com'], path: 'api' } }), 'ingress.path'],
  ['an unknown ingress portName', withProps({ ingress: { hosts: ['a.example.com'], portName: 'admin' } }), 'ingress.portName'],
  ['an ingress to a worker', withProps({ containers: [{ image: IMAGE, ports: [] }], ingress: { hosts: ['a.example.com'] } }), 'ingress'],
  ['a bad ingress class', withProps({ ingress: { hosts: ['a.example.com'], className: 'Nginx' } }), 'ingress.className'],
  ['a bad TLS secret name', withProps({ ingress: { hosts: ['a.example.com'], tlsSecretName: 'tls_secret' } }), 'ingress.tlsSecretName'],
  ['a bad controller namespace', withProps({ ingress: { hosts: ['a.example.com'], controllerNamespace: 'Ingress' } }), 'ingress.controllerNamespace'],
  ['an ingress annotation that is not a string', withProps({ ingress: { hosts: ['a.example.com'], annotations: { 'x/y': true } } }), 'ingress.annotations["x/y"]'],
];

describe('StatelessApp bad input', () => {
  it('has at least 30 cases', () => {
    expect(BAD_INPUT.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD_INPUT.map(([what, props, at]) => [what, at, props] as const))('%s => KeelsonValidationError at path %j', (_what, expectedPath, props) => {
    const e = validationError(() => buildStatelessApp(props as StatelessAppProps));
    expect(e).toBeInstanceOf(KeelsonValidationError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('KeelsonValidationError');
    expect(e.constructType).toBe('StatelessApp');
    expect(paths(e)).toContain(expectedPath);
    for (const p of e.problems) {
      expect(typeof p.message).toBe('string');
      expect(p.message.length).toBeGreaterThan(0);
    }
    // The message lists every problem with its path.
    for (const p of e.problems) expect(e.message).toContain(p.path ? `: ${p.path}: ${p.message}` : `: ${p.message}`);
  });

  it('reports every problem of a badly broken props object in one error', () => {
    const props = {
      name: 'Web App',
      namespace: 'Shop_NS',
      replicas: -2,
      containers: [
        { image: 'nginx', ports: ['80'], resources: { memory: { request: '1Gi', limit: '1Mi' } }, env: { '1X': 'y' } },
        { image: 'busybox:latest' },
      ],
      disruptionBudget: { maxUnavailable: 0 },
      allowFrom: [NetworkPeer.cidr('300.0.0.0/8')],
      ingress: { hosts: [] },
      terminationGracePeriod: Duration.seconds(-5),
      extra: true,
    } as unknown as StatelessAppProps;
    const e = validationError(() => buildStatelessApp(props));
    expect(paths(e)).toEqual(expect.arrayContaining([
      'extra',
      'name',
      'namespace',
      'replicas',
      'containers[0].image',
      'containers[0].ports[0]',
      'containers[0].resources.memory.limit',
      'containers[0].env["1X"]',
      'containers[1].name',
      'containers[1].image',
      'disruptionBudget.maxUnavailable',
      'allowFrom[0].cidr',
      'ingress.hosts',
      'terminationGracePeriod',
    ]));
    expect(e.problems.length).toBeGreaterThanOrEqual(14);
    expect(e.message).toMatch(/^StatelessApp "Web App": \d+ problems in its props:\n/);
    expect(e.message.split('\n').length).toBe(e.problems.length + 1);
  });

  it('names the construct and the property path in each message line', () => {
    const e = validationError(() => buildStatelessApp(minimalProps({ containers: [{ image: 'nginx' }] })));
    expect(e.problems).toEqual([{ construct: 'web', path: 'containers[0].image', message: expect.stringContaining('"nginx" has no tag') }]);
    expect(e.message).toBe(`StatelessApp "web": 1 problem in its props:\n  - web: containers[0].image: ${e.problems[0].message}`);
  });

  it('never returns partial output: a throwing build hands back nothing', () => {
    let result: unknown = 'untouched';
    const error = thrown(() => {
      result = buildStatelessApp(minimalProps({ replicas: 0 }));
    });
    expect(error).toBeInstanceOf(KeelsonValidationError);
    expect(result).toBe('untouched');
  });

  it('does not modify the props it is given', () => {
    const props = minimalProps({ labels: { team: 'a' }, containers: [{ image: IMAGE, env: { A: 'b' }, writablePaths: ['/tmp'] }] });
    const before = JSON.stringify(props);
    buildStatelessApp(props);
    expect(JSON.stringify(props)).toBe(before);
  });
});
