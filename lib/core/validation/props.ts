import { checkKnownKeys, checkObject } from './checks';
import { Problems } from './problems';

/**
 * The start of every construct's resolver: the problems collector named after the construct, and
 * the props as an object of known keys (anything else throws the library's error at once).
 */
export function beginResolve<P extends object>(constructType: string, input: unknown, keys: readonly string[]): { props: P; problems: Problems } {
  const props = input as P & { name?: unknown };
  const problems = new Problems(constructType, typeof props?.name === 'string' ? props.name : '<unnamed>');
  if (!checkObject(problems, '', props)) problems.throwIfAny();
  checkKnownKeys(problems, '', props, keys);
  return { props, problems };
}
