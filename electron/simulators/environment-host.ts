/**
 * The built-in test environment as a process of its own: makes (or reloads) the test identities
 * in --dir, starts the ePUAP simulator on 127.0.0.1 and reports endpoints and identities to the
 * parent (electron/node/test-environment.ts). It ends with its parent.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parentChannel } from '../node/process-host';
import { runtimeDir } from '../node/runtime-resources';
import type { EnvironmentInfo } from '../node/services-api';
import { startEpuapSimulator } from './epuap';
import { startBuiltinEdoreczenia } from './edoreczenia';
import { ensureTestIdentities } from './test-identities';

async function main(): Promise<void> {
  const channel = parentChannel();
  if (!channel) throw new Error('environment-host must be started by Nadawca (no parent channel)');
  const { values } = parseArgs({ options: { dir: { type: 'string' } } });
  if (!values.dir) throw new Error('--dir is required');
  // When the public body's box gets E.1 + BP.OX: on arrival (default) or when it next logs in.
  const deliverOn = process.env.NADAWCA_EDORECZENIA_DELIVER_ON ?? 'arrival';
  if (deliverOn !== 'arrival' && deliverOn !== 'login') throw new Error('NADAWCA_EDORECZENIA_DELIVER_ON must be arrival or login');
  const ids = await ensureTestIdentities(values.dir);
  const subject = ids.system.subject;
  const sim = await startEpuapSimulator({
    identities: ids,
    systems: [{ subject, certificatePem: ids.system.certPem, name: 'Nadawca (środowisko testowe)' }],
    contractsDir: join(runtimeDir(), 'contracts', 'epuap'),
  });
  const edoreczenia = await startBuiltinEdoreczenia(ids.simulator, { publicDeliverOn: deliverOn });
  const info: EnvironmentInfo = {
    epuapUrl: sim.url,
    sender: { subject, replyBox: `/${subject}/SkrytkaESP` },
    system: { keyPem: ids.system.keyPem, certPem: ids.system.certPem },
    trustAnchorPems: [ids.ca.certPem],
    caPath: ids.caPath,
    demoSigner: { keyPem: ids.demoSigner.keyPem, certPem: ids.demoSigner.certPem, label: 'Nadawca TEST' },
    edoreczenia: edoreczenia.environment,
  };
  channel.send(info);
  // The parent's IPC channel closing means the app is gone: stop with it.
  process.on('disconnect', () => { void edoreczenia.simulator.stop(); void sim.stop().finally(() => process.exit(0)); });
}

if (parentChannel()) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(3);
  });
}
