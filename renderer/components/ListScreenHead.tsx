import { useTranslation } from 'react-i18next';

/** The top of a list screen: its heading (focus target after navigation), a refresh button, the intro. */
export function ListScreenHead({ title, intro, onRefresh }: { title: string; intro: string; onRefresh?: () => void }) {
  const { t } = useTranslation();
  const heading = (
    <h1 className="screen-title" tabIndex={-1}>
      {title}
    </h1>
  );
  return (
    <>
      {onRefresh ? (
        <div className="screen-head">
          {heading}
          <button type="button" className="button button--quiet button--small" onClick={onRefresh}>
            {t('common.refresh')}
          </button>
        </div>
      ) : (
        heading
      )}
      <p className="lead">{intro}</p>
    </>
  );
}

/** A polite live region announcing what changed on the screen. */
export function LiveStatus({ text }: { text: string }) {
  return (
    <p className="live-status" role="status" aria-live="polite" aria-atomic="true">
      {text}
    </p>
  );
}
