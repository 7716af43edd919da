/**
 * Thin adapter over pkcs11js (DOMAIN-signatures §9). The only code that calls a PKCS#11 module.
 * Runs inside the signer host process: a driver that hangs or crashes takes only that process down.
 *
 * Errors leave this file as TokenError whose codes are a subset of the application's ErrorCode
 * (native/ must not import electron/; the host converts). No message or detail ever carries a PIN.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { X509Certificate } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import { DIGEST_LENGTH, withDigestInfo, type HashName } from './digest-info';
import { loginWithNullPin } from './pinpad-login';

export type { HashName };

export type TokenErrorCode =
  | 'PIN_INCORRECT'
  | 'PIN_LOCKED'
  | 'PIN_LEN_RANGE'
  | 'PIN_CANCELLED'
  | 'TOKEN_ABSENT'
  | 'DEVICE_REMOVED'
  | 'MODULE_LOAD_FAILED'
  | 'CERT_NOT_FOUND'
  | 'PINPAD_UNAVAILABLE'
  | 'MECHANISM_UNSUPPORTED'
  | 'INVALID_INPUT'
  | 'INTERNAL';

export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
    readonly details: Record<string, string | number | boolean | string[]> = {},
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

export type KeyKind = 'RSA' | 'EC';

/** DigestInfo prefixes (RFC 8017 §9.2) for CKM_RSA_PKCS. */
export function digestInfo(hash: HashName, digest: Uint8Array): Buffer {
  if (digest.length !== DIGEST_LENGTH[hash]) {
    throw new TokenError('INVALID_INPUT', `${hash} digest must be ${DIGEST_LENGTH[hash]} bytes, got ${digest.length}`);
  }
  return withDigestInfo(hash, digest);
}

// ---------------------------------------------------------------------------------------------
// Token flags (§9.3)

const CKF = {
  loginRequired: 0x4,
  userPinInitialized: 0x8,
  protectedAuthPath: 0x100,
  tokenInitialized: 0x400,
  pinCountLow: 0x10000,
  pinFinalTry: 0x20000,
  pinLocked: 0x40000,
  pinToBeChanged: 0x80000,
} as const;

/** CK_SLOT_INFO flags (pkcs11js does not export them). */
const SLOT_FLAGS = { tokenPresent: 0x1, removableDevice: 0x2, hardwareSlot: 0x4 } as const;

export type TokenFlags = { -readonly [K in keyof typeof CKF]: boolean };

export type PinState = 'ok' | 'count-low' | 'final-try' | 'locked';

/** What the PIN dialog shows before anything is typed (§9.3); the worst state wins. */
export function pinStateOf(flags: TokenFlags): PinState {
  if (flags.pinLocked) return 'locked';
  if (flags.pinFinalTry) return 'final-try';
  if (flags.pinCountLow) return 'count-low';
  return 'ok';
}

export function decodeTokenFlags(flags: number): TokenFlags {
  const out = {} as TokenFlags;
  for (const [name, bit] of Object.entries(CKF)) out[name as keyof TokenFlags] = (flags & bit) !== 0;
  return out;
}

export interface TokenDescription {
  /** Valid only until the token is re-inserted: look tokens up by serial + label. */
  slot: Buffer;
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  flags: TokenFlags;
}

export interface TokenCertificate {
  der: Buffer;
  ckaId: Buffer;
  label: string;
  keyType: KeyKind;
  /** Undefined when the private key is hidden until C_Login (known at signing time). */
  alwaysAuthenticate: boolean | undefined;
}

export type Padding = 'pkcs1' | 'pss';

export interface SignParams {
  token: { serial: string; label: string };
  ckaId: Buffer;
  hash: HashName;
  digest: Uint8Array;
  /**
   * Used for C_Login and, for always-authenticate keys, the context-specific login. Not kept.
   * null: the token has a PIN pad (CKF_PROTECTED_AUTHENTICATION_PATH) and the user types it there.
   */
  pin: string | null;
  /** RSA only: PKCS#1 v1.5 (default) or PSS (MGF1 with the same hash, salt = hash length). */
  padding?: Padding;
}

export interface SignOutput {
  signature: Buffer;
  keyType: KeyKind;
  /** 'RSA_PKCS', 'RSA_PKCS_PSS' or 'ECDSA'. */
  mechanism: string;
}

