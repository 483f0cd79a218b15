import type { MetricSpec, MetricTarget } from 'kubernetes-types/autoscaling/v2';
import { checkDns1123Label, checkDns1123Subdomain, checkInteger, checkKnownKeys, checkObject, checkString, describe, isRecord } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { checkStringMap } from '../validation/values';
import { Metric } from '../values/metric';
import { Quantity } from '../values/quantity';

// The HorizontalPodAutoscaler's metrics beyond the pods' CPU and memory (autoscaling.metrics),
// checked as the API server checks them (pkg/apis/autoscaling/validation), with keelson's paths.

/** The resources whose use an HPA's metrics scale on (a VerticalPodAutoscaler must not also set them). */
export type ScaledResource = 'cpu' | 'memory';

const API_VERSION = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Checks `autoscaling.metrics` (any input); their Kubernetes form, or undefined when invalid (recorded). */
export function resolveMetrics(problems: Problems, at: string, value: unknown): MetricSpec[] | undefined {
  if (!Array.isArray(value)) {
    problems.invalid(at, `must be an array of Metric.pods(), .object(), .external() or .containerResource(), got ${describe(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    problems.invalid(at, 'is empty: give at least one metric, or leave metrics out to scale on CPU');
    return undefined;
  }
  const before = problems.count;
  const seen = new Map<string, number>();
  const out: MetricSpec[] = [];
  value.forEach((m: unknown, i) => {
    const spec = resolveMetric(problems, path(at, i), m);
    if (!spec) return;
    // The same series twice gives the HPA nothing new; the second target would be silently redundant.
    const { target: _target, ...identity } = Object.values(spec).find((x) => typeof x === 'object') as { target?: unknown };
    const key = JSON.stringify([spec.type, identity]);
    const first = seen.get(key);
    if (first !== undefined) problems.duplicate(path(at, i), `scales on the same metric as metrics[${first}]: keep one target per metric`);
    else seen.set(key, i);
    out.push(spec);
  });
  return problems.count > before ? undefined : out;
}

/**
 * A container resource metric names one of the pod's containers: the HPA cannot see the typo and
 * reports the metric missing at run time, scaling on the others. `containers` are the names of the
 * pod's (resolved) containers; a container that is itself invalid is reported where it is given.
 */
export function checkMetricContainers(problems: Problems, autoscaling: unknown, containers: readonly string[], at = 'autoscaling'): void {
  if (!isRecord(autoscaling) || !Array.isArray(autoscaling.metrics) || containers.length === 0) return;
  autoscaling.metrics.forEach((m: unknown, i) => {
    if (!(m instanceof Metric) || m.kind !== 'ContainerResource') return;
    const c = m.settings.container;
    // A name that is not a DNS label is reported as such where the metric is checked.
    if (typeof c === 'string' && DNS_LABEL.test(c) && !containers.includes(c)) {
      problems.invalid(path(at, 'metrics', i, 'container'), `"${c}" is not one of the pod's containers (${containers.join(', ')}): the HPA would find no such metric`);
    }
  });
}

/** The CPU and memory that checked metrics scale on (container resource metrics). */
export function metricResources(metrics: readonly MetricSpec[]): ScaledResource[] {
  return metrics.flatMap((m) => (m.type === 'ContainerResource' ? [m.containerResource!.name as ScaledResource] : []));
}

type MetricIdentifier = { name: string; selector?: { matchLabels: Record<string, string> } };

function resolveMetric(problems: Problems, at: string, m: unknown): MetricSpec | undefined {
  if (!(m instanceof Metric)) {
    problems.invalid(at, `must be made with Metric.pods(), .object(), .external() or .containerResource(), got ${describe(m)}`);
    return undefined;
  }
  const before = problems.count;
  const s = m.settings;
  switch (m.kind) {
    case 'Pods': {
      const metric = identifier(problems, at, m.name, s.selector);
      if (s.averageValue === undefined) problems.required(path(at, 'averageValue'), 'is required: a pods metric is averaged over the pods');
      const target = s.averageValue === undefined ? undefined : quantityTarget(problems, path(at, 'averageValue'), 'AverageValue', s.averageValue);
      return problems.count > before ? undefined : { type: 'Pods', pods: { metric: metric!, target: target! } };
    }
    case 'Object': {
      const describedObject = checkDescribedObject(problems, path(at, 'describedObject'), s.describedObject);
      const metric = identifier(problems, at, m.name, s.selector);
      const target = valueTarget(problems, at, s);
      return problems.count > before ? undefined : { type: 'Object', object: { describedObject: describedObject!, metric: metric!, target: target! } };
    }
    case 'External': {
      const metric = identifier(problems, at, m.name, s.selector);
      const target = valueTarget(problems, at, s);
      return problems.count > before ? undefined : { type: 'External', external: { metric: metric!, target: target! } };
    }
    default: {
      if (m.name !== 'cpu' && m.name !== 'memory') problems.notSupported(path(at, 'resource'), `must be "cpu" or "memory", got ${describe(m.name)}`);
      checkDns1123Label(problems, path(at, 'container'), s.container);
      const target = containerTarget(problems, at, s);
      if (problems.count > before) return undefined;
      return { type: 'ContainerResource', containerResource: { name: m.name, container: s.container!, target: target! } };
    }
  }
}

