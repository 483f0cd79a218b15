import { STATELESS_APP, StatelessAppManifest, StatelessAppProps } from './props';
import { renderStatelessApp } from './render';
import { resolveStatelessApp } from './resolve';
import { assertOutputLimits } from '../validation/output-limits';
import type { BuildOptions } from '../validation/props';

/**
 * Validates StatelessApp props and builds its objects. Throws one KeelsonValidationError
 * listing every problem; returns nothing partial.
 */
export function buildStatelessApp(props: StatelessAppProps, options: BuildOptions = {}): StatelessAppManifest {
  const manifest = renderStatelessApp(resolveStatelessApp(props, options));
  assertOutputLimits(STATELESS_APP, props.name, manifest.objects, { ServiceAccount: 'serviceAccount.annotations', Ingress: 'exposure.annotations' });
  return manifest;
}
