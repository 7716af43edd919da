/**
 * The shape createServices(config) returns (services.ts builds it). Electron main, the CLI and the
 * test harness all use exactly this.
 */
import type { EventName, EventPayload } from '../common/contract';
import type { Lang } from '../common/messages';
import type { DesktopHooks } from './export/pdf-export';
import type { Logger } from './logger';
import type { ProcessLauncher } from './process-host';
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
   * Where filings go. 'builtin' (default) starts the built-in test environment (simulators on
   * 127.0.0.1) in its own process; an object describes an environment already running (tests that
   * drive a simulator clock start it themselves).
   */
  environment?: 'builtin' | EnvironmentInfo;
  /** Entry of the built-in environment process; by default found next to the signer host. */
  environmentHost?: { entry: string; execArgv?: string[] };
  /** Starts child processes; the packaged app passes one built on Electron's utilityProcess. */
  launcher?: ProcessLauncher;
  /** App version reported by app.info. */
  version?: string;
  /**
   * The app's background sender: how often to send what is due (retries after back-off). Off when
   * absent — the CLI and tests drive the outbox themselves.
   */
  backgroundSendIntervalMs?: number;
  /** What only the desktop app can do (print to PDF, a save dialog); absent in the CLI. */
  desktop?: DesktopHooks;
}

/** A running test environment: endpoints and the identities it trusts and issues. */
export interface EnvironmentInfo {
  epuapUrl: string;
  /** ePUAP subject id of the sender and its reply box, registered in the simulator. */
  /** `servesLetters`: the subject is a public entity that serves its ePUAP letters with `dorecz` (UPD, notices). */
  sender: { subject: string; replyBox: string; servesLetters?: boolean };
  /** WS-Security system identity registered for `sender.subject`. */
  system: { keyPem: string; certPem: string };
  /** Certificates that may issue receipts (the simulator's CA). */
  trustAnchorPems: string[];
  /** Where the test CA certificate is stored, for verifying with other tools. */
  caPath?: string;
  /** A key-file signer for demos, clearly marked TEST — NOT QUALIFIED. */
  demoSigner?: { keyPem: string; certPem: string; label: string };
  /** The e-Doręczenia simulator (UA API) and the box/system registered in it for the sender. */
  edoreczenia?: EdoreczeniaEnvironment;
}

/** (name, payload) pairs as a union, so `if (name === 'outbox.changed')` narrows the payload too. */
export type EventListener = (...args: { [E in EventName]: [event: E, payload: EventPayload<E>] }[EventName]) => void;

export interface Services {
  router: Router;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

/** Where and as whom the e-Doręczenia channel sends (issue 7). */
export interface EdoreczeniaEnvironment {
  /** UA API base URL, including /api/v1. */
  url: string;
  tokenUrl: string;
  /** The sender's box (ADE). */
  box: string;
  clientId: string;
  clientSecret: string;
  /** CAs the server's TLS certificate chains to (HTTPS only). */
  caPems?: string[];
  /** A public body's box in the simulator, for demos and tests. */
  publicBox?: string;
  /** The simulator's admin endpoint (clock, faults, incoming letters); loopback, test environment only. */
  adminUrl?: string;
}
