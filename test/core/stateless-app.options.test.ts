/**
 * Every option of StatelessApp, one row each: the output is schema-valid, passes the Pod Security
 * Standards "restricted" profile, is best-practice clean (except for the findings an option
 * deliberately opts into, listed exactly), and the option actually shows up in the output.
 */
import {
  ConfigReference,
  DEFAULTS,
  Duration,
  EnvFrom,
  EnvValue,
  Metric,
  NetworkEgress,
  NetworkPeer,
  Port,
  Probe,
  Quantity,
  StatelessAppManifest,
  StatelessAppProps, Exposure,
} from '../../lib';
import { asJson, build, findings, minimalProps, validationError } from '../helpers/fixtures';

const IMAGE = 'ghcr.io/acme/web:1.4.2';
const SAFE_TO_EVICT = DEFAULTS.safeToEvictLocalVolumesAnnotation;
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

interface Row {
  /** Props on top of `minimalProps()`. */
  readonly props: Partial<StatelessAppProps>;
  /** Option-specific assertions: the option must be visible in the output. */
  readonly check: (m: StatelessAppManifest) => void;
  /** Best-practice findings the option deliberately causes (exact strings). */
  readonly expectedFindings?: string[];
}

const container = (m: StatelessAppManifest, i = 0) => m.deployment.spec!.template.spec!.containers[i];
const podSpec = (m: StatelessAppManifest) => m.deployment.spec!.template.spec!;

