/**
 * The result of verifying a signed file, in the style of EU DSS's simple report: one overall
 * indication (TOTAL_PASSED / TOTAL_FAILED / INDETERMINATE with a DSS sub-indication) and, per
 * signature or timestamp, what was checked and why it failed. Reasons are codes with parameters so
 * the UI and the CLI can show them in pl/en/uk (reasonText below). Crosses IPC: plain data only.
 */
import { z } from 'zod';
import type { Lang } from './messages';

export const INDICATIONS = ['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE'] as const;
export type Indication = (typeof INDICATIONS)[number];

/** ETSI EN 319 102-1 / DSS sub-indications that this verifier produces. */
export const SUB_INDICATIONS = [
  'FORMAT_FAILURE',
  'HASH_FAILURE',
  'SIG_CRYPTO_FAILURE',
  'SIGNED_DATA_NOT_FOUND',
  'NO_SIGNING_CERTIFICATE_FOUND',
  'REVOKED',
  'EXPIRED',
  'NOT_YET_VALID',
  'NO_CERTIFICATE_CHAIN_FOUND',
  'CHAIN_CONSTRAINTS_FAILURE',
  'SIG_CONSTRAINTS_FAILURE',
  'TRY_LATER',
  'TIMESTAMP_ORDER_FAILURE',
] as const;
export type SubIndication = (typeof SUB_INDICATIONS)[number];

