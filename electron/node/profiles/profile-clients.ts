/**
 * The ePUAP client the outbox sends through: the active sending profile's (its endpoint, subject,
 * reply box and system certificate — a PKCS#12 file, or a certificate on a PKCS#11 token signed
 * through the signer host), or the built-in environment's when no profile is
 * active. Built on first use and rebuilt when the profile changes; the CLI's `send --profile`
 * picks a profile for its own run without changing which one is active.
 */
import { createEpuapClient, type EpuapClient } from '../epuap/client';
import type { Logger } from '../logger';
import type { Signer } from '../signer/types';
import { AppError } from '../../common/errors';
import { p12XmlSigner } from './p12-bytes';
import type { ProfileCredentials, SendingProfiles } from './profiles-store';
import { tokenXmlSigner } from './system-token';

/**
 * An ePUAP client signing WS-Security with the profile's system certificate. `tokens` is the
 * PKCS#11 signer: a token certificate is used through it, the key staying on the token.
 */
export async function epuapClientForProfile(creds: ProfileCredentials, logger: Logger, tokens: Signer | null = null): Promise<EpuapClient> {
  if (creds.token) {
    const system = tokenXmlSigner(tokens, creds.token, { name: creds.name, pinRejected: creds.token.pinRejected });
    return createEpuapClient({ baseUrl: creds.baseUrl, subject: creds.subject, replyBox: creds.replyBox, system, logger });
  }
  if (!creds.pkcs12) throw new AppError('INVALID_INPUT', `profile ${creds.name} has no system certificate`, { fields: [`${creds.name}: system certificate (PKCS#12 file or token) missing`] });
  const system = await p12XmlSigner(creds.pkcs12, creds.pkcs12Password ?? '', `system ${creds.name}`);
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

export function createProfileClients(deps: { profiles: SendingProfiles; builtin: EpuapClient; logger: Logger; tokens?: Signer | null }): ProfileClients {
  let chosen: string | null = null;
  let cached: { key: string; client: Promise<EpuapClient> } | null = null;
  const current = (): Promise<EpuapClient> => {
    const id = chosen === null ? deps.profiles.activeId() : chosen === 'builtin' ? null : chosen;
    if (!id) return Promise.resolve(deps.builtin);
    const key = `${id}@${deps.profiles.get(id).updatedAt}`;
    if (cached?.key !== key) {
      const client = epuapClientForProfile(deps.profiles.credentials(id), deps.logger, deps.tokens ?? null);
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