const rows: Record<string, Row> = {
  'defaults': {
    props: {},
    check: (m) => {
      expect(m.objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'NetworkPolicy', 'Service', 'Deployment', 'PodDisruptionBudget']);
      expect(m.deployment.spec!.replicas).toBe(2);
      expect(m.deployment.spec!.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
      const c = container(m);
      expect(c.name).toBe('web');
      expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
      expect(c.readinessProbe!.httpGet).toEqual({ path: '/ping', port: 'http' });
      expect(c.livenessProbe!.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } });
      expect(c.lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
      expect(c.imagePullPolicy).toBe('Always');
      expect(podSpec(m).terminationGracePeriodSeconds).toBe(30);
      expect(podSpec(m).volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
      expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(m.service!.spec!.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }]);
      expect(m.podDisruptionBudget.spec).toMatchObject({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
      expect(m.networkPolicy.spec!.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 8080 }] }]);
      expect(m.deployment.metadata!.labels).toEqual({
        'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/version': '1.4.2', 'app.kubernetes.io/managed-by': 'keelson',
      });
      expect(m.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });
      expect(m.horizontalPodAutoscaler).toBeUndefined();
      expect(m.ingress).toBeUndefined();
      expect(m.deployment.metadata!.namespace).toBeUndefined();
    },
  },
  'autoscaling on CPU': {
    props: { autoscaling: { maxReplicas: 10 } },
    check: (m) => {
      expect(m.deployment.spec!.replicas).toBeUndefined();
      expect('replicas' in m.deployment.spec!).toBe(false);
      expect(m.horizontalPodAutoscaler!.spec).toEqual({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
      });
    },
  },
  'autoscaling on CPU and memory with stabilisation': {
    props: {
      autoscaling: { minReplicas: 3, maxReplicas: 20, cpuUtilization: 60, memoryUtilization: 80, scaleDownStabilization: Duration.minutes(10) },
    },
    check: (m) => {
      const spec = m.horizontalPodAutoscaler!.spec!;
      expect(spec.minReplicas).toBe(3);
      expect(spec.metrics!.map((x) => [x.resource!.name, x.resource!.target.averageUtilization])).toEqual([['cpu', 60], ['memory', 80]]);
      expect(spec.behavior!.scaleDown!.stabilizationWindowSeconds).toBe(600);
    },
  },
  'autoscaling on custom metrics: pods, object, external and container resource; no CPU target unless asked': {
    props: {
      autoscaling: {
        maxReplicas: 12,
        metrics: [
          Metric.pods('http_requests_per_second', { averageValue: '100' }),
          Metric.object('requests_per_second', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' }, { value: Quantity.parse('2k') }),
          Metric.external('queue_messages_ready', { averageValue: '30', selector: { queue: 'orders' } }),
          Metric.containerResource('memory', 'web', { averageValue: '400Mi' }),
        ],
      },
    },
    check: (m) => {
      expect(m.horizontalPodAutoscaler!.spec!.metrics).toEqual([
        { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } } },
        {
          type: 'Object',
          object: {
            describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' },
            metric: { name: 'requests_per_second' },
            target: { type: 'Value', value: '2k' },
          },
        },
        {
          type: 'External',
          external: { metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'orders' } } }, target: { type: 'AverageValue', averageValue: '30' } },
        },
        { type: 'ContainerResource', containerResource: { name: 'memory', container: 'web', target: { type: 'AverageValue', averageValue: '400Mi' } } },
      ]);
    },
  },
  'autoscaling on a custom metric and CPU, when CPU is asked for': {
    props: {
      autoscaling: { maxReplicas: 6, cpuUtilization: 80, metrics: [Metric.containerResource('cpu', 'web', { averageUtilization: 60 })] },
    },
    check: (m) => {
      expect(m.horizontalPodAutoscaler!.spec!.metrics).toEqual([
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
        { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'web', target: { type: 'Utilization', averageUtilization: 60 } } },
      ]);
    },
  },
  'autoscaling behavior: scale-up and scale-down policies, windows and selectPolicy': {
    props: {
      autoscaling: {
        maxReplicas: 30,
        scaleUp: {
          stabilizationWindow: Duration.seconds(30),
          selectPolicy: 'Min',
          policies: [{ type: 'Percent', value: 200, period: Duration.minutes(1) }, { type: 'Pods', value: 5, period: Duration.seconds(60) }],
        },
        scaleDown: { stabilizationWindow: Duration.minutes(15), policies: [{ type: 'Pods', value: 1, period: Duration.minutes(2) }] },
      },
    },
    check: (m) => {
      expect(m.horizontalPodAutoscaler!.spec!.behavior).toEqual({
        scaleUp: {
          stabilizationWindowSeconds: 30,
          selectPolicy: 'Min',
          policies: [{ type: 'Percent', value: 200, periodSeconds: 60 }, { type: 'Pods', value: 5, periodSeconds: 60 }],
        },
        scaleDown: { stabilizationWindowSeconds: 900, policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] },
      });
    },
  },
  'autoscaling behavior: scale-down disabled keeps the 5-minute window; scaleDownStabilization is its shorthand': {
    props: { autoscaling: { maxReplicas: 5, scaleDown: { selectPolicy: 'Disabled' } } },
    check: (m) => {
      expect(m.horizontalPodAutoscaler!.spec!.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Disabled' } });
      const viaShorthand = build({ ...minimalProps(), autoscaling: { maxReplicas: 5, scaleDownStabilization: Duration.minutes(7) } });
      const viaRules = build({ ...minimalProps(), autoscaling: { maxReplicas: 5, scaleDown: { stabilizationWindow: Duration.minutes(7) } } });
      expect(viaRules.horizontalPodAutoscaler).toEqual(viaShorthand.horizontalPodAutoscaler);
      expect(viaRules.horizontalPodAutoscaler!.spec!.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 420 } });
    },
  },
  'vertical autoscaling with defaults: recommendations only, on the Deployment': {
    props: { verticalAutoscaling: {} },
    check: (m) => {
      expect(m.objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'NetworkPolicy', 'Service', 'Deployment', 'PodDisruptionBudget', 'VerticalPodAutoscaler']);
      expect(m.verticalPodAutoscaler).toEqual({
        apiVersion: 'autoscaling.k8s.io/v1',
        kind: 'VerticalPodAutoscaler',
        metadata: m.deployment.metadata,
        spec: {
          targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          updatePolicy: { updateMode: DEFAULTS.verticalAutoscalingMode },
          resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['cpu', 'memory'] }] },
        },
      });
      expect(m.deployment.spec!.replicas).toBe(2);
    },
  },
  'vertical autoscaling on memory, requests only, beside an HPA on CPU': {
    props: {
      autoscaling: { maxReplicas: 8 },
      verticalAutoscaling: { mode: 'Auto', controlledResources: ['memory'], controlledValues: 'RequestsOnly', minAllowed: { memory: '96Mi' }, maxAllowed: { memory: '1Gi' } },
    },
    check: (m) => {
      expect(m.horizontalPodAutoscaler!.spec!.metrics!.map((x) => x.resource!.name)).toEqual(['cpu']);
      expect(m.verticalPodAutoscaler!.spec.updatePolicy).toEqual({ updateMode: 'Auto' });
      expect(m.verticalPodAutoscaler!.spec.resourcePolicy.containerPolicies).toEqual([{
        containerName: '*', controlledResources: ['memory'], minAllowed: { memory: '96Mi' }, maxAllowed: { memory: '1Gi' }, controlledValues: 'RequestsOnly',
      }]);
    },
  },
  'vertical autoscaling of CPU and memory beside an HPA on a custom metric alone': {
    props: {
      autoscaling: { maxReplicas: 8, metrics: [Metric.pods('http_requests_per_second', { averageValue: '100' })] },
      verticalAutoscaling: { mode: 'Initial', controlledResources: ['memory', 'cpu'] },
    },
    check: (m) => {
      expect(m.horizontalPodAutoscaler!.spec!.metrics!.map((x) => x.type)).toEqual(['Pods']);
      expect(m.verticalPodAutoscaler!.spec.resourcePolicy.containerPolicies[0].controlledResources).toEqual(['cpu', 'memory']);
    },
  },
  'a VPA in Off mode (the default) beside an HPA on CPU and memory: it only recommends, so nothing fights': {
    props: { autoscaling: { maxReplicas: 8, cpuUtilization: 70, memoryUtilization: 80 }, verticalAutoscaling: {} },
    check: (m) => {
      expect(m.horizontalPodAutoscaler!.spec!.metrics!.map((x) => x.resource!.name)).toEqual(['cpu', 'memory']);
      expect(m.verticalPodAutoscaler!.spec.updatePolicy).toEqual({ updateMode: 'Off' });
      expect(() => build({ ...minimalProps(), autoscaling: { maxReplicas: 8 }, verticalAutoscaling: { mode: 'Recreate' } })).toThrow(/verticalAutoscaling: sizes the pods' cpu/);
    },
  },
  'ingress with TLS, class, annotations, port name and several hosts': {
    props: {
      containers: [{ image: IMAGE, ports: [Port.http(8080), Port.http(9090, { name: 'admin', servicePort: 9090 })] }],
      exposure: Exposure.ingress({
        hosts: ['shop.example.com', 'www.shop.example.com', '*.shop.example.org'],
        className: 'nginx',
        tlsSecretName: 'shop-tls',
        annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' },
        portName: 'admin',
        path: '/api',
        controllerNamespace: 'ingress-system',
      }),
    },
    check: (m) => {
      const spec = m.ingress!.spec!;
      expect(spec.ingressClassName).toBe('nginx');
      expect(spec.tls).toEqual([{ hosts: ['shop.example.com', 'www.shop.example.com', '*.shop.example.org'], secretName: 'shop-tls' }]);
      expect(spec.rules!.map((r) => r.host)).toEqual(['shop.example.com', 'www.shop.example.com', '*.shop.example.org']);
      for (const r of spec.rules!) {
        expect(r.http!.paths).toEqual([{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'admin' } } } }]);
      }
      expect(m.ingress!.metadata!.annotations).toEqual({ 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' });
      expect(m.networkPolicy.spec!.ingress).toContainEqual({
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-system' } } }],
        ports: [{ protocol: 'TCP', port: 9090 }],
      });
    },
  },
  'ingress with defaults': {
    props: { exposure: Exposure.ingress({ hosts: ['shop.example.com'] }) },
    check: (m) => {
      expect(m.ingress!.spec!.ingressClassName).toBeUndefined();
      expect(m.ingress!.spec!.tls).toBeUndefined();
      expect(m.ingress!.spec!.rules![0].http!.paths[0]).toEqual({ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } });
      expect(m.networkPolicy.spec!.ingress).toContainEqual({
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': DEFAULTS.ingressControllerNamespace } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      });
    },
  },
  'multiple containers (a sidecar with a port and a worker sidecar)': {
    // Sidecars get no default probes (a guessed /ping on an exporter or proxy port could keep the
    // pod unready forever); the checkers want them, so a sidecar with a port should declare its own.
    expectedFindings: [
      'Deployment/web container metrics: has ports but no readiness probe',
      'Deployment/web container metrics: has ports but no liveness probe',
    ],
    props: {
      containers: [
        { image: IMAGE },
        { name: 'metrics', image: 'ghcr.io/acme/exporter:0.9.1', ports: [Port.http(9102, { name: 'metrics', servicePort: 9102 })] },
        { name: 'log-shipper', image: 'fluent/fluent-bit:3.0.4', writablePaths: ['/tmp', '/fluent-bit/buffer'] },
      ],
    },
    check: (m) => {
      const cs = podSpec(m).containers;
      expect(cs.map((c) => c.name)).toEqual(['web', 'metrics', 'log-shipper']);
      // Only the main container gets default probes: a sidecar's port says nothing about readiness.
      expect(cs[1].readinessProbe).toBeUndefined();
      expect(cs[1].livenessProbe).toBeUndefined();
      expect(cs[2].ports).toBeUndefined();
      expect(cs[2].readinessProbe).toBeUndefined();
      expect(m.service!.spec!.ports!.map((p) => p.name)).toEqual(['http', 'metrics']);
      expect(podSpec(m).volumes!.map((v) => v.name)).toEqual(['tmp', 'fluent-bit-buffer']);
      expect(cs[2].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'fluent-bit-buffer', mountPath: '/fluent-bit/buffer' }]);
      for (const c of cs) expect(c.lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    },
  },
  'gRPC port with default gRPC health probes': {
    props: { containers: [{ image: IMAGE, ports: [Port.grpc(50051)] }] },
    check: (m) => {
      expect(container(m).readinessProbe!.grpc).toEqual({ port: 50051 });
      expect(container(m).livenessProbe!.grpc).toEqual({ port: 50051 });
      expect(m.service!.spec!.ports).toEqual([{ name: 'grpc', port: 50051, targetPort: 'grpc', protocol: 'TCP', appProtocol: 'grpc' }]);
    },
  },
  'TCP port with default TCP probes': {
    props: { containers: [{ image: IMAGE, ports: [Port.tcp(5432, { name: 'postgres' })] }] },
    check: (m) => {
      expect(container(m).readinessProbe!.tcpSocket).toEqual({ port: 'postgres' });
      expect(m.service!.spec!.ports).toEqual([{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }]);
    },
  },
  'UDP port with exec probes': {
    props: {
      containers: [{
        image: IMAGE,
        ports: [Port.udp(5353, { name: 'dns' })],
        readiness: Probe.exec(['/bin/health', '--ready']),
        liveness: Probe.exec(['/bin/health', '--live']),
      }],
    },
    check: (m) => {
      expect(container(m).ports).toEqual([{ name: 'dns', containerPort: 5353, protocol: 'UDP' }]);
      expect(m.service!.spec!.ports).toEqual([{ name: 'dns', port: 5353, targetPort: 'dns', protocol: 'UDP' }]);
      expect(m.networkPolicy.spec!.ingress![0].ports).toEqual([{ protocol: 'UDP', port: 5353 }]);
      expect(container(m).readinessProbe!.exec).toEqual({ command: ['/bin/health', '--ready'] });
    },
  },
  'HTTP, gRPC and UDP ports on one container, one not exposed': {
    props: {
      containers: [{
        image: IMAGE,
        ports: [Port.http(8080), Port.grpc(9000, { servicePort: 9000 }), Port.udp(9001, { name: 'stats' }), Port.http(8081, { name: 'admin', expose: false })],
      }],
    },
    check: (m) => {
      expect(container(m).ports!.map((p) => p.name)).toEqual(['http', 'grpc', 'stats', 'admin']);
      expect(m.service!.spec!.ports!.map((p) => p.name)).toEqual(['http', 'grpc', 'stats']);
      expect(m.networkPolicy.spec!.ingress![0].ports).toEqual([{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 9000 }, { protocol: 'UDP', port: 9001 }]);
    },
  },
  'startup probe': {
    props: { containers: [{ image: IMAGE, startup: Probe.http('/health', { failureThreshold: 30, period: Duration.seconds(2) }) }] },
    check: (m) => {
      expect(container(m).startupProbe).toEqual({ httpGet: { path: '/health', port: 'http' }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30, successThreshold: 1 });
    },
  },
  'exec, TCP and gRPC probes with every timing option': {
    props: {
      containers: [{
        image: IMAGE,
        ports: [Port.http(8080), Port.grpc(9000, { servicePort: 9000 })],
        readiness: Probe.grpc({ port: 'grpc', service: 'ready', initialDelay: Duration.seconds(3), period: Duration.seconds(5), timeout: Duration.seconds(1), failureThreshold: 2, successThreshold: 2 }),
        liveness: Probe.tcp({ port: 8080, period: Duration.seconds(20) }),
        startup: Probe.exec(['cat', '/tmp/started'], { failureThreshold: 60 }),
      }],
    },
    check: (m) => {
      const c = container(m);
      expect(c.readinessProbe).toEqual({ grpc: { port: 9000, service: 'ready' }, initialDelaySeconds: 3, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 2, successThreshold: 2 });
      expect(c.livenessProbe).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 });
      expect(c.startupProbe).toMatchObject({ exec: { command: ['cat', '/tmp/started'] }, failureThreshold: 60 });
    },
  },
  'HTTPS probe on a named port': {
    props: { containers: [{ image: IMAGE, ports: [Port.http(8443, { name: 'https', servicePort: 443 })], readiness: Probe.http('/ready', { scheme: 'HTTPS' }), liveness: Probe.http('/alive', { port: 'https', scheme: 'HTTPS' }) }] },
    check: (m) => {
      expect(container(m).readinessProbe!.httpGet).toEqual({ path: '/ready', port: 'https', scheme: 'HTTPS' });
      expect(container(m).livenessProbe!.httpGet).toEqual({ path: '/alive', port: 'https', scheme: 'HTTPS' });
    },
  },
  'security opt-ins within restricted: NET_BIND_SERVICE, seccomp and AppArmor Localhost profiles': {
    props: {
      containers: [{ image: IMAGE, ports: [Port.http(80)], addCapabilities: ['NET_BIND_SERVICE'] }],
      securityContext: { seccompProfile: { localhost: 'profiles/web.json' }, appArmorProfile: { localhost: 'k8s-web' } },
    },
    check: (m) => {
      expect(podSpec(m).securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        fsGroup: 10001,
        fsGroupChangePolicy: 'OnRootMismatch',
        seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/web.json' },
        appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-web' },
      });
      expect(container(m).securityContext!.capabilities).toEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
      // The container's own profile is the pod's, or RuntimeDefault there would override it.
      expect(container(m).securityContext!.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/web.json' });
      expect(m.deployment.metadata!.annotations).toBeUndefined();
    },
  },
  'AppArmor RuntimeDefault': {
    props: { securityContext: { appArmorProfile: 'RuntimeDefault', seccompProfile: 'RuntimeDefault' } },
    check: (m) => {
      expect(podSpec(m).securityContext!.appArmorProfile).toEqual({ type: 'RuntimeDefault' });
      expect(podSpec(m).securityContext!.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    },
  },
  'platform-assigned IDs (OpenShift): no UID, GID or fsGroup, still non-root': {
    props: { securityContext: { platformAssignedIds: true } },
    check: (m) => {
      expect(podSpec(m).securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      const sc = container(m).securityContext!;
      expect(sc.runAsNonRoot).toBe(true);
      expect([sc.runAsUser, sc.runAsGroup]).toEqual([undefined, undefined]);
    },
    // The platform picks them (OpenShift: from the namespace's range, far above 10000): nothing to check here.
    expectedFindings: ['Deployment/web container web: runAsUser undefined is not above 10000', 'Deployment/web container web: runAsGroup undefined is not above 10000'],
  },
  'HTTP probe headers, in the order given': {
    props: {
      containers: [{
        image: IMAGE,
        readiness: Probe.http('/ping', { headers: { 'Host': 'web.example.com', 'X-Probe': 'kubelet' } }),
        liveness: Probe.http('/health', { headers: { Authorization: 'Bearer local-only' } }),
        startup: Probe.http('/health', { headers: {} }),
      }],
    },
    check: (m) => {
      expect(container(m).readinessProbe!.httpGet).toEqual({
        path: '/ping', port: 'http', httpHeaders: [{ name: 'Host', value: 'web.example.com' }, { name: 'X-Probe', value: 'kubelet' }],
      });
      expect(container(m).livenessProbe!.httpGet!.httpHeaders).toEqual([{ name: 'Authorization', value: 'Bearer local-only' }]);
      // No headers: no httpHeaders field.
      expect(container(m).startupProbe!.httpGet).toEqual({ path: '/health', port: 'http' });
    },
  },
  'env from the container\'s resources (GOMAXPROCS, GOMEMLIMIT) and every pod field': {
    props: {
      qos: 'Guaranteed',
      containers: [{
        image: IMAGE,
        resources: { cpu: { request: '1500m' }, memory: { request: '512Mi' }, ephemeralStorage: { limit: '1Gi' } },
        env: {
          GOMAXPROCS: EnvValue.fromResource('limits.cpu'),
          GOMEMLIMIT: EnvValue.fromResource('limits.memory'),
          CPU_MILLIS: EnvValue.fromResource('requests.cpu', { divisor: Quantity.millicores(1) }),
          MEMORY_MIB: EnvValue.fromResource('requests.memory', { divisor: '1Mi' }),
          DISK_GIB: EnvValue.fromResource('limits.ephemeral-storage', { divisor: Quantity.gibibytes(1) }),
          CORES: EnvValue.fromResource('limits.cpu', { divisor: '1000m' }),
          POD_NAME: EnvValue.fromField('metadata.name'),
          POD_NAMESPACE: EnvValue.fromField('metadata.namespace'),
          POD_UID: EnvValue.fromField('metadata.uid'),
          CHECKSUM: EnvValue.fromField("metadata.annotations['example.com/checksum']"),
          NODE: EnvValue.fromField('spec.nodeName'),
          SA: EnvValue.fromField('spec.serviceAccountName'),
          HOST_IP: EnvValue.fromField('status.hostIP'),
          HOST_IPS: EnvValue.fromField('status.hostIPs'),
          POD_IPS: EnvValue.fromField('status.podIPs'),
        },
      }],
    },
    check: (m) => {
      const fromResource = (r: string, divisor?: string) => ({ valueFrom: { resourceFieldRef: { resource: r, ...(divisor ? { divisor } : {}) } } });
      const field = (fieldPath: string) => ({ valueFrom: { fieldRef: { fieldPath } } });
      expect(container(m).env).toEqual([
        { name: 'GOMAXPROCS', ...fromResource('limits.cpu') },
        { name: 'GOMEMLIMIT', ...fromResource('limits.memory') },
        { name: 'CPU_MILLIS', ...fromResource('requests.cpu', '1m') },
        { name: 'MEMORY_MIB', ...fromResource('requests.memory', '1Mi') },
        { name: 'DISK_GIB', ...fromResource('limits.ephemeral-storage', '1Gi') },
        // Canonical, as the API server stores it.
        { name: 'CORES', ...fromResource('limits.cpu', '1') },
        { name: 'POD_NAME', ...field('metadata.name') },
        { name: 'POD_NAMESPACE', ...field('metadata.namespace') },
        { name: 'POD_UID', ...field('metadata.uid') },
        { name: 'CHECKSUM', ...field("metadata.annotations['example.com/checksum']") },
        { name: 'NODE', ...field('spec.nodeName') },
        { name: 'SA', ...field('spec.serviceAccountName') },
        { name: 'HOST_IP', ...field('status.hostIP') },
        { name: 'HOST_IPS', ...field('status.hostIPs') },
        { name: 'POD_IPS', ...field('status.podIPs') },
      ]);
      expect(container(m).resources!.limits).toEqual({ 'cpu': '1500m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' });
    },
  },
  'env from a value, a ConfigMap, a Secret and a pod field': {
    props: {
      containers: [{
        image: IMAGE,
        env: {
          LITERAL: 'plain',
          WRAPPED: EnvValue.fromValue('wrapped'),
          LOG_LEVEL: EnvValue.fromConfigMap('settings', 'log-level'),
          TOKEN: EnvValue.fromSecret('api-token', 'token', { optional: true }),
          POD_IP: EnvValue.fromField('status.podIP'),
          APP_NAME: EnvValue.fromField("metadata.labels['app.kubernetes.io/name']"),
          URL: 'http://$(POD_IP):8080',
        },
      }],
    },
    check: (m) => {
      expect(container(m).env).toEqual([
        { name: 'LITERAL', value: 'plain' },
        { name: 'WRAPPED', value: 'wrapped' },
        { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'log-level' } } },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token', optional: true } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'APP_NAME', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/name']" } } },
        { name: 'URL', value: 'http://$(POD_IP):8080' },
      ]);
      // No content known for these references: no config hash (only the autoscaler's list of /tmp).
      expect(m.deployment.spec!.template.metadata!.annotations).toEqual({ [SAFE_TO_EVICT]: 'tmp' });
    },
  },
  'envFrom a ConfigMap and a prefixed Secret': {
    props: { containers: [{ image: IMAGE, envFrom: [EnvFrom.configMap('settings'), EnvFrom.secret(ConfigReference.secret('db', { revision: '7' }), { prefix: 'DB_' })] }] },
    check: (m) => {
      expect(container(m).envFrom).toEqual([{ configMapRef: { name: 'settings' } }, { prefix: 'DB_', secretRef: { name: 'db' } }]);
      expect(m.deployment.spec!.template.metadata!.annotations![DEFAULTS.configHashAnnotation]).toMatch(/^[a-f0-9]{64}$/);
    },
  },
  'CPU limit and custom memory': {
    props: { containers: [{ image: IMAGE, resources: { cpu: { request: Quantity.millicores(250), limit: '1' }, memory: { request: Quantity.mebibytes(256), limit: Quantity.gibibytes(1) } } }] },
    check: (m) => {
      expect(container(m).resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    },
  },
  'memory limit none (explicit)': {
    props: { containers: [{ image: IMAGE, resources: { memory: { request: Quantity.mebibytes(256), limit: 'none' } } }] },
    check: (m) => {
      expect(container(m).resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' } });
    },
    expectedFindings: ['Deployment/web container web: no memory limit'],
  },
  'ephemeral-storage request and limit': {
    props: { containers: [{ image: IMAGE, resources: { ephemeralStorage: { request: Quantity.mebibytes(512), limit: '2Gi' } } }] },
    check: (m) => {
      expect(container(m).resources).toEqual({
        requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '512Mi' },
        limits: { 'memory': '128Mi', 'ephemeral-storage': '2Gi' },
      });
    },
  },
  'ephemeral-storage limit alone sets the request': {
    props: { containers: [{ image: IMAGE, resources: { ephemeralStorage: { limit: Quantity.gibibytes(1) } } }] },
    check: (m) => {
      expect(container(m).resources!.requests!['ephemeral-storage']).toBe('1Gi');
      expect(container(m).resources!.limits!['ephemeral-storage']).toBe('1Gi');
    },
  },
  'qos Guaranteed: every container and init container gets limits = requests': {
    props: {
      qos: 'Guaranteed',
      containers: [
        { image: IMAGE, resources: { cpu: { request: Quantity.millicores(250) }, memory: { limit: '512Mi' } } },
        { name: 'proxy', image: IMAGE, ports: [], resources: { cpu: { limit: '200m' }, ephemeralStorage: { request: '1Gi' } } },
      ],
      initContainers: [{ name: 'migrate', image: IMAGE }],
    },
    check: (m) => {
      const spec = podSpec(m);
      expect(spec.containers.map((c) => c.resources)).toEqual([
        { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '250m', memory: '512Mi' } },
        { requests: { 'cpu': '200m', 'memory': '128Mi', 'ephemeral-storage': '1Gi' }, limits: { cpu: '200m', memory: '128Mi' } },
      ]);
      expect(spec.initContainers![0].resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } });
      // As Kubernetes classes the pod: every container has CPU and memory limits equal to its requests.
      for (const c of [...spec.initContainers!, ...spec.containers]) {
        for (const r of ['cpu', 'memory']) {
          expect(c.resources!.limits![r]).toBeDefined();
          expect(c.resources!.requests![r]).toBe(c.resources!.limits![r]);
        }
      }
    },
  },
  'qos Burstable (explicit) is the default': {
    props: { qos: 'Burstable' },
    check: (m) => {
      expect(container(m).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } });
    },
  },
  'runtimeClassName and priorityClassName': {
    props: { runtimeClassName: 'gvisor', priorityClassName: 'business-critical' },
    check: (m) => {
      expect(podSpec(m).runtimeClassName).toBe('gvisor');
      expect(podSpec(m).priorityClassName).toBe('business-critical');
    },
  },
  'topology spread hard on zones and nodes': {
    props: { topologySpread: { zones: 'hard', nodes: 'hard' } },
    check: (m) => {
      expect(podSpec(m).topologySpreadConstraints!.map((t) => [t.topologyKey, t.whenUnsatisfiable])).toEqual([
        ['topology.kubernetes.io/zone', 'DoNotSchedule'], ['kubernetes.io/hostname', 'DoNotSchedule'],
      ]);
      for (const t of podSpec(m).topologySpreadConstraints!) {
        expect(t).toMatchObject({ maxSkew: 1, matchLabelKeys: ['pod-template-hash'], nodeTaintsPolicy: 'Honor', labelSelector: { matchLabels: m.selector } });
      }
    },
  },
  'topology spread soft on zones, off on nodes': {
    props: { topologySpread: { zones: 'soft', nodes: 'off' } },
    check: (m) => {
      expect(podSpec(m).topologySpreadConstraints!.map((t) => [t.topologyKey, t.whenUnsatisfiable])).toEqual([['topology.kubernetes.io/zone', 'ScheduleAnyway']]);
    },
  },
  'topology spread off on zones, hard on nodes': {
    props: { topologySpread: { zones: 'off', nodes: 'hard' } },
    check: (m) => {
      expect(podSpec(m).topologySpreadConstraints!.map((t) => [t.topologyKey, t.whenUnsatisfiable])).toEqual([['kubernetes.io/hostname', 'DoNotSchedule']]);
    },
  },
  'topology spread off everywhere': {
    props: { topologySpread: { zones: 'off', nodes: 'off' } },
    check: (m) => {
      expect(podSpec(m).topologySpreadConstraints).toBeUndefined();
    },
    expectedFindings: ['Deployment/web: neither topology spread nor pod anti-affinity'],
  },
  'disruption budget as a percentage': {
    props: { disruptionBudget: { maxUnavailable: '50%' } },
    check: (m) => {
      expect(m.podDisruptionBudget.spec!.maxUnavailable).toBe('50%');
      expect(m.podDisruptionBudget.spec!.minAvailable).toBeUndefined();
    },
  },
  'disruption budget as a count': {
    props: { replicas: 5, disruptionBudget: { maxUnavailable: 2 } },
    check: (m) => {
      expect(m.podDisruptionBudget.spec!.maxUnavailable).toBe(2);
      expect(m.deployment.spec!.replicas).toBe(5);
    },
  },
  'allowFrom with every NetworkPeer factory': {
    props: {
      allowFrom: [
        NetworkPeer.sameNamespace(),
        NetworkPeer.pods({ role: 'frontend' }),
        NetworkPeer.namespace('monitoring'),
        NetworkPeer.podsInNamespace('jobs', { 'app.kubernetes.io/name': 'reporter' }),
        NetworkPeer.namespacesWithLabels({ team: 'payments' }),
        NetworkPeer.cidr('10.0.0.0/8', ['10.1.0.0/16']),
        NetworkPeer.cidr('2001:db8::/32'),
        NetworkPeer.fromKubernetes({ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['edge'] }] } }),
      ],
    },
    check: (m) => {
      expect(m.networkPolicy.spec!.ingress).toEqual([{
        from: [
          { podSelector: {} },
          { podSelector: { matchLabels: { role: 'frontend' } } },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jobs' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'reporter' } } },
          { namespaceSelector: { matchLabels: { team: 'payments' } } },
          { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
          { ipBlock: { cidr: '2001:db8::/32' } },
          { podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['edge'] }] } },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }]);
    },
  },
  'allowFrom empty (admit nobody)': {
    props: { allowFrom: [] },
    check: (m) => {
      expect(m.networkPolicy.spec).toEqual({ podSelector: { matchLabels: m.selector }, policyTypes: ['Ingress'], ingress: [] });
    },
  },
  'allowTo egress rules (with DNS)': {
    props: {
      allowTo: [
        NetworkEgress.to(NetworkPeer.cidr('10.20.0.0/16'), 5432),
        NetworkEgress.to(NetworkPeer.podsInNamespace('observability', { app: 'otel-collector' }), 4317, { port: 4318, protocol: 'TCP' }),
        NetworkEgress.to(NetworkPeer.namespace('kafka')),
      ],
    },
    check: (m) => {
      const spec = m.networkPolicy.spec!;
      expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(spec.egress).toEqual([
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
        { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } }, podSelector: { matchLabels: { app: 'otel-collector' } } }],
          ports: [{ protocol: 'TCP', port: 4317 }, { protocol: 'TCP', port: 4318 }],
        },
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } } }] },
      ]);
    },
  },
  'no allowTo: egress not governed': {
    props: {},
    check: (m) => {
      expect(m.networkPolicy.spec!.policyTypes).toEqual(['Ingress']);
      expect(m.networkPolicy.spec!.egress).toBeUndefined();
    },
  },
  'securityContext override': {
    props: { securityContext: { runAsUser: 20000, runAsGroup: 20001, fsGroup: 20002 } },
    check: (m) => {
      expect(podSpec(m).securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 20001, fsGroup: 20002, runAsNonRoot: true });
      expect(container(m).securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 20001 });
    },
  },
  'service account with a token and annotations': {
    props: { serviceAccount: { automountToken: true, annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/web' } } },
    check: (m) => {
      expect(m.serviceAccount!.automountServiceAccountToken).toBe(true);
      expect(podSpec(m).automountServiceAccountToken).toBe(true);
      expect(m.serviceAccount!.metadata!.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/web' });
      expect(podSpec(m).serviceAccountName).toBe('web');
    },
    expectedFindings: ['Deployment/web: automountServiceAccountToken is not false', 'ServiceAccount/web: automountServiceAccountToken is not false'],
  },
  'a named service account': {
    props: { serviceAccount: { name: 'web-runner', annotations: { 'iam.gke.io/gcp-service-account': 'web@acme.iam.gserviceaccount.com' } } },
    check: (m) => {
      expect(m.serviceAccount!.metadata).toMatchObject({ name: 'web-runner', annotations: { 'iam.gke.io/gcp-service-account': 'web@acme.iam.gserviceaccount.com' } });
      expect(m.serviceAccount!.metadata!.labels).toEqual(m.deployment.metadata!.labels);
      expect(m.serviceAccount!.automountServiceAccountToken).toBe(false);
      expect(podSpec(m).serviceAccountName).toBe('web-runner');
      expect(podSpec(m).automountServiceAccountToken).toBe(false);
    },
  },
  'an existing service account: none emitted': {
    props: { serviceAccount: { existing: 'platform-web' } },
    check: (m) => {
      expect(m.serviceAccount).toBeUndefined();
      expect(m.objects.map((o) => o.kind)).toEqual(['NetworkPolicy', 'Service', 'Deployment', 'PodDisruptionBudget']);
      expect(podSpec(m).serviceAccountName).toBe('platform-web');
      expect(podSpec(m).automountServiceAccountToken).toBe(false);
    },
  },
  'an existing service account with its token': {
    props: { serviceAccount: { existing: 'platform.web', automountToken: true } },
    check: (m) => {
      expect(m.serviceAccount).toBeUndefined();
      expect(podSpec(m).serviceAccountName).toBe('platform.web');
      expect(podSpec(m).automountServiceAccountToken).toBe(true);
    },
    expectedFindings: ['Deployment/web: automountServiceAccountToken is not false'],
  },
  'scheduling: node selector, tolerations, node and pod affinity': {
    props: {
      nodeSelector: { 'kubernetes.io/arch': 'arm64' },
      tolerations: [
        { key: 'dedicated', value: 'web', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: Duration.seconds(60) },
      ],
      nodeAffinity: {
        required: [{ match: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a', 'eu-west-1b'] }, { key: 'example.com/cores', operator: 'Gt', values: ['4'] }] }],
        preferred: [{ weight: 50, match: [{ key: 'example.com/ssd', operator: 'Exists' }] }],
      },
      podAffinity: { preferred: [{ weight: 100, topologyKey: 'topology.kubernetes.io/zone', labels: { 'app.kubernetes.io/name': 'cache' } }] },
      podAntiAffinity: {
        required: [{ topologyKey: 'kubernetes.io/hostname', match: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['batch'] }], namespaces: ['jobs'] }],
      },
    },
    check: (m) => {
      expect(podSpec(m).nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
      expect(podSpec(m).tolerations).toEqual([
        { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      ]);
      expect(podSpec(m).affinity).toEqual({
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{
              matchExpressions: [
                { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a', 'eu-west-1b'] },
                { key: 'example.com/cores', operator: 'Gt', values: ['4'] },
              ],
            }],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'example.com/ssd', operator: 'Exists' }] } }],
        },
        podAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{
            weight: 100,
            podAffinityTerm: { labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'cache' } }, topologyKey: 'topology.kubernetes.io/zone' },
          }],
        },
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{
            labelSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['batch'] }] },
            namespaces: ['jobs'],
            topologyKey: 'kubernetes.io/hostname',
          }],
        },
      });
      // Topology spread stays the default.
      expect(podSpec(m).topologySpreadConstraints!.map((c) => c.whenUnsatisfiable)).toEqual(['ScheduleAnyway', 'ScheduleAnyway']);
    },
  },
  'spot: the common clouds\' spot taints, spreading kept': {
    props: { spot: true },
    check: (m) => {
      expect(podSpec(m).tolerations).toEqual([
        { key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' },
        { key: 'cloud.google.com/gke-spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
      ]);
      expect(podSpec(m).topologySpreadConstraints).toHaveLength(2);
      expect(podSpec(m).affinity).toBeUndefined();
    },
  },
  'spot: a pool\'s own taint, before the other tolerations': {
    props: { spot: { taints: [{ key: 'example.com/pool', value: 'spot' }] }, tolerations: [{ key: 'gpu', effect: 'NoSchedule' }] },
    check: (m) => {
      expect(podSpec(m).tolerations).toEqual([
        { key: 'example.com/pool', operator: 'Equal', value: 'spot' },
        { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' },
      ]);
    },
  },
  'scheduling: empty affinity objects emit nothing': {
    props: { nodeAffinity: {}, podAffinity: {}, podAntiAffinity: {}, tolerations: [], nodeSelector: {} },
    check: (m) => {
      expect(podSpec(m).affinity).toBeUndefined();
      expect(podSpec(m).tolerations).toBeUndefined();
      expect(podSpec(m).nodeSelector).toBeUndefined();
    },
  },
  'image pull secrets': {
    props: { imagePullSecrets: ['registry-acme', 'registry.mirror'] },
    check: (m) => {
      expect(podSpec(m).imagePullSecrets).toEqual([{ name: 'registry-acme' }, { name: 'registry.mirror' }]);
    },
  },
  'writable paths': {
    props: { containers: [{ image: IMAGE, writablePaths: ['/tmp', '/var/cache/nginx', '/run'] }] },
    check: (m) => {
      expect(podSpec(m).volumes).toEqual([
        { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
        { name: 'var-cache-nginx', emptyDir: { sizeLimit: '256Mi' } },
        { name: 'run', emptyDir: { sizeLimit: '256Mi' } },
      ]);
      expect(container(m).volumeMounts!.map((v) => v.mountPath)).toEqual(['/tmp', '/var/cache/nginx', '/run']);
      expect(container(m).securityContext!.readOnlyRootFilesystem).toBe(true);
    },
  },
  'no writable paths': {
    props: { containers: [{ image: IMAGE, writablePaths: [] }] },
    check: (m) => {
      expect(podSpec(m).volumes).toBeUndefined();
      expect(container(m).volumeMounts).toBeUndefined();
      expect(container(m).securityContext!.readOnlyRootFilesystem).toBe(true);
      // No volumes: no fsGroup needed.
      expect(podSpec(m).securityContext!.fsGroup).toBeUndefined();
    },
  },
  'writable root filesystem': {
    props: { containers: [{ image: IMAGE, readOnlyRootFilesystem: false }] },
    check: (m) => {
      expect(container(m).securityContext!.readOnlyRootFilesystem).toBe(false);
    },
    expectedFindings: ['Deployment/web container web: root filesystem is writable'],
  },
  'config hash on (default) with known data': {
    props: { containers: [{ image: IMAGE, env: { MODE: EnvValue.fromConfigMap(ConfigReference.configMap('settings', { data: { mode: 'fast' } }), 'mode') } }] },
    check: (m) => {
      expect(m.deployment.spec!.template.metadata!.annotations![DEFAULTS.configHashAnnotation]).toMatch(/^[a-f0-9]{64}$/);
    },
  },
  'config hash off': {
    props: { configHash: false, containers: [{ image: IMAGE, env: { MODE: EnvValue.fromConfigMap(ConfigReference.configMap('settings', { data: { mode: 'fast' } }), 'mode') } }] },
    check: (m) => {
      expect(m.deployment.spec!.template.metadata!.annotations).toEqual({ [SAFE_TO_EVICT]: 'tmp' });
    },
  },
  'digest-pinned image': {
    props: { containers: [{ image: `ghcr.io/acme/web@${DIGEST}` }] },
    check: (m) => {
      expect(container(m).image).toBe(`ghcr.io/acme/web@${DIGEST}`);
      expect(container(m).imagePullPolicy).toBe('IfNotPresent');
      expect(m.deployment.metadata!.labels!['app.kubernetes.io/version']).toBeUndefined();
    },
  },
  'tag and digest with a registry port': {
    props: { containers: [{ image: `registry.local:5000/team/web:2.0.1@${DIGEST}` }] },
    check: (m) => {
      expect(container(m).imagePullPolicy).toBe('IfNotPresent');
      expect(m.deployment.metadata!.labels!['app.kubernetes.io/version']).toBe('2.0.1');
    },
  },
  'unpinned images allowed': {
    props: { allowUnpinnedImages: true, containers: [{ image: 'nginx' }, { name: 'sidecar', image: 'busybox:latest' }] },
    check: (m) => {
      expect(podSpec(m).containers.map((c) => c.image)).toEqual(['nginx', 'busybox:latest']);
      expect(m.deployment.metadata!.labels!['app.kubernetes.io/version']).toBeUndefined();
    },
    expectedFindings: [
      'Deployment/web container web: image "nginx" is not pinned to a tag or digest',
      'Deployment/web container sidecar: image "busybox:latest" is not pinned to a tag or digest',
    ],
  },
  'worker with no ports': {
    props: { name: 'worker', containers: [{ image: 'ghcr.io/acme/worker:3.1.0', ports: [], command: ['/worker'], args: ['--queue', 'jobs'] }] },
    check: (m) => {
      expect(m.service).toBeUndefined();
      expect(m.objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'NetworkPolicy', 'Deployment', 'PodDisruptionBudget']);
      const c = container(m);
      expect(c.ports).toBeUndefined();
      expect(c.readinessProbe).toBeUndefined();
      expect(c.livenessProbe).toBeUndefined();
      expect(c.command).toEqual(['/worker']);
      expect(c.args).toEqual(['--queue', 'jobs']);
      expect(m.networkPolicy.spec!.ingress).toEqual([]);
    },
  },
  'worker with an exec liveness probe': {
    props: { name: 'worker', containers: [{ image: 'ghcr.io/acme/worker:3.1.0', ports: [], liveness: Probe.exec(['/worker', 'healthcheck']) }] },
    check: (m) => {
      expect(container(m).livenessProbe!.exec).toEqual({ command: ['/worker', 'healthcheck'] });
    },
  },
  'namespace, labels, annotations, component, part-of and version': {
    props: {
      namespace: 'shop',
      version: '2024.06.1',
      component: 'frontend',
      partOf: 'shop',
      labels: { 'team': 'storefront', 'example.com/cost-center': 'cc-42' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    },
    check: (m) => {
      for (const o of m.objects) {
        expect(o.metadata.namespace).toBe('shop');
        expect(o.metadata.labels).toEqual({
          'app.kubernetes.io/name': 'web',
          'app.kubernetes.io/instance': 'web',
          'app.kubernetes.io/version': '2024.06.1',
          'app.kubernetes.io/component': 'frontend',
          'app.kubernetes.io/part-of': 'shop',
          'app.kubernetes.io/managed-by': 'keelson',
          'team': 'storefront',
          'example.com/cost-center': 'cc-42',
        });
      }
      expect(m.deployment.spec!.template.metadata!.annotations).toEqual({ 'prometheus.io/scrape': 'true', [SAFE_TO_EVICT]: 'tmp' });
      expect(m.deployment.spec!.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });
    },
  },
  'rollout and shutdown timing': {
    props: {
      replicas: 3,
      minReady: Duration.seconds(10),
      progressDeadline: Duration.minutes(15),
      revisionHistoryLimit: 2,
      maxSurge: 1,
      terminationGracePeriod: Duration.seconds(90),
      preStopDelay: Duration.seconds(15),
    },
    check: (m) => {
      expect(m.deployment.spec).toMatchObject({
        replicas: 3,
        minReadySeconds: 10,
        progressDeadlineSeconds: 900,
        revisionHistoryLimit: 2,
        strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      });
      expect(podSpec(m).terminationGracePeriodSeconds).toBe(90);
      expect(container(m).lifecycle).toEqual({ preStop: { sleep: { seconds: 15 } } });
    },
  },
  'preStop pause off': {
    props: { preStopDelay: Duration.seconds(0) },
    check: (m) => {
      expect(container(m).lifecycle).toBeUndefined();
    },
  },
  'cluster autoscaler: every writable emptyDir, init containers\' too, is safe to evict': {
    props: {
      containers: [{ image: IMAGE, writablePaths: ['/tmp', '/var/cache/nginx'] }],
      initContainers: [{ name: 'prepare', image: IMAGE, writablePaths: ['/work'] }],
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    },
    check: (m) => {
      expect(podSpec(m).volumes!.map((v) => v.name)).toEqual(['tmp', 'var-cache-nginx', 'work']);
      expect(m.deployment.spec!.template.metadata!.annotations).toEqual({ 'prometheus.io/scrape': 'true', [SAFE_TO_EVICT]: 'tmp,var-cache-nginx,work' });
    },
  },
  'cluster autoscaler: no writable directory, no annotation': {
    props: { containers: [{ image: IMAGE, writablePaths: [] }] },
    check: (m) => {
      expect(podSpec(m).volumes).toBeUndefined();
      expect(m.deployment.spec!.template.metadata!.annotations).toBeUndefined();
    },
  },
  'cluster autoscaler: the props\' value wins': {
    props: { podAnnotations: { [SAFE_TO_EVICT]: '' } },
    check: (m) => {
      expect(m.deployment.spec!.template.metadata!.annotations).toEqual({ [SAFE_TO_EVICT]: '' });
    },
  },
  'autoscaling with ingress and gRPC': {
    props: {
      containers: [{ image: IMAGE, ports: [Port.grpc(50051, { servicePort: 443 })] }],
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
      exposure: Exposure.ingress({ hosts: ['grpc.example.com'], annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' } }),
    },
    check: (m) => {
      expect(m.ingress!.spec!.rules![0].http!.paths[0].backend.service!.port).toEqual({ name: 'grpc' });
      expect(m.service!.spec!.ports![0]).toMatchObject({ port: 443, targetPort: 'grpc' });
      expect(m.objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'NetworkPolicy', 'Service', 'Deployment', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Ingress']);
    },
  },
};

describe('StatelessApp options: schema-valid, restricted, best-practice clean', () => {
  it.each(Object.entries(rows))('%s', (_name, row) => {
    const m = build(minimalProps(row.props));
    row.check(m);
    const f = findings(asJson(m));
    expect(f.schema).toEqual([]);
    expect(f.restricted).toEqual([]);
    expect(f.bestPractice).toEqual(row.expectedFindings ?? []);
  });

  it('runs as root and adds baseline capabilities only when both risks are acknowledged, and says so on the Deployment', () => {
    const props = {
      ...minimalProps(),
      containers: [{ image: IMAGE, addCapabilities: ['NET_BIND_SERVICE', 'CHOWN', 'SETUID'] }],
      securityContext: { runAsUser: 0, runAsGroup: 0, fsGroup: 0 },
    } as StatelessAppProps;
    const e = validationError(() => build(props));
    expect(e.problems.map((p) => [p.path, p.type])).toEqual([
      ['securityContext.runAsUser', 'conflict'], ['containers[0].addCapabilities[1]', 'conflict'], ['containers[0].addCapabilities[2]', 'conflict'],
    ]);
    expect(e.problems[0].message).toContain("acknowledgeRisks: ['run-as-root']");
    const m = build({ ...props, acknowledgeRisks: ['run-as-root', 'baseline-capabilities'] });
    expect(m.deployment.metadata!.annotations).toEqual({ 'keelson.dev/acknowledged-risks': 'baseline-capabilities,run-as-root' });
    expect(podSpec(m).securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, fsGroup: 0 });
    expect(container(m).securityContext).toMatchObject({
      runAsNonRoot: false,
      runAsUser: 0,
      runAsGroup: 0,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN', 'SETUID'], drop: ['ALL'] },
    });
    // Still schema-valid; the restricted profile refuses exactly root and the capabilities.
    const f = findings(m.objects);
    expect(f.schema).toEqual([]);
    expect(f.restricted.length).toBeGreaterThan(0);
    // Only the root risk: the capabilities are still refused.
    expect(validationError(() => build({ ...props, acknowledgeRisks: ['run-as-root'] })).problems.map((p) => p.path)).toEqual([
      'containers[0].addCapabilities[1]', 'containers[0].addCapabilities[2]',
    ]);
  });

  it('covers at least 30 option rows', () => {
    expect(Object.keys(rows).length).toBeGreaterThanOrEqual(30);
  });
});
