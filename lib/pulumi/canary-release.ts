import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { AppComponent, prepareApp } from './app-component';
import { EXPOSURE_SLOTS, ExposureArgs, WORKLOAD_SLOTS, WorkloadArgs, envSlots } from './args';
import { InputSlot, slot } from './inputs';
import { buildCanaryRelease } from '../core/canary-release/build';
import { CANARY_RELEASE, CanaryReleaseProps, CanaryTrackProps, ReleaseTrackProps, VersionTrackProps } from '../core/canary-release/props';
import { EnvValue } from '../core/values/env';

/** A track whose image and env values may be Pulumi inputs. */
export interface ReleaseTrackArgs extends Omit<ReleaseTrackProps, 'image' | 'env' | 'version'> {
  /**
   * The first container's image for this track; an `Output` is checked once known.
   * @default the first container's `image`
   */
  readonly image?: pulumi.Input<string>;
  /**
   * The `app.kubernetes.io/version` label of this track's pods.
   * @default the image tag, when the image is a plain string
   */
  readonly version?: pulumi.Input<string>;
  /**
   * Environment variables added to (or replacing) the first container's for this track: literal
   * values (plain or `Output`) or `EnvValue` references.
   * @default none
   */
  readonly env?: Readonly<Record<string, pulumi.Input<string> | EnvValue>>;
}

/** The canary track, whose image and env values may be Pulumi inputs. */
export interface CanaryTrackArgs extends Omit<CanaryTrackProps, 'image' | 'env' | 'version'> {
  /** The canary's image (e.g. the Output of an image build); checked once known. */
  readonly image: pulumi.Input<string>;
  /**
   * The `app.kubernetes.io/version` label of the canary's pods.
   * @default the image tag, when the image is a plain string
   */
  readonly version?: pulumi.Input<string>;
  /**
   * Environment variables added to (or replacing) the first container's for the canary.
   * @default none
   */
  readonly env?: Readonly<Record<string, pulumi.Input<string> | EnvValue>>;
}

/** A named version, whose image and env values may be Pulumi inputs. */
export interface VersionTrackArgs extends Omit<VersionTrackProps, 'image' | 'env' | 'version'> {
  /** This version's image (e.g. the Output of an image build); checked once known. */
  readonly image: pulumi.Input<string>;
  /**
   * The `app.kubernetes.io/version` label of this version's pods.
   * @default the image tag, when the image is a plain string
   */
  readonly version?: pulumi.Input<string>;
  /**
   * Environment variables added to (or replacing) the first container's for this version.
   * @default none
   */
  readonly env?: Readonly<Record<string, pulumi.Input<string> | EnvValue>>;
}

/** Args of the Pulumi CanaryRelease: the core props, with Pulumi inputs where outputs are common. */
export interface CanaryReleaseArgs
  extends Omit<CanaryReleaseProps, keyof WorkloadArgs | keyof ExposureArgs | 'stable' | 'canary' | 'versions'>, WorkloadArgs, ExposureArgs {
  /**
   * The stable track.
   * @default the containers as given, 2 replicas
   */
  readonly stable?: ReleaseTrackArgs;
  /**
   * The canary track; remove it to finish a release (after promoting its image to stable).
   * @default none: stable only
   */
  readonly canary?: CanaryTrackArgs;
  /**
   * More versions besides stable and canary, by name (istio and gateway-api routings).
   * @default none: stable and canary only, as most releases need
   */
  readonly versions?: Readonly<Record<string, VersionTrackArgs>>;
}

/** Where CanaryRelease args accept Pulumi inputs: the workload's, each track's, and the routing's host names. */
const SLOTS: readonly InputSlot[] = [
  ...WORKLOAD_SLOTS,
  ...EXPOSURE_SLOTS,
  ...(['stable', 'canary'] as const).flatMap((t) => [slot([t, 'image'], 'image'), slot([t, 'version']), ...envSlots(t)]),
  slot('versions.*.image', 'image'), slot('versions.*.version'), ...envSlots('versions', '*'),
  slot('routing.options.hosts.*'),
  slot('routing.options.tlsSecretName'),
  slot('routing.options.hostnames.*'),
  slot('routing.options.externalHosts.*'),
  // Exposure.ingress() (replica-ratio, blue-green): hosts, TLS Secret and annotation values.
  slot('exposure.hosts.*'), slot('exposure.tlsSecretName'), slot('exposure.annotations.*', 'text'),
];

/**
 * A stable and a canary version of one app for Pulumi, and the routing between them. Children
 * depend on what they need (`dependsOn`): the VirtualService on the DestinationRule whose subsets
 * it routes to, the Deployments (or the Rollout) on the ServiceAccount and NetworkPolicy (the Rollout also on its AnalysisTemplate), an
 * autoscaler on its target, an Ingress or HTTPRoute on its Services.
 */
