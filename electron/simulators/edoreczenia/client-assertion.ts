/**
 * The simulator's side of private_key_jwt (RFC 7523 §3, DOMAIN-inboxes §1.2): a client registered
 * with a certificate may authenticate at the token endpoint by a JWT signed with that certificate's
 * key. Verified with jose: the signature against the registered certificate (not against the
 * `x5c` the client sends, which must match it when present), iss = sub = client_id, aud = this
 * token endpoint, exp not passed and not too far ahead, and a jti never seen before. Refusals
 * carry a Polish error_description, as the operator's do.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors, importX509, jwtVerify } from 'jose';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ALGORITHMS = ['RS256', 'ES256', 'ES384', 'ES512'];
/** Assertions living longer than this are refused (they are meant for one request). */
const MAX_LIFETIME_S = 600;

export interface AssertionClient { clientId: string; certificatePem?: string }

/** Remembers used jti values until their assertion expires (replay protection). */
export function createReplayCache() {
  const seen = new Map<string, number>();
  return {
    /** false when `key` was used before (and is still within its lifetime). */
    claim(key: string, expiresMs: number, nowMs: number): boolean {
      for (const [k, until] of seen) if (until < nowMs) seen.delete(k);
      if (seen.has(key)) return false;
      seen.set(key, expiresMs);
      return true;
    },
  };
}
export type ReplayCache = ReturnType<typeof createReplayCache>;

/** The client the assertion authenticates, or the reason it is refused. */
export async function verifyClientAssertion<C extends AssertionClient>(
  form: URLSearchParams,
  input: { clients: readonly C[]; audience: string; now: Date; replay: ReplayCache },
): Promise<{ client: C } | { refused: string }> {
  if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) return { refused: `Nieobsługiwany typ asercji klienta (oczekiwano ${CLIENT_ASSERTION_TYPE})` };
  const assertion = form.get('client_assertion') ?? '';
  let iss: unknown;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
    iss = decodeJwt(assertion).iss;
  } catch {
    return { refused: 'Asercja klienta nie jest poprawnym JWT' };
  }
  const client = input.clients.find((c) => c.clientId === iss);
  if (!client?.certificatePem) return { refused: 'Nieznany klient albo klient bez zarejestrowanego certyfikatu' };
  const formId = form.get('client_id');
  if (formId !== null && formId !== client.clientId) return { refused: 'client_id nie zgadza się z wystawcą asercji' };
  const registered = new X509Certificate(client.certificatePem);
  const x5c = header.x5c?.[0];
  if (x5c !== undefined && !Buffer.from(x5c, 'base64').equals(registered.raw)) return { refused: 'Certyfikat w nagłówku x5c nie jest zarejestrowany dla tego systemu' };
  const thumbprint = header['x5t#S256'];
  if (thumbprint !== undefined && thumbprint !== createHash('sha256').update(registered.raw).digest('base64url')) return { refused: 'Skrót x5t#S256 nie odpowiada zarejestrowanemu certyfikatowi' };
  if (typeof header.alg !== 'string' || !ALGORITHMS.includes(header.alg)) return { refused: `Nieobsługiwany algorytm asercji: ${String(header.alg)}` };
  try {
    const key = await importX509(client.certificatePem, header.alg);
    const { payload } = await jwtVerify(assertion, key, {
      algorithms: ALGORITHMS, issuer: client.clientId, subject: client.clientId, audience: input.audience,
      currentDate: input.now, requiredClaims: ['jti', 'exp', 'iat'],
    });
    const nowS = Math.floor(input.now.getTime() / 1000);
    if (payload.exp! - nowS > MAX_LIFETIME_S) return { refused: `Asercja klienta jest ważna dłużej niż ${MAX_LIFETIME_S} s` };
    if (!input.replay.claim(`${client.clientId}\n${String(payload.jti)}`, payload.exp! * 1000, input.now.getTime())) return { refused: 'Asercja klienta została już użyta (powtórzony jti)' };
    return { client };
  } catch (e) {
    if (e instanceof errors.JWTExpired) return { refused: 'Asercja klienta wygasła' };
    if (e instanceof errors.JWSSignatureVerificationFailed) return { refused: 'Podpis asercji klienta nie zgadza się z zarejestrowanym certyfikatem' };
    if (e instanceof errors.JWTClaimValidationFailed) return { refused: `Asercja klienta: niepoprawne pole ${e.claim} (${e.reason})` };
    return { refused: `Asercja klienta odrzucona: ${(e as Error).message}` };
  }
}
