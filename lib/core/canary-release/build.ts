import { CANARY_RELEASE, CanaryReleaseManifest, CanaryReleaseProps } from './props';
import { renderCanaryRelease } from './render';
import { resolveCanaryRelease } from './resolve';
import { assertOutputLimits } from '../validation/output-limits';
import type { BuildOptions } from '../validation/props';

/**
 * Validates CanaryRelease props and builds its objects. Throws one KeelsonValidationError listing
 * every problem; returns nothing partial.
 */
export function buildCanaryRelease(props: CanaryReleaseProps, options: BuildOptions = {}): CanaryReleaseManifest {
  const manifest = renderCanaryRelease(resolveCanaryRelease(props, options));
  assertOutputLimits(CANARY_RELEASE, props.name, manifest.objects, { ServiceAccount: 'serviceAccount.annotations', Ingress: props.exposure?.type === 'Ingress' ? 'exposure.annotations' : 'routing' });
  return manifest;
}
