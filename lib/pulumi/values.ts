/**
 * keelson's value types for Pulumi programs: the same classes as the core's (values made here are
 * core values, `instanceof` holds both ways), with factories that also take Pulumi inputs where a
 * program commonly has an Output — the name of a ConfigMap, Secret or Namespace created in the same
 * program, a cloud group's id, a host name, the shared Gateway of another stack. The components check the real value once it is known.
 */
import * as pulumi from '@pulumi/pulumi';
import { ValueType, isInput, mapLeaves } from './placeholders';
import * as canary from '../core/canary-release/routing';
import * as rbac from '../core/secure-namespace/rbac';
import * as env from '../core/values/env';
import * as peers from '../core/values/network-peer';
import * as vol from '../core/values/volume';
import * as expo from '../core/workload/exposure';
import type * as gw from '../core/workload/gateway-exposure';
import type * as ing from '../core/workload/ingress-exposure';

/**
 * `build(name)` for a plain name; for an input, the value built with a stand-in name, holding the
 * input in its place. Anything else that is not an input (from JavaScript) goes to the core as it
 * is, which reports it.
 */
function withInput<T>(name: pulumi.Input<string>, build: (name: string) => T, standIn = 'keelson-pulumi-input-1'): T {
  if (!isInput(name)) return build(name as string);
  return mapLeaves(build(standIn), (v) => {
    if (v === standIn) return name;
    // A description for messages (`namespace("...")`) names the input rather than the stand-in.
    return typeof v === 'string' && v.includes(standIn) ? v.split(JSON.stringify(standIn)).join('<Pulumi input>') : v;
  }) as T;
}

/** The factories, and `instanceof` answered by the core class. */
function factories<F extends object>(cls: ValueType, statics: F): F {
  return Object.defineProperty({ ...statics }, Symbol.hasInstance, { value: (v: unknown) => v instanceof cls }) as F;
}

/** A ConfigMap or Secret the pods read; its name may be a Pulumi input. */
export type ConfigReference = env.ConfigReference;
/** The factories of ConfigReference, with names that may be Pulumi inputs. */
export interface ConfigReferenceFactories {
  /** A ConfigMap, e.g. `ConfigReference.configMap(config.metadata.name)`. */
  configMap(name: pulumi.Input<string>, options?: env.ConfigReferenceOptions): ConfigReference;
  /** A Secret. Pass `revision` (not `data`) when its value is managed outside this code. */
  secret(name: pulumi.Input<string>, options?: env.ConfigReferenceOptions): ConfigReference;
}
/** Makes a ConfigReference: `ConfigReference.configMap(name)`, `ConfigReference.secret(name)`; the name may be a Pulumi input. `x instanceof ConfigReference` holds for core values too. */
export const ConfigReference: ConfigReferenceFactories = factories(env.ConfigReference, {
  configMap: (name: pulumi.Input<string>, options?: env.ConfigReferenceOptions) => withInput(name, (n) => env.ConfigReference.configMap(n, options)),
  secret: (name: pulumi.Input<string>, options?: env.ConfigReferenceOptions) => withInput(name, (n) => env.ConfigReference.secret(n, options)),
});

/** The value of one environment variable. */
export type EnvValue = env.EnvValue;
/** The factories of EnvValue, with values and names that may be Pulumi inputs. */
export interface EnvValueFactories {
  /** A literal value. */
  fromValue(value: pulumi.Input<string>): EnvValue;
  /** One key of a ConfigMap. */
  fromConfigMap(configMap: ConfigReference | pulumi.Input<string>, key: string, options?: env.KeyReferenceOptions): EnvValue;
  /** One key of a Secret. */
  fromSecret(secret: ConfigReference | pulumi.Input<string>, key: string, options?: env.KeyReferenceOptions): EnvValue;
  /** A field of the pod itself (downward API), e.g. `metadata.namespace` or `status.podIP`. */
  fromField(fieldPath: env.EnvFieldPath): EnvValue;
  /** A request or limit of this container (downward API), e.g. `GOMEMLIMIT` from `fromResource('limits.memory')`. */
  fromResource(resource: env.EnvResource, options?: env.ResourceReferenceOptions): EnvValue;
}
const refOf = (kind: 'configMap' | 'secret', ref: ConfigReference | pulumi.Input<string>): ConfigReference | string =>
  (ref instanceof env.ConfigReference ? ref : typeof ref === 'string' ? ref : ConfigReference[kind](ref));
