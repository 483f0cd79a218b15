/**
 * Every place a Pulumi component accepts a Pulumi input (its slots), each as a case: args with a
 * value `v` at the slot, a good value, a bad one and the path the core reports it at. The same args
 * go to the cdk8s construct with the plain value (the reference) and to the Pulumi component with
 * the value as an Output, a promise, or plain garbage. The value factories are keelson/pulumi's:
 * given a plain value they make exactly the core's value, so the cdk8s side gets what it always got.
 */
import * as pulumi from '@pulumi/pulumi';
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as cdk8s from '../../lib/cdk8s';
import * as kp from '../../lib/pulumi';

export type Engine = 'StatelessApp' | 'StatefulApp' | 'CanaryRelease' | 'SecureNamespace';

export interface InputCase {
  /** `<construct> <slot>`. */
  readonly name: string;
  readonly construct: Engine;
  /** The args with `v` at the slot. */
  readonly args: (v: unknown) => Record<string, unknown>;
  /** A value the core accepts at the slot. */
  readonly good: string;
  /** A value the core refuses at the slot, and where it says so. */
  readonly bad: unknown;
  readonly path: string;
}

const IMAGE = 'ghcr.io/acme/web@sha256:' + 'b'.repeat(64);
const TAGGED = 'ghcr.io/acme/web:1.4.2';
const containers = (c: Record<string, unknown> = {}) => [{ image: IMAGE, ...c }];
const web = (extra: Record<string, unknown>) => ({ name: 'web', containers: containers(), ...extra });
const db = (extra: Record<string, unknown>) => ({ name: 'db', replicas: 3, containers: containers(), storage: [{ name: 'data', mountPath: '/data', size: '1Gi' }], ...extra });
const api = (extra: Record<string, unknown>) => ({ name: 'api', namespace: 'shop', containers: [{ image: TAGGED }], canary: { image: 'ghcr.io/acme/web:1.5.0', weight: 10 }, ...extra });
// Apps with an HTTP port, for `exposure`: a gateway route, an Istio gateway or a LoadBalancer/NodePort Service.
const served = (extra: Record<string, unknown>) => web({ namespace: 'shop', containers: containers({ ports: [kp.Port.http(8080)] }), ...extra });
const gwApi = (o: Record<string, unknown> = {}) => kp.Exposure.gatewayApi({ gateway: { name: 'public', namespace: 'infra' }, hostnames: ['shop.example.com'], ...o } as never);
const istioGw = (o: Record<string, unknown> = {}) => kp.Exposure.istioGateway({ hosts: ['shop.example.com'], ...o } as never);
const lb = (o: Record<string, unknown> = {}) => kp.Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'], ...o } as never);
/** The `exposure` slots, on an app made by `app` (with an HTTP port). */
type CaseRow = [string, (v: unknown) => Record<string, unknown>, string, unknown, string];
const exposureCases = (app: (extra: Record<string, unknown>) => Record<string, unknown>): CaseRow[] => [
  // With mesh: the gateway pods' principal holds the Gateway's name and namespace inside a longer string.
  ['exposure gateway.name (Gateway API)', (v) => app({ exposure: gwApi({ gateway: { name: v, namespace: 'infra' }, mesh: true }) }), 'public', 'Bad_GW', 'exposure.gateway.name'],
  ['exposure gateway.namespace (Gateway API)', (v) => app({ exposure: gwApi({ gateway: { name: 'public', namespace: v }, mesh: true }) }), 'infra', 'Bad_NS', 'exposure.gateway.namespace'],
  ['exposure gateway.sectionName (Gateway API)', (v) => app({ exposure: gwApi({ gateway: { name: 'public', sectionName: v } }) }), 'https', 'Bad_Section', 'exposure.gateway.sectionName'],
  ['exposure hostnames (Gateway API)', (v) => app({ exposure: gwApi({ hostnames: ['a.example.com', v] }) }), 'b.example.com', 'Not A Host', 'exposure.hostnames[1]'],
  ['exposure gatewayPods (Gateway API)', (v) => app({ exposure: gwApi({ gatewayPods: { namespace: v, labels: { gw: v }, serviceAccount: 'gw', trustDomain: 'example.org' }, mesh: true }) }),
    'gateways', 'Bad_NS', 'exposure.gatewayPods.namespace'],
  ['exposure gatewayPods.serviceAccount (Istio gateway)', (v) => app({ exposure: istioGw({ gatewayPods: { serviceAccount: v }, mesh: true }) }), 'ingress', 'Bad_SA', 'exposure.gatewayPods.serviceAccount'],
  ['exposure hosts (Istio gateway)', (v) => app({ exposure: istioGw({ hosts: [v] }) }), 'shop.example.com', 'Not A Host', 'exposure.hosts[0]'],
  ['exposure selector (Istio gateway)', (v) => app({ exposure: istioGw({ selector: { istio: v } }) }), 'public-gateway', 'not a label!', 'exposure.selector.istio'],
  ['exposure tls.credentialName (Istio gateway)', (v) => app({ exposure: istioGw({ tls: { credentialName: v } }) }), 'shop-tls', 'Bad_Secret', 'exposure.tls.credentialName'],
  ['exposure annotations (LoadBalancer)', (v) => app({ exposure: lb({ annotations: { 'example.com/cert': v } }) }), 'arn:aws:acm:1:cert/x', 42, 'exposure.annotations["example.com/cert"]'],
  // With mesh: the AuthorizationPolicy admits the ranges too.
  ['exposure sourceRanges (LoadBalancer)', (v) => app({ exposure: lb({ sourceRanges: ['198.51.100.0/24', v], mesh: true }) }), '203.0.113.0/24', '203.0.113.1/24', 'exposure.sourceRanges[1]'],
  ['exposure loadBalancerClass (LoadBalancer)', (v) => app({ exposure: lb({ loadBalancerClass: v }) }), 'service.k8s.aws/nlb', 'nlb', 'exposure.loadBalancerClass'],
  ['exposure hosts (Ingress)', (v) => app({ exposure: kp.Exposure.ingress({ hosts: ['a.example.com', v as pulumi.Input<string>] }) }), 'b.example.com', 'Not A Host', 'exposure.hosts[1]'],
  ['exposure tlsSecretName (Ingress)', (v) => app({ exposure: kp.Exposure.ingress({ hosts: ['a.example.com'], tlsSecretName: v as string }) }), 'web-tls', 'Bad_Secret', 'exposure.tlsSecretName'],
  ['exposure annotations (Ingress)', (v) => app({ exposure: kp.Exposure.ingress({ hosts: ['a.example.com'], annotations: { 'example.com/x': v as string } }) }), 'y', 42,
    'exposure.annotations["example.com/x"]'],
  ['exposure sourceRanges (NodePort)', (v) => app({ exposure: kp.Exposure.nodePort({ sourceRanges: [v as string] }) }), '2001:db8::/32', 'not a range', 'exposure.sourceRanges[0]'],
];

