/**
 * Pure parts of diagnostics: ATR identification (pcsc-tools list format and our own table), advice
 * rules, redaction and the readable text, in pl/en/uk.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InventoryModule, InventoryToken, TokenCertificateInfo } from '../../electron/common/contract-cards';
import { diagnosticsReportSchema, type DiagnosticsReport, type PcscInfo } from '../../electron/common/contract-diagnostics';
import { adviseOn } from '../../electron/node/diagnostics/advice';
import { identifyCard, loadAtrTables, normaliseAtr, parseSmartcardList, type AtrTables } from '../../electron/node/diagnostics/atr';
import { decodeReaderState, linuxStack } from '../../electron/node/diagnostics/pcsc';
import { maskIdentifiers, maskSerial, redactReport, shortenHome } from '../../electron/node/diagnostics/redact';
import { renderReportText } from '../../electron/node/diagnostics/render-text';
import { DIAGNOSTICS_TEXT_KEYS } from '../../electron/node/diagnostics/texts';

const CERTUM_ATR = '3B DD 96 FF 81 31 FE 45 80 59 5F 53 74 64 5F 49 6E 69 74 81 05 9B';
const LIST = `# comment
3B 95 13 81 01 80 73 FF 01 00 0B
\tvsmartcard - iso7816 (Other)

3B 9F 96 80 1F C7 80 31 E0 73 FE 21 .. 63 .. .. .. 83 .. 90 00 ..
\tSome SIM (Telecommunication)
\thttps://example.invalid/sim

${CERTUM_ATR}
\tKarta kryptograficzna cryptoCertum 3.5 (PKI)
\thttps://www.certum.pl/pl/karty-do-czytnikow/
`;

function tables(withList: boolean): AtrTables {
  const own = loadAtrTables('/nonexistent/smartcard_list.txt').own;
  return { pcscTools: withList ? parseSmartcardList(LIST) : null, own };
}

test('ATRs: pcsc-tools list with wildcards, our table for Polish cards with their driver', () => {
  assert.equal(normaliseAtr('3b951381018073ff01000b'), '3B 95 13 81 01 80 73 FF 01 00 0B');
  assert.deepEqual(identifyCard('3b951381018073ff01000b', tables(true)), { names: ['vsmartcard - iso7816 (Other)'], source: 'pcsc-tools', vendor: null, driver: null });
  assert.deepEqual(identifyCard('3B 9F 96 80 1F C7 80 31 E0 73 FE 21 13 63 00 00 00 83 00 90 00 AA', tables(true))?.names, ['Some SIM (Telecommunication)']);
  // pcsc-tools names the card; our table adds the issuer and driver.
  assert.deepEqual(identifyCard(CERTUM_ATR, tables(true)), {
    names: ['Karta kryptograficzna cryptoCertum 3.5 (PKI)'],
    source: 'pcsc-tools',
    vendor: 'Certum',
    driver: 'proCertum CardManager',
  });
  // Without pcsc-tools, our own table answers.
  assert.deepEqual(identifyCard(CERTUM_ATR, tables(false)), { names: ['cryptoCertum 3.5'], source: 'nadawca', vendor: 'Certum', driver: 'proCertum CardManager' });
  assert.equal(identifyCard('3B 00', tables(true)), null);
  assert.deepEqual(decodeReaderState(0x10122), ['present', 'inuse']);
  assert.deepEqual(decodeReaderState(0x12), ['empty']);
});

test('redaction: serials keep 4 characters, PESEL/NIP keep 3 digits, home becomes ~', () => {
  assert.equal(maskSerial('0A1B2C3D4E'), '******3D4E');
  assert.equal(maskSerial('1a:2b:3c:4d:5e'), '******4d5e');
  assert.equal(maskSerial('abc'), '***');
  assert.equal(maskIdentifiers('CN=Jan Testowy, serialNumber=PNOPL-85022512342, C=PL'), 'CN=Jan Testowy, serialNumber=PNOPL-********342, C=PL');
  assert.equal(maskIdentifiers('serialNumber=TINPL-5250007313'), 'serialNumber=TINPL-*******313');
  assert.equal(maskIdentifiers('2.5.4.97=VATPL-5250007313'), '2.5.4.97=VATPL-*******313');
  assert.equal(maskIdentifiers('serialNumber=PESEL: 85022512342'), 'serialNumber=PESEL: ********342');
  assert.equal(maskIdentifiers('NIP 525-000-73-13 and 85022512342'), 'NIP *******313 and ********342');
  assert.equal(maskIdentifiers('CN=Kowalski 2024'), 'CN=Kowalski 2024');
  assert.equal(shortenHome('/home/jan/moduly/lib.so', '/home/jan'), '~/moduly/lib.so');
  assert.equal(shortenHome('/home/janina/lib.so', '/home/jan'), '/home/janina/lib.so');
});

const NOW = new Date('2026-11-23T12:00:00Z');

function cert(over: Partial<TokenCertificateInfo['classification']> & { subject?: string } = {}): TokenCertificateInfo {
  const { subject, ...classification } = over;
  return {
    id: 'a'.repeat(64),
    subject: subject ?? 'CN=Jan Testowy, serialNumber=PNOPL-85022512342',
    issuer: 'CN=TEST CA',
    serialNumber: '0123456789abcdef',
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    keyType: 'RSA 2048',
    keyUsage: ['nonRepudiation'],
    ckaId: '01',
    label: 'Podpis',
    alwaysAuthenticate: false,
    classification: {
      qcCompliance: true, qcSSCD: true, qcTypes: ['0.4.0.1862.1.6.1'], nonRepudiation: true, qualified: true,
      validity: 'valid', expiresInDays: 400, person: { scheme: 'PNOPL', value: '85022512342', checksumValid: true },
      ...classification,
    },
  };
}

function token(over: Partial<InventoryToken> = {}, flags: Partial<InventoryToken['flags']> = {}): InventoryToken {
  return {
    label: 'Karta Jana', model: 'cryptoCertum', manufacturer: 'Certum', serial: '1234567890ABCDEF',
    flags: { loginRequired: true, userPinInitialized: true, protectedAuthPath: false, tokenInitialized: true, pinCountLow: false, pinFinalTry: false, pinLocked: false, pinToBeChanged: false, ...flags },
    pinState: 'ok', protectedAuthPath: false,
    mechanisms: [{ name: 'RSA_PKCS', present: true, minKeySize: 1024, maxKeySize: 4096 }, { name: 'ECDSA', present: false, minKeySize: null, maxKeySize: null }],
    certificates: [cert()], error: null,
    ...over,
  };
}

function module(path: string, tokens: InventoryToken[], over: Partial<InventoryModule> = {}): InventoryModule {
  return {
    path, source: 'known', vendor: 'Certum', loaded: true, failure: null,
    info: { cryptokiVersion: '2.40', manufacturer: 'Certum', description: 'cryptoCertum', libraryVersion: '3.0' },
    slots: tokens.map((t, i) => ({ id: String(i), description: `Reader ${i}`, manufacturer: 'x', tokenPresent: true, flags: { tokenPresent: true, removableDevice: true, hardwareSlot: true }, token: t })),
    ...over,
  };
}

const running = (readers: PcscInfo['readers'] = [], stack: PcscInfo['stack'] = null): PcscInfo => ({ service: 'running', detail: null, readers, stack });
const codes = (a: { code: string }[]) => a.map((x) => x.code);

test('advice: PC/SC, readers, a card no module knows (with the driver to install), modules that fail', () => {
  const stopped = (stack: PcscInfo['stack']): PcscInfo => ({ service: 'not-running', detail: 'x', readers: [], stack });
  assert.deepEqual(codes(adviseOn({ pcsc: stopped(null), modules: [], inventoryError: null, testSignature: null, arch: 'x64' }, 'en')), ['pcsc-not-running', 'no-module']);
  assert.deepEqual(codes(adviseOn({ pcsc: stopped({ pcscd: true, ccid: true }), modules: [], inventoryError: null, testSignature: null, arch: 'x64' }, 'en')), ['pcsc-not-running', 'no-module']);
  // Linux without the daemon or without the CCID driver: say which package to install.
  const notInstalled = adviseOn({ pcsc: stopped({ pcscd: false, ccid: false }), modules: [], inventoryError: null, testSignature: null, arch: 'x64' }, 'pl');
  assert.equal(notInstalled[0]?.code, 'pcscd-not-installed');
  assert.match(notInstalled[0]!.message, /sudo apt install pcscd libccid/);
  assert.equal(adviseOn({ pcsc: running([], { pcscd: true, ccid: false }), modules: [module('/m.so', [])], inventoryError: null, testSignature: null, arch: 'x64' }, 'en')[0]?.code, 'no-reader-no-ccid');
  assert.deepEqual(linuxStack('linux', (p) => p === '/usr/sbin/pcscd'), { pcscd: true, ccid: false });
  assert.equal(linuxStack('win32'), null);
  assert.deepEqual(codes(adviseOn({ pcsc: running(), modules: [module('/m.so', [])], inventoryError: null, testSignature: null, arch: 'x64' }, 'en')), ['no-reader']);

  const certum = { name: 'ACS ACR38U 00 00', cardPresent: true, atr: CERTUM_ATR, card: identifyCard(CERTUM_ATR, tables(false)), state: ['present'] };
  const pl = adviseOn({ pcsc: running([certum]), modules: [module('/opensc.so', [])], inventoryError: null, testSignature: null, arch: 'x64' }, 'pl');
  const missing = pl.find((a) => a.code === 'card-without-module');
  assert.equal(missing?.severity, 'error');
  assert.equal(missing.message, 'Czytnik „ACS ACR38U 00 00” widzi kartę (cryptoCertum 3.5), ale żaden moduł PKCS#11 jej nie obsługuje. Zainstaluj sterownik karty: proCertum CardManager.');
  // The same card shown as a token in the reader's slot: no such advice.
  const known = module('/certum.so', [token()]);
  known.slots[0]!.description = 'ACS ACR38U 00 00';
  assert.ok(!codes(adviseOn({ pcsc: running([certum]), modules: [known], inventoryError: null, testSignature: null, arch: 'x64' }, 'pl')).includes('card-without-module'));

  const broken = module('/opt/x86/lib.so', [], { source: 'user', loaded: false, info: null, failure: { reason: 'wrong-architecture', message: 'ELF 32-bit, this process is 64-bit' } });
  const notHere = module('/opt/known/absent.so', [], { loaded: false, info: null, failure: { reason: 'file-missing', message: 'file not found' } });
  const en = adviseOn({ pcsc: running([]), modules: [broken, notHere], inventoryError: null, testSignature: null, arch: 'x64' }, 'en');
  assert.deepEqual(codes(en), ['no-reader', 'module-wrong-architecture', 'no-module']);
  assert.equal(en[1]!.message, 'The module /opt/x86/lib.so has the wrong architecture (ELF 32-bit, this process is 64-bit). Install the x64 version of the driver.');
  assert.deepEqual(codes(adviseOn({ pcsc: running([]), modules: [], inventoryError: { code: 'SIGNER_CRASHED', message: 'boom' }, testSignature: null, arch: 'x64' }, 'uk')), ['no-reader', 'inventory-failed']);
});

test('advice: PIN states, certificate expiry (< 30 days), qualification, test signature', () => {
  const facts = (tokens: InventoryToken[], testSignature: DiagnosticsReport['testSignature'] = null) =>
    adviseOn({ pcsc: running([]), modules: [module('/m.so', tokens)], inventoryError: null, testSignature, arch: 'x64' }, 'en');
  assert.deepEqual(codes(facts([token({ pinState: 'locked' }, { pinLocked: true })])), ['no-reader', 'pin-locked']);
  assert.match(facts([token({ pinState: 'locked' })])[1]!.message, /PUK/);
  assert.deepEqual(codes(facts([token({ pinState: 'final-try' })])).slice(1), ['pin-final-try']);
  assert.deepEqual(codes(facts([token({ pinState: 'count-low' }, { pinToBeChanged: true })])).slice(1), ['pin-count-low', 'pin-to-be-changed']);

  const expiring = facts([token({ certificates: [cert({ expiresInDays: 12 })] })]);
  assert.equal(expiring[1]?.code, 'cert-expiring');
  assert.equal(expiring[1]!.message, 'The certificate "CN=Jan Testowy, serialNumber=PNOPL-85022512342" expires in 12 days. Order a renewal from the issuer.');
  assert.deepEqual(codes(facts([token({ certificates: [cert({ expiresInDays: 30 })] })])), ['no-reader']);
  assert.deepEqual(codes(facts([token({ certificates: [cert({ validity: 'expired', expiresInDays: -5, qualified: false })] })])).slice(1), ['cert-expired', 'cert-not-qualified']);
  assert.deepEqual(codes(facts([token({ certificates: [] })])).slice(1), ['no-certificates']);
  assert.deepEqual(codes(facts([token({ mechanisms: [{ name: 'SHA256_RSA_PKCS', present: true, minKeySize: 1024, maxKeySize: 2048 }] })])).slice(1), ['no-signing-mechanism']);
  assert.deepEqual(codes(facts([token({}, { tokenInitialized: false })])).slice(1), ['token-not-initialized']);

  const ts = { certificateId: 'a'.repeat(64), ok: false, mechanism: 'RSA_PKCS', verifiedOnHost: false };
  assert.deepEqual(codes(facts([token()], { ...ts, error: { code: 'PIN_INCORRECT', message: 'wrong PIN' } })).slice(1), ['test-signature-failed']);
  assert.deepEqual(codes(facts([token()], { ...ts, error: null })).slice(1), ['test-signature-invalid']);
  // Nothing but a missing reader: that is all.
  assert.deepEqual(codes(adviseOn({ pcsc: running([{ name: 'R', cardPresent: false, atr: null, card: null, state: ['empty'] }]), modules: [module('/m.so', [token()])], inventoryError: null, testSignature: null, arch: 'x64' }, 'en')), ['all-ok']);
});

test('a report is redacted throughout and renders as text in each language', () => {
  const modules = [module('/home/jan/certum/lib.so', [token({ pinState: 'final-try' })])];
  const pcsc = running([{ name: 'ACS ACR38U 00 00', cardPresent: true, atr: CERTUM_ATR, card: identifyCard(CERTUM_ATR, tables(false)), state: ['present'] }]);
  const raw: DiagnosticsReport = {
    generatedAt: NOW.toISOString(), lang: 'pl',
    app: { version: '1.0.0', node: '20', electron: null, openssl: '3', os: 'Linux', osRelease: '6', arch: 'x64', locale: 'pl-PL', timeZone: 'Europe/Warsaw' },
    pcsc, modules, inventoryError: null, testSignature: null,
    certificates: [{ id: 'a'.repeat(64), subject: 'CN=Jan, serialNumber=PNOPL-85022512342', issuer: 'CN=CA', serialNumber: '0123456789abcdef', notBefore: 'x', notAfter: '2027-01-01', qualified: true, keyUsage: ['nonRepudiation'], keyType: 'RSA 2048', token: { label: 'Karta Jana', module: '/home/jan/certum/lib.so' } }],
    advice: adviseOn({ pcsc, modules, inventoryError: null, testSignature: null, arch: 'x64' }, 'pl'),
  };
  const report = diagnosticsReportSchema.parse(redactReport(raw, '/home/jan'));
  const json = JSON.stringify(report);
  assert.ok(!json.includes('85022512342') && !json.includes('1234567890ABCDEF') && !json.includes('0123456789abcdef') && !json.includes('/home/jan'), json);
  assert.equal(report.modules[0]!.slots[0]!.token!.serial, '************CDEF');
  assert.equal(report.modules[0]!.slots[0]!.token!.certificates[0]!.classification.person!.value, '********342');
  assert.equal(report.certificates[0]!.token.module, '~/certum/lib.so');

  for (const lang of ['pl', 'en', 'uk'] as const) {
    const text = renderReportText(report, lang);
    assert.ok(!text.includes('85022512342') && !text.includes('/home/jan'));
    assert.ok(text.includes(CERTUM_ATR) && text.includes('cryptoCertum 3.5 [nadawca]'));
    assert.ok(text.includes('PNOPL-********342'));
  }
  assert.match(renderReportText(report, 'pl'), /Zalecenia:\n {2}! Karta „Karta Jana”: została ostatnia próba PIN/);
});

test('diagnostics texts: the same keys in pl, en and uk', () => {
  assert.deepEqual(DIAGNOSTICS_TEXT_KEYS.en, DIAGNOSTICS_TEXT_KEYS.pl);
  assert.deepEqual(DIAGNOSTICS_TEXT_KEYS.uk, DIAGNOSTICS_TEXT_KEYS.pl);
});
