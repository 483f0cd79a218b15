import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { checkInterval } from './analysis';
import { ANALYSIS_DEFAULTS, FLAGGER_DEFAULTS } from './defaults';
import { resolveParentRef } from './gateway-api';
import { checkDuration } from './istio-checks';
import { CustomObject } from './props';
import { RouteContext, Router, RoutingKind, RoutingObjects, ServicesPlan } from './router';
import type { FlaggerAnalysisOptions, FlaggerRoutingOptions } from './routing';
import { ResolvedTrackPod } from './tracks';
import { WorkloadContext, Workloads } from './workloads';
import { checkDns1123Label, checkInteger, checkKnownKeys, checkObject, describe } from '../validation/checks';
import { isAnyHost, resolveHostList } from '../validation/hosts';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { RiskLedger, acknowledgeHint } from '../validation/risks';
import { Duration } from '../values/duration';
import type { Port } from '../values/port';
import { ResolvedAutoscaling, renderAutoscaler, resolveAutoscaling } from '../workload/autoscaler';
import { DEFAULTS } from '../workload/defaults';
import { renderDisruptionBudget } from '../workload/disruption-budget';
import { LABELS } from '../workload/labels';
import { PodTemplateOptions, renderPod } from '../workload/pod';

/** The traffic providers keelson writes a Flagger Canary for. */
export const FLAGGER_PROVIDERS = ['istio', 'gatewayapi:v1', 'nginx'] as const;
type Provider = (typeof FLAGGER_PROVIDERS)[number];

/** Flagger's analysis, checked and defaulted. */
export interface FlaggerAnalysis {
  readonly interval: string;
  readonly threshold: number;
  readonly maxWeight: number;
  readonly stepWeight: number;
  /** The builtin metrics' thresholds; absent with `analysis: false` (an acknowledged risk): Flagger then promotes on time alone. */
  readonly metrics?: { readonly minSuccessPercent: number; readonly maxLatencyMillis: number };
}

/** The Deployment's autoscaler and the Canary's analysis, checked. */
export interface FlaggerWorkload {
  readonly autoscaling?: ResolvedAutoscaling;
  readonly analysis: FlaggerAnalysis;
}

/** The provider and its entry, checked. */
export interface FlaggerRoute {
  readonly name: string;
  readonly provider: Provider;
  readonly port: Port;
  readonly hosts: readonly string[];
  readonly gateway?: { readonly name: string; readonly namespace?: string };
  readonly controllerNamespace?: string;
}

const ROUTE_KEYS = ['provider', 'gateway', 'hosts', 'controllerNamespace', 'analysis'];
const ANALYSIS_KEYS = ['interval', 'threshold', 'maxWeight', 'stepWeight', 'minSuccessRate', 'maxLatency'];

/**
 * Flagger: keelson writes one Deployment `<name>` and the Canary that targets it; Flagger makes the
 * Deployment `<name>-primary`, the Services `<name>`, `<name>-primary`, `<name>-canary` and the
 * provider's routes, and moves the weight while its metric analysis passes (rolling back when not).
 */
export class FlaggerRouter extends Router<FlaggerRoute> {
  public readonly kind: RoutingKind = 'flagger';
  /** The controller drives the canary: its weight is not the props'. */
  public readonly weightCanOverload = false;
  public readonly oneWorkload = true;

  /** One Deployment, whose revisions Flagger copies to `<name>-primary`: no track label. */
  public podOptions(): PodTemplateOptions {
    return { revisionLabelKey: 'pod-template-hash', extraSelector: {} };
  }

  /**
   * What selects the release's pods: `app.kubernetes.io/instance` alone. Flagger renames the selector
   * label it finds (`app.kubernetes.io/name`) to `<name>-primary` on the primary's pods and copies the
   * others, so only the instance label selects the primary's and the canary's pods alike.
   */
  public releaseSelector(name: string): Record<string, string> {
    return { [LABELS.instance]: name };
  }

  /** Flagger makes the Services itself. */
  public services(): ServicesPlan {
    return { services: [] };
  }

  public resolveWorkloads(
    problems: Problems, options: unknown, tracks: readonly ResolvedTrackPod[], hasCanary: boolean, risks: RiskLedger,
  ): FlaggerWorkload | undefined {
    const before = problems.count;
    const stable = tracks[0];
    if (hasCanary) {
      problems.conflict('canary', 'is driven by Flagger with this routing: change the image in `stable` (or the container) and Flagger runs the new revision as the canary, promotes it when its analysis passes and rolls it back when not');
    }
    const a = stable.autoscaling;
    const autoscaling = a ? resolveAutoscaling(problems, a, a.minReplicas ?? DEFAULTS.replicas, path('stable', 'autoscaling')) : undefined;
    const analysis = resolveFlaggerAnalysis(problems, (options as FlaggerRoutingOptions | undefined)?.analysis, risks, problems.construct);
    if (problems.count > before || !analysis) return undefined;
    return { ...(autoscaling ? { autoscaling } : {}), analysis };
  }

