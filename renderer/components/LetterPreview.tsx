/**
 * The letter as the office sees it: the official-stylesheet rendering, served by the main process
 * (or the test host) as its own document on /preview/<id> with its own strict CSP, shown in a
 * fully sandboxed frame (no scripts, no same origin). "Drukuj" prints the page, whose print
 * stylesheet leaves only this frame.
 */
import { useTranslation } from 'react-i18next';

export function LetterPreview(props: { filingId: string; title: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel preview" aria-labelledby="preview-title">
      <div className="panel__head">
        <h2 id="preview-title">{t('preview.title')}</h2>
        <button type="button" className="button button--small" onClick={() => window.print()}>
          {t('preview.print')}
        </button>
      </div>
      <p className="muted preview__hint">{t('preview.hint')}</p>
      <iframe
        className="preview__frame"
        sandbox=""
        src={`preview/${encodeURIComponent(props.filingId)}`}
        title={t('preview.frameTitle', { title: props.title })}
        referrerPolicy="no-referrer"
      />
    </section>
  );
}
