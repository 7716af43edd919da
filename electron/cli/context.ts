/**
 * What every command gets: parsed options, the user's language, output helpers and a way to
 * open the services on the data folder (the same composition root as the app).
 */
import { resolve, join } from 'node:path';
import { pickLang, type Lang } from '../common/messages';
import { createServices } from '../node/services';
import { defaultDataDir } from '../node/paths';
import { createStreamLogger } from '../node/logger';
import { createWriteStream, mkdirSync } from 'node:fs';

export interface CliOptions {
  data?: string;
  lang?: string;
  json?: boolean;
  out?: string;
  port?: string;
  'clock-offset'?: string;
  template?: string;
}

export interface CliContext {
  lang: Lang;
  json: boolean;
  options: CliOptions;
  positionals: string[];
  dataDir: string;
  print(text: string): void;
  printJson(value: unknown): void;
  progress(text: string): void;
  openServices(): ReturnType<typeof createServices>;
}

/** Running from the TypeScript sources (tests, development) or from the esbuild bundle in out/cli. */
export function signerHost(): { entry: string; execArgv: string[] } {
  return __filename.endsWith('.ts')
    ? { entry: resolve(__dirname, '../node/signer/host.ts'), execArgv: ['--import', 'tsx'] }
    : { entry: resolve(__dirname, '../signer/host.js'), execArgv: [] };
}

export function createContext(options: CliOptions, positionals: string[], env: NodeJS.ProcessEnv = process.env): CliContext {
  const lang = pickLang([options.lang, env.NADAWCA_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG]);
  const dataDir = resolve(options.data ?? defaultDataDir(env));
  const json = options.json === true;
  return {
    lang,
    json,
    options,
    positionals,
    dataDir,
    print: (text) => { if (!json) process.stdout.write(text.endsWith('\n') ? text : text + '\n'); },
    printJson: (value) => process.stdout.write(JSON.stringify(value, null, 2) + '\n'),
    progress: (text) => { if (process.stderr.isTTY && !json) process.stderr.write(`… ${text}\n`); },
    openServices: () => {
      mkdirSync(join(dataDir, 'logs'), { recursive: true });
      const log = createWriteStream(join(dataDir, 'logs', 'cli.log'), { flags: 'a' });
      return createServices({ dataDir, lang, signerHost: signerHost(), logger: createStreamLogger((l) => log.write(l)), version: process.env.npm_package_version });
    },
  };
}
