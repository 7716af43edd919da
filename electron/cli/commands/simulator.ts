/** `nadawca simulator epuap [--port N]`: the built-in ePUAP simulator in the foreground. */
import { join } from 'node:path';
import { AppError } from '../../common/errors';
import { runtimeDir } from '../../node/runtime-resources';
import { startEpuapSimulator } from '../../simulators/epuap';
import { ensureTestIdentities } from '../../simulators/test-identities';
import type { CliContext } from '../context';
import { t } from '../texts';

export async function simulator(ctx: CliContext): Promise<number> {
  const name = ctx.positionals[1];
  if (name !== 'epuap') {
    throw new AppError('INVALID_INPUT', `simulator ${name ?? ''}`, { fields: [name === 'edoreczenia' ? 'edoreczenia (not available yet)' : 'simulator epuap'] });
  }
  const port = ctx.options.port === undefined ? 0 : Number(ctx.options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('INVALID_INPUT', 'port', { fields: ['--port'] });
  const ids = await ensureTestIdentities(join(ctx.dataDir, 'test-environment'));
  const sim = await startEpuapSimulator({
    port,
    identities: ids,
    systems: [{ subject: ids.system.subject, certificatePem: ids.system.certPem }],
    contractsDir: join(runtimeDir(), 'contracts', 'epuap'),
  });
  if (ctx.json) ctx.printJson({ url: sim.url, caCertificate: ids.caPath, systemSubject: ids.system.subject });
  ctx.print(t(ctx.lang, 'simulatorRunning', { name: 'ePUAP', url: sim.url }));
  ctx.print(`${t(ctx.lang, 'caCertificate')}: ${ids.caPath}`);
  await new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
  });
  await sim.stop();
  return 0;
}
