import { CANARY_RELEASE, CanaryReleaseManifest, CanaryReleaseProps } from './props';
import { renderCanaryRelease } from './render';
import { resolveCanaryRelease } from './resolve';
import { assertOutputLimits } from '../validation/output-limits';

/**
 * Validates CanaryRelease props and builds its objects. Throws one KeelsonValidationError listing
 * every problem; returns nothing partial.
 */
export function buildCanaryRelease(props: CanaryReleaseProps): CanaryReleaseManifest {
  const manifest = renderCanaryRelease(resolveCanaryRelease(props));
  assertOutputLimits(CANARY_RELEASE, props.name, manifest.objects, { ServiceAccount: 'serviceAccount.annotations', Ingress: 'routing' });
  return manifest;
}
