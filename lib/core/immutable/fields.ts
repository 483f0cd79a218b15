/**
 * Which fields of the kinds keelson emits the API server refuses to change, per supported
 * Kubernetes minor, read from the validation code of each release (`k8s.io/kubernetes`
 * v1.33.13, v1.34.4, v1.35.4, v1.36.3 and v1.37.2; paths below are in that module). Each kind
 * lists every field keelson sets (and the immutable ones a JSON patch could set), mutable ones
 * included, so the cluster suite can check both directions on the real API servers.
 *
 * What differs between the supported minors: only a PersistentVolumeClaim's
 * `volumeAttributesClassName` (the VolumeAttributesClass feature is off by default in 1.33 and GA
 * from 1.34). A StatefulSet's `revisionHistoryLimit` is mutable in every supported minor; it was
 * immutable up to 1.32 (v1.32.13 ValidateStatefulSetUpdate does not copy it from the old object;
 * v1.33.13 does).
 */
import type { KindRules } from './rules';
import { KUBERNETES_VERSIONS, KubernetesVersion } from './versions';

const EXTERNAL_NAME = { path: 'spec.type', equals: 'ExternalName' } as const;
const HEADLESS = { path: 'spec.clusterIP', equals: 'None' } as const;

/**
 * pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate. Up to 1.36 it copies the
 * mutable fields (replicas, template, updateStrategy, minReadySeconds, ordinals,
 * revisionHistoryLimit, persistentVolumeClaimRetentionPolicy) from the old object and refuses any
 * other difference in `spec`; 1.37 names the immutable ones (selector, volumeClaimTemplates,
 * serviceName, podManagementPolicy). The same fields either way. Equality is
 * apimachinery's semantic one: an empty list equals an absent one.
 */
const STATEFUL_SET: KindRules = {
  kind: 'apps/StatefulSet',
  source: 'pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate',
  fields: [
    { path: 'spec.selector', change: 'immutable' },
    { path: 'spec.serviceName', change: 'immutable', omitted: { default: '' } },
    { path: 'spec.podManagementPolicy', change: 'immutable', omitted: { default: 'OrderedReady' } },
    { path: 'spec.volumeClaimTemplates', change: 'immutable' },
    { path: 'spec.replicas', change: 'mutable' },
    { path: 'spec.template', change: 'mutable' },
    { path: 'spec.updateStrategy', change: 'mutable' },
    { path: 'spec.minReadySeconds', change: 'mutable' },
    { path: 'spec.revisionHistoryLimit', change: 'mutable' },
    { path: 'spec.persistentVolumeClaimRetentionPolicy', change: 'mutable' },
    { path: 'spec.ordinals', change: 'mutable' },
  ],
};

/**
 * pkg/registry/apps/deployment/strategy.go ValidateUpdate (1.33 to 1.36: the selector is
 * immutable for apps/v1) and pkg/apis/apps/validation/validation.go ValidateDeploymentUpdate (1.37:
 * the same check moved there). Everything else in the spec is validated, not compared.
 */
const DEPLOYMENT: KindRules = {
  kind: 'apps/Deployment',
  source: 'pkg/registry/apps/deployment/strategy.go ValidateUpdate; 1.37: pkg/apis/apps/validation/validation.go ValidateDeploymentUpdate',
  fields: [
    { path: 'spec.selector', change: 'immutable' },
    { path: 'spec.replicas', change: 'mutable' },
    { path: 'spec.template', change: 'mutable' },
    { path: 'spec.strategy', change: 'mutable' },
    { path: 'spec.minReadySeconds', change: 'mutable' },
    { path: 'spec.revisionHistoryLimit', change: 'mutable' },
    { path: 'spec.progressDeadlineSeconds', change: 'mutable' },
  ],
};

/**
 * pkg/apis/core/validation/validation.go ValidateServiceUpdate: validateUpgradeDowngradeClusterIPs
 * (the primary cluster IP may not change once set, unless the old or new type is ExternalName),
 * validateUpgradeDowngradeIPFamilies (the primary family likewise, and a headless Service on
 * either side may change families), validateLoadBalancerClassField (fixed while the type stays
 * LoadBalancer) and validateServiceExternalTrafficFieldsUpdate (healthCheckNodePort, while a
 * health check is needed). pkg/registry/core/service/storage/storage.go patchAllocatedValues
 * keeps the allocated cluster IPs and health-check port when an update leaves them out.
 */
