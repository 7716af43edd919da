/**
 * "Skrzynka nadawcza": outbox.list, kept live by the outbox.changed event and refreshed whenever
 * the window regains focus. Status changes are announced in a polite live region. Each row offers
 * what its state allows: pause/resume, retry, cancel; a filing being sent shows upload progress
 * (outbox.progress).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxItem } from '../../electron/common/contract';
import { call, messageOf, on } from '../api';
import { IN_PROGRESS, StateBadge } from '../components/StateBadge';
import { formatDateTime } from '../format';
import { ListStatus } from '../components/ListStatus';
import { ListScreenHead, LiveStatus } from '../components/ListScreenHead';

/** Keeps whichever copy of an item is newer (an event may overtake a list reply). */
function merge(current: OutboxItem[], incoming: OutboxItem[]): OutboxItem[] {
  const byId = new Map(current.map((i) => [i.id, i]));
  return incoming.map((item) => {
    const known = byId.get(item.id);
    return known && known.updatedAt > item.updatedAt ? known : item;
  });
}

function sorted(items: OutboxItem[]): OutboxItem[] {
  return [...items].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

export function OutboxScreen(props: {
  flash: string | null;
  onSign: (id: string) => void;
  onOpenReceipt: (receiptId: string) => void;
  onDuplicate: (filingId: string) => void;
}) {
  const { t } = useTranslation();
  const [items, setItems] = useState<OutboxItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [rowBusy, setRowBusy] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const itemsRef = useRef<OutboxItem[]>([]);
  const [upload, setUpload] = useState<Record<string, { sent: number; total: number }>>({});

  const load = useCallback(async () => {
    try {
      const list = await call('outbox.list', {});
      setItems((cur) => {
        const next = sorted(merge(cur ?? itemsRef.current, list));
        itemsRef.current = next;
        return next;
      });
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);

  useEffect(() => {
    const unsubscribe = on('outbox.changed', (item) => {
      const previous = itemsRef.current.find((i) => i.id === item.id);
      if (previous && previous.updatedAt > item.updatedAt) return;
      const next = sorted([item, ...itemsRef.current.filter((i) => i.id !== item.id)]);
      itemsRef.current = next;
      setItems(next);
      if (previous?.state !== item.state) {
        setAnnouncement(t('outbox.announce', { title: item.title, state: t(`states.${item.state}`) }));
      }
    });
    const unsubscribeProgress = on('outbox.progress', (p) => setUpload((cur) => ({ ...cur, [p.id]: { sent: p.sent, total: p.total } })));
    void load();
    const onFocus = () => void load();
    window.addEventListener('focus', onFocus);
    return () => {
      unsubscribe();
      unsubscribeProgress();
      window.removeEventListener('focus', onFocus);
    };
  }, [load, t]);

  // The hand-over message goes into the live region after it exists, so it is announced.
  useEffect(() => {
    if (props.flash) setAnnouncement(props.flash);
  }, [props.flash]);

  async function send(item: OutboxItem) {
    setRowBusy(item.id);
    setRowError(null);
    try {
      await call('filings.send', { id: item.id });
      await load();
    } catch (e) {
      setRowError({ id: item.id, message: messageOf(e) });
    } finally {
      setRowBusy(null);
    }
  }

  async function act(item: OutboxItem, channel: 'outbox.pause' | 'outbox.resume' | 'outbox.retry' | 'outbox.cancel') {
    if (channel === 'outbox.cancel' && !window.confirm(t('outboxActions.confirmCancel', { title: item.title }))) return;
    setRowBusy(item.id);
    setRowError(null);
    try {
      await call(channel, { id: item.id });
      await load();
    } catch (e) {
      setRowError({ id: item.id, message: messageOf(e) });
    } finally {
      setRowBusy(null);
    }
  }

  async function openReceipt(item: OutboxItem) {
    setRowBusy(item.id);
    setRowError(null);
    try {
      const detail = await call('filings.get', { id: item.id });
      const receiptId = detail.receiptIds[0];
      if (receiptId) props.onOpenReceipt(receiptId);
      else setRowError({ id: item.id, message: t('outbox.noReceiptYet') });
    } catch (e) {
      setRowError({ id: item.id, message: messageOf(e) });
    } finally {
      setRowBusy(null);
    }
  }

  return (
    <>
      <ListScreenHead title={t('outbox.title')} intro={t('outbox.intro')} onRefresh={() => void load()} />
      <LiveStatus text={announcement} />
      <ListStatus error={error} items={items} emptyText={t('outbox.empty')} />
      {items !== null && items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('outbox.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('outbox.columns.title')}</th>
                <th scope="col">{t('outbox.columns.to')}</th>
                <th scope="col">{t('outbox.columns.state')}</th>
                <th scope="col" className="num">
                  {t('outbox.columns.attempts')}
                </th>
                <th scope="col">{t('outbox.columns.updated')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('outbox.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const inProgress = IN_PROGRESS.includes(item.state);
                return (
                  <tr key={item.id} data-filing-id={item.id} aria-busy={inProgress}>
                    <th scope="row" className="table__title">
                      {item.title}
                    </th>
                    <td>
                      <code className="address">{item.to}</code>
                      <span className="muted small block">{t(`channels.${item.channel}`)}</span>
                    </td>
                    <td>
                      <span className="state-cell">
                        <StateBadge state={item.state} />
                        {inProgress && !item.paused && !(item.state === 'sending' && upload[item.id]) && <progress className="progress" aria-label={t('outbox.inProgress')} />}
                        {item.state === 'sending' && upload[item.id] && (
                          <progress className="progress" max={upload[item.id]!.total} value={upload[item.id]!.sent} aria-label={t('outboxActions.uploadFor', { title: item.title })}>
                            {t('outboxActions.upload', { percent: Math.round((100 * upload[item.id]!.sent) / Math.max(1, upload[item.id]!.total)) })}
                          </progress>
                        )}
                        {item.paused && <span className="small muted">{t('outboxActions.paused')}</span>}
                      </span>
                      {item.lastError && <span className="small error-text">{t('outbox.lastError', { error: item.lastError })}</span>}
                      {rowError?.id === item.id && (
                        <span className="small error-text" role="alert">
                          {rowError.message}
                        </span>
                      )}
                    </td>
                    <td className="num">{item.attempts}</td>
                    <td className="nowrap">{formatDateTime(item.updatedAt)}</td>
                    <td className="table__actions">
                      {item.state === 'draft' && (
                        <button type="button" className="button button--small" onClick={() => props.onSign(item.id)} aria-label={t('outbox.signFor', { title: item.title })}>
                          {t('outbox.sign')}
                        </button>
                      )}
                      {item.state === 'signed' && (
                        <button
                          type="button"
                          className="button button--small button--primary"
                          disabled={rowBusy === item.id}
                          onClick={() => void send(item)}
                          aria-label={t('outbox.sendFor', { title: item.title })}
                        >
                          {t('outbox.send')}
                        </button>
                      )}
                      {item.state === 'delivered' && (
                        <button
                          type="button"
                          className="button button--small"
                          disabled={rowBusy === item.id}
                          onClick={() => void openReceipt(item)}
                          aria-label={t('outbox.receiptFor', { title: item.title })}
                        >
                          {t('outbox.receipt')}
                        </button>
                      )}
                      {['queued', 'failed', 'uncertain', 'sending'].includes(item.state) && (
                        <button
                          type="button"
                          className="button button--small"
                          disabled={rowBusy === item.id}
                          onClick={() => void act(item, item.paused ? 'outbox.resume' : 'outbox.pause')}
                          aria-label={t(item.paused ? 'outboxActions.resumeFor' : 'outboxActions.pauseFor', { title: item.title })}
                        >
                          {t(item.paused ? 'outboxActions.resume' : 'outboxActions.pause')}
                        </button>
                      )}
                      {['failed', 'rejected', 'uncertain'].includes(item.state) && (
                        <button type="button" className="button button--small" disabled={rowBusy === item.id} onClick={() => void act(item, 'outbox.retry')} aria-label={t('outboxActions.retryFor', { title: item.title })}>
                          {t('outboxActions.retry')}
                        </button>
                      )}
                      {['queued', 'failed'].includes(item.state) && (
                        <button type="button" className="button button--small button--quiet" disabled={rowBusy === item.id} onClick={() => void act(item, 'outbox.cancel')} aria-label={t('outboxActions.cancelFor', { title: item.title })}>
                          {t('outboxActions.cancel')}
                        </button>
                      )}
                      <button type="button" className="button button--small button--quiet" onClick={() => props.onDuplicate(item.id)} aria-label={t('drafts.duplicateFor', { title: item.title })}>
                        {t('drafts.duplicate')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
