/**
 * The cdk8s variants. Each loads only the modules it needs (lazily, so a raw variant never loads
 * keelson and the floor never loads cdk8s), then times construction and synthesis separately.
 */
import * as path from 'path';
import { NAMESPACE, appName, appProps } from './app';
import { Template, compileFactory, compileKindFactory } from './protocol';

/** What a variant measured; the worker adds memory, size and hash. */
export interface Measured {
  readonly importMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  /** CPU time (user + system) of construct + synth. */
  readonly cpuMs: number;
  /** Peak RSS in KiB, read right after the timed part. */
  readonly maxRssKb: number;
  readonly output: string;
  readonly objects: number;
}

const now = (): number => performance.now();

/** CPU time of this process so far, in ms. */
export function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** cdk8s's own YAML options (cdk8s/lib/yaml.js, Yaml.stringify). */
const CDK8S_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/**
 * floor: the same objects as plain JavaScript objects, serialised with the YAML library cdk8s
 * bundles and cdk8s's options, documents joined as cdk8s joins them. No cdk8s, no keelson.
 */
export function floor(n: number, template: Template): Measured {
  const t0 = now();
  // The copy of `yaml` cdk8s itself loads (bundled in cdk8s/node_modules), without loading cdk8s.
  const yamlPath = require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] });
  const YAML: typeof import('yaml') = require(yamlPath);
  const make = compileFactory(template);
  const c1 = cpu();
  const t1 = now();
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    for (const obj of make(appName(i))) docs.push(obj);
  }
  const t2 = now();
  const output = docs.map((d) => YAML.stringify(d, CDK8S_YAML_OPTIONS)).join('---\n');
  const t3 = now();
  return { importMs: t1 - t0, constructMs: t2 - t1, synthMs: t3 - t2, cpuMs: cpu() - c1, maxRssKb: process.resourceUsage().maxRSS, output, objects: docs.length };
}

/** raw-cdk8s: the same objects as ApiObjects in one chart; app.synthYaml(). */
export function rawCdk8s(n: number, template: Template): Measured {
  const t0 = now();
  const { App, ApiObject, Chart }: typeof import('cdk8s') = require('cdk8s');
  const make = compileFactory(template);
  const c1 = cpu();
  const t1 = now();
  const app = new App();
  const chart = new Chart(app, 'bench', { namespace: NAMESPACE });
  let objects = 0;
  for (let i = 0; i < n; i++) {
    const name = appName(i);
    for (const obj of make(name)) {
      new ApiObject(chart, `${name}-${obj.kind}`, obj as unknown as import('cdk8s').ApiObjectProps);
      objects++;
    }
  }
  const t2 = now();
  const output = app.synthYaml();
  const t3 = now();
  return { importMs: t1 - t0, constructMs: t2 - t1, synthMs: t3 - t2, cpuMs: cpu() - c1, maxRssKb: process.resourceUsage().maxRSS, output, objects };
}

/** keelson-cdk8s: keelson's StatelessApp; app.synthYaml(). */
export function keelsonCdk8s(n: number): Measured {
  return keelson(n, false);
}

/** keelson-cdk8s-fast: keelson's StatelessApp; keelson's synthYaml(app) (same bytes as app.synthYaml()). */
export function keelsonCdk8sFast(n: number): Measured {
  return keelson(n, true);
}

function keelson(n: number, fast: boolean): Measured {
  const t0 = now();
  const { App, Chart }: typeof import('cdk8s') = require('cdk8s');
  const keelsonCdk8s: typeof import('keelson/cdk8s') = require('keelson/cdk8s');
  const { StatelessApp } = keelsonCdk8s;
  const c1 = cpu();
  const t1 = now();
  const app = new App();
  const chart = new Chart(app, 'bench', { namespace: NAMESPACE });
  for (let i = 0; i < n; i++) {
    const name = appName(i);
    new StatelessApp(chart, name, appProps(name));
  }
  const t2 = now();
  const output = fast ? keelsonCdk8s.synthYaml(app) : app.synthYaml();
  const t3 = now();
  return { importMs: t1 - t0, constructMs: t2 - t1, synthMs: t3 - t2, cpuMs: cpu() - c1, maxRssKb: process.resourceUsage().maxRSS, output, objects: n * 6 };
}