/** Signing mechanisms the inventory reports (§9.5), by their pkcs11js constant. */
export const SIGNING_MECHANISMS = {
  RSA_PKCS: pkcs11js.CKM_RSA_PKCS,
  RSA_PKCS_PSS: pkcs11js.CKM_RSA_PKCS_PSS,
  ECDSA: pkcs11js.CKM_ECDSA,
  SHA256_RSA_PKCS: pkcs11js.CKM_SHA256_RSA_PKCS,
  SHA384_RSA_PKCS: pkcs11js.CKM_SHA384_RSA_PKCS,
  SHA512_RSA_PKCS: pkcs11js.CKM_SHA512_RSA_PKCS,
  SHA256_RSA_PKCS_PSS: pkcs11js.CKM_SHA256_RSA_PKCS_PSS,
  ECDSA_SHA256: pkcs11js.CKM_ECDSA_SHA256,
  ECDSA_SHA384: pkcs11js.CKM_ECDSA_SHA384,
  ECDSA_SHA512: pkcs11js.CKM_ECDSA_SHA512,
} as const;
export type MechanismName = keyof typeof SIGNING_MECHANISMS;

export interface MechanismSupport {
  name: MechanismName;
  present: boolean;
  minKeySize: number | null;
  maxKeySize: number | null;
}

export interface SlotDescription {
  /** Opaque, changes on re-insertion. */
  id: string;
  description: string;
  manufacturer: string;
  flags: { tokenPresent: boolean; removableDevice: boolean; hardwareSlot: boolean };
  token: TokenDescription | null;
  mechanisms: MechanismSupport[];
  /** Set when the slot or its token could not be read. */
  error: TokenError | null;
}

export interface Pkcs11Module {
  readonly path: string;
  info(): { manufacturer: string; description: string; cryptokiVersion: string; libraryVersion: string };
  /** Slots with a token present, asked afresh every time (slot ids change on re-insertion). */
  tokens(): TokenDescription[];
  /** End-entity certificates that have a key with the same CKA_ID. */
  certificates(token: TokenDescription): TokenCertificate[];
  /** Every slot, with or without a token (diagnostics). */
  slots(): SlotDescription[];
  /** One signature, one short session (§9.1). RSA: PKCS#1 v1.5 or PSS signature; EC: raw r||s. */
  sign(params: SignParams): SignOutput;
  /** Several digests with one login (a batch, e.g. a letter's attachments); same rules per signature. */
  signMany(params: Omit<SignParams, 'digest'> & { digests: Uint8Array[] }): SignOutput[];
  close(): void;
}

// ---------------------------------------------------------------------------------------------
// Error mapping (§9.4)

const CKR_TO_CODE: Record<string, TokenErrorCode> = {
  CKR_PIN_INCORRECT: 'PIN_INCORRECT',
  CKR_PIN_LOCKED: 'PIN_LOCKED',
  // No separate code for an expired/transport PIN: it must be changed with the vendor tool, like a locked one.
  CKR_PIN_EXPIRED: 'PIN_LOCKED',
  CKR_PIN_LEN_RANGE: 'PIN_LEN_RANGE',
  CKR_PIN_INVALID: 'PIN_LEN_RANGE',
  CKR_FUNCTION_CANCELED: 'PIN_CANCELLED',
  CKR_DEVICE_REMOVED: 'DEVICE_REMOVED',
  CKR_DEVICE_ERROR: 'DEVICE_REMOVED',
  CKR_SESSION_HANDLE_INVALID: 'DEVICE_REMOVED',
  CKR_SESSION_CLOSED: 'DEVICE_REMOVED',
  CKR_TOKEN_NOT_PRESENT: 'TOKEN_ABSENT',
  CKR_TOKEN_NOT_RECOGNIZED: 'TOKEN_ABSENT',
  CKR_SLOT_ID_INVALID: 'TOKEN_ABSENT',
};

/** The CKR name pkcs11js puts in its error message ("CKR_PIN_INCORRECT" or "CKR_PIN_INCORRECT:160"). */
export function ckrName(e: unknown): string | undefined {
  const m = /\b(CKR_[A-Z0-9_]+)/.exec(e instanceof Error ? e.message : String(e));
  return m?.[1];
}

