/**
 * One test PKI and one set of SoftHSM tokens per test process, in a fresh temp folder that is
 * removed when the process exits. Forked signer hosts inherit SOFTHSM2_CONF from this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPki, type TestPki } from './pki';
import { createSoftHsm, type TestTokens } from './softhsm';

export interface TestEnvironment {
  dir: string;
  pki: TestPki;
  tokens: TestTokens;
}

let environment: Promise<TestEnvironment> | undefined;

export function getTestEnvironment(): Promise<TestEnvironment> {
  environment ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nadawca-test-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const pki = await createTestPki(path.join(dir, 'pki'));
    const tokens = await createSoftHsm(path.join(dir, 'softhsm'), pki);
    return { dir, pki, tokens };
  })();
  return environment;
}
