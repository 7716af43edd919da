import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeInputSchema, channels, CHANNEL_NAMES } from '../../electron/common/contract';

const valid = {
  sender: { person: { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' }, address: { postalCode: '43-400', city: 'Cieszyn', building: '1' } },
  addressee: { name: 'KRUS', inbox: '/KRUS/SkrytkaESP' },
  place: 'Cieszyn', date: '2026-11-23', title: 'Wniosek', content: ['Treść'],
};

const failingPaths = (input: unknown) => {
  const r = composeInputSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

test('a valid description parses with defaults', () => {
  const r = composeInputSchema.parse(valid);
  assert.equal(r.template, '4566');
  assert.equal(r.kind, 'wniosek');
  assert.deepEqual(r.attachments, []);
});

test('every wrong field is named', () => {
  const paths = failingPaths({
    ...valid,
    sender: { ...valid.sender, person: { ...valid.sender.person, pesel: '85022512341' }, address: { ...valid.sender.address, postalCode: '43400' } },
    addressee: { name: 'KRUS', inbox: 'KRUS' },
    title: '',
  });
  for (const p of ['sender.person.pesel', 'sender.address.postalCode', 'addressee.inbox', 'title']) assert.ok(paths.includes(p), `${p} in ${paths}`);
});

test('a sender is a person or an institution, not both and not neither', () => {
  assert.ok(failingPaths({ ...valid, sender: { address: valid.sender.address } }).includes('sender'));
  assert.ok(failingPaths({ ...valid, sender: { ...valid.sender, institution: { name: 'X' } } }).includes('sender'));
});

test('attachment names with forbidden characters are refused', () => {
  assert.ok(failingPaths({ ...valid, attachments: [{ fileName: 'a/b.pdf', contentBase64: 'QQ==' }] }).includes('attachments.0.fileName'));
});

test('the PIN is accepted only as input of filings.sign and never in an output schema', () => {
  for (const name of CHANNEL_NAMES) {
    const out = JSON.stringify(channels[name].output.toJSONSchema?.() ?? {});
    assert.doesNotMatch(out, /"pin"/i, `${name} output mentions a PIN`);
  }
});