const SERVICE: KindRules = {
  kind: 'Service',
  source: 'pkg/apis/core/validation/validation.go ValidateServiceUpdate; pkg/registry/core/service/storage/storage.go patchAllocatedValues',
  fields: [
    { path: 'spec.clusterIP', change: 'immutable', omitted: 'keepsLive', exceptWhenEither: [EXTERNAL_NAME] },
    { path: 'spec.clusterIPs[0]', change: 'immutable', omitted: 'keepsLive', exceptWhenEither: [EXTERNAL_NAME] },
    { path: 'spec.ipFamilies[0]', change: 'immutable', omitted: 'keepsLive', exceptWhenEither: [EXTERNAL_NAME, HEADLESS] },
    { path: 'spec.loadBalancerClass', change: 'immutable', onlyWhenBoth: [{ path: 'spec.type', equals: 'LoadBalancer' }] },
    {
      path: 'spec.healthCheckNodePort',
      change: 'immutable',
      omitted: 'keepsLive',
      onlyWhenBoth: [{ path: 'spec.type', equals: 'LoadBalancer' }, { path: 'spec.externalTrafficPolicy', equals: 'Local' }],
    },
    { path: 'spec.type', change: 'mutable' },
    { path: 'spec.selector', change: 'mutable' },
    { path: 'spec.ports', change: 'mutable' },
    { path: 'spec.publishNotReadyAddresses', change: 'mutable' },
    { path: 'spec.sessionAffinity', change: 'mutable' },
  ],
};

/**
 * pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate: the selector, the pod template
 * (but for scheduling directives and labels of a suspended Job that never started, which keelson
 * does not rely on), `completions` (but for an elastic Indexed Job) and the pod failure policy are
 * immutable; parallelism, the back-off limit, the deadline, the TTL and `suspend` may change. A
 * BatchJob's Job is named after a hash of its immutable fields, so keelson never updates them.
 */
const JOB: KindRules = {
  kind: 'batch/Job',
  source: 'pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate',
  fields: [
    { path: 'spec.template', change: 'immutable' },
    { path: 'spec.completions', change: 'immutable' },
    { path: 'spec.podFailurePolicy', change: 'immutable' },
    { path: 'spec.parallelism', change: 'mutable' },
    { path: 'spec.backoffLimit', change: 'mutable' },
    { path: 'spec.activeDeadlineSeconds', change: 'mutable' },
    { path: 'spec.ttlSecondsAfterFinished', change: 'mutable' },
    { path: 'spec.suspend', change: 'mutable' },
  ],
};

/** pkg/registry/policy/poddisruptionbudget/strategy.go ValidateUpdate validates the new object only: the whole spec is mutable. */
const POD_DISRUPTION_BUDGET: KindRules = {
  kind: 'policy/PodDisruptionBudget',
  source: 'pkg/registry/policy/poddisruptionbudget/strategy.go ValidateUpdate',
  fields: [
    { path: 'spec.selector', change: 'mutable' },
    { path: 'spec.maxUnavailable', change: 'mutable' },
    { path: 'spec.minAvailable', change: 'mutable' },
    { path: 'spec.unhealthyPodEvictionPolicy', change: 'mutable' },
  ],
};

/** pkg/apis/rbac/validation/validation.go ValidateRoleBindingUpdate: `cannot change roleRef`. */
const ROLE_BINDING: KindRules = {
  kind: 'rbac.authorization.k8s.io/RoleBinding',
  source: 'pkg/apis/rbac/validation/validation.go ValidateRoleBindingUpdate',
  fields: [
    { path: 'roleRef', change: 'immutable' },
    { path: 'subjects', change: 'mutable' },
  ],
};

/** pkg/apis/core/validation/validation.go ValidateResourceQuotaUpdate: the scopes, as a set; `scopeSelector` is not compared. */
const RESOURCE_QUOTA: KindRules = {
  kind: 'ResourceQuota',
  source: 'pkg/apis/core/validation/validation.go ValidateResourceQuotaUpdate',
  fields: [
    { path: 'spec.scopes', change: 'immutable', unordered: true },
    { path: 'spec.hard', change: 'mutable' },
    { path: 'spec.scopeSelector', change: 'mutable' },
  ],
};

/**
 * Not a Kubernetes kind and not versioned with it: the Rollout CRD of Argo Rollouts 1.9.2
 * (manifests/crds/rollout-crd.yaml) puts `self == oldSelf` on `spec.selector`, which the API
 * server enforces in every supported minor (CRD transition rules are GA since 1.29).
 */
const ROLLOUT: KindRules = {
  kind: 'argoproj.io/Rollout',
  source: 'argo-rollouts v1.9.2 manifests/crds/rollout-crd.yaml (x-kubernetes-validations on spec.selector)',
  fields: [
    { path: 'spec.selector', change: 'immutable' },
    { path: 'spec.replicas', change: 'mutable' },
    { path: 'spec.template', change: 'mutable' },
    { path: 'spec.strategy', change: 'mutable' },
    { path: 'spec.revisionHistoryLimit', change: 'mutable' },
  ],
};

