/**
 * Smart cards, PKCS#11 modules and certificates (issue 3, DOMAIN-signatures §7, §9, §10): what the
 * signer host reports about every module it tried (SignerInventory), the IPC channels of the cards
 * area and the insertion/removal event. Pure schemas: no import from contract.ts (it imports this).
 * Stable names: the diagnostics screen and `nadawca doctor` build on them.
 */
import { z } from 'zod';

export const certificateIdSchema = z.string().regex(/^[0-9a-f]{64}$/);

// ---------------------------------------------------------------------------------------------
// Certificates

/** What the certificate itself claims (§7.1); the trusted list may overrule it (§7.2). */
export const certificateClassificationSchema = z.object({
  qcCompliance: z.boolean(),
  qcSSCD: z.boolean(),
  /** QcType OIDs (esign 0.4.0.1862.1.6.1, eseal .2, web .3). */
  qcTypes: z.array(z.string()),
  nonRepudiation: z.boolean(),
  /** QcCompliance ∧ QcSSCD ∧ QcType esign ∧ nonRepudiation. */
  qualified: z.boolean(),
  /** At the time of the listing. */
  validity: z.enum(['valid', 'expired', 'not-yet-valid']),
  /** Whole days until notAfter (negative once expired). */
  expiresInDays: z.number().int(),
  /** Subject serialNumber of a natural person (PNOPL-/TINPL-/IDCPL-/PASPL-, legacy PESEL/NIP). */
  person: z
    .object({
      scheme: z.enum(['PNOPL', 'TINPL', 'IDCPL', 'PASPL', 'PESEL', 'NIP']),
      value: z.string(),
      /** The value is a PESEL / NIP with a valid check digit. */
      checksumValid: z.boolean(),
    })
    .nullable(),
});
export type CertificateClassification = z.infer<typeof certificateClassificationSchema>;

/** A signing certificate as the app and `nadawca certs` list it (from any signer: card, key file, demo). */
export const certificateInfoSchema = z.object({
  id: z.string(),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  qualified: z.boolean(),
  keyUsage: z.array(z.string()),
  keyType: z.string(),
  token: z.object({ label: z.string(), module: z.string() }),
  /** Set by the card and key-file signers (issue 3); the picker shows it as badges. */
  classification: certificateClassificationSchema.optional(),
});
export type CertificateInfo = z.infer<typeof certificateInfoSchema>;

/** A signing certificate on a token: paired with a private key by CKA_ID; CA certificates are skipped. */
export const tokenCertificateSchema = z.object({
  /** Hex SHA-256 of the DER (= CertificateInfo.id): how a certificate is selected everywhere. */
  id: certificateIdSchema,
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  keyType: z.string(),
  keyUsage: z.array(z.string()),
  /** Hex CKA_ID shared by the certificate and its key. */
  ckaId: z.string(),
  label: z.string(),
  /** CKA_ALWAYS_AUTHENTICATE of the key; null when the key is hidden until login. */
  alwaysAuthenticate: z.boolean().nullable(),
  classification: certificateClassificationSchema,
});
export type TokenCertificateInfo = z.infer<typeof tokenCertificateSchema>;

// ---------------------------------------------------------------------------------------------
// Modules, slots, tokens

export const MODULE_SOURCES = ['known', 'user', 'env'] as const;
/** Why a module did not load. `not-a-module`: not a shared library, or no C_GetFunctionList. */
export const MODULE_FAILURES = ['file-missing', 'wrong-architecture', 'missing-dependency', 'not-a-module', 'initialize-failed', 'other'] as const;
export type ModuleFailure = (typeof MODULE_FAILURES)[number];

export const PIN_STATES = ['ok', 'count-low', 'final-try', 'locked'] as const;
export const pinStateSchema = z.enum(PIN_STATES);
export type PinState = z.infer<typeof pinStateSchema>;

/** Mechanisms that matter for signing (§9.5). */
export const MECHANISMS = [
  'RSA_PKCS', 'RSA_PKCS_PSS', 'ECDSA', 'SHA256_RSA_PKCS', 'SHA384_RSA_PKCS', 'SHA512_RSA_PKCS',
  'SHA256_RSA_PKCS_PSS', 'ECDSA_SHA256', 'ECDSA_SHA384', 'ECDSA_SHA512',
] as const;
export type MechanismName = (typeof MECHANISMS)[number];

export const tokenFlagsSchema = z.object({
  loginRequired: z.boolean(),
  userPinInitialized: z.boolean(),
  protectedAuthPath: z.boolean(),
  tokenInitialized: z.boolean(),
  pinCountLow: z.boolean(),
  pinFinalTry: z.boolean(),
  pinLocked: z.boolean(),
  pinToBeChanged: z.boolean(),
});

export const inventoryTokenSchema = z.object({
  label: z.string(),
  model: z.string(),
  manufacturer: z.string(),
  serial: z.string(),
  flags: tokenFlagsSchema,
  pinState: pinStateSchema,
  /** CKF_PROTECTED_AUTHENTICATION_PATH: the PIN is typed on the reader's pad. */
  protectedAuthPath: z.boolean(),
  mechanisms: z.array(z.object({ name: z.enum(MECHANISMS), present: z.boolean(), minKeySize: z.number().int().nullable(), maxKeySize: z.number().int().nullable() })),
  certificates: z.array(tokenCertificateSchema),
  /** Reading the token failed part-way (certificates may be incomplete). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type InventoryToken = z.infer<typeof inventoryTokenSchema>;

export const inventorySlotSchema = z.object({
  /** Opaque: slot ids change when a card is re-inserted. Never stored. */
  id: z.string(),
  description: z.string(),
  manufacturer: z.string(),
  tokenPresent: z.boolean(),
  flags: z.object({ tokenPresent: z.boolean(), removableDevice: z.boolean(), hardwareSlot: z.boolean() }),
  token: inventoryTokenSchema.nullable(),
});

