import type * as pulumi from '@pulumi/pulumi';
import type { ReplicasHandOffArgs } from './hand-off';
import { InputSlot, slot } from './inputs';
import type { SecureNamespace } from './secure-namespace';
import type { Exposure } from './values';
import type { EnvValue } from '../core/values/env';
import type { NetworkPeer } from '../core/values/network-peer';
import type { ContainerProps, ServiceAccountProps, WorkloadProps } from '../core/workload/props';

/** A string map whose values may be Pulumi inputs (label and annotation values). */
export type InputMap = Readonly<Record<string, pulumi.Input<string>>>;

/** A container whose image and env values may be Pulumi inputs. */
export interface ContainerArgs extends Omit<ContainerProps, 'image' | 'env'> {
  /** The image, pinned to a tag or digest; an `Output` (e.g. from an image build) is checked once known. */
  readonly image: pulumi.Input<string>;
  /**
   * Environment variables: literal values (plain or `Output`) or `EnvValue` references (whose
   * ConfigMap or Secret name may be an `Output`).
   * @default none
   */
  readonly env?: Readonly<Record<string, pulumi.Input<string> | EnvValue>>;
}

/** The pods' ServiceAccount, with Pulumi inputs for the existing account's name and the annotation values. */
export interface ServiceAccountArgs extends Omit<ServiceAccountProps, 'existing' | 'annotations'> {
  /**
   * Run the pods as this ServiceAccount, made outside keelson or in the program
   * (`sa.metadata.name`): keelson emits no ServiceAccount. Cannot be combined with `name` or `annotations`.
   * @default none: keelson emits the app's own ServiceAccount
   */
  readonly existing?: pulumi.Input<string>;
  /**
   * Annotations of keelson's ServiceAccount; values may be Pulumi inputs.
   * @default none
   */
  readonly annotations?: InputMap;
}

/** The workload props every Pulumi app component shares, with Pulumi inputs where programs commonly have outputs. */
export interface WorkloadArgs extends Omit<WorkloadProps, 'name' | 'namespace' | 'containers' | 'initContainers' | 'version' | 'component'
| 'partOf' | 'labels' | 'podAnnotations' | 'serviceAccount' | 'imagePullSecrets' | 'runtimeClassName' | 'priorityClassName'>, ReplicasHandOffArgs {
  /**
   * Name of every generated object (`metadata.name`), and the `app.kubernetes.io/name`/`instance` labels.
   * @default the component's resource name
   */
  readonly name?: string;
  /**
   * The namespace: a name (e.g. `ns.metadata.name` of a Namespace made in the program), or a keelson
   * SecureNamespace. Given a SecureNamespace, the app takes its name, its resources wait for the
   * namespace's, and it must fit the namespace's quota and LimitRange (checked before anything is registered).
   * @default none: the provider's namespace
   */
  readonly namespace?: pulumi.Input<string> | SecureNamespace;
  /** The app's containers; the first is the main one. */
  readonly containers: readonly ContainerArgs[];
  /**
   * Containers that run to completion before the app's containers start.
   * @default none
   */
  readonly initContainers?: readonly ContainerArgs[];
  /**
   * The `app.kubernetes.io/version` label (e.g. the tag of an image built in the program).
   * @default the first container's image tag, when it is a plain string and a valid label value
   */
  readonly version?: pulumi.Input<string>;
  /**
   * The `app.kubernetes.io/component` label.
   * @default none
   */
  readonly component?: pulumi.Input<string>;
  /**
   * The `app.kubernetes.io/part-of` label.
   * @default none
   */
  readonly partOf?: pulumi.Input<string>;
  /**
   * Extra labels on every object and pod; values may be Pulumi inputs.
   * @default none
   */
  readonly labels?: InputMap;
  /**
   * Extra annotations on the pods; values may be Pulumi inputs.
   * @default none
   */
  readonly podAnnotations?: InputMap;
  /**
   * The pods' ServiceAccount: keelson's own or an existing one; the existing one's name and
   * annotation values may be Pulumi inputs (e.g. a cloud role's id for workload identity).
   * @default a ServiceAccount named after the app, no API token mounted
   */
  readonly serviceAccount?: ServiceAccountArgs;
  /**
   * Secrets with private registries' credentials, by name (e.g. `secret.metadata.name` of one made in the program).
   * @default none: the node's own credentials
   */
  readonly imagePullSecrets?: ReadonlyArray<pulumi.Input<string>>;
  /**
   * A RuntimeClass (e.g. `runtimeClass.metadata.name`).
   * @default the cluster's default runtime
   */
  readonly runtimeClassName?: pulumi.Input<string>;
  /**
   * A PriorityClass (e.g. `priorityClass.metadata.name`).
   * @default the cluster's default priority
   */
  readonly priorityClassName?: pulumi.Input<string>;
  /**
   * Who may connect to the app's exposed ports: keelson `NetworkPeer`s or a SecureNamespace (another keelson
   * app declares its call in its own `allowTo`).
   * @default pods in the app's own namespace
   */
  readonly allowFrom?: ReadonlyArray<NetworkPeer | {
    /** The app's pods as a peer: any keelson app or release, on either engine, has it. */
    readonly networkPeer: NetworkPeer;
  }>;
}

