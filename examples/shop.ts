import {
  CanaryMatch,
  CanaryReleaseProps,
  CanaryRouting,
  ConfigReference,
  Duration,
  EnvValue,
  NetworkEgress,
  NetworkPeer,
  Port,
  Probe,
  Quantity,
  SecureNamespaceProps,
  StatefulAppProps,
  StatelessAppProps,
  Subject, Exposure,
} from '../lib';

/**
 * The example shop's apps, as engine-neutral props: the cdk8s app (examples/cdk8s/main.ts) and
 * the Pulumi program (examples/pulumi/index.ts) pass the very same objects, and the tests check
 * that both engines produce the same manifests from them.
 */
export const NAMESPACE = 'shop';

/**
 * The shop team's namespace: Pod Security `restricted`, default-deny NetworkPolicies with DNS
 * allowed, keelson's read-only Role for the team and its deployer Role (the kinds keelson emits, no
 * Secrets, no exec) for its CI identity, mutual TLS. The quota
 * is sized for the apps below at their peak, each pod with its Istio sidecar (web at 12 replicas
 * plus its rollout surge and the replaced pods still terminating, etcd, both api tracks with
 * theirs: 29 pods, 9450m CPU requested, 17152Mi memory limits, which the memory quota also caps);
 * keelson checks at synth that they fit.
 */
export const shopNamespace: Omit<SecureNamespaceProps, 'name'> = {
  partOf: 'shop',
  quota: { cpu: { request: Quantity.cores(10) }, memory: { request: Quantity.gibibytes(18) }, pods: 40 },
  // Prometheus scrapes every pod.
  network: { allowFrom: [NetworkPeer.namespace('monitoring')] },
  access: { team: [Subject.group('shop-developers')], deployers: [Subject.serviceAccount('shop-deployer', 'ci')] },
  // The api's canary split is Istio's, so the shop runs in the mesh (with Istio's CNI plugin: the
  // restricted profile forbids istio-init's capabilities); ingress-nginx has sidecars too.
  mesh: {
    allowFromNamespaces: [NAMESPACE, 'ingress-nginx'],
    // What the cluster's mesh sets in global.proxy.resources; every pod carries one proxy.
    sidecarResources: {
      requests: { cpu: Quantity.millicores(50), memory: Quantity.mebibytes(64) },
      limits: { cpu: Quantity.cores(1), memory: Quantity.mebibytes(256) },
    },
  },
};

/** Non-secret settings, hashed into the pods so a change rolls them. */
export const webSettings = ConfigReference.configMap('web-settings', { data: { LOG_LEVEL: 'info', FEATURE_SEARCH: 'on' } });

/** A web frontend behind an Ingress, autoscaled on CPU, reading a ConfigMap key and a Secret key. */
export const web: Omit<StatelessAppProps, 'name'> = {
  partOf: 'shop',
  component: 'frontend',
  containers: [{
    image: 'ghcr.io/acme/shop-web:2.4.1',
    ports: [Port.http(8080)],
    env: {
      LOG_LEVEL: EnvValue.fromConfigMap(webSettings, 'LOG_LEVEL'),
      SESSION_KEY: EnvValue.fromSecret('web-session', 'key'),
      POD_NAMESPACE: EnvValue.fromField('metadata.namespace'),
    },
    resources: {
      // A CPU limit is opt-in; set here so the example passes checkers that demand one.
      cpu: { request: Quantity.millicores(250), limit: Quantity.cores(1) },
      memory: { request: Quantity.mebibytes(256) },
    },
    // Up to 60s to start before liveness takes over, without delaying every restart.
    startup: Probe.http('/health', { failureThreshold: 30, period: Duration.seconds(2) }),
  }],
  autoscaling: { minReplicas: 3, maxReplicas: 12 },
  exposure: Exposure.ingress({ hosts: ['shop.example.com'], className: 'nginx', tlsSecretName: 'shop-example-com-tls' }),
  allowFrom: [NetworkPeer.sameNamespace(), NetworkPeer.namespace('monitoring')],
  // Governs egress too: the shop's API pods on 8080, etcd's clients port and DNS, nothing else.
  allowTo: [
    NetworkEgress.to(NetworkPeer.pods({ 'app.kubernetes.io/name': 'api' }), 8080),
    NetworkEgress.to(NetworkPeer.pods({ 'app.kubernetes.io/name': 'etcd' }), 2379),
  ],
};

