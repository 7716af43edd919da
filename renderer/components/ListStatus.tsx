import { useTranslation } from 'react-i18next';

/** What a list screen shows instead of (or above) its table: a load error, loading, or empty. */
export function ListStatus({ error, items, emptyText }: { error: string | null; items: readonly unknown[] | null; emptyText: string }) {
  const { t } = useTranslation();
  return (
    <>
      {error && (
        <p className="alert alert--error" role="alert">
          {t('errors.load', { message: error })}
        </p>
      )}
      {items === null && !error && <p className="muted">{t('common.loading')}</p>}
      {items !== null && items.length === 0 && <p className="empty">{emptyText}</p>}
    </>
  );
}
