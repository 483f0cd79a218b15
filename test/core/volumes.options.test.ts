/**
 * Volumes (`volumeMounts` with `Volume.*`) on StatelessApp, StatefulApp and CanaryRelease, one row
 * each: the output is schema-valid, passes the Pod Security Standards "restricted" profile, is
 * best-practice clean, and the volume and its mounts show up as Kubernetes expects them.
 */
import {
  buildStatelessApp,
  ConfigReference,
  DEFAULTS,
  ProjectedSource,
  Quantity,
  StatelessAppManifest,
  StatelessAppProps,
  Volume,
} from '../../lib';
import { canaryJson, canaryProps, canaryRestrictedViolations, buildCanary } from '../helpers/canary';
import { asJson, findings, minimalProps, validationError } from '../helpers/fixtures';
import { buildStateful, minimalStatefulProps, statefulJson } from '../helpers/stateful';

const IMAGE = 'ghcr.io/acme/web:1.4.2';
const SAFE_TO_EVICT = DEFAULTS.safeToEvictLocalVolumesAnnotation;

interface Row {
  readonly props: Partial<StatelessAppProps>;
  readonly check: (m: StatelessAppManifest) => void;
}

const podSpec = (m: StatelessAppManifest) => m.deployment.spec!.template.spec!;
const container = (m: StatelessAppManifest, i = 0) => podSpec(m).containers[i];
const annotations = (m: StatelessAppManifest) => m.deployment.spec!.template.metadata!.annotations;
const TMP = { name: 'tmp', mountPath: '/tmp' };

