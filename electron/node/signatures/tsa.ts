/**
 * RFC 3161 time-stamp client. Each configured TSA is tried in order; a reply is accepted only when
 * it is granted, its imprint and nonce are ours, its token signature verifies with the TSA
 * certificate the token carries, and that certificate is a TSA certificate (critical EKU
 * timeStamping) — optionally chaining to the user's anchors.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import axios from 'axios';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../common/errors';
import { verifyChain } from '../trust/chain';
import type { HashName } from '../signer/types';
import type { TimestampOptions, TimestampResult, TsaConfig } from './api';
import { ab, checkSignerInfo, fromBer, HASH_OID, OID, toNodeCert } from './cms-util';

const STATUS_TEXT = ['granted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning', 'revocationNotification'];

export async function timestamp(imprint: Uint8Array, options: TimestampOptions): Promise<TimestampResult> {
  const hash = options.hash ?? 'SHA-256';
  if (options.tsa.length === 0) throw new AppError('TSA_FAILED', 'no TSA configured', { tsa: '—', reason: 'no time-stamping server is enabled' });
  let last: AppError | undefined;
  for (const tsa of options.tsa) {
    try {
      return await requestFrom(tsa, imprint, hash, options.trustAnchors);
    } catch (e) {
      last = e instanceof AppError ? e : new AppError('TSA_FAILED', (e as Error).message, { tsa: tsa.name ?? tsa.url, reason: (e as Error).message });
    }
  }
  throw last!;
}

async function requestFrom(tsa: TsaConfig, imprint: Uint8Array, hash: HashName, anchors?: X509Certificate[]): Promise<TimestampResult> {
  const label = tsa.name ?? tsa.url;
  const fail = (reason: string) => new AppError('TSA_FAILED', `${label}: ${reason}`, { tsa: label, reason });
  const nonce = randomBytes(8);
  nonce[0]! &= 0x7f; // positive INTEGER
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OID[hash] }),
      hashedMessage: new asn1js.OctetString({ valueHex: ab(imprint) }),
    }),
    nonce: new asn1js.Integer({ valueHex: ab(nonce) }),
    certReq: true,
    ...(tsa.policy ? { reqPolicy: tsa.policy } : {}),
  });
  let body: Buffer;
  try {
    const response = await axios.post<ArrayBuffer>(tsa.url, Buffer.from(request.toSchema().toBER(false)), {
      headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply', ...tsa.headers },
      responseType: 'arraybuffer',
      timeout: tsa.timeoutMs ?? 20_000,
      maxContentLength: 1 << 20,
      validateStatus: () => true,
    });
    if (response.status !== 200) throw fail(`HTTP ${response.status}`);
    body = Buffer.from(response.data);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw fail(`cannot connect (${(e as Error).message})`);
  }
  let resp: pkijs.TimeStampResp;
  try {
    resp = new pkijs.TimeStampResp({ schema: fromBer(body, 'TimeStampResp') });
  } catch {
    throw fail('the reply is not an RFC 3161 time-stamp response');
  }
  const status = resp.status.status;
  if (status !== 0 && status !== 1) {
    const text = resp.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
    throw fail(`request refused (${STATUS_TEXT[status] ?? status}${text ? `: ${text}` : ''})`);
  }
  if (!resp.timeStampToken) throw fail('granted reply without a token');
  const token = new Uint8Array(resp.timeStampToken.toSchema().toBER(false));
  const checked = await checkToken(token, imprint, hash, { nonce, anchors });
  if (checked.error) throw fail(checked.error);
  return { token, genTime: checked.genTime!, tsaCertificate: checked.tsaCertificate!, url: tsa.url };
}

export interface TokenCheck {
  genTime: Date | null;
  tsaCertificate: X509Certificate | null;
  /** null when every check passed. */
  error: string | null;
  imprintMatches: boolean;
  chainTrusted: boolean | null;
}

/**
 * Checks a TimeStampToken against the data it should cover: imprint, (nonce), token signature,
 * TSA certificate EKU and — when anchors are given — the TSA chain. Used by the client above and by
 * verification of B-T signatures.
 */