function cases(construct: Engine, list: ReadonlyArray<[string, (v: unknown) => Record<string, unknown>, string, unknown, string]>): InputCase[] {
  return list.map(([slot, args, good, bad, path]) => ({ name: `${construct} ${slot}`, construct, args, good, bad, path }));
}

export const INPUT_CASES: readonly InputCase[] = [
  ...cases('StatelessApp', [
    ['namespace', (v) => web({ namespace: v }), 'shop', 'Bad_NS', 'namespace'],
    ['containers[0].image', (v) => web({ containers: [{ image: v }] }), IMAGE, 'nginx', 'containers[0].image'],
    ['initContainers[0].image', (v) => web({ initContainers: [{ name: 'init', image: v }] }), IMAGE, 'nginx:latest', 'initContainers[0].image'],
    ['containers[0].env (literal)', (v) => web({ containers: containers({ env: { MODE: v } }) }), 'prod', 42, 'containers[0].env.MODE'],
    ['containers[0].env (EnvValue.fromValue)', (v) => web({ containers: containers({ env: { MODE: kp.EnvValue.fromValue(v as string) } }) }), 'prod', 42, 'containers[0].env.MODE'],
    ['containers[0].env (ConfigMap name)', (v) => web({ containers: containers({ env: { DB: kp.EnvValue.fromConfigMap(v as string, 'host') } }) }), 'db-config', 'Bad_Name', 'containers[0].env.DB.name'],
    ['containers[0].env (Secret ConfigReference)', (v) => web({ containers: containers({ env: { PW: kp.EnvValue.fromSecret(kp.ConfigReference.secret(v as string, { revision: '1' }), 'pw') } }) }), 'db-secret', 'Bad_Name', 'containers[0].env.PW.name'],
    ['containers[0].envFrom', (v) => web({ containers: containers({ envFrom: [kp.EnvFrom.configMap(v as string)] }) }), 'web-config', 'Bad_Name', 'containers[0].envFrom[0].name'],
    ['version', (v) => web({ version: v }), '1.4.2', 'not a label!', 'version'],
    ['component', (v) => web({ component: v }), 'frontend', 'not a label!', 'component'],
    ['partOf', (v) => web({ partOf: v }), 'shop', 'not a label!', 'partOf'],
    ['labels', (v) => web({ labels: { team: v } }), 'checkout', 'not a label!', 'labels.team'],
    ['podAnnotations', (v) => web({ podAnnotations: { 'example.com/owner': v } }), 'team-a', 42, 'podAnnotations["example.com/owner"]'],
    ['serviceAccount.annotations', (v) => web({ serviceAccount: { annotations: { 'example.com/role': v } } }), 'arn:aws:iam::1:role/web', 42, 'serviceAccount.annotations["example.com/role"]'],
    ['serviceAccount.existing', (v) => web({ serviceAccount: { existing: v } }), 'platform-web', 'Bad_SA', 'serviceAccount.existing'],
    ['imagePullSecrets', (v) => web({ imagePullSecrets: ['registry', v] }), 'mirror-creds', 'Bad_Secret', 'imagePullSecrets[1]'],
    ['containers[0].volumeMounts (ConfigMap name)', (v) => web({ containers: containers({ volumeMounts: [{ path: '/etc/app', volume: kp.Volume.configMap(v as string) }] }) }),
      'app-config', 'Bad_Name', 'containers[0].volumeMounts[0].volume.configMap.name'],
    ['containers[0].volumeMounts (claim name)', (v) => web({ containers: containers({ volumeMounts: [{ path: '/srv', volume: kp.Volume.persistentVolumeClaim(v as string, { accessMode: 'ReadWriteMany' }) }] }) }),
      'content', 'Bad_Name', 'containers[0].volumeMounts[0].volume.claimName'],
    ['initContainers[0].volumeMounts (projected Secret name)', (v) => web({ initContainers: [{ name: 'init', image: IMAGE, volumeMounts: [{ path: '/etc/all', volume: kp.Volume.projected('all', [kp.ProjectedSource.secret(v as string)]) }] }] }),
      'app-secret', 'Bad_Name', 'initContainers[0].volumeMounts[0].volume.sources[0].secret.name'],
    ['runtimeClassName', (v) => web({ runtimeClassName: v }), 'gvisor', 'Bad_RC', 'runtimeClassName'],
    ['priorityClassName', (v) => web({ priorityClassName: v }), 'high', 'Bad_PC', 'priorityClassName'],
    ['allowFrom (NetworkPeer.namespace)', (v) => web({ allowFrom: [kp.NetworkPeer.namespace(v as string)] }), 'monitoring', 'Bad_NS', 'allowFrom[0].namespace'],
    ['allowFrom (NetworkPeer.podsInNamespace)', (v) => web({ allowFrom: [kp.NetworkPeer.podsInNamespace(v as string, { app: 'x' })] }), 'monitoring', 'Bad_NS', 'allowFrom[0].namespace'],
    ['allowTo (NetworkPeer.namespace)', (v) => web({ allowTo: [kp.NetworkEgress.to(kp.NetworkPeer.namespace(v as string), 5432)] }), 'data', 'Bad_NS', 'allowTo[0].peer.namespace'],
    ...exposureCases(served),
  ]),
  ...cases('StatefulApp', [
    ['namespace', (v) => db({ namespace: v }), 'data', 'Bad_NS', 'namespace'],
    ['containers[0].image', (v) => db({ containers: [{ image: v }] }), IMAGE, 'nginx', 'containers[0].image'],
    ['storage[0].storageClassName', (v) => db({ storage: [{ name: 'data', mountPath: '/data', size: '1Gi', storageClassName: v }] }), 'ssd', 'Bad_SC', 'storage[0].storageClassName'],
    ['labels', (v) => db({ labels: { team: v } }), 'data', 'not a label!', 'labels.team'],
    ...exposureCases((extra) => db({ namespace: 'data', containers: containers({ ports: [kp.Port.http(8080)] }), ...extra })),
  ]),
  ...cases('CanaryRelease', [
    ['namespace', (v) => api({ namespace: v }), 'shop', 'Bad_NS', 'namespace'],
    ['containers[0].image', (v) => api({ containers: [{ image: v }] }), IMAGE, 'nginx', 'containers[0].image'],
    ['stable.image', (v) => api({ stable: { image: v } }), IMAGE, 'nginx', 'stable.image'],
    ['canary.image', (v) => api({ canary: { image: v, weight: 10 } }), IMAGE, 'nginx', 'canary.image'],
    ['canary.version', (v) => api({ canary: { image: 'ghcr.io/acme/web:1.5.0', version: v, weight: 10 } }), 'v1-5', 'not a label!', 'canary.version'],
    ['stable.env', (v) => api({ stable: { env: { MODE: v } } }), 'stable', 42, 'stable.env.MODE'],
    ['canary.env (Secret name)', (v) => api({ canary: { image: 'ghcr.io/acme/web:1.5.0', weight: 10, env: { PW: kp.EnvValue.fromSecret(v as string, 'pw') } } }), 'canary-secret', 'Bad_Name', 'canary.env.PW.name'],
    ['labels', (v) => api({ labels: { team: v } }), 'checkout', 'not a label!', 'labels.team'],
    ['routing ingress-nginx hosts', (v) => api({ routing: kp.CanaryRouting.ingressNginx({ hosts: [v as string] }) }), 'api.example.com', 'Not A Host', 'routing.hosts[0]'],
    ['routing ingress-nginx tlsSecretName', (v) => api({ routing: kp.CanaryRouting.ingressNginx({ hosts: ['api.example.com'], tlsSecretName: v as string }) }), 'api-tls', 'Bad_Secret', 'routing.tlsSecretName'],
    ['routing gateway-api hostnames', (v) => api({ routing: kp.CanaryRouting.gatewayApi({ gateway: 'infra/public', hostnames: [v as string] }) }), 'api.example.com', 'Not A Host', 'routing.hostnames[0]'],
    ['routing istio externalHosts', (v) => api({ routing: kp.CanaryRouting.istio({ gateways: ['istio-system/public'], externalHosts: [v as string] }) }), 'api.example.com', 'Not A Host', 'routing.externalHosts[0]'],
    ['exposure hosts (Istio gateway joining the istio routing\'s VirtualService)', (v) => api({
      containers: [{ image: TAGGED, ports: [kp.Port.http(8080)] }], exposure: istioGw({ hosts: ['a.example.com', v], tls: { credentialName: 'api-tls' } }),
    }), 'b.example.com', 'Not A Host', 'exposure.hosts[1]'],
    // A gateway exposure with the routings that have no router of their own.
    ...exposureCases((extra) => api({
      containers: [{ image: TAGGED, ports: [kp.Port.http(8080)] }], routing: kp.CanaryRouting.replicaRatio(), ...extra,
    })),
  ]),
  ...cases('SecureNamespace', [
    ['labels', (v) => ({ name: 'shop', labels: { team: v } }), 'checkout', 'not a label!', 'labels.team'],
    ['annotations', (v) => ({ name: 'shop', annotations: { 'example.com/cost-centre': v } }), 'cc-42', 42, 'annotations["example.com/cost-centre"]'],
    ['partOf', (v) => ({ name: 'shop', partOf: v }), 'shop', 'not a label!', 'partOf'],
    ['access.team (Subject.group)', (v) => ({ name: 'shop', access: { team: [kp.Subject.group(v as string)] } }), 'shop-developers', ' spaced ', 'access.team[0].name'],
    ['access.deployers (ServiceAccount name)', (v) => ({ name: 'shop', access: { deployers: [kp.Subject.serviceAccount(v as string, 'ci')] } }), 'deployer', 'Bad_SA', 'access.deployers[0].name'],
    ['access.deployers (ServiceAccount namespace)', (v) => ({ name: 'shop', access: { deployers: [kp.Subject.serviceAccount('deployer', v as string)] } }), 'ci', 'Bad_NS', 'access.deployers[0].namespace'],
  ]),
];

