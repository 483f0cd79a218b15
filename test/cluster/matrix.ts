/**
 * The configurations the cluster suite applies: the example shop, and a matrix covering every
 * CanaryRelease routing, the StatefulApp options, SecureNamespace with and without the mesh, and
 * each Pod Security level. Each builds into its own namespace so configurations never interact.
 */
import { ApiObject, Chart } from 'cdk8s';
import { Obj, fromYaml, synth } from './kube';
import { buildApp } from '../../examples/cdk8s/main';
import type { BatchJobProps, Callable, CanaryReleaseProps, PodSecurityLevel, SecureNamespaceProps, StatefulAppProps, StatelessAppProps } from '../../lib';
import {
  BatchJob,
  Call,
  CanaryMatch,
  CanaryRelease,
  CanaryRouting,
  Duration,
  Metric,
  Exposure,
  EnvValue,
  NetworkEgress,
  NetworkPeer,
  Port,
  Probe,
  ProjectedSource,
  Quantity,
  SecureNamespace,
  StatefulApp,
  StatelessApp,
  Subject,
  Volume,
} from '../../lib/cdk8s';

export interface Configuration {
  /** Also the namespace the objects go to. */
  readonly name: string;
  readonly objects: () => Obj[];
}

/** A call of a matrix app to another app of its configuration, by id: every port, or one Service port by name. */
export type MatrixCall = string | { readonly app: string; readonly port: string };

/**
 * One app of a matrix configuration: its kind, its construct id (resource name on Pulumi), its props and the apps
 * of the configuration it calls (`allowTo: [app]`, made with the built apps on either engine).
 */
export type MatrixApp = (
  | { readonly kind: 'StatelessApp'; readonly id: string; readonly props: Omit<StatelessAppProps, 'name'> }
  | { readonly kind: 'StatefulApp'; readonly id: string; readonly props: Omit<StatefulAppProps, 'name'> }
  | { readonly kind: 'CanaryRelease'; readonly id: string; readonly props: Omit<CanaryReleaseProps, 'name'> }
  | { readonly kind: 'BatchJob'; readonly id: string; readonly props: Omit<BatchJobProps, 'name'> }
) & { readonly calls?: readonly MatrixCall[] };

/**
 * Builds a configuration's apps on either engine, each callee before its callers (otherwise in the order listed),
 * each with its `calls` added to its `allowTo` as calls to the apps already built.
 */
export function buildApps(apps: readonly MatrixApp[], build: (app: MatrixApp, props: MatrixApp['props']) => Callable): void {
  const built = new Map<string, Callable>();
  const byId = new Map(apps.map((a) => [a.id, a]));
  const place = (app: MatrixApp, path: readonly string[]): void => {
    if (built.has(app.id)) return;
    if (path.includes(app.id)) throw new Error(`matrix: the calls of ${[...path, app.id].join(' -> ')} go round: declare one of them with label peers`);
    const targetOf = (c: MatrixCall) => (typeof c === 'string' ? c : c.app);
    for (const c of app.calls ?? []) {
      const callee = byId.get(targetOf(c));
      if (!callee) throw new Error(`matrix: ${app.id} calls ${targetOf(c)}, which is not an app of its configuration`);
      place(callee, [...path, app.id]);
    }
    const calls = (app.calls ?? []).map((c) => (typeof c === 'string' ? built.get(c)! : Call.to(built.get(c.app)!, { port: c.port })));
    const props = calls.length ? { ...app.props, allowTo: [...(app.props.allowTo ?? []), ...calls] } : app.props;
    built.set(app.id, build(app, props as MatrixApp['props']));
  };
  for (const app of apps) place(app, []);
}

/**
 * A matrix configuration as engine-neutral props: a SecureNamespace (named like the configuration)
 * and the apps in it. The cdk8s side builds it here (`matrix`); the Pulumi side builds the same
 * props with the Pulumi components (pulumi-up.cluster.ts).
 */
export interface MatrixProps {
  readonly name: string;
  readonly namespace: Omit<SecureNamespaceProps, 'name'>;
  readonly apps: readonly MatrixApp[];
  /**
   * Plain objects the apps need that keelson does not make (the ConfigMaps, Secrets and claims they
   * mount), put in the configuration's namespace on both engines.
   * @default none
   */
  readonly objects?: readonly Obj[];
}

/** Every matrix namespace binds this group to keelson's viewer Role and this ServiceAccount to its deployer Role. */
export const TEAM = 'developers';
export const DEPLOYER = { name: 'deployer', namespace: 'ci' } as const;

const IMAGE = 'ghcr.io/acme/app:1.0.0';
const CANARY = 'ghcr.io/acme/app:1.1.0';

const small = {
  cpu: { request: Quantity.millicores(50) },
  memory: { request: Quantity.mebibytes(64) },
};

