/**
 * Determinism (same props ⇒ identical output) and upgrade safety (changing what changes between
 * releases never changes a selector or an object name) for the core builder.
 */
import {
  ConfigReference,
  Duration,
  EnvValue,
  NetworkPeer,
  Port,
  Probe,
  Quantity,
  StatelessAppManifest,
  StatelessAppProps,
  buildStatelessApp, Exposure,
} from '../../lib';

const full = (): StatelessAppProps => ({
  name: 'shop-web',
  namespace: 'shop',
  component: 'frontend',
  partOf: 'shop',
  labels: { team: 'storefront' },
  containers: [
    {
      image: 'ghcr.io/acme/shop-web:2.4.1',
      ports: [Port.http(8080), Port.grpc(9000, { servicePort: 9000 })],
      env: {
        B: 'second',
        A: EnvValue.fromConfigMap(ConfigReference.configMap('settings', { data: { z: '1', a: '2' } }), 'a'),
        S: EnvValue.fromSecret(ConfigReference.secret('creds', { revision: '3' }), 'token'),
      },
      resources: { cpu: { request: Quantity.millicores(250), limit: '1' }, memory: { request: '256Mi' } },
      startup: Probe.http('/health', { failureThreshold: 30 }),
    },
    { name: 'proxy', image: 'envoyproxy/envoy:v1.30.1', ports: [Port.http(9901, { name: 'admin', expose: false })] },
  ],
  autoscaling: { minReplicas: 3, maxReplicas: 9, memoryUtilization: 75 },
  exposure: Exposure.ingress({ hosts: ['shop.example.com'], tlsSecretName: 'shop-tls' }),
  allowFrom: [NetworkPeer.sameNamespace(), NetworkPeer.namespace('monitoring')],
  topologySpread: { zones: 'hard' },
});

describe('determinism', () => {
  it('builds deep-equal, byte-identical output twice from the same props', () => {
    const a = buildStatelessApp(full());
    const b = buildStatelessApp(full());
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('builds identical output from one props object used twice (no state kept between builds)', () => {
    const props = full();
    expect(JSON.stringify(buildStatelessApp(props))).toBe(JSON.stringify(buildStatelessApp(props)));
  });

  it('returns fresh objects: mutating one result does not leak into the next', () => {
    const props = full();
    const a = buildStatelessApp(props);
    (a.deployment.spec!.selector.matchLabels as Record<string, string>).x = 'y';
    a.deployment.spec!.template.spec!.containers[0].image = 'tampered:1';
    const b = buildStatelessApp(props);
    expect(b.deployment.spec!.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'shop-web', 'app.kubernetes.io/instance': 'shop-web' });
    expect(b.deployment.spec!.template.spec!.containers[0].image).toBe('ghcr.io/acme/shop-web:2.4.1');
  });

  it('hashes referenced config independently of key order', () => {
    const build = (data: Record<string, string>) => buildStatelessApp({
      name: 'web',
      containers: [{ image: 'nginx:1.27', env: { X: EnvValue.fromConfigMap(ConfigReference.configMap('cm', { data }), 'x') } }],
    }).deployment.spec!.template.metadata!.annotations!['keelson.dev/config-hash'];
    expect(build({ a: '1', b: '2' })).toBe(build({ b: '2', a: '1' }));
    expect(build({ a: '1', b: '2' })).not.toBe(build({ a: '1', b: '3' }));
  });

  it('keeps the order of env variables as given (so $(VAR) references work)', () => {
    const m = buildStatelessApp(full());
    expect(m.deployment.spec!.template.spec!.containers[0].env!.map((e) => e.name)).toEqual(['B', 'A', 'S']);
  });
});

/** Everything that must never change across releases. */
function identity(m: StatelessAppManifest) {
  return {
    names: m.objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).filter((n) => !n.startsWith('HorizontalPodAutoscaler/') && !n.startsWith('Ingress/')),
    deploymentSelector: m.deployment.spec!.selector,
    serviceSelector: m.service?.spec?.selector,
    pdbSelector: m.podDisruptionBudget.spec!.selector,
    networkPolicySelector: m.networkPolicy.spec!.podSelector,
    // Distinct selectors of the spread constraints (turning a spread off removes a constraint, not a selector).
    spreadSelectors: [...new Set((m.deployment.spec!.template.spec!.topologySpreadConstraints ?? []).map((t) => JSON.stringify(t.labelSelector)))],
    serviceAccountName: m.deployment.spec!.template.spec!.serviceAccountName,
    serviceName: m.service?.metadata!.name,
    selector: m.selector,
  };
}

