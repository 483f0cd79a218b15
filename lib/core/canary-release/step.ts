import { CANARY_RELEASE, TRACK_LABEL } from './props';
import type { Track, TrackName } from './router';
import { describe } from '../validation/checks';
import { path } from '../validation/path';
import { KeelsonValidationError, Problems, ValidationProblem } from '../validation/problems';
import { LABELS, MANAGED_BY } from '../workload/labels';

type Obj = {
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; labels?: Record<string, unknown>; annotations?: Record<string, unknown> };
  spec?: any;
};

const TRACKS: readonly Track[] = ['stable', 'canary'];
const NGINX = 'nginx.ingress.kubernetes.io';

/** What one set of objects says about a release: the tracks that run pods, those that get traffic and why. */
interface ReleaseView {
  /** The tracks: stable, canary and the named versions whose Deployments are there. */
  readonly tracks: readonly TrackName[];
  /** The track's Deployment exists. */
  readonly present: Record<TrackName, boolean>;
  /** ... and runs pods. */
  readonly running: Record<TrackName, boolean>;
  readonly routed: Partial<Record<TrackName, string>>;
  /** Blue/green: the active colour is chosen by the Service `<name>`. */
  readonly blueGreen: boolean;
}

/**
 * Checks one step of CanaryReleases, from the objects applied before (e.g. the committed output of
 * the previous synth) to the objects about to be applied, and throws one KeelsonValidationError
 * listing every step that would send requests where no pod serves them:
 * - traffic to a track whose pods did not run before the step (a canary added straight at a
 *   weight, or a blue/green switch to a colour scaled up in the same step): its route would apply
 *   at once, its pods only start;
 * - a track stopped (removed, or scaled to 0) while the step before still sent it traffic
 *   (promoting straight from a weight, or retiring the colour that was just active): its pods would
 *   go while clients are still routed to them.
 * Each problem names the next safe step. keelson synthesises each step without state, so this is
 * the check a cdk8s pipeline runs between the previous output and the new one; Pulumi orders the
 * same changes itself (routes wait for the pods they route to, and removed pods go last).
 * Releases that are new in this step, and Argo Rollouts (whose controller moves the traffic), are
 * not checked; mirroring is not traffic (its responses are discarded).
 */
export function checkReleaseStep(previous: readonly unknown[], next: readonly unknown[]): void {
  const problems: ValidationProblem[] = [];
  const input = new Problems(CANARY_RELEASE, '<release step>');
  if (!Array.isArray(previous)) input.invalid('previous', `must be the list of objects applied before, got ${describe(previous)}`);
  if (!Array.isArray(next)) input.invalid('next', `must be the list of objects about to be applied, got ${describe(next)}`);
  input.throwIfAny();
  const before = releases(previous);
  for (const [key, objects] of releases(next)) {
    const old = before.get(key);
    if (!old || objects.some((o) => o.kind === 'Rollout') || old.some((o) => o.kind === 'Rollout')) continue;
    const [namespace, name] = key.split('/');
    const p = new Problems(CANARY_RELEASE, name);
    checkStep(p, name, namespace, view(name, old), view(name, objects));
    problems.push(...p.list());
  }
  if (problems.length > 0) throw new KeelsonValidationError(CANARY_RELEASE, problems);
}

/** The two rules, for one release. */
function checkStep(problems: Problems, name: string, namespace: string, before: ReleaseView, after: ReleaseView): void {
  const where = namespace ? ` in namespace ${namespace}` : '';
  for (const t of [...new Set([...before.tracks, ...after.tracks])]) {
    // A named version's props are at `versions.<version>`.
    const version = (TRACKS as readonly string[]).includes(t) ? undefined : path('versions', t);
    const routed = after.routed[t];
    if (routed !== undefined && !before.running[t]) {
      const first = after.blueGreen
        ? `keep routing.active on the other colour while ${t} gets its pods`
        : version ? `deploy the version dark (${version}.weight 0)` : 'deploy the canary dark (canary.weight 0, no match, header or cookie route to it)';
      problems.conflict(after.blueGreen ? 'routing.active' : version ? path(version, 'weight') : 'canary.weight', `sends requests to the ${t} track${where} (${routed}), whose pods do not run yet: the route applies at once, the pods only start. First ${first}, apply, wait for \`kubectl rollout status deployment/${name}-${t}\`, then route to it`);
    }
    const was = before.routed[t];
    if (was !== undefined && !after.running[t]) {
      const first = before.blueGreen
        ? 'switch routing.active to the other colour (once its pods are ready)'
        : version ? `drain it (${version}.weight 0)` : 'drain it (canary.weight 0, and no match, header or cookie route to it)';
      problems.conflict(after.present[t] ? path(version ?? t, 'replicas') : version ?? t, `stops the ${t} track${where} while the step before still sent it requests (${was}): its pods would go while clients are routed to them. First ${first}, apply and wait, then remove it`);
    }
  }
}

/**
 * keelson CanaryRelease objects by `<namespace>/<name>`, recognised by their track Deployments. A
 * release's objects share `app.kubernetes.io/name` (the track Deployments' own `instance` label is
 * their name, `<name>-stable`).
 */
