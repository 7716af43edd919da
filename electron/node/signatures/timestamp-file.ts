/**
 * A standalone RFC 3161 timestamp (`openssl ts -reply` .tsr, or the bare TimeStampToken .tst)
 * verified against the data it stamps: the message imprint over that file, the token signature and
 * the TSA certificate (critical EKU timeStamping) through checkToken; chain, revocation and
 * qualification of the TSA certificate through assess, as for any signer. The report names the TSA
 * as the signer and genTime as the signing time (format RFC3161, form timestamp).
 */
import path from 'node:path';
import * as pkijs from 'pkijs';
import type { SignatureReport } from '../../common/verification-report';
import { assess, reason, type Finding, type VerifyContext } from './assess';
import { digestFile, fromBer, OID, toNodeCert } from './cms-util';
import { checkToken, tokenHash } from './tsa';

/** The TimeStampToken of a .tsr (granted reply) or .tst; null when the DER is neither. */
export function timestampTokenOf(der: Uint8Array): Uint8Array | null {
  const isToken = (ci: pkijs.ContentInfo) => {
    if (ci.contentType !== OID.signedData) return false;
    return new pkijs.SignedData({ schema: ci.content }).encapContentInfo.eContentType === OID.tstInfo;
  };
  try {
    const ci = new pkijs.ContentInfo({ schema: fromBer(der, 'TimeStampToken') });
    return isToken(ci) ? der : null;
  } catch { /* not a ContentInfo: maybe a TimeStampResp */ }
  try {
    const resp = new pkijs.TimeStampResp({ schema: fromBer(der, 'TimeStampResp') });
    return resp.timeStampToken && isToken(resp.timeStampToken) ? new Uint8Array(resp.timeStampToken.toSchema().toBER(false)) : null;
  } catch {
    return null;
  }
}

/** The imprint the token carries (to check its signature when the stamped data is not given). */
function ownImprint(token: Uint8Array): Uint8Array {
  const sd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: fromBer(token, 'TimeStampToken') }).content });
  const info = new pkijs.TSTInfo({ schema: fromBer(new Uint8Array(sd.encapContentInfo.eContent!.getValue()), 'TSTInfo') });
  return new Uint8Array(info.messageImprint.hashedMessage.valueBlock.valueHexView);
}

function tokenCertificates(token: Uint8Array): pkijs.Certificate[] {
  const sd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: fromBer(token, 'TimeStampToken') }).content });
  return (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
}

export async function verifyTimestampToken(token: Uint8Array, content: string | undefined, ctx: VerifyContext): Promise<SignatureReport> {
  const hash = tokenHash(token);
  const f: Finding = {
    id: 'timestamp', format: 'RFC3161', form: 'timestamp', level: 'NONE', failure: null, reasons: [], signer: null, signingTime: null,
    signedObjects: [], timestamps: [], certificates: tokenCertificates(token).map(toNodeCert), ocspResponses: [], crls: [],
  };
  const fail = (indication: 'TOTAL_FAILED' | 'INDETERMINATE', sub: NonNullable<Finding['failure']>['sub'], r: ReturnType<typeof reason>) => {
    f.failure ??= { indication, sub, reasons: [] };
    f.failure.reasons.push(r);
  };
  if (!hash) {
    fail('TOTAL_FAILED', 'FORMAT_FAILURE', reason('MALFORMED_SIGNATURE', 'error', { detail: 'unknown message imprint algorithm' }));
    return assess(f, ctx);
  }
  const actual = content ? new Uint8Array(await digestFile(content, hash)) : null;
  const check = await checkToken(token, actual ?? ownImprint(token), hash, { at: ctx.at });
  f.signer = check.tsaCertificate;
  f.signingTime = check.genTime;
  const intact = actual !== null && check.imprintMatches;
  f.signedObjects.push({ uri: content ? path.basename(content) : 'content', kind: 'detached-file', description: content ? path.basename(content) : '', mimeType: null, digestAlgorithm: hash, intact, transforms: [] });
  if (!actual) fail('INDETERMINATE', 'SIGNED_DATA_NOT_FOUND', reason('DETACHED_CONTENT_MISSING', 'error', { uri: '' }));
  else if (!check.imprintMatches) fail('TOTAL_FAILED', 'HASH_FAILURE', reason('DETACHED_CONTENT_MISMATCH', 'error', { uri: path.basename(content!) }));
  if (check.error && check.imprintMatches) fail('TOTAL_FAILED', 'SIG_CRYPTO_FAILURE', reason('TIMESTAMP_INVALID', 'error', { detail: check.error }));
  if (!check.error && check.genTime) f.reasons.push(reason('TIMESTAMP_VALID', 'info', { date: check.genTime.toISOString() }));
  return assess(f, ctx);
}