/** Makes an EnvValue: a literal, a ConfigMap or Secret key, or a pod field; values and names may be Pulumi inputs. `x instanceof EnvValue` holds for core values too. */
export const EnvValue: EnvValueFactories = factories(env.EnvValue, {
  fromValue: (value: pulumi.Input<string>) => withInput(value, (v) => env.EnvValue.fromValue(v)),
  fromConfigMap: (cm: ConfigReference | pulumi.Input<string>, key: string, options?: env.KeyReferenceOptions) => env.EnvValue.fromConfigMap(refOf('configMap', cm), key, options),
  fromSecret: (secret: ConfigReference | pulumi.Input<string>, key: string, options?: env.KeyReferenceOptions) => env.EnvValue.fromSecret(refOf('secret', secret), key, options),
  fromField: (fieldPath: env.EnvFieldPath) => env.EnvValue.fromField(fieldPath),
  fromResource: (resource: env.EnvResource, options?: env.ResourceReferenceOptions) => env.EnvValue.fromResource(resource, options),
});

/** All keys of a ConfigMap or Secret as environment variables. */
export type EnvFrom = env.EnvFrom;
/** The factories of EnvFrom, with names that may be Pulumi inputs. */
export interface EnvFromFactories {
  /** Every key of a ConfigMap, optionally prefixed. */
  configMap(configMap: ConfigReference | pulumi.Input<string>, options?: { readonly prefix?: string }): EnvFrom;
  /** Every key of a Secret, optionally prefixed. */
  secret(secret: ConfigReference | pulumi.Input<string>, options?: { readonly prefix?: string }): EnvFrom;
}
/** Makes an EnvFrom: every key of a ConfigMap or Secret; the name may be a Pulumi input. `x instanceof EnvFrom` holds for core values too. */
export const EnvFrom: EnvFromFactories = factories(env.EnvFrom, {
  configMap: (cm: ConfigReference | pulumi.Input<string>, options?: { readonly prefix?: string }) => env.EnvFrom.configMap(refOf('configMap', cm), options),
  secret: (secret: ConfigReference | pulumi.Input<string>, options?: { readonly prefix?: string }) => env.EnvFrom.secret(refOf('secret', secret), options),
});

/** Who may connect to an app. */
export type NetworkPeer = peers.NetworkPeer;
/** The factories of NetworkPeer, with namespace names that may be Pulumi inputs. */
export interface NetworkPeerFactories {
  /** Every pod in the app's own namespace. */
  sameNamespace(): NetworkPeer;
  /** Pods with these labels in the app's own namespace. */
  pods(labels: Readonly<Record<string, string>>): NetworkPeer;
  /** The pods a selector picks, in the named namespace or (without one) in the app's. */
  selecting(selector: Readonly<Record<string, string>>, namespace?: pulumi.Input<string>): NetworkPeer;
  /** Every pod in the named namespace, e.g. `NetworkPeer.namespace(ns.metadata.name)`. */
  namespace(name: pulumi.Input<string>): NetworkPeer;
  /** Pods with these labels in the named namespace. */
  podsInNamespace(namespace: pulumi.Input<string>, labels: Readonly<Record<string, string>>): NetworkPeer;
  /** Every pod in namespaces carrying these labels. */
  namespacesWithLabels(labels: Readonly<Record<string, string>>): NetworkPeer;
  /** Addresses in a CIDR block, minus exceptions. */
  cidr(cidr: string, except?: readonly string[]): NetworkPeer;
  /** A peer from a raw Kubernetes NetworkPolicyPeer. */
  fromKubernetes(peer: Parameters<typeof peers.NetworkPeer.fromKubernetes>[0]): NetworkPeer;
}
/** Makes a NetworkPeer: pods, namespaces or an IP block; namespace names may be Pulumi inputs. `x instanceof NetworkPeer` holds for core values too. */
export const NetworkPeer: NetworkPeerFactories = factories(peers.NetworkPeer, {
  sameNamespace: () => peers.NetworkPeer.sameNamespace(),
  pods: (labels: Readonly<Record<string, string>>) => peers.NetworkPeer.pods(labels),
  selecting: (selector: Readonly<Record<string, string>>, namespace?: pulumi.Input<string>) =>
    (namespace === undefined ? peers.NetworkPeer.pods(selector) : withInput(namespace, (n) => peers.NetworkPeer.podsInNamespace(n, selector))),
  namespace: (name: pulumi.Input<string>) => withInput(name, (n) => peers.NetworkPeer.namespace(n)),
  podsInNamespace: (namespace: pulumi.Input<string>, labels: Readonly<Record<string, string>>) =>
    withInput(namespace, (n) => peers.NetworkPeer.podsInNamespace(n, labels)),
  namespacesWithLabels: (labels: Readonly<Record<string, string>>) => peers.NetworkPeer.namespacesWithLabels(labels),
  cidr: (cidr: string, except?: readonly string[]) => peers.NetworkPeer.cidr(cidr, except),
  fromKubernetes: (peer: Parameters<typeof peers.NetworkPeer.fromKubernetes>[0]) => peers.NetworkPeer.fromKubernetes(peer),
});

