import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { BrandedApp, appTypeOf, isKeelsonApp } from '../app-brand';
import { claimObjects } from './interop';
import { KeelsonApiObject, guardWithLock } from './lock';
import { buildSecureNamespace } from '../core/secure-namespace/build';
import { SECURE_NAMESPACE, SecureNamespaceProps } from '../core/secure-namespace/props';
import { AppObjects, NamespacePolicy, checkQuotaFit, enforcedLevel } from '../core/secure-namespace/quota-fit';
import { isRecord } from '../core/validation/checks';
import { checkNotCircular } from '../core/validation/props';
import { NetworkPeer } from '../core/values/network-peer';
import { isCallObject } from '../core/workload/calls';
import type { KubeObject } from '../core/workload/objects';

/** Props of the cdk8s SecureNamespace: the core props, with the name defaulting to the construct id. */
export interface SecureNamespaceCdk8sProps extends Omit<SecureNamespaceProps, 'name'> {
  /**
   * The namespace's name.
   * @default the construct id (not the tree path: moving the construct renames nothing)
   */
  readonly name?: string;
}

const SECURE_NAMESPACE_SYMBOL = Symbol.for('keelson.cdk8s.SecureNamespace');

/** Kinds whose objects the fit check reads in full; of the others it needs only kind and name. */
const READ_IN_FULL = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout', 'Job', 'CronJob', 'Pod', 'HorizontalPodAutoscaler', 'Service', 'PersistentVolumeClaim']);

/**
 * One team's namespace on a shared cluster, for cdk8s: the Namespace with Pod Security Admission
 * labels, a ResourceQuota, a LimitRange, default-deny NetworkPolicies with DNS allowed,
 * keelson's least-privilege Roles and the RoleBindings for the team and its CI deployers, the `default` ServiceAccount without an API token, and optionally
 * Istio's sidecar injection, mutual TLS, default-deny authorization and Sidecar.
 *
 * Create the namespace's apps in its scope, `new StatelessApp(ns, 'web', {...})`: they take its
 * namespace, come after it in the YAML, and at synth (`app.synth()`, `synthYaml()`,
 * `chart.toJson()`) keelson checks that they fit its quota and LimitRange, throwing a
 * KeelsonValidationError with the numbers when they do not. Apps elsewhere in the cdk8s app whose
 * namespace is this one's are checked too.
 */
export class SecureNamespace extends Construct {
  /** True for a keelson SecureNamespace (also across copies of the library). */
  public static isSecureNamespace(x: unknown): x is SecureNamespace {
    return typeof x === 'object' && x !== null && SECURE_NAMESPACE_SYMBOL in x;
  }

  /** The namespace's name. */
  public readonly name: string;
  /** The Namespace (cluster-scoped: synthesised without `metadata.namespace`). */
  public readonly namespace: ApiObject;
  /** The namespace-wide ResourceQuota `default`. */
  public readonly resourceQuota: ApiObject;
  /** The scoped ResourceQuotas, in the order of `quota.scoped`. */
  public readonly scopedQuotas: readonly ApiObject[];
  /** The LimitRange `default`: the defaults and bounds of each container and claim. */
  public readonly limitRange: ApiObject;
  /** The namespace's `default` ServiceAccount. */
  public readonly serviceAccount: ApiObject;
  /** The NetworkPolicies by name (`default-deny`, `allow-dns`, ...). */
  public readonly networkPolicies: Readonly<Record<string, ApiObject>>;
  /** keelson's Roles by name (`keelson-viewer`, `keelson-deployer`): those `access` binds. */
  public readonly roles: Readonly<Record<string, ApiObject>>;
  /** The RoleBindings by name (`team-keelson-viewer`, `deployers-keelson-deployer`, `admins`). */
  public readonly roleBindings: Readonly<Record<string, ApiObject>>;
  /** With `mesh` only. */
  public readonly peerAuthentication?: ApiObject;
  /** The AuthorizationPolicies by name (`allow`, `default-deny`); with `mesh` only. */
  public readonly authorizationPolicies: Readonly<Record<string, ApiObject>>;
  /** With `mesh` only. */
  public readonly sidecar?: ApiObject;