/** A scenario of pulumi-async-probe.ts: args with inputs (true) or with the same values plain (false). */
export interface ProbeScenario {
  readonly name: string;
  readonly construct: Engine;
  readonly args: (inputs: boolean) => unknown;
}

const asOutput = (inputs: boolean, v: unknown) => (inputs ? pulumi.output(v) : v);

/** Every slot with an Output of its bad value, and Outputs of garbage, a promise, several inputs at once. */
export const PROBE_SCENARIOS: readonly ProbeScenario[] = [
  ...INPUT_CASES.map((c) => ({ name: c.name, construct: c.construct, args: (inputs: boolean) => c.args(asOutput(inputs, c.bad)) })),
  ...[42, null, { repository: 'ghcr.io/acme/web', tag: '1.0.0' }].map((g) => ({
    name: `StatelessApp containers[0].image: an Output of ${JSON.stringify(g)}`,
    construct: 'StatelessApp' as const,
    args: (inputs: boolean) => web({ containers: [{ image: asOutput(inputs, g) }] }),
  })),
  {
    name: 'StatelessApp containers[0].image: a promise of "nginx"',
    construct: 'StatelessApp',
    args: (inputs) => web({ containers: [{ image: inputs ? Promise.resolve('nginx') : 'nginx' }] }),
  },
  {
    name: 'StatelessApp: three bad inputs, one of them in two places',
    construct: 'StatelessApp',
    args: (inputs) => {
      const ns = asOutput(inputs, 'Bad_NS') as string;
      return web({
        namespace: ns,
        allowFrom: [kp.NetworkPeer.namespace(ns)],
        containers: [{ image: asOutput(inputs, 'nginx'), env: { DB: kp.EnvValue.fromConfigMap(asOutput(inputs, 'Bad_CM') as string, 'host') } }],
        labels: { team: asOutput(inputs, 'fine') },
      });
    },
  },
  {
    name: 'StatelessApp exposure: a bad host, a host listed twice and a bad Gateway namespace, each an Output',
    construct: 'StatelessApp',
    args: (inputs) => served({
      exposure: kp.Exposure.gatewayApi({
        gateway: { name: 'public', namespace: asOutput(inputs, 'Bad_NS') as string },
        hostnames: ['a.example.com', asOutput(inputs, 'a.example.com') as string, asOutput(inputs, 'Not A Host') as string],
      }),
    }),
  },
  {
    name: 'CanaryRelease exposure: a LoadBalancer with a bad source range and a class without a domain, each an Output',
    construct: 'CanaryRelease',
    args: (inputs) => api({
      containers: [{ image: TAGGED, ports: [kp.Port.http(8080)] }],
      routing: kp.CanaryRouting.replicaRatio(),
      exposure: kp.Exposure.loadBalancer({ sourceRanges: [asOutput(inputs, '10.0.0.1/8') as string], loadBalancerClass: asOutput(inputs, 'nlb') as string }),
    }),
  },
];

/** A fresh cdk8s chart. */
export function chart(): Chart {
  return new Chart(Testing.app() as unknown as Construct, 'test');
}

/** The cdk8s construct for `construct`, added to `scope`. */
export function cdk8sConstruct(scope: Chart, construct: Engine, args: unknown): void {
  new (cdk8s[construct] as unknown as new (s: Construct, id: string, a: unknown) => unknown)(scope, construct.toLowerCase(), args);
}

/** The Pulumi component for `construct`. */
export function pulumiComponent(construct: Engine, args: unknown): unknown {
  return new (kp[construct] as unknown as new (name: string, a: unknown) => unknown)(construct.toLowerCase(), args);
}