export class CanaryRelease extends AppComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'keelson:index:CanaryRelease';

  /** The canary's share of traffic the output achieves. */
  public readonly achievedWeight: number;
  /** Notes that are not errors; also logged as Pulumi warnings. */
  public readonly warnings: readonly string[];
  /** The ServiceAccount (`serviceAccount.name`, by default `<name>`) both tracks' pods run as; absent with `serviceAccount.existing`. */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The NetworkPolicy `<name>` over both tracks' pods. */
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;
  /** The PeerAuthentication `<name>-exposure` (PERMISSIVE on the exposed ports); present with `exposure.mesh`. */
  public readonly peerAuthentication?: k8s.apiextensions.CustomResource;
  /** The AuthorizationPolicy `<name>-exposure` (ALLOW on the exposed ports, from the source ranges); present with `exposure.mesh`. */
  public readonly authorizationPolicy?: k8s.apiextensions.CustomResource;
  /** The tracks' Deployments (none with Argo Rollouts). */
  public readonly deployments: readonly k8s.apps.v1.Deployment[];
  /** The stable track's Deployment `<name>-stable` (absent with Argo Rollouts). */
  public readonly stableDeployment?: k8s.apps.v1.Deployment;
  /** The canary track's Deployment `<name>-canary` (absent with Argo Rollouts, or without a canary). */
  public readonly canaryDeployment?: k8s.apps.v1.Deployment;
  /** Every Service: the shared one, per-track ones or active/preview, depending on the routing. */
  public readonly services: readonly k8s.core.v1.Service[];
  /** The Service in-cluster clients call, the one `serviceName` names. */
  public readonly service?: k8s.core.v1.Service;
  /** One per track (one for the Rollout with Argo Rollouts). */
  public readonly podDisruptionBudgets: readonly k8s.policy.v1.PodDisruptionBudget[];
  /** One per track with `autoscaling`. */
  public readonly horizontalPodAutoscalers: readonly k8s.autoscaling.v2.HorizontalPodAutoscaler[];
  /** ingress-nginx: the main and the canary Ingress; `Exposure.ingress()` (replica-ratio, blue-green): the Ingress `<name>`. */
  public readonly ingresses: readonly k8s.networking.v1.Ingress[];
  /** Istio and Argo Rollouts routings: a `CustomResource` (Istio's kinds have no typed class in @pulumi/kubernetes). */
  public readonly destinationRule?: k8s.apiextensions.CustomResource;
  /** Istio and Argo Rollouts routings: a `CustomResource`. */
  public readonly virtualService?: k8s.apiextensions.CustomResource;
  /** Gateway API routing: a `CustomResource`. */
  public readonly httpRoute?: k8s.apiextensions.CustomResource;
  /** Traefik routing: the weighted TraefikService, a `CustomResource`. */
  public readonly traefikService?: k8s.apiextensions.CustomResource;
  /** Traefik routing: the IngressRoute, a `CustomResource`. */
  public readonly ingressRoute?: k8s.apiextensions.CustomResource;
  /** `Exposure.gatewayApi()` on a gRPC port (replica-ratio, blue-green routings): a `CustomResource`. */
  public readonly grpcRoute?: k8s.apiextensions.CustomResource;
  /** `Exposure.istioGateway()`: the Istio Gateway `<name>`, a `CustomResource`. */
  public readonly gateway?: k8s.apiextensions.CustomResource;
  /** Argo Rollouts routing, instead of the Deployments: a `CustomResource`. */
  public readonly rollout?: k8s.apiextensions.CustomResource;
  /** Argo Rollouts routing, unless `analysis: false`: the AnalysisTemplate the Rollout's analysis runs, a `CustomResource`. */
  public readonly analysisTemplate?: k8s.apiextensions.CustomResource;
  /** Flagger routing: the Canary `<name>` that drives the Deployment `<name>`, a `CustomResource`. */
  public readonly flaggerCanary?: k8s.apiextensions.CustomResource;

  constructor(name: string, args: CanaryReleaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate and build before registering anything: bad args throw with no resource created.
    const app = prepareApp(CANARY_RELEASE, name, args, opts, SLOTS, (props: CanaryReleaseProps) => buildCanaryRelease(props, { id: name }));
    const { manifest, restored } = app;
    super(CanaryRelease.TYPE, name, {
      type: CANARY_RELEASE,
      ...app,
      selector: manifest.selector,
      objects: restored.objects,
      outputs: { achievedWeight: manifest.achievedWeight },
    }, opts);
    this.achievedWeight = manifest.achievedWeight;
    this.warnings = manifest.warnings;
    // A child by kind and name, or undefined when the release has no such object.
    const named = <T extends pulumi.CustomResource>(key: string) => this.resources[key] as T | undefined;
    this.serviceAccount = this.child(restored.serviceAccount);
    this.networkPolicy = this.child(restored.networkPolicy);
    this.peerAuthentication = this.child(restored.peerAuthentication);
    this.authorizationPolicy = this.child(restored.authorizationPolicy);
    this.deployments = restored.deployments.map((d) => this.child(d));
    this.stableDeployment = named(`Deployment/${app.name}-stable`);
    this.canaryDeployment = named(`Deployment/${app.name}-canary`);
    this.services = restored.services.map((s) => this.child(s));
    this.service = this.serviceName !== undefined ? named(`Service/${this.serviceName}`) : undefined;
    this.podDisruptionBudgets = restored.podDisruptionBudgets.map((b) => this.child(b));
    this.horizontalPodAutoscalers = restored.horizontalPodAutoscalers.map((h) => this.child(h));
    this.ingresses = restored.ingresses.map((i) => this.child(i));
    this.destinationRule = this.child(restored.destinationRule);
    this.virtualService = this.child(restored.virtualService);
    this.httpRoute = this.child(restored.httpRoute);
    this.traefikService = this.child(restored.traefikService);
    this.ingressRoute = this.child(restored.ingressRoute);
    this.grpcRoute = this.child(restored.grpcRoute);
    this.gateway = this.child(restored.gateway);
    this.rollout = this.child(restored.rollout);
    this.analysisTemplate = this.child(restored.analysisTemplate);
    this.flaggerCanary = this.child(restored.flaggerCanary);
    for (const w of manifest.warnings) void pulumi.log.warn(w, this);
  }
}
