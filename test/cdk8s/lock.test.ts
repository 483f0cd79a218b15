/**
 * keelson.lock.json on cdk8s: checked and recorded when the app is synthesised, from the objects as
 * synthesised (JSON patches included), per deployment target, only after every other check passed;
 * nothing read or written before; `verify` (CI) never writes and needs a committed lock.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { buildApp } from '../../examples/cdk8s/main';
import { KeelsonValidationError, Port, immutableSnapshot } from '../../lib';
import { KeelsonLockError, SecureNamespace, Subject, StatefulApp, StatefulAppCdk8sProps, StatelessApp, configureLock } from '../../lib/cdk8s';
import { KeelsonApiObject } from '../../lib/cdk8s/lock';
import { paths, validationError } from '../helpers/fixtures';
import { readLock, withLockFile } from '../helpers/stateful';

const props = (size = '10Gi', extra: Partial<StatefulAppCdk8sProps> = {}): StatefulAppCdk8sProps => ({
  replicas: 3,
  containers: [{ image: 'ghcr.io/acme/db:1.4.2', ports: [Port.tcp(5432, { name: 'db' })] }],
  storage: [{ name: 'data', mountPath: '/var/lib/db', size }],
  ...extra,
});

/** An app with one chart `c` (namespace shop) and a StatefulApp `db` in it. */
function shop(size = '10Gi', extra: Partial<StatefulAppCdk8sProps> = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { namespace: 'shop' });
  const db = new StatefulApp(chart, 'db', props(size, extra));
  return { app, chart, db };
}

function lockError(fn: () => unknown): KeelsonLockError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KeelsonLockError) return e;
    throw e;
  }
  throw new Error('expected a KeelsonLockError');
}