export function mapPkcs11Error(e: unknown, context: string): TokenError {
  if (e instanceof TokenError) return e;
  const ckr = ckrName(e);
  if (!ckr) return new TokenError('INTERNAL', `${context}: ${e instanceof Error ? e.message : String(e)}`);
  return new TokenError(CKR_TO_CODE[ckr] ?? 'INTERNAL', `${context}: ${ckr}`, { ckr });
}

// ---------------------------------------------------------------------------------------------
// Library checks before dlopen (§9.6): explain the usual failures instead of a bare dlopen text.

const ELF_MACHINES: Record<number, string> = { 0x03: 'ia32', 0x28: 'arm', 0x3e: 'x64', 0xb7: 'arm64' };
const PE_MACHINES: Record<number, string> = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64', 0x1c4: 'arm' };
const ELF_TYPES: Record<number, string> = { 1: 'relocatable object', 2: 'executable', 4: 'core dump' };
const BITS: Record<string, number> = { ia32: 32, arm: 32, x64: 64, arm64: 64 };

/** Undefined when the file looks loadable; otherwise the reason it is not. */
export function checkLibraryFile(file: string, platform: string = process.platform, arch: string = process.arch): string | undefined {
  if (!path.isAbsolute(file)) return 'the path must be absolute';
  let head: Buffer;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return 'not a regular file';
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(Math.min(4096, st.size));
      fs.readSync(fd, head, 0, head.length, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'file not found';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return `cannot read the file (${code ?? String(e)})`;
  }
  const isElf = head.length >= 20 && head.readUInt32BE(0) === 0x7f454c46;
  const isPe = head.length >= 64 && head.toString('latin1', 0, 2) === 'MZ';
  const isMachO = head.length >= 4 && [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(head.readUInt32BE(0));
  const procBits = BITS[arch];
  if (platform === 'win32' || (platform !== 'darwin' && isPe)) {
    if (!isPe) return 'not a Windows DLL';
    const peOff = head.readUInt32LE(0x3c);
    if (peOff + 24 > head.length || head.readUInt32BE(peOff) !== 0x50450000) return 'not a Windows DLL (no PE header)';
    const machine = PE_MACHINES[head.readUInt16LE(peOff + 4)];
    const characteristics = head.readUInt16LE(peOff + 22);
    if ((characteristics & 0x2000) === 0) return 'not a DLL (a Windows program)';
    if (machine && machine !== arch) {
      return BITS[machine] !== procBits ? `${BITS[machine]}-bit DLL in a ${procBits}-bit process` : `DLL built for ${machine}, this process is ${arch}`;
    }
    return undefined;
  }
  if (platform === 'darwin') return isMachO ? undefined : 'not a macOS library (Mach-O)';
  if (!isElf) return 'not an ELF shared library';
  const bits = head[4] === 1 ? 32 : head[4] === 2 ? 64 : 0;
  const le = head[5] !== 2;
  const type = le ? head.readUInt16LE(16) : head.readUInt16BE(16);
  const machine = ELF_MACHINES[le ? head.readUInt16LE(18) : head.readUInt16BE(18)];
  if (bits && procBits && bits !== procBits) return `${bits}-bit library in a ${procBits}-bit process (wrong ELF class)`;
  if (machine && machine !== arch) return `library built for ${machine}, this process is ${arch}`;
  if (type !== 3) return `not a shared library (ELF ${ELF_TYPES[type] ?? `type ${type}`})`;
  return undefined;
}

/** Why a module did not load, as the diagnostics report it (contract-cards MODULE_FAILURES). */
export type LoadFailureKind = 'file-missing' | 'wrong-architecture' | 'missing-dependency' | 'not-a-module' | 'initialize-failed' | 'other';

export function classifyLoadFailure(reason: string): LoadFailureKind {
  if (/^file not found$/.test(reason)) return 'file-missing';
  if (/wrong ELF class|-bit (library|DLL) in a|built for \w+, this process/.test(reason)) return 'wrong-architecture';
  if (/cannot open shared object file|Win32 error 126|Library not loaded/.test(reason)) return 'missing-dependency';
  if (/^not (an ELF|a shared library|a Windows DLL|a DLL|a macOS library|a PKCS#11 module)|invalid ELF header|file too short/.test(reason)) return 'not-a-module';
  if (/^C_Initialize failed/.test(reason)) return 'initialize-failed';
  return 'other';
}

function loadFailure(file: string, reason: string): TokenError {
  return new TokenError('MODULE_LOAD_FAILED', `cannot load PKCS#11 module ${file}: ${reason}`, { module: file, reason, failure: classifyLoadFailure(reason) });
}

/** dlopen texts start with the path; keep what explains the problem. */
function explainDlopen(file: string, message: string): string {
  const text = message.split(file + ': ').join('').trim();
  if (/undefined symbol: C_GetFunctionList|C_GetFunctionList/.test(text)) return 'not a PKCS#11 module (no C_GetFunctionList)';
  return text.length > 0 ? `dlopen failed: ${text}` : 'dlopen failed';
}

// ---------------------------------------------------------------------------------------------

const opened = new Map<string, Pkcs11Module>();

/** Loads and initialises a module once per process (same real path, same instance). */
export function openModule(file: string): Pkcs11Module {
  const problem = checkLibraryFile(file);
  if (problem) throw loadFailure(file, problem);
  const real = fs.realpathSync(file);
  const cached = opened.get(real);
  if (cached) return cached;

  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(file);
  } catch (e) {
    throw loadFailure(file, explainDlopen(file, e instanceof Error ? e.message : String(e)));
  }
  try {
    lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (e) {
    // Another PKCS11 instance in this process may have initialised the same library.
    if (ckrName(e) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
      safe(() => lib.close());
      throw loadFailure(file, `C_Initialize failed: ${ckrName(e) ?? String(e)}`);
    }
  }
  const mod = createModule(file, real, lib);
  opened.set(real, mod);
  return mod;
}

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    /* cleanup only */
  }
}

const trim = (s: string) => s.replace(/\0/g, '').trim();

function readUlong(buf: Buffer): number {
  if (buf.length >= 8) return Number(os.endianness() === 'LE' ? buf.readBigUInt64LE(0) : buf.readBigUInt64BE(0));
  return os.endianness() === 'LE' ? buf.readUInt32LE(0) : buf.readUInt32BE(0);
}

function createModule(file: string, real: string, lib: pkcs11js.PKCS11): Pkcs11Module {
  const describe = (slot: Buffer): TokenDescription => {
    const t = lib.C_GetTokenInfo(slot);
    return {
      slot,
      label: trim(t.label),
      manufacturer: trim(t.manufacturerID),
      model: trim(t.model),
      serial: trim(t.serialNumber),
      flags: decodeTokenFlags(t.flags),
    };
  };

  const tokens = (): TokenDescription[] => {
    let slots: Buffer[];
    try {
      slots = lib.C_GetSlotList(true);
    } catch (e) {
      throw mapPkcs11Error(e, 'C_GetSlotList');
    }
    const out: TokenDescription[] = [];
    for (const slot of slots) {
      try {
        out.push(describe(slot));
      } catch (e) {
        // A token pulled out between the two calls is simply not there any more.
        const code = mapPkcs11Error(e, 'C_GetTokenInfo').code;
        if (code !== 'TOKEN_ABSENT' && code !== 'DEVICE_REMOVED') throw mapPkcs11Error(e, 'C_GetTokenInfo');
      }
    }
    return out;
  };

  const findObjects = (session: Buffer, template: pkcs11js.Template): Buffer[] => {
    lib.C_FindObjectsInit(session, template);
    const all: Buffer[] = [];
    try {
      for (;;) {
        const batch = lib.C_FindObjects(session, 64);
        if (batch.length === 0) break;
        all.push(...batch);
      }
    } finally {
      lib.C_FindObjectsFinal(session);
    }
    return all;
  };

  const attr = (session: Buffer, obj: Buffer, type: number): Buffer | undefined => {
    try {
      const [r] = lib.C_GetAttributeValue(session, obj, [{ type }]);
      return r?.value;
    } catch {
      return undefined; // attribute unsupported by this module or sensitive
    }
  };

  const bool = (session: Buffer, obj: Buffer, type: number): boolean | undefined => {
    const v = attr(session, obj, type);
    return v && v.length > 0 ? v[0] !== 0 : undefined;
  };

  const keyKind = (session: Buffer, obj: Buffer): KeyKind | undefined => {
    const v = attr(session, obj, pkcs11js.CKA_KEY_TYPE);
    if (!v) return undefined;
    const t = readUlong(v);
    return t === pkcs11js.CKK_RSA ? 'RSA' : t === pkcs11js.CKK_EC ? 'EC' : undefined;
  };

  const withSession = <T>(slot: Buffer, fn: (session: Buffer) => T): T => {
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    try {
      return fn(session);
    } finally {
      safe(() => lib.C_CloseSession(session));
    }
  };

  const certificates = (token: TokenDescription): TokenCertificate[] => {
    if (!token.flags.tokenInitialized) return [];
    try {
      return withSession(token.slot, (session) => {
        const out: TokenCertificate[] = [];
        for (const cert of findObjects(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }])) {
          const der = attr(session, cert, pkcs11js.CKA_VALUE);
          const ckaId = attr(session, cert, pkcs11js.CKA_ID);
          if (!der || !ckaId || ckaId.length === 0) continue;
          // CA certificates share the token on some cards; never offer them for signing.
          const category = attr(session, cert, pkcs11js.CKA_CERTIFICATE_CATEGORY);
          if (category && readUlong(category) === 2) continue;
          if (isCaDer(der)) continue;
          const privateKey = findObjects(session, [
            { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
            { type: pkcs11js.CKA_ID, value: ckaId },
          ])[0];
          // Tokens that hide private keys until C_Login still show the public half (DigiDoc4 pairs with it too).
          const publicKey = privateKey
            ? undefined
            : findObjects(session, [
                { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
                { type: pkcs11js.CKA_ID, value: ckaId },
              ])[0];
          const key = privateKey ?? publicKey;
          if (!key) continue;
          const keyType = keyKind(session, key) ?? keyKindFromCertificate(der);
          if (!keyType) continue;
          out.push({
            der,
            ckaId,
            label: trim(attr(session, cert, pkcs11js.CKA_LABEL)?.toString('utf8') ?? ''),
            keyType,
            alwaysAuthenticate: privateKey ? (bool(session, privateKey, pkcs11js.CKA_ALWAYS_AUTHENTICATE) ?? false) : undefined,
          });
        }
        return out;
      });
    } catch (e) {
      throw mapPkcs11Error(e, `reading certificates of token "${token.label}"`);
    }
  };

  const findToken = (ref: { serial: string; label: string }): TokenDescription => {
    const token = tokens().find((t) => t.serial === ref.serial && t.label === ref.label);
    if (!token) throw new TokenError('TOKEN_ABSENT', `token "${ref.label}" (${ref.serial}) is not present`, { token: ref.label });
    return token;
  };

  /** After a failed login the token tells how close it is to blocking (§9.3). */
  const pinFailure = (token: TokenDescription, e: unknown, step: string): TokenError => {
    const err = mapPkcs11Error(e, step);
    if (err.code !== 'PIN_INCORRECT') return err;
    let flags: TokenFlags | undefined;
    try {
      flags = describe(token.slot).flags;
    } catch {
      flags = undefined;
    }
    if (flags?.pinLocked) return new TokenError('PIN_LOCKED', `${step}: PIN locked after a wrong PIN`, { ckr: 'CKR_PIN_INCORRECT' });
    const pinState = flags?.pinFinalTry ? 'final' : flags?.pinCountLow ? 'low' : 'unknown';
    return new TokenError('PIN_INCORRECT', `${step}: wrong PIN`, { ckr: 'CKR_PIN_INCORRECT', pinState });
  };

  /** Typed PIN through pkcs11js; PIN pad (pin null) through the NULL-PIN addon. */
  const login = (session: Buffer, userType: number, pin: string | null): void => {
    if (pin !== null) return lib.C_Login(session, userType, pin);
    try {
      loginWithNullPin(file, session, userType);
    } catch (e) {
      if (String((e as Error).message).startsWith('PINPAD_UNAVAILABLE')) {
        throw new TokenError('PINPAD_UNAVAILABLE', (e as Error).message);
      }
      throw e;
    }
  };

  const mechanismsOf = (slot: Buffer): MechanismSupport[] => {
    let list: number[];
    try {
      list = lib.C_GetMechanismList(slot);
    } catch {
      list = [];
    }
    return (Object.entries(SIGNING_MECHANISMS) as [MechanismName, number][]).map(([name, type]) => {
      if (!list.includes(type)) return { name, present: false, minKeySize: null, maxKeySize: null };
      try {
        const info = lib.C_GetMechanismInfo(slot, type);
        return { name, present: true, minKeySize: info.minKeySize, maxKeySize: info.maxKeySize };
      } catch {
        return { name, present: true, minKeySize: null, maxKeySize: null };
      }
    });
  };

  const slots = (): SlotDescription[] => {
    let all: Buffer[];
    try {
      all = lib.C_GetSlotList(false);
    } catch (e) {
      throw mapPkcs11Error(e, 'C_GetSlotList');
    }
    return all.map((slot) => {
      const out: SlotDescription = {
        id: slot.toString('hex'),
        description: '',
        manufacturer: '',
        flags: { tokenPresent: false, removableDevice: false, hardwareSlot: false },
        token: null,
        mechanisms: [],
        error: null,
      };
      try {
        const info = lib.C_GetSlotInfo(slot);
        out.description = trim(info.slotDescription);
        out.manufacturer = trim(info.manufacturerID);
        out.flags = {
          tokenPresent: (info.flags & SLOT_FLAGS.tokenPresent) !== 0,
          removableDevice: (info.flags & SLOT_FLAGS.removableDevice) !== 0,
          hardwareSlot: (info.flags & SLOT_FLAGS.hardwareSlot) !== 0,
        };
        if (out.flags.tokenPresent) {
          out.token = describe(slot);
          out.mechanisms = mechanismsOf(slot);
        }
      } catch (e) {
        out.error = mapPkcs11Error(e, 'reading the slot');
      }
      return out;
    });
  };

  /** One session and one C_Login for all digests (always-authenticate keys still log in per signature). */
  const signMany = (p: Omit<SignParams, 'digest'> & { digests: Uint8Array[] }): SignOutput[] => {
    for (const d of p.digests) checkedDigest(p.hash, d); // before C_Login: a malformed request must not cost a PIN attempt
    const token = findToken(p.token);
    if (token.flags.pinLocked) throw new TokenError('PIN_LOCKED', `token "${token.label}" reports a locked PIN`, { token: token.label });
    if (p.pin === null && !token.flags.protectedAuthPath) {
      throw new TokenError('INVALID_INPUT', `token "${token.label}" has no PIN pad: a PIN is required`, { fields: ['pin'] });
    }
    let session: Buffer;
    try {
      session = lib.C_OpenSession(token.slot, pkcs11js.CKF_SERIAL_SESSION);
    } catch (e) {
      throw mapPkcs11Error(e, 'C_OpenSession');
    }
    let loggedIn = false;
    try {
      if (token.flags.loginRequired) {
        try {
          login(session, pkcs11js.CKU_USER, p.pin);
          loggedIn = true;
        } catch (e) {
          if (ckrName(e) === 'CKR_USER_ALREADY_LOGGED_IN') loggedIn = true;
          else throw pinFailure(token, e, 'C_Login');
        }
      }
      const key = findObjects(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_ID, value: p.ckaId },
      ])[0];
      if (!key) {
        throw new TokenError('CERT_NOT_FOUND', `no private key with CKA_ID ${p.ckaId.toString('hex')} on token "${token.label}"`, {
          cert: p.ckaId.toString('hex'),
        });
      }
      const keyType = keyKind(session, key);
      if (!keyType) throw new TokenError('INTERNAL', 'unsupported key type (only RSA and EC keys can sign)');
      const pss = keyType === 'RSA' && p.padding === 'pss';
      if (p.padding === 'pss' && keyType !== 'RSA') throw new TokenError('INVALID_INPUT', 'PSS padding needs an RSA key', { fields: ['padding'] });
      const mechanismName = pss ? 'RSA_PKCS_PSS' : keyType === 'RSA' ? 'RSA_PKCS' : 'ECDSA';
      const mechanism: pkcs11js.Mechanism = pss
        ? { mechanism: pkcs11js.CKM_RSA_PKCS_PSS, parameter: { type: pkcs11js.CK_PARAMS_RSA_PSS, ...PSS_PARAMS[p.hash] } }
        : { mechanism: SIGNING_MECHANISMS[mechanismName] };
      if (pss && !lib.C_GetMechanismList(token.slot).includes(pkcs11js.CKM_RSA_PKCS_PSS)) {
        throw new TokenError('MECHANISM_UNSUPPORTED', `token "${token.label}" does not list CKM_RSA_PKCS_PSS`, { mechanism: 'RSA_PKCS_PSS' });
      }
      const alwaysAuthenticate = bool(session, key, pkcs11js.CKA_ALWAYS_AUTHENTICATE);
      // Output buffer: RSA modulus up to 16384 bits, or r||s of P-521 (132 bytes).
      const out = Buffer.alloc(2048);
      return p.digests.map((digest) => {
        // PKCS#1 v1.5 signs the DigestInfo; PSS and ECDSA sign the bare hash (§9.5).
        const data = keyType === 'RSA' && !pss ? digestInfo(p.hash, digest) : checkedDigest(p.hash, digest);
        try {
          lib.C_SignInit(session, mechanism, key);
        } catch (e) {
          const err = mapPkcs11Error(e, 'C_SignInit');
          if (['CKR_MECHANISM_INVALID', 'CKR_MECHANISM_PARAM_INVALID', 'CKR_KEY_FUNCTION_NOT_PERMITTED', 'CKR_KEY_TYPE_INCONSISTENT'].includes(ckrName(e) ?? '')) {
            throw new TokenError('MECHANISM_UNSUPPORTED', err.message, { mechanism: mechanismName, ckr: ckrName(e) ?? '' });
          }
          throw err;
        }
        // Cards with CKA_ALWAYS_AUTHENTICATE want the PIN again for this very operation (§9.1 step 8).
        if (alwaysAuthenticate) {
          try {
            login(session, pkcs11js.CKU_CONTEXT_SPECIFIC, p.pin);
          } catch (e) {
            throw pinFailure(token, e, 'C_Login (context-specific)');
          }
        }
        try {
          return { signature: Buffer.from(lib.C_Sign(session, data, out)), keyType, mechanism: mechanismName };
        } catch (e) {
          throw mapPkcs11Error(e, 'C_Sign');
        }
      });
    } catch (e) {
      throw mapPkcs11Error(e, 'signing');
    } finally {
      if (loggedIn) safe(() => lib.C_Logout(session));
      safe(() => lib.C_CloseSession(session));
    }
  };

  const sign = (p: SignParams): SignOutput => {
    const { digest, ...rest } = p;
    return signMany({ ...rest, digests: [digest] })[0]!;
  };

  return {
    path: file,
    info() {
      const i = lib.C_GetInfo();
      return {
        manufacturer: trim(i.manufacturerID),
        description: trim(i.libraryDescription),
        cryptokiVersion: `${i.cryptokiVersion.major}.${i.cryptokiVersion.minor}`,
        libraryVersion: `${i.libraryVersion.major}.${i.libraryVersion.minor}`,
      };
    },
    tokens,
    slots,
    certificates,
    sign,
    signMany,
    close() {
      opened.delete(real);
      safe(() => lib.C_Finalize());
      safe(() => lib.close());
    },
  };
}

