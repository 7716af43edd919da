/**
 * ePUAP sending profiles in `sending_profiles` (migrations 005 and 010). The PKCS#12 system
 * certificate and its password are sealed by the e-Doręczenia secrets module (one key per data
 * folder, AES-GCM bound to the profile id) and leave this module only as BoxCredentials-like
 * in-memory values for the client. One profile per channel is active (`is_default`); with none,
 * the built-in environment sends.
 */
import { randomUUID } from 'node:crypto';
import { EPUAP_ENDPOINTS, type ProfileEnvironment, type ProfileInput, type SendingProfile } from '../../common/contract-profiles';
import { AppError } from '../../common/errors';
import type { Db } from '../db/database';
import { openSecret, sealSecret, type KeyProvider } from '../edoreczenia/secrets';
import { readP12Bytes } from './p12-bytes';

interface Row {
  id: string; name: string; channel: 'epuap'; spec_json: string; is_default: number; created_at: string; updated_at: string;
  pkcs12_enc: string | null; pkcs12_password_enc: string | null;
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
}

const ctx = (id: string, what: string) => `epuap-profile:${id}:${what}`;

export function createSendingProfiles(deps: { db: Db; keys: KeyProvider; clock: () => Date }) {
  const { db, keys, clock } = deps;
  const toProfile = (r: Row): SendingProfile => {
    const spec = JSON.parse(r.spec_json) as Spec;
    return { id: r.id, name: r.name, channel: 'epuap', ...spec, active: r.is_default === 1, updatedAt: r.updated_at };
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
    /** Checks the certificate file with its password before anything is stored (PASSWORD_INCORRECT). */
    async save(input: ProfileInput): Promise<SendingProfile> {
      const before = input.id ? row(input.id) : null;
      const id = before?.id ?? randomUUID();
      const clash = find('name', input.name);
      if (clash && clash.id !== id) throw new AppError('INVALID_INPUT', `profile name taken: ${input.name}`, { fields: [`name: "${input.name}" is already used by another profile`] });
      const beforeSpec = before ? (JSON.parse(before.spec_json) as Spec) : null;

      let certificate = beforeSpec?.certificate ?? null;
      let pkcs12Enc = before?.pkcs12_enc ?? null;
      let passwordEnc = before?.pkcs12_password_enc ?? null;
      if (input.pkcs12Base64 !== undefined) {
        const bytes = Buffer.from(input.pkcs12Base64, 'base64');
        const { pairs } = await readP12Bytes(bytes, input.pkcs12Password ?? '', input.pkcs12FileName);
        const pair = pairs[0];
        if (!pair || pairs.length > 1) {
          throw new AppError('CERT_FILE_UNSUPPORTED', 'a system certificate file holds exactly one key', { file: 'PKCS#12', reason: `${pairs.length} keys` });
        }
        certificate = { kind: 'pkcs12', subject: pair.certificate.subject.replace(/\n/g, ', '), notAfter: new Date(pair.certificate.validTo).toISOString() };
        pkcs12Enc = sealSecret(keys, bytes, ctx(id, 'pkcs12'));
        passwordEnc = sealSecret(keys, input.pkcs12Password ?? '', ctx(id, 'pkcs12-password'));
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
        db.prepare(`INSERT INTO sending_profiles (id, name, channel, spec_json, is_default, created_at, updated_at, pkcs12_enc, pkcs12_password_enc)
                    VALUES (@id, @name, 'epuap', @spec, @active, @now, @now, @pkcs12Enc, @passwordEnc)
                    ON CONFLICT(id) DO UPDATE SET name = @name, spec_json = @spec, is_default = @active, updated_at = @now,
                      pkcs12_enc = @pkcs12Enc, pkcs12_password_enc = @passwordEnc`)
          .run({ id, name: input.name, spec: JSON.stringify(spec), active: active ? 1 : 0, now, pkcs12Enc, passwordEnc });
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
      const baseUrl = spec.endpoint ?? (spec.environment === 'simulator' ? null : EPUAP_ENDPOINTS[spec.environment]);
      if (!baseUrl) throw new AppError('INVALID_INPUT', `profile ${r.name} has no endpoint`, { fields: ['endpoint: required for the simulator'] });
      return {
        id: r.id, name: r.name, updatedAt: r.updated_at, baseUrl, subject: spec.subject, replyBox: spec.replyBox,
        pkcs12: r.pkcs12_enc ? openSecret(keys, r.pkcs12_enc, ctx(r.id, 'pkcs12')) : null,
        pkcs12Password: r.pkcs12_password_enc ? openSecret(keys, r.pkcs12_password_enc, ctx(r.id, 'pkcs12-password')).toString('utf8') : null,
      };
    },
  };
}

export type SendingProfiles = ReturnType<typeof createSendingProfiles>;
