/** Which channel the directory proposes for a letter, by the letter's date (docs/DOMAIN-inboxes.md §1.1). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DirectoryEntry } from '../../electron/common/contract-directory';
import { proposeChannel } from '../../electron/node/directory/directory-service';

const ADE = 'AE:PL-28080-40239-TUSBF-26';
const base: DirectoryEntry = { id: 'x', name: 'Urząd', kind: 'public', notes: '', source: '' };
const both: DirectoryEntry = { ...base, epuap: { address: '/urzad/SkrytkaESP' }, edoreczenia: { address: ADE } };
const epuapOnly: DirectoryEntry = { ...base, epuap: { address: '/urzad/SkrytkaESP' } };
const adeOnly: DirectoryEntry = { ...base, edoreczenia: { address: ADE } };

test('from 2026-01-01 e-Doręczenia when the entry has an ADE', () => {
  assert.deepEqual(proposeChannel(both, '2026-01-01'), { channel: 'edoreczenia', address: ADE, reason: 'edoreczenia-primary' });
  assert.deepEqual(proposeChannel(both, '2026-11-23'), { channel: 'edoreczenia', address: ADE, reason: 'edoreczenia-primary' });
  assert.deepEqual(proposeChannel(adeOnly, '2027-03-01'), { channel: 'edoreczenia', address: ADE, reason: 'edoreczenia-primary' });
});

test('from 2026-01-01 without an ADE: ePUAP, with the reason saying the ADE is missing', () => {
  assert.deepEqual(proposeChannel(epuapOnly, '2026-01-01'), { channel: 'epuap', address: '/urzad/SkrytkaESP', reason: 'epuap-no-ade' });
});

test('up to 2025-12-31 ePUAP was equivalent: a known box is kept; an ADE alone is used', () => {
  assert.deepEqual(proposeChannel(both, '2025-12-31'), { channel: 'epuap', address: '/urzad/SkrytkaESP', reason: 'epuap-before-2026' });
  assert.deepEqual(proposeChannel(adeOnly, '2025-06-30'), { channel: 'edoreczenia', address: ADE, reason: 'edoreczenia-only' });
});

test('no address known: manual, and no address is made up', () => {
  for (const date of ['2025-12-31', '2026-01-01']) {
    assert.deepEqual(proposeChannel(base, date), { channel: 'manual', address: null, reason: 'no-address' });
  }
});
