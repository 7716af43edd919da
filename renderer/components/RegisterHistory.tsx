/**
 * One register item's event history: a sent letter's (filings.get → events, with a link to its
 * receipt) or a received letter's (register.incoming: arrival, D.1, collection or deemed delivery,
 * its message's evidences, and the files it brought with their signature verdicts).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput, FilingDetail } from '../../electron/common/contract';
import type { RegisterItem } from '../../electron/common/contract-outbox';
import { call, messageOf } from '../api';
import { formatDateTime } from '../format';

type Incoming = ChannelOutput<'register.incoming'>;
type Entry = { at: string; kind: string; detail: string | null };

/** Event kinds of received letters the register names in words; others (evidence codes) stay as they are. */
const NAMED_KINDS = ['received', 'sent', 'opened', 'D.1', 'E.1', 'delivery.deemed', 'delivery.actual'];

export function RegisterHistory({ item, onClose }: { item: RegisterItem; onClose: () => void }) {
  const { t } = useTranslation();
  const [events, setEvents] = useState<Entry[] | null>(null);
  const [files, setFiles] = useState<Incoming['files']>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setEvents(null);
    setFiles([]);
    setError(null);
    const load: Promise<{ events: Entry[]; files: Incoming['files'] }> = item.flow === 'in'
      ? call('register.incoming', { id: item.id })
      : call('filings.get', { id: item.id }).then((d: FilingDetail) => ({ events: d.events.map((e) => ({ at: e.at, kind: e.kind, detail: e.detail })), files: [] }));
    load.then(
      (r) => {
        if (!live) return;
        setEvents(r.events);
        setFiles(r.files);
      },
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [item.id, item.flow]);

  const kindText = (kind: string) => (item.flow === 'in' && NAMED_KINDS.includes(kind) ? t(`register.incomingEvents.${kind.replace('.', '_')}`) : kind);

  return (
    <section className="panel" aria-labelledby="register-history-title">
      <div className="panel__head">
        <h2 id="register-history-title" tabIndex={-1} ref={(h) => h?.focus()}>
          {item.flow === 'in' ? t('register.historyIn', { title: item.title, sender: item.addressee }) : t('register.history', { title: item.title })}
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
      {!events && !error && <p className="muted">{t('common.loading')}</p>}
      {events && (
        <ol className="register-events">
          {events.map((e, i) => (
            <li key={i}>
              <span className="nowrap">{formatDateTime(e.at)}</span> — <strong>{kindText(e.kind)}</strong>
              {e.detail && <span className="muted"> ({e.detail})</span>}
            </li>
          ))}
        </ol>
      )}
      {files.length > 0 && (
        <>
          <h3>{t('register.files')}</h3>
          <ul>
            {files.map((f) => (
              <li key={f.sha256}>
                {f.name} <span className="muted">({t('register.fileSize', { size: f.size })})</span>
                {f.signature && (
                  <span className={f.signature.valid ? 'result result--ok' : 'result result--fail'}>
                    {' — '}
                    {f.signature.valid ? t('register.signatureOk', { signers: f.signature.signers.join(', ') }) : t('register.signatureBad', { problems: f.signature.problems.join('; ') })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
