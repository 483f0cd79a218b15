import { checkKnownKeys, checkObject } from './checks';
import { Problems } from './problems';
import { checkShape } from './shape';
import type { KubernetesObjectKind } from './suggest';

/** What an engine adapter tells a builder besides the props. */
export interface BuildOptions {
  /**
   * The construct's id in its engine (cdk8s construct id, Pulumi resource name): names the
   * construct in errors when the props carry no usable `name` (not an object, or a name that is
   * not a string).
   * @default none: such props are named `<unnamed>`
   */
  readonly id?: string;
}

/**
 * The start of every construct's resolver: the problems collector named after the construct, and
 * the props as an object of known keys (anything else throws the library's error at once), whose
 * shape is checked as a whole (validation/shape.ts).
 * `mirrors` are the Kubernetes objects the top level of the props stands for (for hints on fields
 * keelson has no prop for).
 */
export function beginResolve<P extends object>(
  constructType: string, input: unknown, keys: readonly string[], options: BuildOptions = {}, mirrors: readonly KubernetesObjectKind[] = [],
): { props: P; problems: Problems } {
  const props = input as P & { name?: unknown };
  const problems = new Problems(constructType, constructLabel(input, options));
  if (!checkObject(problems, '', props)) problems.throwIfAny();
  checkKnownKeys(problems, '', props, keys, mirrors);
  // Holes, circular structures and the options of keelson values, everywhere in the props; a
  // circular structure ends the checks at once (they copy and compare props).
  if (checkShape(problems, '', props).circular) problems.throwIfAny();
  return { props, problems };
}

/** The name problems are reported under: the props' `name`, else the engine's id, else `<unnamed>`. */
function constructLabel(input: unknown, options: BuildOptions | undefined): string {
  const name = typeof input === 'object' && input !== null ? (input as { name?: unknown }).name : undefined;
  const id = typeof options?.id === 'string' && options.id !== '' ? options.id : undefined;
  return typeof name === 'string' ? name : (id ?? '<unnamed>');
}

/**
 * For the engine adapters, before they copy or rewrite the props (a name defaulted from the id,
 * Pulumi inputs replaced by placeholders): throws the library's error when the props as given
 * contain a circular structure, reported at the paths the user wrote. A copy would move where the
 * structure refers back to, and the two engines copy differently.
 */
export function checkNotCircular(constructType: string, input: unknown, options: BuildOptions = {}): void {
  if (typeof input !== 'object' || input === null) return;
  const problems = new Problems(constructType, constructLabel(input, options));
  if (checkShape(problems, '', input).circular) problems.throwIfAny();
}
