import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { ScaleTarget } from './autoscaler';
import { DEFAULTS } from './defaults';
import type { KubeObject } from './objects';
import { checkKnownKeys, checkObject, describe, isRecord } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { quantity } from '../validation/values';
import { Metric } from '../values/metric';
import { Quantity } from '../values/quantity';

// The VerticalPodAutoscaler (autoscaling.k8s.io/v1) of a StatelessApp or a StatefulApp, and the
// rule that keeps it and a HorizontalPodAutoscaler off the same resource.

/** The resources a VerticalPodAutoscaler sizes. */
export type VpaResource = 'cpu' | 'memory';

/** A VerticalPodAutoscaler (autoscaling.k8s.io/v1) for the app's pods. */
export interface VerticalAutoscalingProps {
  /**
   * What the VPA may do with its recommendations: `Off` only records them, `Initial` sets
   * resources when pods are created, `Recreate`/`Auto` also evicts pods to apply them.
   * @default 'Off': recommendations only; letting the VPA evict and resize pods (a database's
   * members, a service's replicas) is a decision for a human who has read them
   */
  readonly mode?: 'Off' | 'Initial' | 'Recreate' | 'Auto';
  /**
   * The resources the VPA sizes. Leave out one an HPA scales on (`cpu` with `cpuUtilization`).
   * @default `['cpu', 'memory']`: both requests the scheduler reasons with
   */
  readonly controlledResources?: ReadonlyArray<'cpu' | 'memory'>;
  /**
   * What the VPA changes: `RequestsAndLimits` keeps each limit's ratio to its request (keelson's
   * memory limit equals the request, so both move), `RequestsOnly` leaves the limits as keelson set them.
   * @default none emitted: the VPA's `RequestsAndLimits`, so a memory request never outgrows its limit
   */
  readonly controlledValues?: 'RequestsAndLimits' | 'RequestsOnly';
  /**
   * The least the VPA may recommend.
   * @default none
   */
  readonly minAllowed?: {
    /**
     * The smallest CPU request the VPA may recommend, in cores (`'250m'`).
     * @default no floor: the VPA recommends from what it observes
     */
    readonly cpu?: Quantity | string;
    /**
     * The smallest memory request the VPA may recommend, in bytes (`'256Mi'`).
     * @default no floor: the VPA recommends from what it observes
     */
    readonly memory?: Quantity | string;
  };
  /**
   * The most the VPA may recommend.
   * @default none
   */
  readonly maxAllowed?: {
    /**
     * The largest CPU request the VPA may recommend, in cores (`'2'`); at least `minAllowed.cpu`.
     * @default no cap: the VPA may recommend up to what a node offers
     */
    readonly cpu?: Quantity | string;
    /**
     * The largest memory request (and so limit) the VPA may recommend, in bytes (`'4Gi'`); at least `minAllowed.memory`.
     * @default no cap: the VPA may recommend up to what a node offers
     */
    readonly memory?: Quantity | string;
  };
}

/** A VerticalPodAutoscaler object (autoscaling.k8s.io/v1); not in kubernetes-types. */
export interface VerticalPodAutoscaler extends KubeObject {
  /** The VPA's API group and version. */
  readonly apiVersion: 'autoscaling.k8s.io/v1';
  /** The kind. */
  readonly kind: 'VerticalPodAutoscaler';
  /** What the VPA watches and what it may do. */
  readonly spec: {
    /** The workload whose pods the VPA sizes: the app's Deployment or StatefulSet. */
    readonly targetRef: {
      /** The workload's API group and version (`apps/v1`). */
      readonly apiVersion: string;
      /** The workload's kind (`Deployment`, `StatefulSet`). */
      readonly kind: string;
      /** The workload's name. */
      readonly name: string;
    };
    /** How recommendations are applied. */
    readonly updatePolicy: {
      /** `Off`, `Initial`, `Recreate` or `Auto`: the `verticalAutoscaling.mode` prop. */
      readonly updateMode: string;
    };
    /** The bounds of the recommendations. */
    readonly resourcePolicy: {
      /** One policy, for every container (`*`). */
      readonly containerPolicies: ReadonlyArray<{
        /** The container the policy applies to; `*` for all. */
        readonly containerName: string;
        /** The resources the VPA recommends: `cpu` and `memory` unless `controlledResources` says otherwise. */
        readonly controlledResources: readonly string[];
        /** The least the VPA may recommend, by resource (`{ cpu: '250m' }`); absent without `minAllowed`. */
        readonly minAllowed?: Record<string, string>;
        /** The most the VPA may recommend, by resource; absent without `maxAllowed`. */
        readonly maxAllowed?: Record<string, string>;
        /** `RequestsAndLimits` or `RequestsOnly`; absent without `controlledValues`. */
        readonly controlledValues?: string;
      }>;
    };
  };
}