/** The metric's name (a path segment of the metrics API: not `.` or `..`, no `/` or `%`) and selector. */
function identifier(problems: Problems, at: string, name: unknown, selector: unknown): MetricIdentifier | undefined {
  const nat = path(at, 'name');
  let ok = checkString(problems, nat, name);
  if (ok && (name === '' || name === '.' || name === '..' || /[/%]/.test(name as string))) {
    problems.invalid(nat, `${describe(name)} is not a metric name: it is a path segment of the metrics API, so it is not empty, "." or "..", and has no "/" or "%"`);
    ok = false;
  }
  if (selector === undefined) return ok ? { name: name as string } : undefined;
  const sat = path(at, 'selector');
  const before = problems.count;
  const labels = checkStringMap(problems, sat, selector, true);
  if (problems.count === before && Object.keys(labels).length === 0) {
    problems.invalid(sat, 'has no labels, so it narrows nothing: give at least one label, or leave selector out');
  }
  return ok && problems.count === before ? { name: name as string, selector: { matchLabels: labels } } : undefined;
}

/** `Object` and `External` metrics: exactly one of `value` and `averageValue`. */
function valueTarget(problems: Problems, at: string, s: Metric['settings']): MetricTarget | undefined {
  if (s.value !== undefined && s.averageValue !== undefined) {
    problems.conflict(path(at, 'averageValue'), 'cannot be combined with value: a metric has one target; keep one');
    return undefined;
  }
  if (s.value !== undefined) return quantityTarget(problems, path(at, 'value'), 'Value', s.value);
  if (s.averageValue !== undefined) return quantityTarget(problems, path(at, 'averageValue'), 'AverageValue', s.averageValue);
  problems.required(path(at, 'value'), 'is required: give the target as value (the metric as it is) or averageValue (divided by the pods)');
  return undefined;
}

/** `ContainerResource` metrics: exactly one of `averageUtilization` and `averageValue`. */
function containerTarget(problems: Problems, at: string, s: Metric['settings']): MetricTarget | undefined {
  if (s.averageUtilization !== undefined && s.averageValue !== undefined) {
    problems.conflict(path(at, 'averageValue'), 'cannot be combined with averageUtilization: a metric has one target; keep one');
    return undefined;
  }
  if (s.averageValue !== undefined) return quantityTarget(problems, path(at, 'averageValue'), 'AverageValue', s.averageValue);
  if (s.averageUtilization === undefined) {
    problems.required(path(at, 'averageUtilization'), 'is required: give the target as averageUtilization (percent of the request) or averageValue');
    return undefined;
  }
  return checkInteger(problems, path(at, 'averageUtilization'), s.averageUtilization, 1, 1000)
    ? { type: 'Utilization', averageUtilization: s.averageUtilization }
    : undefined;
}

/** A positive quantity target (the API server refuses zero and negative targets). */
function quantityTarget(problems: Problems, at: string, type: 'Value' | 'AverageValue', value: unknown): MetricTarget | undefined {
  if (!(value instanceof Quantity) && typeof value !== 'string') {
    problems.invalid(at, `must be a Quantity or a string like "100" or "500m", got ${describe(value)}`);
    return undefined;
  }
  const q = Quantity.of(value);
  if (!q.isValid) {
    problems.invalid(at, `${JSON.stringify(String(value))} is not a Kubernetes quantity (e.g. "100", "500m", "2k")`);
    return undefined;
  }
  if (!q.isPositive) {
    problems.invalid(at, `${JSON.stringify(String(value))} must be greater than zero`);
    return undefined;
  }
  return type === 'Value' ? { type, value: q.toString() } : { type, averageValue: q.toString() };
}

function checkDescribedObject(problems: Problems, at: string, d: unknown): { apiVersion: string; kind: string; name: string } | undefined {
  if (!checkObject(problems, at, d)) return undefined;
  const before = problems.count;
  checkKnownKeys(problems, at, d, ['apiVersion', 'kind', 'name'], [], 'property of the described object');
  if (typeof d.apiVersion !== 'string' || !API_VERSION.test(d.apiVersion)) {
    problems.invalid(path(at, 'apiVersion'), `must be an API version like "v1" or "networking.k8s.io/v1", got ${describe(d.apiVersion)}`);
  }
  if (typeof d.kind !== 'string' || !KIND.test(d.kind)) problems.invalid(path(at, 'kind'), `must be a kind like "Ingress", got ${describe(d.kind)}`);
  checkDns1123Subdomain(problems, path(at, 'name'), d.name);
  return problems.count > before ? undefined : { apiVersion: d.apiVersion as string, kind: d.kind as string, name: d.name as string };
}
