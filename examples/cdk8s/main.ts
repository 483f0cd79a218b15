import { App, Chart, YamlOutputType } from 'cdk8s';
// In your own repository: import { StatelessApp } from 'keelson/cdk8s';
import { CanaryRelease, StatefulApp, StatelessApp } from '../../lib/cdk8s';
import { NAMESPACE, api, etcd, web } from '../shop';

/** The example shop as a cdk8s app; `npm run synth` writes it to dist/shop.k8s.yaml. */
export function buildApp(outdir = 'dist'): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(app, 'shop', { namespace: NAMESPACE });
  new StatelessApp(chart, 'web', web);
  new StatefulApp(chart, 'etcd', etcd);
  new CanaryRelease(chart, 'api', api);
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
