/** "Poświadczenia": receipts.list, newest first. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptSummary } from '../../electron/common/contract';
import { call, messageOf } from '../api';
import { VerifiedBadge } from '../components/VerifiedBadge';
import { formatDateTime } from '../format';
import { ListStatus } from '../components/ListStatus';
import { ListScreenHead } from '../components/ListScreenHead';

export function ReceiptsScreen(props: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<ReceiptSummary[] | null>(null);
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [list, outbox] = await Promise.all([call('receipts.list', {}), call('outbox.list', {})]);
      setTitles(new Map(outbox.map((f) => [f.id, f.title])));
      setItems([...list].sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0)));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);

  useEffect(() => {
    void load();
    const onFocus = () => void load();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [load]);

  return (
    <>
      <ListScreenHead title={t('receipts.title')} intro={t('receipts.intro')} onRefresh={() => void load()} />
      <ListStatus error={error} items={items} emptyText={t('receipts.empty')} />
      {items !== null && items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('receipts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('receipts.columns.kind')}</th>
                <th scope="col">{t('receipts.columns.filing')}</th>
                <th scope="col">{t('receipts.columns.issuer')}</th>
                <th scope="col">{t('receipts.columns.received')}</th>
                <th scope="col">{t('receipts.columns.verified')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('receipts.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.kind}
                    <span className="muted small block">{t(`channels.${r.channel}`)}</span>
                  </th>
                  <td>{(r.filingId && titles.get(r.filingId)) || t('common.none')}</td>
                  <td>{r.issuer}</td>
                  <td className="nowrap">{formatDateTime(r.receivedAt)}</td>
                  <td>
                    <VerifiedBadge verified={r.verified} />
                  </td>
                  <td className="table__actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => props.onOpen(r.id)}
                      aria-label={t('receipts.openLabel', { kind: r.kind, date: formatDateTime(r.receivedAt) })}
                    >
                      {t('receipts.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
