import { statefulSetImmutableFields } from './immutable';
import { STATEFUL_APP, StatefulAppBuildOptions, StatefulAppManifest, StatefulAppProps } from './props';
import { renderStatefulApp } from './render';
import { resolveStatefulApp } from './resolve';
import { assertOutputLimits } from '../validation/output-limits';
import { Problems } from '../validation/problems';

/**
 * Validates StatefulApp props and builds its objects. Throws one KeelsonValidationError listing
 * every problem; returns nothing partial.
 */
export function buildStatefulApp(props: StatefulAppProps, options: StatefulAppBuildOptions = {}): StatefulAppManifest {
  const manifest = renderStatefulApp(resolveStatefulApp(props, options));
  assertOutputLimits(STATEFUL_APP, props.name, manifest.objects, { ServiceAccount: 'serviceAccount.annotations' });
  // Compare immutable fields only once everything else is valid: a typo is not an upgrade.
  if (options.checkImmutable) {
    const problems = new Problems(STATEFUL_APP, manifest.statefulSet.metadata!.name!);
    options.checkImmutable(problems, statefulSetImmutableFields(manifest.statefulSet));
    problems.throwIfAny();
  }
  return manifest;
}
