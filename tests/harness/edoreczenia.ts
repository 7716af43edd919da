/**
 * An e-Doręczenia simulator in the test process (so tests can move its clock and inject faults),
 * with the test identities' seal, three boxes and one registered system client.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEdoreczeniaClient, type EdoreczeniaClientOptions } from '../../electron/node/edoreczenia/client';
import { startEdoreczeniaSimulator, type EdoreczeniaSimulator, type SimulatorOptions } from '../../electron/simulators/edoreczenia';
import { ensureTestIdentities, type TestIdentities } from '../../electron/simulators/test-identities';

/** The sender's box: a company (non-public). */
export const OWN_BOX = 'AE:PL-10000-20000-NADAW-10';
/** A public body (municipality) and a natural person (non-public). */
export const PUBLIC_BOX = 'AE:PL-30000-40000-URZAD-20';
export const PERSON_BOX = 'AE:PL-50000-60000-OSOBA-30';
export const CLIENT = { clientId: 'nadawca-test', clientSecret: 'sekret-testowy-123' };

export interface EdoreczeniaFixture {
  sim: EdoreczeniaSimulator;
  ids: TestIdentities;
  clientOptions(extra?: Partial<EdoreczeniaClientOptions>): EdoreczeniaClientOptions;
  client(extra?: Partial<EdoreczeniaClientOptions>): ReturnType<typeof createEdoreczeniaClient>;
  close(): Promise<void>;
}

export async function startEdoreczeniaFixture(extra: Partial<SimulatorOptions> = {}): Promise<EdoreczeniaFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-edor-'));
  const ids = await ensureTestIdentities(dir);
  const sim = await startEdoreczeniaSimulator({
    seal: ids.simulator,
    boxes: [
      { address: OWN_BOX, name: 'Biuro Rachunkowe Test sp. z o.o.', public: false },
      { address: PUBLIC_BOX, name: 'Urząd Miasta Testowo', public: true },
      { address: PERSON_BOX, name: 'Jan Testowy', public: false, person: { first: 'Jan', last: 'Testowy' } },
    ],
    clients: [
      { ...CLIENT, box: OWN_BOX },
      { clientId: 'urzad', clientSecret: 'urzad-sekret', box: PUBLIC_BOX },
      { clientId: 'osoba', clientSecret: 'osoba-sekret', box: PERSON_BOX },
    ],
    ...extra,
  });
  const clientOptions = (more: Partial<EdoreczeniaClientOptions> = {}): EdoreczeniaClientOptions => ({ baseUrl: sim.url, tokenUrl: sim.tokenUrl, address: OWN_BOX, ...CLIENT, validate: true, ...more });
  return {
    sim, ids, clientOptions,
    client: (more) => createEdoreczeniaClient(clientOptions(more)),
    async close() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Per-run TLS material made with openssl: a test CA, the simulator's server certificate for
 * 127.0.0.1 and the system's client certificate with its key as PKCS#12 (what an office receives).
 */
export interface TlsMaterial { caPem: string; serverCertPem: string; serverKeyPem: string; clientCertPem: string; pkcs12: Uint8Array; pkcs12Password: string }

export function makeTlsMaterial(dir: string): TlsMaterial {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Nadawca TLS test CA');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, cn] of [['server', '127.0.0.1'], ['client', 'System EZD (TEST)']] as const) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  }
  const pkcs12Password = 'haslo-p12';
  ssl('pkcs12', '-export', '-inkey', 'client.key', '-in', 'client.pem', '-out', 'client.p12', '-passout', `pass:${pkcs12Password}`);
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return { caPem: read('ca.pem'), serverCertPem: read('server.pem'), serverKeyPem: read('server.key'), clientCertPem: read('client.pem'), pkcs12: new Uint8Array(readFileSync(join(dir, 'client.p12'))), pkcs12Password };
}
