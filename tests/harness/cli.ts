/** The `nadawca` command from the TypeScript sources, as a user runs it: exit code and both outputs. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './services';

export interface CliResult { code: number; stdout: string; stderr: string }

export function runCli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), ...args], {
      cwd: REPO_ROOT, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    p.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
