import { SECURE_NAMESPACE, SecureNamespaceManifest, SecureNamespaceProps } from './props';
import { renderSecureNamespace } from './render';
import { resolveSecureNamespace } from './resolve';
import { assertOutputLimits } from '../validation/output-limits';
import type { BuildOptions } from '../validation/props';

/**
 * Validates SecureNamespace props and builds its objects. Throws one KeelsonValidationError
 * listing every problem; returns nothing partial.
 */
export function buildSecureNamespace(props: SecureNamespaceProps, options: BuildOptions = {}): SecureNamespaceManifest {
  const manifest = renderSecureNamespace(resolveSecureNamespace(props, options));
  assertOutputLimits(SECURE_NAMESPACE, props.name, manifest.objects, { Namespace: 'annotations' });
  return manifest;
}
