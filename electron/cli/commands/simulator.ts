/**
 * `nadawca simulator edoreczenia|epuap [--port N] [--clock-offset DAYS]`: a built-in simulator in
 * the foreground on 127.0.0.1, with the test identities of the data folder. The clock offset moves
 * the simulator's time (e.g. to watch deemed delivery 14 days on) without touching the computer's.
 */
import { join } from 'node:path';
import { AppError } from '../../common/errors';
import { runtimeDir } from '../../node/runtime-resources';
import { startBuiltinEdoreczenia } from '../../simulators/edoreczenia';
import { startEpuapSimulator } from '../../simulators/epuap';
import { ensureTestIdentities } from '../../simulators/test-identities';
import type { CliContext } from '../context';
import { loopbackServerCertificate } from '../simulator-tls';
import { t } from '../texts';

const DAY_MS = 24 * 60 * 60 * 1000;

function portOf(ctx: CliContext): number {
  const port = ctx.options.port === undefined ? 0 : Number(ctx.options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('INVALID_INPUT', 'port', { fields: ['--port'] });
  return port;
}

function clockOf(ctx: CliContext): () => Date {
  const raw = ctx.options['clock-offset'];
  const days = raw === undefined ? 0 : Number(raw);
  if (!Number.isInteger(days) || Math.abs(days) > 3650) throw new AppError('INVALID_INPUT', 'clock-offset', { fields: ['--clock-offset'] });
  return () => new Date(Date.now() + days * DAY_MS);
}

export async function simulator(ctx: CliContext): Promise<number> {
  const name = ctx.positionals[1];
  if (name !== 'epuap' && name !== 'edoreczenia') {
    throw new AppError('INVALID_INPUT', `simulator ${name ?? ''}`, { fields: ['simulator edoreczenia|epuap'] });
  }
  const port = portOf(ctx);
  const clock = clockOf(ctx);
  const ids = await ensureTestIdentities(join(ctx.dataDir, 'test-environment'));
  const running = name === 'epuap'
    ? await startEpuapSimulator({
      port,
      clock,
      identities: ids,
      systems: [{ subject: ids.system.subject, certificatePem: ids.system.certPem }],
      contractsDir: join(runtimeDir(), 'contracts', 'epuap'),
    }).then((sim) => ({ url: sim.url, stop: () => sim.stop(), extra: { systemSubject: ids.system.subject } }))
    : await startBuiltinEdoreczenia(ids.simulator, { port, clock, tls: await loopbackServerCertificate(ids.ca) }).then(({ simulator: sim, environment }) => ({
      url: sim.url,
      stop: () => sim.stop(),
      // The system client's secret is a fixed test value (simulators/edoreczenia/builtin.ts): shown so a box profile can use it.
      extra: { tokenUrl: environment.tokenUrl, box: environment.box, clientId: environment.clientId, clientSecret: environment.clientSecret, publicBox: environment.publicBox },
    }));
  // Listen for the stop signal before saying where we are: a script may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
  });
  const label = name === 'epuap' ? 'ePUAP' : 'e-Doręczenia';
  if (ctx.json) ctx.printJson({ url: running.url, caCertificate: ids.caPath, ...running.extra });
  ctx.print(t(ctx.lang, 'simulatorRunning', { name: label, url: running.url }));
  ctx.print(`${t(ctx.lang, 'caCertificate')}: ${ids.caPath}`);
  if ('tokenUrl' in running.extra) {
    const { box, clientId, clientSecret, tokenUrl } = running.extra;
    ctx.print(t(ctx.lang, 'simulatorClient', { box, clientId, clientSecret, tokenUrl }));
  }
  await stopped;
  await running.stop();
  return 0;
}