/** Who a RoleBinding grants to. */
export type Subject = rbac.Subject;
/** The factories of Subject, with names that may be Pulumi inputs (a cloud group's id, a ServiceAccount made in the program). */
export interface SubjectFactories {
  /** A group, as the cluster's authenticator names it. */
  group(name: pulumi.Input<string>): Subject;
  /** A user, as the cluster's authenticator names it. */
  user(name: pulumi.Input<string>): Subject;
  /** A ServiceAccount, e.g. the identity a CI/CD system deploys with. */
  serviceAccount(name: pulumi.Input<string>, namespace: pulumi.Input<string>): Subject;
}
/** Makes a Subject: a group, a user or a ServiceAccount; names may be Pulumi inputs. `x instanceof Subject` holds for core values too. */
export const Subject: SubjectFactories = factories(rbac.Subject, {
  group: (name: pulumi.Input<string>) => withInput(name, (n) => rbac.Subject.group(n)),
  user: (name: pulumi.Input<string>) => withInput(name, (n) => rbac.Subject.user(n)),
  serviceAccount: (name: pulumi.Input<string>, namespace: pulumi.Input<string>) =>
    withInput(namespace, (ns) => withInput(name, (n) => rbac.Subject.serviceAccount(n, ns)), 'keelson-pulumi-input-2'),
});

/** ingress-nginx routing whose hosts and TLS Secret may be Pulumi inputs. */
export interface IngressNginxRoutingArgs extends Omit<canary.IngressNginxRoutingOptions, 'hosts' | 'tlsSecretName'> {
  /** The hosts the canary Ingress serves (e.g. a DNS record's name). */
  readonly hosts: ReadonlyArray<pulumi.Input<string>>;
  /**
   * The TLS Secret (e.g. a certificate resource's Secret name).
   * @default none: plain HTTP
   */
  readonly tlsSecretName?: pulumi.Input<string>;
}
/** Traefik routing whose hosts and TLS Secret may be Pulumi inputs. */
export interface TraefikRoutingArgs extends Omit<canary.TraefikRoutingOptions, 'hosts' | 'tlsSecretName'> {
  /** The hosts the IngressRoute serves (e.g. a DNS record's name); `"*"` alone for every host. */
  readonly hosts: ReadonlyArray<pulumi.Input<string>>;
  /**
   * The TLS Secret (e.g. a certificate resource's Secret name).
   * @default none: plain HTTP (or TLS the entry point terminates)
   */
  readonly tlsSecretName?: pulumi.Input<string>;
}
/** Gateway API routing whose hostnames may be Pulumi inputs. */
export interface GatewayApiRoutingArgs extends Omit<canary.GatewayApiRoutingOptions, 'hostnames'> {
  /**
   * The HTTPRoute's hostnames.
   * @default none: the Gateway listener's
   */
  readonly hostnames?: ReadonlyArray<pulumi.Input<string>>;
}
/** Istio routing whose external hosts may be Pulumi inputs. */
export interface IstioRoutingArgs extends Omit<canary.IstioRoutingOptions, 'externalHosts'> {
  /**
   * Host names clients use through the gateways.
   * @default none (required with gateways)
   */
  readonly externalHosts?: ReadonlyArray<pulumi.Input<string>>;
}
/** Argo Rollouts over ingress-nginx, whose hosts and TLS Secret may be Pulumi inputs. */
export interface ArgoRolloutsIngressNginxArgs
  extends canary.ArgoRolloutsOptions, Pick<IngressNginxRoutingArgs, 'hosts' | 'className' | 'tlsSecretName' | 'controllerNamespace'> {}