describe('upgrade safety: what changes between releases never changes selectors or names', () => {
  const base = full();
  const [main, proxy] = base.containers;
  const changes: Record<string, StatelessAppProps> = {
    'image tag': { ...base, containers: [{ ...main, image: 'ghcr.io/acme/shop-web:2.5.0' }, proxy] },
    'image digest': { ...base, containers: [{ ...main, image: `ghcr.io/acme/shop-web@sha256:${'f'.repeat(64)}` }, proxy] },
    'image registry': { ...base, containers: [{ ...main, image: 'registry.local:5000/acme/shop-web:2.4.1' }, proxy] },
    'version label': { ...base, version: '2024-07-01' },
    'replicas instead of autoscaling': { ...base, autoscaling: undefined, replicas: 7 },
    'autoscaling bounds and targets': { ...base, autoscaling: { minReplicas: 2, maxReplicas: 30, cpuUtilization: 50, scaleDownStabilization: Duration.minutes(1) } },
    'resources': { ...base, containers: [{ ...main, resources: { cpu: { request: '2' }, memory: { request: '2Gi', limit: '4Gi' } } }, proxy] },
    'env values': { ...base, containers: [{ ...main, env: { NEW: 'value' } }, proxy] },
    'config data': { ...base, containers: [{ ...main, env: { A: EnvValue.fromConfigMap(ConfigReference.configMap('settings', { data: { a: 'changed' } }), 'a') } }, proxy] },
    'extra labels': { ...base, labels: { team: 'checkout', tier: 'gold' } },
    'component and part-of': { ...base, component: 'web', partOf: 'store' },
    'pod annotations': { ...base, podAnnotations: { 'prometheus.io/scrape': 'true' } },
    'probes': { ...base, containers: [{ ...main, readiness: Probe.http('/ready'), liveness: Probe.tcp() }, proxy] },
    'ports': { ...base, containers: [{ ...main, ports: [Port.http(8081)] }, proxy] },
    'a removed sidecar': { ...base, containers: [main] },
    'peers and no exposure': { ...base, allowFrom: [NetworkPeer.cidr('10.0.0.0/8')], exposure: undefined },
    'disruption budget': { ...base, disruptionBudget: { maxUnavailable: '30%' } },
    'spread and scheduling': { ...base, topologySpread: { zones: 'off', nodes: 'hard' }, priorityClassName: 'high' },
    'security identity': { ...base, securityContext: { runAsUser: 20000, runAsGroup: 20000 } },
    'unpinned images allowed': { ...base, allowUnpinnedImages: true, containers: [{ ...main, image: 'ghcr.io/acme/shop-web:latest' }, proxy] },
  };

  const before = identity(buildStatelessApp(base));

  it('the selector uses only name and instance, never the version', () => {
    expect(before.selector).toEqual({ 'app.kubernetes.io/name': 'shop-web', 'app.kubernetes.io/instance': 'shop-web' });
    expect(before.deploymentSelector).toEqual({ matchLabels: before.selector });
  });

  it.each(Object.entries(changes))('changing %s keeps every selector and name', (_what, props) => {
    const after = buildStatelessApp(props);
    const id = identity(after);
    expect(id).toEqual(before);
  });

  it('changing config data changes the pod template (pods roll) but not the selector', () => {
    const a = buildStatelessApp(base);
    const b = buildStatelessApp(changes['config data']);
    expect(b.deployment.spec!.template.metadata!.annotations).not.toEqual(a.deployment.spec!.template.metadata!.annotations);
    expect(b.deployment.spec!.selector).toEqual(a.deployment.spec!.selector);
  });

  it('a new image changes the version label on pods but not in any selector', () => {
    const b = buildStatelessApp(changes['image tag']);
    expect(b.deployment.spec!.template.metadata!.labels!['app.kubernetes.io/version']).toBe('2.5.0');
    const selectors = [
      b.deployment.spec!.selector.matchLabels!,
      b.service!.spec!.selector!,
      b.podDisruptionBudget.spec!.selector!.matchLabels!,
      b.networkPolicy.spec!.podSelector.matchLabels!,
    ];
    for (const sel of selectors) {
      expect(sel).not.toHaveProperty(['app.kubernetes.io/version']);
    }
  });
});
