/**
 * The generated UA API types and the JSON copy of the contract are current (regenerated and
 * compared), the contract validator accepts what the contract allows and names what it refuses,
 * and R13's roll-forward skips Saturdays, Sundays and holidays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadContractValidator } from '../../electron/node/edoreczenia/contract-validator';
import { deemedDelivery, daysToReceive } from '../../electron/simulators/edoreczenia/rules';

const ROOT = join(__dirname, '../..');

test('api-types.ts and the contract JSON are what openapi-typescript makes from the yaml now', { skip: !existsSync(join(ROOT, '../shared/contracts/edoreczenia/uaapi_3.0.8.1.yaml')) && 'the shared contracts folder is not beside the repository' }, () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-edoreczenia-types.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the contract validator: matching paths, request bodies, parameters and answers', () => {
  const v = loadContractValidator();
  const box = 'AE:PL-10000-20000-NADAW-10';
  const task = v.match('GET', `/${box}/messages/tasks/T-1/status`)!;
  assert.equal(task.template, '/{eDeliveryAddress}/messages/tasks/{messageTaskId}/status');
  assert.equal(v.match('GET', `/${box}/messages/M-1`)!.template, '/{eDeliveryAddress}/messages/{messageId}');
  assert.equal(v.match('POST', `/${box}/M-1/attachments/upload`)!.template, '/{eDeliveryAddress}/{messageId}/attachments/upload');
  const draft = v.match('POST', `/${box}/drafts`)!;
  assert.deepEqual(v.request(draft, { query: new URLSearchParams(), contentType: 'application/json', body: { messageMetadata: { shippingService: 'electronic' } } }), []);
  const bad = v.request(draft, { query: new URLSearchParams(), contentType: 'application/json', body: { messageMetadata: { shippingService: 'pigeon' }, textBody: 'x'.repeat(5001) } });
  assert.ok(bad.some((p) => p.message.includes('electronic, hybrid')) && bad.some((p) => p.message.includes('5000')), JSON.stringify(bad));
  const list = v.match('GET', `/${box}/messages`)!;
  assert.ok(v.request(list, { query: new URLSearchParams({ limit: '2001' }), contentType: null, body: undefined }).some((p) => p.where === 'query.limit'));
  assert.deepEqual(v.response(task, { status: 200, contentType: 'application/json', body: { messageTaskStatus: 'FINISHED' } }), []);
  assert.ok(v.response(task, { status: 200, contentType: 'application/json', body: { messageTaskStatus: 'DONE' } }).length > 0);
  assert.ok(v.response(task, { status: 418, contentType: 'application/json', body: {} }).length > 0);
});

test('R13: D.1 + 14 days, rolled past Saturdays, Sundays and holidays; daysToReceive counts down', () => {
  assert.equal(deemedDelivery(new Date('2026-12-09T10:00:00Z')).lastDay, '2026-12-23');
  // 2026-12-12 + 14 = Saturday 26.12 (also a holiday) → Sunday → Monday 28.12.
  assert.equal(deemedDelivery(new Date('2026-12-12T10:00:00Z')).lastDay, '2026-12-28');
  assert.equal(deemedDelivery(new Date('2026-12-12T10:00:00Z'), 'statute').deemedDate, '2026-12-29');
  // 2026-10-18 + 14 = 1.11 (Sunday, All Saints) → Monday 2.11.
  assert.equal(deemedDelivery(new Date('2026-10-18T08:00:00Z')).lastDay, '2026-11-02');
  assert.equal(daysToReceive(new Date('2026-12-09T10:00:00Z'), new Date('2026-12-20T10:00:00Z')), 3);
  assert.equal(daysToReceive(new Date('2026-12-09T10:00:00Z'), new Date('2027-01-20T10:00:00Z')), 0);
});