function releases(objects: readonly unknown[]): Map<string, Obj[]> {
  const valid = objects.filter((o): o is Obj => typeof o === 'object' && o !== null && typeof (o as Obj).metadata === 'object' && (o as Obj).metadata !== null);
  const keyOf = (o: Obj) => `${typeof o.metadata!.namespace === 'string' ? o.metadata!.namespace : ''}/${String(o.metadata!.labels?.[LABELS.name])}`;
  const names = new Set(valid.filter((o) => (o.kind === 'Deployment' || o.kind === 'Rollout') && labelled(o) && (o.kind === 'Rollout' || typeof o.metadata!.labels?.[TRACK_LABEL] === 'string')).map(keyOf));
  const out = new Map<string, Obj[]>();
  for (const o of valid) {
    if (!labelled(o) || !names.has(keyOf(o))) continue;
    const key = keyOf(o);
    out.set(key, [...(out.get(key) ?? []), o]);
  }
  return out;
}

function labelled(o: Obj): boolean {
  const labels = o.metadata?.labels;
  return typeof labels === 'object' && labels !== null && labels[LABELS.managedBy] === MANAGED_BY && typeof labels[LABELS.name] === 'string';
}

/** Which tracks of release `name` run pods, and which get traffic, in one set of objects. */
function view(name: string, objects: readonly Obj[]): ReleaseView {
  const named = (kind: string, n: string) => objects.find((o) => o.kind === kind && o.metadata?.name === n);
  const present: Record<TrackName, boolean> = {};
  const running: Record<TrackName, boolean> = {};
  // Named versions: the release's other Deployments `<name>-<track>` labelled with their track.
  const versions = objects.flatMap((o) => {
    const t: unknown = o.metadata?.labels?.[TRACK_LABEL];
    return o.kind === 'Deployment' && typeof t === 'string' && !(TRACKS as readonly string[]).includes(t) && o.metadata?.name === `${name}-${t}` ? [t] : [];
  });
  const tracks = [...TRACKS, ...versions];
  for (const t of tracks) {
    const d = named('Deployment', `${name}-${t}`);
    present[t] = d !== undefined;
    // Without replicas an autoscaler (or the default of 1) keeps at least one pod.
    running[t] = d !== undefined && (typeof d.spec?.replicas !== 'number' || d.spec.replicas > 0);
  }
  const routed: Partial<Record<TrackName, string>> = {};
  const service = named('Service', name);
  const active: unknown = service?.spec?.selector?.[TRACK_LABEL];
  const blueGreen = active === 'stable' || active === 'canary';
  if (blueGreen) routed[active] = `the active colour: Service ${name} selects it`;
  routeVirtualService(name, named('VirtualService', name), routed, tracks);
  routeIngress(named('Ingress', `${name}-canary`), routed);
  routeHttpRoute(name, named('HTTPRoute', name), routed, tracks);
  routeTraefikService(name, named('TraefikService', name), routed);
  return { tracks, present, running, routed, blueGreen };
}

/** Istio: weighted destinations and match routes (mirroring is not traffic: its responses are discarded). */
function routeVirtualService(name: string, vs: Obj | undefined, routed: Partial<Record<TrackName, string>>, tracks: readonly TrackName[]): void {
  const http = Array.isArray(vs?.spec?.http) ? vs!.spec.http : [];
  for (const r of http) {
    const destinations = Array.isArray(r?.route) ? r.route : [];
    for (const d of destinations) {
      const subset: unknown = d?.destination?.subset;
      const weight = typeof d?.weight === 'number' ? d.weight : destinations.length === 1 ? 100 : 0;
      if (typeof subset === 'string' && tracks.includes(subset) && weight > 0) {
        routed[subset] ??= Array.isArray(r.match) ? `a match route of VirtualService ${name}` : `weight ${weight} in VirtualService ${name}`;
      }
    }
  }
}

/** ingress-nginx: the canary Ingress's weight, header or cookie. */
function routeIngress(ingress: Obj | undefined, routed: Partial<Record<TrackName, string>>): void {
  const a = ingress?.metadata?.annotations;
  if (!a || a[`${NGINX}/canary`] !== 'true') return;
  const weight = Number(a[`${NGINX}/canary-weight`] ?? 0);
  const by = [`${NGINX}/canary-by-header`, `${NGINX}/canary-by-cookie`].filter((k) => a[k] !== undefined);
  if (weight > 0) routed.canary = `canary-weight ${weight} on Ingress ${ingress!.metadata!.name}`;
  else if (by.length) routed.canary = `${by[0].slice(NGINX.length + 1)} on Ingress ${ingress!.metadata!.name}`;
}

/** Gateway API: backendRefs with a positive weight, and header-matched rules. */
function routeHttpRoute(name: string, route: Obj | undefined, routed: Partial<Record<TrackName, string>>, tracks: readonly TrackName[]): void {
  const rules = Array.isArray(route?.spec?.rules) ? route!.spec.rules : [];
  for (const rule of rules) {
    for (const b of Array.isArray(rule?.backendRefs) ? rule.backendRefs : []) {
      const track = tracks.find((t) => b?.name === `${name}-${t}`);
      const weight = typeof b?.weight === 'number' ? b.weight : 1;
      if (track && weight > 0) routed[track] ??= Array.isArray(rule.matches) ? `a header match of HTTPRoute ${name}` : `weight ${weight} in HTTPRoute ${name}`;
    }
  }
}

/** Traefik: the weighted TraefikService's per-track Services with a positive weight (Traefik ignores weight 0). */
function routeTraefikService(name: string, service: Obj | undefined, routed: Partial<Record<Track, string>>): void {
  const services = Array.isArray(service?.spec?.weighted?.services) ? service!.spec.weighted.services : [];
  for (const s of services) {
    const track = TRACKS.find((t) => s?.name === `${name}-${t}`);
    const weight = typeof s?.weight === 'number' ? s.weight : 1;
    if (track && weight > 0) routed[track] ??= `weight ${weight} in TraefikService ${name}`;
  }
}
