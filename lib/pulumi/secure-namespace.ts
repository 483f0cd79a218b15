import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { InputMap } from './args';
import { claimObjects } from './emitted';
import { InputSlot, PulumiInputs, slot } from './inputs';
import { registerObject } from './resources';
import { buildSecureNamespace } from '../core/secure-namespace/build';
import { SECURE_NAMESPACE, SecureNamespaceProps } from '../core/secure-namespace/props';
import { AppObjects, NamespacePolicy, checkQuotaFit, namespacePolicy } from '../core/secure-namespace/quota-fit';
import { isRecord } from '../core/validation/checks';
import { checkNotCircular } from '../core/validation/props';
import { NetworkPeer } from '../core/values/network-peer';
import type { KubeObject } from '../core/workload/objects';

/** Args of the Pulumi SecureNamespace: the core props, with Pulumi inputs where outputs are common. */
export interface SecureNamespaceArgs extends Omit<SecureNamespaceProps, 'name' | 'partOf' | 'labels' | 'annotations'> {
  /**
   * The namespace's name (`metadata.name` of the Namespace).
   * @default the component's resource name
   */
  readonly name?: string;
  /**
   * The `app.kubernetes.io/part-of` label on every object.
   * @default none
   */
  readonly partOf?: pulumi.Input<string>;
  /**
   * Extra labels on every object; values may be Pulumi inputs.
   * @default none
   */
  readonly labels?: InputMap;
  /**
   * Annotations on the Namespace; values may be Pulumi inputs.
   * @default none
   */
  readonly annotations?: InputMap;
}

/** Where SecureNamespace args accept Pulumi inputs (`access` subjects made with keelson/pulumi's `Subject`). */
const SLOTS: readonly InputSlot[] = [
  slot('partOf'),
  slot('labels.*'),
  slot('annotations.*', 'text'),
  ...['team', 'deployers', 'admins'].flatMap((group) => [slot(['access', group, '*', 'name']), slot(['access', group, '*', 'namespace'])]),
];

/**
 * One team's namespace on a shared cluster, for Pulumi: the Namespace with Pod Security Admission
 * labels, a ResourceQuota, a LimitRange, default-deny NetworkPolicies with DNS allowed,
 * keelson's least-privilege Roles and the RoleBindings for the team and its CI deployers, the `default` ServiceAccount without an API token, and optionally
 * Istio's sidecar injection, mutual TLS, default-deny authorization and Sidecar.
 *
 * The Namespace is registered first and every other child depends on it. Apps placed in the
 * namespace (`admit`) must fit its quota and LimitRange: keelson checks it before they register
 * anything, and throws a KeelsonValidationError with the numbers when they do not.
 */
