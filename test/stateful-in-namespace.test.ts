import { Chart, Testing } from 'cdk8s';
import { Port } from '../lib';
import * as cdk8s from '../lib/cdk8s';
import * as kpulumi from '../lib/pulumi';
import { mockPulumi, settle } from './helpers/pulumi';

/**
 * A SecureNamespace denies all egress, so a StatefulApp placed in one governs its own egress by
 * default: DNS and its peers. Otherwise its replicas could never reach each other.
 */
const props = {
  replicas: 3,
  containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' })] }],
};

function egressOf(policy: { spec: { policyTypes: string[]; egress?: Array<{ to?: unknown[]; ports?: unknown[] }> } }) {
  return { types: policy.spec.policyTypes, egress: policy.spec.egress };
}

test('cdk8s: in a SecureNamespace scope, egress is governed with DNS and peers', () => {
  const chart = new Chart(Testing.app(), 'c');
  const ns = new cdk8s.SecureNamespace(chart, 'shop', {});
  new cdk8s.StatefulApp(ns, 'db', props);
  new cdk8s.StatefulApp(chart, 'loose', { ...props, namespace: 'other' });
  const objects = Testing.synth(chart);
  const db = egressOf(objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'db'));
  expect(db.types).toEqual(['Ingress', 'Egress']);
  expect(db.egress).toHaveLength(2); // DNS, then the replicas
  expect(JSON.stringify(db.egress![1].to)).toContain('"app.kubernetes.io/name":"db"');
  const loose = egressOf(objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'loose'));
  expect(loose.types).toEqual(['Ingress']);
});

test('Pulumi: with a SecureNamespace as namespace, the same', async () => {
  const mocks = await mockPulumi();
  const ns = new kpulumi.SecureNamespace('shop', {});
  new kpulumi.StatefulApp('db', { ...props, namespace: ns });
  await settle();
  const policy = mocks.registrations.find((r) => r.name === 'db-networkpolicy')!.inputs as never;
  const db = egressOf(policy);
  expect(db.types).toEqual(['Ingress', 'Egress']);
  expect(db.egress).toHaveLength(2);
});
