/**
 * Real services whose e-Doręczenia channel points at an in-process simulator (so a test can drive
 * its clock, faults and admin) and whose ePUAP side is an in-process ePUAP simulator. Closing also
 * checks that every answer the e-Doręczenia simulator gave followed the contract.
 */
import assert from 'node:assert/strict';
import type { SimulatorOptions } from '../../electron/simulators/edoreczenia';
import { CLIENT, OWN_BOX, startEdoreczeniaFixture, type EdoreczeniaFixture } from './edoreczenia';
import { startInProcessEpuap, startTestServices, type TestServices } from './services';

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