/**
 * cdk8s-plus-27: the closest equivalent with cdk8s-plus constructs. Not byte-identical (cdk8s-plus
 * has its own defaults and layout); it sets what it can of keelson's defaults: ServiceAccount
 * without token, Deployment with the same strategy, timings, security contexts, probes, requests,
 * writable /tmp and spread, a ClusterIP Service, an HPA on CPU, a NetworkPolicy admitting the
 * namespace on the port. It has no PodDisruptionBudget, so that one is a raw ApiObject.
 */
export function cdk8sPlus(n: number, template: Template): Measured {
  const t0 = now();
  const { App, ApiObject, Chart, Duration, Size }: typeof import('cdk8s') = require('cdk8s');
  const kplus: typeof import('cdk8s-plus-27') = require('cdk8s-plus-27');
  const makeBudget = compileKindFactory(template, 'PodDisruptionBudget');
  const c1 = cpu();
  const t1 = now();
  const app = new App();
  const chart = new Chart(app, 'bench', { namespace: NAMESPACE });
  for (let i = 0; i < n; i++) {
    const name = appName(i);
    const labels = {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/instance': name,
      'app.kubernetes.io/version': '1.4.2',
      'app.kubernetes.io/managed-by': 'cdk8s-plus',
    };
    const metadata = { name, labels };
    const serviceAccount = new kplus.ServiceAccount(chart, `${name}-sa`, { metadata, automountToken: false });
    const scope = new kplus.Deployment(chart, `${name}-deployment`, {
      metadata,
      podMetadata: { labels },
      serviceAccount,
      automountServiceAccountToken: false,
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(25),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      minReady: Duration.seconds(5),
      progressDeadline: Duration.seconds(600),
      terminationGracePeriod: Duration.seconds(30),
      securityContext: { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH },
      spread: true,
      containers: [{
        name,
        image: `registry.example.com/shop/${name}:1.4.2`,
        imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
        ports: [{ number: 8080, name: 'http' }],
        resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(128) } },
        readiness: kplus.Probe.fromHttpGet('/ping', { port: 8080, periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(2), failureThreshold: 3 }),
        liveness: kplus.Probe.fromHttpGet('/health', { port: 8080, periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(2), failureThreshold: 3 }),
        securityContext: { ensureNonRoot: true, user: 10001, group: 10001, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `${name}-tmp`, 'tmp', { sizeLimit: Size.mebibytes(256) }) }],
      }],
    });
    scope.exposeViaService({ name, serviceType: kplus.ServiceType.CLUSTER_IP, ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
    new kplus.HorizontalPodAutoscaler(chart, `${name}-hpa`, {
      metadata,
      target: scope,
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
      scaleDown: { stabilizationWindow: Duration.minutes(5) },
    });
    new kplus.NetworkPolicy(chart, `${name}-np`, {
      metadata,
      selector: scope,
      ingress: { rules: [{ peer: kplus.Pods.all(chart, `${name}-peers`), ports: [kplus.NetworkPolicyPort.tcp(8080)] }] },
    });
    // cdk8s-plus-27 has no PodDisruptionBudget: the same object as keelson's, raw.
    new ApiObject(chart, `${name}-pdb`, makeBudget(name) as unknown as import('cdk8s').ApiObjectProps);
  }
  const t2 = now();
  const output = app.synthYaml();
  const t3 = now();
  const objects = output.split('\n---\n').length;
  return { importMs: t1 - t0, constructMs: t2 - t1, synthMs: t3 - t2, cpuMs: cpu() - c1, maxRssKb: process.resourceUsage().maxRSS, output, objects };
}
