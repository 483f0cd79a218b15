import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Registration } from './pulumi';

/** A manifest keyed by `kind/name`, for comparing engines object by object. */
export type ObjectsByKey = Record<string, Record<string, unknown>>;

/** Objects a cdk8s chart synthesises, keyed by kind/name. */
export function cdk8sObjects(chart: Chart): ObjectsByKey {
  const out: ObjectsByKey = {};
  for (const obj of Testing.synth(chart)) out[`${obj.kind}/${obj.metadata.name}`] = obj;
  return out;
}

/** Kubernetes objects the Pulumi mocks saw registered (not components), keyed by kind/name. */
export function pulumiObjects(registrations: readonly Registration[]): ObjectsByKey {
  const out: ObjectsByKey = {};
  for (const r of registrations) {
    if (!r.type.startsWith('kubernetes:')) continue;
    const inputs = r.inputs as { kind: string; metadata: { name: string } };
    out[`${inputs.kind}/${inputs.metadata.name}`] = r.inputs;
  }
  return out;
}

/** A fresh chart in a fresh app (cdk8s's Testing.chart has no namespace option). */
export function chartIn(namespace?: string): Chart {
  const app = Testing.app();
  return new Chart(app as unknown as Construct, 'test', namespace ? { namespace } : {});
}
