/**
 * The list of problems shown above a form after a failed submit. It takes focus when it appears
 * (and whenever `focusKey` changes) so keyboard and screen-reader users land on it; each entry
 * moves focus to its field.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface SummaryEntry {
  targetId?: string;
  message: string;
}

export function ErrorSummary(props: { entries: SummaryEntry[]; focusKey: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const { entries, focusKey } = props;
  useEffect(() => {
    if (entries.length > 0) ref.current?.focus();
    // Only a new submit moves focus; edits that shrink the list do not.
  }, [focusKey]);
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 className="error-summary__title" id="error-summary-title">
        {t('compose.summaryTitle')}
      </h2>
      <p>{t('compose.summaryIntro')}</p>
      <ul className="error-summary__list">
        {entries.map((e, i) => (
          <li key={`${e.targetId ?? 'form'}-${i}`}>
            {e.targetId ? (
              <a
                href={`#${e.targetId}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  const el = document.getElementById(e.targetId!);
                  el?.focus();
                  el?.scrollIntoView({ block: 'center' });
                }}
              >
                {e.message}
              </a>
            ) : (
              e.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
