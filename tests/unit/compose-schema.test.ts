import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeInputSchema, KINDS, type ComposeInput } from '../../electron/common/compose-schema';

const minimal: ComposeInput = {
  sender: { person: { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' }, address: { postalCode: '43-400', city: 'Cieszyn', building: '1' } },
  addressee: { name: 'KRUS', inbox: '/KRUS/SkrytkaESP' },
  place: 'Cieszyn', date: '2026-11-23', title: 'Wniosek', content: ['Treść'],
};

const full: ComposeInput = {
  template: '4566',
  sender: {
    person: { firstName: 'Jan', secondName: 'Maria', lastName: 'Kowalski', otherId: { type: 'Paszport', value: 'AB1234567' } },
    address: { postalCode: '43-400', city: 'Cieszyn', street: 'Rynek', building: '1', flat: '2', voivodeship: 'śląskie', county: 'cieszyński', commune: 'Cieszyn' },
    email: 'jan@example.pl', phone: '+48 600 000 000',
  },
  addressee: { name: 'KRUS', inbox: 'AE:PL-12345-67890-ABCDE-12' },
  additionalAddressees: [{ name: 'ZUS' }],
  place: 'Cieszyn', date: '2026-11-23', caseReference: 'ZN.1', title: 'Pismo', kind: 'inne pismo', kindOther: 'Wezwanie do usunięcia naruszenia',
  content: ['Akapit'], statements: ['Oświadczam…'], additionalInfo: ['Informacja'],
  signatory: { firstName: 'Anna', lastName: 'Nowak', position: 'Prezes', onAuthorisationOf: 'Zarządu' },
  attachments: [
    { fileName: 'a.pdf', description: 'Kopia', contentBase64: 'JVBERi0=' },
    { stagedId: '0b7f4c2e-8a51-4f1e-9c3d-2a6b8e9f0a1b', description: 'Plan' },
  ],
};

const failingPaths = (input: unknown): string[] => {
  const r = composeInputSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

test('the description existing callers send still parses, with the same defaults', () => {
  const r = composeInputSchema.parse(minimal);
  assert.equal(r.template, '4566');
  assert.equal(r.kind, 'wniosek');
  assert.deepEqual(r.attachments, []);
  assert.equal(r.kindOther, undefined);
});

test('every new part parses: identifiers, address units, addressees, statements, signatory, staged files', () => {
  const r = composeInputSchema.parse(full);
  assert.equal(r.sender.person?.otherId?.value, 'AB1234567');
  assert.equal(r.sender.address.commune, 'Cieszyn');
  assert.equal(r.signatory?.onAuthorisationOf, 'Zarządu');
  assert.ok(r.attachments[1] && 'stagedId' in r.attachments[1]);
  const institution = composeInputSchema.parse({ ...minimal, sender: { ...minimal.sender, person: undefined, institution: { name: 'Spółka', nip: '5213621697', regon: '12345678512347', krs: '0000012345' } } });
  assert.equal(institution.sender.institution?.krs, '0000012345');
});

test('each kind users need is accepted; "inne pismo" needs its name, the others refuse one', () => {
  for (const kind of KINDS) {
    const input = { ...minimal, kind, ...(kind === 'inne pismo' ? { kindOther: 'Wezwanie' } : {}) };
    assert.deepEqual(failingPaths(input), [], kind);
  }
  assert.deepEqual(failingPaths({ ...minimal, kind: 'inne pismo' }), ['kindOther']);
  assert.deepEqual(failingPaths({ ...minimal, kind: 'wniosek', kindOther: 'x' }), ['kindOther']);
  assert.deepEqual(failingPaths({ ...minimal, kind: 'podanie' }), ['kind']);
});

test('wrong identifiers are named: check digits, lengths, and one identifier per person', () => {
  const paths = failingPaths({
    ...minimal,
    sender: { ...minimal.sender, person: { firstName: 'Jan', lastName: 'K', pesel: '85022512342', nip: '5213621697' } },
  });
  assert.deepEqual(paths.sort(), ['sender.person.nip', 'sender.person.pesel']);
  const inst = failingPaths({ ...minimal, sender: { ...minimal.sender, person: undefined, institution: { name: 'S', nip: '5213621696', regon: '123456786', krs: '12345' } } });
  assert.deepEqual(inst.sort(), ['sender.institution.krs', 'sender.institution.nip', 'sender.institution.regon']);
  assert.deepEqual(failingPaths({ ...minimal, sender: { ...minimal.sender, person: { firstName: 'J', lastName: 'K', otherId: { type: '', value: 'x' } } } }), ['sender.person.otherId.type']);
});

test('lengths are limited everywhere, each failure on its own field', () => {
  const long = (n: number) => 'x'.repeat(n);
  const paths = failingPaths({
    ...full,
    sender: { ...full.sender, person: { firstName: long(101), secondName: long(101), lastName: 'K' }, address: { ...full.sender.address, voivodeship: long(51), county: long(101), commune: long(101) } },
    additionalAddressees: [{ name: long(301) }],
    statements: [long(5001)],
    additionalInfo: [''],
    signatory: { firstName: 'A', lastName: long(151), position: long(201), onAuthorisationOf: long(201) },
    kindOther: long(101),
    attachments: [{ stagedId: '0b7f4c2e-8a51-4f1e-9c3d-2a6b8e9f0a1b', description: long(501) }],
  });
  for (const p of [
    'sender.person.firstName', 'sender.person.secondName', 'sender.address.voivodeship', 'sender.address.county', 'sender.address.commune',
    'additionalAddressees.0.name', 'statements.0', 'additionalInfo.0', 'signatory.lastName', 'signatory.position', 'kindOther', 'attachments.0.description',
  ]) assert.ok(paths.includes(p), `${p} in ${paths}`);
});

test('an attachment is inline bytes or a staged file, and the wrong field of either is named', () => {
  assert.deepEqual(failingPaths({ ...minimal, attachments: [{ stagedId: 'not-a-uuid' }] }), ['attachments.0.stagedId']);
  assert.deepEqual(failingPaths({ ...minimal, attachments: [{ fileName: 'a:b.pdf', contentBase64: 'QQ==' }] }), ['attachments.0.fileName']);
  assert.deepEqual(failingPaths({ ...minimal, attachments: [{ fileName: 'a.pdf', contentBase64: '%%%' }] }), ['attachments.0.contentBase64']);
  assert.deepEqual(failingPaths({ ...minimal, attachments: [{}] }), ['attachments.0'], 'neither shape: the attachment itself');
});

test('cross-field rules are checked beside type errors, so one pass names every wrong field', () => {
  const paths = failingPaths({ ...minimal, date: 20261123, kind: 'inne pismo', sender: { address: 'Cieszyn' }, signatory: { firstName: 'A', lastName: 'B', onAuthorisationOf: 7 } });
  for (const p of ['date', 'kindOther', 'sender', 'sender.address', 'signatory.onAuthorisationOf']) assert.ok(paths.includes(p), `${p} in ${paths}`);
});
