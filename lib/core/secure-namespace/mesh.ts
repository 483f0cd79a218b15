import { checkQuantity } from './checks';
import { NAMESPACE_DEFAULTS } from './defaults';
import { NAMESPACE_OBJECT_NAMES } from './props';
import { checkPrincipalRisk } from './risks';
import { checkDns1123Label, checkKnownKeys, checkObject, checkString, describe } from '../validation/checks';
import { path } from '../validation/path';
import { Problems } from '../validation/problems';
import { RiskLedger } from '../validation/risks';
import { Quantity } from '../values/quantity';

/** Istio for the namespace: sidecar injection, mutual TLS, default-deny authorization. */
export interface MeshProps {
  /**
   * An Istio revision: the namespace gets `istio.io/rev: <revision>` instead of `istio-injection: enabled`.
   * @default none (`istio-injection: enabled`)
   */
  readonly revision?: string;
  /**
   * The namespace istiod runs in; pods may reach it on port 15012 (configuration and certificates).
   * @default 'istio-system'
   */
  readonly controlPlaneNamespace?: string;
  /**
   * The PeerAuthentication mode.
   * @default 'STRICT': sidecars accept only mutual TLS; 'PERMISSIVE' while clients migrate to the mesh
   */
  readonly mtls?: 'STRICT' | 'PERMISSIVE';
  /**
   * Namespaces whose workloads may call this namespace's workloads (AuthorizationPolicy `allow`).
   * @default the namespace itself
   */
  readonly allowFromNamespaces?: readonly string[];
  /**
   * Workload identities that may call this namespace's workloads, e.g.
   * `cluster.local/ns/istio-ingress/sa/istio-ingressgateway`.
   * @default none
   */
  readonly allowFromPrincipals?: readonly string[];
  /**
   * More hosts the Sidecar lets the workloads reach, as `namespace/dns-name` (`payments/*`).
   * @default the namespace (`./*`), the control plane's namespace, and the namespaces of `network.allowTo`
   */
  readonly egressHosts?: readonly string[];
  /**
   * What sidecars do with traffic to hosts outside the mesh registry.
   * @default 'REGISTRY_ONLY': only known services (add ServiceEntries for external ones)
   */
  readonly outboundTrafficPolicy?: 'REGISTRY_ONLY' | 'ALLOW_ANY';
  /**
   * The resources of the sidecar proxy injected into every pod, as your mesh configures them
   * (`global.proxy.resources`, or per pod `sidecar.istio.io/proxyCPU` and friends). The quota
   * check adds them to every pod of every app in the namespace.
   * @default Istio's injection defaults: requests 100m CPU / 128Mi, limits 2 CPU / 1Gi
   */
  readonly sidecarResources?: {
    /**
     * What the scheduler reserves for the proxy in each pod.
     * @default Istio's injection defaults: 100m CPU, 128Mi memory
     */
    readonly requests?: {
      /**
       * The proxy's CPU request, in cores.
       * @default '100m', Istio's injection default
       */
      readonly cpu?: Quantity | string;
      /**
       * The proxy's memory request, in bytes.
       * @default '128Mi', Istio's injection default
       */
      readonly memory?: Quantity | string;
    };
    /**
     * The most the proxy in each pod may use; at least the requests.
     * @default Istio's injection defaults: 2 CPU, 1Gi memory
     */
    readonly limits?: {
      /**
       * The proxy's CPU limit, in cores.
       * @default '2', Istio's injection default
       */
      readonly cpu?: Quantity | string;
      /**
       * The proxy's memory limit, in bytes.
       * @default '1Gi', Istio's injection default
       */
      readonly memory?: Quantity | string;
    };
  };
}

export interface CheckedMesh {
  readonly revision?: string;
  readonly controlPlaneNamespace: string;
  readonly mtls: 'STRICT' | 'PERMISSIVE';
  readonly allowFromNamespaces?: readonly string[];
  readonly allowFromPrincipals: readonly string[];
  readonly egressHosts: readonly string[];
  readonly outboundTrafficPolicy: 'REGISTRY_ONLY' | 'ALLOW_ANY';
  readonly sidecarResources: { readonly requests: Record<string, string>; readonly limits: Record<string, string> };
}

