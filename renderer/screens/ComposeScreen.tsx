/**
 * "Nowe pismo": the sender (a person or an institution), the addressee, the letter with its
 * statements, additional information and signatory, and attachments staged from disk →
 * filings.create. The form is checked against the contract schema before it is sent; every issue
 * path is mapped to its field, and the router's answer (INVALID_INPUT field paths,
 * INVALID_ADDRESS, ATTACHMENT_UNREADABLE) likewise. The addressee can be picked from the
 * directory, which fills the name and the proposed inbox.
 */
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilingDetail } from '../../electron/common/contract';
import type { DirectoryEntryView, Proposal } from '../../electron/common/contract-directory';
import type { DraftSummary, SenderProfile } from '../../electron/common/contract-drafts';
import { isAppError } from '../../electron/common/errors';
import { call, messageOf } from '../api';
import { AttachmentsPanel } from '../components/AttachmentsPanel';
import { ErrorSummary, type SummaryEntry } from '../components/ErrorSummary';
import { Field, type ControlProps } from '../components/Field';
import { InboxPicker, proposalDate } from '../components/InboxPicker';
import { ProfileBar } from '../components/ProfileBar';
import { ProposalNote } from '../components/ProposalNote';
import { useStagedAttachments } from '../components/useStagedAttachments';
import { formatDateTime, todayIso } from '../format';
import {
  clockTime,
  emptyForm,
  fromDraftSpec,
  senderOfForm,
  toDraftSpec,
  unfinishedDraft,
  withSender,
  errorsFromServerFields,
  fieldId,
  ID_TYPES,
  KINDS,
  MAX_LINES,
  orderedErrors,
  OTHER_KIND,
  SENDER_TYPES,
  toComposeInput,
  validate,
  type ComposeForm,
  type FieldErrors,
  type FieldKey,
  type ListKey,
  type SenderType,
  type TextFieldKey,
} from './compose-model';

type TextOpts = {
  optional?: boolean;
  hint?: string;
  type?: 'text' | 'email' | 'date' | 'tel';
  autoComplete?: string;
  inputMode?: 'numeric' | 'email' | 'text' | 'tel';
  className?: string;
  maxLength?: number;
};

type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'conflict' } | { kind: 'error'; message: string };

/** The offer to continue an unfinished draft is made once per start of the renderer. */
let offeredThisStart = false;

/** "14:02" for today, the date and time otherwise. */
function whenSaved(iso: string): string {
  return new Date(iso).toDateString() === new Date().toDateString() ? clockTime(iso) : formatDateTime(iso);
}

const AUTOSAVE_MS = 1000;