const VPA_MODES: readonly string[] = ['Off', 'Initial', 'Recreate', 'Auto'];
const VPA_RESOURCES: readonly VpaResource[] = ['cpu', 'memory'];
const CONTROLLED_VALUES: readonly string[] = ['RequestsAndLimits', 'RequestsOnly'];

/** A VerticalPodAutoscaler's settings, checked and defaulted. */
export interface ResolvedVerticalAutoscaling {
  readonly mode: string;
  readonly controlledResources: readonly VpaResource[];
  readonly controlledValues?: string;
  readonly minAllowed: Readonly<Record<string, Quantity>>;
  readonly maxAllowed: Readonly<Record<string, Quantity>>;
}

/** Checks the verticalAutoscaling prop (any input); undefined when invalid (recorded). */
export function resolveVerticalAutoscaling(problems: Problems, v: unknown, at = 'verticalAutoscaling'): ResolvedVerticalAutoscaling | undefined {
  if (!checkObject(problems, at, v)) return undefined;
  const before = problems.count;
  checkKnownKeys(problems, at, v, ['mode', 'controlledResources', 'controlledValues', 'minAllowed', 'maxAllowed']);
  const mode: unknown = v.mode ?? DEFAULTS.verticalAutoscalingMode;
  if (typeof mode !== 'string' || !VPA_MODES.includes(mode)) problems.notSupported(path(at, 'mode'), `must be one of ${VPA_MODES.join(', ')}, got ${describe(mode)}`);
  const controlled = controlledResources(problems, path(at, 'controlledResources'), v.controlledResources);
  const values = v.controlledValues;
  if (values !== undefined && (typeof values !== 'string' || !CONTROLLED_VALUES.includes(values))) {
    problems.notSupported(path(at, 'controlledValues'), `must be one of ${CONTROLLED_VALUES.join(', ')}, got ${describe(values)}`);
  }
  const min = bound(problems, at, v, 'minAllowed', controlled);
  const max = bound(problems, at, v, 'maxAllowed', controlled);
  for (const resource of VPA_RESOURCES) {
    if (min[resource] && max[resource] && min[resource].compare(max[resource]) > 0) {
      problems.conflict(path(at, 'maxAllowed', resource), `${max[resource]} is below minAllowed ${min[resource]}`);
    }
  }
  if (problems.count > before) return undefined;
  return {
    mode: mode as string,
    controlledResources: controlled!,
    ...(values !== undefined ? { controlledValues: values as string } : {}),
    minAllowed: min,
    maxAllowed: max,
  };
}

/** `controlledResources`: cpu and/or memory, each once; both when not given. */
function controlledResources(problems: Problems, at: string, value: unknown): VpaResource[] | undefined {
  if (value === undefined) return [...VPA_RESOURCES];
  if (!Array.isArray(value) || value.length === 0) {
    problems.invalid(at, `must be a non-empty array of "cpu" and "memory", got ${describe(value)}: a VPA that sizes nothing does nothing`);
    return undefined;
  }
  const before = problems.count;
  value.forEach((r: unknown, i) => {
    if (r !== 'cpu' && r !== 'memory') problems.notSupported(path(at, i), `must be "cpu" or "memory", got ${describe(r)}`);
    else if (value.indexOf(r) < i) problems.duplicate(path(at, i), `lists ${JSON.stringify(r)} twice`);
  });
  // In the VPA's order, whatever the order given: the object does not change when the list is reordered.
  return problems.count > before ? undefined : VPA_RESOURCES.filter((r) => value.includes(r));
}

