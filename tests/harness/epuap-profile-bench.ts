/**
 * What the ePUAP sending-profile tests share: an ePUAP simulator that knows the built-in system and
 * one office (its subject and the certificate registered for it), services on a fresh data folder,
 * a checked router call, a filing sent through the outbox, the last `nadaj` the simulator saw, and
 * every file of the data folder (to prove a secret never lands on disk in the clear).
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelInput, ChannelName, ChannelOutput, FilingDetail } from '../../electron/common/contract';
import { startEpuapSimulator, type EpuapSimulator } from '../../electron/simulators/epuap';
import { ensureTestIdentities } from '../../electron/simulators/test-identities';
import { routerCall, startTestServices, type TestServices } from './services';

export interface EpuapProfileBench {
  work: string;
  sim: EpuapSimulator;
  /** The built-in environment's own system certificate (what sends without a profile). */
  builtinCertPem: string;
  ctx: Awaited<ReturnType<typeof startTestServices>>;
  services: TestServices;
  /** A router call that must succeed. */
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** A filing to CUW Cieszyn marked signed without a card (these tests are about the sending identity), sent by the outbox. */
  sendFiling(title: string): Promise<FilingDetail>;
  /** The WS-Security certificate of the last nadaj the simulator received, and that request. */
  lastNadaj(): { certificate: X509Certificate; body: string };
  /** Every file under the data folder. */
  dataFiles(): string[];
  close(): Promise<void>;
}

export async function startEpuapProfileBench(prefix: string, office: { subject: string; certificatePem: string }): Promise<EpuapProfileBench> {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const ids = await ensureTestIdentities(work);
  const sim = await startEpuapSimulator({ identities: ids, systems: [{ subject: ids.system.subject, certificatePem: ids.system.certPem }, office] });
  const ctx = await startTestServices({
    environment: {
      epuapUrl: sim.url,
      sender: { subject: ids.system.subject, replyBox: `/${ids.system.subject}/SkrytkaESP` },
      system: { keyPem: ids.system.keyPem, certPem: ids.system.certPem },
      trustAnchorPems: [ids.ca.certPem],
    },
  });
  const services = ctx.services;
  const call = routerCall(() => services);
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  return {
    work, sim, ctx, services, call, builtinCertPem: ids.system.certPem,
    async sendFiling(title) {
      const f = await call('filings.create', {
        sender: { institution: { name: 'Biuro Test', nip: '5213621697' }, address: { postalCode: '00-060', city: 'Warszawa', building: '27' } },
        addressee: { name: 'CUW Cieszyn', inbox: '/ZOJO_Cieszyn/SkrytkaESP' },
        place: 'Warszawa', date: '2026-11-23', title, content: ['Treść.'],
      });
      const row = services.repo.get(f.id);
      services.repo.transition(f.id, ['draft'], 'signed', { signed_sha256: row.draft_sha256 }, { actor: 'test', kind: 'signed' });
      await call('filings.send', { id: f.id });
      await services.outbox.run();
      return services.filings.detail(f.id);
    },
    lastNadaj() {
      const req = sim.requests().filter((r) => r.path.endsWith('/skrytka')).at(-1)!;
      const token = /<[^>]*BinarySecurityToken[^>]*>([^<]+)</.exec(req.body)![1]!;
      return { certificate: new X509Certificate(Buffer.from(token.replace(/\s+/g, ''), 'base64')), body: req.body };
    },
    dataFiles: () => walk(ctx.dataDir),
    async close() {
      await ctx.close();
      await sim.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
