/**
 * PC/SC for diagnostics: is the service running, which readers are there, is a card in them and
 * what is it (by ATR). Runs pcsc-probe.ts in a child process with a time-out (the binding can
 * hang, see there). On Linux the pcscd socket is tried first, so "service not running" is told
 * at once instead of after the time-out.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import type { PcscInfo, ReaderInfo } from '../../common/contract-diagnostics';
import { forkLauncher, type HostProcess, type HostSpec, type ProcessLauncher } from '../process-host';
import { identifyCard, normaliseAtr, type AtrTables } from './atr';
import type { ProbeMessage, ProbeRequest, RawReader } from './pcsc-probe';

/** Must match pcsc-probe.ts PROBE_FLAG (not imported at run time: that module is the child's entry). */
const PROBE_FLAG = '--nadawca-pcsc-probe';

export interface PcscOptions {
  probe: HostSpec;
  launcher?: ProcessLauncher;
  /** Start-up plus listing; default 8 s. */
  timeoutMs?: number;
  /** Quiet time after the last reader reported, before the listing is taken; default 400 ms. */
  settleMs?: number;
  platform?: string;
  env?: NodeJS.ProcessEnv;
}

/** SCARD_STATE_* bits worth showing (winscard.h). */
const STATE_BITS: [number, string][] = [
  [0x0008, 'unavailable'],
  [0x0010, 'empty'],
  [0x0020, 'present'],
  [0x0080, 'exclusive'],
  [0x0100, 'inuse'],
  [0x0200, 'mute'],
];
const SCARD_STATE_PRESENT = 0x0020;

export function decodeReaderState(state: number): string[] {
  return STATE_BITS.filter(([bit]) => (state & bit) !== 0).map(([, name]) => name);
}

/** The socket libpcsclite talks to (PCSCLITE_CSOCK_NAME overrides it, as in libpcsclite itself). */
export function pcscSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
}

function socketAccepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(2000, () => done(false));
  });
}

const PCSCD_PATHS = ['/usr/sbin/pcscd', '/usr/bin/pcscd', '/sbin/pcscd'];
const CCID_PATHS = ['/usr/lib/pcsc/drivers/ifd-ccid.bundle', '/usr/lib64/pcsc/drivers/ifd-ccid.bundle', '/usr/local/lib/pcsc/drivers/ifd-ccid.bundle'];

/** Linux only: the pieces a distribution installs separately (pcscd, libccid). */
export function linuxStack(platform: string = process.platform, exists: (p: string) => boolean = existsSync): PcscInfo['stack'] {
  if (platform !== 'linux') return null;
  return { pcscd: PCSCD_PATHS.some(exists), ccid: CCID_PATHS.some(exists) };
}

export function toReaderInfo(raw: RawReader, tables: AtrTables): ReaderInfo {
  const cardPresent = (raw.state & SCARD_STATE_PRESENT) !== 0 && raw.atr !== '';
  const atr = cardPresent ? normaliseAtr(raw.atr) : null;
  return { name: raw.name, cardPresent, atr, card: atr ? identifyCard(atr, tables) : null, state: decodeReaderState(raw.state) };
}

function startProbe(options: PcscOptions, request: ProbeRequest, onMessage: (m: ProbeMessage) => void): HostProcess {
  const child = (options.launcher ?? forkLauncher)(options.probe, [PROBE_FLAG]);
  child.onMessage((raw) => {
    const m = raw as ProbeMessage; // our own child, speaking the protocol of pcsc-probe.ts
    if ('ready' in m) child.send(request, () => undefined);
    onMessage(m);
  });
  return child;
}

export async function readPcsc(options: PcscOptions, tables: AtrTables): Promise<PcscInfo> {
  const stack = linuxStack(options.platform);
  if (stack) {
    const path = pcscSocketPath(options.env);
    if (!(await socketAccepts(path))) return { service: 'not-running', detail: `no PC/SC service at ${path}`, readers: [], stack };
  }
  const timeoutMs = options.timeoutMs ?? 8000;
  return new Promise<PcscInfo>((resolve) => {
    let lastError: string | null = null;
    let settled = false;
    const finish = (info: PcscInfo) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void child.kill();
      resolve(info);
    };
    const child = startProbe(options, { op: 'snapshot', settleMs: options.settleMs ?? 400 }, (m) => {
      if ('error' in m) lastError = m.error;
      if ('snapshot' in m) finish({ service: 'running', detail: lastError, readers: m.snapshot.map((r) => toReaderInfo(r, tables)), stack });
    });
    child.hold(true);
    child.onExit((how) => finish({ service: 'not-responding', detail: lastError ?? `PC/SC probe exited (${how})`, readers: [], stack }));
    const timer = setTimeout(
      () => finish({ service: 'not-responding', detail: lastError ?? `PC/SC did not answer within ${timeoutMs} ms`, readers: [], stack }),
      timeoutMs,
    );
  });
}

export type ReaderEvent =
  | { kind: 'reader-added' | 'reader-removed'; reader: string }
  | { kind: 'card-inserted'; reader: string; atr: string; card: ReaderInfo['card'] }
  | { kind: 'card-removed'; reader: string };

export interface ReaderWatch {
  stop(): Promise<void>;
}

/** Notices readers and cards coming and going until stopped. */
export function watchReaders(options: PcscOptions, tables: AtrTables, onEvent: (e: ReaderEvent) => void): ReaderWatch {
  const present = new Map<string, boolean>();
  const child = startProbe(options, { op: 'watch' }, (m) => {
    if (!('event' in m)) return;
    const { name } = m.reader;
    if (m.event === 'reader') {
      present.set(name, false);
      onEvent({ kind: 'reader-added', reader: name });
    } else if (m.event === 'reader-gone') {
      present.delete(name);
      onEvent({ kind: 'reader-removed', reader: name });
    } else {
      const info = toReaderInfo(m.reader, tables);
      if (info.cardPresent === present.get(name)) return;
      present.set(name, info.cardPresent);
      onEvent(info.cardPresent && info.atr ? { kind: 'card-inserted', reader: name, atr: info.atr, card: info.card } : { kind: 'card-removed', reader: name });
    }
  });
  child.hold(true);
  return { stop: () => child.kill() };
}