const rows: Record<string, Row> = {
  'ConfigMap files, every key': {
    props: { containers: [{ image: IMAGE, volumeMounts: [{ path: '/etc/app', volume: Volume.configMap('app-config') }] }] },
    check: (m) => {
      expect(podSpec(m).volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }, { name: 'configmap-app-config', configMap: { name: 'app-config' } }]);
      expect(container(m).volumeMounts).toEqual([TMP, { name: 'configmap-app-config', mountPath: '/etc/app', readOnly: true }]);
      // A ConfigMap is not local storage: the autoscaler annotation still names only the emptyDir.
      expect(annotations(m)).toEqual({ [SAFE_TO_EVICT]: 'tmp' });
    },
  },
  'ConfigMap items with modes, optional, named volume; a ConfigReference with data rolls the pods': {
    props: {
      containers: [{
        image: IMAGE,
        volumeMounts: [{
          path: '/etc/app',
          volume: Volume.configMap(ConfigReference.configMap('app.config', { data: { 'app.yaml': 'a: 1' } }), {
            name: 'config', items: { 'app.yaml': 'conf/app.yaml', 'extra': { path: 'extra.txt', mode: 0o440 } }, defaultMode: 0o444, optional: true,
          }),
        }],
      }],
    },
    check: (m) => {
      expect(podSpec(m).volumes![1]).toEqual({
        name: 'config',
        configMap: {
          name: 'app.config', items: [{ key: 'app.yaml', path: 'conf/app.yaml' }, { key: 'extra', path: 'extra.txt', mode: 0o440 }], defaultMode: 0o444, optional: true,
        },
      });
      expect(annotations(m)![DEFAULTS.configHashAnnotation]).toMatch(/^[0-9a-f]{64}$/);
    },
  },
  'Secret files, read-only, 0o440; a dotted name gives a dashed volume name': {
    props: { containers: [{ image: IMAGE, volumeMounts: [{ path: '/var/run/tls', volume: Volume.secret('web.tls', { defaultMode: 0o440 }) }] }] },
    check: (m) => {
      expect(podSpec(m).volumes![1]).toEqual({ name: 'secret-web-tls', secret: { secretName: 'web.tls', defaultMode: 0o440 } });
      expect(container(m).volumeMounts![1]).toEqual({ name: 'secret-web-tls', mountPath: '/var/run/tls', readOnly: true });
      expect(podSpec(m).securityContext!.fsGroup).toBe(10001);
    },
  },
  'one file over the image with subPath': {
    props: { containers: [{ image: IMAGE, volumeMounts: [{ path: '/etc/nginx/nginx.conf', subPath: 'nginx.conf', volume: Volume.configMap('nginx') }] }] },
    check: (m) => {
      expect(container(m).volumeMounts![1]).toEqual({ name: 'configmap-nginx', mountPath: '/etc/nginx/nginx.conf', readOnly: true, subPath: 'nginx.conf' });
    },
  },
  'projected: a ConfigMap, a Secret and pod fields in one directory': {
    props: {
      containers: [{
        image: IMAGE,
        volumeMounts: [{
          path: '/etc/bundle',
          volume: Volume.projected('bundle', [
            ProjectedSource.configMap('app-config', { items: { 'app.yaml': 'app.yaml' } }),
            ProjectedSource.secret('app-secret', { items: { token: 'token' }, optional: true }),
            ProjectedSource.downwardAPI({ labels: 'metadata.labels', ns: 'metadata.namespace', team: "metadata.annotations['team']" }),
          ], { defaultMode: 0o440 }),
        }],
      }],
    },
    check: (m) => {
      expect(podSpec(m).volumes![1]).toEqual({
        name: 'bundle',
        projected: {
          sources: [
            { configMap: { name: 'app-config', items: [{ key: 'app.yaml', path: 'app.yaml' }] } },
            { secret: { name: 'app-secret', items: [{ key: 'token', path: 'token' }], optional: true } },
            {
              downwardAPI: {
                items: [
                  { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
                  { path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } },
                  { path: 'team', fieldRef: { fieldPath: "metadata.annotations['team']" } },
                ],
              },
            },
          ],
          defaultMode: 0o440,
        },
      });
      expect(container(m).volumeMounts![1]).toEqual({ name: 'bundle', mountPath: '/etc/bundle', readOnly: true });
    },
  },
  'sized emptyDir on disk, listed for the cluster autoscaler': {
    props: { containers: [{ image: IMAGE, volumeMounts: [{ path: '/var/cache/app', volume: Volume.emptyDir('cache', { size: Quantity.gibibytes(2) }) }] }] },
    check: (m) => {
      expect(podSpec(m).volumes![1]).toEqual({ name: 'cache', emptyDir: { sizeLimit: '2Gi' } });
      expect(container(m).volumeMounts![1]).toEqual({ name: 'cache', mountPath: '/var/cache/app' });
      expect(annotations(m)).toEqual({ [SAFE_TO_EVICT]: 'tmp,cache' });
    },
  },
  'emptyDir in memory, below the memory limit; the default size is 256Mi': {
    props: {
      containers: [{
        image: IMAGE,
        writablePaths: [],
        resources: { memory: { request: '512Mi' } },
        volumeMounts: [{ path: '/tmp', volume: Volume.emptyDir('scratch', { medium: 'Memory' }) }],
      }],
    },
    check: (m) => {
      expect(podSpec(m).volumes).toEqual([{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } }]);
      expect(container(m).volumeMounts).toEqual([{ name: 'scratch', mountPath: '/tmp' }]);
      expect(annotations(m)).toEqual({ [SAFE_TO_EVICT]: 'scratch' });
    },
  },
  'generic ephemeral volume: a claim per pod, not listed as local storage': {
    props: {
      containers: [{ image: IMAGE, volumeMounts: [{ path: '/scratch', volume: Volume.ephemeral('scratch', { size: '20Gi', storageClassName: 'fast-ssd' }) }] }],
    },
    check: (m) => {
      expect(podSpec(m).volumes![1]).toEqual({
        name: 'scratch',
        ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '20Gi' } } } } },
      });
      expect(annotations(m)).toEqual({ [SAFE_TO_EVICT]: 'tmp' });
    },
  },
  'existing ReadWriteMany claim shared by every pod': {
    props: { containers: [{ image: IMAGE, volumeMounts: [{ path: '/srv/content', volume: Volume.persistentVolumeClaim('shared-content', { accessMode: 'ReadWriteMany' }) }] }] },
    check: (m) => {
      expect(podSpec(m).volumes![1]).toEqual({ name: 'pvc-shared-content', persistentVolumeClaim: { claimName: 'shared-content' } });
      expect(container(m).volumeMounts![1]).toEqual({ name: 'pvc-shared-content', mountPath: '/srv/content' });
    },
  },
  'existing ReadOnlyMany claim: mounted read-only': {
    props: { containers: [{ image: IMAGE, volumeMounts: [{ path: '/srv/content', volume: Volume.persistentVolumeClaim('content', { accessMode: 'ReadOnlyMany', name: 'content' }) }] }] },
    check: (m) => {
      expect(podSpec(m).volumes![1]).toEqual({ name: 'content', persistentVolumeClaim: { claimName: 'content', readOnly: true } });
      expect(container(m).volumeMounts![1]).toEqual({ name: 'content', mountPath: '/srv/content', readOnly: true });
    },
  },
  'one volume mounted by a sidecar and an init container is one pod volume': {
    props: (() => {
      const shared = Volume.emptyDir('shared', { size: '64Mi' });
      return {
        initContainers: [{ name: 'prepare', image: IMAGE, volumeMounts: [{ path: '/shared', volume: shared }] }],
        containers: [
          { image: IMAGE, volumeMounts: [{ path: '/shared', volume: shared, readOnly: true }] },
          // Another Volume of the same name and source is the same volume.
          { name: 'proxy', image: IMAGE, ports: [], volumeMounts: [{ path: '/shared', volume: Volume.emptyDir('shared', { size: '64Mi' }) }] },
        ],
      };
    })(),
    check: (m) => {
      expect(podSpec(m).volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }, { name: 'shared', emptyDir: { sizeLimit: '64Mi' } }]);
      expect(container(m).volumeMounts![1]).toEqual({ name: 'shared', mountPath: '/shared', readOnly: true });
      expect(container(m, 1).volumeMounts![1]).toEqual({ name: 'shared', mountPath: '/shared' });
      expect(podSpec(m).initContainers![0].volumeMounts![1]).toEqual({ name: 'shared', mountPath: '/shared' });
    },
  },
  'no volumeMounts: the output is unchanged': {
    props: { containers: [{ image: IMAGE, volumeMounts: [] }] },
    check: (m) => {
      expect(m).toEqual(buildStatelessApp(minimalProps()));
    },
  },
};