export const inventoryModuleSchema = z.object({
  path: z.string(),
  source: z.enum(MODULE_SOURCES),
  /** Vendor from the known-module table; null for user-added paths it does not list. */
  vendor: z.string().nullable(),
  loaded: z.boolean(),
  failure: z.object({ reason: z.enum(MODULE_FAILURES), message: z.string() }).nullable(),
  /** C_GetInfo of a loaded module. */
  info: z.object({ cryptokiVersion: z.string(), manufacturer: z.string(), description: z.string(), libraryVersion: z.string() }).nullable(),
  slots: z.array(inventorySlotSchema),
});
export type InventoryModule = z.infer<typeof inventoryModuleSchema>;

export const signerInventorySchema = z.object({
  /** ISO time of the scan. */
  scannedAt: z.string(),
  modules: z.array(inventoryModuleSchema),
});
export type SignerInventory = z.infer<typeof signerInventorySchema>;

export const testSignatureResultSchema = z.object({
  ok: z.boolean(),
  /** e.g. 'RSA_PKCS', 'ECDSA'. */
  mechanism: z.string(),
  /** The signature over random data verified with node:crypto against the certificate's key. */
  verifiedOnHost: z.boolean(),
});
export type TestSignatureResult = z.infer<typeof testSignatureResultSchema>;

// ---------------------------------------------------------------------------------------------
// Login: what the PIN dialog must show before anything is typed (§9.2, §9.3)

export const loginInfoSchema = z.object({
  certificateId: certificateIdSchema,
  tokenLabel: z.string(),
  pinState: pinStateSchema,
  protectedAuthPath: z.boolean(),
  /** The key asks for the PIN at every signature (CKA_ALWAYS_AUTHENTICATE); null when unknown before login. */
  alwaysAuthenticate: z.boolean().nullable(),
  /** A key file (PKCS#12): a password, not a PIN. */
  kind: z.enum(['card', 'file']),
});
export type LoginInfo = z.infer<typeof loginInfoSchema>;

// ---------------------------------------------------------------------------------------------
// User settings: modules added by hand, the remembered certificate (by fingerprint, never by slot)

const modulePath = z.string().trim().min(1).max(4096);

export const userModuleSchema = z.object({ path: z.string(), addedAt: z.string() });
export type UserModule = z.infer<typeof userModuleSchema>;

export const chosenCertificateSchema = z.object({
  certificateId: certificateIdSchema,
  subject: z.string(),
  tokenLabel: z.string(),
  chosenAt: z.string(),
  /** On a token (or in a file) that is present now. */
  present: z.boolean(),
});
export type ChosenCertificate = z.infer<typeof chosenCertificateSchema>;

/** A PKCS#12 file added by the user: its certificate is remembered, its password is not. */
export const certificateFileSchema = z.object({ path: z.string(), label: z.string(), certificateId: certificateIdSchema, addedAt: z.string() });
export type CertificateFile = z.infer<typeof certificateFileSchema>;

export const cardChannels = {
  'cards.inventory': { input: z.strictObject({}), output: signerInventorySchema },
  'cards.testSignature': {
    input: z.object({
      certificateId: certificateIdSchema,
      /** null: the PIN is entered on the reader. Never stored, logged or returned. */
      pin: z.string().min(1).max(64).nullable(),
    }),
    output: testSignatureResultSchema,
  },
  /** Stops a signature waiting for the PIN pad (the pending call fails with PIN_CANCELLED). */
  'cards.cancel': { input: z.strictObject({}), output: z.object({}) },
  'cards.loginInfo': { input: z.object({ certificateId: certificateIdSchema }), output: loginInfoSchema },
  'cards.modules.list': { input: z.object({}), output: z.array(userModuleSchema) },
  'cards.modules.add': { input: z.object({ path: modulePath }), output: z.array(userModuleSchema) },
  'cards.modules.remove': { input: z.object({ path: modulePath }), output: z.array(userModuleSchema) },
  'cards.files.list': { input: z.object({}), output: z.array(certificateFileSchema) },
  /** Reads the file's certificate with the password once; the password is not kept. */
  'cards.files.add': {
    input: z.object({ path: modulePath, label: z.string().trim().min(1).max(200), password: z.string().max(256) }),
    output: z.array(certificateFileSchema),
  },
  'cards.files.remove': { input: z.object({ path: modulePath }), output: z.array(certificateFileSchema) },
  'certificates.choose': { input: z.object({ certificateId: certificateIdSchema }), output: chosenCertificateSchema },
  'certificates.chosen': { input: z.strictObject({}), output: chosenCertificateSchema.nullable() },
} as const;

/** Main → renderer: the set of present tokens changed (card inserted or removed). */
export const cardsChangedEventSchema = z.object({
  tokens: z.array(z.object({ module: z.string(), label: z.string(), serial: z.string() })),
  inserted: z.number().int(),
  removed: z.number().int(),
});
export type CardsChangedEvent = z.infer<typeof cardsChangedEventSchema>;

export const cardEvents = { 'cards.changed': cardsChangedEventSchema } as const;
