/**
 * The raw variants' input: keelson's objects for ONE app, built once by the orchestrator (never by
 * a timed worker), turned into plain JavaScript source of a function `name => objects[]`. The raw
 * workers compile that source at setup and call it in the timed loop, so they build the same
 * objects from object literals, as hand-written code would, without loading keelson.
 */
import { buildStatelessApp } from 'keelson';
import { NAMESPACE, appProps } from './app';
import type { Template } from './protocol';

/** Stands for the app's name in the template; must occur only inside string values. */
export const SENTINEL = 'zzbenchappzz';

/** Plain JSON values, as keelson's core emits them. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function buildTemplate(): Template {
  const manifest = buildStatelessApp({ name: SENTINEL, namespace: NAMESPACE, ...appProps(SENTINEL) });
  const objects = manifest.objects.map((o) => cdk8sOrder(o as unknown as Record<string, Json>));
  const kindSources: Record<string, string> = {};
  for (const o of objects) kindSources[o.kind as string] = `return ${toJavaScript(o)};`;
  return { factorySource: `return ${toJavaScript(objects)};`, kindSources, objects };
}

/**
 * The key order cdk8s's ApiObject.toJson() writes: apiVersion, kind, metadata, then the other keys,
 * every object's keys sorted, null and undefined dropped. With it the floor variant (plain objects,
 * YAML only) writes byte for byte what cdk8s writes.
 */
function cdk8sOrder(obj: Record<string, Json>): Record<string, unknown> {
  const sorted = sortKeys(obj) as Record<string, Json>;
  const out: Record<string, unknown> = {};
  for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(sorted)]) {
    if (key in sorted) out[key] = sorted[key];
  }
  return out;
}

function sortKeys(value: Json): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => sortKeys(v) as Json);
  if (typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) {
    const v = sortKeys(value[key]);
    if (v !== undefined && v !== null) out[key] = v;
  }
  return out;
}

/** JSON source with every string that contains the sentinel turned into an expression of `name`. */
function toJavaScript(value: unknown): string {
  const json = JSON.stringify(value);
  const source = json.replace(/"(?:[^"\\]|\\.)*"/g, (literal, offset: number) => {
    const text = JSON.parse(literal) as string;
    if (!text.includes(SENTINEL)) return literal;
    if (json[offset + literal.length] === ':') throw new Error(`the app name appears in a key (${literal}); the template cannot vary it`);
    return `(${text.split(SENTINEL).map((part) => JSON.stringify(part)).join(' + name + ')})`;
  });
  if (source.includes(SENTINEL)) throw new Error('the app name remained in the template source');
  return source;
}
