/**
 * Every option of BatchJob, one row each: the output is schema-valid, passes the Pod Security
 * Standards "restricted" profile, has the pod hardening the apps have (requests, memory limit,
 * read-only root, non-root IDs above 10000, no API token, a NetworkPolicy selecting the pods),
 * and the option actually shows up in the output.
 */
import type { PodSpec } from 'kubernetes-types/core/v1';
import { BatchJobManifest, BatchJobProps, Duration, NetworkEgress, NetworkPeer, Quantity, buildBatchJob } from '../../lib';
import { JOB_IMAGE, minimalJobProps } from '../helpers/bad-input/batch-job';
import { AnyObject, selectorMatches } from '../helpers/best-practice';
import { podSecurityViolations, podTemplatesOf } from '../helpers/pss';
import { schemaProblems } from '../helpers/schema';

interface Row {
  /** Props on top of `minimalJobProps()`. */
  readonly props: Partial<BatchJobProps>;
  /** Option-specific assertions: the option must be visible in the output. */
  readonly check: (m: BatchJobManifest) => void;
}

const jobSpec = (m: BatchJobManifest) => (m.job ? m.job.spec! : m.cronJob!.spec!.jobTemplate.spec!);
const podSpec = (m: BatchJobManifest): PodSpec => jobSpec(m).template.spec!;
const LABELS = { 'app.kubernetes.io/name': 'migrate', 'app.kubernetes.io/instance': 'migrate', 'app.kubernetes.io/version': '2.1.0', 'app.kubernetes.io/managed-by': 'keelson' };

/** The pod hardening every keelson workload has, on every pod template of the objects. */
function hardeningProblems(objects: readonly AnyObject[]): string[] {
  const out: string[] = [];
  for (const { owner, template } of podTemplatesOf(objects)) {
    const spec = template.spec!;
    if (spec.automountServiceAccountToken !== false) out.push(`${owner}: automountServiceAccountToken is not false`);
    if (!['Never', 'OnFailure'].includes(spec.restartPolicy ?? '')) out.push(`${owner}: restartPolicy ${spec.restartPolicy}`);
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      const where = `${owner} container ${c.name}`;
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) out.push(`${where}: requests or memory limit missing`);
      if (c.securityContext?.readOnlyRootFilesystem !== true) out.push(`${where}: root filesystem is writable`);
      if ((c.securityContext?.runAsUser ?? 0) <= 10000 || (c.securityContext?.runAsGroup ?? 0) <= 10000) out.push(`${where}: IDs not above 10000`);
      if (c.ports || c.readinessProbe || c.livenessProbe || c.startupProbe || c.lifecycle) out.push(`${where}: serves (ports, probes or a preStop hook)`);
    }
    const labels = template.metadata?.labels ?? {};
    for (const [i, t] of (spec.topologySpreadConstraints ?? []).entries()) {
      if (!selectorMatches(t.labelSelector, labels)) out.push(`${owner}: topologySpreadConstraints[${i}] does not select the pods`);
    }
    const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      for (const v of c.volumeMounts ?? []) if (!volumes.has(v.name)) out.push(`${owner} container ${c.name}: mounts ${v.name}, which is not a volume`);
    }
    if (!objects.some((o) => o.kind === 'NetworkPolicy' && selectorMatches(o.spec?.podSelector, labels))) out.push(`${owner}: no NetworkPolicy selects its pods`);
  }
  return out;
}

