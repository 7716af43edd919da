/**
 * "Nowe pismo": the sender, the addressee, the letter and its attachments → filings.create.
 * The form is checked against the contract schema before it is sent; the router's answer
 * (INVALID_INPUT field paths, INVALID_ADDRESS, ATTACHMENT_UNREADABLE) is mapped back to fields.
 * The addressee can be picked from the directory, which fills the name and the proposed inbox.
 */
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilingDetail } from '../../electron/common/contract';
import type { DirectoryEntryView, Proposal } from '../../electron/common/contract-directory';
import { isAppError } from '../../electron/common/errors';
import { call, messageOf } from '../api';
import { ErrorSummary, type SummaryEntry } from '../components/ErrorSummary';
import { Field, type ControlProps } from '../components/Field';
import { InboxPicker, proposalDate } from '../components/InboxPicker';
import { ProposalNote } from '../components/ProposalNote';
import { formatBytes, todayIso } from '../format';
import {
  emptyForm,
  errorsFromServerFields,
  fieldId,
  KINDS,
  MAX_ATTACHMENTS,
  MAX_INLINE_BYTES,
  orderedErrors,
  toComposeInput,
  validate,
  type AttachmentDraft,
  type ComposeForm,
  type FieldErrors,
  type FieldKey,
  type TextFieldKey,
} from './compose-model';

const LABEL_KEYS: Record<FieldKey, string> = {
  firstName: 'compose.fields.firstName',
  lastName: 'compose.fields.lastName',
  pesel: 'compose.fields.pesel',
  email: 'compose.fields.email',
  postalCode: 'compose.fields.postalCode',
  city: 'compose.fields.city',
  street: 'compose.fields.street',
  building: 'compose.fields.building',
  flat: 'compose.fields.flat',
  addresseeName: 'compose.fields.addresseeName',
  inbox: 'compose.fields.inbox',
  place: 'compose.fields.place',
  date: 'compose.fields.date',
  caseReference: 'compose.fields.caseReference',
  kind: 'compose.fields.kind',
  title: 'compose.fields.title',
  content: 'compose.fields.content',
  attachments: 'compose.fields.attachments',
};

