import { App, Chart, YamlOutputType } from 'cdk8s';
// In your own repository: import { StatelessApp } from 'keelson/cdk8s';
import { CanaryRelease, SecureNamespace, StatefulApp, StatelessApp } from '../../lib/cdk8s';
import { NAMESPACE, api, etcd, shopNamespace, web } from '../shop';

/** The example shop as a cdk8s app; `npm run synth` writes it to dist/shop.k8s.yaml. */
export function buildApp(outdir = 'dist'): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new Chart(app, 'shop', { namespace: NAMESPACE });
  // The apps live in the team's SecureNamespace: created in its scope, they take its namespace and
  // must fit its quota and LimitRange when the app is synthesised.
  const shop = new SecureNamespace(chart, NAMESPACE, shopNamespace);
  new StatelessApp(shop, 'web', web);
  new StatefulApp(shop, 'etcd', etcd);
  new CanaryRelease(shop, 'api', api);
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