  private readonly quotaAt: ReadonlyArray<{ readonly object: ApiObject; readonly at: string }>;
  private readonly own: ReadonlySet<IConstruct>;
  /** The mesh's sidecar, counted in every pod by the quota check. */
  private readonly injected?: NamespacePolicy['injected'];

  constructor(scope: Construct, id: string, props: SecureNamespaceCdk8sProps = {}) {
    // Validate and build before joining the tree: bad props add nothing.
    checkNotCircular(SECURE_NAMESPACE, props, { id });
    const given = isRecord(props) ? (props as SecureNamespaceCdk8sProps) : undefined;
    const name = given?.name ?? id;
    const manifest = buildSecureNamespace(given ? { ...given, name } : (props as unknown as SecureNamespaceProps), { id });
    const record = claimObjects(scope, id, SECURE_NAMESPACE, manifest.name, manifest.objects);
    super(scope, id);
    record();
    Object.defineProperty(this, SECURE_NAMESPACE_SYMBOL, { value: true });
    this.name = manifest.name;

    const add = (obj: KubeObject, objectId: string): ApiObject => new KeelsonApiObject(this, objectId, obj);
    this.namespace = new ClusterScopedApiObject(this, 'Namespace', manifest.namespace as unknown as KubeObject);
    this.resourceQuota = add(manifest.resourceQuota as KubeObject, 'ResourceQuota');
    this.scopedQuotas = manifest.scopedQuotas.map((q) => add(q as KubeObject, `ResourceQuota-${q.metadata!.name}`));
    this.limitRange = add(manifest.limitRange as KubeObject, 'LimitRange');
    this.serviceAccount = add(manifest.serviceAccount as KubeObject, 'ServiceAccount');
    const byName = (list: readonly unknown[], kind: string) =>
      Object.fromEntries((list as readonly KubeObject[]).map((o) => [o.metadata.name!, add(o, `${kind}-${o.metadata.name}`)]));
    this.networkPolicies = byName(manifest.networkPolicies, 'NetworkPolicy');
    this.roles = byName(manifest.roles, 'Role');
    this.roleBindings = byName(manifest.roleBindings, 'RoleBinding');
    this.peerAuthentication = manifest.peerAuthentication && add(manifest.peerAuthentication, 'PeerAuthentication');
    this.authorizationPolicies = byName(manifest.authorizationPolicies, 'AuthorizationPolicy');
    this.sidecar = manifest.sidecar && add(manifest.sidecar, 'Sidecar');

    this.injected = manifest.meshSidecar;
    this.quotaAt = [
      { object: this.resourceQuota, at: 'quota' },
      ...this.scopedQuotas.map((object, i) => ({ object, at: `quota.scoped[${i}]` })),
    ];
    this.own = new Set(this.node.children);
    // cdk8s runs every construct's validations before it writes anything (App.synth, synthYaml,
    // Chart.toJson). Throwing (rather than returning messages) keeps the library's error type.
    this.node.addValidation({ validate: () => { this.checkApps(); return []; } });
    // Its RoleBindings and ResourceQuotas are checked against keelson.lock.json at synthesis.
    guardWithLock(this, 'SecureNamespace');
  }

  /** Every pod of the namespace as a keelson peer (e.g. for an app's `allowFrom` in another namespace). */
  public get networkPeer(): NetworkPeer {
    return NetworkPeer.namespace(this.name);
  }

  /**
   * Checks that the apps placed in this namespace fit its quota and LimitRange, and that each one
   * is really in the namespace; throws a KeelsonValidationError otherwise. Synthesis calls it;
   * call it yourself to fail earlier. Reads the objects as they would be synthesised, JSON patches
   * included.
   */
  public checkApps(): void {
    checkQuotaFit(this.policy(), this.apps());
  }