function bound(
  problems: Problems, at: string, v: Record<string, unknown>, key: 'minAllowed' | 'maxAllowed', controlled: readonly VpaResource[] | undefined,
): Record<string, Quantity> {
  const value = v[key];
  const out: Record<string, Quantity> = {};
  if (value === undefined || !checkObject(problems, path(at, key), value)) return out;
  checkKnownKeys(problems, path(at, key), value, ['cpu', 'memory']);
  for (const resource of VPA_RESOURCES) {
    if (value[resource] === undefined) continue;
    if (controlled && !controlled.includes(resource)) {
      problems.conflict(path(at, key, resource), `bounds ${resource}, which controlledResources leaves to you: remove it, or add "${resource}" to controlledResources`);
      continue;
    }
    // The maximum caps the requests, and the limits with them (keelson's limit is the request).
    const q = quantity(problems, path(at, key, resource), value[resource], resource, key === 'maxAllowed' ? 'limit' : 'amount');
    if (q) out[resource] = q;
  }
  return out;
}

/**
 * A VPA and an HPA must not act on the same resource: the VPA raises the request, the HPA's
 * utilisation falls and it removes pods, and so on. A VPA in `Off` mode (the default) only records
 * recommendations and changes no pod, so it may watch what the HPA scales on. Judged from the
 * props as given (each is checked on its own elsewhere), so the conflict is reported among the
 * other problems.
 */
export function checkAutoscalersApart(problems: Problems, hpa: unknown, vpa: unknown, at = 'verticalAutoscaling'): void {
  if (!isRecord(hpa) || !isRecord(vpa)) return;
  if ((vpa.mode ?? DEFAULTS.verticalAutoscalingMode) === 'Off') return;
  const listed: unknown = vpa.controlledResources;
  const sized = Array.isArray(listed) ? VPA_RESOURCES.filter((r) => listed.includes(r)) : VPA_RESOURCES;
  const scaled = hpaResources(hpa);
  const both = sized.filter((r) => scaled.has(r));
  if (both.length === 0) return;
  const names = both.join(' and ');
  problems.conflict(at, `sizes the pods' ${names} while autoscaling scales on ${names} use: the VPA would raise the requests and the HPA would remove pods as their utilisation falls, fighting each other; scale the HPA on other metrics (autoscaling.metrics, without cpuUtilization or memoryUtilization), leave ${names} out of verticalAutoscaling.controlledResources, or keep the VPA in mode 'Off' (recommendations only)`);
}

/** The resources an HPA's props scale on: CPU by default (without metrics), and whatever its targets name. */
function hpaResources(a: Record<string, unknown>): Set<VpaResource> {
  const out = new Set<VpaResource>();
  if (a.cpuUtilization !== undefined || a.metrics === undefined) out.add('cpu');
  if (a.memoryUtilization !== undefined) out.add('memory');
  if (Array.isArray(a.metrics)) {
    for (const m of a.metrics) {
      if (m instanceof Metric && m.kind === 'ContainerResource' && (m.name === 'cpu' || m.name === 'memory')) out.add(m.name);
    }
  }
  return out;
}

/** The VerticalPodAutoscaler of the workload. */
export function renderVerticalAutoscaler(v: ResolvedVerticalAutoscaling, metadata: ObjectMeta, target: ScaleTarget): VerticalPodAutoscaler {
  const text = (q: Readonly<Record<string, Quantity>>) => Object.fromEntries(Object.entries(q).map(([k, x]) => [k, x.toString()]));
  return {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata,
    spec: {
      targetRef: { apiVersion: target.apiVersion, kind: target.kind, name: metadata.name! },
      updatePolicy: { updateMode: v.mode },
      resourcePolicy: {
        containerPolicies: [{
          containerName: '*',
          controlledResources: [...v.controlledResources],
          ...(Object.keys(v.minAllowed).length ? { minAllowed: text(v.minAllowed) } : {}),
          ...(Object.keys(v.maxAllowed).length ? { maxAllowed: text(v.maxAllowed) } : {}),
          ...(v.controlledValues !== undefined ? { controlledValues: v.controlledValues } : {}),
        }],
      },
    },
  };
}