/** Argo Rollouts over the Gateway API, whose hostnames may be Pulumi inputs. */
export interface ArgoRolloutsGatewayApiArgs
  extends canary.ArgoRolloutsOptions, Pick<GatewayApiRoutingArgs, 'gateway' | 'hostnames' | 'controllerNamespace'> {}
/** How traffic is split between the stable and the canary track. */
export type CanaryRouting = canary.CanaryRouting;
/** The factories of CanaryRouting, with host names that may be Pulumi inputs. */
export interface CanaryRoutingFactories {
  /** Istio DestinationRule subsets and a weighted VirtualService (the default). */
  istio(options?: IstioRoutingArgs): CanaryRouting;
  /** ingress-nginx canary annotations on a second Ingress; per-track Services. */
  ingressNginx(options: IngressNginxRoutingArgs): CanaryRouting;
  /** A Gateway API HTTPRoute with weighted backendRefs; per-track Services. */
  gatewayApi(options: GatewayApiRoutingArgs): CanaryRouting;
  /** Traefik (Kubernetes CRD provider): a weighted TraefikService and an IngressRoute; per-track Services. */
  traefik(options: TraefikRoutingArgs): CanaryRouting;
  /** No router: one Service over both tracks (imprecise). */
  replicaRatio(options?: { readonly totalReplicas?: number }): CanaryRouting;
  /** Blue/green: the main Service selects the active track, a preview Service the other. */
  blueGreen(options?: { readonly active?: 'stable' | 'canary' }): CanaryRouting;
  /** For Argo Rollouts: a Rollout with the Istio objects it drives. */
  argoRollouts(options?: canary.ArgoRolloutsOptions & IstioRoutingArgs): CanaryRouting;
  /** Argo Rollouts over ingress-nginx: a Rollout and the stable Ingress it names. */
  argoRolloutsIngressNginx(options: ArgoRolloutsIngressNginxArgs): CanaryRouting;
  /** Argo Rollouts over the Gateway API (its plugin): a Rollout and the HTTPRoute whose weights it moves. */
  argoRolloutsGatewayApi(options: ArgoRolloutsGatewayApiArgs): CanaryRouting;
}
// The core's factories only keep their options: the component defers the inputs in them.
const R = canary.CanaryRouting;
/** Makes a CanaryRouting: Istio (the default), ingress-nginx, Gateway API, Traefik, replica ratio, blue/green or Argo Rollouts; host names may be Pulumi inputs. `x instanceof CanaryRouting` holds for core values too. */
export const CanaryRouting: CanaryRoutingFactories = factories(R, {
  istio: (options?: IstioRoutingArgs) => R.istio(options as canary.IstioRoutingOptions),
  ingressNginx: (options: IngressNginxRoutingArgs) => R.ingressNginx(options as canary.IngressNginxRoutingOptions),
  gatewayApi: (options: GatewayApiRoutingArgs) => R.gatewayApi(options as canary.GatewayApiRoutingOptions),
  traefik: (options: TraefikRoutingArgs) => R.traefik(options as canary.TraefikRoutingOptions),
  replicaRatio: (options?: { readonly totalReplicas?: number }) => R.replicaRatio(options),
  blueGreen: (options?: { readonly active?: 'stable' | 'canary' }) => R.blueGreen(options),
  argoRollouts: (options?: canary.ArgoRolloutsOptions & IstioRoutingArgs) =>
    R.argoRollouts(options as canary.ArgoRolloutsOptions & canary.IstioRoutingOptions),
  argoRolloutsIngressNginx: (options: ArgoRolloutsIngressNginxArgs) => R.argoRolloutsIngressNginx(options as canary.ArgoRolloutsIngressNginxOptions),
  argoRolloutsGatewayApi: (options: ArgoRolloutsGatewayApiArgs) => R.argoRolloutsGatewayApi(options as canary.ArgoRolloutsGatewayApiOptions),
});

