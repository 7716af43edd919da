/**
 * Sending profiles for e-Doręczenia boxes: the box address, the environment (production,
 * integration, or the built-in simulator), the UA API and token endpoints, the system's client id,
 * and — sealed by secrets.ts, never stored or returned in the clear — its client secret and the
 * system certificate: a PKCS#12 file (mutual TLS and/or the signed client assertion) or a
 * certificate on a PKCS#11 token (its DER kept, the PIN sealed; client assertion only). At most
 * one profile is active: the outbox sends through it (no active profile: the built-in box).
 * Kept in this area's own table: there is no shared per-channel profile store yet.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { BoxProfile, edoreczeniaChannels } from '../../common/contract-edoreczenia';
import type { SystemCertificate } from '../../common/contract-profiles';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';
import { checkSystemP12 } from '../profiles/p12-bytes';
import { checkSystemToken, type StoredToken, type TokenCertificate } from '../profiles/system-token';
import type { Signer } from '../signer/types';
import { openSecret, sealSecret, type KeyProvider } from './secrets';

type ProfileInput = z.output<(typeof edoreczeniaChannels)['edoreczenia.profiles.save']['input']>;

interface Row {
  id: string; name: string; address: string; environment: BoxProfile['environment']; api_url: string | null; token_url: string | null;
  client_id: string | null; client_secret_enc: string | null; pkcs12_enc: string | null; pkcs12_password_enc: string | null; ca_pem: string | null;
  active: number; updated_at: string; certificate_json: string | null; token_certificate_der: Buffer | null; token_pin_enc: string | null;
}

/** What saving learnt by checking the certificate (file read with its password, token signed with its PIN). */
export interface CheckedCertificate {
  pkcs12?: { subject: string; notAfter: string };
  token?: { der: Uint8Array; certificate: TokenCertificate };
}

type Sealed = 'client_secret_enc' | 'pkcs12_enc' | 'pkcs12_password_enc' | 'certificate_json' | 'token_certificate_der' | 'token_pin_enc';

/** What a client needs, secrets opened: only ever held in memory. */
export interface BoxCredentials {
  id: string; address: string; environment: BoxProfile['environment']; apiUrl: string | null; tokenUrl: string | null;
  clientId: string | null; clientSecret: string | null; pkcs12: Uint8Array | null; pkcs12Password: string | null; caPem: string | null;
  name: string;
  /** The system certificate on a token, with a hook that drops the stored PIN once the card refuses it. */
  token: (StoredToken & { pinRejected(): void }) | null;
}

