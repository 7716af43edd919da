/** The register's query contract for sent and received correspondence (direction, mixed states). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INCOMING_STATES, REGISTER_STATES, registerItemSchema, registerQuerySchema } from '../../electron/common/contract-outbox';

test('direction is optional and only in/out; filing and received states may be mixed in one filter', () => {
  assert.deepEqual(registerQuerySchema.parse({ flow: 'in' }).flow, 'in');
  assert.equal(registerQuerySchema.parse({}).flow, undefined, 'both directions by default');
  assert.throws(() => registerQuerySchema.parse({ flow: 'sideways' }));
  assert.deepEqual(registerQuerySchema.parse({ states: ['delivered', 'awaiting'] }).states, ['delivered', 'awaiting']);
  assert.throws(() => registerQuerySchema.parse({ states: ['opened'] }));
  assert.throws(() => registerQuerySchema.parse({ states: [...REGISTER_STATES, ...INCOMING_STATES, 'draft'] }), 'no longer than every state once');
});

test('a register item says its direction; a received one may carry D.1 and collection dates', () => {
  const base = { id: 'ed:MSG-1', state: 'awaiting', channel: 'edoreczenia', to: 'AE:PL-1', addressee: 'ZUS', title: 'Wezwanie', caseRef: '', remoteId: 'MSG-1', createdAt: '2026-01-01T00:00:00Z', sentAt: null, deliveredAt: null, receiptId: null, receiptVerified: null };
  assert.equal(registerItemSchema.parse({ ...base, flow: 'in', availableAt: '2026-01-01T00:00:00Z', collectedAt: null }).flow, 'in');
  assert.throws(() => registerItemSchema.parse(base), 'direction is required');
});
