/**
 * Add or edit a directory entry. Fields are checked against the contract schema as the user
 * leaves them (and all at once on submit); the router's INVALID_INPUT paths map back to fields.
 */
import { useEffect, useMemo, useRef, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SIZE_SCOPES, type DirectoryEntryView } from '../../electron/common/contract-directory';
import { isAppError } from '../../electron/common/errors';
import { call, messageOf } from '../api';
import { uiLocale } from '../format';
import {
  emptyEntryForm,
  ENTRY_FIELDS,
  errorsFromServerFields,
  formOfEntry,
  toEntryInput,
  validateEntry,
  type EntryErrors,
  type EntryField,
  type EntryForm,
} from '../screens/directory-model';
import { ErrorSummary, type SummaryEntry } from './ErrorSummary';
import { Field, type ControlProps } from './Field';

const fieldId = (f: EntryField) => `directory-${f}`;
const OPTIONAL: ReadonlySet<EntryField> = new Set(ENTRY_FIELDS.filter((f) => f !== 'name'));
const HINTED: ReadonlySet<EntryField> = new Set(['epuapAddress', 'edoreczeniaAddress', 'sizeLimitMb', 'allowedFormats', 'source']);

export function DirectoryEntryForm(props: {
  original: DirectoryEntryView | null;
  onSaved: (entry: DirectoryEntryView) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { original } = props;
  const locale = uiLocale();
  const [form, setForm] = useState<EntryForm>(() => (original ? formOfEntry(original, locale) : emptyEntryForm()));
  const [shown, setShown] = useState<ReadonlySet<EntryField>>(new Set());
  const [serverErrors, setServerErrors] = useState<EntryErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitCount, setSubmitCount] = useState(0);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const input = useMemo(() => toEntryInput(form, original, locale), [form, original, locale]);
  const clientErrors = useMemo(() => validateEntry(t, input, form), [t, input, form]);
  const errors: EntryErrors = { ...serverErrors };
  for (const f of shown) if (clientErrors[f] && !errors[f]) errors[f] = clientErrors[f];

  const set = (f: EntryField) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    const value = e.target.value;
    setForm((cur) => ({ ...cur, [f]: value }));
    setServerErrors(({ [f]: _dropped, ...rest }) => rest);
  };
  const touch = (f: EntryField) => () => setShown((cur) => (cur.has(f) ? cur : new Set([...cur, f])));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    setShown(new Set(ENTRY_FIELDS));
    if (Object.keys(clientErrors).length > 0) {
      setSubmitCount((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      props.onSaved(await call('directory.save', { entry: input }));
    } catch (err) {
      const fields = isAppError(err) && err.code === 'INVALID_INPUT' && Array.isArray(err.details.fields) ? err.details.fields : [];
      const mapped = errorsFromServerFields(t, fields, form);
      if (Object.keys(mapped).length > 0) setServerErrors(mapped);
      else setFormError(messageOf(err));
      setSubmitCount((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const label = (f: EntryField) => t(`directory.fields.${f}`);
  const field = (f: EntryField, control: (c: ControlProps) => ReactNode) => (
    <Field id={fieldId(f)} label={label(f)} hint={HINTED.has(f) ? t(`directory.hints.${f}`) : undefined} error={errors[f]} optional={OPTIONAL.has(f)}>
      {control}
    </Field>
  );
  const text = (f: EntryField, opts: { type?: 'text' | 'date'; maxLength?: number; inputMode?: 'decimal' } = {}) =>
    field(
      f,
      (c) => (
        <input
          {...c}
          name={f}
          type={opts.type ?? 'text'}
          value={form[f]}
          onChange={set(f)}
          onBlur={touch(f)}
          maxLength={opts.maxLength}
          inputMode={opts.inputMode}
          autoComplete="off"
          spellCheck={false}
        />
      ),
    );

  const summary: SummaryEntry[] = [
    ...(formError ? [{ message: formError }] : []),
    ...ENTRY_FIELDS.flatMap((f) => (errors[f] ? [{ targetId: fieldId(f), message: `${label(f)}: ${errors[f]}` }] : [])),
  ];

  return (
    <section className="panel entry-form" aria-labelledby="entry-form-title">
      <h2 id="entry-form-title" tabIndex={-1} ref={headingRef}>
        {original ? t('directory.form.editTitle', { name: original.name }) : t('directory.form.addTitle')}
      </h2>
      <ErrorSummary entries={submitCount > 0 ? summary : []} focusKey={submitCount} />
      <form noValidate onSubmit={submit} aria-busy={busy}>
        <div className="grid grid--2">
          {text('name', { maxLength: 300 })}
          {text('town', { maxLength: 100 })}
        </div>
        <div className="grid grid--2">
          {text('epuapAddress', { maxLength: 260 })}
          {text('edoreczeniaAddress', { maxLength: 40 })}
        </div>
        {field('epuapNote', (c) => <textarea {...c} name="epuapNote" rows={2} value={form.epuapNote} onChange={set('epuapNote')} onBlur={touch('epuapNote')} />)}
        <div className="grid grid--3">
          {text('sizeLimitMb', { inputMode: 'decimal', maxLength: 12 })}
          {field('sizeLimitScope', (c) => (
            <select {...c} name="sizeLimitScope" value={form.sizeLimitScope} onChange={set('sizeLimitScope')} onBlur={touch('sizeLimitScope')}>
              <option value="">{t('directory.form.noScope')}</option>
              {SIZE_SCOPES.map((s) => (
                <option key={s} value={s}>
                  {t(`directory.scopes.${s}`)}
                </option>
              ))}
            </select>
          ))}
          {text('allowedFormats', { maxLength: 500 })}
        </div>
        {field('notes', (c) => <textarea {...c} name="notes" rows={4} value={form.notes} onChange={set('notes')} onBlur={touch('notes')} />)}
        <div className="grid grid--2">
          {text('source', { maxLength: 500 })}
          {text('verifiedOn', { type: 'date' })}
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('directory.form.saving') : t('directory.form.save')}
          </button>
          <button type="button" className="button" onClick={props.onCancel} disabled={busy}>
            {t('directory.form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