describe('StatelessApp volumes: schema-valid, restricted, best-practice clean', () => {
  it.each(Object.entries(rows))('%s', (_name, row) => {
    const m = buildStatelessApp(minimalProps(row.props));
    row.check(m);
    const f = findings(asJson(m));
    expect(f.schema).toEqual([]);
    expect(f.restricted).toEqual([]);
    expect(f.bestPractice).toEqual([]);
  });
});

describe('StatefulApp volumes', () => {
  it('mounts ConfigMap files and a memory emptyDir beside its storage', () => {
    const m = buildStateful(minimalStatefulProps({
      containers: [{
        image: 'ghcr.io/acme/db:1.4.2',
        resources: { memory: { request: '1Gi' } },
        volumeMounts: [
          { path: '/etc/db', volume: Volume.configMap('db-config', { items: { 'db.conf': 'db.conf' } }) },
          { path: '/dev/shm', volume: Volume.emptyDir('shm', { size: '256Mi', medium: 'Memory' }) },
        ],
      }],
    }));
    const spec = m.statefulSet.spec!.template.spec!;
    expect(spec.volumes).toEqual([
      { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
      { name: 'configmap-db-config', configMap: { name: 'db-config', items: [{ key: 'db.conf', path: 'db.conf' }] } },
      { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } },
    ]);
    expect(spec.containers[0].volumeMounts!.map((v) => v.name)).toEqual(['tmp', 'configmap-db-config', 'shm', 'data']);
    expect(m.statefulSet.spec!.template.metadata!.annotations![SAFE_TO_EVICT]).toBe('tmp,shm');
    const f = findings(statefulJson(m));
    expect([f.schema, f.restricted, f.bestPractice]).toEqual([[], [], []]);
  });

  it('takes a ReadWriteOnce claim with one replica, refuses it with several', () => {
    const claim = { image: 'ghcr.io/acme/db:1.4.2', volumeMounts: [{ path: '/shared', volume: Volume.persistentVolumeClaim('shared') }] };
    const one = buildStateful(minimalStatefulProps({ replicas: 1, containers: [claim] }));
    expect(one.statefulSet.spec!.template.spec!.volumes![1]).toEqual({ name: 'pvc-shared', persistentVolumeClaim: { claimName: 'shared' } });
    const e = validationError(() => buildStateful(minimalStatefulProps({ replicas: 3, containers: [claim] })));
    expect(e.problems.map((p) => [p.type, p.path])).toEqual([['conflict', 'containers[0].volumeMounts[0].volume.accessMode']]);
    expect(e.problems[0].message).toContain("the StatefulSet's 3 replicas all mount it");
  });

  it('refuses a claim template named like a mounted volume', () => {
    const e = validationError(() => buildStateful(minimalStatefulProps({
      containers: [{ image: 'ghcr.io/acme/db:1.4.2', volumeMounts: [{ path: '/cache', volume: Volume.emptyDir('data') }] }],
    })));
    expect(e.problems.map((p) => p.path)).toEqual(['storage[0].name']);
  });
});

