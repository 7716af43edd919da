/**
 * Builds the PIN-pad test module (tests/fixtures/pkcs11-pinpad/pinpad-module.c, SoftHSM behind a
 * pretend PIN-pad reader) with gcc into `dir`, and drives it through its control file: what the
 * "user" types on the pad, cancel, no answer, card removed.
 *
 * buildPinPadModule: the reader shows the harness's SoftHSM tokens (SOFTHSM2_CONF).
 * buildPinPadReader: the reader has a card of its own (its own SoftHSM token directory, through a
 * copy of libsofthsm2.so) holding pki.pinPadSigner, so nothing else lists that certificate.
 * The control file's path goes to process.env: build before forking a signer host.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as pkcs11js from 'pkcs11js';
import type { TestPki } from './pki';
import { certificateTemplate, keyTemplates, SOFTHSM_MODULE } from './softhsm';

const ROOT = path.resolve(__dirname, '../..');

export type PadMode = 'ok' | 'cancel' | 'hang' | 'removed' | 'remove-on-sign';

/** PIN flags the card reports on top of SoftHSM's (which never blocks a PIN). */
export const PIN_FLAGS = { countLow: 0x10000, finalTry: 0x20000, locked: 0x40000 } as const;

export interface PadState {
  mode: PadMode;
  /** What the user types on the pad. */
  pin?: string;
  pinFlags?: number;
}

export interface PinPadModule {
  /** The built module (.so). */
  module: string;
  /** Sets what happens at the next calls: the PIN the user types on the pad and the reader's behaviour. */
  control(state: PadState): void;
  /** Sessions open and login state in the host's copy of the module, after its last session change. */
  status(): { open: number; loggedIn: boolean };
}

export function buildPinPadModule(dir: string): PinPadModule {
  const module = path.join(dir, 'libnadawca-pinpad-test.so');
  execFileSync('gcc', [
    '-shared', '-fPIC', '-O1', '-Wall', '-Werror',
    '-I', path.join(ROOT, 'node_modules/pkcs11js/includes/pkcs11'),
    '-o', module, path.join(ROOT, 'tests/fixtures/pkcs11-pinpad/pinpad-module.c'), '-ldl',
  ], { stdio: 'pipe' });
  const controlFile = path.join(dir, 'pinpad-control.txt');
  process.env.PINPAD_FIXTURE_CONTROL = controlFile;
  process.env.PINPAD_FIXTURE_TARGET = SOFTHSM_MODULE;
  const control = (state: PadState) =>
    writeFileSync(controlFile, `mode=${state.mode}\npin=${state.pin ?? ''}\npinflags=${(state.pinFlags ?? 0).toString(16)}\n`);
  control({ mode: 'ok' });
  const status = () => {
    const m = /open=(-?\d+) loggedIn=(\d)/.exec(readFileSync(`${controlFile}.status`, 'utf8'));
    if (!m) throw new Error('the PIN-pad module wrote no status');
    return { open: Number(m[1]), loggedIn: m[2] === '1' };
  };
  return { module, control, status };
}

export interface PinPadReader extends PinPadModule {
  token: { label: string; pin: string; serial: string };
  /** Hex SHA-256 of pki.pinPadSigner's certificate. */
  certificateId: string;
}

export function buildPinPadReader(dir: string, pki: TestPki): PinPadReader {
  mkdirSync(path.join(dir, 'tokens'), { recursive: true });
  const conf = path.join(dir, 'softhsm2-pad.conf');
  writeFileSync(conf, `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const copy = path.join(dir, 'libsofthsm2-pad.so');
  copyFileSync(SOFTHSM_MODULE, copy);
  const token = { label: 'Karta w czytniku z klawiaturą', pin: '314159', serial: '' };
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', token.label, '--so-pin', '27182818', '--pin', token.pin], {
    stdio: 'pipe', env: { ...process.env, SOFTHSM2_CONF: conf },
  });
  // Put the key and certificate on it through the copy, initialised with the reader's own config.
  const previous = process.env.SOFTHSM2_CONF;
  process.env.SOFTHSM2_CONF = conf;
  const lib = new pkcs11js.PKCS11();
  lib.load(copy);
  lib.C_Initialize();
  if (previous === undefined) delete process.env.SOFTHSM2_CONF;
  else process.env.SOFTHSM2_CONF = previous;
  try {
    const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === token.label)!;
    token.serial = lib.C_GetTokenInfo(slot).serialNumber.trim();
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    lib.C_Login(session, pkcs11js.CKU_USER, token.pin);
    const ckaId = Buffer.from('31', 'hex');
    const label = 'Podpis kwalifikowany (PIN-pad)';
    const t = keyTemplates(readFileSync(pki.pinPadSigner.key, 'utf8'), ckaId, label, { alwaysAuthenticate: false, hidePrivateKey: true });
    lib.C_CreateObject(session, t.privateKey);
    lib.C_CreateObject(session, t.publicKey);
    lib.C_CreateObject(session, certificateTemplate(pki.pinPadSigner, ckaId, label, false));
    lib.C_Logout(session);
    lib.C_CloseSession(session);
  } finally {
    lib.C_Finalize();
    lib.close();
  }
  const pad = buildPinPadModule(dir);
  process.env.PINPAD_FIXTURE_TARGET = copy;
  process.env.PINPAD_FIXTURE_SOFTHSM_CONF = conf;
  return { ...pad, token, certificateId: pki.pinPadSigner.id };
}