describe('keelson.lock.json on cdk8s: when and what', () => {
  it('reads and writes nothing while constructs are created; the synthesis writes it, before returning', async () => {
    await withLockFile((file) => {
      const { app } = shop();
      expect(fs.existsSync(file)).toBe(false);
      app.synthYaml();
      // Synchronously: a `process.exit(0)` right after the synthesis loses nothing.
      const lock = readLock(file);
      expect(lock.note).toMatch(/Commit this file/);
      expect(Object.keys(lock.targets)).toEqual(['c']);
      expect(Object.keys(lock.targets.c)).toEqual(['Service shop/db', 'Service shop/db-headless', 'apps/StatefulSet shop/db']);
      expect(lock.targets.c['apps/StatefulSet shop/db']).toEqual({
        'spec.podManagementPolicy': 'OrderedReady',
        'spec.selector': { matchLabels: { 'app.kubernetes.io/instance': 'db', 'app.kubernetes.io/name': 'db' } },
        'spec.serviceName': 'db-headless',
        'spec.volumeClaimTemplates': [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, volumeMode: 'Filesystem' } }],
      });
      expect(lock.targets.c['Service shop/db-headless']).toEqual({ 'spec.clusterIP': 'None' });
    });
  });

  it('the same props, a new image, replicas and partition pass and leave the file byte for byte', async () => {
    await withLockFile((file) => {
      shop().app.synthYaml();
      const written = fs.readFileSync(file, 'utf8');
      shop().app.synthYaml();
      shop('10Gi', { containers: [{ image: 'ghcr.io/acme/db:2.0.0', ports: [Port.tcp(5432, { name: 'db' })] }], replicas: 5, updatePartition: 4, revisionHistoryLimit: 2 }).app.synthYaml();
      expect(fs.readFileSync(file, 'utf8')).toBe(written);
    });
  });

  it('a new storage size fails at `storage` with the remedy; nothing is synthesised and the file stays', async () => {
    await withLockFile((file) => {
      shop().app.synthYaml();
      const written = fs.readFileSync(file, 'utf8');
      const { app } = shop('20Gi');
      const e = validationError(() => app.synthYaml());
      expect(e.problems).toEqual([{ construct: 'db', path: 'storage', message: expect.any(String), type: 'conflict' }]);
      const message = e.problems[0].message;
      expect(message).toContain('would change the immutable spec.volumeClaimTemplates of the StatefulSet "db"');
      expect(message).toContain('"10Gi"');
      expect(message).toContain('"20Gi"');
      expect(message).toContain('kubectl patch pvc');
      expect(message).toContain('--cascade=orphan');
      expect(message).toContain('KEELSON_ACCEPT_IMMUTABLE_CHANGES=1 to update keelson.lock.json');
      expect(fs.readFileSync(file, 'utf8')).toBe(written);
    });
  });

  it('KEELSON_ACCEPT_IMMUTABLE_CHANGES=1 records the change; the new fields are then the reference', async () => {
    await withLockFile((file) => {
      shop().app.synthYaml();
      process.env.KEELSON_ACCEPT_IMMUTABLE_CHANGES = '1';
      shop('20Gi', { podManagementPolicy: 'Parallel' }).app.synthYaml();
      delete process.env.KEELSON_ACCEPT_IMMUTABLE_CHANGES;
      const entry = readLock(file).targets.c['apps/StatefulSet shop/db'];
      expect(entry['spec.podManagementPolicy']).toBe('Parallel');
      expect(entry['spec.volumeClaimTemplates'][0].spec.resources.requests.storage).toBe('20Gi');
      expect(() => shop('20Gi', { podManagementPolicy: 'Parallel' }).app.synthYaml()).not.toThrow();
      const { app } = shop();
      expect(paths(validationError(() => app.synthYaml()))).toEqual(['podManagementPolicy', 'storage']);
    });
  });

  it('records nothing when another check of the synthesis fails: a SecureNamespace\'s quota, or any construct\'s validation', async () => {
    await withLockFile((file) => {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      const ns = new SecureNamespace(chart, 'shop', { quota: { pods: 2 } });
      new StatefulApp(ns, 'db', props());
      expect(() => app.synthYaml()).toThrow(KeelsonValidationError);
      expect(fs.existsSync(file)).toBe(false);

      const other = shop().app;
      const broken = new Construct(other, 'broken');
      broken.node.addValidation({ validate: () => ['not ready'] });
      expect(() => other.synthYaml()).toThrow(/not ready/);
      expect(fs.existsSync(file)).toBe(false);
    });
  });

  it('a JSON patch cannot bypass it: the objects are checked as synthesised', async () => {
    await withLockFile(() => {
      shop().app.synthYaml();
      const { app, db } = shop();
      db.statefulSet.addJsonPatch(JsonPatch.replace('/spec/volumeClaimTemplates/0/spec/resources/requests/storage', '80Gi'));
      const e = validationError(() => app.synthYaml());
      expect(paths(e)).toEqual(['storage']);
      expect(e.problems[0].message).toContain('"80Gi"');
    });
  });

  it('an App resolver cannot bypass it either: the objects are read as the App resolves them', async () => {
    await withLockFile(() => {
      shop().app.synthYaml();
      const app = new App({
        outdir: fs.mkdtempSync(`${process.env.KEELSON_LOCK_FILE}.out-`),
        resolvers: [{ resolve: (context) => { if (context.value === '10Gi') context.replaceValue('30Gi'); } }],
      });
      new StatefulApp(new Chart(app, 'c', { namespace: 'shop' }), 'db', props());
      const e = validationError(() => app.synthYaml());
      expect(paths(e)).toEqual(['storage']);
      expect(e.problems[0].message).toContain('to [{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"30Gi"}}');
    });
  });

  it('reads an unpatched object without serialising it, and gets what the synthesis writes', () => {
    const app = buildApp(fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-example-')));
    // The chart's namespace, not the object's: the StatefulApp in a plain chart takes it from there.
    new StatefulApp(new Chart(app, 'plain', { namespace: 'other' }), 'db', props());
    const objects = app.node.findAll().filter((c): c is KeelsonApiObject => KeelsonApiObject.isKeelsonApiObject(c));
    const guarded = objects.filter((o) => immutableSnapshot(o.toJson()) !== undefined);
    expect(guarded.length).toBeGreaterThan(10);
    for (const o of guarded) {
      expect({ id: o.node.path, fast: o.synthesised().metadata, snapshot: immutableSnapshot(o.synthesised()) })
        .toEqual({
          id: o.node.path,
          fast: { ...o.synthesised().metadata, name: o.toJson().metadata.name, namespace: o.toJson().metadata.namespace },
          snapshot: immutableSnapshot(o.toJson()),
        });
    }
  });

  it('guards every keelson construct\'s objects: a patched Deployment selector, a RoleBinding\'s roleRef', async () => {
    await withLockFile(() => {
      const build = () => {
        const app = Testing.app();
        const chart = new Chart(app, 'c');
        const ns = new SecureNamespace(chart, 'shop', { access: { team: [Subject.group('devs')] } });
        const web = new StatelessApp(ns, 'web', { containers: [{ image: 'ghcr.io/acme/web:1.0.0' }] });
        return { app, ns, web };
      };
      build().app.synthYaml();
      const { app, ns, web } = build();
      web.deployment.addJsonPatch(JsonPatch.add('/spec/selector/matchLabels/tier', 'front'), JsonPatch.add('/spec/template/metadata/labels/tier', 'front'));
      ns.roleBindings['team-keelson-viewer'].addJsonPatch(JsonPatch.replace('/roleRef/name', 'keelson-deployer'));
      const e = validationError(() => app.synthYaml());
      expect(e.problems.map((p) => [p.construct, p.path])).toEqual([['shop', 'roleRef'], ['web', 'spec.selector']]);
      expect(e.message).toMatch(/^SecureNamespace "shop": 2 problems/);
      expect(e.problems[1].message).toContain('a JSON patch or a keelson upgrade did');
    });
  });
});

