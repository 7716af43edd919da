/**
 * "Dodaj termin": from a tracked letter's delivery or a date the user gives, a preset (7, 14, 30 days)
 * or a custom length; the computed last day and its roll-forward are shown before adding.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../electron/common/contract';
import type { TermView, TrackedItem } from '../../electron/common/contract-deadlines';
import { call, messageOf } from '../api';
import { Field } from '../components/Field';
import { formatDate } from '../format';

type Preset = TermView['preset'];
type Unit = TermView['unit'];
const PRESETS: Preset[] = ['appeal', 'complaint', 'restoration', 'wsa', 'custom'];

export function TermForm(props: { items: TrackedItem[]; today: string; onAdded: (term: TermView) => void }) {
  const { t } = useTranslation();
  const [itemId, setItemId] = useState('');
  const [start, setStart] = useState(props.today);
  const [preset, setPreset] = useState<Preset>('appeal');
  const [n, setN] = useState('14');
  const [unit, setUnit] = useState<Unit>('days');
  const [label, setLabel] = useState('');
  const [suggestion, setSuggestion] = useState<ChannelOutput<'deadlines.suggest'>[number] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const item = props.items.find((i) => i.id === itemId);
  // A tracked letter counts from its delivery (actual, or deemed while not collected).
  const from = item ? (item.window.delivery?.date ?? item.window.deemedDate) : start;
  const count = Number(n);
  const customOk = Number.isInteger(count) && count >= 1 && count <= 3650;

  useEffect(() => {
    if (!from || (preset === 'custom' && !customOk)) {
      setSuggestion(null);
      return;
    }
    let live = true;
    call('deadlines.suggest', preset === 'custom' ? { start: from, n: count, unit } : { start: from })
      .then((list) => live && setSuggestion(list.find((s) => s.preset === preset) ?? null))
      .catch(() => live && setSuggestion(null));
    return () => {
      live = false;
    };
  }, [from, preset, count, unit, customOk]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const term = await call('deadlines.addTerm', {
        ...(item ? { itemId: item.id } : { startDate: start }),
        preset,
        ...(preset === 'custom' ? { n: count, unit } : {}),
        label: label.trim() || t(`deadlines.add.presets.${preset}`),
      });
      setLabel('');
      props.onAdded(term);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <form className="term-form" onSubmit={submit} noValidate aria-labelledby="term-form-title">
      <h2 id="term-form-title">{t('deadlines.add.title')}</h2>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <div className="grid grid--3">
        <Field id="term-item" label={t('deadlines.add.letter')} optional>
          {(c) => (
            <select {...c} value={itemId} onChange={(e) => setItemId(e.target.value)}>
              <option value="">{t('deadlines.add.noLetter')}</option>
              {props.items.filter((i) => i.window.deemedDate || i.window.delivery).map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title} — {i.counterparty}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!item && (
          <Field id="term-start" label={t('deadlines.add.start')}>
            {(c) => <input {...c} type="date" value={start} onChange={(e) => setStart(e.target.value)} />}
          </Field>
        )}
        <Field id="term-preset" label={t('deadlines.add.preset')}>
          {(c) => (
            <select {...c} value={preset} onChange={(e) => setPreset(e.target.value as Preset)}>
              {PRESETS.map((p) => (
                <option key={p} value={p}>
                  {t(`deadlines.add.presets.${p}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {preset === 'custom' && (
          <>
            <Field id="term-n" label={t('deadlines.add.n')}>
              {(c) => <input {...c} type="number" min={1} max={3650} value={n} onChange={(e) => setN(e.target.value)} />}
            </Field>
            <Field id="term-unit" label={t('deadlines.add.unit')}>
              {(c) => (
                <select {...c} value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
                  {(['days', 'weeks', 'months'] as const).map((u) => (
                    <option key={u} value={u}>
                      {t(`deadlines.add.units.${u}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
        <Field id="term-label" label={t('deadlines.add.label')} optional>
          {(c) => <input {...c} type="text" maxLength={200} value={label} onChange={(e) => setLabel(e.target.value)} />}
        </Field>
      </div>
      <p className="term-form__suggestion" role="status" aria-live="polite">
        {suggestion ? t('deadlines.add.suggestion', { date: formatDate(suggestion.lastDay), why: suggestion.explanation }) : ''}
      </p>
      <div className="actions">
        <button type="submit" className="button button--primary">
          {t('deadlines.add.submit')}
        </button>
      </div>
    </form>
  );
}