/** Apps in a SecureNamespace of the given Pod Security level (and mesh). */
function inNamespace(
  name: string, apps: readonly MatrixApp[], options: { level?: PodSecurityLevel; mesh?: boolean; loadBalancers?: number; nodePorts?: number } = {},
): MatrixProps {
  return {
    name,
    namespace: {
      podSecurity: options.level ? { enforce: options.level, audit: options.level, warn: options.level } : undefined,
      quota: {
        cpu: { request: Quantity.cores(8) },
        memory: { request: Quantity.gibibytes(16) },
        pods: 60,
        ...(options.loadBalancers !== undefined ? { loadBalancers: options.loadBalancers } : {}),
        ...(options.nodePorts !== undefined ? { nodePorts: options.nodePorts } : {}),
      },
      mesh: options.mesh ? {} : undefined,
      access: { team: [Subject.group(TEAM)], deployers: [Subject.serviceAccount(DEPLOYER.name, DEPLOYER.namespace)] },
    },
    apps,
  };
}

function canary(
  name: string, routing: CanaryRouting | undefined,
  extra: { namespaceMesh?: boolean; track?: 'weighted' | 'ratio' | 'blue-green' | 'argo'; versions?: CanaryReleaseProps['versions']; weight?: number } = {},
): MatrixProps {
  const track = extra.track ?? 'weighted';
  return inNamespace(name, [{
    kind: 'CanaryRelease',
    id: 'api',
    props: {
      containers: [{ image: IMAGE, ports: [Port.http(8080)], resources: small }],
      // Replica-ratio sets the tracks' replicas itself; blue/green has no weight; Argo Rollouts runs the canary from `stable`.
      stable: track === 'ratio' ? undefined : { replicas: 3 },
      canary: track === 'argo' ? undefined : track === 'blue-green' ? { image: CANARY } : { image: CANARY, weight: extra.weight ?? 20 },
      routing,
      ...(extra.versions ? { versions: extra.versions } : {}),
      allowFrom: [NetworkPeer.sameNamespace()],
    },
  }], { mesh: extra.namespaceMesh });
}

/** The example shop exactly as `npm run synth` writes it. */
export const example: Configuration = {
  name: 'shop',
  objects: () => fromYaml(buildApp('/tmp/keelson-never-written').synthYaml()),
};

const web: MatrixApp = { kind: 'StatelessApp', id: 'web', props: { containers: [{ image: IMAGE, ports: [Port.http(8080)], resources: small }] } };

/*
 * The two public reference applications of issue 12, written with keelson props alone (no raw objects, no JSON
 * patches): both engines give the same objects (test/reference-apps.test.ts; pulumi-up.cluster.ts on the cluster).
 * Images are made-up names pinned by tag, like IMAGE above: the simulated nodes pull nothing.
 */

/** The shop's services and the container port each listens on (each call names its callee: keelson admits the pod port). */
const SHOP = {
  'frontend': 8080,
  'cart': 7070,
  'productcatalog': 3550,
  'currency': 7000,
  'payment': 50051,
  'shipping': 50051,
  'email': 8080,
  'checkout': 5050,
  'recommendation': 8080,
  'ad': 9555,
  'redis-cart': 6379,
} as const;
type ShopService = keyof typeof SHOP;

/**
 * One gRPC service of the shop: its port (probed with the gRPC health protocol, keelson's default for a gRPC port)
 * and the services it calls, each call declared once, here (issue 13): the callee admits only its callers.
 */
function grpcService(id: ShopService, calls: readonly MatrixCall[], extra: Partial<Omit<StatelessAppProps, 'name'>> = {}): MatrixApp {
  return {
    kind: 'StatelessApp',
    id,
    props: { containers: [{ image: `ghcr.io/acme/shop-${id}:1.0.0`, ports: [Port.grpc(SHOP[id])], resources: small }], allowFrom: [], ...extra },
    calls,
  };
}

/**
 * An eleven-service shop in the style of the public microservices demo, with a Redis cart store. The load generator
 * is a StatelessApp without ports, not a BatchJob: it runs for as long as the shop does (a Job runs to completion).
 */
