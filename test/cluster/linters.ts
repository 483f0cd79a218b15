/**
 * The real linters platform teams run on manifests, built from Go modules by build.sh:
 * kubeconform (schemas generated from the running API server's OpenAPI v3, CRDs included, so it
 * checks exactly what that server serves) and kube-score.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BIN, Obj, kubectlOk, runFile, toYaml } from './kube';

type Schema = Record<string, any>;

/**
 * Writes one standalone JSON schema per served kind (`<kind>-<group>-<version>.json`, the core
 * group as `v1`), references inlined, and `additionalProperties: false` on every object with
 * declared properties (kubeconform's strict mode), into `dir`. Returns the number written.
 */
export function writeKubeconformSchemas(dir: string): number {
  fs.mkdirSync(dir, { recursive: true });
  const index = JSON.parse(kubectlOk(['get', '--raw', '/openapi/v3'])).paths as Record<string, { serverRelativeURL: string }>;
  let written = 0;
  for (const [gvPath, { serverRelativeURL }] of Object.entries(index)) {
    if (!/^(api\/v1|apis\/[^/]+\/[^/]+)$/.test(gvPath)) continue;
    const doc = JSON.parse(kubectlOk(['get', '--raw', serverRelativeURL]));
    const schemas: Record<string, Schema> = doc.components?.schemas ?? {};
    for (const [id, schema] of Object.entries(schemas)) {
      for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
        if (`${gvk.group ? `apis/${gvk.group}` : 'api'}/${gvk.version}` !== gvPath) continue;
        const file = `${String(gvk.kind).toLowerCase()}-${gvk.group || 'v1'}-${gvk.version}.json`;
        const standalone = inline(schemas, schemas[id], []);
        fs.writeFileSync(path.join(dir, file), JSON.stringify({ $schema: 'http://json-schema.org/schema#', ...standalone }));
        written += 1;
      }
    }
  }
  return written;
}

/** Resolves `$ref`s (a cycle becomes `{}`: accept anything) and makes objects strict. */
function inline(all: Record<string, Schema>, schema: Schema, stack: readonly string[]): Schema {
  if (Array.isArray(schema)) return schema.map((s) => inline(all, s, stack)) as unknown as Schema;
  if (schema === null || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string') {
    const id = schema.$ref.replace('#/components/schemas/', '');
    if (stack.includes(id) || !all[id]) return {};
    const { $ref: _ref, ...rest } = schema;
    return { ...inline(all, rest, stack), ...inline(all, all[id], [...stack, id]) };
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, inline(all, s, stack)])) : inline(all, v, stack);
  }
  // OpenAPI's `nullable` is not JSON Schema: a null is allowed where the server allows one.
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  // A single `allOf` wrapper around a reference (how OpenAPI v3 adds a description or default) is flattened.
  if (Array.isArray(out.allOf) && out.allOf.length === 1) {
    const [only] = out.allOf;
    delete out.allOf;
    Object.assign(out, { ...only, ...out });
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

export interface LintResult {
  readonly findings: string[];
  readonly output: string;
}

/** kubeconform -strict on manifests, against the schemas in `schemaDir`; every problem as `Kind/name: message`. */
export function kubeconform(objects: readonly Obj[], schemaDir: string, label: string): LintResult {
  const file = runFile(`${label}.yaml`);
  fs.writeFileSync(file, toYaml(objects));
  const r = spawnSync(path.join(BIN, 'kubeconform'), [
    '-strict', '-summary', '-output', 'json',
    '-schema-location', path.join(schemaDir, '{{ .ResourceKind }}-{{ .Group }}-{{ .ResourceAPIVersion }}.json'),
    file,
  ], { encoding: 'utf8' });
  if (r.error) throw r.error;
  const report = JSON.parse(r.stdout);
  const findings = (report.resources ?? [])
    .filter((x: Obj) => x.status !== 'statusValid')
    .map((x: Obj) => `${x.kind}/${x.name}: ${x.status}: ${x.msg}`);
  return { findings, output: r.stdout };
}

/** kube-score's checks that did not pass on a manifest set, as `<set> Kind/name: check-id: summary` lines. */
export function kubeScore(objects: readonly Obj[], set: string): LintResult {
  const file = runFile(`kube-score-${set}.yaml`);
  fs.writeFileSync(file, toYaml(objects));
  const r = spawnSync(path.join(BIN, 'kube-score'), ['score', '--output-format', 'json', file], { encoding: 'utf8' });
  if (r.error) throw r.error;
  const report: Obj[] = JSON.parse(r.stdout);
  const findings: string[] = [];
  for (const object of report) {
    for (const check of object.checks ?? []) {
      // Grades: 10 all OK, 7 almost OK, 5 warning, 1 critical.
      if (check.skipped || check.grade >= 10) continue;
      const summaries = (check.comments ?? []).map((c: Obj) => c.summary).join('; ');
      findings.push(`${set} ${object.type_meta?.kind}/${object.object_meta?.name}: ${check.check?.id}: ${summaries}`);
    }
  }
  return { findings, output: r.stdout };
}