const rows: Record<string, Row> = {
  'defaults: a Job': {
    props: {},
    check: (m) => {
      expect(m.objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'NetworkPolicy', 'Job']);
      expect(m.cronJob).toBeUndefined();
      expect(m.job!.metadata!.name).toMatch(/^migrate-[0-9a-f]{10}$/);
      expect(m.job!.metadata!.labels).toEqual(LABELS);
      const { template, ...spec } = m.job!.spec!;
      expect(spec).toEqual({
        completions: 1,
        parallelism: 1,
        backoffLimit: 3,
        activeDeadlineSeconds: 3600,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
        suspend: false,
      });
      expect(spec).not.toHaveProperty('ttlSecondsAfterFinished');
      expect(spec).not.toHaveProperty('selector');
      expect(template.spec!.restartPolicy).toBe('Never');
      const c = template.spec!.containers[0];
      expect(c.name).toBe('migrate');
      expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } });
      expect(c.lifecycle).toBeUndefined();
      expect(template.spec!.serviceAccountName).toBe('migrate');
      expect(template.spec!.topologySpreadConstraints!.map((t) => t.matchLabelKeys)).toEqual([['batch.kubernetes.io/controller-uid'], ['batch.kubernetes.io/controller-uid']]);
      expect(m.networkPolicy.spec).toEqual({
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'migrate', 'app.kubernetes.io/instance': 'migrate' } },
        policyTypes: ['Ingress'],
        ingress: [],
      });
      expect(m.serviceAccount!.automountServiceAccountToken).toBe(false);
      expect(m.selector).toEqual({ 'app.kubernetes.io/name': 'migrate', 'app.kubernetes.io/instance': 'migrate' });
    },
  },
  'schedule: a CronJob': {
    props: { schedule: '30 2 * * *' },
    check: (m) => {
      expect(m.objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'NetworkPolicy', 'CronJob']);
      expect(m.job).toBeUndefined();
      expect(m.cronJob!.metadata!.name).toBe('migrate');
      const { jobTemplate, ...spec } = m.cronJob!.spec!;
      expect(spec).toEqual({
        schedule: '30 2 * * *',
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 300,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        suspend: false,
      });
      expect(jobTemplate.metadata!.labels).toEqual(LABELS);
      expect(jobTemplate.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 3, activeDeadlineSeconds: 3600 });
      // Suspending is the CronJob's: each Job it starts runs.
      expect(jobTemplate.spec).not.toHaveProperty('suspend');
    },
  },
  'schedule descriptor and CronJob settings': {
    props: {
      schedule: '@hourly',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Replace',
      startingDeadline: Duration.minutes(1),
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 5,
      suspend: true,
    },
    check: (m) => {
      expect(m.cronJob!.spec).toMatchObject({
        schedule: '@hourly',
        timeZone: 'Europe/Berlin',
        concurrencyPolicy: 'Replace',
        startingDeadlineSeconds: 60,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 5,
        suspend: true,
      });
    },
  },
  'a suspended Job': {
    props: { suspend: true },
    check: (m) => expect(m.job!.spec!.suspend).toBe(true),
  },
  'retries, deadline and clean-up': {
    props: { backoffLimit: 0, deadline: Duration.minutes(10), ttlAfterFinished: Duration.minutes(30) },
    check: (m) => expect(m.job!.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 1800 }),
  },
  'completions and parallelism': {
    props: { completions: 10, parallelism: 3 },
    check: (m) => expect(m.job!.spec).toMatchObject({ completions: 10, parallelism: 3 }),
  },
  'restartPolicy OnFailure: no pod failure policy': {
    props: { restartPolicy: 'OnFailure' },
    check: (m) => {
      expect(podSpec(m).restartPolicy).toBe('OnFailure');
      expect(m.job!.spec).not.toHaveProperty('podFailurePolicy');
    },
  },
  'non-retryable exit codes, after the disruption rule': {
    props: { nonRetryableExitCodes: [42, 2] },
    check: (m) => expect(m.job!.spec!.podFailurePolicy!.rules).toEqual([
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'FailJob', onExitCodes: { operator: 'In', values: [2, 42] } },
    ]),
  },
  'allowTo: egress governed, DNS included': {
    props: { allowTo: [NetworkEgress.to(NetworkPeer.podsInNamespace('data', { app: 'db' }), 5432)] },
    check: (m) => {
      expect(m.networkPolicy.spec!.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(m.networkPolicy.spec!.ingress).toEqual([]);
      expect(m.networkPolicy.spec!.egress!.map((e) => e.ports)).toEqual([
        [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        [{ protocol: 'TCP', port: 5432 }],
      ]);
    },
  },
  'init container: the same hardening': {
    props: { initContainers: [{ name: 'wait', image: 'ghcr.io/acme/wait:1.0.0', resources: { memory: { request: Quantity.mebibytes(64) } } }] },
    check: (m) => {
      const init = podSpec(m).initContainers![0];
      expect(init.securityContext).toEqual(podSpec(m).containers[0].securityContext);
      expect(init.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } });
    },
  },
  'init container in a CronJob': {
    props: { schedule: '@daily', initContainers: [{ name: 'wait', image: 'ghcr.io/acme/wait:1.0.0' }] },
    check: (m) => expect(podSpec(m).initContainers!.map((c) => c.name)).toEqual(['wait']),
  },
  'an existing ServiceAccount': {
    props: { serviceAccount: { existing: 'migrator' } },
    check: (m) => {
      expect(m.serviceAccount).toBeUndefined();
      expect(m.objects.map((o) => o.kind)).toEqual(['NetworkPolicy', 'Job']);
      expect(podSpec(m).serviceAccountName).toBe('migrator');
    },
  },
  'scheduling and pull secrets': {
    props: { nodeSelector: { 'kubernetes.io/arch': 'arm64' }, spot: true, imagePullSecrets: ['registry'], priorityClassName: 'batch-low' },
    check: (m) => {
      expect(podSpec(m).nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
      expect(podSpec(m).tolerations!.length).toBeGreaterThan(0);
      expect(podSpec(m).imagePullSecrets).toEqual([{ name: 'registry' }]);
      expect(podSpec(m).priorityClassName).toBe('batch-low');
    },
  },
  'a namespace, a longer grace period and a writable root': {
    props: { namespace: 'shop', terminationGracePeriod: Duration.seconds(120), containers: [{ image: JOB_IMAGE, command: ['migrate', 'up'], writablePaths: ['/tmp', '/cache'] }] },
    check: (m) => {
      expect(m.objects.every((o) => o.metadata.namespace === 'shop')).toBe(true);
      expect(podSpec(m).terminationGracePeriodSeconds).toBe(120);
      expect(podSpec(m).containers[0].command).toEqual(['migrate', 'up']);
      expect(podSpec(m).volumes!.map((v) => v.name)).toEqual(['tmp', 'cache']);
    },
  },
};

describe('BatchJob options: schema-valid, restricted, hardened', () => {
  it.each(Object.entries(rows))('%s', (_name, row) => {
    const m = buildBatchJob({ ...minimalJobProps(), ...row.props } as BatchJobProps);
    row.check(m);
    const objects = JSON.parse(JSON.stringify(m.objects)) as AnyObject[];
    expect(schemaProblems(objects)).toEqual([]);
    expect(podSecurityViolations(objects, 'restricted')).toEqual([]);
    expect(hardeningProblems(objects)).toEqual([]);
  });

  it('covers at least 12 option rows', () => {
    expect(Object.keys(rows).length).toBeGreaterThanOrEqual(12);
  });
});
