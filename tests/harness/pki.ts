/**
 * A throw-away test PKI made with the openssl CLI (nothing here is trusted anywhere; every subject
 * says TEST): root CA → "qualified" CA → signer certificates for Jan Testowy, a TSA, an ePUAP-style
 * system certificate and the simulator's seal. `openssl ca` is used for every certificate because
 * openssl 3.0 has no -not_before/-not_after for `x509`, and the expired signer needs past dates.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const TEST_PESEL = '85022512342';

export interface TestCert {
  /** PEM certificate file. */
  cert: string;
  /** PEM (PKCS#8, unencrypted) private key file. */
  key: string;
  /** DER certificate file. */
  der: string;
  /** Lowercase hex SHA-256 of the DER, as the app names certificates. */
  id: string;
  subject: string;
}

export interface TestPki {
  dir: string;
  pesel: string;
  rootCa: TestCert;
  qualifiedCa: TestCert;
  /** qualified CA + root, PEM. */
  chainPem: string;
  signers: {
    /** (a) QES claims, RSA 2048, nonRepudiation. */
    qualifiedRsa: TestCert;
    /** (b) the same person; its key goes on the token with CKA_ALWAYS_AUTHENTICATE. */
    qualifiedRsaAlwaysAuth: TestCert;
    /** (c) QES claims, EC P-256. */
    qualifiedEc: TestCert;
    /** (d) authentication-style certificate: digitalSignature only, no QCStatements. */
    nonQualified: TestCert;
    /** (e) QES claims, valid 2020-01-01 … 2021-01-01. */
    expired: TestCert;
  };
  /** QES claims, RSA 2048, on the PIN-pad test reader only (tests/harness/pinpad-module.ts). */
  pinPadSigner: TestCert;
  /** (f) extendedKeyUsage critical timeStamping. */
  tsa: TestCert;
  /** (g) ePUAP-style WS-Security identity, also as PKCS#12. */
  system: TestCert & { p12: string; p12Password: string };
  /** (h) the simulator's WS-Sign / UPP seal. */
  simulator: TestCert;
}

const PERSON = `/C=PL/O=TEST Nadawca (certyfikat testowy)/OU=TEST/serialNumber=PNOPL-${TEST_PESEL}/GN=Jan/SN=Testowy/CN=Jan Testowy`;

function config(dir: string): string {
  const caSection = (name: string) => `
[ ${name} ]
database = ${dir}/${name}.index
new_certs_dir = ${dir}/newcerts
serial = ${dir}/${name}.serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
`;
  return `
[ req ]
distinguished_name = req_dn
string_mask = utf8only
utf8 = yes
prompt = no
[ req_dn ]
CN = unused
${caSection('ca_root')}
${caSection('ca_qualified')}
[ policy_any ]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied

[ ext_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ ext_qualified_ca ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

# EN 319 412-5 QCStatements: QcCompliance, QcSSCD, QcType = esign
[ ext_qualified ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 0.4.0.194112.1.2
1.3.6.1.5.5.7.1.3 = ASN1:SEQUENCE:qc_statements
[ qc_statements ]
compliance = SEQUENCE:qc_compliance
sscd = SEQUENCE:qc_sscd
type = SEQUENCE:qc_type_esign
[ qc_compliance ]
id = OID:0.4.0.1862.1.1
[ qc_sscd ]
id = OID:0.4.0.1862.1.4
[ qc_type_esign ]
id = OID:0.4.0.1862.1.6
types = SEQUENCE:qc_types_esign
[ qc_types_esign ]
esign = OID:0.4.0.1862.1.6.1

[ ext_authentication ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth, emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ ext_tsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ ext_system ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

# A seal, not a signature: QcCompliance + QcType = eseal (so never "qualified" for e-signing).
[ ext_seal ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
1.3.6.1.5.5.7.1.3 = ASN1:SEQUENCE:qc_statements_seal
[ qc_statements_seal ]
compliance = SEQUENCE:qc_compliance
type = SEQUENCE:qc_type_eseal
[ qc_type_eseal ]
id = OID:0.4.0.1862.1.6
types = SEQUENCE:qc_types_eseal
[ qc_types_eseal ]
eseal = OID:0.4.0.1862.1.6.2
`;
}

/** openssl date for `ca -startdate/-enddate` (GeneralizedTime). */
function asn1Time(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
}

