import { Problems } from '../validation/problems';
import { statefulSetImmutableFields } from './immutable';
import { STATEFUL_APP, StatefulAppBuildOptions, StatefulAppManifest, StatefulAppProps } from './props';
import { renderStatefulApp } from './render';
import { resolveStatefulApp } from './resolve';

/**
 * Validates StatefulApp props and builds its objects. Throws one KeelsonValidationError listing
 * every problem; returns nothing partial.
 */
export function buildStatefulApp(props: StatefulAppProps, options: StatefulAppBuildOptions = {}): StatefulAppManifest {
  const manifest = renderStatefulApp(resolveStatefulApp(props));
  // Compare immutable fields only once everything else is valid: a typo is not an upgrade.
  if (options.checkImmutable) {
    const problems = new Problems(STATEFUL_APP, props.name);
    options.checkImmutable(problems, statefulSetImmutableFields(manifest.statefulSet));
    problems.throwIfAny();
  }
  return manifest;
}