describe('keelson.lock.json on cdk8s: deployment targets and settings', () => {
  /** One app with a dev and a prod chart in the same namespace, prod's size given. */
  const environments = (prodSize: string, settings?: { dev?: string; prod?: string }) => {
    const app = Testing.app();
    for (const [env, size] of [['dev', '10Gi'], ['prod', prodSize]] as const) {
      const chart = new Chart(app, env, { namespace: 'shop' });
      if (settings?.[env]) configureLock(chart, { target: settings[env] });
      new StatefulApp(chart, 'db', props(size));
    }
    return app;
  };

  it('a dev and a prod chart in one namespace at different sizes are two targets; a change is reported for its own only', async () => {
    await withLockFile((file) => {
      environments('100Gi').synthYaml();
      const lock = readLock(file);
      expect(Object.keys(lock.targets)).toEqual(['dev', 'prod']);
      expect(lock.targets.prod['apps/StatefulSet shop/db']['spec.volumeClaimTemplates'][0].spec.resources.requests.storage).toBe('100Gi');
      expect(() => environments('100Gi').synthYaml()).not.toThrow();
      const app = environments('200Gi');
      const e = validationError(() => app.synthYaml());
      expect(e.problems).toHaveLength(1);
      expect(e.problems[0].message).toContain('from [{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"100Gi"}}');
    });
  });

  it('`target` names a target whatever the chart is called: a renamed chart keeps its entries', async () => {
    await withLockFile((file) => {
      environments('100Gi', { prod: 'production' }).synthYaml();
      expect(Object.keys(readLock(file).targets)).toEqual(['dev', 'production']);
      const app = Testing.app();
      const chart = new Chart(app, 'prod-eu', { namespace: 'shop' });
      configureLock(chart, { target: 'production' });
      new StatefulApp(chart, 'db', props('50Gi'));
      expect(paths(validationError(() => app.synthYaml()))).toEqual(['storage']);
    });
  });

  it('`kubernetesVersion` takes the supported minors only; the settings are checked at once', () => {
    const app = Testing.app();
    expect(() => configureLock(app, { kubernetesVersion: '1.37' })).not.toThrow();
    const e = validationError(() => configureLock(new Chart(app, 'c'), { kubernetesVersion: '1.32' as never, target: ' x', other: 1 } as never));
    expect(e.constructType).toBe('LockSettings');
    expect(e.problems.map((p) => [p.path, p.type])).toEqual([['other', 'unknown'], ['kubernetesVersion', 'notSupported'], ['target', 'invalid']]);
    expect(e.problems[1].message).toBe('"1.32" is not a supported Kubernetes minor: use one of \'1.33\', \'1.34\', \'1.35\', \'1.36\', \'1.37\'');
  });

  it('reads the first format (`statefulSets` by `<namespace>/<name>`) and replaces an entry once its StatefulSet passes', async () => {
    await withLockFile((file) => {
      const legacy = {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'db' } },
        serviceName: 'db-headless',
        podManagementPolicy: 'OrderedReady',
        volumeClaimTemplates: [{ name: 'data', spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', resources: { requests: { storage: '10Gi' } } } }],
      };
      fs.writeFileSync(file, JSON.stringify({ note: 'old', statefulSets: { 'shop/db': legacy, 'other/kept': legacy, 'pulumi:dev:shop/db': legacy } }));
      const { app } = shop('20Gi');
      expect(paths(validationError(() => app.synthYaml()))).toEqual(['storage']);
      shop().app.synthYaml();
      const lock = readLock(file);
      expect(Object.keys(lock.targets.c)).toContain('apps/StatefulSet shop/db');
      expect(Object.keys(lock.statefulSets!)).toEqual(['other/kept']);
    });
  });
});