function referenceShop(): MatrixProps {
  const goMemLimit = { GOMEMLIMIT: EnvValue.fromResource('limits.memory') };
  const frontend: MatrixApp = {
    kind: 'StatelessApp',
    id: 'frontend',
    props: {
      containers: [{ image: 'ghcr.io/acme/shop-frontend:1.0.0', ports: [Port.http(SHOP.frontend)], resources: small, env: goMemLimit }],
      autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 },
      // From outside through the platform's shared Gateway (Gateway API, the recommended entry): an HTTPRoute, and the
      // NetworkPolicy admits the Gateway's pods.
      exposure: Exposure.gatewayApi({ gateway: { name: 'public', namespace: 'gateway' }, hostnames: ['shop.example.com'], timeouts: { request: Duration.seconds(30) } }),
      allowFrom: [],
    },
    calls: ['ad', 'cart', 'checkout', 'currency', 'productcatalog', 'recommendation', 'shipping'],
  };
  return inNamespace('reference-shop', [
    frontend,
    grpcService('cart', [{ app: 'redis-cart', port: 'redis' }]),
    grpcService('productcatalog', []),
    grpcService('currency', []),
    // Payment gets Guaranteed QoS: the last pod a node under pressure evicts.
    grpcService('payment', [], { qos: 'Guaranteed' }),
    grpcService('shipping', []),
    grpcService('email', []),
    grpcService('checkout', ['productcatalog', 'shipping', 'payment', 'email', 'currency', 'cart'], {
      containers: [{ image: 'ghcr.io/acme/shop-checkout:1.0.0', ports: [Port.grpc(SHOP.checkout)], resources: small, env: goMemLimit }],
    }),
    grpcService('recommendation', ['productcatalog']),
    grpcService('ad', []),
    {
      kind: 'StatelessApp',
      id: 'loadgenerator',
      props: {
        containers: [{ image: 'ghcr.io/acme/shop-loadgenerator:1.0.0', ports: [], resources: small, env: { FRONTEND_ADDR: 'frontend:80', USERS: '10' } }],
        allowFrom: [],
      },
      calls: ['frontend'],
    },
    {
      kind: 'StatefulApp',
      id: 'redis-cart',
      props: {
        replicas: 1,
        containers: [{ image: 'ghcr.io/acme/redis:7.2.4', ports: [Port.tcp(SHOP['redis-cart'], { name: 'redis' })], resources: small }],
        storage: [{ name: 'data', mountPath: '/data', size: Quantity.gibibytes(1) }],
        allowFrom: [],
      },
    },
  ]);
}

/** The sample's ingress gateway, in its own namespace: an Istio Gateway and VirtualService for productpage, admitted by its policies. */
const ISTIO_ENTRY = Exposure.istioGateway({
  hosts: ['bookinfo.example.com'],
  selector: { istio: 'ingress' },
  gatewayPods: { namespace: 'istio-ingress', serviceAccount: 'istio-ingress' },
  mesh: true,
});

/** One HTTP service of the mesh sample, on the sample's port 9080: admits only its callers, calls the apps named. */
function meshService(id: string, calls: readonly MatrixCall[], extra: Partial<Omit<StatelessAppProps, 'name'>> = {}): MatrixApp {
  return {
    kind: 'StatelessApp',
    id,
    props: {
      containers: [{ image: `ghcr.io/acme/bookinfo-${id}:1.0.0`, ports: [Port.http(9080, { servicePort: 9080 })], resources: small }],
      allowFrom: [],
      ...extra,
    },
    calls,
  };
}

/**
 * A four-service mesh sample in the style of the public "book info" sample, in a mesh namespace: productpage calls
 * details and reviews, reviews calls ratings; reviews is a CanaryRelease routed by Istio (v1 stable, v2 canary, and
 * the sample's third version v3 as a named version: a subset and a Deployment of its own).
 */
function referenceMesh(): MatrixProps {
  const sample = inNamespace('reference-mesh', [
    // From outside through the sample's Istio ingress gateway (in its own namespace): the exposure lets it in.
    meshService('productpage', ['details', 'reviews'], { exposure: ISTIO_ENTRY }),
    meshService('details', []),
    {
      kind: 'CanaryRelease',
      id: 'reviews',
      props: {
        containers: [{ image: 'ghcr.io/acme/bookinfo-reviews-v1:1.0.0', ports: [Port.http(9080, { servicePort: 9080 })], resources: small }],
        stable: { replicas: 2 },
        canary: { image: 'ghcr.io/acme/bookinfo-reviews-v2:1.0.0', weight: 10 },
        versions: { v3: { image: 'ghcr.io/acme/bookinfo-reviews-v3:1.0.0', weight: 10 } },
        routing: CanaryRouting.istio(),
        allowFrom: [],
      },
      calls: ['ratings'],
    },
    meshService('ratings', []),
  ]);
  // Every call is declared once, on the caller: the callee's NetworkPolicy and AuthorizationPolicy for the caller's
  // ServiceAccount come with it.
  // Sidecars sized for services this small: the default limit would take the apps past the namespace's memory quota.
  return { ...sample, namespace: { ...sample.namespace, mesh: { sidecarResources: { limits: { memory: '256Mi' } } } } };
}

