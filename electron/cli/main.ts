/**
 * The `nadawca` command (docs/CLI.md). Exit status: 0 success, 1 negative result, 2 bad input,
 * 3 environment, 4 internal error.
 */
import { parseArgs } from 'node:util';
import { AppError, exitCodeFor, isAppError } from '../common/errors';
import { errorMessage, pickLang } from '../common/messages';
import { createContext, type CliContext } from './context';
import { certs } from './commands/certs';
import { compose } from './commands/compose';
import { deadline } from './commands/deadline';
import { demo } from './commands/demo';
import { doctor } from './commands/doctor';
import { helpText } from './commands/help';
import { inbox } from './commands/inbox';
import { outbox, receipts } from './commands/lists';
import { profile } from './commands/profile';
import { send } from './commands/send';
import { simulator } from './commands/simulator';
import { sign } from './commands/sign';
import { verify } from './commands/verify';
import { t } from './texts';

const COMMANDS: Record<string, (ctx: CliContext) => Promise<number>> = {
  certs,
  compose,
  deadline,
  demo,
  doctor,
  inbox,
  outbox,
  profile,
  receipts,
  send,
  simulator,
  sign,
  verify,
  help: async (ctx) => {
    process.stdout.write(helpText(ctx.lang));
    return 0;
  },
};

export async function main(argv: string[]): Promise<number> {
  let lang = pickLang([process.env.NADAWCA_LANG, process.env.LC_ALL, process.env.LANG]);
  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        lang: { type: 'string' },
        json: { type: 'boolean' },
        out: { type: 'string' },
        port: { type: 'string' },
        'clock-offset': { type: 'string' },
        template: { type: 'string' },
        format: { type: 'string' },
        level: { type: 'string' },
        tsa: { type: 'string' },
        ocsp: { type: 'string' },
        module: { type: 'string', multiple: true },
        cert: { type: 'string' },
        'pin-env': { type: 'string' },
        content: { type: 'string' },
        trust: { type: 'string', multiple: true },
        event: { type: 'string' },
        rule: { type: 'string' },
        days: { type: 'string' },
        mode: { type: 'string' },
        yes: { type: 'boolean' },
        report: { type: 'string' },
        p12: { type: 'string' },
        'password-env': { type: 'string' },
        to: { type: 'string' },
        channel: { type: 'string' },
        profile: { type: 'string' },
        'no-wait': { type: 'boolean' },
        endpoint: { type: 'string' },
        address: { type: 'string' },
        'system-p12': { type: 'string' },
        'system-token': { type: 'string' },
        ca: { type: 'string', multiple: true },
        'token-url': { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret-env': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const ctx = createContext(values, positionals);
    lang = ctx.lang;
    json = ctx.json;
    const name = values.help ? 'help' : (positionals[0] ?? 'help');
    const command = COMMANDS[name];
    if (!command) {
      process.stderr.write(`nadawca: ${t(lang, 'unknownCommand', { cmd: name })}\n`);
      return 2;
    }
    return await command(ctx);
  } catch (e) {
    const err = isAppError(e) ? e
      : e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? new AppError('INVALID_INPUT', e.message, { fields: [e.message] })
      : null;
    if (!err) {
      process.stderr.write(`${errorMessage(lang, 'INTERNAL')}\n${(e as Error)?.stack ?? String(e)}\n`);
      return 4;
    }
    const message = errorMessage(lang, err.code, err.details);
    if (json) process.stdout.write(JSON.stringify({ error: { code: err.code, message } }, null, 2) + '\n');
    process.stderr.write(`nadawca: ${message}\n`);
    return exitCodeFor(err.code);
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
