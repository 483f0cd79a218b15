import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { checkString } from '../core/validation/checks';
import { Problems } from '../core/validation/problems';
import type { KubeObject } from '../core/workload/objects';

type ResourceClass = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * The typed @pulumi/kubernetes class for each kind keelson emits, so users get the same
 * resource types (and await logic, e.g. Deployment rollout) as if they had written them.
 */
const CLASSES: Record<string, () => ResourceClass> = {
  'v1/ServiceAccount': () => k8s.core.v1.ServiceAccount as unknown as ResourceClass,
  'v1/Service': () => k8s.core.v1.Service as unknown as ResourceClass,
  'apps/v1/Deployment': () => k8s.apps.v1.Deployment as unknown as ResourceClass,
  'apps/v1/StatefulSet': () => k8s.apps.v1.StatefulSet as unknown as ResourceClass,
  'policy/v1/PodDisruptionBudget': () => k8s.policy.v1.PodDisruptionBudget as unknown as ResourceClass,
  'autoscaling/v2/HorizontalPodAutoscaler': () => k8s.autoscaling.v2.HorizontalPodAutoscaler as unknown as ResourceClass,
  'networking.k8s.io/v1/NetworkPolicy': () => k8s.networking.v1.NetworkPolicy as unknown as ResourceClass,
  'networking.k8s.io/v1/Ingress': () => k8s.networking.v1.Ingress as unknown as ResourceClass,
  'v1/Namespace': () => k8s.core.v1.Namespace as unknown as ResourceClass,
  'v1/ResourceQuota': () => k8s.core.v1.ResourceQuota as unknown as ResourceClass,
  'v1/LimitRange': () => k8s.core.v1.LimitRange as unknown as ResourceClass,
  'rbac.authorization.k8s.io/v1/RoleBinding': () => k8s.rbac.v1.RoleBinding as unknown as ResourceClass,
};

/**
 * Registers one core object as a child resource. The logical name is `<component>-<kind>`
 * (URNs carry the parent's type, not its name, so the prefix keeps two apps' children apart);
 * `metadata.name` is explicit, so Pulumi adds no random suffix that selectors could not follow.
 */
export function registerObject(
  component: string,
  obj: KubeObject | Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
  suffix?: string,
): pulumi.CustomResource {
  const { apiVersion, kind, ...rest } = obj as KubeObject;
  const logicalName = `${component}-${suffix ?? kind.toLowerCase()}`;
  const cls = CLASSES[`${apiVersion}/${kind}`];
  if (cls) return new (cls())(logicalName, rest as never, opts);
  // Kinds without a typed class (custom resources such as Istio's) go through CustomResource.
  return new k8s.apiextensions.CustomResource(logicalName, { apiVersion, kind, ...rest } as k8s.apiextensions.CustomResourceArgs, opts);
}

/**
 * Stands in for Pulumi inputs (`Output<string>`, promises) while the core, which knows only plain
 * values, builds the objects; the placeholders are then swapped back for the inputs.
 */
export class DeferredValues {
  private readonly outputs = new Map<string, pulumi.Output<string>>();

  /**
   * A plain string stays as it is; anything else gets a placeholder shaped like a valid value of
   * its kind (so the core's synchronous checks pass) and is checked by `validate` once known.
   */
  public value(input: pulumi.Input<string>, shape: (n: number) => string, validate?: (value: string) => void): string {
    if (typeof input === 'string') return input;
    const token = shape(this.outputs.size);
    this.outputs.set(
      token,
      pulumi.output(input).apply((v) => {
        validate?.(v);
        return v;
      }),
    );
    return token;
  }

  /** A deep copy of `value` with every placeholder replaced by its input. */
  public restore<T>(value: T): T {
    if (this.outputs.size === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.outputs.get(value) ?? value;
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.walk(v);
      return out;
    }
    return value;
  }
}

/**
 * A check for a value that becomes known only at deployment time (an Output). It runs the core's
 * own check and throws the library's error, which fails `pulumi up` with the property path.
 */
export function checkWhenKnown(
  constructType: string,
  construct: string,
  at: string,
  check: (problems: Problems, at: string, value: string) => unknown,
): (value: string) => void {
  return (value) => {
    const problems = new Problems(constructType, construct);
    // An Output typed `any` (a stack reference) may resolve to anything: the core's checks take strings.
    if (checkString(problems, at, value)) check(problems, at, value);
    problems.throwIfAny();
  };
}
