import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { DEFAULTS } from './defaults';
import { NAMESPACE_NAME_LABEL } from './labels';
import type { KubeObject } from './objects';
import { checkDns1123Subdomain, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { Call, CallTarget, CallTargetPort } from '../values/call';

/** The annotation on the objects a caller emits in its callee's namespace: who put them there (`<namespace>/<caller>`). */
export const CALLER_ANNOTATION = 'keelson.dev/caller';

/** A call, checked: the callee and the pod ports it is called on. */
export interface ResolvedCall {
  readonly target: CallTarget;
  /** The callee's pod ports called, sorted, each once per protocol. */
  readonly ports: readonly { readonly port: number; readonly protocol: 'TCP' | 'UDP' | 'SCTP' }[];
  /** The callee is in another namespace than the caller (both known). */
  readonly crossNamespace: boolean;
  readonly trustDomain: string;
}

/**
 * Checks one call of `allowTo` (a `Call`) made by an app in `callerNamespace`; undefined when invalid (recorded).
 * `seen` holds the callees already called, to report a second call to the same app.
 */
export function resolveCall(
  problems: Problems, at: string, call: Call, callerNamespace: unknown, seen: Set<string>,
): ResolvedCall | undefined {
  const before = problems.count;
  const t = call.target as Partial<CallTarget> | undefined;
  if (typeof t !== 'object' || t === null || typeof t.name !== 'string' || typeof t.selector !== 'object' || !Array.isArray(t.ports)) {
    problems.invalid(at, `must name a keelson app (StatelessApp, StatefulApp, CanaryRelease) or its callTarget, got ${describe(t)}`);
    return undefined;
  }
  const target = t as CallTarget;
  const label = `${target.type} ${JSON.stringify(target.name)}`;
  const options = (typeof call.options === 'object' && call.options !== null ? call.options : {}) as Partial<Record<string, unknown>>;
  if (target.ports.length === 0) {
    problems.invalid(at, `calls ${label}, which exposes no port (no Service): there is nothing to call; give its container a port, or remove the call`);
  }
  let ports: readonly CallTargetPort[] = target.ports;
  if (options.port !== undefined) {
    const named = target.ports.filter((p) => p.name === options.port);
    if (named.length === 0 && target.ports.length > 0) {
      const names = target.ports.map((p) => JSON.stringify(p.name)).join(', ');
      problems.notSupported(path(at, 'port'), `${describe(options.port)} is not a port of ${label}'s Service, whose ports are ${names}`);
    }
    ports = named;
  }
  const trustDomain = options.trustDomain ?? DEFAULTS.meshTrustDomain;
  checkDns1123Subdomain(problems, path(at, 'trustDomain'), trustDomain);
  const callerNs = typeof callerNamespace === 'string' ? callerNamespace : undefined;
  const ns = JSON.stringify(target.namespace);
  if (target.namespaceInput) {
    problems.invalid(at, `calls ${label} in a namespace given as another Pulumi input: give both apps the same input, a name or a SecureNamespace`);
  } else if (!target.inCallerNamespace && target.namespace === undefined && callerNs !== undefined) {
    problems.invalid(at, `calls ${label}, which has no namespace, from namespace ${JSON.stringify(callerNs)}: place ${label} in a namespace`);
  } else if (!target.inCallerNamespace && target.namespace !== undefined && callerNs === undefined) {
    problems.invalid(at, `calls ${label} in namespace ${ns} from an app without a namespace: place this app in a namespace`);
  }
  const namespace = target.inCallerNamespace ? callerNs : target.namespace;
  const key = `${namespace ?? ''}/${target.name}`;
  if (seen.has(key)) {
    problems.duplicate(at, `calls ${label} a second time: declare each call once, with Call.to(app, { port }) for one port or the app alone for all its ports`);
  }
  seen.add(key);
  if (problems.count > before) return undefined;
  const unique = new Map(ports.map((p) => [`${p.protocol}/${p.targetPort}`, { port: p.targetPort, protocol: p.protocol }]));
  const sorted = [...unique.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
  const crossNamespace = namespace !== undefined && callerNs !== undefined && namespace !== callerNs;
  const placed = { ...target, ...(namespace !== undefined ? { namespace } : {}) };
  return { target: placed, ports: sorted, crossNamespace, trustDomain: trustDomain as string };
}

/** The caller's egress rule for a call: to the callee's pods, on the called pod ports. */
export function callEgressRule(call: ResolvedCall): NetworkPolicyEgressRule {
  return { to: [peerOf(call.target.selector, call.crossNamespace ? call.target.namespace : undefined)], ports: portsOf(call) };
}

/** The calling app, as the objects of its calls name it. */
export interface Caller {
  readonly name: string;
  readonly namespace?: string;
  readonly selector: Readonly<Record<string, string>>;
  /** The caller pods' ServiceAccount: their mesh identity. */
  readonly serviceAccountName: string;
}

/**
 * What each call adds in the callee's namespace, additive to the callee's own policies (so the
 * callee need not know its callers): a NetworkPolicy `<callee>-from-<caller>` admitting the
 * caller's pods on the called ports and, when the callee runs in a mesh, an AuthorizationPolicy
 * ALLOW of the same name for the caller's ServiceAccount; both carry the callee's labels. From another namespace, the name ends
 * with `.<caller's namespace>`, so callers of the same name in two namespaces do not clash.
 */
export function renderCallObjects(calls: readonly ResolvedCall[] | undefined, caller: Caller): KubeObject[] {
  const out: KubeObject[] = [];
  for (const call of calls ?? []) {
    const { target } = call;
    const metadata = () => ({
      name: `${target.name}-from-${caller.name}${call.crossNamespace ? `.${caller.namespace}` : ''}`,
      ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
      labels: { ...(target.labels ?? target.selector) },
      annotations: { [CALLER_ANNOTATION]: caller.namespace !== undefined ? `${caller.namespace}/${caller.name}` : caller.name },
    });
    const policy: NetworkPolicy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(),
      spec: {
        podSelector: { matchLabels: { ...target.selector } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [peerOf(caller.selector, call.crossNamespace ? caller.namespace : undefined)], ports: portsOf(call) }],
      },
    };
    out.push(policy as unknown as KubeObject);
    if (target.mesh) {
      out.push({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: metadata(),
        spec: {
          selector: { matchLabels: { ...target.selector } },
          action: 'ALLOW',
          rules: [{
            from: [{ source: { principals: [`${call.trustDomain}/ns/${caller.namespace}/sa/${caller.serviceAccountName}`] } }],
            to: [{ operation: { ports: [...new Set(call.ports.map((p) => String(p.port)))] } }],
          }],
        },
      } as KubeObject);
    }
  }
  return out;
}

