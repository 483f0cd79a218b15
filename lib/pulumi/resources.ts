import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
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
  'batch/v1/Job': () => k8s.batch.v1.Job as unknown as ResourceClass,
  'batch/v1/CronJob': () => k8s.batch.v1.CronJob as unknown as ResourceClass,
  'policy/v1/PodDisruptionBudget': () => k8s.policy.v1.PodDisruptionBudget as unknown as ResourceClass,
  'autoscaling/v2/HorizontalPodAutoscaler': () => k8s.autoscaling.v2.HorizontalPodAutoscaler as unknown as ResourceClass,
  'networking.k8s.io/v1/NetworkPolicy': () => k8s.networking.v1.NetworkPolicy as unknown as ResourceClass,
  'networking.k8s.io/v1/Ingress': () => k8s.networking.v1.Ingress as unknown as ResourceClass,
  'v1/Namespace': () => k8s.core.v1.Namespace as unknown as ResourceClass,
  'v1/ResourceQuota': () => k8s.core.v1.ResourceQuota as unknown as ResourceClass,
  'v1/LimitRange': () => k8s.core.v1.LimitRange as unknown as ResourceClass,
  'rbac.authorization.k8s.io/v1/Role': () => k8s.rbac.v1.Role as unknown as ResourceClass,
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
