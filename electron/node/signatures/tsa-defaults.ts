/**
 * Public qualified TSAs of Polish QTSPs, offered in settings but OFF until the user enables one
 * (a request sends a hash of the user's document to a third party, and some need an account).
 */
import type { TsaConfig } from './api';

export interface TsaServerDefault extends TsaConfig {
  name: string;
  enabled: false;
}

export const DEFAULT_TSA_SERVERS: readonly TsaServerDefault[] = [
  { name: 'KIR (Szafir) — kwalifikowany znacznik czasu', url: 'http://www.ts.kir.com.pl/HttpTspServer', enabled: false },
  { name: 'Certum — kwalifikowany znacznik czasu', url: 'http://qts.certum.pl/qts', enabled: false },
];