export async function createTestPki(dir: string): Promise<TestPki> {
  mkdirSync(path.join(dir, 'newcerts'), { recursive: true });
  const cnf = path.join(dir, 'openssl.cnf');
  writeFileSync(cnf, config(dir));
  for (const [ca, serial] of [['ca_root', '1000'], ['ca_qualified', '2000']] as const) {
    writeFileSync(path.join(dir, `${ca}.index`), '');
    writeFileSync(path.join(dir, `${ca}.serial`), `${serial}\n`);
  }
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

  // Keys in parallel: RSA key generation is the slow part.
  const keySpecs = {
    root: 'rsa', qualifiedCa: 'rsa', qualifiedRsa: 'rsa', qualifiedRsaAlwaysAuth: 'rsa', qualifiedEc: 'ec',
    nonQualified: 'rsa', expired: 'rsa', tsa: 'rsa', system: 'rsa', simulator: 'rsa', pinPadSigner: 'rsa',
  } as const;
  type Name = keyof typeof keySpecs;
  await Promise.all(
    (Object.entries(keySpecs) as [Name, 'rsa' | 'ec'][]).map(([name, kind]) =>
      execFileAsync('openssl', [
        'genpkey',
        ...(kind === 'rsa' ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'] : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']),
        '-out', path.join(dir, `${name}.key.pem`),
      ]),
    ),
  );

  const now = Date.now();
  const day = 86_400_000;
  const current = { start: new Date(now - day), end: new Date(now + 730 * day) };

  const issue = (
    name: Name,
    subject: string,
    o: { ca: 'ca_root' | 'ca_qualified' | 'self'; ext: string; start: Date; end: Date },
  ): TestCert => {
    const key = path.join(dir, `${name}.key.pem`);
    const csr = path.join(dir, `${name}.csr`);
    const cert = path.join(dir, `${name}.cert.pem`);
    openssl('req', '-new', '-config', cnf, '-utf8', '-key', key, '-subj', subject, '-out', csr);
    const issuer =
      o.ca === 'self'
        ? ['-name', 'ca_root', '-selfsign', '-keyfile', key]
        : o.ca === 'ca_root'
          ? ['-name', 'ca_root', '-cert', path.join(dir, 'root.cert.pem'), '-keyfile', path.join(dir, 'root.key.pem')]
          : ['-name', 'ca_qualified', '-cert', path.join(dir, 'qualifiedCa.cert.pem'), '-keyfile', path.join(dir, 'qualifiedCa.key.pem')];
    openssl(
      'ca', '-batch', '-config', cnf, ...issuer, '-in', csr, '-out', cert, '-notext', '-preserveDN', '-utf8',
      '-extensions', o.ext, '-startdate', asn1Time(o.start), '-enddate', asn1Time(o.end),
    );
    const x = new X509Certificate(openssl('x509', '-in', cert));
    const der = path.join(dir, `${name}.cert.der`);
    writeFileSync(der, x.raw);
    return { cert, key, der, id: createHash('sha256').update(x.raw).digest('hex'), subject: x.subject };
  };

  const caValidity = { start: new Date('2019-01-01T00:00:00Z'), end: new Date(now + 3650 * day) };
  const rootCa = issue('root', '/C=PL/O=TEST Nadawca PKI/OU=TEST - nie do użytku/CN=TEST Nadawca Root CA', { ca: 'self', ext: 'ext_root', ...caValidity });
  const qualifiedCa = issue('qualifiedCa', '/C=PL/O=TEST Nadawca PKI/OU=TEST - nie do użytku/CN=TEST Kwalifikowane CA', {
    ca: 'ca_root', ext: 'ext_qualified_ca', ...caValidity,
  });
  const leaf = (ext: string, validity = current) => ({ ca: 'ca_qualified' as const, ext, ...validity });
  const signers = {
    qualifiedRsa: issue('qualifiedRsa', PERSON, leaf('ext_qualified')),
    qualifiedRsaAlwaysAuth: issue('qualifiedRsaAlwaysAuth', PERSON, leaf('ext_qualified')),
    qualifiedEc: issue('qualifiedEc', PERSON, leaf('ext_qualified')),
    nonQualified: issue('nonQualified', PERSON, leaf('ext_authentication')),
    expired: issue('expired', PERSON, leaf('ext_qualified', { start: new Date('2020-01-01T00:00:00Z'), end: new Date('2021-01-01T00:00:00Z') })),
  };
  const pinPadSigner = issue('pinPadSigner', PERSON, leaf('ext_qualified'));
  const tsa = issue('tsa', '/C=PL/O=TEST Nadawca PKI/OU=TEST/CN=TEST Nadawca TSA', leaf('ext_tsa'));
  const system = issue('system', '/C=PL/O=TEST Urząd Testowy/OU=TEST/CN=system test', leaf('ext_system'));
  const simulator = issue('simulator', '/C=PL/O=TEST Symulator ePUAP/OU=TEST - nie do użytku/CN=TEST ePUAP simulator WS-Sign \\/ UPP seal', leaf('ext_seal'));

  const chainPem = path.join(dir, 'chain.pem');
  writeFileSync(chainPem, openssl('x509', '-in', qualifiedCa.cert).toString() + openssl('x509', '-in', rootCa.cert).toString());
  const p12 = path.join(dir, 'system.p12');
  const p12Password = 'test-system-haslo';
  openssl('pkcs12', '-export', '-inkey', system.key, '-in', system.cert, '-certfile', chainPem, '-name', 'system test', '-passout', `pass:${p12Password}`, '-out', p12);

  return { dir, pesel: TEST_PESEL, rootCa, qualifiedCa, chainPem, signers, pinPadSigner, tsa, system: { ...system, p12, p12Password }, simulator };
}
