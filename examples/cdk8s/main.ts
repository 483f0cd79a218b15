import { App, Chart, YamlOutputType } from 'cdk8s';
import { Duration, EnvValue, NetworkPeer, Port, Probe, Quantity, ConfigReference } from '../../lib';
import { StatelessApp } from '../../lib/cdk8s';

/**
 * The example stack, synthesised by `npm run synth` to dist/shop.k8s.yaml.
 * A web frontend behind an Ingress with an autoscaler, reading config and a secret.
 */
export function buildApp(outdir = 'dist'): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });

  const settings = ConfigReference.configMap('web-settings', { data: { LOG_LEVEL: 'info', FEATURE_SEARCH: 'on' } });

  new StatelessApp(chart, 'web', {
    partOf: 'shop',
    component: 'frontend',
    containers: [{
      image: 'ghcr.io/acme/shop-web:2.4.1',
      ports: [Port.http(8080)],
      env: {
        LOG_LEVEL: EnvValue.fromConfigMap(settings, 'LOG_LEVEL'),
        SESSION_KEY: EnvValue.fromSecret('web-session', 'key'),
        POD_NAMESPACE: EnvValue.fromField('metadata.namespace'),
      },
      resources: {
        cpu: { request: Quantity.millicores(250), limit: Quantity.cores(1) },
        memory: { request: Quantity.mebibytes(256) },
      },
      startup: Probe.http('/health', { failureThreshold: 30, period: Duration.seconds(2) }),
    }],
    autoscaling: { minReplicas: 3, maxReplicas: 12 },
    ingress: { hosts: ['shop.example.com'], className: 'nginx', tlsSecretName: 'shop-example-com-tls' },
    allowFrom: [NetworkPeer.sameNamespace(), NetworkPeer.namespace('monitoring')],
  });

  return app;
}

if (require.main === module) {
  buildApp().synth();
}
