import { ConfigReference, Duration, EnvValue, NetworkEgress, NetworkPeer, Port, Probe, Quantity, StatelessAppProps } from '../lib';

/**
 * The example shop's apps, as engine-neutral props: the cdk8s app (examples/cdk8s/main.ts) and
 * the Pulumi program (examples/pulumi/index.ts) pass the very same objects, and the tests check
 * that both engines produce the same manifests from them.
 */
export const NAMESPACE = 'shop';

/** Non-secret settings, hashed into the pods so a change rolls them. */
export const webSettings = ConfigReference.configMap('web-settings', { data: { LOG_LEVEL: 'info', FEATURE_SEARCH: 'on' } });

/** A web frontend behind an Ingress, autoscaled on CPU, reading a ConfigMap key and a Secret key. */
export const web: Omit<StatelessAppProps, 'name'> = {
  partOf: 'shop',
  component: 'frontend',
  containers: [{
    image: 'ghcr.io/acme/shop-web:2.4.1',
    ports: [Port.http(8080)],
    env: {
      LOG_LEVEL: EnvValue.fromConfigMap(webSettings, 'LOG_LEVEL'),
      SESSION_KEY: EnvValue.fromSecret('web-session', 'key'),
      POD_NAMESPACE: EnvValue.fromField('metadata.namespace'),
    },
    resources: {
      // A CPU limit is opt-in; set here so the example passes checkers that demand one.
      cpu: { request: Quantity.millicores(250), limit: Quantity.cores(1) },
      memory: { request: Quantity.mebibytes(256) },
    },
    // Up to 60s to start before liveness takes over, without delaying every restart.
    startup: Probe.http('/health', { failureThreshold: 30, period: Duration.seconds(2) }),
  }],
  autoscaling: { minReplicas: 3, maxReplicas: 12 },
  ingress: { hosts: ['shop.example.com'], className: 'nginx', tlsSecretName: 'shop-example-com-tls' },
  allowFrom: [NetworkPeer.sameNamespace(), NetworkPeer.namespace('monitoring')],
  // Governs egress too: the shop's API pods on 8080 and DNS, nothing else.
  allowTo: [NetworkEgress.to(NetworkPeer.pods({ 'app.kubernetes.io/name': 'api' }), 8080)],
};
