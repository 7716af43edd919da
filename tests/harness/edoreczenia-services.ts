/**
 * Real services whose e-Doręczenia channel points at an in-process simulator (so a test can drive
 * its clock, faults and admin) and whose ePUAP side is an in-process ePUAP simulator. Closing also
 * checks that every answer the e-Doręczenia simulator gave followed the contract.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulatorOptions } from '../../electron/simulators/edoreczenia';
import { CLIENT, makeTlsMaterial, OWN_BOX, startEdoreczeniaFixture, type EdoreczeniaFixture, type TlsMaterial } from './edoreczenia';
import { startInProcessEpuap, startTestServices, type TestServices } from './services';
import type { TestEnvironment } from './test-env';

export interface EdoreczeniaServices {
  fx: EdoreczeniaFixture;
  ctx: Awaited<ReturnType<typeof startTestServices>>;
  services: TestServices;
  close(): Promise<void>;
}

export async function startEdoreczeniaServices(simulator: Partial<SimulatorOptions> = {}): Promise<EdoreczeniaServices> {
  const epuap = await startInProcessEpuap();
  const fx = await startEdoreczeniaFixture(simulator);
  const environment = {
    ...epuap.environment,
    trustAnchorPems: [...epuap.environment.trustAnchorPems, fx.ids.ca.certPem],
    edoreczenia: { url: fx.sim.url, tokenUrl: fx.sim.tokenUrl, box: OWN_BOX, ...CLIENT },
  };
  const ctx = await startTestServices({ environment });
  return {
    fx, ctx, services: ctx.services,
    async close() {
      await ctx.close();
      assert.deepEqual(fx.sim.contractProblems(), [], 'every simulator answer followed the contract');
      await fx.close();
      await epuap.close();
    },
  };
}

export interface HttpsBoxBench extends EdoreczeniaServices {
  /** A fresh folder (removed on close) holding the TLS material. */
  dir: string;
  tls: TlsMaterial;
  env: TestEnvironment;
}

/**
 * Real services (test PKI, SoftHSM tokens) and an e-Doręczenia simulator on HTTPS with a per-run TLS
 * CA, reached through box profiles; `simulator` registers the systems from the services' test PKI.
 */
export async function startHttpsBoxBench(simulator: (env: TestEnvironment, tls: TlsMaterial) => Partial<SimulatorOptions>): Promise<HttpsBoxBench> {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-https-box-'));
  const tls = makeTlsMaterial(dir);
  const epuap = await startInProcessEpuap();
  const ctx = await startTestServices({ environment: epuap.environment });
  const fx = await startEdoreczeniaFixture(simulator(ctx.env, tls));
  return {
    dir, tls, fx, ctx, services: ctx.services, env: ctx.env,
    async close() {
      await ctx.close();
      assert.deepEqual(fx.sim.contractProblems(), [], 'every simulator answer followed the contract');
      await fx.close();
      await epuap.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
