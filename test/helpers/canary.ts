/**
 * Shared fixtures and checks for the CanaryRelease tests: the smallest valid props, the pod
 * templates of both tracks (Deployments and the Argo Rollouts Rollout), the cross-references a
 * CanaryRelease must get right (which Service, PDB, DestinationRule subset and autoscaler selects or
 * targets which pods), and shared object references (which YAML writes as anchors).
 *
 * The StatelessApp checker (`crossReferenceProblems` in best-practice.ts) assumes one workload per
 * app and that every Service selects it; a CanaryRelease has per-track Services, PDBs and subsets
 * that must select exactly one track, so it gets its own checks here.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { stringify } from 'yaml';
import { AnyObject, mapSelectorMatches, selectorMatches } from './best-practice';
import { podSecurityViolations, checkPodTemplate } from './pss';
import { CanaryReleaseManifest, CanaryReleaseProps, KeelsonValidationError, TRACK_LABEL, buildCanaryRelease, checkReleaseStep } from '../../lib';

/** The stable and canary images of the fixtures. */
export const STABLE_IMAGE = 'ghcr.io/acme/api:1.4.2';
export const CANARY_IMAGE = 'ghcr.io/acme/api:1.5.0';

/** The smallest valid props with a canary: Istio routing (the default), namespace `shop`, 10% to the canary. */
export function canaryProps(overrides: Partial<CanaryReleaseProps> = {}): CanaryReleaseProps {
  return {
    name: 'api',
    namespace: 'shop',
    containers: [{ image: STABLE_IMAGE }],
    canary: { image: CANARY_IMAGE, weight: 10 },
    ...overrides,
  };
}

/** Builds with the core and throws when invalid. */
export function buildCanary(props: CanaryReleaseProps): CanaryReleaseManifest {
  return buildCanaryRelease(props);
}

/** The manifest's objects as JSON (what a YAML consumer sees). */
export function canaryJson(m: CanaryReleaseManifest): AnyObject[] {
  return JSON.parse(JSON.stringify(m.objects));
}

/** A workload's pod template, with the owner's `Kind/name`. */
export interface OwnedTemplate {
  readonly owner: string;
  readonly template: PodTemplateSpec;
}

/** The pod templates of the Deployments and of the Rollout (pss.ts's podTemplatesOf does not know Rollouts). */
export function canaryTemplates(objects: readonly AnyObject[]): OwnedTemplate[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Rollout')
    .map((o) => ({ owner: `${o.kind}/${o.metadata?.name}`, template: o.spec?.template }));
}

/** Pod Security Standards "restricted" violations of every pod template, Rollout included. */
export function canaryRestrictedViolations(objects: readonly AnyObject[]): string[] {
  const fromDeployments = podSecurityViolations(objects, 'restricted');
  const fromRollouts = canaryTemplates(objects)
    .filter((t) => t.owner.startsWith('Rollout/'))
    .flatMap(({ owner, template }) => checkPodTemplate(template, 'restricted').map((m) => `${owner}: ${m}`));
  return [...fromDeployments, ...fromRollouts];
}

/** The pods of each track (Argo Rollouts: one template, `stable`, whose revisions the controller labels). */
export function podsByTrack(objects: readonly AnyObject[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const { owner, template } of canaryTemplates(objects)) {
    const labels = template.metadata?.labels ?? {};
    out[owner.startsWith('Rollout/') ? 'stable' : labels[TRACK_LABEL]] = labels;
  }
  return out;
}

/** The tracks (`stable`, `canary`) whose pods a plain-map selector selects. */
function tracksSelectedBy(selector: Readonly<Record<string, string>> | undefined, pods: Record<string, Record<string, string>>): string[] {
  return Object.entries(pods).filter(([, labels]) => mapSelectorMatches(selector, labels)).map(([t]) => t).sort();
}

/**
 * Every cross-reference a CanaryRelease must get right, as one string per problem (empty: all
 * consistent). `expected` says which tracks each Service selects, by Service name.
 */
