/**
 * C_Login with a NULL PIN through the project's addon (native/pinpad/pinpad.c): the only way to
 * log in on a PIN-pad reader, because pkcs11js always passes a PIN pointer (DOMAIN-signatures §9.2).
 * The addon is built by `npm install` (postinstall: native/pinpad/build.mjs); scripts/build.mjs
 * copies it next to the bundles as out/native/pinpad.node.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

interface PinPadAddon {
  login(modulePath: string, session: Buffer, userType: number): number;
}

/** Return values the PIN-pad path can meet, named as pkcs11js names them (so one error mapping serves both). */
const CKR_NAMES: Record<number, string> = {
  0x7: 'CKR_ARGUMENTS_BAD',
  0x30: 'CKR_DEVICE_ERROR',
  0x32: 'CKR_DEVICE_REMOVED',
  0x50: 'CKR_FUNCTION_CANCELED',
  0xa0: 'CKR_PIN_INCORRECT',
  0xa1: 'CKR_PIN_INVALID',
  0xa2: 'CKR_PIN_LEN_RANGE',
  0xa3: 'CKR_PIN_EXPIRED',
  0xa4: 'CKR_PIN_LOCKED',
  0xb0: 'CKR_SESSION_CLOSED',
  0xb3: 'CKR_SESSION_HANDLE_INVALID',
  0xe0: 'CKR_TOKEN_NOT_PRESENT',
  0x100: 'CKR_USER_ALREADY_LOGGED_IN',
  0x101: 'CKR_USER_NOT_LOGGED_IN',
  0x190: 'CKR_CRYPTOKI_NOT_INITIALIZED',
};

const CANDIDATES = [
  path.join(__dirname, 'pinpad', 'build', 'Release', 'pinpad.node'), // sources (tsx)
  path.join(__dirname, '..', 'native', 'pinpad.node'), // out/signer/host.js → out/native/pinpad.node
];

let addon: PinPadAddon | null | undefined;

function load(): PinPadAddon | null {
  if (addon !== undefined) return addon;
  const file = CANDIDATES.find((f) => existsSync(f));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a native addon found at run time
  addon = file ? (require(file) as PinPadAddon) : null;
  return addon;
}

export function pinPadAvailable(): boolean {
  return load() !== null;
}

/**
 * Blocks until the user has typed the PIN on the reader (or cancelled, or the reader timed out).
 * Throws an Error whose message carries the CKR name, like pkcs11js does.
 */
export function loginWithNullPin(modulePath: string, session: Buffer, userType: number): void {
  const a = load();
  if (!a) throw new Error('PINPAD_UNAVAILABLE: the PIN-pad addon is not built (npm install builds native/pinpad)');
  const rv = a.login(modulePath, session, userType);
  if (rv === 0) return;
  const name = CKR_NAMES[rv] ?? `CKR_VENDOR_0x${rv.toString(16)}`;
  throw new Error(`${name}:${rv}`);
}
