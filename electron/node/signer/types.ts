/**
 * What the rest of the application sees of a signer: a PKCS#11 token behind the signer host
 * process, or a key file. Hashing happens on the host (here); the token only signs a digest.
 */
import type { CertificateInfo } from '../../common/contract';
import type { LoginInfo } from '../../common/contract-cards';

export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';
export type KeyType = 'RSA' | 'EC';

export interface SignRequest {
  /** Hex SHA-256 of the certificate DER (select by certificate, never by slot). */
  certificateId: string;
  /**
   * Typed by the user; used for C_Login (and the context-specific login) and then dropped.
   * null: typed on the reader's PIN pad. For a key file: its password.
   */
  pin: string | null;
  hash: HashName;
  /** The digest of the data to be signed, computed by the caller. */
  digest: Uint8Array;
  /** RSA keys: PKCS#1 v1.5 (default) or PSS (MGF1 with the same hash, salt = hash length). */
  padding?: 'pkcs1' | 'pss';
}

export interface SignResult {
  /** RSA: PKCS#1 v1.5 signature. EC: raw r||s (as XMLDSig wants; CMS converts to DER itself). */
  signature: Uint8Array;
  keyType: KeyType;
  /** 'RSA_PKCS', 'RSA_PKCS_PSS' or 'ECDSA'. */
  mechanism?: string;
}

export interface Signer {
  listCertificates(): Promise<CertificateInfo[]>;
  /** DER of a listed certificate. */
  certificate(certificateId: string): Promise<Uint8Array>;
  sign(request: SignRequest): Promise<SignResult>;
  /** What the PIN dialog shows before anything is typed: PIN state, PIN pad, password. */
  loginInfo(certificateId: string): Promise<LoginInfo>;
  close(): Promise<void>;
}
