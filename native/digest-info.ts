/** What an RSA PKCS#1 v1.5 signature covers: DigestInfo = algorithm prefix ‖ digest (RFC 8017 §9.2). */
export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

export const DIGEST_INFO_PREFIX: Record<HashName, string> = {
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

export const DIGEST_LENGTH: Record<HashName, number> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export function withDigestInfo(hash: HashName, digest: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[hash], 'hex'), digest]);
}
