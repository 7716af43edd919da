/**
 * Real services for tests: a temp data folder, SoftHSM tokens, the signer host started from the
 * TypeScript sources, and either the built-in environment process or a simulator the test runs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChannelInput, ChannelName, ChannelOutput, FilingDetail } from '../../electron/common/contract';
import { createServices } from '../../electron/node/services';
import type { EnvironmentInfo, ServicesConfig } from '../../electron/node/services-api';
import { ensureTestIdentities } from '../../electron/simulators/test-identities';
import { startEpuapSimulator, type EpuapSimulator } from '../../electron/simulators/epuap';
import { getTestEnvironment, type TestEnvironment } from './test-env';

export const REPO_ROOT = resolve(__dirname, '../..');
export const SIGNER_HOST = { entry: join(REPO_ROOT, 'electron/node/signer/host.ts'), execArgv: ['--import', 'tsx'] };

export type TestServices = Awaited<ReturnType<typeof createServices>>;

/** A router call on `services()` (read at each call) that must succeed; its value. */
export function routerCall(services: () => TestServices) {
  return async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const r = await services().router(channel, input);
    assert.ok(r.ok, JSON.stringify(r));
    return r.value as ChannelOutput<C>;
  };
}

/** A filing made from `letter` and signed with the test token's qualified certificate; its id. */
export async function createSignedFiling(services: TestServices, letter: ChannelInput<'filings.create'>): Promise<string> {
  const call = routerCall(() => services);
  const { id } = (await call('filings.create', letter)) as FilingDetail;
  const qes = (await call('certificates.list', {})).find((c) => c.qualified);
  assert.ok(qes, 'the test token holds a qualified certificate');
  await call('filings.sign', { id, certificateId: qes.id, pin: (await getTestEnvironment()).tokens.qes.pin });
  return id;
}

export async function startTestServices(extra: Partial<ServicesConfig> = {}): Promise<{ services: TestServices; env: TestEnvironment; dataDir: string; close(): Promise<void> }> {
  const env = await getTestEnvironment();
  const dataDir = mkdtempSync(join(tmpdir(), 'nadawca-data-'));
  const services = await createServices({ dataDir, lang: 'en', pkcs11Modules: [env.tokens.module], signerHost: SIGNER_HOST, ...extra });
  return {
    services, env, dataDir,
    async close() {
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An ePUAP simulator in this process (so a test can inject faults) and the environment that points at it. */
export async function startInProcessEpuap(clock?: () => Date): Promise<{ simulator: EpuapSimulator; environment: EnvironmentInfo; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-sim-'));
  const ids = await ensureTestIdentities(dir);
  const subject = ids.system.subject;
  const simulator = await startEpuapSimulator({ identities: ids, systems: [{ subject, certificatePem: ids.system.certPem }], ...(clock ? { clock } : {}) });
  return {
    simulator,
    environment: {
      epuapUrl: simulator.url,
      sender: { subject, replyBox: `/${subject}/SkrytkaESP` },
      system: { keyPem: ids.system.keyPem, certPem: ids.system.certPem },
      trustAnchorPems: [ids.ca.certPem],
    },
    async close() {
      await simulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