/** Why a signature got its indication, or what was noticed on the way. Each has pl/en/uk text. */
export const REASON_CODES = [
  'NO_SIGNATURES',
  'UNSUPPORTED_FORMAT',
  'MALFORMED_SIGNATURE',
  'SIGNATURE_VALUE_INVALID',
  'REFERENCE_DIGEST_MISMATCH',
  'REFERENCE_NOT_FOUND',
  'DETACHED_CONTENT_MISSING',
  'DETACHED_CONTENT_MISMATCH',
  'SIGNATURE_WRAPPING',
  'DUPLICATE_ID',
  'UNSIGNED_CONTENT',
  'SIGNED_PROPERTIES_MISSING',
  'SIGNER_CERTIFICATE_MISSING',
  'SIGNING_CERTIFICATE_MISMATCH',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CHAIN_UNTRUSTED',
  'NO_TRUST_ANCHORS',
  'CERT_REVOKED',
  'REVOCATION_GOOD',
  'REVOCATION_UNKNOWN',
  'REVOCATION_UNAVAILABLE',
  'REVOCATION_NOT_CHECKED',
  'TIMESTAMP_VALID',
  'TIMESTAMP_INVALID',
  'TIMESTAMP_IMPRINT_MISMATCH',
  'TIMESTAMP_UNTRUSTED',
  'TIMESTAMP_BEFORE_SIGNING_TIME',
  'QUALIFIED',
  'NOT_QUALIFIED',
  'SEAL_NOT_SIGNATURE',
  'KEY_USAGE_NO_NON_REPUDIATION',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

const params = z.record(z.string(), z.string());

export const reasonSchema = z.strictObject({
  code: z.enum(REASON_CODES),
  severity: z.enum(['error', 'warning', 'info']),
  params: params.default({}),
});
export type Reason = z.infer<typeof reasonSchema>;

export const certificateSummarySchema = z.strictObject({
  subject: z.string(),
  commonName: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  /** Hex SHA-256 of the DER (the app's certificate id). */
  fingerprint256: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  /** The subject serialNumber attribute (PNOPL-…, TINPL-…), shown masked by the UI. */
  identifier: z.string().nullable(),
});
export type CertificateSummary = z.infer<typeof certificateSummarySchema>;

export const qualificationSchema = z.strictObject({
  /** QcCompliance present: the certificate claims to be qualified. */
  claimedQualified: z.boolean(),
  /** QcSSCD present: the key claims to be in a qualified device. */
  qscd: z.boolean(),
  qcType: z.enum(['esign', 'eseal', 'eweb']).nullable(),
  /** DSS-like conclusion. Without trusted lists a claim is never more than "claimed". */
  status: z.enum(['QESig', 'QESeal', 'AdESig-QC', 'AdESeal-QC', 'AdES', 'NA']),
});
export type Qualification = z.infer<typeof qualificationSchema>;

export const timestampSummarySchema = z.strictObject({
  type: z.enum(['SIGNATURE_TIMESTAMP', 'DOCUMENT_TIMESTAMP', 'CONTENT_TIMESTAMP', 'ARCHIVE_TIMESTAMP']),
  /** genTime of the TSTInfo, ISO. */
  time: z.string(),
  tsa: certificateSummarySchema.nullable(),
  indication: z.enum(INDICATIONS),
  reasons: z.array(reasonSchema),
});
export type TimestampSummary = z.infer<typeof timestampSummarySchema>;

export const chainSchema = z.strictObject({
  trusted: z.boolean(),
  /** Leaf first, anchor last (when reached). */
  certificates: z.array(certificateSummarySchema),
  anchor: z.string().nullable(),
});

export const revocationSchema = z.strictObject({
  status: z.enum(['GOOD', 'REVOKED', 'UNKNOWN', 'NOT_CHECKED', 'UNAVAILABLE']),
  source: z.enum(['OCSP', 'CRL', 'EMBEDDED_OCSP', 'EMBEDDED_CRL']).nullable(),
  /** thisUpdate / producedAt of the evidence, ISO. */
  checkedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  url: z.string().nullable(),
});
export type RevocationSummary = z.infer<typeof revocationSchema>;

/** One thing the signature covers, as it was verified (not as the file claims to contain). */
export const signedObjectSchema = z.strictObject({
  /** The reference URI (XAdES), 'content' (CAdES), 'byte-range' (PAdES). */
  uri: z.string(),
  kind: z.enum(['whole-document', 'element', 'signed-properties', 'detached-file', 'embedded-content', 'pdf-byte-range', 'other']),
  /** What it resolved to: element name, file name, byte range, content type. */
  description: z.string(),
  mimeType: z.string().nullable(),
  digestAlgorithm: z.string(),
  /** The digest matched the bytes that were actually resolved. */
  intact: z.boolean(),
  /** Transform algorithms applied (XAdES only). */
  transforms: z.array(z.string()),
});
export type SignedObject = z.infer<typeof signedObjectSchema>;

export const SIGNATURE_FORMATS = ['XAdES', 'XMLDSig', 'CAdES', 'CMS', 'PAdES', 'RFC3161'] as const;
export const SIGNATURE_LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA', 'NONE'] as const;

export const signatureReportSchema = z.strictObject({
  id: z.string(),
  format: z.enum(SIGNATURE_FORMATS),
  /** enveloped / enveloping / detached (XAdES), attached / detached (CAdES), pdf, timestamp. */
  form: z.enum(['enveloped', 'enveloping', 'detached', 'attached', 'pdf', 'timestamp']),
  level: z.enum(SIGNATURE_LEVELS),
  indication: z.enum(INDICATIONS),
  subIndication: z.enum(SUB_INDICATIONS).nullable(),
  signer: certificateSummarySchema.nullable(),
  /** Claimed signing time (SigningTime / signing-time / PDF /M), ISO. */
  signingTime: z.string().nullable(),
  /** Earliest trusted time the signature is proven to exist (a valid timestamp), ISO. */
  bestSignatureTime: z.string().nullable(),
  qualification: qualificationSchema.nullable(),
  timestamps: z.array(timestampSummarySchema),
  chain: chainSchema,
  revocation: revocationSchema,
  signedObjects: z.array(signedObjectSchema),
  reasons: z.array(reasonSchema),
});
export type SignatureReport = z.infer<typeof signatureReportSchema>;

export const verificationReportSchema = z.strictObject({
  /** File name (not the full path). */
  file: z.string(),
  documentType: z.enum(['XML', 'CMS', 'PDF', 'TIMESTAMP', 'UNKNOWN']),
  validationTime: z.string(),
  /** Whether OCSP/CRL servers were asked (the user may verify offline). */
  online: z.boolean(),
  indication: z.enum(INDICATIONS),
  subIndication: z.enum(SUB_INDICATIONS).nullable(),
  signaturesCount: z.number().int().nonnegative(),
  validSignaturesCount: z.number().int().nonnegative(),
  signatures: z.array(signatureReportSchema),
  /** Document-level findings (no signatures, unsupported format). */
  reasons: z.array(reasonSchema),
});
export type VerificationReport = z.infer<typeof verificationReportSchema>;

/** DSS "worst wins": any TOTAL_FAILED fails the file, then INDETERMINATE, else passed. */
export function overallIndication(signatures: readonly Pick<SignatureReport, 'indication' | 'subIndication'>[]): {
  indication: Indication;
  subIndication: SubIndication | null;
} {
  if (signatures.length === 0) return { indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' };
  const failed = signatures.find((s) => s.indication === 'TOTAL_FAILED');
  if (failed) return { indication: 'TOTAL_FAILED', subIndication: failed.subIndication };
  const indeterminate = signatures.find((s) => s.indication === 'INDETERMINATE');
  if (indeterminate) return { indication: 'INDETERMINATE', subIndication: indeterminate.subIndication };
  return { indication: 'TOTAL_PASSED', subIndication: null };
}

const REASON_TEXTS: Record<Lang, Record<ReasonCode, string>> = {
  pl: {
    NO_SIGNATURES: 'Plik nie zawiera żadnego podpisu.',
    UNSUPPORTED_FORMAT: 'Nieobsługiwany format pliku: {{format}}.',
    MALFORMED_SIGNATURE: 'Podpis ma niepoprawną budowę: {{detail}}.',
    SIGNATURE_VALUE_INVALID: 'Wartość podpisu nie zgadza się z kluczem certyfikatu — podpisane dane zostały zmienione.',
    REFERENCE_DIGEST_MISMATCH: 'Skrót podpisanych danych „{{uri}}” się nie zgadza — dane zmieniono po podpisaniu.',
    REFERENCE_NOT_FOUND: 'Nie znaleziono danych wskazanych przez podpis: „{{uri}}”.',
    DETACHED_CONTENT_MISSING: 'Podpis zewnętrzny: wskaż podpisany plik „{{uri}}”.',
    DETACHED_CONTENT_MISMATCH: 'Wskazany plik „{{uri}}” nie jest plikiem, który podpisano.',
    SIGNATURE_WRAPPING: 'Podejrzenie podmiany treści (signature wrapping): {{detail}}.',
    DUPLICATE_ID: 'Identyfikator „{{id}}” występuje w dokumencie więcej niż raz.',
    UNSIGNED_CONTENT: 'Część dokumentu nie jest objęta podpisem: {{detail}}.',
    SIGNED_PROPERTIES_MISSING: 'Brak podpisanych właściwości XAdES (czas podpisu, certyfikat podpisującego).',
    SIGNER_CERTIFICATE_MISSING: 'Podpis nie zawiera certyfikatu podpisującego.',
    SIGNING_CERTIFICATE_MISMATCH: 'Certyfikat w podpisie nie jest certyfikatem wskazanym w podpisanych atrybutach.',
    CERT_EXPIRED: 'Certyfikat „{{subject}}” wygasł {{date}}.',
    CERT_NOT_YET_VALID: 'Certyfikat „{{subject}}” jest ważny dopiero od {{date}}.',
    CHAIN_UNTRUSTED: 'Nie można zbudować ścieżki od certyfikatu „{{subject}}” do zaufanego urzędu.',
    NO_TRUST_ANCHORS: 'Nie dodano żadnego zaufanego certyfikatu urzędu (Ustawienia → Zaufane certyfikaty).',
    CERT_REVOKED: 'Certyfikat „{{subject}}” unieważniono {{date}}.',
    REVOCATION_GOOD: 'Certyfikat nie jest unieważniony ({{source}}, {{date}}).',
    REVOCATION_UNKNOWN: 'Serwer {{source}} nie zna statusu certyfikatu.',
    REVOCATION_UNAVAILABLE: 'Nie udało się sprawdzić unieważnienia certyfikatu: {{detail}}.',
    REVOCATION_NOT_CHECKED: 'Nie sprawdzano unieważnienia (weryfikacja bez sieci).',
    TIMESTAMP_VALID: 'Znacznik czasu z {{date}} jest poprawny.',
    TIMESTAMP_INVALID: 'Znacznik czasu jest niepoprawny: {{detail}}.',
    TIMESTAMP_IMPRINT_MISMATCH: 'Znacznik czasu dotyczy innych danych niż ten podpis.',
    TIMESTAMP_UNTRUSTED: 'Urząd znacznika czasu „{{subject}}” nie jest zaufany.',
    TIMESTAMP_BEFORE_SIGNING_TIME: 'Znacznik czasu ({{date}}) jest wcześniejszy niż deklarowany czas podpisu.',
    QUALIFIED: 'Certyfikat deklaruje status kwalifikowany (QcCompliance) i klucz w urządzeniu QSCD.',
    NOT_QUALIFIED: 'Certyfikat nie jest kwalifikowany: podpis zaawansowany, nie kwalifikowany.',
    SEAL_NOT_SIGNATURE: 'To pieczęć elektroniczna (podmiotu), a nie podpis osoby.',
    KEY_USAGE_NO_NON_REPUDIATION: 'Certyfikat nie jest przeznaczony do podpisu (brak nonRepudiation).',
  },
  en: {
    NO_SIGNATURES: 'The file contains no signature.',
    UNSUPPORTED_FORMAT: 'Unsupported file format: {{format}}.',
    MALFORMED_SIGNATURE: 'The signature is malformed: {{detail}}.',
    SIGNATURE_VALUE_INVALID: 'The signature value does not match the certificate key — the signed data was changed.',
    REFERENCE_DIGEST_MISMATCH: 'The digest of the signed data "{{uri}}" does not match — the data was changed after signing.',
    REFERENCE_NOT_FOUND: 'The data the signature points to was not found: "{{uri}}".',
    DETACHED_CONTENT_MISSING: 'Detached signature: choose the signed file "{{uri}}".',
    DETACHED_CONTENT_MISMATCH: 'The chosen file "{{uri}}" is not the file that was signed.',
    SIGNATURE_WRAPPING: 'Suspected signature wrapping: {{detail}}.',
    DUPLICATE_ID: 'The identifier "{{id}}" occurs more than once in the document.',
    UNSIGNED_CONTENT: 'Part of the document is not covered by the signature: {{detail}}.',
    SIGNED_PROPERTIES_MISSING: 'XAdES signed properties (signing time, signing certificate) are missing.',
    SIGNER_CERTIFICATE_MISSING: 'The signature does not contain the signer\'s certificate.',
    SIGNING_CERTIFICATE_MISMATCH: 'The certificate in the signature is not the one named in the signed attributes.',
    CERT_EXPIRED: 'Certificate "{{subject}}" expired on {{date}}.',
    CERT_NOT_YET_VALID: 'Certificate "{{subject}}" is not valid until {{date}}.',
    CHAIN_UNTRUSTED: 'No path from certificate "{{subject}}" to a trusted authority.',
    NO_TRUST_ANCHORS: 'No trusted authority certificate has been added (Settings → Trusted certificates).',
    CERT_REVOKED: 'Certificate "{{subject}}" was revoked on {{date}}.',
    REVOCATION_GOOD: 'The certificate is not revoked ({{source}}, {{date}}).',
    REVOCATION_UNKNOWN: 'The {{source}} server does not know the certificate\'s status.',
    REVOCATION_UNAVAILABLE: 'Revocation could not be checked: {{detail}}.',
    REVOCATION_NOT_CHECKED: 'Revocation was not checked (offline verification).',
    TIMESTAMP_VALID: 'The timestamp of {{date}} is valid.',
    TIMESTAMP_INVALID: 'The timestamp is invalid: {{detail}}.',
    TIMESTAMP_IMPRINT_MISMATCH: 'The timestamp covers other data than this signature.',
    TIMESTAMP_UNTRUSTED: 'The timestamp authority "{{subject}}" is not trusted.',
    TIMESTAMP_BEFORE_SIGNING_TIME: 'The timestamp ({{date}}) is earlier than the claimed signing time.',
    QUALIFIED: 'The certificate claims qualified status (QcCompliance) and a key in a QSCD.',
    NOT_QUALIFIED: 'The certificate is not qualified: an advanced, not a qualified signature.',
    SEAL_NOT_SIGNATURE: 'This is an electronic seal (of an organisation), not a person\'s signature.',
    KEY_USAGE_NO_NON_REPUDIATION: 'The certificate is not meant for signing (no nonRepudiation).',
  },
  uk: {
    NO_SIGNATURES: 'Файл не містить жодного підпису.',
    UNSUPPORTED_FORMAT: 'Непідтримуваний формат файлу: {{format}}.',
    MALFORMED_SIGNATURE: 'Підпис має неправильну будову: {{detail}}.',
    SIGNATURE_VALUE_INVALID: 'Значення підпису не відповідає ключу сертифіката — підписані дані змінено.',
    REFERENCE_DIGEST_MISMATCH: 'Геш підписаних даних «{{uri}}» не збігається — дані змінено після підписання.',
    REFERENCE_NOT_FOUND: 'Не знайдено даних, на які вказує підпис: «{{uri}}».',
    DETACHED_CONTENT_MISSING: 'Зовнішній підпис: вкажіть підписаний файл «{{uri}}».',
    DETACHED_CONTENT_MISMATCH: 'Вказаний файл «{{uri}}» не є тим файлом, який підписали.',
    SIGNATURE_WRAPPING: 'Підозра на підміну вмісту (signature wrapping): {{detail}}.',
    DUPLICATE_ID: 'Ідентифікатор «{{id}}» трапляється в документі більше одного разу.',
    UNSIGNED_CONTENT: 'Частина документа не охоплена підписом: {{detail}}.',
    SIGNED_PROPERTIES_MISSING: 'Відсутні підписані властивості XAdES (час підпису, сертифікат підписувача).',
    SIGNER_CERTIFICATE_MISSING: 'Підпис не містить сертифіката підписувача.',
    SIGNING_CERTIFICATE_MISMATCH: 'Сертифікат у підписі не той, що вказаний у підписаних атрибутах.',
    CERT_EXPIRED: 'Термін дії сертифіката «{{subject}}» закінчився {{date}}.',
    CERT_NOT_YET_VALID: 'Сертифікат «{{subject}}» дійсний лише з {{date}}.',
    CHAIN_UNTRUSTED: 'Неможливо побудувати шлях від сертифіката «{{subject}}» до довіреного центру.',
    NO_TRUST_ANCHORS: 'Не додано жодного довіреного сертифіката центру (Налаштування → Довірені сертифікати).',
    CERT_REVOKED: 'Сертифікат «{{subject}}» відкликано {{date}}.',
    REVOCATION_GOOD: 'Сертифікат не відкликано ({{source}}, {{date}}).',
    REVOCATION_UNKNOWN: 'Сервер {{source}} не знає статусу сертифіката.',
    REVOCATION_UNAVAILABLE: 'Не вдалося перевірити відкликання: {{detail}}.',
    REVOCATION_NOT_CHECKED: 'Відкликання не перевірялося (перевірка без мережі).',
    TIMESTAMP_VALID: 'Позначка часу від {{date}} правильна.',
    TIMESTAMP_INVALID: 'Позначка часу неправильна: {{detail}}.',
    TIMESTAMP_IMPRINT_MISMATCH: 'Позначка часу стосується інших даних, ніж цей підпис.',
    TIMESTAMP_UNTRUSTED: 'Центр позначок часу «{{subject}}» не є довіреним.',
    TIMESTAMP_BEFORE_SIGNING_TIME: 'Позначка часу ({{date}}) раніша за заявлений час підпису.',
    QUALIFIED: 'Сертифікат заявляє кваліфікований статус (QcCompliance) і ключ у пристрої QSCD.',
    NOT_QUALIFIED: 'Сертифікат не кваліфікований: удосконалений, а не кваліфікований підпис.',
    SEAL_NOT_SIGNATURE: 'Це електронна печатка (організації), а не підпис особи.',
    KEY_USAGE_NO_NON_REPUDIATION: 'Сертифікат не призначений для підпису (немає nonRepudiation).',
  },
};

/** A reason in the user's language, parameters filled in. */
export function reasonText(reason: Pick<Reason, 'code' | 'params'>, lang: Lang): string {
  return REASON_TEXTS[lang][reason.code].replace(/\{\{(\w+)\}\}/g, (_, k: string) => reason.params[k] ?? '');
}
