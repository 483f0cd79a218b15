/**
 * Production checks modelled on kube-score's and Polaris' default checks, applied to the whole
 * set of objects of one app (so cross-object rules — a PDB, an HPA, a NetworkPolicy selecting
 * the pods — can be checked). Returns one string per finding; empty means clean. For a manifest
 * of several apps, check each app's objects on their own: `groupByInstance`/`bestPracticeByApp`.
 *
 * StatefulSets get the same checks as Deployments, plus: `spec.serviceName` names a headless
 * Service (`clusterIP: None`) of the app, every volumeClaimTemplate is mounted by a container and
 * shares its name with no pod volume, and a VerticalPodAutoscaler's targetRef names the workload.
 * The "replicas < 2" finding does not apply to a StatefulSet whose `replicas` is explicitly 1: a
 * single-member database is a design decision (StatefulApp requires `replicas` to be given, and
 * documents the drain downtime), not a forgotten default. A StatefulSet without `replicas` and
 * without an autoscaler is still reported.
 */
import type { Container, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';

/** Any Kubernetes object, loosely typed for inspection. */
export interface AnyObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [key: string]: any;
}

/** Does a LabelSelector (matchLabels + matchExpressions) select these labels? */
export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Does a Service-style selector (a plain map) select these labels? An empty map selects nothing useful. */
export function mapSelectorMatches(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Is the image pinned to a tag other than `latest`, or to a digest? */
export function imageIsPinned(image: string | undefined): boolean {
  if (!image) return false;
  if (/@sha256:[a-f0-9]{64}$/.test(image) || /@[a-z0-9]+:[a-fA-F0-9]{32,}$/.test(image)) return true;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= lastSlash) return false; // no tag (a colon before the last '/' is a registry port)
  const tag = image.slice(colon + 1);
  return tag.length > 0 && tag !== 'latest';
}

function workloads(objects: readonly AnyObject[]): AnyObject[] {
  return objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
}

function sameNamespace(a: AnyObject, b: AnyObject): boolean {
  return (a.metadata?.namespace ?? '') === (b.metadata?.namespace ?? '');
}

/** The label that tells one app's objects from another's. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** Options of groupByInstance. */
export interface GroupOptions {
  /**
   * A label that splits one app into parts checked on their own, e.g. `keelson.dev/track` for a
   * CanaryRelease's stable and canary Deployments: objects carrying it go to
   * `<instance>#<value>`, and the app's objects without it (Service, NetworkPolicy, ...) are
   * shared by every part. An app without the label stays one group.
   */
  readonly splitBy?: string;
}

/**
 * A multi-app object list split by the `app.kubernetes.io/instance` label, in first-seen order;
 * objects without the label go under `''`. A workload goes with its pods' instance (a
 * CanaryRelease track's Deployment is named, and labelled, `<app>-<track>`; its pods are the
 * app's). Namespaced apps of one name in two namespaces are kept apart
 * (`<namespace>/<instance>` when the list spans several namespaces).
 */
export function groupByInstance(objects: readonly AnyObject[], options: GroupOptions = {}): Record<string, AnyObject[]> {
  const namespaces = new Set(objects.map((o) => o.metadata?.namespace ?? ''));
  const out: Record<string, AnyObject[]> = {};
  for (const o of objects) {
    const instance = o.spec?.template?.metadata?.labels?.[INSTANCE_LABEL] ?? o.metadata?.labels?.[INSTANCE_LABEL] ?? '';
    const key = namespaces.size > 1 && instance ? `${o.metadata?.namespace ?? ''}/${instance}` : instance;
    (out[key] ??= []).push(o);
  }
  const split = options.splitBy;
  if (!split) return out;
  const result: Record<string, AnyObject[]> = {};
  for (const [key, group] of Object.entries(out)) {
    const parts = [...new Set(group.map((o) => o.metadata?.labels?.[split]).filter((v): v is string => v !== undefined))];
    if (!key || parts.length === 0) {
      result[key] = group;
      continue;
    }
    for (const part of parts) result[`${key}#${part}`] = group.filter((o) => [undefined, part].includes(o.metadata?.labels?.[split]));
  }
  return result;
}

/** bestPracticeProblems for each app of a multi-app object list, keyed as by groupByInstance. */
export function bestPracticeByApp(objects: readonly AnyObject[], options: GroupOptions = {}): Record<string, string[]> {
  return Object.fromEntries(Object.entries(groupByInstance(objects, options)).map(([k, v]) => [k, bestPracticeProblems(v)]));
}

/** Does a `targetRef`/`scaleTargetRef` name this workload? */
function refersTo(ref: any, d: AnyObject): boolean {
  return ref?.kind === d.kind && ref?.name === d.metadata?.name && ref?.apiVersion === d.apiVersion;
}

