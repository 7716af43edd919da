/**
 * ePUAP sending profiles in `sending_profiles` (migrations 005, 010 and 011). The system
 * certificate is a PKCS#12 file (sealed with its password) or a certificate on a PKCS#11 token
 * (its DER kept, the token PIN sealed: the background sender signs unattended). Secrets are sealed
 * by the e-Doręczenia secrets module (one key per data folder, AES-GCM bound to the profile id)
 * and leave this module only as in-memory credentials for the client. One profile per channel is
 * active (`is_default`); with none, the built-in environment sends.
 */
import { randomUUID } from 'node:crypto';
import { EPUAP_ENDPOINTS, type ProfileEnvironment, type ProfileInput, type SendingProfile } from '../../common/contract-profiles';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';
import { openSecret, sealSecret, type KeyProvider } from '../edoreczenia/secrets';
import type { Signer } from '../signer/types';
import { checkSystemP12 } from './p12-bytes';
import { checkSystemToken, type StoredToken } from './system-token';

interface Row {
  id: string; name: string; channel: 'epuap'; spec_json: string; is_default: number; created_at: string; updated_at: string;
  pkcs12_enc: string | null; pkcs12_password_enc: string | null; token_certificate_der: Buffer | null; token_pin_enc: string | null;
}

/** What spec_json holds: everything but the secrets. */
interface Spec {
  environment: ProfileEnvironment;
  endpoint: string | null;
  subject: string;
  replyBox: string;
  certificate: SendingProfile['certificate'];
}

/** What a client needs, secrets opened: only ever held in memory. */
export interface ProfileCredentials {
  id: string; name: string; updatedAt: string; baseUrl: string; subject: string; replyBox: string;
  pkcs12: Buffer | null; pkcs12Password: string | null;
  /** The system certificate on a token, with a hook that drops the stored PIN once the card refuses it. */
  token: (StoredToken & { pinRejected(): void }) | null;
}

const ctx = (id: string, what: string) => `epuap-profile:${id}:${what}`;

