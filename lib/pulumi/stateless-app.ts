import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { AppComponent, prepareApp } from './app-component';
import { ContainerArgs, EXPOSURE_SLOTS, ExposureArgs, WORKLOAD_SLOTS, WorkloadArgs } from './args';
import { InputSlot } from './inputs';
import { buildStatelessApp } from '../core/stateless-app/build';
import { STATELESS_APP, StatelessAppProps } from '../core/stateless-app/props';

/** A container whose image and env values may be Pulumi inputs. */
export type StatelessAppContainerArgs = ContainerArgs;

/** Args of the Pulumi StatelessApp: the core props, with Pulumi inputs where outputs are common. */
export interface StatelessAppArgs extends Omit<StatelessAppProps, keyof WorkloadArgs | keyof ExposureArgs>, WorkloadArgs, ExposureArgs {}

/** Where StatelessApp args accept Pulumi inputs. */
const SLOTS: readonly InputSlot[] = [
  ...WORKLOAD_SLOTS,
  ...EXPOSURE_SLOTS,
];

/**
 * A stateless app for Pulumi: Deployment, Service, PodDisruptionBudget, ServiceAccount,
 * NetworkPolicy, and optionally a HorizontalPodAutoscaler, a VerticalPodAutoscaler and an Ingress, as typed
 * @pulumi/kubernetes resources parented to this component.
 *
 * Every child is a property (`app.deployment`, ...). To change a field keelson sets, use a
 * resource transform on the component (`transforms` in its options), which reaches every child.
 */
export class StatelessApp extends AppComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'keelson:index:StatelessApp';

  /** The app's own ServiceAccount (`serviceAccount.name`, by default `<name>`), with no API token mounted unless asked for; absent with `serviceAccount.existing`, whose ServiceAccount the pods use. */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The NetworkPolicy `<name>`: the only traffic the pods accept and the only connections they may open. */
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;
  /** The PeerAuthentication `<name>-exposure` (PERMISSIVE on the exposed ports); present with `exposure.mesh`. */
  public readonly peerAuthentication?: k8s.apiextensions.CustomResource;
  /** The AuthorizationPolicy `<name>-exposure` (ALLOW on the exposed ports, from the source ranges); present with `exposure.mesh`. */
  public readonly authorizationPolicy?: k8s.apiextensions.CustomResource;
  /** The HTTPRoute `<name>` attached to the shared Gateway; present with `Exposure.gatewayApi()` on an HTTP port. */
  public readonly httpRoute?: k8s.apiextensions.CustomResource;
  /** The GRPCRoute `<name>` attached to the shared Gateway; present with `Exposure.gatewayApi()` on a gRPC port. */
  public readonly grpcRoute?: k8s.apiextensions.CustomResource;
  /** The Istio Gateway `<name>` on the ingress gateway's pods; present with `Exposure.istioGateway()`. */
  public readonly gateway?: k8s.apiextensions.CustomResource;
  /** The VirtualService `<name>` bound to that Gateway, routing to the Service; present with `Exposure.istioGateway()`. */
  public readonly virtualService?: k8s.apiextensions.CustomResource;
  /** Absent when no container exposes a port. */
  public readonly service?: k8s.core.v1.Service;
  /** The Deployment `<name>` running the pods. */
  public readonly deployment: k8s.apps.v1.Deployment;
  /** The PodDisruptionBudget `<name>`, limiting how many pods a node drain may evict at once. */
  public readonly podDisruptionBudget: k8s.policy.v1.PodDisruptionBudget;
  /** The HorizontalPodAutoscaler `<name>`; present when `autoscaling` is set. */
  public readonly horizontalPodAutoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
  /** The VerticalPodAutoscaler `<name>`; present when `verticalAutoscaling` is set. */
  public readonly verticalPodAutoscaler?: k8s.apiextensions.CustomResource;
  /** The Ingress `<name>`; present with `Exposure.ingress()`. */
  public readonly ingress?: k8s.networking.v1.Ingress;

  constructor(name: string, args: StatelessAppArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate and build before registering anything: bad args throw with no resource created.
    const app = prepareApp(STATELESS_APP, name, args, opts, SLOTS, (props: StatelessAppProps) => buildStatelessApp(props, { id: name }));
    const { manifest, restored } = app;
    super(StatelessApp.TYPE, name, { type: STATELESS_APP, ...app, selector: manifest.selector, objects: restored.objects }, opts);

    this.serviceAccount = this.child(restored.serviceAccount);
    this.networkPolicy = this.child(restored.networkPolicy);
    this.peerAuthentication = this.child(restored.peerAuthentication);
    this.authorizationPolicy = this.child(restored.authorizationPolicy);
    this.httpRoute = this.child(restored.httpRoute);
    this.grpcRoute = this.child(restored.grpcRoute);
    this.gateway = this.child(restored.gateway);
    this.virtualService = this.child(restored.virtualService);
    this.service = this.child(restored.service);
    this.deployment = this.child(restored.deployment);
    this.podDisruptionBudget = this.child(restored.podDisruptionBudget);
    this.horizontalPodAutoscaler = this.child(restored.horizontalPodAutoscaler);
    this.verticalPodAutoscaler = this.child(restored.verticalPodAutoscaler);
    this.ingress = this.child(restored.ingress);
  }
}
