import { Problems } from './problems';
import type { KubeObject } from '../workload/objects';

/**
 * Limits the API server puts on an object as a whole, checked on the objects a construct renders
 * (they depend on every prop at once):
 * - an object's annotations (and its pod template's) may take at most 256 KiB, keys and values
 *   together (`metadata.annotations: Too long`);
 * - `kubectl apply` without `--server-side`, the way `kubectl apply -f dist/` ships cdk8s output
 *   (and Argo CD's default), stores the whole object as JSON in its
 *   `kubectl.kubernetes.io/last-applied-configuration` annotation, so the object must fit in
 *   those 256 KiB too. That is well below the API server's request limit (3 MiB) and etcd's
 *   (1.5 MiB), so an object that passes this passes those.
 */

/** The API server's limit on an object's annotations, keys and values together, in bytes. */
export const ANNOTATIONS_LIMIT_BYTES = 256 * 1024;
/** The annotation client-side `kubectl apply` records the object in. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

const encoder = new TextEncoder();
const utf8 = (s: string): number => encoder.encode(s).length;

/** Bytes of the annotations as the API server counts them: every key and value, in UTF-8. */
export function annotationBytes(annotations: Readonly<Record<string, string>> | undefined): number {
  let n = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) n += utf8(k) + utf8(String(v));
  return n;
}

/** Bytes of a string as Go's encoding/json writes it: quoted, `<`, `>`, `&`, U+2028/9 and control characters escaped. */
function goStringSize(s: string): number {
  let n = 2;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\' || ch === '\n' || ch === '\r' || ch === '\t') n += 2;
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) n += 6;
    else n += utf8(ch);
  }
  return n;
}

/** Bytes of a JSON value as Go's encoding/json writes it (kubectl encodes the last-applied configuration so). */
export function goJsonSize(value: unknown): number {
  if (value === null) return 4;
  if (typeof value === 'string') return goStringSize(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (Array.isArray(value)) return 2 + Math.max(0, value.length - 1) + value.reduce((n: number, v) => n + goJsonSize(v), 0);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return 2 + Math.max(0, entries.length - 1) + entries.reduce((n, [k, v]) => n + goStringSize(k) + 1 + goJsonSize(v), 0);
  }
  return 0;
}

/** Bytes of the annotations of an object applied with client-side `kubectl apply`: its own and the last-applied one. */
export function appliedAnnotationBytes(o: KubeObject): number {
  const own = { ...(o.metadata.annotations ?? {}) };
  delete own[LAST_APPLIED_ANNOTATION];
  // kubectl records the object with its annotations map, empty when it has none, and its JSON
  // encoder ends the document with a newline.
  const recorded = { ...o, metadata: { ...o.metadata, annotations: own } };
  return annotationBytes(own) + utf8(LAST_APPLIED_ANNOTATION) + goJsonSize(recorded) + 1;
}

/** Where a kind's annotations come from in the props (e.g. `ServiceAccount` → `serviceAccount.annotations`). */
export type AnnotationOrigins = Readonly<Record<string, string>>;

/** Records a problem for every object over the API server's annotation limit, as applied or on its own. */
export function checkOutputLimits(problems: Problems, objects: readonly KubeObject[], origins: AnnotationOrigins): void {
  const limit = ANNOTATIONS_LIMIT_BYTES;
  for (const o of objects) {
    const what = `the ${o.kind} ${JSON.stringify(o.metadata.name)}`;
    type Template = { template?: { metadata?: { annotations?: Record<string, string> } } };
    // A workload's pod template, or a CronJob's (in its job template).
    const spec = (o as { spec?: Template & { jobTemplate?: { spec?: Template } } }).spec;
    const template = (spec?.template ?? spec?.jobTemplate?.spec?.template)?.metadata?.annotations;
    const own = annotationBytes(o.metadata.annotations);
    if (own > limit || annotationBytes(template) > limit) {
      const at = own > limit ? (origins[o.kind] ?? '') : 'podAnnotations';
      problems.invalid(at, `${Math.max(own, annotationBytes(template))} bytes of annotations on ${what}: the API server accepts at most ${limit} (256 KiB, keys and values together)`);
      continue;
    }
    // Cheap bound first: no character takes more than 6 bytes in Go's JSON.
    if (own + 49 + 6 * JSON.stringify(o).length <= limit) continue;
    const applied = appliedAnnotationBytes(o);
    if (applied > limit) {
      problems.invalid('', `${what} is too large to apply: \`kubectl apply\` keeps the whole object in its last-applied-configuration annotation, which makes ${applied} bytes of annotations, and the API server accepts at most ${limit} (256 KiB); move large values (env literals, command arguments) into a ConfigMap (envFrom) or a file in the image`);
    }
  }
}

/** Throws the library's error when a built object is over the API server's limits (see checkOutputLimits). */
export function assertOutputLimits(constructType: string, name: string, objects: readonly KubeObject[], origins: AnnotationOrigins): void {
  const problems = new Problems(constructType, name);
  checkOutputLimits(problems, objects, origins);
  problems.throwIfAny();
}