/** `tokens`: the PKCS#11 signer (signer host) that checks and signs with token certificates. */
export function createSendingProfiles(deps: { db: Db; keys: KeyProvider; clock: () => Date; tokens?: Signer | null }) {
  const { db, keys, clock } = deps;
  const toProfile = (r: Row): SendingProfile => {
    const spec = JSON.parse(r.spec_json) as Spec;
    const certificate = spec.certificate?.kind === 'token' ? { ...spec.certificate, pinStored: r.token_pin_enc !== null } : spec.certificate;
    return { id: r.id, name: r.name, channel: 'epuap', ...spec, certificate, active: r.is_default === 1, updatedAt: r.updated_at };
  };
  const find = (where: string, value: string) => db.prepare<[string], Row>(`SELECT * FROM sending_profiles WHERE channel = 'epuap' AND ${where} = ?`).get(value);
  const row = (id: string) => {
    const r = find('id', id);
    if (!r) throw new AppError('NOT_FOUND', `sending profile ${id}`, { what: id });
    return r;
  };

  return {
    list(): SendingProfile[] {
      return db.prepare<[], Row>("SELECT * FROM sending_profiles WHERE channel = 'epuap' ORDER BY name, id").all().map(toProfile);
    },
    get: (id: string): SendingProfile => toProfile(row(id)),
    byName(name: string): SendingProfile {
      const r = find('name', name);
      if (!r) throw new AppError('NOT_FOUND', `sending profile ${name}`, { what: name });
      return toProfile(r);
    },
    /**
     * Checks the certificate file with its password (PASSWORD_INCORRECT), or the token certificate
     * with its PIN (TOKEN_ABSENT, PIN_INCORRECT), before anything is stored.
     */
    async save(input: ProfileInput): Promise<SendingProfile> {
      const before = input.id ? row(input.id) : null;
      const id = before?.id ?? randomUUID();
      const clash = find('name', input.name);
      if (clash && clash.id !== id) throw new AppError('INVALID_INPUT', `profile name taken: ${input.name}`, { fields: [`name: "${input.name}" is already used by another profile`] });
      const beforeSpec = before ? (JSON.parse(before.spec_json) as Spec) : null;

      let certificate = beforeSpec?.certificate ?? null;
      let pkcs12Enc = before?.pkcs12_enc ?? null;
      let passwordEnc = before?.pkcs12_password_enc ?? null;
      let tokenDer = before?.token_certificate_der ?? null;
      let tokenPinEnc = before?.token_pin_enc ?? null;
      if (input.token !== undefined) {
        const checked = await checkSystemToken(deps.tokens ?? null, input.token);
        certificate = checked.certificate;
        tokenDer = Buffer.from(checked.der);
        tokenPinEnc = sealSecret(keys, input.token.pin, ctx(id, 'token-pin'));
        pkcs12Enc = null;
        passwordEnc = null;
      }
      if (input.pkcs12Base64 !== undefined) {
        const bytes = Buffer.from(input.pkcs12Base64, 'base64');
        certificate = { kind: 'pkcs12', ...(await checkSystemP12(bytes, input.pkcs12Password ?? '', input.pkcs12FileName)) };
        pkcs12Enc = sealSecret(keys, bytes, ctx(id, 'pkcs12'));
        passwordEnc = sealSecret(keys, input.pkcs12Password ?? '', ctx(id, 'pkcs12-password'));
        tokenDer = null;
        tokenPinEnc = null;
      }
      const spec: Spec = {
        environment: input.environment,
        endpoint: input.endpoint ?? null,
        subject: input.subject,
        replyBox: input.replyBox ?? `/${input.subject}/SkrytkaESP`,
        certificate,
      };
      const now = clock().toISOString();
      const active = input.active ?? before?.is_default === 1;
      db.transaction(() => {
        if (active) db.prepare("UPDATE sending_profiles SET is_default = 0 WHERE channel = 'epuap' AND id <> ?").run(id);
        db.prepare(`INSERT INTO sending_profiles (id, name, channel, spec_json, is_default, created_at, updated_at, pkcs12_enc, pkcs12_password_enc, token_certificate_der, token_pin_enc)
                    VALUES (@id, @name, 'epuap', @spec, @active, @now, @now, @pkcs12Enc, @passwordEnc, @tokenDer, @tokenPinEnc)
                    ON CONFLICT(id) DO UPDATE SET name = @name, spec_json = @spec, is_default = @active, updated_at = @now,
                      pkcs12_enc = @pkcs12Enc, pkcs12_password_enc = @passwordEnc, token_certificate_der = @tokenDer, token_pin_enc = @tokenPinEnc`)
          .run({ id, name: input.name, spec: JSON.stringify(spec), active: active ? 1 : 0, now, pkcs12Enc, passwordEnc, tokenDer, tokenPinEnc });
      })();
      return toProfile(row(id));
    },
    remove(id: string): { id: string } {
      row(id);
      db.prepare('DELETE FROM sending_profiles WHERE id = ?').run(id);
      return { id };
    },
    /** Makes `id` the channel's active profile; null: none (the built-in environment sends). */
    activate(id: string | null): SendingProfile[] {
      if (id) row(id);
      db.transaction(() => {
        db.prepare("UPDATE sending_profiles SET is_default = 0 WHERE channel = 'epuap'").run();
        if (id) db.prepare('UPDATE sending_profiles SET is_default = 1, updated_at = ? WHERE id = ?').run(clock().toISOString(), id);
      })();
      return this.list();
    },
    activeId(): string | null {
      return db.prepare<[], { id: string }>("SELECT id FROM sending_profiles WHERE channel = 'epuap' AND is_default = 1").get()?.id ?? null;
    },
    credentials(id: string): ProfileCredentials {
      const r = row(id);
      const spec = JSON.parse(r.spec_json) as Spec;
      const tokenId = spec.certificate?.kind === 'token' ? spec.certificate.certificateId : null;
      const baseUrl = spec.endpoint ?? (spec.environment === 'simulator' ? null : EPUAP_ENDPOINTS[spec.environment]);
      if (!baseUrl) throw new AppError('INVALID_INPUT', `profile ${r.name} has no endpoint`, { fields: ['endpoint: required for the simulator'] });
      return {
        id: r.id, name: r.name, updatedAt: r.updated_at, baseUrl, subject: spec.subject, replyBox: spec.replyBox,
        pkcs12: r.pkcs12_enc ? openSecret(keys, r.pkcs12_enc, ctx(r.id, 'pkcs12')) : null,
        pkcs12Password: r.pkcs12_password_enc ? openSecret(keys, r.pkcs12_password_enc, ctx(r.id, 'pkcs12-password')).toString('utf8') : null,
        token: tokenId && r.token_certificate_der ? {
          certificateId: tokenId,
          der: new Uint8Array(r.token_certificate_der),
          pin: r.token_pin_enc ? openSecret(keys, r.token_pin_enc, ctx(r.id, 'token-pin')).toString('utf8') : null,
          // Only this PIN goes (not one saved since): the profile keeps its certificate and asks for the PIN again.
          pinRejected: () => void db.prepare('UPDATE sending_profiles SET token_pin_enc = NULL WHERE id = ? AND token_pin_enc = ?').run(r.id, r.token_pin_enc),
        } : null,
      };
    },
  };
}

export type SendingProfiles = ReturnType<typeof createSendingProfiles>;
