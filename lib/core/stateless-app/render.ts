import type { Deployment } from 'kubernetes-types/apps/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { StatelessAppManifest } from './props';
import { ResolvedStatelessApp } from './resolve';
import { annotateRisks } from '../validation/risks';
import { renderAutoscaler } from '../workload/autoscaler';
import { callerOf, renderCallObjects } from '../workload/calls';
import { DEFAULTS } from '../workload/defaults';
import { renderDisruptionBudget } from '../workload/disruption-budget';
import { exposeService, exposureMeshObjects, exposureRouteObjects, exposureRule, meshEntryByKind } from '../workload/exposure';
import { renderNetworkPolicy } from '../workload/network-policy';
import { entryByKind, KubeObject, renderService, renderServiceAccount } from '../workload/objects';
import { renderPod } from '../workload/pod';
import { renderVerticalAutoscaler } from '../workload/vertical-autoscaler';

/** A StatelessApp's objects, from its resolved props: a mapping, no checks. */
export function renderStatelessApp(app: ResolvedStatelessApp): StatelessAppManifest {
  const { pod } = app;
  const exposed = pod.ports.filter((p) => p.expose);
  const meta = (): ObjectMeta => ({
    name: app.name,
    ...(app.namespace !== undefined ? { namespace: app.namespace } : {}),
    labels: { ...pod.labels },
  });
  const serviceAccount = renderServiceAccount(meta(), pod, app.serviceAccountAnnotations);
  const deployment = renderDeployment(app, meta());
  const clusterService = exposed.length ? renderService(meta(), pod.selector, exposed) : undefined;
  const service = clusterService && app.exposure ? exposeService(clusterService, app.exposure) : clusterService;
  const podDisruptionBudget = renderDisruptionBudget(meta(), pod.selector, { maxUnavailable: app.maxUnavailable });
  const horizontalPodAutoscaler = app.autoscaling ? renderAutoscaler(app.autoscaling, meta(), { apiVersion: 'apps/v1', kind: 'Deployment' }) : undefined;
  const verticalPodAutoscaler = app.verticalAutoscaling
    ? renderVerticalAutoscaler(app.verticalAutoscaling, meta(), { apiVersion: 'apps/v1', kind: 'Deployment' })
    : undefined;
  const extraIngress = app.exposure ? [exposureRule(app.exposure)] : [];
  const meshEntry = app.exposure ? exposureMeshObjects(app.exposure, app.name, app.namespace, pod.labels, pod.selector) : [];
  const entry = exposureRouteObjects(app.exposure, app.name, app.namespace, pod.labels);
  const ingress = entry.find((o) => o.kind === 'Ingress') as Ingress | undefined;
  const networkPolicy = renderNetworkPolicy(app.access, exposed, pod.selector, meta(), { ingress: extraIngress });
  const objects: KubeObject[] = [
    serviceAccount, networkPolicy, ...meshEntry, service, deployment, podDisruptionBudget, horizontalPodAutoscaler, verticalPodAutoscaler, ...entry,
  ]
    .filter((o): o is NonNullable<typeof o> => o !== undefined) as unknown as KubeObject[];
  annotateRisks(objects, app.risks);
  objects.push(...renderCallObjects(app.access.calls, callerOf(app.name, app.namespace, pod)));
  return {
    serviceAccount,
    networkPolicy,
    ...meshEntryByKind(meshEntry),
    ...entryByKind(entry),
    service,
    deployment,
    podDisruptionBudget,
    horizontalPodAutoscaler,
    verticalPodAutoscaler,
    ingress,
    selector: pod.selector,
    objects,
  };
}

function renderDeployment(app: ResolvedStatelessApp, metadata: ObjectMeta): Deployment {
  const { rollout, pod } = app;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      ...(app.replicas !== undefined ? { replicas: app.replicas } : {}),
      selector: { matchLabels: { ...pod.selector } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: rollout.maxSurge, maxUnavailable: DEFAULTS.maxUnavailable } },
      minReadySeconds: rollout.minReadySeconds,
      progressDeadlineSeconds: rollout.progressDeadlineSeconds,
      revisionHistoryLimit: rollout.revisionHistoryLimit,
      template: renderPod(pod),
    },
  };
}
