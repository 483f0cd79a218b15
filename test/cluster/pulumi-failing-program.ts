/**
 * Runs an inline program that must throw, in its own process: the Pulumi SDK reports the
 * program's error to the engine and also leaves it as an unhandled rejection in the process that
 * runs the automation API (under jest, that would fail whichever test is running). Prints one JSON
 * line: what the CLI printed on its standard output, and the error's message.
 *
 *   npx tsx test/cluster/pulumi-failing-program.ts invalid
 */
import { stackOf } from './pulumi-engine';
import { Quantity } from '../../lib';
import * as p from '../../lib/pulumi';

const small = { cpu: { request: Quantity.millicores(50) }, memory: { request: Quantity.mebibytes(64) } };

async function main(): Promise<void> {
  const [mode] = process.argv.slice(2);
  let printed = '';
  const onOutput = (out: string) => {
    printed += out;
  };
  const unhandled: string[] = [];
  process.on('unhandledRejection', (e) => unhandled.push(String(e).split('\n')[0]));
  try {
    if (mode !== 'invalid') throw new Error(`unknown mode ${JSON.stringify(mode)}: expected "invalid"`);
    const s = await stackOf('pulumi-invalid', async () => {
      new p.StatelessApp('web', { namespace: 'pulumi-invalid', replicas: -1, containers: [{ image: 'nginx', resources: small }] });
      return {};
    });
    await s.preview({ onOutput });
    console.log(JSON.stringify({ printed, error: null, unhandled }));
  } catch (e) {
    await new Promise((r) => setTimeout(r, 500));
    console.log(JSON.stringify({ printed, error: String((e as Error).message ?? e), unhandled }));
  }
}

void main();
