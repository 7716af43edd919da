/**
 * Recognises a CMS SignedData (CAdES, .p7s/.p7m) from its first bytes and tells whether the signed
 * content travels inside it: a walk over the DER/BER headers, never a full ASN.1 parse.
 */

/** OBJECT IDENTIFIER 1.2.840.113549.1.7.2 (signedData), as encoded. */
const SIGNED_DATA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const OID = 0x06;
const CONTEXT_0 = 0xa0;

interface Header {
  tag: number;
  /** Offset of the content. */
  body: number;
  /** Offset after the content; null for BER's indefinite length. */
  end: number | null;
}

function header(b: Uint8Array, p: number): Header | null {
  const tag = b[p];
  const first = b[p + 1];
  if (tag === undefined || first === undefined) return null;
  if (first === 0x80) return { tag, body: p + 2, end: null };
  if (first < 0x80) return { tag, body: p + 2, end: p + 2 + first };
  const count = first & 0x7f;
  if (count > 4 || p + 2 + count > b.byteLength) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + b[p + 2 + i]!;
  return { tag, body: p + 2 + count, end: p + 2 + count + length };
}

/**
 * 'attached' when the SignedData carries its content (eContent), 'detached' when it does not or
 * that cannot be told from the head, null when this is no SignedData at all.
 */
export function cmsSignedData(head: Uint8Array): 'attached' | 'detached' | null {
  const outer = header(head, 0);
  if (outer?.tag !== SEQUENCE || !SIGNED_DATA_OID.every((x, i) => head[outer.body + i] === x)) return null;
  const content = header(head, outer.body + SIGNED_DATA_OID.length);
  const signedData = content?.tag === CONTEXT_0 ? header(head, content.body) : null;
  const version = signedData?.tag === SEQUENCE ? header(head, signedData.body) : null;
  const digestAlgorithms = version?.tag === INTEGER && version.end !== null ? header(head, version.end) : null;
  const encapsulated = digestAlgorithms?.tag === SET && digestAlgorithms.end !== null ? header(head, digestAlgorithms.end) : null;
  const contentType = encapsulated?.tag === SEQUENCE ? header(head, encapsulated.body) : null;
  if (!encapsulated || contentType?.tag !== OID || contentType.end === null) return 'detached';
  const inside = encapsulated.end === null || contentType.end < encapsulated.end;
  return inside && head[contentType.end] === CONTEXT_0 ? 'attached' : 'detached';
}
