/**
 * The disputed points of DOMAIN-deadlines §5 as settings, each with its default named; saving
 * re-computes every open deadline (the service recomputes from events) and is audited.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../electron/common/contract';
import { EDORECZENIA_MODES, EPUAP_MODES } from '../../electron/common/legal-calendar-settings';
import { call, messageOf } from '../api';
import { Field } from '../components/Field';

type Settings = ChannelOutput<'deadlines.settings.get'>;

export function DeadlinesSettings(props: { onSaved: () => void }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [daysBefore, setDaysBefore] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call('deadlines.settings.get', {}).then((s) => {
      setSettings(s);
      setDaysBefore(s.reminders.daysBefore.join(', '));
    }, (e: unknown) => setError(messageOf(e)));
  }, []);

  if (!settings) return error ? <p className="alert alert--error" role="alert">{error}</p> : null;

  async function save(e: FormEvent) {
    e.preventDefault();
    const days = daysBefore.split(/[,\s]+/).filter(Boolean).map(Number);
    try {
      const saved = await call('deadlines.settings.save', { ...settings!, reminders: { ...settings!.reminders, daysBefore: days } });
      setSettings(saved);
      setError(null);
      props.onSaved();
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const set = (next: Settings) => setSettings(next);
  return (
    <details className="deadline-settings">
      <summary>{t('deadlines.settings.title')}</summary>
      <form onSubmit={save} noValidate>
        <p className="muted">{t('deadlines.settings.intro')}</p>
        {error && (
          <p className="alert alert--error" role="alert">
            {error}
          </p>
        )}
        <div className="grid grid--2">
          <Field id="ds-edor" label={t('deadlines.settings.edoreczeniaMode')} hint={t('deadlines.settings.edoreczeniaHint')}>
            {(c) => (
              <select {...c} value={settings.edoreczenia.deemedMode} onChange={(e) => set({ ...settings, edoreczenia: { ...settings.edoreczenia, deemedMode: e.target.value as Settings['edoreczenia']['deemedMode'] } })}>
                {EDORECZENIA_MODES.map((m) => (
                  <option key={m} value={m}>
                    {t(`deadlines.settings.modes.${m}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="ds-epuap" label={t('deadlines.settings.epuapMode')} hint={t('deadlines.settings.epuapHint')}>
            {(c) => (
              <select {...c} value={settings.epuap.deemedMode} onChange={(e) => set({ ...settings, epuap: { ...settings.epuap, deemedMode: e.target.value as Settings['epuap']['deemedMode'] } })}>
                {EPUAP_MODES.map((m) => (
                  <option key={m} value={m}>
                    {t(`deadlines.settings.modes.${m}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="ds-anchor" label={t('deadlines.settings.anchor')} hint={t('deadlines.settings.anchorHint')}>
            {(c) => (
              <select {...c} value={settings.filing.timelinessAnchor} onChange={(e) => set({ ...settings, filing: { timelinessAnchor: e.target.value as Settings['filing']['timelinessAnchor'] } })}>
                <option value="arrival">{t('deadlines.settings.anchors.arrival')}</option>
                <option value="submission">{t('deadlines.settings.anchors.submission')}</option>
              </select>
            )}
          </Field>
          <Field id="ds-days" label={t('deadlines.settings.daysBefore')} hint={t('deadlines.settings.daysBeforeHint')}>
            {(c) => <input {...c} type="text" inputMode="numeric" value={daysBefore} onChange={(e) => setDaysBefore(e.target.value)} />}
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={settings.edoreczenia.rollCollectionTerm} onChange={(e) => set({ ...settings, edoreczenia: { ...settings.edoreczenia, rollCollectionTerm: e.target.checked } })} />{' '}
          {t('deadlines.settings.roll')}
        </label>
        <div className="actions">
          <button type="submit" className="button">
            {t('deadlines.settings.save')}
          </button>
        </div>
      </form>
    </details>
  );
}
