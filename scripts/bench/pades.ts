// Benchmark (scripts/bench.ts runs it): PAdES B-B signature of a 150 MB PDF — the file is hashed as
// a stream while it is copied, and the incremental update appended — beside the floor for the same
// job, coreutils `sha256sum` + `cp` of the same file. Misses its target when the peak RSS reaches
// the limit (the PDF must never be held in memory).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signPades } from '../../electron/node/signatures/pades-sign';
import { createFileSigner } from '../../electron/node/signer/file-signer';
import { MB, peakRssMB, printBenchResult, runBench } from './report';

const SIZE = 150 * MB;
const LIMIT_RSS_MB = 300;

/** A one-page PDF whose object 5 is a 150 MB stream of random bytes, written in 1 MB pieces. */
function writeLargePdf(path: string, size: number): void {
  const fd = openSync(path, 'w');
  let offset = 0;
  const offsets: number[] = [];
  const put = (s: string | Buffer) => { const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s; writeSync(fd, b); offset += b.length; };
  try {
    put('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
    const objects = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Big 5 0 R >> >> >>',
      '<< /Length 0 >>\nstream\n\nendstream',
    ];
    objects.forEach((body, i) => { offsets.push(offset); put(`${i + 1} 0 obj\n${body}\nendobj\n`); });
    offsets.push(offset);
    put(`5 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length ${size} >>\nstream\n`);
    const buf = Buffer.alloc(MB);
    for (let left = size; left > 0; left -= MB) put(randomFillSync(buf).subarray(0, Math.min(MB, left)));
    put('\nendstream\nendobj\n');
    const xref = offset;
    put(`xref\n0 6\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  } finally {
    closeSync(fd);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-bench-pades-'));
  try {
    const input = join(dir, 'duzy.pdf');
    writeLargePdf(input, SIZE);
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=TEST bench'], { stdio: 'ignore' });
    const signer = createFileSigner({ keyPem: key, certPem: cert, label: 'bench' });
    const certificateId = (await signer.listCertificates())[0]!.id;

    let sampled = process.memoryUsage.rss();
    const sampler = setInterval(() => { sampled = Math.max(sampled, process.memoryUsage.rss()); }, 10);
    const output = join(dir, 'duzy-podpisany.pdf');
    const started = process.hrtime.bigint();
    await signPades({ signer, certificateId, pin: '', level: 'B-B', input, output });
    const ours = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const peak = peakRssMB(sampled);

    const floorStart = process.hrtime.bigint();
    spawnSync('sh', ['-c', `sha256sum "${input}" >/dev/null && cp "${input}" "${join(dir, 'copy.pdf')}"`], { stdio: 'ignore' });
    const floor = Number(process.hrtime.bigint() - floorStart) / 1e9;
    const check = spawnSync('pdfsig', ['-nocert', output], { encoding: 'utf8' });

    printBenchResult({
      ok: peak < LIMIT_RSS_MB && /Signature is Valid/.test(check.stdout),
      inputMB: SIZE / MB,
      outputMB: Math.round((statSync(output).size / MB) * 10) / 10,
      oursSeconds: Math.round(ours * 100) / 100,
      oursPeakRssMB: Math.round(peak),
      floorSha256sumPlusCpSeconds: Math.round(floor * 100) / 100,
      pdfsig: /Signature is Valid/.test(check.stdout) ? 'Signature is Valid.' : check.stdout.trim().split('\n').pop(),
      limitRssMB: LIMIT_RSS_MB,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
