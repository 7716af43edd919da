/**
 * PINs and passwords for commands (docs/CLI.md): from the environment variable the user named, or
 * typed at a terminal prompt without echo. Never from an argument value (visible in `ps`).
 */
import { AppError } from '../../common/errors';
import type { Lang } from '../../common/messages';
import { t } from '../texts';

const PROMPT: Record<Lang, string> = { pl: 'Podaj {{what}}: ', en: 'Enter the {{what}}: ', uk: 'Введіть {{what}}: ' };

/** `option` names the flag in errors: --pin-env for PINs, --password-env for certificate files. */
export async function readSecret(envVar: string | undefined, what: string, lang: Lang, option = '--pin-env'): Promise<string> {
  if (envVar) {
    const value = process.env[envVar];
    if (!value) throw new AppError('INVALID_INPUT', `${envVar} is empty`, { fields: [t(lang, 'variableUnset', { option, name: envVar })] });
    return value;
  }
  if (!process.stdin.isTTY) throw new AppError('INVALID_INPUT', 'no PIN source', { fields: [`${option}: name the variable holding it (no terminal to ask on)`] });
  process.stderr.write(PROMPT[lang].replace('{{what}}', what));
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(value));
        if (ch === '\u0003') return finish(() => reject(new AppError('PIN_CANCELLED', 'cancelled')));
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const finish = (then: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      then();
    };
    stdin.on('data', onData);
  });
}