  /** The quota and LimitRange as synthesised (JSON patches included). */
  private policy(): NamespacePolicy {
    return {
      namespace: this.name,
      quotas: this.quotaAt.map(({ object, at }) => ({ quota: object.toJson(), at })),
      limitRanges: [this.limitRange.toJson()],
      objects: [...this.own].filter(ApiObject.isApiObject).map(stub),
      ...(this.injected ? { injected: this.injected } : {}),
      // As the PeerAuthentication will be written (an escape hatch may have changed its mode).
      ...(this.peerAuthentication ? { mesh: { mtls: this.peerAuthentication.toJson().spec?.mtls?.mode } } : {}),
      // As the Namespace will be written (an escape hatch may have changed its level).
      ...enforcedLevel(this.namespace.toJson()),
    };
  }

  /**
   * The apps placed here: keelson apps in this construct's scope, and every object in the cdk8s app
   * whose namespace is this one, grouped by the keelson app they belong to (other objects stand alone).
   */
  private apps(): AppObjects[] {
    const groups = new Map<IConstruct, { app: AppObjects; objects: unknown[] }>();
    const subtree = new Set(this.node.findAll());
    for (const c of this.node.root.node.findAll()) {
      if (!ApiObject.isApiObject(c) || this.own.has(c)) continue;
      // Cheap tests first: most objects of a large app are in other namespaces and other scopes.
      const sameNamespace = c.metadata.namespace === this.name;
      if (!sameNamespace && !subtree.has(c)) continue;
      const app = keelsonAppOf(c);
      // In the scope but in another namespace: only a keelson app is reported (it was placed here),
      // not the objects its calls put in a callee's namespace (that namespace checks them).
      if (!sameNamespace && (app === undefined || !subtree.has(app) || isCallObject(c.toJson()))) continue;
      const owner: IConstruct = app ?? c;
      let group = groups.get(owner);
      if (!group) {
        const objects: unknown[] = [];
        group = app
          ? { app: { name: String((app as unknown as { name: string }).name), type: appTypeOf(app as unknown as BrandedApp), objects }, objects }
          : { app: { name: c.name, type: c.kind, objects }, objects };
        groups.set(owner, group);
      }
      group.objects.push(READ_IN_FULL.has(c.kind) ? c.toJson() : stub(c));
    }
    return [...groups.values()].map((g) => g.app);
  }
}

/** Does the app run in a mesh: in the scope of a SecureNamespace with `mesh`, in its namespace? */
export function meshOf(scope: IConstruct & { readonly namespace?: string }): boolean {
  for (const s of [...scope.node.scopes].reverse()) {
    if (SecureNamespace.isSecureNamespace(s)) return s.name === scope.namespace && s.peerAuthentication !== undefined;
  }
  return false;
}

/** Namespace-placement helper for keelson apps: the SecureNamespace around `scope`, if any, else the chart's namespace. */
export function namespaceOf(scope: IConstruct): string | undefined {
  for (const s of [...scope.node.scopes].reverse()) {
    if (SecureNamespace.isSecureNamespace(s)) return s.name;
  }
  return Chart.of(scope).namespace;
}

/** A cluster-scoped object: cdk8s would give it the chart's namespace, which it must not have. */
class ClusterScopedApiObject extends ApiObject {
  public toJson(): any {
    const json = super.toJson();
    if (json.metadata) delete json.metadata.namespace;
    return json;
  }
}

/** The nearest keelson app (StatelessApp, StatefulApp, ...) an object belongs to. */
function keelsonAppOf(c: IConstruct): IConstruct | undefined {
  const scopes = c.node.scopes;
  for (let i = scopes.length - 2; i >= 0; i--) {
    const s = scopes[i];
    if (SecureNamespace.isSecureNamespace(s)) return undefined;
    if (isKeelsonApp(s)) return s;
  }
  return undefined;
}

/** Kind, name and namespace of an object, without synthesising it. */
function stub(o: ApiObject): KubeObject {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: { name: o.name, ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}) },
  };
}