/** The matrix's configurations, as props. */
export const matrixProps: readonly MatrixProps[] = [
  inNamespace('stateless-min', [web]),
  inNamespace('stateless-full', [{
    kind: 'StatelessApp',
    id: 'web',
    props: {
      containers: [{
        image: IMAGE,
        ports: [Port.http(8080), Port.grpc(9090)],
        resources: { cpu: { request: Quantity.millicores(100), limit: Quantity.cores(1) }, memory: { request: Quantity.mebibytes(128) } },
        startup: Probe.http('/health', { failureThreshold: 30 }),
      }],
      autoscaling: { minReplicas: 2, maxReplicas: 6 },
      exposure: Exposure.ingress({ hosts: ['web.example.com'], className: 'nginx', tlsSecretName: 'web-tls' }),
      allowFrom: [NetworkPeer.sameNamespace(), NetworkPeer.namespace('monitoring')],
      allowTo: [NetworkEgress.to(NetworkPeer.pods({ 'app.kubernetes.io/name': 'db' }), 5432)],
    },
  }]),
  // Scheduling, identity and pull secrets (issue 12): constraints the simulated nodes meet (amd64, zones test-1a..c),
  // a named ServiceAccount, and a second app on the namespace's existing `default` ServiceAccount.
  // Autoscaling (issue 12): every kind of HPA metric (no metrics adapter runs here: the API server checks the
  // objects, the HPA controller still scales to the minimum).
  inNamespace('stateless-autoscaling-metrics', [{
    kind: 'StatelessApp',
    id: 'web',
    props: {
      containers: [{ name: 'app', image: IMAGE, ports: [Port.http(8080)], resources: small }],
      autoscaling: {
        maxReplicas: 4,
        cpuUtilization: 75,
        metrics: [
          Metric.pods('http_requests_per_second', { averageValue: '100', selector: { route: 'checkout' } }),
          Metric.object('requests_per_second', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' }, { value: Quantity.parse('2k') }),
          Metric.external('queue_messages_ready', { averageValue: '30', selector: { queue: 'orders' } }),
          Metric.containerResource('memory', 'app', { averageValue: '48Mi' }),
        ],
        scaleUp: { stabilizationWindow: Duration.seconds(30), selectPolicy: 'Max', policies: [{ type: 'Percent', value: 200, period: Duration.minutes(1) }, { type: 'Pods', value: 2, period: Duration.seconds(60) }] },
        scaleDown: { stabilizationWindow: Duration.minutes(10), selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, period: Duration.minutes(30) }] },
      },
    },
  }]),
  // A VPA beside an HPA on a custom metric alone (the VPA CRD is installed by cluster.sh), and one on memory beside an HPA on CPU.
  inNamespace('stateless-autoscaling-vpa', [{
    kind: 'StatelessApp',
    id: 'web',
    props: {
      containers: [{ image: IMAGE, ports: [Port.http(8080)], resources: small }],
      autoscaling: { maxReplicas: 4, metrics: [Metric.pods('http_requests_per_second', { averageValue: '100' })] },
      verticalAutoscaling: { mode: 'Initial', controlledValues: 'RequestsOnly', minAllowed: { cpu: '25m' }, maxAllowed: { cpu: '500m', memory: '256Mi' } },
    },
  }, {
    kind: 'StatelessApp',
    id: 'worker',
    props: {
      containers: [{ image: IMAGE, resources: small }],
      autoscaling: { maxReplicas: 3 },
      verticalAutoscaling: { mode: 'Off', controlledResources: ['memory'] },
    },
  }]),
  inNamespace('stateless-scheduling', [{
    kind: 'StatelessApp',
    id: 'web',
    props: {
      containers: [{ image: IMAGE, ports: [Port.http(8080)], resources: small, writablePaths: ['/tmp', '/var/cache/web'] }],
      serviceAccount: { name: 'web-runner', annotations: { 'iam.gke.io/gcp-service-account': 'web@acme.iam.gserviceaccount.com' } },
      imagePullSecrets: ['registry-creds'],
      nodeSelector: { 'kubernetes.io/arch': 'amd64' },
      tolerations: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }, { key: 'example.com/flaky', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: Duration.seconds(60) }],
      nodeAffinity: {
        required: [{ match: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['test-1a', 'test-1b', 'test-1c'] }, { key: 'kubernetes.io/os', operator: 'Exists' }] }],
        preferred: [{ weight: 20, match: [{ key: 'example.com/cores', operator: 'Gt', values: ['2'] }] }],
      },
      podAffinity: { preferred: [{ weight: 50, topologyKey: 'topology.kubernetes.io/zone', labels: { 'app.kubernetes.io/name': 'worker' } }] },
      podAntiAffinity: { required: [{ topologyKey: 'kubernetes.io/hostname', match: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['batch'] }] }] },
      spot: true,
    },
  }, {
    kind: 'StatelessApp',
    id: 'worker',
    props: {
      containers: [{ image: IMAGE, ports: [], resources: small, liveness: Probe.exec(['/bin/true']) }],
      serviceAccount: { existing: 'default' },
      spot: { taints: [{ key: 'example.com/pool', value: 'spot', effect: 'NoSchedule' }] },
    },
  }]),
  // Batch work (issue 12): a Job that waits for an init container and may reach the database, and a
  // CronJob (yearly: it starts no run while the suite looks) with every CronJob setting.
  inNamespace('batch', [{
    kind: 'BatchJob',
    id: 'migrate',
    props: {
      containers: [{ image: IMAGE, command: ['/migrate'], resources: small }],
      initContainers: [{ name: 'wait', image: IMAGE, command: ['/wait'], resources: small }],
      allowTo: [NetworkEgress.to(NetworkPeer.pods({ 'app.kubernetes.io/name': 'db' }), 5432)],
      completions: 2,
      parallelism: 2,
      nonRetryableExitCodes: [2],
      tolerations: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }],
    },
  }, {
    kind: 'BatchJob',
    id: 'report',
    props: {
      containers: [{ image: IMAGE, resources: small }],
      schedule: '0 3 1 1 *',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Replace',
      startingDeadline: Duration.minutes(10),
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 2,
      restartPolicy: 'OnFailure',
      serviceAccount: { existing: 'default' },
    },
  }]),
  // Volumes (issue 12): ConfigMap and Secret files (items, modes), a projected volume, sized and memory emptyDirs,
  // a generic ephemeral volume (bound from the ssd pool), and existing claims: ReadWriteMany shared by a
  // Deployment's pods, ReadWriteOnce for a one-replica StatefulSet. The objects they mount are made with them.
  {
    ...inNamespace('stateless-volumes', [{
      kind: 'StatelessApp',
      id: 'web',
      props: {
        containers: [{
          image: IMAGE,
          ports: [Port.http(8080)],
          resources: small,
          volumeMounts: [
            { path: '/etc/web', volume: Volume.configMap('web-config', { items: { 'web.yaml': 'conf/web.yaml', 'flags': { path: 'flags', mode: 0o440 } } }) },
            { path: '/var/run/tls', volume: Volume.secret('web-tls', { defaultMode: 0o440 }) },
            {
              path: '/etc/bundle',
              volume: Volume.projected('bundle', [
                ProjectedSource.configMap('web-config', { items: { 'web.yaml': 'web.yaml' } }),
                ProjectedSource.secret('web-tls', { items: { 'tls.crt': 'tls.crt' } }),
                ProjectedSource.downwardAPI({ labels: 'metadata.labels', namespace: 'metadata.namespace' }),
              ], { defaultMode: 0o444 }),
            },
            { path: '/etc/optional', volume: Volume.configMap('not-made', { optional: true }) },
            { path: '/var/cache/web', volume: Volume.emptyDir('cache', { size: Quantity.gibibytes(1) }) },
            { path: '/dev/shm', volume: Volume.emptyDir('shm', { size: Quantity.mebibytes(16), medium: 'Memory' }) },
            { path: '/scratch', volume: Volume.ephemeral('scratch', { size: Quantity.gibibytes(1), storageClassName: 'ssd' }) },
            { path: '/srv/content', volume: Volume.persistentVolumeClaim('shared-content', { accessMode: 'ReadWriteMany' }) },
          ],
        }],
      },
    }, {
      kind: 'StatefulApp',
      id: 'db',
      props: {
        replicas: 1,
        containers: [{
          image: IMAGE,
          ports: [Port.tcp(5432)],
          resources: small,
          volumeMounts: [
            { path: '/etc/db', volume: Volume.configMap('web-config') },
            { path: '/backup', volume: Volume.persistentVolumeClaim('db-backup') },
          ],
        }],
        storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1) }],
      },
    }]),
    objects: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config' }, data: { 'web.yaml': 'listen: 8080\n', 'flags': 'fast' } },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'web-tls' },
        type: 'Opaque',
        data: { 'tls.crt': Buffer.from('not a certificate').toString('base64'), 'tls.key': Buffer.from('not a key').toString('base64') },
      },
      claim('shared-content', 'ReadWriteMany'),
      claim('db-backup', 'ReadWriteOnce'),
    ],
  },
  // Resources, QoS, probes and security opt-ins (issue 12): Guaranteed pods with local disk, an explicit no-memory-limit worker.
  inNamespace('stateless-qos-security', [{
    kind: 'StatelessApp',
    id: 'web',
    props: {
      qos: 'Guaranteed',
      containers: [{
        image: IMAGE,
        ports: [Port.http(8080)],
        readiness: Probe.http('/ping', { headers: { 'Host': 'web.example.com', 'X-Probe': 'kubelet' } }),
        resources: { ...small, ephemeralStorage: { request: Quantity.mebibytes(256), limit: Quantity.gibibytes(1) } },
        env: {
          GOMAXPROCS: EnvValue.fromResource('limits.cpu'),
          GOMEMLIMIT: EnvValue.fromResource('limits.memory'),
          DISK_MIB: EnvValue.fromResource('limits.ephemeral-storage', { divisor: '1Mi' }),
          POD_NAME: EnvValue.fromField('metadata.name'),
          TEAM: EnvValue.fromField("metadata.labels['app.kubernetes.io/name']"),
        },
      }],
      initContainers: [{ name: 'prepare', image: IMAGE, resources: { cpu: { limit: Quantity.millicores(20) }, memory: { request: Quantity.mebibytes(32) } } }],
      securityContext: { seccompProfile: { localhost: 'profiles/web.json' }, appArmorProfile: 'RuntimeDefault' },
    },
  }, {
    kind: 'StatelessApp',
    id: 'worker',
    props: {
      containers: [{ image: IMAGE, ports: [Port.http(80)], addCapabilities: ['NET_BIND_SERVICE'], resources: { ...small, memory: { request: Quantity.mebibytes(64), limit: 'none' } } }],
      securityContext: { platformAssignedIds: true },
    },
  }]),
  // The root-image opt-in (issue 12): acknowledged risks, in a namespace at Pod Security baseline.
  inNamespace('stateless-qos-security-baseline', [{
    kind: 'StatelessApp',
    id: 'legacy',
    props: {
      containers: [{ image: IMAGE, ports: [Port.http(80)], resources: small, addCapabilities: ['NET_BIND_SERVICE', 'CHOWN', 'SETUID', 'SETGID'] }],
      securityContext: { runAsUser: 0, runAsGroup: 0, appArmorProfile: 'RuntimeDefault' },
      acknowledgeRisks: ['run-as-root', 'baseline-capabilities'],
    },
  }], { level: 'baseline' }),
  inNamespace('stateful-default', [{
    kind: 'StatefulApp',
    id: 'db',
    props: {
      replicas: 3,
      containers: [{ image: IMAGE, ports: [Port.tcp(5432, { name: 'postgres' })], resources: small }],
      storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1) }],
    },
  }]),
  inNamespace('stateful-options', [{
    kind: 'StatefulApp',
    id: 'db',
    props: {
      replicas: 5,
      containers: [{ image: IMAGE, ports: [Port.tcp(2379, { name: 'client' }), Port.tcp(2380, { name: 'peer', expose: false })], resources: small }],
      storage: [
        { name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(2), storageClassName: 'ssd' },
        { name: 'wal', mountPath: '/var/lib/wal', size: Quantity.gibibytes(1) },
      ],
      podManagementPolicy: 'Parallel',
      updatePartition: 2,
      volumeRetention: { whenDeleted: 'Delete', whenScaled: 'Retain' },
      disruptionBudget: { quorum: true },
      verticalAutoscaling: { mode: 'Initial', maxAllowed: { cpu: Quantity.cores(2), memory: Quantity.gibibytes(4) } },
      minReady: Duration.seconds(5),
      revisionHistoryLimit: 5,
      allowTo: [],
    },
  }]),
  inNamespace('stateful-hpa', [{
    kind: 'StatefulApp',
    id: 'cache',
    props: {
      replicas: 2,
      containers: [{ image: IMAGE, ports: [Port.tcp(6379, { name: 'redis' })], resources: small }],
      autoscaling: { maxReplicas: 4 },
    },
  }]),
  canary('canary-istio', undefined, { namespaceMesh: true }),
  canary('canary-istio-v1beta1', CanaryRouting.istio({
    apiVersion: 'v1beta1',
    // A path prefix is a uri regex on Istio (whole segments, as the Gateway API's PathPrefix).
    match: [CanaryMatch.headerExact('x-canary', 'always'), CanaryMatch.cookie('canary', 'yes'), CanaryMatch.pathPrefix('/v2/')],
    retries: { attempts: 2, perTryTimeout: Duration.seconds(2), retryOn: '5xx,reset' },
    timeout: Duration.seconds(10),
  }), { namespaceMesh: true }),
  canary('canary-nginx', CanaryRouting.ingressNginx({ hosts: ['api.example.com'], header: 'x-canary' })),
  canary('canary-gateway', CanaryRouting.gatewayApi({
    gateway: 'infra/public',
    hostnames: ['api.example.com'],
    controllerNamespace: 'infra',
    // Every HTTPRouteMatch kind the routing emits, against the pinned HTTPRoute CRD's schema and CEL rules.
    headers: { 'x-canary': 'always' },
    match: [CanaryMatch.headerRegex('x-user-group', 'beta-.*'), CanaryMatch.pathExact('/beta'), CanaryMatch.pathPrefix('/v2/')],
    timeouts: { request: Duration.seconds(30), backendRequest: Duration.millis(1500) },
  })),
  // Request mirroring (the shadow phase, canary at weight 0): the RequestMirror filter's percent, and a fraction for a
  // share with decimals, against the pinned HTTPRoute CRD (its CEL rules); Istio's mirror and mirrorPercentage likewise.
  canary('canary-mirror-gateway', CanaryRouting.gatewayApi({
    gateway: 'infra/public', hostnames: ['mirror.example.com'], controllerNamespace: 'infra', headers: { 'x-canary': 'always' }, mirrorPercent: 25,
  }), { weight: 0 }),
  canary('canary-mirror-gateway-fraction', CanaryRouting.gatewayApi({ gateway: 'infra/public', mirrorPercent: 0.5 }), { versions: { v3: { image: 'ghcr.io/acme/app:1.2.0', weight: 10 } } }),
  canary('canary-mirror-istio', CanaryRouting.istio({ mirrorPercent: 12.5 }), { namespaceMesh: true, weight: 0 }),
  canary('canary-traefik', CanaryRouting.traefik({ hosts: ['api.example.com', '*.api.example.org'], entryPoints: ['websecure'], tlsSecretName: 'api-tls' })),
  // Named versions (issue 13) over Gateway API: a Service per version as a weighted backendRef (Istio's: reference-mesh).
  canary('canary-gateway-versions', CanaryRouting.gatewayApi({ gateway: 'infra/public', hostnames: ['versions.example.com'], controllerNamespace: 'infra' }), {
    versions: { v3: { image: 'ghcr.io/acme/app:1.2.0', weight: 10 } },
  }),
  canary('canary-replicas', CanaryRouting.replicaRatio({ totalReplicas: 5 }), { track: 'ratio' }),
  canary('canary-bluegreen', CanaryRouting.blueGreen(), { track: 'blue-green' }),
  canary('canary-argo', CanaryRouting.argoRollouts({ steps: [10, 50], pause: Duration.seconds(30) }), { namespaceMesh: true, track: 'argo' }),
  // Metric analysis with every option set (the default analysis is in canary-argo): the AnalysisTemplate against Argo's CRD.
  canary('canary-argo-analysis', CanaryRouting.argoRollouts({
    steps: [20],
    pause: 'manual',
    analysis: {
      prometheusAddress: 'https://prometheus.example.com',
      minSuccessRate: 0.995,
      latencyPercentile: 95,
      maxLatency: Duration.millis(250),
      interval: Duration.minutes(2),
      failureLimit: 2,
      queries: { latency: 'histogram_quantile(0.95, sum by (le) (rate(http_server_duration_seconds_bucket{version="{{args.canary-version}}"}[2m])))' },
    },
  }), { namespaceMesh: true, track: 'argo' }),
  // Argo Rollouts over ingress-nginx and over the Gateway API (its plugin): the Rollout, the stable Ingress / the HTTPRoute, two Services.
  // The host "*": the Ingress's one rule and its TLS entry name no host (every host).
  canary('canary-argo-nginx', CanaryRouting.argoRolloutsIngressNginx({ hosts: ['*'], tlsSecretName: 'api-tls', steps: [10, 50] }), { track: 'argo' }),
  canary('canary-argo-gateway', CanaryRouting.argoRolloutsGatewayApi({
    gateway: 'infra/public', hostnames: ['argo.example.com'], controllerNamespace: 'infra', pause: 'manual',
  }), { track: 'argo' }),
  // Flagger (issue 13): one Deployment and the Canary (gatewayRefs, hosts, default analysis) against Flagger's CRD.
  canary('canary-flagger', CanaryRouting.flagger({ provider: 'gatewayapi:v1', gateway: 'infra/public', hosts: ['flagger.example.com'] }), { track: 'argo' }),
  inNamespace('ns-mesh', [web], { mesh: true }),
  // Exposure (issue 12): a LoadBalancer (stays pending without a cloud controller: accepted is enough), fixed node ports
  // (the API server allocates the others), a StatefulApp's client Service as a NodePort, granted by the namespace's quota.
  inNamespace('stateless-loadbalancer', [{
    kind: 'StatelessApp',
    id: 'web',
    props: {
      containers: [{ image: IMAGE, ports: [Port.http(8080), Port.grpc(9090)], resources: small }],
      exposure: Exposure.loadBalancer({
        sourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
        annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' },
        nodePorts: { http: 30880 },
      }),
    },
  }, {
    kind: 'StatefulApp',
    id: 'db',
    props: {
      replicas: 1,
      containers: [{ image: IMAGE, ports: [Port.tcp(5432, { name: 'postgres' })], resources: small }],
      storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1) }],
      exposure: Exposure.nodePort({ externalTrafficPolicy: 'Cluster' }),
      acknowledgeRisks: ['ingress-from-any-address'],
    },
  }], { loadBalancers: 1, nodePorts: 3 }),
  // The mesh entry: an exposed app in a mesh namespace (PeerAuthentication and AuthorizationPolicy <name>-exposure).
  inNamespace('mesh-loadbalancer', [{
    kind: 'StatelessApp',
    id: 'web',
    props: {
      containers: [{ image: IMAGE, ports: [Port.http(8080)], resources: small }],
      exposure: Exposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'], allocateNodePorts: false, mesh: true }),
    },
  }], { mesh: true, loadBalancers: 1 }),
  // Gateway exposures (issue 13): a GRPCRoute on a shared Gateway with its own gateway pods, a StatefulApp's client Service
  // behind an HTTPRoute, and an Istio gateway joining an Istio-routed release's VirtualService, in a mesh namespace.
  inNamespace('exposure-gateways', [{
    kind: 'StatelessApp',
    id: 'grpc',
    props: {
      containers: [{ image: IMAGE, ports: [Port.grpc(9090)], resources: small }],
      exposure: Exposure.gatewayApi({
        gateway: { name: 'public', namespace: 'gateway', sectionName: 'grpc' },
        hostnames: ['grpc.example.com'],
        matches: [{ headers: { 'x-tenant': 'acme' } }],
        gatewayPods: { labels: { app: 'edge' } },
        mesh: true,
      }),
    },
  }, {
    kind: 'StatefulApp',
    id: 'db',
    props: {
      replicas: 1,
      containers: [{ image: IMAGE, ports: [Port.http(8123)], resources: small }],
      storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1) }],
      exposure: Exposure.gatewayApi({
        gateway: { name: 'public', namespace: 'gateway' },
        hostnames: ['db.example.com'],
        matches: [{ path: { type: 'Exact', value: '/query' } }],
        timeouts: { request: Duration.seconds(20), backendRequest: Duration.seconds(5) },
        mesh: true,
      }),
    },
  }, {
    kind: 'CanaryRelease',
    id: 'api',
    props: {
      containers: [{ image: IMAGE, ports: [Port.http(8080)], resources: small }],
      stable: { replicas: 2 },
      canary: { image: CANARY, weight: 20 },
      routing: CanaryRouting.istio(),
      exposure: Exposure.istioGateway({ hosts: ['api.example.com'], tls: { credentialName: 'api-tls' }, mesh: true }),
    },
  }], { mesh: true }),
  // The Ingress exposure in a mesh namespace: a StatelessApp's Ingress (a non-nginx class, its controller's namespace
  // admitted) and a StatefulApp's Ingress to its client Service, each with the mesh entry (PERMISSIVE and ALLOW on the routed port).
  inNamespace('exposure-ingress', [{
    kind: 'StatelessApp',
    id: 'web',
    props: {
      containers: [{ image: IMAGE, ports: [Port.http(8080), Port.grpc(9090)], resources: small }],
      exposure: Exposure.ingress({
        hosts: ['web.example.com', '*.web.example.com'],
        path: '/shop',
        className: 'traefik',
        controllerNamespace: 'traefik',
        tlsSecretName: 'web-tls',
        annotations: { 'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure' },
        mesh: true,
      }),
    },
  }, {
    kind: 'StatefulApp',
    id: 'db',
    props: {
      replicas: 1,
      containers: [{ image: IMAGE, ports: [Port.http(8123), Port.tcp(9000, { name: 'native' })], resources: small }],
      storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1) }],
      exposure: Exposure.ingress({ hosts: ['db.example.com'], className: 'nginx', mesh: true }),
    },
  }], { mesh: true }),
  ...(['restricted', 'baseline', 'privileged'] as const).map((level) => inNamespace(`psa-${level}`, [web], { level })),
  referenceShop(),
  referenceMesh(),
  callsMesh(),
];