/** A volume the containers mount; the names of its ConfigMaps, Secrets and claim may be Pulumi inputs. */
export type Volume = vol.Volume;
/** The factories of Volume, with ConfigMap, Secret and claim names that may be Pulumi inputs. */
export interface VolumeFactories {
  /** A ConfigMap's keys as read-only files, e.g. `Volume.configMap(config.metadata.name)`. */
  configMap(configMap: ConfigReference | pulumi.Input<string>, options?: vol.ConfigVolumeOptions): Volume;
  /** A Secret's keys as read-only files. */
  secret(secret: ConfigReference | pulumi.Input<string>, options?: vol.ConfigVolumeOptions): Volume;
  /** Several ConfigMaps, Secrets and pod fields as read-only files in one directory. */
  projected(name: string, sources: readonly ProjectedSource[], options?: vol.ProjectedVolumeOptions): Volume;
  /** A scratch directory, sized, on disk or in memory. */
  emptyDir(name: string, options?: vol.EmptyDirVolumeOptions): Volume;
  /** A claim made for each pod and deleted with it. */
  ephemeral(name: string, options: vol.EphemeralVolumeOptions): Volume;
  /** An existing PersistentVolumeClaim, e.g. `Volume.persistentVolumeClaim(claim.metadata.name, { accessMode: 'ReadWriteMany' })`. */
  persistentVolumeClaim(claimName: pulumi.Input<string>, options?: vol.ClaimVolumeOptions): Volume;
}
/** Makes a Volume; ConfigMap, Secret and claim names may be Pulumi inputs. `x instanceof Volume` holds for core values too. */
export const Volume: VolumeFactories = factories(vol.Volume, {
  configMap: (cm: ConfigReference | pulumi.Input<string>, options?: vol.ConfigVolumeOptions) => vol.Volume.configMap(refOf('configMap', cm), options),
  secret: (secret: ConfigReference | pulumi.Input<string>, options?: vol.ConfigVolumeOptions) => vol.Volume.secret(refOf('secret', secret), options),
  projected: (name: string, sources: readonly ProjectedSource[], options?: vol.ProjectedVolumeOptions) =>
    vol.Volume.projected(name, sources, options),
  emptyDir: (name: string, options?: vol.EmptyDirVolumeOptions) => vol.Volume.emptyDir(name, options),
  ephemeral: (name: string, options: vol.EphemeralVolumeOptions) => vol.Volume.ephemeral(name, options),
  persistentVolumeClaim: (claimName: pulumi.Input<string>, options?: vol.ClaimVolumeOptions) =>
    withInput(claimName, (n) => vol.Volume.persistentVolumeClaim(n, options)),
});

/** One source of a projected volume; ConfigMap and Secret names may be Pulumi inputs. */
export type ProjectedSource = vol.ProjectedSource;
/** The factories of ProjectedSource, with names that may be Pulumi inputs. */
export interface ProjectedSourceFactories {
  /** A ConfigMap's keys. */
  configMap(configMap: ConfigReference | pulumi.Input<string>, options?: vol.ConfigFilesOptions): ProjectedSource;
  /** A Secret's keys. */
  secret(secret: ConfigReference | pulumi.Input<string>, options?: vol.ConfigFilesOptions): ProjectedSource;
  /** Fields of the pod as files (downward API), by file path. */
  downwardAPI(fields: Readonly<Record<string, string>>): ProjectedSource;
}
/** Makes a ProjectedSource; names may be Pulumi inputs. `x instanceof ProjectedSource` holds for core values too. */
export const ProjectedSource: ProjectedSourceFactories = factories(vol.ProjectedSource, {
  configMap: (cm: ConfigReference | pulumi.Input<string>, options?: vol.ConfigFilesOptions) => vol.ProjectedSource.configMap(refOf('configMap', cm), options),
  secret: (secret: ConfigReference | pulumi.Input<string>, options?: vol.ConfigFilesOptions) => vol.ProjectedSource.secret(refOf('secret', secret), options),
  downwardAPI: (fields: Readonly<Record<string, string>>) => vol.ProjectedSource.downwardAPI(fields),
});