/** The slots of a container list (`containers`, `initContainers`, a track). */
function containerSlots(...at: string[]): InputSlot[] {
  return [
    slot([...at, 'image'], 'image'),
    ...envSlots(...at),
    slot([...at, 'envFrom', '*', 'ref', 'name']),
    // The ConfigMaps, Secrets and claims of mounted volumes (e.g. `config.metadata.name`).
    slot([...at, 'volumeMounts', '*', 'volume', 'source', 'ref', 'name']),
    slot([...at, 'volumeMounts', '*', 'volume', 'source', 'claimName']),
    slot([...at, 'volumeMounts', '*', 'volume', 'source', 'sources', '*', 'source', 'ref', 'name']),
  ];
}

/** An env map's slots: a literal value, an `EnvValue`'s value or its ConfigMap/Secret name. */
export function envSlots(...at: string[]): InputSlot[] {
  return [slot([...at, 'env', '*'], 'text'), slot([...at, 'env', '*', 'source', 'value'], 'text'), slot([...at, 'env', '*', 'source', 'ref', 'name'])];
}

/** The namespace name inside `NetworkPeer`s (`allowFrom`) or `NetworkEgress`es (`allowTo`). */
function peerSlots(...at: string[]): InputSlot[] {
  return [
    slot([...at, 'peer', 'namespaceSelector', 'matchLabels', 'kubernetes.io/metadata.name']),
    slot([...at, 'namespaces', '*']),
  ];
}

/** Where the args of every app component accept Pulumi inputs. */
export const WORKLOAD_SLOTS: readonly InputSlot[] = [
  slot('namespace'),
  ...containerSlots('containers', '*'),
  ...containerSlots('initContainers', '*'),
  slot('version'),
  slot('component'),
  slot('partOf'),
  slot('labels.*'),
  slot('podAnnotations.*', 'text'),
  slot('serviceAccount.existing'),
  slot('serviceAccount.annotations.*', 'text'),
  slot('imagePullSecrets.*'),
  slot('runtimeClassName'),
  slot('priorityClassName'),
  ...peerSlots('allowFrom', '*'),
  ...peerSlots('allowTo', '*', 'peer'),
];

/** The `exposure` prop of the app components, whose names, hosts, annotation values and ranges may be Pulumi inputs. */
export interface ExposureArgs {
  /**
   * Expose the app outside the cluster: `Exposure.gatewayApi({...})`, `.istioGateway({...})`,
   * `.loadBalancer({...})` or `.nodePort({...})` from `keelson/pulumi`, whose options take inputs.
   * @default none: a ClusterIP Service, reached through the Ingress or from inside the cluster
   */
  readonly exposure?: Exposure;
}

/**
 * Where `exposure` accepts Pulumi inputs: names, host names, label and annotation values, source
 * ranges, the certificate Secret and the load balancer class. Not the type, the routed `port`, the
 * booleans, `externalTrafficPolicy`, `nodePorts`, `matches` or timeouts: they decide which objects
 * and fields there are.
 */
export const EXPOSURE_SLOTS: readonly InputSlot[] = [
  slot('exposure.gateway.name'),
  slot('exposure.gateway.namespace'),
  slot('exposure.gateway.sectionName'),
  slot('exposure.hostnames.*'),
  slot('exposure.hosts.*'),
  slot('exposure.selector.*'),
  slot('exposure.tls.credentialName'),
  slot('exposure.gatewayPods.namespace'),
  slot('exposure.gatewayPods.labels.*'),
  slot('exposure.gatewayPods.serviceAccount'),
  slot('exposure.gatewayPods.trustDomain'),
  slot('exposure.annotations.*', 'text'),
  slot('exposure.sourceRanges.*', 'cidr'),
  slot('exposure.loadBalancerClass', 'className'),
  // Exposure.ingress(): its TLS Secret (hosts and annotations are above).
  slot('exposure.tlsSecretName'),
];
