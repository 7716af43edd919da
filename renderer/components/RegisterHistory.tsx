/** One register item's event history (filings.get → events), with a link to its receipt. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilingDetail } from '../../electron/common/contract';
import type { RegisterItem } from '../../electron/common/contract-outbox';
import { call, messageOf } from '../api';
import { formatDateTime } from '../format';

export function RegisterHistory({ item, onClose }: { item: RegisterItem; onClose: () => void }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<FilingDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    call('filings.get', { id: item.id }).then(
      (d) => live && setDetail(d),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [item.id]);

  return (
    <section className="panel" aria-labelledby="register-history-title">
      <div className="panel__head">
        <h2 id="register-history-title" tabIndex={-1} ref={(h) => h?.focus()}>
          {t('register.history', { title: item.title })}
        </h2>
        <button type="button" className="button button--quiet button--small" onClick={onClose}>
          {t('register.closeHistory')}
        </button>
      </div>
      {item.receiptId && (
        <p>
          <a href={`#/receipts/${encodeURIComponent(item.receiptId)}`}>{t('register.openReceipt')}</a>
        </p>
      )}
      {error && <p className="alert alert--error" role="alert">{t('errors.load', { message: error })}</p>}
      {!detail && !error && <p className="muted">{t('common.loading')}</p>}
      {detail && (
        <ol className="register-events">
          {detail.events.map((e, i) => (
            <li key={i}>
              <span className="nowrap">{formatDateTime(e.at)}</span> — <strong>{e.kind}</strong>
              {e.detail && <span className="muted"> ({e.detail})</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
