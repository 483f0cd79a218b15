import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { STATEFUL_DEFAULTS } from './defaults';
import { VerticalPodAutoscaler } from './props';
import { checkKnownKeys, checkObject, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { quantity } from '../validation/values';
import { Quantity } from '../values/quantity';

const VPA_MODES: readonly string[] = ['Off', 'Initial', 'Recreate', 'Auto'];

/** A VerticalPodAutoscaler's settings, checked and defaulted. */
export interface ResolvedVerticalAutoscaling {
  readonly mode: string;
  readonly minAllowed: Readonly<Record<string, Quantity>>;
  readonly maxAllowed: Readonly<Record<string, Quantity>>;
}

/** Checks the verticalAutoscaling prop (any input); undefined when invalid (recorded). */
export function resolveVerticalAutoscaling(problems: Problems, v: unknown): ResolvedVerticalAutoscaling | undefined {
  if (!checkObject(problems, 'verticalAutoscaling', v)) return undefined;
  const before = problems.count;
  checkKnownKeys(problems, 'verticalAutoscaling', v, ['mode', 'minAllowed', 'maxAllowed']);
  const mode: unknown = v.mode ?? STATEFUL_DEFAULTS.verticalAutoscalingMode;
  if (typeof mode !== 'string' || !VPA_MODES.includes(mode)) problems.notSupported(path('verticalAutoscaling', 'mode'), `must be one of ${VPA_MODES.join(', ')}, got ${describe(mode)}`);
  const min = bound(problems, v, 'minAllowed');
  const max = bound(problems, v, 'maxAllowed');
  for (const resource of ['cpu', 'memory'] as const) {
    if (min[resource] && max[resource] && min[resource].compare(max[resource]) > 0) {
      problems.conflict(path('verticalAutoscaling', 'maxAllowed', resource), `${max[resource]} is below minAllowed ${min[resource]}`);
    }
  }
  if (problems.count > before) return undefined;
  return { mode: mode as string, minAllowed: min, maxAllowed: max };
}

function bound(problems: Problems, v: Record<string, unknown>, key: 'minAllowed' | 'maxAllowed'): Record<string, Quantity> {
  const value = v[key];
  const out: Record<string, Quantity> = {};
  if (value === undefined || !checkObject(problems, path('verticalAutoscaling', key), value)) return out;
  checkKnownKeys(problems, path('verticalAutoscaling', key), value, ['cpu', 'memory']);
  for (const resource of ['cpu', 'memory'] as const) {
    if (value[resource] === undefined) continue;
    // The maximum caps the requests, and the limits with them (keelson's limit is the request).
    const q = quantity(problems, path('verticalAutoscaling', key, resource), value[resource], resource, key === 'maxAllowed' ? 'limit' : 'amount');
    if (q) out[resource] = q;
  }
  return out;
}

/** The VerticalPodAutoscaler of the StatefulSet. */
export function renderVerticalAutoscaler(v: ResolvedVerticalAutoscaling, metadata: ObjectMeta): VerticalPodAutoscaler {
  const text = (q: Readonly<Record<string, Quantity>>) => Object.fromEntries(Object.entries(q).map(([k, x]) => [k, x.toString()]));
  return {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata,
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: metadata.name! },
      updatePolicy: { updateMode: v.mode },
      resourcePolicy: {
        containerPolicies: [{
          containerName: '*',
          controlledResources: ['cpu', 'memory'],
          ...(Object.keys(v.minAllowed).length ? { minAllowed: text(v.minAllowed) } : {}),
          ...(Object.keys(v.maxAllowed).length ? { maxAllowed: text(v.maxAllowed) } : {}),
        }],
      },
    },
  };
}
