/**
 * A process that opens real services on a data folder, saves one draft, prints "saved <json>" and
 * then waits — for tests/integration/drafts.test.ts to SIGKILL it.
 * Arguments: the data folder and the draft spec as JSON.
 */
import { createServices } from '../../electron/node/services';
import { SIGNER_HOST } from './services';

async function main(dataDir: string, specJson: string) {
  const services = await createServices({ dataDir, lang: 'en', signerHost: SIGNER_HOST });
  const r = await services.router('drafts.save', { spec: JSON.parse(specJson) });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  process.stdout.write(`saved ${JSON.stringify(r.value)}\n`);
  setInterval(() => undefined, 60_000);
}

main(process.argv[2]!, process.argv[3]!).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