/** The caller a workload's pods make: its name, namespace, selector and ServiceAccount. */
export function callerOf(name: string, namespace: string | undefined, pod: Omit<Caller, 'name' | 'namespace'>): Caller {
  return { name, namespace, selector: pod.selector, serviceAccountName: pod.serviceAccountName };
}

/** Is this one of the objects a caller emits in its callee's namespace? */
export function isCallObject(o: { readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> } } | undefined): boolean {
  return o?.metadata?.annotations?.[CALLER_ANNOTATION] !== undefined;
}

function peerOf(selector: Readonly<Record<string, string>>, namespace: string | undefined): NetworkPolicyPeer {
  return {
    ...(namespace !== undefined ? { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } } : {}),
    podSelector: { matchLabels: { ...selector } },
  };
}

function portsOf(call: ResolvedCall): NetworkPolicyPort[] {
  return call.ports.map((p) => ({ protocol: p.protocol, port: p.port }));
}

/**
 * A keelson app's call target, read from its objects: the client Service's ports (`<name>`, or a
 * release's `<name>-stable`), each resolved to the pod port its `targetPort` names in the workloads' pods.
 */
export function callTargetOf(
  type: string,
  name: string,
  namespace: string | undefined,
  selector: Readonly<Record<string, string>>,
  objects: readonly KubeObject[],
  mesh: boolean,
): CallTarget {
  const services = objects.filter((o) => o.kind === 'Service');
  const service = services.find((s) => s.metadata.name === name) ?? services.find((s) => s.metadata.name === `${name}-stable`);
  type PodSpec = { containers?: Array<{ ports?: Array<{ name?: string; containerPort: number }> }> };
  type ServicePort = { name?: string; port: number; targetPort?: number | string; protocol?: string };
  const containerPorts = new Map<string, number>();
  for (const o of objects) {
    const pod = (o.spec as { template?: { spec?: PodSpec } } | undefined)?.template?.spec;
    for (const c of pod?.containers ?? []) {
      for (const p of c.ports ?? []) if (p.name !== undefined && !containerPorts.has(p.name)) containerPorts.set(p.name, p.containerPort);
    }
  }
  const ports: CallTargetPort[] = [];
  for (const p of (service?.spec as { ports?: ServicePort[] } | undefined)?.ports ?? []) {
    const named = typeof p.targetPort === 'string' ? containerPorts.get(p.targetPort) : undefined;
    const targetPort = typeof p.targetPort === 'number' ? p.targetPort : typeof p.targetPort === 'string' ? named : p.port;
    if (targetPort === undefined) continue;
    ports.push({ name: p.name ?? '', port: p.port, targetPort, protocol: (p.protocol ?? 'TCP') as CallTargetPort['protocol'] });
  }
  const labels = service?.metadata.labels;
  return {
    type,
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    selector: { ...selector },
    ...(labels ? { labels: { ...labels } } : {}),
    ports,
    ...(mesh ? { mesh } : {}),
  };
}
