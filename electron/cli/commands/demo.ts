/**
 * `nadawca demo`: the main job end to end on the built-in test environment — compose, sign with
 * the demo certificate (TEST, not qualified), queue, send, store and verify the receipt.
 */
import { resolve } from 'node:path';
import { composeInputSchema } from '../../common/contract';
import { AppError } from '../../common/errors';
import { writeProofPackage } from '../../node/receipts/proof-package';
import type { CliContext } from '../context';
import { label, t } from '../texts';

function sampleLetter(today: string) {
  return composeInputSchema.parse({
    template: '1410',
    sender: {
      person: { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' },
      address: { postalCode: '43-400', city: 'Cieszyn', street: 'Rynek', building: '1', flat: '2' },
      email: 'jan.testowy@example.pl',
    },
    addressee: { name: 'Kasa Rolniczego Ubezpieczenia Społecznego', inbox: '/KRUS/SkrytkaESP' },
    place: 'Cieszyn',
    date: today,
    title: 'Wniosek o wydanie zaświadczenia (pismo testowe)',
    kind: 'wniosek',
    content: [
      'Uprzejmie proszę o wydanie zaświadczenia o podleganiu ubezpieczeniu.',
      'To pismo zostało wysłane do wbudowanego środowiska testowego aplikacji Nadawca.',
    ],
    attachments: [{
      fileName: 'zalacznik.txt',
      description: 'Załącznik testowy',
      contentBase64: Buffer.from('Załącznik testowy do pisma.\n', 'utf8').toString('base64'),
    }],
  });
}

export async function demo(ctx: CliContext): Promise<number> {
  const services = await ctx.openServices();
  try {
    const certs = await services.router('certificates.list', {});
    const demoSigner = services.environment.demoSigner;
    if (!certs.ok || !demoSigner) throw new AppError('CERT_NOT_FOUND', 'demo certificate', { cert: 'demo' });
    const cert = certs.value as { id: string; subject: string }[];
    const chosen = cert.find((c) => c.subject.includes('NOT QUALIFIED'));
    if (!chosen) throw new AppError('CERT_NOT_FOUND', 'demo certificate', { cert: 'TEST — NOT QUALIFIED' });

    ctx.progress('compose');
    const filing = await services.filings.create(sampleLetter(new Date().toISOString().slice(0, 10)), 'cli');
    ctx.progress('sign');
    await services.filings.sign(filing.id, chosen.id, 'demo', 'cli'); // a key file needs no PIN
    services.filings.queue(filing.id, 'cli');
    ctx.progress('send');
    await services.outbox.run();
    const done = services.filings.detail(filing.id);
    const receipt = done.receiptIds[0] ? services.receipts.get(done.receiptIds[0]) : null;
    const pkg = ctx.options.out && done.documentSha256
      ? writeProofPackage(resolve(ctx.options.out), filing.id, services)
      : null;

    if (ctx.json) {
      ctx.printJson({
        filingId: done.id, state: done.state, to: done.to, fileName: done.fileName, lastError: done.lastError,
        certificate: chosen.subject,
        receipt: receipt && { id: receipt.id, kind: receipt.kind, issuer: receipt.issuer, documentId: receipt.documentId, deliveredAt: receipt.deliveredAt, verified: receipt.verified, checks: receipt.checks },
        package: pkg ? resolve(ctx.options.out!) : null,
        caCertificate: services.environment.caPath ?? null,
      });
    } else {
      const L = ctx.lang;
      ctx.print(t(L, 'demoTitle'));
      ctx.print(`${t(L, 'certificate')}: ${chosen.subject}`);
      ctx.print(`${t(L, 'letter')}: ${done.title} → ${done.to} (${done.fileName})`);
      ctx.print(`${t(L, 'signedWith')}: SHA-256 ${done.documentSha256}`);
      ctx.print(`${t(L, 'state')}: ${label(L, done.state)}${done.lastError ? ` — ${done.lastError}` : ''}`);
      if (receipt) {
        ctx.print(`${t(L, 'receipt')}: ${receipt.kind} ${receipt.documentId ?? ''} ${receipt.deliveredAt ?? ''} — ${receipt.issuer} — ${receipt.verified ? t(L, 'verified') : t(L, 'notVerified')}`);
        for (const c of receipt.checks) ctx.print(`  ${c.ok ? '✓' : '✗'} ${label(L, c.name)}${c.detail ? `: ${c.detail}` : ''}`);
      } else {
        ctx.print(t(L, 'noReceipt'));
      }
      if (services.environment.caPath) ctx.print(`${t(L, 'caCertificate')}: ${services.environment.caPath}`);
      if (pkg) ctx.print(`${t(L, 'package')}: ${resolve(ctx.options.out!)} (${pkg.files.map((f) => f.name).join(', ')}, manifest.json)`);
    }
    if (done.state !== 'delivered' || !receipt?.verified) return 1;
    return 0;
  } finally {
    await services.close();
  }
}
