import { STATELESS_APP, StatelessAppManifest, StatelessAppProps } from './props';
import { renderStatelessApp } from './render';
import { resolveStatelessApp } from './resolve';
import { assertOutputLimits } from '../validation/output-limits';

/**
 * Validates StatelessApp props and builds its objects. Throws one KeelsonValidationError
 * listing every problem; returns nothing partial.
 */
export function buildStatelessApp(props: StatelessAppProps): StatelessAppManifest {
  const manifest = renderStatelessApp(resolveStatelessApp(props));
  assertOutputLimits(STATELESS_APP, props.name, manifest.objects, { ServiceAccount: 'serviceAccount.annotations', Ingress: 'ingress.annotations' });
  return manifest;
}
