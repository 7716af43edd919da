/**
 * The compose form ⇄ draft spec mapping (renderer/screens/compose-model.ts): a draft reopens as the
 * form the user left — lists with blank lines, the identifier chosen, the sender kind, staged
 * attachments — and always fits draftSpecSchema; a filing's letter opens as a form; profiles fill
 * only the sender part.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { draftSpecSchema, type DraftSpec, type DraftSummary } from '../../electron/common/contract-drafts';
import {
  clockTime,
  emptyForm,
  fromDraftSpec,
  senderOfForm,
  toComposeInput,
  toDraftSpec,
  unfinishedDraft,
  withSender,
  type ComposeForm,
} from '../../renderer/screens/compose-model';

const TODAY = '2026-11-23';
const STAGED_A = '7f0c2a52-3f7e-4d61-9a43-1f6b0a0c9e11';
const STAGED_B = '0b6f5d7e-8a4c-4f2b-b1a9-2c3d4e5f6a7b';

function filled(patch: Partial<ComposeForm> = {}): ComposeForm {
  return {
    ...emptyForm(TODAY),
    firstName: 'Anna',
    secondName: 'Maria',
    lastName: 'Kowalska',
    idType: 'pesel',
    pesel: '85022512342',
    email: 'anna@example.pl',
    phone: '+48 600 100 200',
    postalCode: '00-950',
    city: 'Warszawa',
    street: 'Polna',
    building: '1',
    flat: '2',
    voivodeship: 'mazowieckie',
    addresseeName: 'KRUS',
    place: 'Warszawa',
    caseReference: 'ZN/1/2026',
    title: 'Wniosek o zwrot',
    content: 'Pierwszy akapit.\nDruga linia.\n\nDrugi akapit.',
    additionalAddressees: ['ZUS', '', 'US Cieszyn'],
    statements: ['Oświadczam, że…', ''],
    additionalInfo: ['Informacja'],
    signatoryFirstName: 'Jan',
    signatoryLastName: 'Pełnomocny',
    signatoryOnAuthorisationOf: 'Anna Kowalska',
    ...patch,
  };
}

function roundTrip(form: ComposeForm, attachments = [] as { stagedId: string; description: string }[]) {
  const spec = toDraftSpec(form, attachments);
  assert.ok(draftSpecSchema.safeParse(spec).success, 'fits draftSpecSchema');
  const json = JSON.parse(JSON.stringify(spec)) as DraftSpec;
  return fromDraftSpec(json, '2030-01-01');
}

describe('draft model: form ⇄ draft spec', () => {
  it('a filled person form comes back field for field, lists with their blank lines', () => {
    const form = filled();
    const back = roundTrip(form);
    assert.deepEqual(back.form, form);
    assert.deepEqual(back.attachments, []);
  });

  it('an empty form round trips (defaults kept: date, inbox, kind, PESEL chosen)', () => {
    const form = emptyForm(TODAY);
    assert.deepEqual(roundTrip(form).form, form);
  });

  for (const [idType, patch] of [
    ['pesel', { pesel: '85022512342' }],
    ['pesel', { pesel: '' }],
    ['nip', { personNip: '5261040828' }],
    ['otherId', { otherIdType: 'paszport', otherIdValue: 'AB1234567' }],
    ['none', {}],
  ] as const) {
    it(`identifier choice "${idType}" ${JSON.stringify(patch)} is kept`, () => {
      const form: ComposeForm = { ...filled({ idType, pesel: '', personNip: '', otherIdType: '', otherIdValue: '' }), ...patch };
      const back = roundTrip(form).form;
      assert.equal(back.idType, idType);
      assert.deepEqual(back, form);
    });
  }

  it('only the chosen identifier is stored', () => {
    const spec = toDraftSpec(filled({ idType: 'nip', personNip: '5261040828', pesel: '85022512342' }), []);
    assert.deepEqual(spec.sender?.person, { firstName: 'Anna', secondName: 'Maria', lastName: 'Kowalska', nip: '5261040828' });
  });

  it('an institution sender round trips and stores no person', () => {
    const form = filled({
      senderType: 'institution', firstName: '', secondName: '', lastName: '', pesel: '',
      institutionName: 'Gospodarstwo Rolne Sp. z o.o.', institutionNip: '5261040828', regon: '123456785', krs: '0000012345',
    });
    const spec = toDraftSpec(form, []);
    assert.equal(spec.sender?.person, undefined);
    assert.equal(spec.sender?.institution?.name, 'Gospodarstwo Rolne Sp. z o.o.');
    assert.deepEqual(roundTrip(form).form, form);
  });

  it('a custom kind and the paragraphs of the content', () => {
    const form = filled({ kind: 'inne', kindOther: 'Odwołanie', content: 'A\n\nB\n\nC' });
    const spec = toDraftSpec(form, []);
    assert.deepEqual(spec.content, ['A', 'B', 'C']);
    assert.deepEqual(roundTrip(form).form, form);
  });

  it('staged attachments with and without a description', () => {
    const refs = [
      { stagedId: STAGED_A, description: 'Zaświadczenie' },
      { stagedId: STAGED_B, description: '' },
    ];
    const spec = toDraftSpec(filled(), refs);
    assert.deepEqual(spec.attachments, [{ stagedId: STAGED_A, description: 'Zaświadczenie' }, { stagedId: STAGED_B, description: undefined }]);
    assert.deepEqual(roundTrip(filled(), refs).attachments, refs);
  });

  it('a filing letter (compose input) opens as the same letter', () => {
    const form = filled({ additionalAddressees: ['ZUS'], statements: ['Oświadczam'], idType: 'otherId', pesel: '', otherIdType: 'paszport', otherIdValue: 'AB1' });
    const input = toComposeInput(form, [{ stagedId: STAGED_A, description: 'Skan' }]);
    const parsed = draftSpecSchema.parse(JSON.parse(JSON.stringify(input)));
    const back = fromDraftSpec(parsed, '2030-01-01');
    assert.deepEqual(toComposeInput(back.form, back.attachments), input);
  });

  it('a spec without sender or addressee opens with the new-letter defaults', () => {
    const { form } = fromDraftSpec({ title: 'Tylko tytuł' }, TODAY);
    assert.deepEqual(form, { ...emptyForm(TODAY), title: 'Tylko tytuł' });
  });
});

describe('draft model: sender profiles', () => {
  it('a complete sender becomes a profile sender; an incomplete one does not', () => {
    const sender = senderOfForm(filled());
    assert.ok(sender);
    assert.equal(sender.person?.pesel, '85022512342');
    assert.equal(senderOfForm(filled({ city: '' })), null);
    assert.equal(senderOfForm(filled({ pesel: '12345678901' })), null);
  });

  it('a profile fills the sender and leaves the letter alone', () => {
    const profileForm = filled({ idType: 'nip', pesel: '', personNip: '5261040828', street: '' });
    const sender = senderOfForm(profileForm)!;
    const letter = { ...emptyForm(TODAY), title: 'Pismo', content: 'Treść', idType: 'pesel' };
    const result = withSender(letter, sender);
    assert.equal(result.title, 'Pismo');
    assert.equal(result.content, 'Treść');
    assert.equal(result.firstName, 'Anna');
    assert.equal(result.idType, 'nip');
    assert.equal(result.personNip, '5261040828');
    assert.equal(result.street, '');
    assert.equal(result.city, 'Warszawa');
  });
});

describe('draft model: unfinished drafts', () => {
  it('the newest draft without a filing', () => {
    const list: DraftSummary[] = [
      { id: '1', title: 'Złożone', updatedAt: '2026-11-23T13:05:00Z', filingId: 'F1' },
      { id: '2', title: 'W toku', updatedAt: '2026-11-23T13:02:00Z', filingId: null },
      { id: '3', title: 'Starsze', updatedAt: '2026-11-22T10:00:00Z', filingId: null },
    ];
    assert.equal(unfinishedDraft(list)?.id, '2');
    assert.equal(unfinishedDraft(list.slice(0, 1)), null);
  });

  it('clock time as HH:MM in the local zone', () => {
    const d = new Date(2026, 10, 23, 14, 2, 30);
    assert.equal(clockTime(d.toISOString()), '14:02');
    assert.equal(clockTime('nonsense'), '');
  });
});
