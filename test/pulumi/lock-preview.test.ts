import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { Port } from '../../lib';

/** `pulumi preview` deploys nothing, so it must not record anything in keelson.lock.json. */
test('a preview checks the lock but records nothing', async () => {
  await pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
    'keelson', 'preview-stack', /* preview */ true,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-lock-'));
  const file = path.join(dir, 'keelson.lock.json');
  const saved = { ...process.env };
  process.env.KEELSON_LOCK = 'on';
  process.env.KEELSON_LOCK_FILE = file;
  try {
    const { StatefulApp } = await import('../../lib/pulumi');
    new StatefulApp('db', {
      namespace: 'shop',
      replicas: 3,
      containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' })] }],
      storage: [{ name: 'data', mountPath: '/data', size: '10Gi' }],
    });
    await new Promise((r) => setImmediate(r));
    expect(fs.existsSync(file)).toBe(false);
  } finally {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
