import type { BuildOptions } from '../validation/props';
import { StatelessAppManifest, StatelessAppProps } from './props';
import { renderStatelessApp } from './render';
import { resolveStatelessApp } from './resolve';

/**
 * Validates StatelessApp props and builds its objects. Throws one KeelsonValidationError
 * listing every problem; returns nothing partial.
 */
export function buildStatelessApp(props: StatelessAppProps, options: BuildOptions = {}): StatelessAppManifest {
  return renderStatelessApp(resolveStatelessApp(props, options));
}
