/**
 * IPC handlers of the "Trust and time-stamps" settings (contract-trust.ts) over the trust store.
 * A certificate file is read here (PEM or DER, at most 1 MB) so the store only sees bytes.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../common/errors';
import type { Handlers } from '../router';
import type { TrustStore } from './store';

type TrustHandlers = Pick<Handlers, 'trust.anchors.list' | 'trust.anchors.add' | 'trust.anchors.remove' | 'trust.tsa.list' | 'trust.tsa.add' | 'trust.tsa.setEnabled' | 'trust.tsa.remove' | 'trust.tsa.reorder'>;

const MAX_CERT_FILE = 1_000_000;

/** The bytes of a certificate file the user pointed at. */
export function readCertificateFile(path: string): Buffer {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw new AppError('NOT_FOUND', path, { what: path });
  }
  if (size > MAX_CERT_FILE) throw new AppError('TRUST_ANCHOR_UNREADABLE', `${path} is larger than ${MAX_CERT_FILE} bytes`, { file: basename(path) });
  return readFileSync(path);
}

export function createTrustHandlers(store: TrustStore): TrustHandlers {
  return {
    'trust.anchors.list': async () => store.list(),
    'trust.anchors.add': async (input) => {
      if ('pem' in input) store.addCertificates(input.pem);
      else store.addCertificates(readCertificateFile(input.path), basename(input.path));
      return store.list();
    },
    'trust.anchors.remove': async ({ fingerprint256 }) => {
      store.remove(fingerprint256);
      return store.list();
    },
    'trust.tsa.list': async () => store.tsaServers(),
    'trust.tsa.add': async ({ url, name }) => {
      store.saveTsaServer({ url, name, enabled: true });
      return store.tsaServers();
    },
    'trust.tsa.setEnabled': async ({ url, enabled }) => {
      store.setTsaEnabled(url, enabled);
      return store.tsaServers();
    },
    'trust.tsa.remove': async ({ url }) => {
      store.removeTsaServer(url);
      return store.tsaServers();
    },
    'trust.tsa.reorder': async ({ urls }) => {
      store.reorderTsa(urls);
      return store.tsaServers();
    },
  };
}