/**
 * Not emitted by keelson: the claims the StatefulSet controller makes from a StatefulApp's claim
 * templates, which keelson's remedy for a new size tells you to resize. pkg/apis/core/validation/
 * validation.go ValidatePersistentVolumeClaimUpdate: a bound claim's spec is immutable except
 * `resources.requests` (the storage may not go below the claim's capacity) and
 * `volumeAttributesClassName`; growing also needs the PersistentVolumeClaimResize admission plugin
 * to find a StorageClass with `allowVolumeExpansion`. In 1.33 the VolumeAttributesClass gate is
 * off by default (pkg/features/kube_features.go), and pkg/api/persistentvolumeclaim/util.go drops
 * the field from a claim that does not use one yet; from 1.34 it is GA and may be changed.
 */
function persistentVolumeClaim(volumeAttributesClass: 'dropped' | 'mutable'): KindRules {
  return {
    kind: 'PersistentVolumeClaim',
    source: 'pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimUpdate; plugin/pkg/admission/storage/persistentvolume/resize',
    fields: [
      { path: 'spec.accessModes', change: 'immutable' },
      { path: 'spec.storageClassName', change: 'immutable' },
      { path: 'spec.volumeMode', change: 'immutable', omitted: { default: 'Filesystem' } },
      { path: 'spec.selector', change: 'immutable' },
      { path: 'spec.resources.requests.storage', change: 'growOnly' },
      { path: 'spec.volumeAttributesClassName', change: volumeAttributesClass },
    ],
  };
}

/** The rules of every kind, as of 1.33 (v1.33.13). */
const V1_33: readonly KindRules[] = [STATEFUL_SET, DEPLOYMENT, JOB, SERVICE, POD_DISRUPTION_BUDGET, ROLE_BINDING, RESOURCE_QUOTA, ROLLOUT, persistentVolumeClaim('dropped')];
/** 1.34 (v1.34.4) to 1.37 (v1.37.2): the same, but a claim's volumeAttributesClassName may change. */
const V1_34: readonly KindRules[] = [STATEFUL_SET, DEPLOYMENT, JOB, SERVICE, POD_DISRUPTION_BUDGET, ROLE_BINDING, RESOURCE_QUOTA, ROLLOUT, persistentVolumeClaim('mutable')];

/** The rules per supported minor, checked against each release's source (see the comments above). */
export const IMMUTABLE_FIELDS: Readonly<Record<KubernetesVersion, readonly KindRules[]>> = {
  1.33: V1_33,
  1.34: V1_34,
  1.35: V1_34,
  1.36: V1_34,
  1.37: V1_34,
};

/**
 * Kinds keelson emits whose update validation compares no field with the old object (their specs
 * are validated, never compared), in every supported minor: HorizontalPodAutoscaler
 * (ValidateHorizontalPodAutoscalerUpdate), NetworkPolicy (ValidateNetworkPolicyUpdate), Ingress
 * (ValidateIngressUpdate), Role (ValidateRoleUpdate: rules are mutable), CronJob (ValidateCronJobUpdate:
 * the schedule and the job template are mutable), ServiceAccount, Namespace, LimitRange; and the CRDs of Istio 1.32, the
 * Gateway API 1.6 (HTTPRoute, GRPCRoute), the VPA 1.8, Argo Rollouts 1.9 (AnalysisTemplate), Traefik 3.7 and Flagger 1.36,
 * which have no transition rules (no `oldSelf`) on these kinds.
 */
export const NO_IMMUTABLE_FIELDS: readonly string[] = [
  'autoscaling/HorizontalPodAutoscaler', 'networking.k8s.io/NetworkPolicy', 'networking.k8s.io/Ingress', 'ServiceAccount',
  'Namespace', 'LimitRange', 'autoscaling.k8s.io/VerticalPodAutoscaler', 'networking.istio.io/DestinationRule',
  'networking.istio.io/VirtualService', 'networking.istio.io/Sidecar', 'security.istio.io/PeerAuthentication',
  'security.istio.io/AuthorizationPolicy', 'gateway.networking.k8s.io/HTTPRoute', 'rbac.authorization.k8s.io/Role',
  'batch/CronJob', 'gateway.networking.k8s.io/GRPCRoute', 'networking.istio.io/Gateway', 'argoproj.io/AnalysisTemplate',
  'traefik.io/TraefikService', 'traefik.io/IngressRoute', 'flagger.app/Canary',
];

/** The rules of a kind (`apps/StatefulSet`) in a minor, or undefined for a kind without immutable fields. */
export function rulesOf(kind: string, version: KubernetesVersion): KindRules | undefined {
  return IMMUTABLE_FIELDS[version].find((k) => k.kind === kind);
}

/**
 * Kinds with a field that is immutable (or grow-only) in at least one supported minor: the kinds
 * keelson.lock.json records.
 */
export const GUARDED_KINDS: ReadonlySet<string> = new Set(
  KUBERNETES_VERSIONS.flatMap((v) => IMMUTABLE_FIELDS[v].filter((k) => k.fields.some((f) => f.change === 'immutable' || f.change === 'growOnly')).map((k) => k.kind)),
);
