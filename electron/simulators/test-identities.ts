/**
 * The identities of the built-in test environment, made once per folder and reloaded afterwards:
 * a test root CA, the ePUAP simulator's WS-Sign / UPP seal, the sender's WS-Security "system"
 * certificate and a demo signer for a natural person that is clearly NOT qualified. RSA 2048,
 * made with @peculiar/x509 over Node's WebCrypto.
 *
 * Each generation goes into its own sub-folder and `identities.json` (written last, atomically)
 * names the current one, so a reader never mixes a certificate with another generation's key.
 * Validity is a fixed window, not "now + n": the environment runs on injected clocks.
 */
// tsyringe (under @peculiar/x509) needs Reflect metadata before x509 loads.
import 'reflect-metadata'; // @peculiar/x509 registers its algorithms through tsyringe, which needs it
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { writeFileAtomic } from '../node/storage/atomic-write';

const MANIFEST = 'identities.json';
const MANIFEST_VERSION = 1;
const NOT_BEFORE = new Date('2020-01-01T00:00:00Z');
const NOT_AFTER = new Date('2045-12-31T23:59:59Z');
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;

/** The ePUAP subject id the test system certificate is issued for (registered in the simulator). */
export const DEFAULT_SYSTEM_SUBJECT = 'NADAWCA_TEST';

export interface TestIdentity {
  certPem: string;
  keyPem: string;
  certPath: string;
  keyPath: string;
  /** DER of the certificate. */
  certificateDer: Uint8Array;
}

export interface TestIdentities {
  dir: string;
  /** PEM of the test root CA (trust anchor for the seal and the demo signer). */
  caPath: string;
  ca: TestIdentity;
  /** ePUAP simulator: signs its SOAP answers (WS-Sign) and seals UPPs. */
  simulator: TestIdentity;
  /** WS-Security identity of the sender system, registered in the simulator for `subject`. */
  system: TestIdentity & { subject: string };
  /** Natural-person key for demos, marked "TEST — NOT QUALIFIED". */
  demoSigner: TestIdentity;
}

type Role = 'ca' | 'simulator' | 'system' | 'demoSigner';
const ROLES: Role[] = ['ca', 'simulator', 'system', 'demoSigner'];

interface Manifest {
  version: number;
  generation: string;
  systemSubject: string;
  files: Record<Role, { cert: string; key: string }>;
}

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** Loads the identities in `dir`, or makes them when the folder has none (or another subject's). */
export async function ensureTestIdentities(dir: string, opts: { systemSubject?: string } = {}): Promise<TestIdentities> {
  const systemSubject = opts.systemSubject ?? DEFAULT_SYSTEM_SUBJECT;
  mkdirSync(dir, { recursive: true });
  const existing = load(dir, systemSubject);
  if (existing) return existing;
  await generate(dir, systemSubject);
  const made = load(dir, systemSubject);
  if (!made) throw new Error(`test identities in ${dir} could not be read back`);
  return made;
}

function load(dir: string, systemSubject: string): TestIdentities | null {
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) return null;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch {
    return null;
  }
  if (manifest.version !== MANIFEST_VERSION || manifest.systemSubject !== systemSubject) return null;
  const read = (role: Role): TestIdentity | null => {
    const f = manifest.files?.[role];
    if (!f) return null;
    const certPath = join(dir, f.cert);
    const keyPath = join(dir, f.key);
    if (!existsSync(certPath) || !existsSync(keyPath)) return null;
    const certPem = readFileSync(certPath, 'utf8');
    return { certPem, keyPem: readFileSync(keyPath, 'utf8'), certPath, keyPath, certificateDer: new Uint8Array(new NodeX509(certPem).raw) };
  };
  const [ca, simulator, system, demoSigner] = ROLES.map(read);
  if (!ca || !simulator || !system || !demoSigner) return null;
  return { dir, caPath: ca.certPath, ca, simulator, system: { ...system, subject: systemSubject }, demoSigner };
}

async function generate(dir: string, systemSubject: string): Promise<void> {
  const generation = `gen-${randomBytes(6).toString('hex')}`;
  const caKeys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']) as CryptoKeyPair;
  const caName: x509.JsonName = [{ CN: ['Nadawca TEST CA'] }, { O: ['Nadawca TEST — NOT FOR PRODUCTION'] }, { C: ['PL'] }];
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: caName,
    keys: caKeys,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const issue = async (name: x509.JsonName, usages: x509.KeyUsageFlags) => {
    const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: name,
      issuer: caCert.subject,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      signingAlgorithm: RSA,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usages, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      ],
    });
    return { cert, keys };
  };

  const made: Record<Role, { cert: x509.X509Certificate; keys: CryptoKeyPair }> = {
    ca: { cert: caCert, keys: caKeys },
    simulator: await issue(
      [{ CN: ['ePUAP simulator (TEST) WS-Sign / UPP seal'] }, { O: ['Nadawca TEST — NOT FOR PRODUCTION'] }, { C: ['PL'] }],
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
    ),
    system: await issue(
      [{ CN: [`${systemSubject} system (TEST)`] }, { O: ['Nadawca TEST — NOT FOR PRODUCTION'] }, { C: ['PL'] }],
      x509.KeyUsageFlags.digitalSignature,
    ),
    // No QCStatements: nothing here may look like a qualified certificate.
    demoSigner: await issue(
      [{ CN: ['Jan Testowy (TEST — NOT QUALIFIED)'] }, { O: ['TEST — NOT QUALIFIED'] }, { C: ['PL'] }],
      x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.digitalSignature,
    ),
  };

  const files = {} as Manifest['files'];
  for (const role of ROLES) {
    const { cert, keys } = made[role];
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    files[role] = { cert: join(generation, `${role}.crt.pem`), key: join(generation, `${role}.key.pem`) };
    writeFileAtomic(join(dir, files[role].cert), cert.toString('pem') + '\n');
    writeFileAtomic(join(dir, files[role].key), x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n', 0o600);
  }
  const manifest: Manifest = { version: MANIFEST_VERSION, generation, systemSubject, files };
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

/** Positive 16-byte serial (top bit clear so DER needs no sign byte). */
function serial(): string {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f | 0x10;
  return b.toString('hex');
}
