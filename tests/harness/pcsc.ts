/**
 * A private pcscd with a virtual reader for tests (ARCHITECTURE §5): pcscd from Debian's pcscd
 * package reads its own reader.conf folder (-c) naming vsmartcard's vpcd driver on a free port;
 * `vicc` (python3-virtualsmartcard) connects to that port as a card being inserted, and is killed
 * to remove it.
 *
 * Two Debian quirks handled here without touching system files: python3-virtualsmartcard installs
 * into /usr/lib/python3/site-packages/virtualsmartcard (not on sys.path), and it imports `Crypto`
 * while Debian ships pycryptodome as `Cryptodome` — a sitecustomize.py in a temp folder on
 * PYTHONPATH aliases the name.
 *
 * pcscd always serves /run/pcscd/pcscd.comm (pcsc-lite 1.9 has no socket option), so it needs root
 * and only one test may run it at a time: a lock folder serialises test files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
const LOCK = path.join(tmpdir(), 'nadawca-pcscd.lock');
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const VICC = '/usr/bin/vicc';
const VSC_PYTHON_DIRS = ['/usr/lib/python3/site-packages/virtualsmartcard', '/usr/lib/python3/dist-packages'];
/** The ATR vicc's iso7816 card answers with (vsmartcard's default). */
export const VICC_ATR = '3B 95 13 81 01 80 73 FF 01 00 0B';
/** vpcd names its first slot like this (FRIENDLYNAME + " 00 00"). */
export const VIRTUAL_READER = 'Nadawca Virtual PCD 00 00';

export interface VirtualReader {
  port: number;
  readerName: string;
  insertCard(): Promise<void>;
  removeCard(): Promise<void>;
  /** Stops vicc and pcscd and releases the lock. */
  stop(): Promise<void>;
  /** pcscd's debug log so far (for failure messages). */
  log(): string;
}

function socketAccepts(p: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ path: p });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

function which(file: string): boolean {
  return existsSync(file) || (process.env.PATH ?? '').split(':').some((d) => existsSync(path.join(d, file)));
}

/** Why the virtual reader cannot run here, or null when it can. */
export async function pcscUnavailableReason(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'pcscd must run as root (it serves /run/pcscd)';
  if (!which('pcscd')) return 'pcscd not installed (apt-get install pcscd)';
  if (!existsSync(VPCD_DRIVER)) return 'vpcd driver missing (apt-get install vsmartcard-vpcd)';
  if (!existsSync(VICC) || !vscPythonDir()) return 'vicc missing (apt-get install vsmartcard-vpicc python3-virtualsmartcard)';
  return null;
}

/** Skips outside CI with the reason; in CI (CI=true) a missing piece is a failure, never a skip. */
export async function requireVirtualReader(t: TestContext): Promise<boolean> {
  const reason = await pcscUnavailableReason();
  if (!reason) return true;
  if (process.env.CI === 'true') throw new Error(`virtual reader unavailable in CI: ${reason}`);
  t.skip(`virtual reader unavailable: ${reason}`);
  return false;
}

function vscPythonDir(): string | undefined {
  return VSC_PYTHON_DIRS.find((d) => existsSync(path.join(d, 'virtualsmartcard', 'VirtualSmartcard.py')));
}

/** A port p with p+1 also free (vpcd opens one per slot). */
async function freePortPair(): Promise<number> {
  const listen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(null));
      srv.listen(port, '0.0.0.0', () => {
        const got = (srv.address() as { port: number }).port;
        srv.close(() => resolve(got));
      });
    });
  for (let i = 0; i < 20; i++) {
    const p = await listen(0);
    if (p && p < 65535 && (await listen(p + 1))) return p;
  }
  throw new Error('no free port pair for vpcd');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function takeLock(): Promise<void> {
  await until('the pcscd test lock', () => {
    try {
      mkdirSync(LOCK);
      writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      return true;
    } catch {
      // A lock left by a test process that died is taken over.
      let pid: number;
      try {
        pid = Number(readFileSync(path.join(LOCK, 'pid'), 'utf8').trim());
      } catch {
        return false; // being created right now
      }
      try {
        process.kill(pid, 0);
      } catch {
        rmSync(LOCK, { recursive: true, force: true });
      }
      return false;
    }
  }, 120_000);
}

function stopChild(child: ChildProcess | null): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

export async function startVirtualReader(): Promise<VirtualReader> {
  await takeLock();
  const dir = mkdtempSync(path.join(tmpdir(), 'nadawca-pcsc-'));
  let pcscd: ChildProcess | null = null;
  let vicc: ChildProcess | null = null;
  let log = '';
  try {
    if (await socketAccepts(PCSCD_SOCKET)) throw new Error(`another pcscd already serves ${PCSCD_SOCKET}; stop it to run the virtual reader tests`);
    const port = await freePortPair();
    mkdirSync(path.join(dir, 'reader.conf.d'));
    writeFileSync(
      path.join(dir, 'reader.conf.d', 'vpcd'),
      `FRIENDLYNAME "Nadawca Virtual PCD"\nDEVICENAME /dev/null:0x${port.toString(16)}\nLIBPATH ${VPCD_DRIVER}\nCHANNELID 0x${port.toString(16)}\n`,
    );
    mkdirSync(path.join(dir, 'python'));
    writeFileSync(path.join(dir, 'python', 'sitecustomize.py'), 'import sys\nimport Cryptodome\nsys.modules.setdefault("Crypto", Cryptodome)\n');
    // --auto-exit: a pcscd orphaned by a killed test run goes away by itself after 60 s idle.
    pcscd = spawn('pcscd', ['--foreground', '--auto-exit', '--debug', '-c', path.join(dir, 'reader.conf.d')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (d: Buffer) => { log = (log + d.toString()).slice(-20_000); };
    pcscd.stdout?.on('data', collect);
    pcscd.stderr?.on('data', collect);
    const daemon = pcscd;
    await until('pcscd to serve its socket', async () => {
      if (daemon.exitCode !== null) throw new Error(`pcscd exited: ${log}`);
      return /daemon ready/.test(log) && (await socketAccepts(PCSCD_SOCKET));
    });
    const env = { ...process.env, PYTHONPATH: [path.join(dir, 'python'), vscPythonDir()].join(':') };
    const reader: VirtualReader = {
      port,
      readerName: VIRTUAL_READER,
      async insertCard() {
        if (vicc && vicc.exitCode === null) return;
        const before = log.length;
        const child = spawn(VICC, ['-t', 'iso7816', '-H', '127.0.0.1', '-P', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
        child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
        vicc = child;
        // vpcd logs the card's connection; pcscd then powers it up and reads the ATR.
        await until('vicc to connect to vpcd', () => {
          if (child.exitCode !== null) throw new Error(`vicc exited: ${out}`);
          return /Card inserted|Connected to virtual ICC|ATR/i.test(log.slice(before));
        });
      },
      async removeCard() {
        await stopChild(vicc);
        vicc = null;
      },
      async stop() {
        await stopChild(vicc);
        await stopChild(pcscd);
        rmSync(dir, { recursive: true, force: true });
        rmSync(LOCK, { recursive: true, force: true });
      },
      log: () => log,
    };
    return reader;
  } catch (e) {
    await stopChild(vicc);
    await stopChild(pcscd);
    rmSync(dir, { recursive: true, force: true });
    rmSync(LOCK, { recursive: true, force: true });
    throw e;
  }
}
