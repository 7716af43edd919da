/**
 * The shape createServices(config) returns (services.ts builds it). Electron main, the CLI and the
 * test harness all use exactly this.
 */
import type { EventName, EventPayload } from '../common/contract';
import type { Lang } from '../common/messages';
import type { Logger } from './logger';
import type { Router } from './router';

export interface ServicesConfig {
  /** Data folder: database, content-addressed files, test environment identities. */
  dataDir: string;
  /** Injected clock (tests); defaults to the wall clock. */
  clock?: () => Date;
  logger?: Logger;
  lang?: Lang;
  /** PKCS#11 module paths to search for certificates, in addition to the known ones. */
  pkcs11Modules?: string[];
  /** How to start the signer host process (a built .js file, or a .ts file with tsx in execArgv). */
  signerHost?: { entry: string; execArgv?: string[] };
  /**
   * Where filings go. 'builtin' (default) starts the built-in simulators on 127.0.0.1 inside
   * this process; an object points at an already running ePUAP endpoint (base URL).
   */
  environment?: 'builtin' | { epuapUrl: string };
  /** App version reported by app.info. */
  version?: string;
}

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface Services {
  router: Router;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}