/** The etcd cluster's members, by their stable per-pod DNS names. */
const etcdPeers = [0, 1, 2].map((i) => `etcd-${i}=http://etcd-${i}.etcd-headless.${NAMESPACE}.svc.cluster.local:2380`).join(',');

/**
 * A 3-member etcd cluster (a consensus database): stable identities through the headless Service,
 * one volume per member kept on scale-down and delete, a PDB that keeps the quorum, and a VPA
 * that only recommends sizes.
 */
export const etcd: Omit<StatefulAppProps, 'name'> = {
  partOf: 'shop',
  component: 'database',
  replicas: 3,
  containers: [{
    image: 'quay.io/coreos/etcd:v3.5.17',
    command: ['etcd'],
    // Peers talk on 2380 through the headless Service only; clients get 2379.
    ports: [Port.tcp(2379, { name: 'client' }), Port.tcp(2380, { name: 'peer', expose: false })],
    env: {
      ETCD_NAME: EnvValue.fromField('metadata.name'),
      ETCD_DATA_DIR: '/var/lib/etcd/data',
      ETCD_LISTEN_CLIENT_URLS: 'http://0.0.0.0:2379',
      ETCD_LISTEN_PEER_URLS: 'http://0.0.0.0:2380',
      ETCD_ADVERTISE_CLIENT_URLS: `http://$(ETCD_NAME).etcd-headless.${NAMESPACE}.svc.cluster.local:2379`,
      ETCD_INITIAL_ADVERTISE_PEER_URLS: `http://$(ETCD_NAME).etcd-headless.${NAMESPACE}.svc.cluster.local:2380`,
      ETCD_INITIAL_CLUSTER: etcdPeers,
      ETCD_INITIAL_CLUSTER_STATE: 'new',
    },
    resources: {
      cpu: { request: Quantity.millicores(500), limit: Quantity.cores(2) },
      memory: { request: Quantity.gibibytes(1) },
    },
    // etcd's own health endpoint; a member replaying a large WAL gets up to 5 minutes to start.
    readiness: Probe.http('/readyz', { port: 2379 }),
    liveness: Probe.http('/livez', { port: 2379 }),
    startup: Probe.http('/livez', { port: 2379, failureThreshold: 60, period: Duration.seconds(5) }),
  }],
  storage: [{ name: 'data', mountPath: '/var/lib/etcd', size: Quantity.gibibytes(20), storageClassName: 'ssd' }],
  // Members bootstrap together: Parallel lets all three start and find each other.
  podManagementPolicy: 'Parallel',
  disruptionBudget: { quorum: true },
  verticalAutoscaling: { maxAllowed: { cpu: Quantity.cores(4), memory: Quantity.gibibytes(8) } },
  allowFrom: [NetworkPeer.pods({ 'app.kubernetes.io/name': 'web' })],
  // Governs egress: DNS and the other members (the namespace denies everything else).
  allowTo: [],
};

/**
 * The shop's API mid-release: 2.1.0 is stable, 2.2.0 takes 10% of requests through Istio, and
 * internal testers (header `x-shop-canary: always`) always reach the canary.
 */
export const api: Omit<CanaryReleaseProps, 'name'> = {
  partOf: 'shop',
  component: 'api',
  containers: [{
    image: 'ghcr.io/acme/shop-api:2.1.0',
    ports: [Port.http(8080)],
    resources: { cpu: { request: Quantity.millicores(250), limit: Quantity.cores(1) }, memory: { request: Quantity.mebibytes(256) } },
  }],
  stable: { replicas: 3 },
  canary: { image: 'ghcr.io/acme/shop-api:2.2.0', weight: 10 },
  routing: CanaryRouting.istio({
    match: [CanaryMatch.headerExact('x-shop-canary', 'always')],
    retries: { attempts: 2, perTryTimeout: Duration.seconds(2), retryOn: '5xx,reset,connect-failure' },
    timeout: Duration.seconds(10),
  }),
  allowFrom: [NetworkPeer.pods({ 'app.kubernetes.io/name': 'web' })],
};
