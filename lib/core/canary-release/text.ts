/**
 * A value already validated (or reported) as text, for building names and annotations: anything
 * else (from JavaScript, e.g. an object without a prototype) must not reach a string conversion,
 * which could throw a TypeError instead of the library's error.
 */
export function safeText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : 'invalid';
}