/**
 * Calls declared once (issue 13), in a mesh: each caller's egress, and in the callee's namespace a NetworkPolicy and an
 * AuthorizationPolicy for the caller's ServiceAccount, on the pod port the named Service port sends to.
 */
function callsMesh(): MatrixProps {
  const m = inNamespace('calls-mesh', [
    { kind: 'StatelessApp', id: 'api', props: { containers: [{ image: IMAGE, ports: [Port.http(8080), Port.grpc(9090, { servicePort: 50051 })], resources: small }], allowFrom: [] } },
    { kind: 'StatefulApp', id: 'db', props: { replicas: 1, containers: [{ image: IMAGE, ports: [Port.tcp(5432, { name: 'postgres' })], resources: small }], allowFrom: [] } },
    { kind: 'CanaryRelease', id: 'reviews', props: { ...canary('x', CanaryRouting.istio()).apps[0].props as Omit<CanaryReleaseProps, 'name'>, allowFrom: [] } },
    { kind: 'StatelessApp', id: 'web', props: { ...web.props, serviceAccount: { name: 'frontend' } }, calls: [{ app: 'api', port: 'grpc' }, 'db', 'reviews'] },
    { kind: 'BatchJob', id: 'report', props: { containers: [{ image: IMAGE, resources: small }], schedule: '@daily' }, calls: ['api'] },
  ], { mesh: true });
  // Sidecars sized for apps this small, as in the mesh sample: the default limit would exceed the memory quota.
  return { ...m, namespace: { ...m.namespace, mesh: { sidecarResources: { limits: { memory: '256Mi' } } } } };
}

/** An existing claim the apps of a configuration mount, from the default StorageClass's pool. */
function claim(name: string, mode: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: [mode], resources: { requests: { storage: '1Gi' } } },
  };
}

/** A configuration built with the cdk8s constructs, in the SecureNamespace's scope. */
export function cdk8sConfiguration(m: MatrixProps): Configuration {
  return {
    name: m.name,
    objects: () => synth((chart: Chart) => {
      const ns = new SecureNamespace(chart, m.name, m.namespace);
      for (const o of m.objects ?? []) new ApiObject(ns, `${o.kind}-${o.metadata.name}`, { ...o, metadata: { ...o.metadata, namespace: m.name } } as never);
      buildApps(m.apps, (app, props) => {
        if (app.kind === 'StatelessApp') return new StatelessApp(ns, app.id, props as StatelessAppProps);
        if (app.kind === 'StatefulApp') return new StatefulApp(ns, app.id, props as StatefulAppProps);
        if (app.kind === 'BatchJob') return new BatchJob(ns, app.id, props as BatchJobProps);
        return new CanaryRelease(ns, app.id, props as CanaryReleaseProps);
      });
    }),
  };
}

export const matrix: readonly Configuration[] = matrixProps.map(cdk8sConfiguration);