export function ComposeScreen(props: { onCreated: (filing: FilingDetail) => void; draftId?: string | undefined; flash?: string | null }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<ComposeForm>(() => emptyForm(todayIso()));
  const [saveStatus, setSaveStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [offer, setOffer] = useState<DraftSummary | null>(null);
  const [loadNote, setLoadNote] = useState<string | null>(null);
  const [profiles, setProfiles] = useState<SenderProfile[]>([]);
  const [profileId, setProfileId] = useState('');
  /** The draft being edited, as last saved (null: not saved yet). */
  const draft = useRef<{ id: string; revision: number } | null>(null);
  /** The draft spec as last saved or loaded (JSON); the form differing from it is unsaved work. */
  const lastSaved = useRef(JSON.stringify(toDraftSpec(form, [])));
  const saveQueue = useRef<Promise<void>>(Promise.resolve());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitCount, setSubmitCount] = useState(0);
  const [busy, setBusy] = useState(false);
  const attachments = useStagedAttachments(form.inbox);
  const focusNext = useRef<string | null>(null);

  const refs = attachments.committed.map((a) => ({ stagedId: a.stagedId!, description: a.description }));
  const spec = toDraftSpec(form, refs);
  const specJson = JSON.stringify(spec);
  const latest = useRef({ spec, json: specJson });
  latest.current = { spec, json: specJson };

  /** Puts a draft into the form; what is loaded counts as saved. Returns files no longer staged. */
  async function loadDraft(id: string, note: string | null = null): Promise<void> {
    try {
      const d = await call('drafts.get', { id });
      const loaded = fromDraftSpec(d.spec, todayIso());
      const gone = await attachments.restore(loaded.attachments, loaded.form.inbox);
      const kept = gone > 0 ? [] : loaded.attachments;
      draft.current = { id: d.id, revision: d.revision };
      lastSaved.current = JSON.stringify(toDraftSpec(loaded.form, kept));
      setForm(loaded.form);
      setErrors({});
      setPicked(null);
      setSaveStatus({ kind: 'saved', at: d.updatedAt });
      setLoadNote([note, gone > 0 ? t('drafts.attachmentsGone', { count: gone }) : null].filter(Boolean).join(' ') || null);
    } catch (e) {
      setLoadNote(messageOf(e));
    }
  }

  async function saveNow(filingId?: string): Promise<void> {
    const { spec: current, json } = latest.current;
    if (json === lastSaved.current && filingId === undefined) return;
    if (json === lastSaved.current && filingId !== undefined && draft.current === null) return;
    setSaveStatus({ kind: 'saving' });
    const d = draft.current;
    try {
      const saved = await call('drafts.save', d ? { id: d.id, revision: d.revision, spec: current, filingId } : { spec: current, filingId });
      draft.current = { id: saved.id, revision: saved.revision };
      lastSaved.current = json;
      setSaveStatus({ kind: 'saved', at: saved.updatedAt });
    } catch (e) {
      if (isAppError(e) && e.code === 'DRAFT_CONFLICT' && d) {
        setSaveStatus({ kind: 'conflict' });
        // The status line says what happened; the newer version replaces the form.
        await loadDraft(d.id);
        setSaveStatus({ kind: 'conflict' });
      } else {
        setSaveStatus({ kind: 'error', message: messageOf(e) });
      }
    }
  }

  /** Saves what is unsaved, after any save under way. */
  function flush(filingId?: string): Promise<void> {
    saveQueue.current = saveQueue.current.then(() => saveNow(filingId));
    return saveQueue.current;
  }

  // Autosave: a second after the last change.
  useEffect(() => {
    if (specJson === lastSaved.current) return;
    const timer = setTimeout(() => void flush(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [specJson]);

  // …and at once when the window is hidden or closed.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    const onPageHide = () => void flush();
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, []);

  // Start: the draft asked for; or a new letter with the default profile's sender, and (once per
  // start) the offer to continue the latest unfinished draft.
  useEffect(() => {
    let live = true;
    const draftId = props.draftId;
    if (draftId) void loadDraft(draftId);
    call('profiles.list', {}).then(
      (list) => {
        if (!live) return;
        setProfiles(list);
        const preferred = list.find((p) => p.isDefault);
        if (draftId || !preferred) return;
        // Only a letter nobody has touched yet.
        if (draft.current !== null || latest.current.json !== lastSaved.current) return;
        const filled = withSender(emptyForm(todayIso()), preferred.sender);
        lastSaved.current = JSON.stringify(toDraftSpec(filled, []));
        setForm(filled);
        setProfileId(preferred.id);
      },
      () => undefined,
    );
    if (!draftId && !offeredThisStart) {
      offeredThisStart = true;
      call('drafts.list', {}).then(
        (list) => {
          if (live && draft.current === null) setOffer(unfinishedDraft(list));
        },
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, []);

  function applyProfile(id: string) {
    setProfileId(id);
    const profile = profiles.find((p) => p.id === id);
    if (profile) setForm((f) => withSender(f, profile.sender));
  }

  const statusText =
    saveStatus.kind === 'saving' ? t('drafts.saving')
    : saveStatus.kind === 'saved' ? t('drafts.savedAt', { time: whenSaved(saveStatus.at) })
    : saveStatus.kind === 'conflict' ? t('drafts.conflict')
    : saveStatus.kind === 'error' ? t('drafts.saveFailed', { error: saveStatus.message })
    : '';
  /** The directory entry the addressee was picked from, with the proposal for `date`. */
  const [picked, setPicked] = useState<{ entry: DirectoryEntryView; proposal: Proposal; date: string } | null>(null);

  useEffect(() => {
    if (focusNext.current) {
      document.getElementById(focusNext.current)?.focus();
      focusNext.current = null;
    }
  });

  function applyPick(entry: DirectoryEntryView, proposal: Proposal, date: string) {
    setForm((f) => ({ ...f, addresseeName: entry.name, inbox: proposal.address ?? '' }));
    setErrors(({ addresseeName: _name, inbox: _inbox, ...rest }) => rest);
    setPicked({ entry, proposal, date });
  }

  // A new letter date may change the channel (e-Doręczenia from 2026); follow it unless the user
  // has typed another inbox meanwhile.
  const pickedDate = proposalDate(form.date);
  useEffect(() => {
    if (!picked || picked.date === pickedDate) return;
    let current = true;
    call('directory.propose', { id: picked.entry.id, date: pickedDate }).then(
      (proposal) => {
        if (!current) return;
        setForm((f) => (f.inbox.trim() === (picked.proposal.address ?? '') ? { ...f, inbox: proposal.address ?? '' } : f));
        setPicked({ ...picked, proposal, date: pickedDate });
      },
      () => {
        // Without an answer for the new date the old reason would mislead: drop it.
        if (current) setPicked(null);
      },
    );
    return () => {
      current = false;
    };
  }, [picked, pickedDate]);
  const pickedShown = picked && form.addresseeName === picked.entry.name && form.inbox.trim() === (picked.proposal.address ?? '') ? picked : null;

  const set = (key: TextFieldKey) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    const value = e.target.value;
    setForm((f) => ({ ...f, [key]: value }));
  };

  function label(key: FieldKey): string {
    const [head, index] = key.split('.');
    if (index !== undefined) return t(`compose.lines.${head}.item`, { n: Number(index) + 1 });
    if (key === 'pesel' || key === 'personNip') return t(`compose.fields.${key}`);
    return t(`compose.fields.${key}`);
  }

  const text = (key: TextFieldKey, opts: TextOpts = {}) => (
    <Field id={fieldId(key)} label={label(key)} hint={opts.hint} error={errors[key]} optional={opts.optional ?? false} className={opts.className}>
      {(control: ControlProps) => (
        <input
          {...control}
          name={key}
          type={opts.type ?? 'text'}
          value={form[key]}
          onChange={set(key)}
          autoComplete={opts.autoComplete ?? 'off'}
          inputMode={opts.inputMode}
          maxLength={opts.maxLength}
          spellCheck={false}
        />
      )}
    </Field>
  );

  function setLine(list: ListKey, index: number, value: string) {
    setForm((f) => ({ ...f, [list]: f[list].map((v, i) => (i === index ? value : v)) }));
  }

  function addLine(list: ListKey) {
    focusNext.current = fieldId(`${list}.${form[list].length}`);
    setForm((f) => ({ ...f, [list]: [...f[list], ''] }));
  }

  function removeLine(list: ListKey, index: number) {
    focusNext.current = `compose-add-${list}`;
    setForm((f) => ({ ...f, [list]: f[list].filter((_, i) => i !== index) }));
    // Errors of later lines would now point at the wrong line: drop the list's errors.
    setErrors((errs) => Object.fromEntries(Object.entries(errs).filter(([k]) => !k.startsWith(`${list}.`))) as FieldErrors);
  }

  const lines = (list: ListKey, opts: { multiline: boolean; maxLength: number }) => (
    <div className="lines">
      <h3 className="lines__title" id={`compose-${list}-title`}>
        {t(`compose.lines.${list}.title`)} <span className="field__optional">({t('common.optional')})</span>
      </h3>
      <p className="field__hint">{t(`compose.lines.${list}.hint`)}</p>
      {form[list].length > 0 && (
        <ol className="lines__list" aria-labelledby={`compose-${list}-title`}>
          {form[list].map((value, i) => {
            const key = `${list}.${i}` as const;
            return (
              <li key={i} className="lines__item">
                <Field id={fieldId(key)} label={label(key)} error={errors[key]} optional className="lines__field">
                  {(control) =>
                    opts.multiline ? (
                      <textarea {...control} name={key} rows={2} value={value} maxLength={opts.maxLength} onChange={(e) => setLine(list, i, e.target.value)} />
                    ) : (
                      <input {...control} name={key} type="text" value={value} maxLength={opts.maxLength} autoComplete="off" onChange={(e) => setLine(list, i, e.target.value)} />
                    )
                  }
                </Field>
                <button type="button" className="button button--quiet button--small lines__remove" onClick={() => removeLine(list, i)}>
                  {t('compose.lines.remove', { item: label(key) })}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      <button
        type="button"
        id={`compose-add-${list}`}
        className="button button--small"
        onClick={() => addLine(list)}
        disabled={form[list].length >= MAX_LINES}
      >
        {t(`compose.lines.${list}.add`)}
      </button>
    </div>
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    const refs = attachments.committed.map((a) => ({ stagedId: a.stagedId!, description: a.description }));
    const input = toComposeInput(form, refs);
    const clientErrors = validate(t, input, form);
    if (attachments.blocking === 'uploading') clientErrors.attachments = t('compose.attachments.stillUploading');
    else if (attachments.blocking === 'refused') clientErrors.attachments = t('compose.attachments.blocked');
    setErrors(clientErrors);
    if (Object.keys(clientErrors).length > 0) {
      setSubmitCount((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const filing = await call('filings.create', input);
      // The draft now belongs to the filing: no longer offered as unfinished.
      if (draft.current === null) await flush();
      await flush(filing.id).catch(() => undefined);
      props.onCreated(filing);
    } catch (err) {
      if (isAppError(err) && err.code === 'INVALID_INPUT' && Array.isArray(err.details.fields)) {
        const mapped = errorsFromServerFields(t, err.details.fields, form);
        if (Object.keys(mapped).length > 0) setErrors(mapped);
        else setFormError(err.message);
      } else if (isAppError(err) && err.code === 'INVALID_ADDRESS') {
        setErrors({ inbox: err.message });
      } else if (isAppError(err) && err.code === 'ATTACHMENT_UNREADABLE') {
        setErrors({ attachments: err.message });
      } else {
        setFormError(messageOf(err));
      }
      setSubmitCount((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const summary: SummaryEntry[] = [
    ...(formError ? [{ message: formError }] : []),
    ...orderedErrors(errors, form).map(([key, message]) => ({
      targetId: key === 'senderType' ? fieldId('senderType') + '-person' : fieldId(key),
      message: `${key === 'senderType' ? t('compose.fields.senderType') : label(key)}: ${message}`,
    })),
  ];

  const isPerson = form.senderType === 'person';

  return (
    <>
      <h1 className="screen-title" tabIndex={-1}>
        {t('compose.title')}
      </h1>
      <p className="lead">{t('compose.intro')}</p>
      {props.flash && (
        <p className="alert alert--info" role="status">
          {props.flash}
        </p>
      )}
      {loadNote && (
        <p className="alert alert--info" role="status">
          {loadNote}
        </p>
      )}
      {offer && (
        <section className="alert alert--info draft-offer" aria-labelledby="draft-offer-text">
          <p id="draft-offer-text">
            {offer.title ? t('drafts.offerTitled', { title: offer.title, time: whenSaved(offer.updatedAt) }) : t('drafts.offer', { time: whenSaved(offer.updatedAt) })}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary button--small"
              onClick={() => {
                const id = offer.id;
                setOffer(null);
                void loadDraft(id).then(() => document.getElementById(fieldId('senderType') + '-person')?.focus());
              }}
            >
              {t('drafts.continue')}
            </button>
            <button type="button" className="button button--small" onClick={() => setOffer(null)}>
              {t('drafts.startNew')}
            </button>
          </div>
        </section>
      )}
      <ErrorSummary entries={summary} focusKey={submitCount} />
      <p className="draft-status" aria-live="polite" aria-atomic="true" id="compose-draft-status">
        {statusText}
      </p>
      <form
        className="compose"
        noValidate
        onSubmit={submit}
        aria-busy={busy}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) void flush();
        }}
      >
        <fieldset className="panel">
          <legend>
            <h2>{t('compose.sections.sender')}</h2>
          </legend>
          <ProfileBar
            profiles={profiles}
            profileId={profileId}
            onPick={applyProfile}
            onListChanged={(list, chosen) => {
              setProfiles(list);
              setProfileId(chosen);
            }}
            currentSender={() => senderOfForm(form)}
          />
          <fieldset className="choice" aria-describedby={errors.senderType ? `${fieldId('senderType')}-error` : undefined}>
            <legend className="field__label">{t('compose.fields.senderType')}</legend>
            <div className="choice__options">
              {SENDER_TYPES.map((type: SenderType) => (
                <div className="choice__option" key={type}>
                  <input
                    type="radio"
                    id={`${fieldId('senderType')}-${type}`}
                    name="senderType"
                    value={type}
                    checked={form.senderType === type}
                    onChange={() => setForm((f) => ({ ...f, senderType: type }))}
                  />
                  <label htmlFor={`${fieldId('senderType')}-${type}`}>{t(`compose.senderTypes.${type}`)}</label>
                </div>
              ))}
            </div>
            {errors.senderType && (
              <p className="field__error" id={`${fieldId('senderType')}-error`}>
                {errors.senderType}
              </p>
            )}
          </fieldset>
          {isPerson ? (
            <>
              <div className="grid grid--3">
                {text('firstName', { autoComplete: 'given-name', maxLength: 100 })}
                {text('secondName', { optional: true, autoComplete: 'additional-name', maxLength: 100 })}
                {text('lastName', { autoComplete: 'family-name', maxLength: 150 })}
              </div>
              <div className="grid grid--3">
                <Field id={fieldId('idType')} label={label('idType')} optional>
                  {(control) => (
                    <select {...control} name="idType" value={form.idType} onChange={set('idType')}>
                      {ID_TYPES.map((k) => (
                        <option key={k} value={k}>
                          {t(`compose.idTypes.${k}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                {form.idType === 'pesel' && text('pesel', { optional: true, hint: t('compose.hints.pesel'), inputMode: 'numeric', maxLength: 11 })}
                {form.idType === 'nip' && text('personNip', { optional: true, hint: t('compose.hints.nip'), inputMode: 'numeric', maxLength: 13 })}
                {form.idType === 'otherId' && (
                  <>
                    {text('otherIdType', { hint: t('compose.hints.otherIdType'), maxLength: 100 })}
                    {text('otherIdValue', { maxLength: 100 })}
                  </>
                )}
              </div>
            </>
          ) : (
            <div className="grid grid--2">
              {text('institutionName', { autoComplete: 'organization', maxLength: 300, className: 'span-2' })}
              {text('institutionNip', { optional: true, hint: t('compose.hints.nip'), inputMode: 'numeric', maxLength: 13 })}
              {text('regon', { optional: true, hint: t('compose.hints.regon'), inputMode: 'numeric', maxLength: 14 })}
              {text('krs', { optional: true, hint: t('compose.hints.krs'), inputMode: 'numeric', maxLength: 10 })}
            </div>
          )}
          <div className="grid grid--2">
            {text('email', { optional: true, type: 'email', autoComplete: 'email', inputMode: 'email' })}
            {text('phone', { optional: true, type: 'tel', autoComplete: 'tel', inputMode: 'tel', maxLength: 40 })}
          </div>
        </fieldset>

        <fieldset className="panel">
          <legend>
            <h2>{t('compose.sections.senderAddress')}</h2>
          </legend>
          <div className="grid grid--address">
            {text('postalCode', { hint: t('compose.hints.postalCode'), autoComplete: 'postal-code', inputMode: 'numeric', maxLength: 6 })}
            {text('city', { autoComplete: 'address-level2', className: 'span-3', maxLength: 100 })}
            {text('street', { optional: true, autoComplete: 'address-line1', className: 'span-2', maxLength: 100 })}
            {text('building', { maxLength: 20 })}
            {text('flat', { optional: true, maxLength: 20 })}
          </div>
          <div className="grid grid--3">
            {text('voivodeship', { optional: true, autoComplete: 'address-level1', maxLength: 50 })}
            {text('county', { optional: true, maxLength: 100 })}
            {text('commune', { optional: true, maxLength: 100 })}
          </div>
        </fieldset>

        <fieldset className="panel">
          <legend>
            <h2>{t('compose.sections.addressee')}</h2>
          </legend>
          <InboxPicker date={form.date} onPick={(entry, proposal) => applyPick(entry, proposal, pickedDate)} />
          <div className="grid grid--2">
            {text('addresseeName', { maxLength: 300 })}
            {text('inbox', { hint: t('compose.hints.inbox') })}
          </div>
          <div role="status" className="proposal-region">
            {pickedShown && <ProposalNote entry={pickedShown.entry} proposal={pickedShown.proposal} />}
          </div>
          {lines('additionalAddressees', { multiline: false, maxLength: 300 })}
        </fieldset>

        <fieldset className="panel">
          <legend>
            <h2>{t('compose.sections.letter')}</h2>
          </legend>
          <div className="grid grid--3">
            {text('place', { autoComplete: 'address-level2', maxLength: 100 })}
            {text('date', { type: 'date' })}
            {text('caseReference', { optional: true, hint: t('compose.hints.caseReference'), maxLength: 100 })}
          </div>
          <div className="grid grid--title">
            <Field id={fieldId('kind')} label={label('kind')} error={errors.kind}>
              {(control) => (
                <select {...control} name="kind" value={form.kind} onChange={set('kind')}>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`compose.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {form.kind === OTHER_KIND ? text('kindOther', { hint: t('compose.hints.kindOther'), maxLength: 100 }) : <div />}
          </div>
          {text('title', { maxLength: 500 })}
          <Field id={fieldId('content')} label={label('content')} hint={t('compose.hints.content')} error={errors.content}>
            {(control) => <textarea {...control} name="content" rows={10} value={form.content} onChange={set('content')} />}
          </Field>
          {lines('statements', { multiline: true, maxLength: 5000 })}
          {lines('additionalInfo', { multiline: true, maxLength: 5000 })}
        </fieldset>

        <fieldset className="panel">
          <legend>
            <h2>{t('compose.sections.signatory')}</h2>
          </legend>
          <p className="field__hint">{t('compose.hints.signatory')}</p>
          <div className="grid grid--2">
            {text('signatoryFirstName', { optional: true, maxLength: 100 })}
            {text('signatorySecondName', { optional: true, maxLength: 100 })}
            {text('signatoryLastName', { optional: true, maxLength: 150 })}
            {text('signatoryPosition', { optional: true, maxLength: 200 })}
            {text('signatoryOnAuthorisationOf', { optional: true, maxLength: 200 })}
          </div>
        </fieldset>

        <AttachmentsPanel state={attachments} error={errors.attachments} inputId={fieldId('attachments')} />

        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('compose.submitting') : t('compose.submit')}
          </button>
          {busy && <span className="spinner" aria-hidden="true" />}
        </div>
      </form>
    </>
  );
}
