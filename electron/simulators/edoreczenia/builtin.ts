/**
 * The e-Doręczenia simulator as the built-in test environment runs it: the sender's box (a
 * company), a public body's box and a natural person's, one registered system client for the
 * sender. The client secret is a fixed test value: it protects nothing outside this loopback run.
 */
import type { EdoreczeniaEnvironment } from '../../node/services-api';
import { startEdoreczeniaSimulator, type EdoreczeniaSimulator, type SimulatorOptions } from './simulator';

export const BUILTIN_BOXES = {
  own: 'AE:PL-10000-20000-NADAW-10',
  publicBody: 'AE:PL-30000-40000-URZAD-20',
  person: 'AE:PL-50000-60000-OSOBA-30',
} as const;
const CLIENT = { clientId: 'nadawca-test', clientSecret: 'nadawca-test-secret' };

export async function startBuiltinEdoreczenia(seal: { certPem: string; keyPem: string }, extra: Partial<SimulatorOptions> = {}): Promise<{ simulator: EdoreczeniaSimulator; environment: EdoreczeniaEnvironment }> {
  const simulator = await startEdoreczeniaSimulator({
    seal,
    boxes: [
      { address: BUILTIN_BOXES.own, name: 'Nadawca (środowisko testowe)', public: false },
      { address: BUILTIN_BOXES.publicBody, name: 'Urząd Miasta Testowo (symulator)', public: true },
      { address: BUILTIN_BOXES.person, name: 'Jan Testowy', public: false, person: { first: 'Jan', last: 'Testowy' } },
    ],
    clients: [{ ...CLIENT, box: BUILTIN_BOXES.own }, { clientId: 'urzad-testowo', clientSecret: 'urzad-testowo-secret', box: BUILTIN_BOXES.publicBody }],
    ...extra,
  });
  return {
    simulator,
    environment: { url: simulator.url, tokenUrl: simulator.tokenUrl, adminUrl: simulator.adminUrl, box: BUILTIN_BOXES.own, ...CLIENT, publicBox: BUILTIN_BOXES.publicBody },
  };
}