  /** The Deployment `<name>`, one PodDisruptionBudget over the primary's and the canary's pods, the autoscaler, the Canary. */
  public renderWorkloads(ctx: WorkloadContext, resolved: unknown): Workloads {
    const w = resolved as FlaggerWorkload;
    const stable = ctx.tracks[0];
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: ctx.meta(),
      spec: {
        ...(w.autoscaling ? {} : { replicas: stable.replicas }),
        // Flagger needs app.kubernetes.io/name in the selector: it is the label it renames on the primary.
        selector: { matchLabels: { ...stable.pod.selector } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: ctx.settings.maxSurge, maxUnavailable: DEFAULTS.maxUnavailable } },
        minReadySeconds: ctx.settings.minReadySeconds,
        progressDeadlineSeconds: ctx.settings.progressDeadlineSeconds,
        revisionHistoryLimit: ctx.settings.revisionHistoryLimit,
        template: renderPod(stable.pod),
      },
    };
    const hpas = w.autoscaling ? [renderAutoscaler(w.autoscaling, ctx.meta(), { apiVersion: 'apps/v1', kind: 'Deployment' })] : [];
    return {
      deployments: [deployment],
      podDisruptionBudgets: [renderDisruptionBudget(ctx.meta(), ctx.selector, { maxUnavailable: ctx.maxUnavailable })],
      horizontalPodAutoscalers: hpas,
      ...(ctx.route
        ? { flaggerCanary: renderFlaggerCanary(ctx.meta(), ctx.route as FlaggerRoute, w, ctx.settings.progressDeadlineSeconds, hpas.length > 0) }
        : {}),
    };
  }

  public resolveRoute(ctx: RouteContext): FlaggerRoute | undefined {
    const { problems } = ctx;
    const before = problems.count;
    const o = this.optionsOf<FlaggerRoutingOptions>(ctx, ROUTE_KEYS);
    if (!o) return undefined;
    const provider = o.provider ?? FLAGGER_DEFAULTS.provider;
    if (!(FLAGGER_PROVIDERS as readonly unknown[]).includes(provider)) {
      problems.invalid(path('routing', 'provider'), `must be one of ${FLAGGER_PROVIDERS.map((p) => `'${p}'`).join(', ')}, got ${describe(provider)}`);
    }
    // "*" is every host as no hosts (an HTTPRoute without hostnames, an Ingress rule without a host);
    // Flagger's VirtualService also serves the Service's own host, and istiod rejects "*" beside it.
    const listed = resolveHostList(problems, path('routing', 'hosts'), o.hosts, {
      required: false,
      purpose: 'the host names of the route',
      ...(provider === 'istio' ? { noAnyHost: "is not available with the istio provider: Flagger's VirtualService also serves the Service's own host, and istiod rejects \"*\" beside another host" } : {}),
    }) ?? [];
    const hosts = isAnyHost(listed) ? [] : listed;
    const gateway = o.gateway === undefined ? undefined : resolveParentRef(problems, o.gateway);
    if (provider === 'gatewayapi:v1' && o.gateway === undefined) {
      problems.required(path('routing', 'gateway'), "is required with the gatewayapi:v1 provider: the Gateway (\"name\" or \"namespace/name\") Flagger's HTTPRoute attaches to");
    }
    if (provider === 'nginx' && o.gateway !== undefined) {
      problems.notSupported(path('routing', 'gateway'), 'is not used by the nginx provider: keelson writes the Ingress `<name>` Flagger copies to `<name>-canary`');
    }
    if (o.controllerNamespace !== undefined) checkDns1123Label(problems, path('routing', 'controllerNamespace'), o.controllerNamespace);
    const controllerNamespace = o.controllerNamespace
      ?? (provider === 'nginx' ? DEFAULTS.ingressControllerNamespace : provider === 'gatewayapi:v1' ? gateway?.namespace ?? ctx.namespace : undefined);
    if (provider === 'gatewayapi:v1' && controllerNamespace === undefined && gateway) {
      problems.required(path('routing', 'controllerNamespace'), "is required when neither the Gateway nor the release has a namespace: the namespace of the Gateway's data-plane pods, which the NetworkPolicy admits");
    }
    if (problems.count > before) return undefined;
    return {
      name: ctx.name,
      provider: provider as Provider,
      port: ctx.port,
      hosts,
      ...(gateway ? { gateway } : {}),
      ...(controllerNamespace !== undefined ? { controllerNamespace } : {}),
    };
  }

  /** The nginx provider's Ingress `<name>` (Flagger adds `<name>-canary`); the Canary is rendered with the workloads. */
  public renderRoute(r: FlaggerRoute, metadata: () => CustomObject['metadata']): RoutingObjects {
    const ingresses: Ingress[] = r.provider !== 'nginx' ? [] : [{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: metadata(),
      spec: {
        ingressClassName: 'nginx',
        rules: (r.hosts.length ? r.hosts : [undefined]).map((host) => ({
          ...(host !== undefined ? { host } : {}),
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: r.name, port: { number: r.port.servicePort } } } }] },
        })),
      },
    }];
    return { ingresses, admitted: r.controllerNamespace ? [r.controllerNamespace] : [] };
  }
}