export function canaryConsistencyProblems(objects: readonly AnyObject[], expectedServices: Readonly<Record<string, readonly string[]>>): string[] {
  const out: string[] = [];
  const pods = podsByTrack(objects);
  const byKey = new Map(objects.map((o) => [`${o.kind}/${o.metadata?.name}`, o]));
  const services = objects.filter((o) => o.kind === 'Service');

  // Each workload's selector, and its spread constraints, select its own template's pods, and only its track's.
  for (const w of objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Rollout')) {
    const id = `${w.kind}/${w.metadata?.name}`;
    const labels = w.spec?.template?.metadata?.labels ?? {};
    if (!selectorMatches(w.spec?.selector, labels)) out.push(`${id}: spec.selector does not match its pod template`);
    for (const [i, t] of (w.spec?.template?.spec?.topologySpreadConstraints ?? []).entries()) {
      if (!selectorMatches(t.labelSelector, labels)) out.push(`${id}: topologySpreadConstraints[${i}] does not select its pods`);
    }
    for (const [track, other] of Object.entries(pods)) {
      if (other !== labels && selectorMatches(w.spec?.selector, other)) out.push(`${id}: spec.selector also selects the ${track} pods`);
    }
    if (w.spec?.template?.spec?.serviceAccountName !== undefined && !byKey.has(`ServiceAccount/${w.spec.template.spec.serviceAccountName}`)) {
      out.push(`${id}: ServiceAccount ${w.spec.template.spec.serviceAccountName} is not part of the app`);
    }
  }

  // Services: exactly the expected tracks; ports target container ports by name.
  const serviceNames = services.map((s) => s.metadata!.name!).sort();
  const expectedNames = Object.keys(expectedServices).sort();
  if (JSON.stringify(serviceNames) !== JSON.stringify(expectedNames)) out.push(`Services are ${serviceNames.join(', ')}, expected ${expectedNames.join(', ')}`);
  for (const s of services) {
    const selected = tracksSelectedBy(s.spec?.selector, pods);
    const expected = [...(expectedServices[s.metadata!.name!] ?? [])].sort();
    if (JSON.stringify(selected) !== JSON.stringify(expected)) out.push(`Service/${s.metadata?.name}: selects ${JSON.stringify(selected)}, expected ${JSON.stringify(expected)}`);
    if (Object.keys(s.spec?.selector ?? {}).includes('app.kubernetes.io/version')) out.push(`Service/${s.metadata?.name}: selects on the version label`);
    for (const t of selected) {
      const owner = canaryTemplates(objects).find((x) => x.template.metadata?.labels === pods[t]);
      const ports = (owner?.template.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
      for (const p of s.spec?.ports ?? []) {
        if (!ports.some((cp) => cp.name === p.targetPort)) out.push(`Service/${s.metadata?.name}: targetPort ${p.targetPort} is not a container port of the ${t} pods`);
      }
    }
  }

  // PodDisruptionBudgets: one per track, each selecting exactly its track (Argo Rollouts: one over all pods).
  for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    const selected = Object.entries(pods).filter(([, l]) => selectorMatches(pdb.spec?.selector, l)).map(([t]) => t);
    // A track's budget is `<name>-<track>` (named versions too); the Rollout's one, `<name>`, is stable's.
    const own = [Object.keys(pods).find((t) => pdb.metadata!.name!.endsWith(`-${t}`)) ?? 'stable'];
    if (JSON.stringify(selected) !== JSON.stringify(own)) out.push(`PodDisruptionBudget/${pdb.metadata?.name}: selects ${JSON.stringify(selected)}, expected ${JSON.stringify(own)}`);
  }

  // The NetworkPolicy covers both tracks.
  for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    for (const [t, l] of Object.entries(pods)) if (!selectorMatches(np.spec?.podSelector, l)) out.push(`NetworkPolicy/${np.metadata?.name}: does not select the ${t} pods`);
  }

  // Autoscalers target a workload of the app.
  for (const hpa of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const target = byKey.get(`${ref.kind}/${ref.name}`);
    if (!target || target.apiVersion !== ref.apiVersion) out.push(`HorizontalPodAutoscaler/${hpa.metadata?.name}: scaleTargetRef ${JSON.stringify(ref)} is not a workload of the app`);
    else if (target.spec?.replicas !== undefined) out.push(`${ref.kind}/${ref.name}: sets replicas although an autoscaler manages them`);
  }

  // DestinationRule subsets: each selects exactly the pods of the track it is named after ("subset
  // labels select the pods that exist"), and the canary's none while there is no canary track (it is
  // kept so that adding or removing the canary never changes the DestinationRule); Argo Rollouts'
  // subsets are empty (the controller adds the revision label).
  const dr = objects.find((o) => o.kind === 'DestinationRule');
  if (dr) {
    const rollout = objects.some((o) => o.kind === 'Rollout');
    for (const subset of dr.spec?.subsets ?? []) {
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(subset.name)) out.push(`DestinationRule subset ${subset.name} is not a DNS label`);
      if (rollout) {
        if (Object.keys(subset.labels ?? {}).length) out.push(`DestinationRule subset ${subset.name}: labels ${JSON.stringify(subset.labels)} would fight Argo Rollouts' injected revision label`);
        continue;
      }
      const selected = tracksSelectedBy(subset.labels, pods);
      const expected = subset.name === 'canary' && !('canary' in pods) ? [] : [subset.name];
      if (JSON.stringify(selected) !== JSON.stringify(expected)) out.push(`DestinationRule subset ${subset.name}: selects ${JSON.stringify(selected)}`);
    }
    const sharedService = services.find((s) => s.metadata?.name === dr.metadata?.name);
    if (dr.spec?.host !== `${dr.metadata?.name}.${dr.metadata?.namespace}.svc.cluster.local`) out.push(`DestinationRule host ${dr.spec?.host} is not the shared Service's FQDN`);
    if (!sharedService) out.push('DestinationRule: no shared Service');
  }

  // VirtualService destinations: the DestinationRule's host and subsets, a port of the shared Service.
  const vs = objects.find((o) => o.kind === 'VirtualService');
  if (vs) {
    const subsets = (dr?.spec?.subsets ?? []).map((s: any) => s.name);
    const svc = services.find((s) => s.metadata?.name === vs.metadata?.name);
    for (const route of vs.spec?.http ?? []) {
      for (const d of [...(route.route ?? []).map((r: any) => r.destination), ...(route.mirror ? [route.mirror] : [])]) {
        if (d.host !== dr?.spec?.host) out.push(`VirtualService route ${route.name}: host ${d.host} is not the DestinationRule's`);
        if (!subsets.includes(d.subset)) out.push(`VirtualService route ${route.name}: subset ${d.subset} is not in the DestinationRule`);
        if (!(svc?.spec?.ports ?? []).some((p: any) => p.port === d.port?.number)) out.push(`VirtualService route ${route.name}: port ${d.port?.number} is not a port of the shared Service`);
      }
    }
  }

  // Ingress and HTTPRoute backends are Services of the app, by a port they have.
  for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
    for (const rule of ing.spec?.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        const svc = byKey.get(`Service/${p.backend?.service?.name}`);
        if (!svc) out.push(`Ingress/${ing.metadata?.name}: backend ${p.backend?.service?.name} is not a Service of the app`);
        else if (!(svc.spec?.ports ?? []).some((sp: any) => sp.name === p.backend.service.port?.name)) out.push(`Ingress/${ing.metadata?.name}: backend port ${JSON.stringify(p.backend.service.port)} is not a port of ${svc.metadata?.name}`);
      }
    }
  }
  for (const route of objects.filter((o) => o.kind === 'HTTPRoute')) {
    for (const rule of route.spec?.rules ?? []) {
      for (const b of rule.backendRefs ?? []) {
        const svc = byKey.get(`Service/${b.name}`);
        if (!svc) out.push(`HTTPRoute/${route.metadata?.name}: backendRef ${b.name} is not a Service of the app`);
        else if (!(svc.spec?.ports ?? []).some((sp: any) => sp.port === b.port)) out.push(`HTTPRoute/${route.metadata?.name}: backendRef port ${b.port} is not a port of ${b.name}`);
      }
    }
  }
  // A TraefikService weighs Services of the app, by a port they have; an IngressRoute routes to the app's TraefikService.
  for (const ts of objects.filter((o) => o.kind === 'TraefikService')) {
    for (const s of ts.spec?.weighted?.services ?? []) {
      const svc = byKey.get(`Service/${s.name}`);
      if (!svc) out.push(`TraefikService/${ts.metadata?.name}: service ${s.name} is not a Service of the app`);
      else if (!(svc.spec?.ports ?? []).some((sp: any) => sp.port === s.port)) out.push(`TraefikService/${ts.metadata?.name}: port ${s.port} is not a port of ${s.name}`);
    }
  }
  for (const ir of objects.filter((o) => o.kind === 'IngressRoute')) {
    for (const r of ir.spec?.routes ?? []) {
      for (const s of r.services ?? []) {
        if (!byKey.get(`${s.kind}/${s.name}`)) out.push(`IngressRoute/${ir.metadata?.name}: service ${s.kind}/${s.name} is not an object of the app`);
      }
    }
  }
  return out;
}

