// Benchmark (scripts/bench.ts runs it): mutual TLS with the system key on a PKCS#11 token (SoftHSM),
// through the TLS tunnel host, to the loopback e-Doręczenia simulator that demands a client
// certificate: the first connection (tunnel start, login, handshake signed on the token), then a
// 200 MB attachment upload; beside it `curl --engine pkcs11` uploading the same bytes with the same
// token key to the same endpoint. Misses its target when the upload takes more than 1.5× curl's
// time or this process's peak RSS reaches 300 MB.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEdoreczeniaClient } from '../../electron/node/edoreczenia/client';
import { silentLogger } from '../../electron/node/logger';
import { createPkcs11Signer } from '../../electron/node/signer/client';
import { createTokenTlsAgent, engineConfig, findEngine, tlsTunnelSpec } from '../../electron/node/signer/tls-tunnel';
import { startEdoreczeniaSimulator } from '../../electron/simulators/edoreczenia';
import { ensureTestIdentities } from '../../electron/simulators/test-identities';
import { makeTlsMaterial, OWN_BOX } from '../../tests/harness/edoreczenia';
import { SIGNER_HOST } from '../../tests/harness/services';
import { getTestEnvironment } from '../../tests/harness/test-env';
import { MB, peakRssMB, printBenchResult, runBench, writeRandomFile } from './report';

const SIZE = 200 * MB;
const LIMIT_RSS_MB = 300;

async function main(): Promise<void> {
  const engine = findEngine();
  if (!engine) throw new Error('libengine-pkcs11-openssl is not installed');
  const env = await getTestEnvironment();
  const dir = env.dir;
  const tls = makeTlsMaterial(dir);
  const ids = await ensureTestIdentities(join(dir, 'ids'));
  const cert = readFileSync(env.pki.signers.nonQualified.cert, 'utf8');
  const sim = await startEdoreczeniaSimulator({
    seal: ids.simulator, boxes: [{ address: OWN_BOX, name: 'Bench', public: false }],
    clients: [{ clientId: 'b', clientSecret: 's', box: OWN_BOX, certificatePem: cert }],
    tls: { certPem: tls.serverCertPem, keyPem: tls.serverKeyPem, clientCaPem: readFileSync(env.pki.chainPem, 'utf8') },
  });
  const tokens = createPkcs11Signer({ modules: [env.tokens.module], host: SIGNER_HOST });
  const agent = createTokenTlsAgent({
    host: tlsTunnelSpec(SIGNER_HOST), tokens, certificateId: env.tokens.certificateIds.nonQualified, certificatePem: cert, pin: env.tokens.qes.pin,
    caPems: [tls.caPem], urls: [sim.url], pinRejected: () => undefined, logger: silentLogger,
  });
  try {
    const path = join(dir, 'duzy.pdf');
    writeRandomFile(path, SIZE);
    const client = createEdoreczeniaClient({ baseUrl: sim.url, tokenUrl: sim.tokenUrl, address: OWN_BOX, clientId: 'b', clientSecret: 's', tls: { tokenAgent: agent, caPems: [tls.caPem] } });
    let sampled = 0;
    const sampler = setInterval(() => { sampled = Math.max(sampled, process.memoryUsage().rss); }, 50);

    const t0 = performance.now();
    await client.settings(); // tunnel start, login on the token, the handshake, the token request
    const firstMs = performance.now() - t0;
    if (client.clientCertificate() !== 'token') throw new Error('the connection did not present the token certificate');
    const draft = () => client.createDraft({ messageMetadata: { to: [{ eDeliveryAddress: OWN_BOX }], subject: 'bench', shippingService: 'electronic' } });
    const d1 = await draft();
    const t1 = performance.now();
    const up = await client.addAttachment(d1, { path, filename: 'duzy.pdf', contentType: 'application/pdf' });
    const clientMs = performance.now() - t1;
    if (up.fileMetadata.size !== SIZE) throw new Error(`uploaded ${up.fileMetadata.size} B`);

    // curl with the same token key through the same engine configuration (FORCE_LOGIN, the module).
    const d2 = await draft();
    const bearer = await client.accessToken();
    const conf = join(dir, 'curl-openssl.cnf');
    writeFileSync(conf, engineConfig(engine, env.tokens.module).replace('nodejs_conf', 'openssl_conf'));
    writeFileSync(join(dir, 'ca.pem'), tls.caPem);
    const id = env.tokens.ckaIds.nonQualified.replace(/../g, '%$&');
    const key = `pkcs11:serial=${env.tokens.qes.serial};id=${id};type=private;pin-value=${env.tokens.qes.pin}`;
    const t2 = performance.now();
    const code = await new Promise<number>((resolve) => {
      const c = spawn('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--engine', 'pkcs11', '--key-type', 'ENG', '--key', key, '--cert', env.pki.signers.nonQualified.cert, '--cacert', join(dir, 'ca.pem'),
        '-H', `Authorization: Bearer ${bearer}`, '-F', 'filename=duzy.pdf', '-F', 'contentType=application/pdf', '-F', `file=@${path};type=application/pdf`, `${sim.url}/${OWN_BOX}/${d2}/attachments/upload`],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, OPENSSL_CONF: conf } });
      let out = '';
      c.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      c.on('close', () => resolve(Number(out)));
    });
    const curlMs = performance.now() - t2;
    clearInterval(sampler);
    if (code !== 200) throw new Error(`curl upload answered ${code}`);
    const rss = peakRssMB(sampled);
    const ratio = clientMs / curlMs;
    client.close();
    printBenchResult({
      ok: rss < LIMIT_RSS_MB && ratio <= 1.5,
      firstConnectionMs: Math.round(firstMs), sizeMB: SIZE / MB, clientSeconds: +(clientMs / 1000).toFixed(2), curlSeconds: +(curlMs / 1000).toFixed(2),
      ratioToCurl: +ratio.toFixed(2), peakRssMB: Math.round(rss), limitRssMB: LIMIT_RSS_MB,
      note: 'both authenticate the TLS connection with the same SoftHSM key through OpenSSL\'s PKCS#11 engine (the app in its tunnel process, curl in its own); the simulator streams the upload to disk with SHA3-256',
    });
  } finally {
    await agent.shutdown();
    await tokens.close();
    await sim.stop();
  }
}

runBench(main);