/** The Canary `<name>`: its target, autoscaler, Service port, provider entry and analysis. */
export function renderFlaggerCanary(
  metadata: CustomObject['metadata'], r: FlaggerRoute, w: FlaggerWorkload, progressDeadlineSeconds: number, hpa: boolean,
): CustomObject {
  const a = w.analysis;
  const g = r.gateway;
  const gatewayRef = g ? { name: g.name, ...(g.namespace !== undefined ? { namespace: g.namespace } : {}) } : undefined;
  const metrics = a.metrics ? [
    { name: 'request-success-rate', thresholdRange: { min: a.metrics.minSuccessPercent }, interval: a.interval },
    { name: 'request-duration', thresholdRange: { max: a.metrics.maxLatencyMillis }, interval: a.interval },
  ] : [];
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata,
    spec: {
      provider: r.provider,
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: r.name },
      ...(hpa ? { autoscalerRef: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: r.name } } : {}),
      ...(r.provider === 'nginx' ? { ingressRef: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: r.name } } : {}),
      progressDeadlineSeconds,
      service: {
        port: r.port.servicePort,
        targetPort: r.port.containerPort,
        portName: r.port.name,
        ...(r.port.protocol === 'grpc' ? { appProtocol: 'grpc' } : {}),
        ...(r.provider !== 'nginx' && r.hosts.length ? { hosts: [...r.hosts] } : {}),
        ...(r.provider === 'istio' && g ? { gateways: [g.namespace !== undefined ? `${g.namespace}/${g.name}` : g.name] } : {}),
        ...(r.provider === 'gatewayapi:v1' && gatewayRef ? { gatewayRefs: [gatewayRef] } : {}),
      },
      analysis: { interval: a.interval, threshold: a.threshold, maxWeight: a.maxWeight, stepWeight: a.stepWeight, metrics },
    },
  };
}

/**
 * Flagger's analysis (its builtin metrics are on unless `analysis: false`, which is the acknowledged
 * risk `canary-without-analysis`); undefined when invalid (recorded).
 */
function resolveFlaggerAnalysis(problems: Problems, value: unknown, risks: RiskLedger, name: string): FlaggerAnalysis | undefined {
  const at = path('routing', 'analysis');
  const interval0 = checkInterval(problems, path(at, 'interval'), ANALYSIS_DEFAULTS.interval)!;
  const { threshold: t, maxWeight: mw, stepWeight: sw } = FLAGGER_DEFAULTS;
  const steps = { interval: interval0, threshold: t, maxWeight: mw, stepWeight: sw };
  if (value === false) {
    if (risks.accepts('canary-without-analysis', 'Canary', name)) return steps;
    problems.invalid(at, `is false: Flagger would promote the canary on time alone, whatever its errors and latency; keep the analysis (set minSuccessRate and maxLatency to fit your app)${acknowledgeHint('canary-without-analysis')}`);
    return undefined;
  }
  if (value !== undefined && !checkObject(problems, at, value)) return undefined;
  const o = (value ?? {}) as FlaggerAnalysisOptions;
  checkKnownKeys(problems, at, o, ANALYSIS_KEYS);
  const before = problems.count;
  const interval = checkInterval(problems, path(at, 'interval'), o.interval ?? ANALYSIS_DEFAULTS.interval);
  const threshold = o.threshold ?? FLAGGER_DEFAULTS.threshold;
  checkInteger(problems, path(at, 'threshold'), threshold, 1, 100);
  const maxWeight = o.maxWeight ?? FLAGGER_DEFAULTS.maxWeight;
  const stepWeight = o.stepWeight ?? FLAGGER_DEFAULTS.stepWeight;
  const maxOk = checkInteger(problems, path(at, 'maxWeight'), maxWeight, 1, 100);
  const stepOk = checkInteger(problems, path(at, 'stepWeight'), stepWeight, 1, 100);
  if (maxOk && stepOk && stepWeight > maxWeight) {
    problems.invalid(path(at, 'stepWeight'), `${stepWeight} is above maxWeight ${maxWeight}: Flagger would never take a step`);
  }
  const minSuccessRate = o.minSuccessRate ?? ANALYSIS_DEFAULTS.minSuccessRate;
  if (typeof minSuccessRate !== 'number' || !(minSuccessRate > 0 && minSuccessRate <= 1)) {
    problems.invalid(path(at, 'minSuccessRate'), `must be a share above 0 and at most 1 (0.99: 99% of requests succeed), got ${describe(minSuccessRate)}`);
  }
  const maxLatency = o.maxLatency ?? ANALYSIS_DEFAULTS.maxLatency;
  const latencyText = checkDuration(problems, path(at, 'maxLatency'), maxLatency);
  if (problems.count > before || interval === undefined || latencyText === undefined) return undefined;
  return {
    interval,
    threshold: threshold as number,
    maxWeight: maxWeight as number,
    stepWeight: stepWeight as number,
    // Flagger's builtins compare the success rate in percent and the P99 latency in milliseconds.
    metrics: {
      minSuccessPercent: Math.round((minSuccessRate as number) * 10000) / 100,
      maxLatencyMillis: (maxLatency as Duration).toMillis(),
    },
  };
}