const PSS_PARAMS: Record<HashName, { hashAlg: number; mgf: number; saltLen: number }> = {
  'SHA-256': { hashAlg: pkcs11js.CKM_SHA256, mgf: pkcs11js.CKG_MGF1_SHA256, saltLen: 32 },
  'SHA-384': { hashAlg: pkcs11js.CKM_SHA384, mgf: pkcs11js.CKG_MGF1_SHA384, saltLen: 48 },
  'SHA-512': { hashAlg: pkcs11js.CKM_SHA512, mgf: pkcs11js.CKG_MGF1_SHA512, saltLen: 64 },
};

function checkedDigest(hash: HashName, digest: Uint8Array): Buffer {
  if (digest.length !== DIGEST_LENGTH[hash]) {
    throw new TokenError('INVALID_INPUT', `${hash} digest must be ${DIGEST_LENGTH[hash]} bytes, got ${digest.length}`);
  }
  return Buffer.from(digest);
}

function isCaDer(der: Buffer): boolean {
  try {
    return new X509Certificate(der).ca;
  } catch {
    return false;
  }
}

function keyKindFromCertificate(der: Buffer): KeyKind | undefined {
  try {
    const t = new X509Certificate(der).publicKey.asymmetricKeyType;
    return t === 'rsa' ? 'RSA' : t === 'ec' ? 'EC' : undefined;
  } catch {
    return undefined;
  }
}
