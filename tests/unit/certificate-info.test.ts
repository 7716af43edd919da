/**
 * Certificate classification (DOMAIN-signatures §7) on certificates made in-process with
 * @peculiar/x509, plus the file signer's ECDSA over a digest, checked by node.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify as cryptoVerify, webcrypto } from 'node:crypto';
import 'reflect-metadata'; // @peculiar/x509 registers its algorithms through tsyringe, which needs it
import * as x509 from '@peculiar/x509';
import {
  certificateId,
  classificationInfo,
  classifyCertificate,
  describeCertificate,
  isCaCertificate,
  naturalPersonIdentifier,
  parseQcStatements,
} from '../../electron/node/signer/certificate-info';
import { createFileSigner } from '../../electron/node/signer/file-signer';

// --- a small DER writer, independent of the parser under test -----------------------------------

function der(tag: number, content: Buffer): Buffer {
  const len = content.length;
  const header = len < 0x80 ? Buffer.from([tag, len]) : len < 0x100 ? Buffer.from([tag, 0x81, len]) : Buffer.from([tag, 0x82, len >> 8, len & 0xff]);
  return Buffer.concat([header, content]);
}
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a! * 40 + b!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}
const seq = (...items: Buffer[]) => der(0x30, Buffer.concat(items));

const QC = {
  compliance: seq(oid('0.4.0.1862.1.1')),
  sscd: seq(oid('0.4.0.1862.1.4')),
  esign: seq(oid('0.4.0.1862.1.6'), seq(oid('0.4.0.1862.1.6.1'))),
  eseal: seq(oid('0.4.0.1862.1.6'), seq(oid('0.4.0.1862.1.6.2'))),
  // QcPDS with a statementInfo the parser must step over.
  pds: seq(oid('0.4.0.1862.1.5'), seq(seq(der(0x16, Buffer.from('https://example.test/pds')), der(0x13, Buffer.from('pl'))))),
};

// --- certificates ---------------------------------------------------------------------------------

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const issuerKeys = crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;

async function makeCert(o: {
  subject?: string;
  keyUsage?: x509.KeyUsageFlags;
  qc?: Buffer[] | Buffer;
  ca?: boolean;
  alg?: 'EC' | 'RSA';
}): Promise<Uint8Array> {
  const keys =
    o.alg === 'RSA'
      ? ((await crypto.subtle.generateKey(
          { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
          true,
          ['sign', 'verify'],
        )) as CryptoKeyPair)
      : ((await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair);
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(o.ca ?? false, undefined, true)];
  if (o.keyUsage !== undefined) extensions.push(new x509.KeyUsagesExtension(o.keyUsage, true));
  if (o.qc) extensions.push(new x509.Extension('1.3.6.1.5.5.7.1.3', false, new Uint8Array(Array.isArray(o.qc) ? seq(...o.qc) : o.qc)));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '00ab12', // high bit set: DER needs the leading 00
    subject: o.subject ?? 'C=PL, O=TEST, 2.5.4.5=PNOPL-85022512342, G=Jan, SN=Testowy, CN=Jan Testowy',
    issuer: 'C=PL, O=TEST Nadawca PKI, CN=TEST Kwalifikowane CA',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    signingAlgorithm: EC,
    publicKey: keys.publicKey,
    signingKey: (await issuerKeys).privateKey,
    extensions,
  });
  return new Uint8Array(cert.rawData);
}

const NR = x509.KeyUsageFlags.nonRepudiation;

test('a certificate with QcCompliance, QcSSCD, QcType esign and nonRepudiation is qualified', async () => {
  const cert = await makeCert({ keyUsage: NR, qc: [QC.compliance, QC.pds, QC.sscd, QC.esign] });
  const c = classifyCertificate(cert);
  assert.equal(c.qualified, true);
  assert.deepEqual(c.qc.statementIds, ['0.4.0.1862.1.1', '0.4.0.1862.1.5', '0.4.0.1862.1.4', '0.4.0.1862.1.6']);
  assert.deepEqual(c.qc.types, ['0.4.0.1862.1.6.1']);
  assert.equal(c.isCa, false);

  const now = new Date('2026-11-23T12:00:00Z');
  const info = describeCertificate(cert, { label: 'Karta', module: '/x/lib.so' }, now);
  assert.deepEqual(info, {
    id: createHash('sha256').update(cert).digest('hex'),
    subject: 'CN=Jan Testowy, SN=Testowy, GN=Jan, serialNumber=PNOPL-85022512342, O=TEST, C=PL',
    issuer: 'CN=TEST Kwalifikowane CA, O=TEST Nadawca PKI, C=PL',
    serialNumber: 'ab12', // the integer, as `openssl x509 -serial` prints it (DER adds 00 before a high bit)
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    qualified: true,
    keyUsage: ['nonRepudiation'],
    keyType: 'EC-P256',
    token: { label: 'Karta', module: '/x/lib.so' },
    classification: {
      qcCompliance: true, qcSSCD: true, qcTypes: ['0.4.0.1862.1.6.1'], nonRepudiation: true, qualified: true,
      validity: 'valid', expiresInDays: 38, person: { scheme: 'PNOPL', value: '85022512342', checksumValid: true },
    },
  });
  assert.equal(certificateId(cert), info.id);
  // The validity window as seen at other times.
  assert.equal(classificationInfo(cert, new Date('2027-06-01T00:00:00Z')).validity, 'expired');
  assert.equal(classificationInfo(cert, new Date('2027-06-01T00:00:00Z')).expiresInDays, -151);
  assert.equal(classificationInfo(cert, new Date('2024-06-01T00:00:00Z')).validity, 'not-yet-valid');
});

test('each missing element makes the certificate not qualified', async () => {
  const cases: [string, Parameters<typeof makeCert>[0]][] = [
    ['no QCStatements', { keyUsage: NR }],
    ['no QcCompliance', { keyUsage: NR, qc: [QC.sscd, QC.esign] }],
    ['no QcSSCD', { keyUsage: NR, qc: [QC.compliance, QC.esign] }],
    ['seal, not esign', { keyUsage: NR, qc: [QC.compliance, QC.sscd, QC.eseal] }],
    ['authentication key usage', { keyUsage: x509.KeyUsageFlags.digitalSignature, qc: [QC.compliance, QC.sscd, QC.esign] }],
    ['malformed QCStatements', { keyUsage: NR, qc: Buffer.from('3005060100', 'hex') }],
  ];
  for (const [name, spec] of cases) {
    assert.equal(classifyCertificate(await makeCert(spec)).qualified, false, name);
  }
});

test('key usage names, CA detection and key type names', async () => {
  const auth = await makeCert({ keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment });
  assert.deepEqual(describeCertificate(auth, { label: '', module: '' }).keyUsage, ['digitalSignature', 'keyEncipherment']);
  const ca = await makeCert({ ca: true, keyUsage: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign });
  assert.equal(isCaCertificate(ca), true);
  assert.equal(isCaCertificate(auth), false);
  const rsa = await makeCert({ alg: 'RSA', keyUsage: NR });
  assert.equal(describeCertificate(rsa, { label: '', module: '' }).keyType, 'RSA-2048');
  assert.deepEqual(describeCertificate(await makeCert({}), { label: '', module: '' }).keyUsage, []);
});

test('natural person identifiers: ETSI prefixes and legacy Polish forms, with check digits', async () => {
  const person = async (serial: string) => naturalPersonIdentifier(await makeCert({ subject: `C=PL, 2.5.4.5=${serial}, CN=X` }));
  assert.deepEqual(await person('PNOPL-85022512342'), { scheme: 'PNOPL', value: '85022512342', pesel: '85022512342' });
  assert.deepEqual(await person('PNOPL-85022512341'), { scheme: 'PNOPL', value: '85022512341' }, 'bad check digit: no pesel');
  assert.deepEqual(await person('TINPL-1234567802'), { scheme: 'TINPL', value: '1234567802', nip: '1234567802' });
  assert.deepEqual(await person('PESEL:85022512342'), { scheme: 'PESEL', value: '85022512342', pesel: '85022512342' });
  assert.deepEqual(await person('IDCPL-ABC123456'), { scheme: 'IDCPL', value: 'ABC123456' });
  assert.equal(await person('12345'), null);
  assert.equal(naturalPersonIdentifier(await makeCert({ subject: 'C=PL, CN=Bez numeru' })), null);
});

test('subjects are RFC 4514 strings, most specific first, with escaping', async () => {
  const cert = await makeCert({ subject: 'C=PL, O=TEST\\, Sp. z o.o., OU=\\#1 dział, CN=Zażółć Gęślą' });
  assert.equal(describeCertificate(cert, { label: '', module: '' }).subject, 'CN=Zażółć Gęślą, OU=\\#1 dział, O=TEST\\, Sp. z o.o., C=PL');
});

test('parseQcStatements reads every statement and the QcType list', () => {
  const r = parseQcStatements(seq(QC.compliance, seq(oid('0.4.0.1862.1.6'), seq(oid('0.4.0.1862.1.6.1'), oid('0.4.0.1862.1.6.2')))));
  assert.deepEqual(r, { compliance: true, sscd: false, types: ['0.4.0.1862.1.6.1', '0.4.0.1862.1.6.2'], statementIds: ['0.4.0.1862.1.1', '0.4.0.1862.1.6'] });
  assert.throws(() => parseQcStatements(Buffer.from('3010', 'hex')), /truncated/);
});

test('the file signer signs a digest with EC keys of every NIST curve; node verifies (ieee-p1363)', async () => {
  const data = Buffer.from('Pismo testowe');
  for (const [curve, hash, node] of [['P-256', 'SHA-256', 'sha256'], ['P-384', 'SHA-384', 'sha384'], ['P-521', 'SHA-512', 'sha512']] as const) {
    const alg = { name: 'ECDSA', namedCurve: curve, hash } as const;
    const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=EC test', keys, signingAlgorithm: alg });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    const signer = createFileSigner({ keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n`, certPem: cert.toString('pem'), label: curve });
    const [info] = await signer.listCertificates();
    const { signature, keyType } = await signer.sign({ certificateId: info!.id, pin: '', hash, digest: createHash(node).update(data).digest() });
    assert.equal(keyType, 'EC');
    assert.equal(signature.length, { 'P-256': 64, 'P-384': 96, 'P-521': 132 }[curve]);
    const publicKey = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' });
    assert.ok(cryptoVerify(node, data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature), curve);
    assert.ok(!cryptoVerify(node, Buffer.from('inna treść'), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature), `${curve} rejects other data`);
  }
});