/** Volume references of a pod template: every mount names a volume or claim template; claim templates are mounted and unshadowed. */
function volumeProblems(d: AnyObject): string[] {
  const out: string[] = [];
  const id = `${d.kind}/${d.metadata?.name}`;
  const spec = d.spec?.template?.spec ?? {};
  const claims: string[] = (d.spec?.volumeClaimTemplates ?? []).map((t: any) => t.metadata?.name);
  const volumes: string[] = (spec.volumes ?? []).map((v: any) => v.name);
  const containers: Container[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const used = new Set<string>();
  for (const c of containers) {
    for (const ref of [...(c.volumeMounts ?? []), ...(c.volumeDevices ?? [])]) {
      used.add(ref.name);
      if (!volumes.includes(ref.name) && !claims.includes(ref.name)) out.push(`${id} container ${c.name}: mounts ${ref.name}, which is neither a volume nor a volumeClaimTemplate`);
    }
  }
  for (const n of claims) {
    if (!used.has(n)) out.push(`${id}: volumeClaimTemplate ${n} is mounted by no container`);
    if (volumes.includes(n)) out.push(`${id}: pod volume ${n} has the name of a volumeClaimTemplate (the controller would replace it)`);
  }
  return out;
}

/** A PDB's budget never blocks a drain: maxUnavailable ≥ 1 (or ≥ 1%), or minAvailable below the replica count. */
function pdbBlocksDrain(spec: any, replicas: number | undefined): string | undefined {
  if (spec.maxUnavailable !== undefined) {
    const m = spec.maxUnavailable;
    if (typeof m === 'number') return m >= 1 ? undefined : `maxUnavailable ${m} blocks drains`;
    const pct = /^(\d+)%$/.exec(String(m));
    return pct && Number(pct[1]) >= 1 ? undefined : `maxUnavailable ${JSON.stringify(m)} blocks drains`;
  }
  if (spec.minAvailable !== undefined) {
    const m = spec.minAvailable;
    if (typeof m === 'number') {
      if (replicas === undefined || m >= replicas) return `minAvailable ${m} >= replicas ${replicas ?? '(autoscaled)'} blocks drains`;
      return undefined;
    }
    const pct = /^(\d+)%$/.exec(String(m));
    return pct && Number(pct[1]) < 100 ? undefined : `minAvailable ${JSON.stringify(m)} blocks drains`;
  }
  return 'neither maxUnavailable nor minAvailable is set';
}

/**
 * Cross-references only: every Service, PDB, NetworkPolicy, HPA and topology-spread selector of
 * the app refers to the pods (or the Deployment) it is meant for, and the workload's own selector
 * matches its template. Used by the property tests; `bestPracticeProblems` includes these.
 */
export function crossReferenceProblems(objects: readonly AnyObject[]): string[] {
  const out: string[] = [];
  const deployments = workloads(objects);
  if (deployments.length === 0) return ['no Deployment or StatefulSet'];
  for (const d of deployments) {
    const id = `${d.kind}/${d.metadata?.name}`;
    const template: PodTemplateSpec = d.spec?.template ?? {};
    const podLabels = template.metadata?.labels ?? {};
    if (!selectorMatches(d.spec?.selector, podLabels)) out.push(`${id}: spec.selector does not match the pod template labels`);
    for (const [i, t] of (template.spec?.topologySpreadConstraints ?? []).entries()) {
      if (!selectorMatches(t.labelSelector, podLabels)) out.push(`${id}: topologySpreadConstraints[${i}].labelSelector does not match the pods`);
    }
    out.push(...volumeProblems(d));
    if (d.kind === 'StatefulSet') {
      const serviceName = d.spec?.serviceName;
      const governing = objects.find((o) => o.kind === 'Service' && o.metadata?.name === serviceName && sameNamespace(o, d));
      if (!serviceName) out.push(`${id}: no spec.serviceName (pods get no stable DNS names)`);
      else if (!governing) out.push(`${id}: serviceName ${serviceName} is not a Service of the app`);
      else if (governing.spec?.clusterIP !== 'None') out.push(`Service/${serviceName}: is the serviceName of ${id} but not headless (clusterIP: None)`);
    }
    for (const o of objects) {
      if (!sameNamespace(o, d)) continue;
      switch (o.kind) {
        case 'Service':
          // The API server refuses a Service with two ports of one number and protocol (or one name).
          for (const [i, p] of (o.spec?.ports ?? []).entries()) {
            const earlier = (o.spec?.ports ?? []).slice(0, i);
            if (earlier.some((q: any) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'))) out.push(`Service/${o.metadata?.name}: port ${p.port}/${p.protocol ?? 'TCP'} is listed twice`);
            if (p.name !== undefined && earlier.some((q: any) => q.name === p.name)) out.push(`Service/${o.metadata?.name}: port name ${p.name} is listed twice`);
          }
          if (!mapSelectorMatches(o.spec?.selector, podLabels)) {out.push(`Service/${o.metadata?.name}: selector does not match the pods of ${id}`);} else {
            const containerPorts = (template.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
            for (const p of o.spec?.ports ?? []) {
              const tp = p.targetPort ?? p.port;
              const ok = typeof tp === 'number' ? containerPorts.some((cp) => cp.containerPort === tp) : containerPorts.some((cp) => cp.name === tp);
              if (!ok) out.push(`Service/${o.metadata?.name}: targetPort ${JSON.stringify(tp)} is not a container port`);
            }
          }
          break;
        case 'PodDisruptionBudget':
          if (!selectorMatches(o.spec?.selector, podLabels)) out.push(`PodDisruptionBudget/${o.metadata?.name}: selector does not match the pods of ${id}`);
          break;
        case 'NetworkPolicy':
          if (!selectorMatches(o.spec?.podSelector, podLabels)) out.push(`NetworkPolicy/${o.metadata?.name}: podSelector does not match the pods of ${id}`);
          break;
        case 'HorizontalPodAutoscaler': {
          const ref = o.spec?.scaleTargetRef ?? {};
          if (!refersTo(ref, d)) {
            out.push(`HorizontalPodAutoscaler/${o.metadata?.name}: scaleTargetRef ${JSON.stringify(ref)} is not ${id}`);
          }
          break;
        }
        case 'VerticalPodAutoscaler': {
          const ref = o.spec?.targetRef ?? {};
          if (!refersTo(ref, d)) out.push(`VerticalPodAutoscaler/${o.metadata?.name}: targetRef ${JSON.stringify(ref)} is not ${id}`);
          break;
        }
        case 'Ingress': {
          const services = objects.filter((s) => s.kind === 'Service' && sameNamespace(s, o));
          for (const rule of o.spec?.rules ?? []) {
            for (const p of rule.http?.paths ?? []) {
              const svc = services.find((s) => s.metadata?.name === p.backend?.service?.name);
              if (!svc) {
                out.push(`Ingress/${o.metadata?.name}: backend service ${p.backend?.service?.name} is not part of the app`);
                continue;
              }
              const port = p.backend.service.port ?? {};
              if (!(svc.spec?.ports ?? []).some((sp: any) => (port.name !== undefined ? sp.name === port.name : sp.port === port.number))) {
                out.push(`Ingress/${o.metadata?.name}: backend port ${JSON.stringify(port)} is not a port of Service/${svc.metadata?.name}`);
              }
            }
          }
          break;
        }
        default:
          break;
      }
    }
  }
  return out;
}

/** Every kube-score/Polaris-style finding for the objects of one app. */
export function bestPracticeProblems(objects: readonly AnyObject[]): string[] {
  const out = crossReferenceProblems(objects);
  for (const d of workloads(objects)) {
    const id = `${d.kind}/${d.metadata?.name}`;
    const template: PodTemplateSpec = d.spec?.template ?? {};
    const spec = template.spec;
    const podLabels = template.metadata?.labels ?? {};
    if (!spec) {
      out.push(`${id}: no pod spec`);
      continue;
    }
    const podSc = spec.securityContext ?? {};
    // Polaris' metadataAndInstanceMismatched.
    if (d.metadata?.labels?.[INSTANCE_LABEL] !== d.metadata?.name) {
      out.push(`${id}: label ${INSTANCE_LABEL} ${JSON.stringify(d.metadata?.labels?.[INSTANCE_LABEL])} is not its name`);
    }

    // Containers.
    for (const c of [...(spec.initContainers ?? []), ...spec.containers] as Container[]) {
      const where = `${id} container ${c.name}`;
      if ((c.ports ?? []).length > 0 && !spec.initContainers?.includes(c)) {
        if (!c.readinessProbe) out.push(`${where}: has ports but no readiness probe`);
        if (!c.livenessProbe) out.push(`${where}: has ports but no liveness probe`);
      }
      if (!c.resources?.requests?.cpu) out.push(`${where}: no CPU request`);
      if (!c.resources?.requests?.memory) out.push(`${where}: no memory request`);
      if (!c.resources?.limits?.memory) out.push(`${where}: no memory limit`);
      if (!imageIsPinned(c.image)) out.push(`${where}: image ${JSON.stringify(c.image)} is not pinned to a tag or digest`);
      const csc = c.securityContext ?? {};
      if (csc.readOnlyRootFilesystem !== true) out.push(`${where}: root filesystem is writable`);
      const uid = csc.runAsUser ?? podSc.runAsUser;
      const gid = csc.runAsGroup ?? podSc.runAsGroup;
      if (uid === undefined || uid <= 10000) out.push(`${where}: runAsUser ${uid} is not above 10000`);
      if (gid === undefined || gid <= 10000) out.push(`${where}: runAsGroup ${gid} is not above 10000`);
    }

    // Service account token.
    if (spec.automountServiceAccountToken !== false) out.push(`${id}: automountServiceAccountToken is not false`);
    const sa = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata?.name === spec.serviceAccountName && sameNamespace(o, d));
    if (sa && sa.automountServiceAccountToken !== false) out.push(`ServiceAccount/${sa.metadata?.name}: automountServiceAccountToken is not false`);

    // Replicas and autoscaling.
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && sameNamespace(o, d) && o.spec?.scaleTargetRef?.name === d.metadata?.name && o.spec?.scaleTargetRef?.kind === d.kind);
    const replicas: number | undefined = d.spec?.replicas;
    if (hpa) {
      if (replicas !== undefined) out.push(`${id}: sets replicas although HorizontalPodAutoscaler/${hpa.metadata?.name} manages them`);
      if ((hpa.spec?.minReplicas ?? 1) < 2) out.push(`HorizontalPodAutoscaler/${hpa.metadata?.name}: minReplicas ${hpa.spec?.minReplicas ?? 1} < 2`);
    } else if (d.kind === 'StatefulSet' && replicas === 1) {
      // Deliberately one member (see the file comment): not a finding.
    } else if ((replicas ?? 1) < 2) {
      out.push(`${id}: replicas ${replicas ?? 1} < 2 and no autoscaler`);
    }

    // PodDisruptionBudget.
    const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget' && sameNamespace(o, d) && selectorMatches(o.spec?.selector, podLabels));
    if (pdbs.length === 0) out.push(`${id}: no PodDisruptionBudget selects its pods`);
    for (const pdb of pdbs) {
      const blocked = pdbBlocksDrain(pdb.spec ?? {}, hpa ? hpa.spec?.minReplicas : replicas ?? 1);
      if (blocked) out.push(`PodDisruptionBudget/${pdb.metadata?.name}: ${blocked}`);
    }

    // NetworkPolicy.
    if (!objects.some((o) => o.kind === 'NetworkPolicy' && sameNamespace(o, d) && selectorMatches(o.spec?.podSelector, podLabels))) {
      out.push(`${id}: no NetworkPolicy selects its pods`);
    }

    // Spread: topology spread or pod anti-affinity selecting the pods.
    const spread = (spec.topologySpreadConstraints ?? []).some((t) => selectorMatches(t.labelSelector, podLabels));
    const anti = [
      ...(spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
      ...(spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm),
    ].some((t) => selectorMatches(t.labelSelector, podLabels));
    if (!spread && !anti) out.push(`${id}: neither topology spread nor pod anti-affinity`);
  }
  return out;
}

/** Does an RBAC rule allow `pods/exec` or `pods/attach` (Polaris' test: a core or `*` group, the subresource or `*`, `get`, `create` or `*`)? */
function allowsExecOrAttach(rule: any): boolean {
  const has = (list: unknown, values: readonly string[]) => Array.isArray(list) && list.some((v) => values.includes(v));
  return has(rule.apiGroups, ['', '*']) && has(rule.resources, ['*', 'pods/exec', 'pods/attach']) && has(rule.verbs, ['*', 'get', 'create']);
}

/**
 * Polaris' RBAC checks, on a set of objects: rolePodExecAttach and clusterrolePodExecAttach (a Role
 * or ClusterRole allowing exec or attach), rolebindingRolePodExecAttach and
 * rolebindingClusterRolePodExecAttach (a RoleBinding to such a role, or to a ClusterRole not in
 * the set — the built-in `edit` and `admin` allow both), and cluster-admin bindings.
 */
export function rbacProblems(objects: readonly AnyObject[]): string[] {
  const out: string[] = [];
  const roles = objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole');
  for (const r of roles) if ((r.rules ?? []).some(allowsExecOrAttach)) out.push(`${r.kind}/${r.metadata?.name}: allows pods/exec or pods/attach`);
  for (const b of objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
    const ref = b.roleRef ?? {};
    const id = `${b.kind}/${b.metadata?.name}`;
    if (ref.name === 'cluster-admin') out.push(`${id}: binds cluster-admin`);
    const role = roles.find((r) => r.kind === ref.kind && r.metadata?.name === ref.name && (ref.kind === 'ClusterRole' || sameNamespace(r, b)));
    if (!role) {
      if (ref.kind === 'ClusterRole') out.push(`${id}: binds ClusterRole ${ref.name}, which is not in the set (the built-in edit and admin allow pods/exec and pods/attach)`);
      else out.push(`${id}: binds ${ref.kind} ${ref.name}, which does not exist`);
    } else if ((role.rules ?? []).some(allowsExecOrAttach)) {
      out.push(`${id}: binds ${ref.kind} ${ref.name}, which allows pods/exec or pods/attach`);
    }
  }
  return out;
}
