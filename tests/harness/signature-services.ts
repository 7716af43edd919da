/**
 * Local trust services for signature tests, on 127.0.0.1 with the test PKI: an RFC 3161 TSA
 * (`openssl ts -reply` behind a small node HTTP handler) and an OCSP responder (`openssl ocsp`
 * answering from the qualified CA's index, signed by that CA). Each request runs openssl once,
 * so a revocation made with `revoke` is seen by the next request. `reissue` gives an existing
 * test key another certificate (so a SoftHSM key can be revoked without touching the shared ones).
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createPkcs11Signer, type Pkcs11Signer } from '../../electron/node/signer/client';
import type { TestCert, TestPki } from './pki';
import { SIGNER_HOST } from './services';
import { getTestEnvironment, type TestEnvironment } from './test-env';

export interface LocalService {
  url: string;
  requests: number;
  close(): Promise<void>;
}

function serve(handle: (body: Buffer) => { type: string; body: Buffer } | null): Promise<LocalService> {
  const svc = { url: '', requests: 0 } as LocalService;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      svc.requests++;
      try {
        const out = handle(Buffer.concat(chunks));
        if (!out) { res.writeHead(500).end(); return; }
        res.writeHead(200, { 'Content-Type': out.type, 'Content-Length': out.body.length }).end(out.body);
      } catch {
        res.writeHead(500).end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      svc.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      svc.close = () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); });
      resolve(svc);
    });
  });
}

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** `mode: 'foreign-imprint'` answers with a token over other data (to test the client's checks). */
export async function startTsa(pki: TestPki, o: { mode?: 'ok' | 'foreign-imprint' | 'reject' } = {}): Promise<LocalService> {
  const dir = mkdtempSync(path.join(pki.dir, 'tsa-'));
  const cnf = path.join(dir, 'tsa.cnf');
  writeFileSync(path.join(dir, 'serial'), '01\n');
  writeFileSync(cnf, `
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = ${dir}
serial = ${dir}/serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`);
  let n = 0;
  return serve((body) => {
    const id = ++n;
    const q = path.join(dir, `q${id}.tsq`);
    const r = path.join(dir, `r${id}.tsr`);
    let query = body;
    if (o.mode === 'reject') return { type: 'application/timestamp-reply', body: Buffer.from('30053003020102', 'hex') }; // TimeStampResp { status: rejection }
    if (o.mode === 'foreign-imprint') {
      const f = path.join(dir, `f${id}`);
      writeFileSync(f, `other data ${id}`);
      query = openssl(['ts', '-query', '-data', f, '-sha256', '-cert'], dir);
    }
    writeFileSync(q, query);
    openssl(['ts', '-reply', '-config', cnf, '-queryfile', q, '-signer', pki.tsa.cert, '-inkey', pki.tsa.key, '-chain', pki.chainPem, '-out', r], dir);
    return { type: 'application/timestamp-reply', body: readFileSync(r) };
  });
}

/** OCSP for certificates of the qualified CA (signed by it) and for the qualified CA itself (signed by the root). */
export async function startOcsp(pki: TestPki): Promise<LocalService> {
  const dir = mkdtempSync(path.join(pki.dir, 'ocsp-'));
  const cas = [
    { index: 'ca_qualified.index', ca: pki.qualifiedCa },
    { index: 'ca_root.index', ca: pki.rootCa },
  ];
  let n = 0;
  return serve((body) => {
    const id = ++n;
    const q = path.join(dir, `q${id}.der`);
    writeFileSync(q, body);
    let last: Buffer | null = null;
    for (const [i, { index, ca }] of cas.entries()) {
      const r = path.join(dir, `r${id}-${i}.der`);
      const text = openssl(['ocsp', '-index', path.join(pki.dir, index), '-CA', ca.cert, '-rsigner', ca.cert, '-rkey', ca.key,
        '-reqin', q, '-respout', r, '-ndays', '1', '-resp_text'], dir).toString();
      last = readFileSync(r);
      // openssl answers "unknown" for a certificate of another CA: then ask the next one.
      if (!/Cert Status: unknown/.test(text)) break;
    }
    return last && { type: 'application/ocsp-response', body: last };
  });
}

/** The qualified CA's current CRL over HTTP (made fresh for each request, so revocations show). */
export async function startCrl(pki: TestPki): Promise<LocalService> {
  const dir = mkdtempSync(path.join(pki.dir, 'crl-'));
  return serve(() => {
    const pem = path.join(dir, 'ca.crl.pem');
    openssl(['ca', '-config', path.join(pki.dir, 'openssl.cnf'), '-name', 'ca_qualified', '-cert', pki.qualifiedCa.cert, '-keyfile', pki.qualifiedCa.key,
      '-gencrl', '-crldays', '1', '-out', pem], pki.dir);
    return { type: 'application/pkix-crl', body: openssl(['crl', '-in', pem, '-outform', 'DER'], dir) };
  });
}

/** A new certificate (new serial) of the qualified CA for the key of an existing test certificate. */
export function reissue(pki: TestPki, of: TestCert, name: string): TestCert {
  const cnf = path.join(pki.dir, 'openssl.cnf');
  const csr = path.join(pki.dir, `${name}.csr`);
  const cert = path.join(pki.dir, `${name}.cert.pem`);
  const subject = '/' + new X509Certificate(readFileSync(of.cert)).subject.split('\n').join('/');
  openssl(['req', '-new', '-config', cnf, '-utf8', '-key', of.key, '-subj', subject, '-out', csr], pki.dir);
  openssl(['ca', '-batch', '-config', cnf, '-name', 'ca_qualified', '-cert', pki.qualifiedCa.cert, '-keyfile', pki.qualifiedCa.key,
    '-in', csr, '-out', cert, '-notext', '-preserveDN', '-utf8', '-extensions', 'ext_qualified', '-days', '30'], pki.dir);
  const x = new X509Certificate(readFileSync(cert));
  const der = path.join(pki.dir, `${name}.cert.der`);
  writeFileSync(der, x.raw);
  return { cert, key: of.key, der, id: createHash('sha256').update(x.raw).digest('hex'), subject: x.subject };
}

export function revoke(pki: TestPki, cert: TestCert): void {
  openssl(['ca', '-config', path.join(pki.dir, 'openssl.cnf'), '-name', 'ca_qualified', '-cert', pki.qualifiedCa.cert,
    '-keyfile', pki.qualifiedCa.key, '-revoke', cert.cert, '-crl_reason', 'keyCompromise'], pki.dir);
}

/** What the signature tests share: the test environment, a card signer, a local TSA and OCSP responder, a work folder. */
export interface SignatureBench {
  env: TestEnvironment;
  signer: Pkcs11Signer;
  tsa: LocalService;
  ocsp: LocalService;
  work: string;
  close(): Promise<void>;
}

export async function startSignatureBench(workPrefix: string): Promise<SignatureBench> {
  const env = await getTestEnvironment();
  const signer = createPkcs11Signer({ modules: [env.tokens.module], host: SIGNER_HOST });
  const tsa = await startTsa(env.pki);
  const ocsp = await startOcsp(env.pki);
  const work = mkdtempSync(path.join(env.dir, workPrefix));
  return {
    env, signer, tsa, ocsp, work,
    async close() {
      await signer.close();
      await tsa.close();
      await ocsp.close();
    },
  };
}
