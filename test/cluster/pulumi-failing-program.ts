/**
 * Runs an inline program that must throw, in its own process: the Pulumi SDK reports the
 * program's error to the engine and also leaves it as an unhandled rejection in the process that
 * runs the automation API (under jest, that would fail whichever test is running). Prints one JSON
 * line: what the CLI printed on its standard output, and the error's message.
 *
 *   npx tsx test/cluster/pulumi-failing-program.ts invalid
 *   npx tsx test/cluster/pulumi-failing-program.ts lock <lock-file>
 */
import { stackOf } from './pulumi-engine';
import { Port, Quantity } from '../../lib';
import * as p from '../../lib/pulumi';

const small = { cpu: { request: Quantity.millicores(50) }, memory: { request: Quantity.mebibytes(64) } };

async function main(): Promise<void> {
  const [mode, lockFile] = process.argv.slice(2);
  let printed = '';
  const onOutput = (out: string) => {
    printed += out;
  };
  const unhandled: string[] = [];
  process.on('unhandledRejection', (e) => unhandled.push(String(e).split('\n')[0]));
  try {
    if (mode === 'invalid') {
      const s = await stackOf('pulumi-invalid', async () => {
        new p.StatelessApp('web', { namespace: 'pulumi-invalid', replicas: -1, containers: [{ image: 'nginx', resources: small }] });
        return {};
      });
      await s.preview({ onOutput });
    } else {
      process.env.KEELSON_LOCK = 'on';
      process.env.KEELSON_LOCK_FILE = lockFile;
      let policy: 'OrderedReady' | 'Parallel' = 'OrderedReady';
      const s = await stackOf('pulumi-lock', async () => {
        new p.StatefulApp('db', {
          namespace: 'pulumi-lock',
          replicas: 2,
          podManagementPolicy: policy,
          containers: [{ image: 'ghcr.io/acme/db:1.0.0', ports: [Port.tcp(5432, { name: 'pg' })], resources: small }],
          storage: [{ name: 'data', mountPath: '/var/lib/data', size: Quantity.gibibytes(1) }],
        });
        return {};
      });
      // A previous run's state may name objects since deleted with their namespace.
      await s.refresh();
      await s.up();
      policy = 'Parallel';
      printed = '';
      await s.preview({ diff: true, onOutput });
    }
    console.log(JSON.stringify({ printed, error: null, unhandled }));
  } catch (e) {
    await new Promise((r) => setTimeout(r, 500));
    console.log(JSON.stringify({ printed, error: String((e as Error).message ?? e), unhandled }));
  }
}

void main();