export class SecureNamespace extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'keelson:index:SecureNamespace';

  /** The namespace's name. */
  public readonly name: string;
  /** The Namespace, labelled with its Pod Security levels (and Istio injection, with `mesh`); every other child depends on it. */
  public readonly namespace: k8s.core.v1.Namespace;
  /** The namespace-wide ResourceQuota `default`. */
  public readonly resourceQuota: k8s.core.v1.ResourceQuota;
  /** The scoped ResourceQuotas, in the order of `quota.scoped`. */
  public readonly scopedQuotas: readonly k8s.core.v1.ResourceQuota[];
  /** The LimitRange `default`: the defaults and bounds of each container and claim. */
  public readonly limitRange: k8s.core.v1.LimitRange;
  /**
   * The namespace's `default` ServiceAccount, as a patch: Kubernetes creates that account with the
   * namespace, and @pulumi/kubernetes ≥ 4.29 refuses to create an object that already exists.
   */
  public readonly serviceAccount: k8s.core.v1.ServiceAccountPatch;
  /** The NetworkPolicies by name (`default-deny`, `allow-dns`, ...). */
  public readonly networkPolicies: Readonly<Record<string, k8s.networking.v1.NetworkPolicy>>;
  /** keelson's Roles by name (`keelson-viewer`, `keelson-deployer`): those `access` binds. */
  public readonly roles: Readonly<Record<string, k8s.rbac.v1.Role>>;
  /** The RoleBindings by name (`team-keelson-viewer`, `deployers-keelson-deployer`, `admins`). */
  public readonly roleBindings: Readonly<Record<string, k8s.rbac.v1.RoleBinding>>;
  /** With `mesh` only. */
  public readonly peerAuthentication?: k8s.apiextensions.CustomResource;
  /** The AuthorizationPolicies by name (`allow`, `default-deny`); with `mesh` only. */
  public readonly authorizationPolicies: Readonly<Record<string, k8s.apiextensions.CustomResource>>;
  /** With `mesh` only. */
  public readonly sidecar?: k8s.apiextensions.CustomResource;

  private readonly policy: NamespacePolicy;
  private readonly admitted: AppObjects[] = [];

  constructor(name: string, args: SecureNamespaceArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate and build before registering anything: bad args throw with no resource created.
    checkNotCircular(SECURE_NAMESPACE, args, { id: name });
    const given = isRecord(args) ? (args as SecureNamespaceArgs) : undefined;
    const objectName = given?.name ?? name;
    const inputs = new PulumiInputs(SECURE_NAMESPACE, objectName, SLOTS);
    const props = inputs.defer(given ? { ...given, name: objectName } : args);
    const build = (real: unknown) => buildSecureNamespace(real as SecureNamespaceProps, { id: name });
    const built = inputs.build(props as SecureNamespaceProps, build);
    const sealed = inputs.seal(props, build);
    const manifest = sealed.restoreManifest(built);
    const record = claimObjects(name, opts, SECURE_NAMESPACE, built.name, built.objects);
    super(SecureNamespace.TYPE, name, {}, opts);
    record();
    this.name = manifest.name;
    // The quota check reads quantities and names, never an input: the manifest as built serves.
    this.policy = namespacePolicy(built);

    const namespace = manifest.namespace as unknown as KubeObject;
    this.namespace = registerObject(name, namespace, { parent: this, dependsOn: sealed.dependsOn([]) }) as k8s.core.v1.Namespace;
    // Everything else lives in the namespace: it must exist first.
    const inNamespace = { parent: this, dependsOn: sealed.dependsOn([this.namespace]) };
    // Logical names: `<component>-<kind>` for a kind the namespace has one of, `<component>-<kind>-<name>`
    // for kinds that may come several times (so adding a policy never renames another).
    const child = (obj: unknown, several = false) => {
      const o = obj as KubeObject;
      return registerObject(name, o, inNamespace, several ? `${o.kind.toLowerCase()}-${o.metadata.name}` : undefined);
    };
    const byName = <T>(list: readonly unknown[]) =>
      Object.fromEntries(list.map((o) => [(o as KubeObject).metadata.name!, child(o, true) as unknown as T]));

    this.resourceQuota = child(manifest.resourceQuota) as k8s.core.v1.ResourceQuota;
    this.scopedQuotas = manifest.scopedQuotas.map((q) => child(q, true) as k8s.core.v1.ResourceQuota);
    this.limitRange = child(manifest.limitRange) as k8s.core.v1.LimitRange;
    const { apiVersion: _v, kind: _k, ...serviceAccount } = manifest.serviceAccount;
    this.serviceAccount = new k8s.core.v1.ServiceAccountPatch(`${name}-serviceaccount`, serviceAccount as k8s.core.v1.ServiceAccountPatchArgs, inNamespace);
    this.networkPolicies = byName<k8s.networking.v1.NetworkPolicy>(manifest.networkPolicies);
    this.roles = byName<k8s.rbac.v1.Role>(manifest.roles);
    this.roleBindings = byName<k8s.rbac.v1.RoleBinding>(manifest.roleBindings);
    this.peerAuthentication = manifest.peerAuthentication && (child(manifest.peerAuthentication) as k8s.apiextensions.CustomResource);
    this.authorizationPolicies = byName<k8s.apiextensions.CustomResource>(manifest.authorizationPolicies);
    this.sidecar = manifest.sidecar && (child(manifest.sidecar) as k8s.apiextensions.CustomResource);

    this.registerOutputs({ name: this.name });
  }

  /** Every pod of the namespace as a keelson peer (e.g. for an app's `allowFrom` in another namespace). */
  public get networkPeer(): NetworkPeer {
    return NetworkPeer.namespace(this.name);
  }

  /**
   * Places an app's objects in this namespace: throws a KeelsonValidationError, before anything of
   * the app is registered, when the app does not fit the quota and LimitRange together with the
   * apps admitted before it, or is not in this namespace. keelson's app components call it when
   * given `namespace: <this SecureNamespace>`; call it yourself for objects keelson does not build.
   */
  public admit(app: AppObjects): void {
    checkQuotaFit(this.policy, [...this.admitted, app]);
    this.admitted.push(app);
  }
}

/** Where a keelson app component goes: a namespace name, or a SecureNamespace to admit into and wait for. */
export interface NamespacePlacement {
  /** The namespace's name, for the core props (a name, or a Pulumi input). */
  readonly name?: pulumi.Input<string>;
  /** The SecureNamespace, when the app was given one. */
  readonly secureNamespace?: SecureNamespace;
  /** What the app's children must wait for: the SecureNamespace (its Namespace, quota and policies). */
  readonly dependsOn: pulumi.Resource[];
}

/**
 * For keelson's app components: resolves their `namespace` arg, which may be a name or a
 * SecureNamespace. Anything else is passed on for the core to report.
 */
export function namespacePlacement(namespace: unknown): NamespacePlacement {
  if (namespace instanceof SecureNamespace) return { name: namespace.name, secureNamespace: namespace, dependsOn: [namespace] };
  // As on cdk8s, null is no namespace.
  return { name: (namespace ?? undefined) as pulumi.Input<string> | undefined, dependsOn: [] };
}
