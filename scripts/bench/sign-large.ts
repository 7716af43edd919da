// Benchmark (scripts/bench.ts runs it): signs a pismo with 150 MB of attachments, enveloped XAdES
// B-B, with our streaming signer (electron/node/signatures/xades-stream.ts) and with `xmlsec1 --sign`
// on the same document and the same RSA key as PEM files. Each signer runs in its own process,
// measured the same way (wall time and the kernel's max RSS of the child, via python3's rusage).
// Our child is this file bundled by esbuild (as the app ships its code: no tsx compiling at start);
// its figure also gives the signing time inside the process (without Node start-up).
// Target: faster than xmlsec1 and peak RSS under 300 MB. Both outputs are checked by xmlsec1 --verify.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileSigner } from '../../electron/node/signer/file-signer';
import { xmlSignerFor } from '../../electron/node/signer/xml-signer';
import { signXmlFileEnveloped } from '../../electron/node/signatures/xades-stream';
import { openAtomicWriter } from '../../electron/node/storage/atomic-write';
import { MB, printBenchResult, runBench, writeRandomFile } from './report';

const FILES = [60, 50, 40].map((n) => n * MB); // 150 MB in all
const LIMIT_RSS_MB = 300;
const CHILD_FLAG = '--sign-child';

/** Wall seconds and max RSS (MB) of a command, measured by python3 around it. */
function measure(cmd: string[]): { seconds: number; peakRssMB: number; stdout: string } {
  const py = 'import resource,subprocess,sys,time\nt=time.monotonic()\nr=subprocess.run(sys.argv[1:],stdout=subprocess.PIPE)\n'
    + 'sys.stderr.write(r.stdout.decode())\nprint(r.returncode, time.monotonic()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
  const r = spawnSync('python3', ['-c', py, ...cmd], { encoding: 'utf8', maxBuffer: 16 * MB });
  const [code, seconds, kb] = r.stdout.trim().split(/\s+/).map(Number);
  if (code !== 0) throw new Error(`${cmd[0]} failed (${code}): ${r.stderr.slice(-2000)}`);
  return { seconds: seconds!, peakRssMB: kb! / 1024, stdout: r.stderr };
}

/** The child: our signer on the file, the key as a PEM key file (as xmlsec1 gets it). */
async function child(input: string, output: string, key: string, cert: string): Promise<void> {
  const signer = createFileSigner({ keyPem: key, certPem: cert, label: 'bench' });
  const [info] = await signer.listCertificates();
  const xmlSigner = await xmlSignerFor(signer, info!.id, '');
  const started = process.hrtime.bigint();
  const out = await openAtomicWriter(tmpdir());
  await signXmlFileEnveloped(input, out, xmlSigner, { signingTime: new Date(), id: `Sig-${randomUUID()}` });
  await out.commit(output);
  process.stdout.write(JSON.stringify({ signSeconds: Number(process.hrtime.bigint() - started) / 1e9 }) + '\n');
}

/** The same pismo with an XMLDSig template before the root's end tag: what xmlsec1 --sign fills in. */
function xmlsecTemplate(pismo: string, out: string): void {
  const text = readFileSync(pismo, 'latin1'); // bytes kept as they are (the test data is written once, not timed)
  const end = text.lastIndexOf('</');
  const template = '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="Sig-xmlsec"><ds:SignedInfo>'
    + '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
    + '<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>'
    + '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/>'
    + '<ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>';
  writeFileSync(out, Buffer.from(text.slice(0, end) + template + text.slice(end), 'latin1'));
}

async function main(): Promise<void> {
  // Loaded here, not at the top: the measured child process should start with only what signing needs.
  const { composeInputSchema } = await import('../../electron/common/compose-schema');
  const { writePismo } = await import('../../electron/node/filings/pismo');
  const { createTestPki } = await import('../../tests/harness/pki');
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-bench-sign-'));
  try {
    const pki = await createTestPki(join(dir, 'pki'));
    const key = pki.signers.qualifiedRsa;
    const paths = FILES.map((size, n) => {
      const path = join(dir, `zalacznik-${n + 1}.bin`);
      writeRandomFile(path, size);
      return path;
    });
    const { attachments: _none, ...letter } = composeInputSchema.parse({
      sender: { person: { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' }, address: { postalCode: '43-400', city: 'Cieszyn', building: '1' } },
      addressee: { name: 'Centrum Usług Wspólnych w Cieszynie', inbox: '/CUW/SkrytkaESP' },
      place: 'Cieszyn', date: '2026-11-23', title: 'Pismo z dużymi załącznikami', content: ['Przesyłam dokumentację.'],
    });
    const pismo = join(dir, 'pismo.xml');
    const w = await openAtomicWriter(dir);
    await writePismo({ ...letter, attachments: paths.map((path, n) => ({ fileName: `zalacznik-${n + 1}.bin`, mediaType: 'application/octet-stream', source: { path, size: FILES[n]! } })) }, new Date(), w);
    await w.commit(pismo);
    for (const p of paths) rmSync(p);
    const template = join(dir, 'template.xml');
    xmlsecTemplate(pismo, template);

    // Inside node_modules/.cache so that its require() calls find the packages.
    const bundle = join(import.meta.dirname, '../../node_modules/.cache/nadawca-bench/sign-child.cjs');
    const built = spawnSync(join(import.meta.dirname, '../../node_modules/.bin/esbuild'), [
      import.meta.filename, '--bundle', '--platform=node', '--format=cjs', '--packages=external', '--log-level=warning', `--outfile=${bundle}`,
    ], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`esbuild failed: ${built.stderr}`);
    const oursOut = join(dir, 'ours.xml');
    const ours = measure([process.execPath, bundle, CHILD_FLAG, pismo, oursOut, key.key, key.cert]);
    const signSeconds = (JSON.parse(ours.stdout.trim().split('\n').pop()!) as { signSeconds: number }).signSeconds;
    const xmlsecOut = join(dir, 'xmlsec.xml');
    const xmlsec = measure(['xmlsec1', '--sign', '--privkey-pem', `${key.key},${key.cert}`, '--output', xmlsecOut, template]);

    const verify = (file: string) => spawnSync('xmlsec1', ['--verify', '--trusted-pem', pki.rootCa.cert, '--untrusted-pem', pki.qualifiedCa.cert, '--id-attr:Id', 'SignedProperties', file], { encoding: 'utf8' }).status === 0;
    const round = (x: number, digits = 2) => Number(x.toFixed(digits));
    const oursOk = verify(oursOut);
    const result = {
      sign150MB: {
        documentMB: round(statSync(pismo).size / MB, 1),
        ours: { seconds: round(ours.seconds), signSecondsInProcess: round(signSeconds), peakRssMB: round(ours.peakRssMB, 1), verifiedByXmlsec1: oursOk },
        xmlsec1: { seconds: round(xmlsec.seconds), peakRssMB: round(xmlsec.peakRssMB, 1), verifiedByXmlsec1: verify(xmlsecOut) },
        speedup: round(xmlsec.seconds / ours.seconds),
      },
      limits: { peakRssMB: LIMIT_RSS_MB, fasterThan: 'xmlsec1' },
      ok: oursOk && ours.peakRssMB < LIMIT_RSS_MB && ours.seconds < xmlsec.seconds,
    };
    printBenchResult(result);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf(CHILD_FLAG);
if (at !== -1) {
  const [input, output, key, cert] = process.argv.slice(at + 1);
  runBench(() => child(input!, output!, key!, cert!));
} else {
  runBench(main);
}
