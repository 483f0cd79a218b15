import type { BuildOptions } from '../validation/props';
import { CanaryReleaseManifest, CanaryReleaseProps } from './props';
import { renderCanaryRelease } from './render';
import { resolveCanaryRelease } from './resolve';

/**
 * Validates CanaryRelease props and builds its objects. Throws one KeelsonValidationError listing
 * every problem; returns nothing partial.
 */
export function buildCanaryRelease(props: CanaryReleaseProps, options: BuildOptions = {}): CanaryReleaseManifest {
  return renderCanaryRelease(resolveCanaryRelease(props, options));
}
