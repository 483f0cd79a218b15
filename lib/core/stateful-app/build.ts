import { StatefulAppBuildOptions, StatefulAppManifest, StatefulAppProps } from './props';
import { renderStatefulApp } from './render';
import { resolveStatefulApp } from './resolve';

/**
 * Validates StatefulApp props and builds its objects. Throws one KeelsonValidationError listing
 * every problem; returns nothing partial.
 */
export function buildStatefulApp(props: StatefulAppProps, options: StatefulAppBuildOptions = {}): StatefulAppManifest {
  return renderStatefulApp(resolveStatefulApp(props, options));
}
