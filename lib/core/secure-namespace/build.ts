import type { BuildOptions } from '../validation/props';
import { SecureNamespaceManifest, SecureNamespaceProps } from './props';
import { renderSecureNamespace } from './render';
import { resolveSecureNamespace } from './resolve';

/**
 * Validates SecureNamespace props and builds its objects. Throws one KeelsonValidationError
 * listing every problem; returns nothing partial.
 */
export function buildSecureNamespace(props: SecureNamespaceProps, options: BuildOptions = {}): SecureNamespaceManifest {
  return renderSecureNamespace(resolveSecureNamespace(props, options));
}
