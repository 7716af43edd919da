/**
 * The ePUAP client the outbox sends through: the active sending profile's (its endpoint, subject,
 * reply box and PKCS#12 system certificate), or the built-in environment's when no profile is
 * active. Built on first use and rebuilt when the profile changes; the CLI's `send --profile`
 * picks a profile for its own run without changing which one is active.
 */
import { createEpuapClient, type EpuapClient } from '../epuap/client';
import type { Logger } from '../logger';
import { createFileSigner } from '../signer/file-signer';
import { xmlSignerFor } from '../signer/xml-signer';
import { AppError } from '../../common/errors';
import { readP12Bytes } from './p12-bytes';
import type { ProfileCredentials, SendingProfiles } from './profiles-store';

/** An ePUAP client signing WS-Security with the profile's system certificate. */
export async function epuapClientForProfile(creds: ProfileCredentials, logger: Logger): Promise<EpuapClient> {
  if (!creds.pkcs12) throw new AppError('INVALID_INPUT', `profile ${creds.name} has no system certificate`, { fields: [`${creds.name}: system certificate (PKCS#12) missing`] });
  const [pair] = (await readP12Bytes(creds.pkcs12, creds.pkcs12Password ?? '')).pairs;
  if (!pair) throw new AppError('CERT_FILE_UNSUPPORTED', 'no key in the system certificate file', { file: 'system.p12', reason: 'no key' });
  const file = createFileSigner({ keyPem: pair.key.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem: pair.certificate.toString(), label: `system ${creds.name}` });
  const system = await xmlSignerFor(file, (await file.listCertificates())[0]!.id, '');
  return createEpuapClient({ baseUrl: creds.baseUrl, subject: creds.subject, replyBox: creds.replyBox, system, logger });
}

export interface ProfileClients {
  /** Delegates every call to the client of the profile in force at that moment (what the outbox sender uses). */
  client: Pick<EpuapClient, 'nadaj' | 'dorecz' | 'pending' | 'next' | 'confirm'>;
  /**
   * For this process only, whatever is active: a profile id, 'builtin' (the built-in environment,
   * what `nadawca send` without `--profile` uses), or null (back to the active profile).
   */
  use(choice: string | 'builtin' | null): void;
}

export function createProfileClients(deps: { profiles: SendingProfiles; builtin: EpuapClient; logger: Logger }): ProfileClients {
  let chosen: string | null = null;
  let cached: { key: string; client: Promise<EpuapClient> } | null = null;
  const current = (): Promise<EpuapClient> => {
    const id = chosen === null ? deps.profiles.activeId() : chosen === 'builtin' ? null : chosen;
    if (!id) return Promise.resolve(deps.builtin);
    const key = `${id}@${deps.profiles.get(id).updatedAt}`;
    if (cached?.key !== key) {
      const client = epuapClientForProfile(deps.profiles.credentials(id), deps.logger);
      client.catch(() => { if (cached?.key === key) cached = null; }); // a failed build is retried next time
      cached = { key, client };
    }
    return cached.client;
  };
  return {
    client: {
      nadaj: async (input) => (await current()).nadaj(input),
      dorecz: async (input) => (await current()).dorecz(input),
      pending: async (box) => (await current()).pending(box),
      next: async (box) => (await current()).next(box),
      confirm: async (content, box) => (await current()).confirm(content, box),
    },
    use(choice) {
      if (choice !== null && choice !== 'builtin') deps.profiles.get(choice);
      chosen = choice;
    },
  };
}
