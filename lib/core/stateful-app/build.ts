import { STATEFUL_APP, StatefulAppBuildOptions, StatefulAppManifest, StatefulAppProps } from './props';
import { renderStatefulApp } from './render';
import { resolveStatefulApp } from './resolve';
import { assertOutputLimits } from '../validation/output-limits';

/**
 * Validates StatefulApp props and builds its objects. Throws one KeelsonValidationError listing
 * every problem; returns nothing partial.
 */
export function buildStatefulApp(props: StatefulAppProps, options: StatefulAppBuildOptions = {}): StatefulAppManifest {
  const manifest = renderStatefulApp(resolveStatefulApp(props, options));
  assertOutputLimits(STATEFUL_APP, props.name, manifest.objects, { ServiceAccount: 'serviceAccount.annotations', Ingress: 'exposure.annotations' });
  return manifest;
}