export async function checkToken(
  token: Uint8Array,
  imprint: Uint8Array,
  hash: HashName | null,
  o: { nonce?: Uint8Array; anchors?: X509Certificate[]; intermediates?: X509Certificate[]; at?: Date } = {},
): Promise<TokenCheck> {
  const out: TokenCheck = { genTime: null, tsaCertificate: null, error: null, imprintMatches: false, chainTrusted: null };
  let signed: pkijs.SignedData;
  let info: pkijs.TSTInfo;
  try {
    const ci = new pkijs.ContentInfo({ schema: fromBer(token, 'TimeStampToken') });
    signed = new pkijs.SignedData({ schema: ci.content });
    if (signed.encapContentInfo.eContentType !== OID.tstInfo || !signed.encapContentInfo.eContent) return { ...out, error: 'token does not hold a TSTInfo' };
    info = new pkijs.TSTInfo({ schema: fromBer(new Uint8Array(signed.encapContentInfo.eContent.getValue()), 'TSTInfo') });
  } catch (e) {
    return { ...out, error: `token is malformed (${(e as Error).message})` };
  }
  out.genTime = info.genTime;
  const tokenHash = info.messageImprint.hashAlgorithm.algorithmId;
  const got = Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView);
  out.imprintMatches = (hash === null || tokenHash === HASH_OID[hash]) && got.equals(Buffer.from(imprint));
  if (!out.imprintMatches) return { ...out, error: 'the token covers other data (message imprint differs)' };
  if (o.nonce && (!info.nonce || !Buffer.from(info.nonce.valueBlock.valueHexView).equals(Buffer.from(o.nonce)))) {
    return { ...out, error: 'the reply nonce differs from the request (replayed or foreign reply)' };
  }
  const certs = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map(toNodeCert);
  const signerInfo = signed.signerInfos[0];
  const tsaCert = signerInfo ? certs.find((c) => matchesSid(c, signerInfo)) : undefined;
  if (!tsaCert) return { ...out, error: 'the token does not carry the TSA certificate' };
  out.tsaCertificate = tsaCert;
  if (!isTsaCertificate(tsaCert)) return { ...out, error: `"${tsaCert.subject.replace(/\n/g, ', ')}" is not a time-stamping certificate (critical EKU timeStamping)` };
  const eContent = new Uint8Array(signed.encapContentInfo.eContent!.getValue());
  const sigCheck = checkSignerInfo(signerInfo!, tsaCert, eContent);
  if (sigCheck !== 'ok') return { ...out, error: `the token signature does not verify (${sigCheck})` };
  if (o.anchors) {
    const chain = verifyChain(tsaCert, o.anchors, [...certs, ...(o.intermediates ?? [])], o.at ?? info.genTime);
    out.chainTrusted = chain.trusted;
    if (!chain.trusted) return { ...out, error: `TSA certificate is not trusted: ${chain.reason}` };
  }
  return out;
}

export function matchesSid(cert: X509Certificate, si: pkijs.SignerInfo): boolean {
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const p = pkijs.Certificate.fromBER(ab(new Uint8Array(cert.raw)));
    return p.serialNumber.isEqual(si.sid.serialNumber) && p.issuer.isEqual(si.sid.issuer);
  }
  return false;
}

function isTsaCertificate(cert: X509Certificate): boolean {
  const p = pkijs.Certificate.fromBER(ab(new Uint8Array(cert.raw)));
  const eku = p.extensions?.find((e) => e.extnID === '2.5.29.37');
  const usages = (eku?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  return !!eku?.critical && usages.length === 1 && usages[0] === OID.ekuTimeStamping;
}

/** The hash algorithm a token's message imprint was made with (to recompute the imprint). */
export function tokenHash(token: Uint8Array): HashName | null {
  try {
    const sd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: fromBer(token, 'TimeStampToken') }).content });
    const info = new pkijs.TSTInfo({ schema: fromBer(new Uint8Array(sd.encapContentInfo.eContent!.getValue()), 'TSTInfo') });
    const oid = info.messageImprint.hashAlgorithm.algorithmId;
    return (Object.entries(HASH_OID).find(([, o]) => o === oid)?.[0] as HashName | undefined) ?? null;
  } catch {
    return null;
  }
}
