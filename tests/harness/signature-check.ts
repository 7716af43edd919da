/**
 * Independent checks of raw signatures with the openssl CLI (a verifier nobody here wrote):
 * PKCS#1 v1.5, RSA-PSS (salt = digest length) and ECDSA (raw r||s converted to DER first).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type OpensslHash = 'sha256' | 'sha384' | 'sha512';

/** Raw r||s → DER SEQUENCE { INTEGER r, INTEGER s } (minimal integers, 0x00 before a high bit). */
export function rawEcdsaToDer(raw: Uint8Array): Buffer {
  const half = raw.length / 2;
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    let v = Buffer.from(b.subarray(i));
    if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** `openssl dgst -verify` over the original data; returns openssl's own verdict ("Verified OK") or throws. */
export function opensslVerify(
  certPem: string,
  o: { hash: OpensslHash; data: Buffer; signature: Uint8Array; scheme: 'pkcs1' | 'pss' | 'ecdsa-raw' },
): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nadawca-verify-'));
  try {
    const pub = path.join(dir, 'pub.pem');
    writeFileSync(pub, execFileSync('openssl', ['x509', '-in', certPem, '-pubkey', '-noout']));
    writeFileSync(path.join(dir, 'data.bin'), o.data);
    writeFileSync(path.join(dir, 'sig.bin'), o.scheme === 'ecdsa-raw' ? rawEcdsaToDer(o.signature) : o.signature);
    const pss = o.scheme === 'pss' ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest'] : [];
    return execFileSync('openssl', ['dgst', `-${o.hash}`, ...pss, '-verify', pub, '-signature', path.join(dir, 'sig.bin'), path.join(dir, 'data.bin')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