describe('CanaryRelease volumes', () => {
  it('both tracks mount the same volumes; the config hash covers a mounted ConfigReference', () => {
    const cfg = ConfigReference.configMap('api-config', { revision: '7' });
    const m = buildCanary(canaryProps({
      containers: [{ image: 'ghcr.io/acme/api:1.4.2', volumeMounts: [{ path: '/etc/api', volume: Volume.configMap(cfg) }, { path: '/cache', volume: Volume.emptyDir('cache', { size: '1Gi' }) }] }],
    }));
    const objects = canaryJson(m);
    const templates = objects.filter((o) => o.kind === 'Deployment').map((o) => o.spec.template);
    expect(templates).toHaveLength(2);
    for (const t of templates) {
      expect(t.spec.volumes).toEqual([
        { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
        { name: 'configmap-api-config', configMap: { name: 'api-config' } },
        { name: 'cache', emptyDir: { sizeLimit: '1Gi' } },
      ]);
      expect(t.spec.containers[0].volumeMounts.map((v: { name: string }) => v.name)).toEqual(['tmp', 'configmap-api-config', 'cache']);
      expect(t.metadata.annotations[SAFE_TO_EVICT]).toBe('tmp,cache');
      expect(t.metadata.annotations[DEFAULTS.configHashAnnotation]).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(canaryRestrictedViolations(objects)).toEqual([]);
  });

  it('checks the canary\'s own memory limit against the memory volumes', () => {
    const e = validationError(() => buildCanary(canaryProps({
      containers: [{ image: 'ghcr.io/acme/api:1.4.2', resources: { memory: { request: '1Gi' } }, volumeMounts: [{ path: '/shm', volume: Volume.emptyDir('shm', { size: '512Mi', medium: 'Memory' }) }] }],
      canary: { image: 'ghcr.io/acme/api:1.5.0', weight: 10, resources: { memory: { request: '256Mi' } } },
    })));
    expect(e.problems.map((p) => [p.type, p.path])).toEqual([['conflict', 'containers[0].volumeMounts[0]']]);
    expect(e.problems[0].message).toContain('canary.resources.memory.limit');
  });

  it('refuses a ReadWriteOnce claim: both tracks run at once', () => {
    const e = validationError(() => buildCanary(canaryProps({
      containers: [{ image: 'ghcr.io/acme/api:1.4.2', volumeMounts: [{ path: '/data', volume: Volume.persistentVolumeClaim('data', { accessMode: 'ReadWriteOncePod' }) }] }],
    })));
    expect(e.problems.map((p) => p.path)).toEqual(['containers[0].volumeMounts[0].volume.accessMode']);
  });
});

describe('volume problems', () => {
  it('lists every problem of the mounts in one error, with hints', () => {
    const e = validationError(() => buildStatelessApp(minimalProps({
      containers: [{
        image: IMAGE,
        volumeMounts: [
          { path: '/tmp/x', volume: Volume.secret('tls', { defaultMode: 644 }) },
          { path: '/etc/app', volume: Volume.configMap('app', { itmes: { a: 'a' } } as any) },
          { path: '/etc/app', volume: Volume.emptyDir('cache', { size: '1Gi', medium: 'Memory' }) },
        ],
      }],
    })));
    expect(e.problems.map((p) => [p.type, p.path])).toEqual([
      ['unknown', 'containers[0].volumeMounts[1].volume.itmes'],
      ['conflict', 'containers[0].volumeMounts[0].path'],
      ['invalid', 'containers[0].volumeMounts[0].volume.defaultMode'],
      ['conflict', 'containers[0].volumeMounts[2].path'],
      ['conflict', 'containers[0].volumeMounts[2]'],
    ]);
    const [typo, tmp, mode, overlap, memory] = e.problems.map((p) => p.message);
    expect(typo).toContain('items');
    expect(tmp).toContain('writablePaths');
    expect(mode).toContain('0o644');
    expect(overlap).toContain('"/etc/app"');
    expect(memory).toContain('128Mi');
  });
});