/** `tokens`: the PKCS#11 signer (signer host) that checks and signs with token certificates. */
export function createBoxProfiles(deps: { db: Db; keys: KeyProvider; clock: () => Date; tokens?: Signer | null }) {
  const { db, keys, clock } = deps;
  const certificateOf = (r: Row): SystemCertificate | null => {
    const c = r.certificate_json ? (JSON.parse(r.certificate_json) as SystemCertificate) : null;
    return c?.kind === 'token' ? { ...c, pinStored: r.token_pin_enc !== null } : c;
  };
  const toProfile = (r: Row): BoxProfile => ({
    id: r.id, name: r.name, address: r.address, environment: r.environment, apiUrl: r.api_url, tokenUrl: r.token_url, clientId: r.client_id,
    hasClientSecret: !!r.client_secret_enc, hasCertificate: !!r.pkcs12_enc || !!r.token_certificate_der, certificate: certificateOf(r),
    active: r.active === 1, updatedAt: r.updated_at,
  });
  const row = (id: string) => {
    const r = db.prepare<[string], Row>('SELECT * FROM edoreczenia_profiles WHERE id = ?').get(id);
    if (!r) throw new AppError('NOT_FOUND', `e-Doręczenia profile ${id}`, { what: id });
    return r;
  };
  // Secrets are bound to the profile id and the box address (associated data).
  const ctx = (id: string, address: string, what: string) => `edoreczenia:${id}:${address}:${what}`;

  return {
    list(): BoxProfile[] {
      return db.prepare<[], Row>('SELECT * FROM edoreczenia_profiles ORDER BY name, id').all().map(toProfile);
    },
    active(): BoxCredentials | null {
      const r = db.prepare<[], Row>('SELECT * FROM edoreczenia_profiles WHERE active = 1').get();
      return r ? this.credentials(r.id) : null;
    },
    credentials(id: string): BoxCredentials {
      const r = row(id);
      const open = (v: string | null, what: string) => (v ? openSecret(keys, v, ctx(r.id, r.address, what)) : null);
      const certificate = certificateOf(r);
      return {
        id: r.id, name: r.name, address: r.address, environment: r.environment, apiUrl: r.api_url, tokenUrl: r.token_url, clientId: r.client_id,
        clientSecret: open(r.client_secret_enc, 'client-secret')?.toString('utf8') ?? null,
        pkcs12: open(r.pkcs12_enc, 'pkcs12'), pkcs12Password: open(r.pkcs12_password_enc, 'pkcs12-password')?.toString('utf8') ?? null, caPem: r.ca_pem,
        token: certificate?.kind === 'token' && r.token_certificate_der ? {
          certificateId: certificate.certificateId,
          der: new Uint8Array(r.token_certificate_der),
          pin: open(r.token_pin_enc, 'token-pin')?.toString('utf8') ?? null,
          // Only this PIN goes (not one saved since): the profile keeps its certificate and asks for the PIN again.
          pinRejected: () => void db.prepare('UPDATE edoreczenia_profiles SET token_pin_enc = NULL WHERE id = ? AND token_pin_enc = ?').run(r.id, r.token_pin_enc),
        } : null,
      };
    },
    /**
     * Checks the system certificate before anything is stored — the PKCS#12 file with its password
     * (PASSWORD_INCORRECT), or the token certificate with its PIN by a verified test signature
     * (TOKEN_ABSENT, PIN_INCORRECT) — then saves. What the IPC uses.
     */
    async saveChecked(input: ProfileInput): Promise<BoxProfile> {
      const checked: CheckedCertificate = {};
      if (input.token) checked.token = await checkSystemToken(deps.tokens ?? null, input.token);
      if (input.pkcs12Base64 !== undefined) checked.pkcs12 = await checkSystemP12(Buffer.from(input.pkcs12Base64, 'base64'), input.pkcs12Password ?? '');
      return this.save(input, checked);
    },
    /** Saves as given; a token certificate must come checked (saveChecked). */
    save(input: ProfileInput, checked: CheckedCertificate = {}): BoxProfile {
      if (input.token && !checked.token) throw new AppError('INTERNAL', 'a token certificate is saved only after its check');
      const id = input.id ?? randomUUID();
      const before = input.id ? row(input.id) : null;
      // A changed address invalidates what was sealed for the old one: secrets must be given again.
      const keep = <F extends Sealed>(field: F): Row[F] | null => (before && before.address === input.address ? before[field] : null);
      const seal = (v: string | Uint8Array | undefined, what: string, field: 'client_secret_enc' | 'pkcs12_enc' | 'pkcs12_password_enc' | 'token_pin_enc') => (v !== undefined ? sealSecret(keys, v, ctx(id, input.address, what)) : keep(field));
      // One system certificate: a new file replaces a token choice and the other way round.
      const newFile = input.pkcs12Base64 !== undefined;
      const newToken = checked.token;
      const certificate: SystemCertificate | null = newToken ? newToken.certificate : checked.pkcs12 ? { kind: 'pkcs12', ...checked.pkcs12 } : null;
      const r: Row = {
        id, name: input.name, address: input.address, environment: input.environment, api_url: input.apiUrl ?? null, token_url: input.tokenUrl ?? null,
        client_id: input.clientId ?? null,
        client_secret_enc: seal(input.clientSecret, 'client-secret', 'client_secret_enc'),
        pkcs12_enc: newToken ? null : seal(newFile ? Buffer.from(input.pkcs12Base64!, 'base64') : undefined, 'pkcs12', 'pkcs12_enc'),
        pkcs12_password_enc: newToken ? null : seal(input.pkcs12Password, 'pkcs12-password', 'pkcs12_password_enc'),
        ca_pem: before?.ca_pem ?? null,
        active: (input.active ?? before?.active === 1) ? 1 : 0, updated_at: clock().toISOString(),
        certificate_json: newToken || newFile ? (certificate ? JSON.stringify(certificate) : null) : keep('certificate_json'),
        token_certificate_der: newToken ? Buffer.from(newToken.der) : newFile ? null : keep('token_certificate_der'),
        token_pin_enc: newToken ? seal(input.token!.pin, 'token-pin', 'token_pin_enc') : newFile ? null : keep('token_pin_enc'),
      };
      db.transaction(() => {
        if (r.active) db.prepare('UPDATE edoreczenia_profiles SET active = 0 WHERE active = 1 AND id <> ?').run(id);
        db.prepare(`INSERT INTO edoreczenia_profiles (id, name, address, environment, api_url, token_url, client_id, client_secret_enc, pkcs12_enc, pkcs12_password_enc, ca_pem, active, updated_at,
                      certificate_json, token_certificate_der, token_pin_enc)
                    VALUES (@id, @name, @address, @environment, @api_url, @token_url, @client_id, @client_secret_enc, @pkcs12_enc, @pkcs12_password_enc, @ca_pem, @active, @updated_at,
                      @certificate_json, @token_certificate_der, @token_pin_enc)
                    ON CONFLICT(id) DO UPDATE SET name = @name, address = @address, environment = @environment, api_url = @api_url, token_url = @token_url, client_id = @client_id,
                      client_secret_enc = @client_secret_enc, pkcs12_enc = @pkcs12_enc, pkcs12_password_enc = @pkcs12_password_enc, active = @active, updated_at = @updated_at,
                      certificate_json = @certificate_json, token_certificate_der = @token_certificate_der, token_pin_enc = @token_pin_enc`).run(r);
      })();
      return toProfile(row(id));
    },
    /** Trust for a server certificate outside the system store (integration environments, a test CA). */
    setCaPem(id: string, pem: string | null): void {
      row(id);
      db.prepare('UPDATE edoreczenia_profiles SET ca_pem = ? WHERE id = ?').run(pem, id);
    },
    remove(id: string): { id: string } {
      row(id);
      db.prepare('DELETE FROM edoreczenia_profiles WHERE id = ?').run(id);
      return { id };
    },
  };
}

export type BoxProfiles = ReturnType<typeof createBoxProfiles>;