/**
 * Object or array values reachable from two places in `objects` (within one object or across
 * objects): YAML writes them as anchors and aliases, and a change to one changes the other.
 */
export function sharedReferences(objects: readonly unknown[]): string[] {
  const seen = new Map<object, string>();
  const out: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (v === null || typeof v !== 'object') return;
    const first = seen.get(v);
    if (first !== undefined) {
      out.push(`${at} is the same object as ${first}`);
      return;
    }
    seen.set(v, at);
    for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  for (const o of objects as AnyObject[]) walk(o, `${o.kind}/${o.metadata?.name}`);
  return out;
}

/** YAML anchors (`&a1`) or aliases (`*a1`) in each object's own YAML (yaml writes them for repeated references). */
export function yamlAnchors(objects: readonly unknown[]): string[] {
  return (objects as AnyObject[]).flatMap((o) => {
    const text = stringify(o);
    return /(^|[\s[{,:-])[&*][A-Za-z0-9_-]+(\s|$)/m.test(text) ? [`${o.kind}/${o.metadata?.name} has YAML anchors:\n${text}`] : [];
  });
}

/** What checkReleaseStep refuses in the step from `previous` to `next`, as `path: message` lines. */
export function refusal(previous: readonly unknown[], next: readonly unknown[]): string[] {
  try {
    checkReleaseStep(previous, next);
    return [];
  } catch (e) {
    if (e instanceof KeelsonValidationError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
}