describe('keelson.lock.json on cdk8s: modes', () => {
  it('`verify` (the default when CI is set) never writes, and needs the file', async () => {
    await withLockFile((file) => {
      expect(lockError(() => shop().app.synthYaml()).message).toContain(`${file} is missing`);
      expect(fs.existsSync(file)).toBe(false);
    }, { KEELSON_LOCK: undefined, CI: 'true' });
  });

  it('`verify` needs the file committed: outside a git work tree it cannot tell, and says how to opt out', async () => {
    await withLockFile((file) => {
      fs.writeFileSync(file, '{}\n');
      const e = lockError(() => shop().app.synthYaml());
      expect(e.message).toContain('is not committed (it is not in a git work tree)');
      expect(e.message).toContain('KEELSON_LOCK=record');
    }, { KEELSON_LOCK: 'verify' });
  });

  it('`off` reads and writes nothing; an unknown mode or a damaged file is a KeelsonLockError', async () => {
    await withLockFile((file) => {
      shop().app.synthYaml();
      shop('20Gi').app.synthYaml();
      expect(fs.existsSync(file)).toBe(false);
    }, { KEELSON_LOCK: 'off' });
    await withLockFile((file) => {
      fs.writeFileSync(file, '{"targets": []}');
      expect(lockError(() => shop().app.synthYaml()).message).toContain('is not a keelson lock file ("targets" is not an object of objects of objects)');
      process.env.KEELSON_LOCK = 'on';
      expect(lockError(() => shop().app.synthYaml()).message).toBe('KEELSON_LOCK=on is not a lock mode: use off, record or verify');
    });
  });

  it('app.synth() with several charts checks on each validation pass and writes once', async () => {
    await withLockFile((file) => {
      const app = new App({ outdir: fs.mkdtempSync(`${file}.out-`) });
      for (const env of ['a', 'b', 'c']) new StatefulApp(new Chart(app, env, { namespace: env }), 'db', props());
      app.synth();
      expect(Object.keys(readLock(file).targets)).toEqual(['a', 'b', 'c']);
      const mtime = fs.statSync(file).mtimeMs;
      app.synth();
      expect(fs.statSync(file).mtimeMs).toBe(mtime);
    });
  });
});