/** The shared Gateway an exposure's route attaches to; its name, namespace and listener may be Pulumi inputs (e.g. another stack's outputs). */
export interface GatewayReferenceArgs {
  /** The Gateway's name (a DNS label). */
  readonly name: pulumi.Input<string>;
  /**
   * The Gateway's namespace; a Gateway elsewhere must admit routes from the app's namespace (`allowedRoutes`).
   * @default the app's namespace (Gateway API's own default for a parentRef)
   */
  readonly namespace?: pulumi.Input<string>;
  /**
   * One listener of the Gateway (its name).
   * @default every listener whose host names and protocol fit the route
   */
  readonly sectionName?: pulumi.Input<string>;
}
/** The pods of a gateway; their namespace, label values, ServiceAccount and trust domain may be Pulumi inputs. */
export interface GatewayPodsArgs {
  /**
   * The namespace the gateway's pods run in.
   * @default Gateway API: the Gateway's namespace, else the app's; Istio gateway: 'istio-system' (see `GatewayPods`)
   */
  readonly namespace?: pulumi.Input<string>;
  /**
   * The labels of the gateway's pods; values may be Pulumi inputs.
   * @default Gateway API: `gateway.networking.k8s.io/gateway-name: <gateway name>`; Istio gateway: the Gateway's `selector`
   */
  readonly labels?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * The gateway pods' ServiceAccount, whose identity the mesh AuthorizationPolicy allows (`exposure.mesh`).
   * @default Gateway API: '<gateway name>-istio'; Istio gateway: 'istio-ingressgateway-service-account'
   */
  readonly serviceAccount?: pulumi.Input<string>;
  /**
   * The mesh's trust domain, the first part of the gateway's principal.
   * @default 'cluster.local' (Istio's default trust domain)
   */
  readonly trustDomain?: pulumi.Input<string>;
}
/** `Exposure.gatewayApi()` options whose Gateway, host names and gateway pods may be Pulumi inputs. */
export interface GatewayApiExposureArgs extends Omit<gw.GatewayApiOptions, 'gateway' | 'hostnames' | 'gatewayPods'> {
  /** The shared Gateway the route attaches to (e.g. `{ name: infra.getOutput('gatewayName'), namespace: ... }`). */
  readonly gateway: GatewayReferenceArgs;
  /**
   * The host names the route serves (e.g. `cfg.require('host')`, a DNS record's name).
   * @default the Gateway listener's host names
   */
  readonly hostnames?: ReadonlyArray<pulumi.Input<string>>;
  /**
   * The gateway's pods, which the NetworkPolicy admits on the routed port.
   * @default see each field
   */
  readonly gatewayPods?: GatewayPodsArgs;
}
/** `Exposure.istioGateway()` options whose hosts, selector values, certificate Secret and gateway pods may be Pulumi inputs. */
export interface IstioGatewayExposureArgs extends Omit<gw.IstioGatewayOptions, 'hosts' | 'selector' | 'tls' | 'gatewayPods'> {
  /** The host names clients use. */
  readonly hosts: ReadonlyArray<pulumi.Input<string>>;
  /**
   * The labels selecting the ingress gateway's pods; values may be Pulumi inputs.
   * @default { istio: 'ingressgateway' }: Istio's default ingress gateway
   */
  readonly selector?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Serve HTTPS on port 443 with the certificate in this Secret (e.g. a certificate resource's Secret name).
   * @default none: plain HTTP on port 80
   */
  readonly tls?: {
    /** The Secret in the gateway pods' namespace. */
    readonly credentialName: pulumi.Input<string>;
  };
  /**
   * The gateway's pods, which the NetworkPolicy admits on the routed port.
   * @default see each field
   */
  readonly gatewayPods?: GatewayPodsArgs;
}
/** `Exposure.nodePort()` options whose annotation values and source ranges may be Pulumi inputs. */
export interface ServiceExposureArgs extends Omit<expo.ServiceExposureOptions, 'annotations' | 'sourceRanges'> {
  /**
   * Annotations on the Service; values may be Pulumi inputs (e.g. a cloud load balancer's certificate id).
   * @default none
   */
  readonly annotations?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * The client address ranges (CIDRs) admitted; each may be a Pulumi input (e.g. a VPN's range from another stack).
   * @default none: every address, which must be acknowledged (`acknowledgeRisks: ['ingress-from-any-address']`)
   */
  readonly sourceRanges?: ReadonlyArray<pulumi.Input<string>>;
}
/** `Exposure.loadBalancer()` options whose annotation values, source ranges and class may be Pulumi inputs. */
export interface LoadBalancerExposureArgs extends ServiceExposureArgs, Omit<expo.LoadBalancerOptions, keyof expo.ServiceExposureOptions | 'loadBalancerClass'> {
  /**
   * The load balancer implementation (`<domain>/<name>`, e.g. from the stack's config).
   * @default the cluster's default load balancer (no class)
   */
  readonly loadBalancerClass?: pulumi.Input<string>;
}
/** `Exposure.ingress()` options whose hosts, TLS Secret and annotation values may be Pulumi inputs. */
export interface IngressExposureArgs extends Omit<ing.IngressOptions, 'hosts' | 'tlsSecretName' | 'annotations'> {
  /** The host names to serve (e.g. a DNS record's name); `"*"` alone: every host. */
  readonly hosts: ReadonlyArray<pulumi.Input<string>>;
  /**
   * A Secret holding the TLS certificate for the hosts (e.g. a certificate resource's Secret name).
   * @default none (plain HTTP, or TLS terminated in front of the controller)
   */
  readonly tlsSecretName?: pulumi.Input<string>;
  /**
   * Annotations for the ingress controller; values may be Pulumi inputs.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, pulumi.Input<string>>>;
}
/** How an app is reached from outside the cluster; on Pulumi, names, hosts, annotation values and ranges may be inputs. */
export type Exposure = expo.Exposure
| ({
  /** The entry's kind. */
  readonly type: 'GatewayAPI';
} & GatewayApiExposureArgs)
| ({
  /** The entry's kind. */
  readonly type: 'IstioGateway';
} & IstioGatewayExposureArgs)
| ({
  /** The entry's kind. */
  readonly type: 'Ingress';
} & IngressExposureArgs)
| ({
  /** The entry's kind. */
  readonly type: 'LoadBalancer' | 'NodePort';
} & LoadBalancerExposureArgs);
/** The factories of Exposure, with names, hosts, annotation values and ranges that may be Pulumi inputs. */
export interface ExposureFactories extends Omit<typeof expo.Exposure, 'gatewayApi' | 'istioGateway' | 'ingress' | 'loadBalancer' | 'nodePort'> {
  /** A Gateway API route attached to a shared Gateway, e.g. `Exposure.gatewayApi({ gateway: { name: gw }, hostnames: [cfg.require('host')] })`. */
  gatewayApi(options: GatewayApiExposureArgs): Exposure;
  /** An Istio Gateway on the ingress gateway's pods and a VirtualService bound to it. */
  istioGateway(options: IstioGatewayExposureArgs): Exposure;
  /** An Ingress `<name>` in front of the app's Service, e.g. `Exposure.ingress({ hosts: [record.name], tlsSecretName: cert.secretName })`. */
  ingress(options: IngressExposureArgs): Exposure;
  /** A Service of type LoadBalancer. */
  loadBalancer(options?: LoadBalancerExposureArgs): Exposure;
  /** A Service of type NodePort. */
  nodePort(options?: ServiceExposureArgs): Exposure;
}
/**
 * Makes an Exposure; names, hosts, annotation values and ranges may be Pulumi inputs (the component
 * checks them once known). With plain values it is exactly the core's.
 */
export const Exposure: ExposureFactories = {
  ...expo.Exposure,
  gatewayApi: (options: GatewayApiExposureArgs) => expo.Exposure.gatewayApi(options as gw.GatewayApiOptions),
  istioGateway: (options: IstioGatewayExposureArgs) => expo.Exposure.istioGateway(options as gw.IstioGatewayOptions),
  ingress: (options: IngressExposureArgs) => expo.Exposure.ingress(options as ing.IngressOptions),
  loadBalancer: (options?: LoadBalancerExposureArgs) => expo.Exposure.loadBalancer(options as expo.LoadBalancerOptions),
  nodePort: (options?: ServiceExposureArgs) => expo.Exposure.nodePort(options as expo.ServiceExposureOptions),
};
