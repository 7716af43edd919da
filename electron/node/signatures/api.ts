/**
 * The signatures API other parts of the app call (PAdES, the "Sign files"/"Verify" screens,
 * `nadawca sign` / `nadawca verify`). Names here are stable; the work is done in the modules this
 * file re-exports from.
 *
 *   signXades   — XAdES enveloped / enveloping / detached, B-B / B-T / B-LT, parallel co-signing
 *   signCades   — CAdES detached (.p7s) / attached (.p7m), B-B / B-T / B-LT, parallel co-signing
 *   signCms     — one CMS SignerInfo over a ready digest (PAdES builds on it: no signing-time)
 *   timestamp   — RFC 3161 client (imprint, nonce and TSA-certificate checks)
 *   checkRevocation — OCSP, then CRL, for one certificate
 *   verifyFile  — any signed file → VerificationReport (DSS simple-report style)
 */
import type { X509Certificate } from 'node:crypto';
import type { HashName, Signer } from '../signer/types';

export type { VerificationReport, SignatureReport, Reason } from '../../common/verification-report';

export type SignatureLevel = 'B-B' | 'B-T' | 'B-LT';
export type XadesMode = 'enveloped' | 'enveloping' | 'detached';
export type CadesMode = 'detached' | 'attached';

/** Who signs: a certificate of a card (or key file) and the PIN typed for this one operation. */
export interface SigningIdentity {
  signer: Signer;
  /** Hex SHA-256 of the certificate DER. */
  certificateId: string;
  /** Never stored, logged or returned; null = the reader's PIN pad asks for it. */
  pin: string | null;
}

/** One time-stamping authority the user configured (settings) or a test started. */
export interface TsaConfig {
  url: string;
  /** Shown in errors and reports. */
  name?: string;
  /** Default 20 s. */
  timeoutMs?: number;
  /** TSA policy OID to request (optional). */
  policy?: string;
  /** Extra HTTP headers (e.g. Authorization for a paid TSA account). */
  headers?: Record<string, string>;
}

export interface RevocationOptions {
  /** Ask OCSP responders / fetch CRLs over the network. Off = report NOT_CHECKED. */
  online: boolean;
  /** Default 10 s per request. */
  timeoutMs?: number;
  /** Override of the AIA OCSP URL (tests, corporate responder). */
  ocspUrl?: string;
  /** Override of the CRL distribution point (tried when OCSP gives no answer). */
  crlUrl?: string;
}

export interface SignCommon extends SigningIdentity {
  level: SignatureLevel;
  /** Tried in order for B-T and B-LT; required for them. */
  tsa?: TsaConfig[];
  /** Used for B-LT (revocation values); defaults to online with AIA URLs. */
  revocation?: RevocationOptions;
  /** Intermediate and root certificates to embed (B-LT always adds the signer's chain found here). */
  chain?: X509Certificate[];
  /** Default: now. Seconds precision. */
  signingTime?: Date;
  /** Default SHA-256. */
  hash?: HashName;
  /** 0…1 while long inputs are hashed (progress bars). */
  onProgress?: (fraction: number) => void;
}

export interface SignXadesOptions extends SignCommon {
  mode: XadesMode;
  /** Path of the file to sign (XML for enveloped; any file for enveloping/detached). */
  input: string;
  /** Path of the result; written atomically. */
  output: string;
  /** MimeType of DataObjectFormat; default from the file name. */
  mimeType?: string;
  /**
   * Enveloped only: sign with the XPath transform that leaves out every ds:Signature, so that more
   * signers can add parallel signatures later (DOMAIN-signatures §3.1). When the input already has a
   * signature made that way, the new one is added beside it; a plain enveloped one cannot be joined.
   */
  coSignable?: boolean;
}

export interface SignCadesOptions extends SignCommon {
  mode: CadesMode;
  input: string;
  output: string;
  /**
   * Co-signing: an existing .p7s/.p7m to which this SignerInfo is added in parallel (for detached,
   * `input` is still the signed content). The existing signatures are kept byte for byte.
   */
  existingSignature?: string;
}

export interface SignOutcome {
  output: string;
  format: 'XAdES' | 'CAdES';
  mode: XadesMode | CadesMode;
  level: SignatureLevel;
  signatureId: string;
  signingTime: string;
  /** genTime of the signature timestamp (B-T, B-LT). */
  timestampTime: string | null;
  /** How many signatures the output carries (2+ after co-signing). */
  signatureCount: number;
}

/** For PAdES: a CMS SignedData over a digest the caller computed (the PDF byte range). */
export interface SignCmsOptions extends SigningIdentity {
  /** Digest of the signed content, made with `hash`. */
  contentDigest: Uint8Array;
  hash?: HashName;
  /** false for PAdES (the time lives in the PDF /M entry, EN 319 142-1). */
  signingTime: Date | null;
  level: SignatureLevel;
  tsa?: TsaConfig[];
  revocation?: RevocationOptions;
  chain?: X509Certificate[];
}

export interface SignCmsResult {
  /** DER ContentInfo(SignedData), detached. */
  cms: Uint8Array;
  timestampTime: string | null;
  /** B-LT: DER certificates, OCSP responses and CRLs gathered (PAdES puts them in the /DSS). */
  validationData: ValidationData;
}

export interface ValidationData {
  certificates: Uint8Array[];
  ocspResponses: Uint8Array[];
  crls: Uint8Array[];
}

export interface TimestampOptions {
  tsa: TsaConfig[];
  hash?: HashName;
  /** Require the TSA certificate to chain to one of these (optional; EKU timeStamping is always checked). */
  trustAnchors?: X509Certificate[];
}

export interface TimestampResult {
  /** DER TimeStampToken (a ContentInfo SignedData). */
  token: Uint8Array;
  genTime: Date;
  tsaCertificate: X509Certificate;
  /** Which configured TSA answered. */
  url: string;
}

export interface RevocationResult {
  status: 'GOOD' | 'REVOKED' | 'UNKNOWN' | 'UNAVAILABLE' | 'NOT_CHECKED';
  source: 'OCSP' | 'CRL' | null;
  /** thisUpdate / producedAt. */
  checkedAt: Date | null;
  revokedAt: Date | null;
  url: string | null;
  /** DER of the evidence (OCSPResponse or CRL), for B-LT and the PDF /DSS. */
  evidence: Uint8Array | null;
  /** Why UNAVAILABLE / UNKNOWN (no AIA, network error, bad responder signature). */
  detail: string | null;
}

export interface VerifyFileOptions {
  file: string;
  /** The signed file of a detached signature (.xades, .p7s, .sig). */
  detachedContent?: string;
  /** PEM files or certificates the user trusts (root or intermediate CAs). */
  trustAnchors: Array<string | X509Certificate>;
  /** Ask OCSP/CRL servers (otherwise revocation is NOT_CHECKED unless embedded). */
  online: boolean;
  /** Validation time; default now. */
  at?: Date;
  ocspUrl?: string;
  crlUrl?: string;
}

export { signXades } from './xades-sign';
export { signCades, signCms } from './cades';
export { timestamp } from './tsa';
export { checkRevocation } from './revocation';
export { verifyFile, verifyCmsSignature } from './verify';
export { DEFAULT_TSA_SERVERS } from './tsa-defaults';