const SIDECAR_HOST = /^(\*|\.|~|[a-z0-9]([-a-z0-9]*[a-z0-9])?)\/(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

export function checkMesh(problems: Problems, m: MeshProps, risks: RiskLedger): CheckedMesh | undefined {
  if (!checkObject(problems, 'mesh', m as unknown)) return undefined;
  checkKnownKeys(problems, 'mesh', m, ['revision', 'controlPlaneNamespace', 'mtls', 'allowFromNamespaces', 'allowFromPrincipals', 'egressHosts', 'outboundTrafficPolicy', 'sidecarResources']);
  // Istio names the revision's istiod and webhooks after it: a revision is a DNS-1123 label.
  if (m.revision === '') problems.invalid(path('mesh', 'revision'), 'is empty: leave it out to use istio-injection: enabled');
  else if (m.revision !== undefined) checkDns1123Label(problems, path('mesh', 'revision'), m.revision);
  const controlPlaneNamespace = m.controlPlaneNamespace ?? NAMESPACE_DEFAULTS.meshControlPlaneNamespace;
  checkDns1123Label(problems, path('mesh', 'controlPlaneNamespace'), controlPlaneNamespace);
  const mtls = m.mtls ?? NAMESPACE_DEFAULTS.meshMtlsMode;
  if (mtls !== 'STRICT' && mtls !== 'PERMISSIVE') problems.invalid(path('mesh', 'mtls'), `must be "STRICT" or "PERMISSIVE", got ${describe(mtls)}`);
  const policy = m.outboundTrafficPolicy ?? NAMESPACE_DEFAULTS.meshOutboundTrafficPolicy;
  if (policy !== 'REGISTRY_ONLY' && policy !== 'ALLOW_ANY') {
    problems.invalid(path('mesh', 'outboundTrafficPolicy'), `must be "REGISTRY_ONLY" or "ALLOW_ANY", got ${describe(policy)}`);
  }
  const list = (key: 'allowFromNamespaces' | 'allowFromPrincipals' | 'egressHosts', check: (at: string, v: unknown) => void): string[] | undefined => {
    const v = m[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      problems.invalid(path('mesh', key), `must be an array of strings, got ${describe(v)}`);
      return [];
    }
    v.forEach((x, i) => check(path('mesh', key, i), x));
    return [...v];
  };
  const allowFromNamespaces = list('allowFromNamespaces', (at, v) => checkDns1123Label(problems, at, v));
  const allowFromPrincipals = list('allowFromPrincipals', (at, v) => {
    if (!checkString(problems, at, v)) return;
    if (v.length === 0 || /\s/.test(v)) problems.invalid(at, `${JSON.stringify(v)} is not a principal: e.g. "cluster.local/ns/istio-ingress/sa/istio-ingressgateway"`);
    // Istio reads one '*' at the start or the end as a wildcard; anywhere else it is a literal that matches no workload.
    else if (v !== '*' && (v.split('*').length > 2 || v.slice(1, -1).includes('*'))) problems.invalid(at, `${JSON.stringify(v)} has a '*' Istio does not read as a wildcard: one '*' at the start or at the end only (elsewhere it is a literal character, so no workload matches)`);
    else checkPrincipalRisk(problems, at, v, risks, NAMESPACE_OBJECT_NAMES.authorizationAllow);
  }) ?? [];
  const egressHosts = list('egressHosts', (at, v) => {
    if (checkString(problems, at, v) && !SIDECAR_HOST.test(v)) {
      problems.invalid(at, `${JSON.stringify(v)} is not a Sidecar host: use "namespace/dns-name", e.g. "payments/*" or "*/api.example.com"`);
    }
  }) ?? [];
  const sidecarResources = checkSidecarResources(problems, m.sidecarResources);
  return {
    revision: m.revision,
    controlPlaneNamespace: typeof controlPlaneNamespace === 'string' ? controlPlaneNamespace : 'invalid',
    sidecarResources,
    mtls: mtls as 'STRICT' | 'PERMISSIVE',
    allowFromNamespaces,
    allowFromPrincipals,
    egressHosts,
    outboundTrafficPolicy: policy as 'REGISTRY_ONLY' | 'ALLOW_ANY',
  };
}

function checkSidecarResources(problems: Problems, given: MeshProps['sidecarResources']): CheckedMesh['sidecarResources'] {
  const at = path('mesh', 'sidecarResources');
  const g = given !== undefined && checkObject(problems, at, given as unknown) ? given : undefined;
  if (g) checkKnownKeys(problems, at, g, ['requests', 'limits']);
  const defaults = {
    requests: { cpu: NAMESPACE_DEFAULTS.meshSidecarCpuRequest, memory: NAMESPACE_DEFAULTS.meshSidecarMemoryRequest },
    limits: { cpu: NAMESPACE_DEFAULTS.meshSidecarCpuLimit, memory: NAMESPACE_DEFAULTS.meshSidecarMemoryLimit },
  };
  const out = { requests: {} as Record<string, string>, limits: {} as Record<string, string> };
  for (const kind of ['requests', 'limits'] as const) {
    const part = g?.[kind];
    if (part !== undefined && checkObject(problems, path(at, kind), part as unknown)) checkKnownKeys(problems, path(at, kind), part, ['cpu', 'memory']);
    for (const r of ['cpu', 'memory'] as const) {
      const value = (part && typeof part === 'object' ? part[r] : undefined) ?? defaults[kind][r];
      const q = checkQuantity(problems, path(at, kind, r), value, false, r, kind === 'limits' ? 'limit' : 'amount');
      if (q) out[kind][r] = q.toString();
    }
  }
  for (const r of ['cpu', 'memory'] as const) {
    const request = out.requests[r];
    const limit = out.limits[r];
    if (request && limit && Quantity.parse(request).compare(Quantity.parse(limit)) > 0) {
      problems.conflict(path(at, 'limits', r), `${limit} is below the request ${request}`);
    }
  }
  return out;
}
