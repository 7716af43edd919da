/**
 * Reader diagnostics on a real pcscd with vsmartcard's virtual reader (issue 3 point 7): the reader
 * is listed, a card (vicc) is seen with its ATR and identified, insertion and removal are noticed,
 * and a stopped PC/SC service is reported with advice.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { adviseOn } from '../../electron/node/diagnostics/advice';
import { loadAtrTables, PCSC_TOOLS_LIST } from '../../electron/node/diagnostics/atr';
import { readPcsc, watchReaders, type ReaderEvent } from '../../electron/node/diagnostics/pcsc';
import { requireVirtualReader, startVirtualReader, VICC_ATR } from '../harness/pcsc';

const probe = { entry: path.resolve(__dirname, '../../electron/node/diagnostics/pcsc-probe.ts'), execArgv: ['--import', 'tsx'] };
const tables = loadAtrTables();

function nextEvent(events: ReaderEvent[], kind: ReaderEvent['kind'], from: number, ms = 15_000): Promise<ReaderEvent> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const found = events.slice(from).find((e) => e.kind === kind);
      if (found) return resolve(found);
      if (Date.now() > end) return reject(new Error(`no ${kind} event; got ${JSON.stringify(events)}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

test('a virtual reader: listed, card ATR identified, insertion and removal noticed, service stop reported', { timeout: 120_000 }, async (t) => {
  if (!(await requireVirtualReader(t))) return;
  const reader = await startVirtualReader();
  let stopped = false;
  t.after(async () => {
    if (!stopped) await reader.stop();
  });

  // Empty reader first.
  const empty = await readPcsc({ probe }, tables);
  assert.equal(empty.service, 'running', reader.log());
  assert.equal(empty.stack?.pcscd, true);
  const slot = empty.readers.find((r) => r.name === reader.readerName);
  assert.ok(slot, `reader listed: ${JSON.stringify(empty.readers)}`);
  assert.equal(slot.cardPresent, false);
  assert.equal(slot.atr, null);
  assert.deepEqual(
    adviseOn({ pcsc: empty, modules: [], inventoryError: null, testSignature: null, arch: 'x64' }, 'en').filter((a) => a.code === 'no-card').map((a) => a.params.reader),
    empty.readers.map((r) => r.name),
  );

  // Insert and remove while watching.
  const events: ReaderEvent[] = [];
  const watch = watchReaders({ probe }, tables, (e) => events.push(e));
  t.after(() => watch.stop());
  await nextEvent(events, 'reader-added', 0);
  const mark = events.length;
  await reader.insertCard();
  const inserted = await nextEvent(events, 'card-inserted', mark);
  assert.equal(inserted.kind === 'card-inserted' && inserted.reader, reader.readerName);
  assert.equal(inserted.kind === 'card-inserted' && inserted.atr, VICC_ATR);

  const withCard = await readPcsc({ probe }, tables);
  const present = withCard.readers.find((r) => r.name === reader.readerName);
  assert.ok(present?.cardPresent, JSON.stringify(withCard));
  assert.equal(present.atr, VICC_ATR);
  assert.ok(present.state.includes('present'));
  if (existsSync(PCSC_TOOLS_LIST)) {
    assert.deepEqual(present.card, { names: ['vsmartcard - iso7816 (Other)'], source: 'pcsc-tools', vendor: null, driver: null });
  }
  // A card that no PKCS#11 module shows as a token: the driver is missing.
  const advice = adviseOn({ pcsc: withCard, modules: [], inventoryError: null, testSignature: null, arch: 'x64' }, 'pl');
  const missing = advice.find((a) => a.code === 'card-without-module-unknown');
  assert.ok(missing, JSON.stringify(advice));
  assert.equal(missing.params.atr, VICC_ATR);
  assert.match(missing.message, /żaden moduł PKCS#11/);

  const markRemove = events.length;
  await reader.removeCard();
  assert.equal((await nextEvent(events, 'card-removed', markRemove)).reader, reader.readerName);
  await watch.stop();

  // The service goes away: told at once, with advice.
  await reader.stop();
  stopped = true;
  const down = await readPcsc({ probe }, tables);
  assert.equal(down.service, 'not-running');
  assert.deepEqual(down.readers, []);
  const downAdvice = adviseOn({ pcsc: down, modules: [], inventoryError: null, testSignature: null, arch: 'x64' }, 'uk');
  assert.equal(downAdvice[0]?.code, 'pcsc-not-running');
  assert.match(downAdvice[0]!.message, /PC\/SC/);
});
