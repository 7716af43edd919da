// Benchmark (scripts/bench.ts runs it): a 200 MB attachment sent by the UA API client to the
// loopback e-Doręczenia simulator through the streamed multipart upload path (SHA3-256 pass, then
// the upload), and beside it `curl -F` uploading the same bytes to the same endpoint. Misses its
// target when the peak RSS reaches 300 MB or the client takes more than 1.5× curl's time.
// Both share this process's simulator (it streams to disk too), so the figures compare like with like.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEdoreczeniaClient } from '../../electron/node/edoreczenia/client';
import { startEdoreczeniaSimulator } from '../../electron/simulators/edoreczenia';
import { ensureTestIdentities } from '../../electron/simulators/test-identities';
import { MB, peakRssMB, printBenchResult, runBench, writeRandomFile } from './report';

const SIZE = 200 * MB;
const LIMIT_RSS_MB = 300;
const BOX = 'AE:PL-10000-20000-NADAW-10';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-bench-edor-'));
  const ids = await ensureTestIdentities(join(dir, 'ids'));
  const sim = await startEdoreczeniaSimulator({ seal: ids.simulator, boxes: [{ address: BOX, name: 'Bench', public: false }], clients: [{ clientId: 'b', clientSecret: 's', box: BOX }] });
  try {
    const path = join(dir, 'duzy.pdf');
    writeRandomFile(path, SIZE);
    const client = createEdoreczeniaClient({ baseUrl: sim.url, tokenUrl: sim.tokenUrl, address: BOX, clientId: 'b', clientSecret: 's' });
    const draft = () => client.createDraft({ messageMetadata: { to: [{ eDeliveryAddress: BOX }], subject: 'bench', shippingService: 'electronic' } });
    let sampled = 0;
    const sampler = setInterval(() => { sampled = Math.max(sampled, process.memoryUsage().rss); }, 50);

    const d1 = await draft();
    const t0 = performance.now();
    const up = await client.addAttachment(d1, { path, filename: 'duzy.pdf', contentType: 'application/pdf' });
    const clientMs = performance.now() - t0;
    if (up.fileMetadata.size !== SIZE) throw new Error(`uploaded ${up.fileMetadata.size} B`);

    const d2 = await draft();
    const token = await client.accessToken();
    const url = `${sim.url}/${BOX}/${d2}/attachments/upload`;
    const t1 = performance.now();
    const code = await new Promise<number>((resolve) => {
      const c = spawn('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Authorization: Bearer ${token}`, '-F', 'filename=duzy.pdf', '-F', 'contentType=application/pdf', '-F', `file=@${path};type=application/pdf`, url], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      c.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      c.on('close', () => resolve(Number(out)));
    });
    const curlMs = performance.now() - t1;
    clearInterval(sampler);
    if (code !== 200) throw new Error(`curl upload answered ${code}`);
    const rss = peakRssMB(sampled);
    const ratio = clientMs / curlMs;
    printBenchResult({
      ok: rss < LIMIT_RSS_MB && ratio <= 1.5,
      sizeMB: SIZE / MB, clientSeconds: +(clientMs / 1000).toFixed(2), curlSeconds: +(curlMs / 1000).toFixed(2),
      ratioToCurl: +ratio.toFixed(2), peakRssMB: Math.round(rss), limitRssMB: LIMIT_RSS_MB,
      note: 'both upload the same file to the same endpoint of the in-process simulator, which streams it to disk with SHA3-256',
    });
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
