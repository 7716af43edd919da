/**
 * The PC/SC probe: a child process that lists readers and card states through @pokusew/pcsclite.
 * A child because the binding can hang: its constructor loops on SCardEstablishContext while the
 * PC/SC service is absent and its event loop keeps the process alive after close(). The parent
 * (pcsc.ts) kills it after a time-out and reports "not responding".
 *
 * Started with PROBE_FLAG (importing this file elsewhere does nothing). Protocol:
 *   → { op: 'snapshot', settleMs } | { op: 'watch' }
 *   ← { ready: true } once; { snapshot: RawReader[] } (then the child exits);
 *     { event: 'reader' | 'reader-gone' | 'status', reader: RawReader } while watching;
 *     { error: string } when the binding reports one.
 */
import { parentChannel, type ParentChannel } from '../process-host';

export const PROBE_FLAG = '--nadawca-pcsc-probe';

export interface RawReader {
  name: string;
  /** SCARD_STATE_* bits of the last status (0 before the first one). */
  state: number;
  /** Hex ATR, '' when no card. */
  atr: string;
}

/** The part of @pokusew/pcsclite used here (its typings do not export the interfaces). */
interface CardReader {
  name: string;
  on(event: 'status', listener: (status: { state: number; atr?: Buffer }) => void): void;
  on(event: 'error', listener: (e: unknown) => void): void;
  on(event: 'end', listener: () => void): void;
}
interface PCSCLite {
  on(event: 'reader', listener: (reader: CardReader) => void): void;
  on(event: 'error', listener: (e: unknown) => void): void;
}

export type ProbeRequest = { op: 'snapshot'; settleMs: number } | { op: 'watch' };
export type ProbeMessage =
  | { ready: true }
  | { snapshot: RawReader[] }
  | { event: 'reader' | 'reader-gone' | 'status'; reader: RawReader }
  | { error: string };

function run(channel: ParentChannel, request: ProbeRequest): void {
  // Loaded here, not at import: importing this module must not touch the native layer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pcsc = (require('@pokusew/pcsclite') as () => PCSCLite)();
  const readers = new Map<string, RawReader>();
  const send = (m: ProbeMessage) => channel.send(m);
  let settle: NodeJS.Timeout | undefined;
  const snapshotSoon = () => {
    if (request.op !== 'snapshot') return;
    clearTimeout(settle);
    // Wait until every reader has reported its first status, then a little longer for late readers.
    if ([...readers.values()].some((r) => r.state === 0)) return;
    settle = setTimeout(() => {
      send({ snapshot: [...readers.values()] });
      setTimeout(() => process.exit(0), 50); // the binding's thread would keep us alive
    }, request.settleMs);
  };
  pcsc.on('error', (e: unknown) => send({ error: e instanceof Error ? e.message : String(e) }));
  pcsc.on('reader', (reader: CardReader) => {
    const entry: RawReader = { name: reader.name, state: 0, atr: '' };
    readers.set(reader.name, entry);
    if (request.op === 'watch') send({ event: 'reader', reader: entry });
    reader.on('error', (e: unknown) => send({ error: `${reader.name}: ${e instanceof Error ? e.message : String(e)}` }));
    reader.on('status', (status) => {
      entry.state = status.state;
      entry.atr = status.atr && status.atr.length > 0 ? status.atr.toString('hex') : '';
      if (request.op === 'watch') send({ event: 'status', reader: { ...entry } });
      snapshotSoon();
    });
    reader.on('end', () => {
      readers.delete(reader.name);
      if (request.op === 'watch') send({ event: 'reader-gone', reader: entry });
      snapshotSoon();
    });
  });
  snapshotSoon(); // no reader at all: answer after the settle time
}

const channel = process.argv.includes(PROBE_FLAG) ? parentChannel() : null;
if (channel) {
  channel.onMessage((message) => run(channel, message as ProbeRequest));
  channel.send({ ready: true } satisfies ProbeMessage);
}