function readFile(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export function ComposeScreen(props: { onCreated: (filing: FilingDetail) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<ComposeForm>(() => emptyForm(todayIso()));
  const [attachments, setAttachments] = useState<AttachmentDraft[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitCount, setSubmitCount] = useState(0);
  const [busy, setBusy] = useState(false);
  const [reading, setReading] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const uid = useId();
  /** The directory entry the addressee was picked from, with the proposal for `date`. */
  const [picked, setPicked] = useState<{ entry: DirectoryEntryView; proposal: Proposal; date: string } | null>(null);

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

  const label = (key: FieldKey) => t(LABEL_KEYS[key]);

  const text = (
    key: TextFieldKey,
    opts: {
      optional?: boolean;
      hint?: string;
      type?: 'text' | 'email' | 'date';
      autoComplete?: string;
      inputMode?: 'numeric' | 'email' | 'text';
      className?: string;
      maxLength?: number;
    } = {},
  ) => (
    <Field
      id={fieldId(key)}
      label={label(key)}
      hint={opts.hint}
      error={errors[key]}
      optional={opts.optional ?? false}
      className={opts.className}
    >
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

  async function addFiles(e: ChangeEvent<HTMLInputElement>) {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (files.length === 0) return;
    const problems: string[] = [];
    const room = MAX_ATTACHMENTS - attachments.length;
    if (files.length > room) problems.push(t('validation.tooManyFiles', { max: MAX_ATTACHMENTS }));
    setReading((n) => n + 1);
    const added: AttachmentDraft[] = [];
    for (const file of files.slice(0, Math.max(0, room))) {
      if (file.size === 0) {
        problems.push(t('validation.fileEmpty', { name: file.name }));
        continue;
      }
      if (file.size > MAX_INLINE_BYTES) {
        problems.push(t('validation.fileTooLarge', { name: file.name, max: formatBytes(MAX_INLINE_BYTES) }));
        continue;
      }
      try {
        const contentBase64 = await readFile(file);
        added.push({ key: `${file.name}-${file.size}-${file.lastModified}-${Math.random()}`, fileName: file.name, size: file.size, contentBase64 });
      } catch {
        problems.push(t('validation.fileRead', { name: file.name }));
      }
    }
    setReading((n) => n - 1);
    setAttachments((list) => [...list, ...added]);
    setErrors((errs) => {
      const next = { ...errs };
      if (problems.length > 0) next.attachments = problems.join(' ');
      else delete next.attachments;
      return next;
    });
  }

  function removeAttachment(key: string) {
    setAttachments((list) => list.filter((a) => a.key !== key));
    fileInput.current?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || reading > 0) return;
    setFormError(null);
    const input = toComposeInput(form, attachments);
    const clientErrors = validate(t, input, form);
    setErrors(clientErrors);
    if (Object.keys(clientErrors).length > 0) {
      setSubmitCount((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const filing = await call('filings.create', input);
      props.onCreated(filing);
    } catch (err) {
      if (isAppError(err) && err.code === 'INVALID_INPUT' && Array.isArray(err.details.fields)) {
        const mapped = errorsFromServerFields(t, err.details.fields);
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
    ...orderedErrors(errors).map(([key, message]) => ({ targetId: fieldId(key), message: `${label(key)}: ${message}` })),
  ];
  const attachmentsHintId = `${uid}-attachments-hint`;
  const attachmentsErrorId = `${uid}-attachments-error`;

  return (
    <>
      <h1 className="screen-title" tabIndex={-1}>
        {t('compose.title')}
      </h1>
      <p className="lead">{t('compose.intro')}</p>
      <ErrorSummary entries={summary} focusKey={submitCount} />
      <form className="compose" noValidate onSubmit={submit} aria-busy={busy}>
        <fieldset className="panel">
          <legend>
            <h2>{t('compose.sections.sender')}</h2>
          </legend>
          <div className="grid grid--2">
            {text('firstName', { autoComplete: 'given-name', maxLength: 100 })}
            {text('lastName', { autoComplete: 'family-name', maxLength: 150 })}
            {text('pesel', { optional: true, hint: t('compose.hints.pesel'), inputMode: 'numeric', maxLength: 11 })}
            {text('email', { optional: true, type: 'email', autoComplete: 'email', inputMode: 'email' })}
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
            {text('title', { maxLength: 500 })}
          </div>
          <Field id={fieldId('content')} label={label('content')} hint={t('compose.hints.content')} error={errors.content}>
            {(control) => <textarea {...control} name="content" rows={10} value={form.content} onChange={set('content')} />}
          </Field>
        </fieldset>

        <fieldset className="panel">
          <legend>
            <h2>{t('compose.sections.attachments')}</h2>
          </legend>
          <div className={errors.attachments ? 'field field--error field--first' : 'field field--first'}>
            <label className="field__label" htmlFor={fieldId('attachments')}>
              {t('compose.attachments.add')}
              <span className="field__optional"> ({t('common.optional')})</span>
            </label>
            <input
              ref={fileInput}
              id={fieldId('attachments')}
              type="file"
              multiple
              onChange={addFiles}
              aria-invalid={errors.attachments ? true : undefined}
              aria-describedby={[errors.attachments ? attachmentsErrorId : '', attachmentsHintId].filter(Boolean).join(' ')}
            />
            {errors.attachments && (
              <p className="field__error" id={attachmentsErrorId}>
                <span className="visually-hidden">{t('validation.prefix')} </span>
                {errors.attachments}
              </p>
            )}
            <p className="field__hint" id={attachmentsHintId}>
              {t('compose.hints.attachments', { max: formatBytes(MAX_INLINE_BYTES) })}
            </p>
          </div>
          {reading > 0 && (
            <p className="muted" role="status">
              {t('compose.attachments.reading')}
            </p>
          )}
          {attachments.length === 0 ? (
            <p className="muted">{t('compose.attachments.none')}</p>
          ) : (
            <ul className="attachments" aria-label={t('compose.attachments.listLabel')}>
              {attachments.map((a) => (
                <li key={a.key} className="attachments__item">
                  <span className="attachments__icon" aria-hidden="true" />
                  <span className="attachments__name">{a.fileName}</span>
                  <span className="attachments__size">{formatBytes(a.size)}</span>
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    onClick={() => removeAttachment(a.key)}
                    aria-label={t('compose.attachments.removeLabel', { name: a.fileName })}
                  >
                    {t('compose.attachments.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>

        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy || reading > 0}>
            {busy ? t('compose.submitting') : t('compose.submit')}
          </button>
          {busy && <span className="spinner" aria-hidden="true" />}
        </div>
      </form>
    </>
  );
}
