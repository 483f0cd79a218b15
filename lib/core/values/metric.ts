import { GivenOptions, copyRecord, given, held, optionsOf } from './given';
import type { Quantity } from './quantity';

/** The kinds of metric a HorizontalPodAutoscaler (autoscaling/v2) scales on besides `cpuUtilization`/`memoryUtilization`. */
export type MetricKind = 'Pods' | 'Object' | 'External' | 'ContainerResource';

/** A per-pod metric from the custom metrics API (e.g. a Prometheus adapter's `http_requests_per_second`). */
export interface PodsMetricOptions {
  /** The target average across the pods (`'100'`, `'500m'`). */
  readonly averageValue: Quantity | string;
  /**
   * Labels that narrow the metric's series (matchLabels).
   * @default none: the metric's series as the adapter serves them for the pods
   */
  readonly selector?: Readonly<Record<string, string>>;
}

/** A target on one value: exactly one of `value` and `averageValue`. */
export interface MetricValueOptions {
  /**
   * The target of the metric's value as it is.
   * @default none: set this or `averageValue`
   */
  readonly value?: Quantity | string;
  /**
   * The target of the metric's value divided by the number of pods.
   * @default none: set this or `value`
   */
  readonly averageValue?: Quantity | string;
  /**
   * Labels that narrow the metric's series (matchLabels).
   * @default none: the metric's series as the adapter serves them
   */
  readonly selector?: Readonly<Record<string, string>>;
}

/** The Kubernetes object an object metric describes (e.g. an Ingress's requests per second). */
export interface DescribedObject {
  /** Its API group and version (`networking.k8s.io/v1`). */
  readonly apiVersion: string;
  /** Its kind (`Ingress`). */
  readonly kind: string;
  /** Its name, in the app's namespace. */
  readonly name: string;
}

/** A target on one container's CPU or memory: exactly one of `averageUtilization` and `averageValue`. */
export interface ContainerResourceMetricOptions {
  /**
   * Target average use, in percent of the container's request (1-1000).
   * @default none: set this or `averageValue`
   */
  readonly averageUtilization?: number;
  /**
   * Target average use as an amount (`'500m'`, `'1Gi'`).
   * @default none: set this or `averageUtilization`
   */
  readonly averageValue?: Quantity | string;
}

const VALUE_KEYS = ['value', 'averageValue', 'selector'];

/**
 * A metric a HorizontalPodAutoscaler scales on (`autoscaling.metrics`), beyond the CPU and memory of
 * the whole pod (`cpuUtilization`, `memoryUtilization`). The HPA computes a replica count for each
 * metric and takes the highest.
 *
 * Factories never throw: a bad name, quantity or selector is reported by the construct that uses
 * the metric, with the property path, among all other problems.
 */
export class Metric {
  /**
   * A metric of each pod, from the custom metrics API (`custom.metrics.k8s.io`, e.g. a Prometheus
   * adapter): `Metric.pods('http_requests_per_second', { averageValue: '100' })`.
   */
  public static pods(name: string, options: PodsMetricOptions): Metric {
    const o = optionsOf(options);
    return new Metric('Pods', name, { averageValue: o.averageValue, selector: copyRecord(o.selector!) }, given(options, ['averageValue', 'selector']));
  }

  /**
   * A metric of another object in the namespace, from the custom metrics API:
   * `Metric.object('requests_per_second', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' }, { value: '2k' })`.
   */
  public static object(name: string, describedObject: DescribedObject, options: MetricValueOptions): Metric {
    const o = optionsOf(options);
    return new Metric(
      'Object', name,
      {
        describedObject: copyRecord(describedObject as unknown as Record<string, string>) as unknown as DescribedObject,
        value: o.value,
        averageValue: o.averageValue,
        selector: copyRecord(o.selector!),
      },
      given(options, VALUE_KEYS),
      held('describedObject', describedObject),
    );
  }

  /**
   * A metric from outside the cluster, from the external metrics API (`external.metrics.k8s.io`, e.g. a
   * queue's length): `Metric.external('queue_messages_ready', { averageValue: '30', selector: { queue: 'orders' } })`.
   */
  public static external(name: string, options: MetricValueOptions): Metric {
    const o = optionsOf(options);
    return new Metric('External', name, { value: o.value, averageValue: o.averageValue, selector: copyRecord(o.selector!) }, given(options, VALUE_KEYS));
  }

  /**
   * The CPU or memory of one container of each pod (not the whole pod, which `cpuUtilization` and
   * `memoryUtilization` take), so a sidecar's use does not blur the app's:
   * `Metric.containerResource('cpu', 'app', { averageUtilization: 60 })`.
   */
  public static containerResource(resource: 'cpu' | 'memory', container: string, options: ContainerResourceMetricOptions): Metric {
    const o = optionsOf(options);
    return new Metric(
      'ContainerResource', resource,
      { container, averageUtilization: o.averageUtilization, averageValue: o.averageValue },
      given(options, ['averageUtilization', 'averageValue']),
      held('container', container),
    );
  }

  /** The options as given, for the construct to check. @internal */
  public readonly given: readonly GivenOptions[];

  private constructor(
    /** Where the metric comes from. */
    public readonly kind: MetricKind,
    /** The metric's name (for `ContainerResource`, the resource: `cpu` or `memory`). */
    public readonly name: string,
    /** The target and what it applies to, as given (checked by the construct). */
    public readonly settings: {
      /** `Object`: the object the metric describes. */
      readonly describedObject?: DescribedObject;
      /** `ContainerResource`: the container whose use counts. */
      readonly container?: string;
      /** `Object`, `External`: the target of the value as it is. */
      readonly value?: Quantity | string;
      /** The target of the value per pod. */
      readonly averageValue?: Quantity | string;
      /** `ContainerResource`: the target in percent of the request. */
      readonly averageUtilization?: number;
      /** Labels narrowing the metric's series. */
      readonly selector?: Readonly<Record<string, string>>;
    },
    ...raw: GivenOptions[]
  ) {
    this.given = raw;
  }
}
