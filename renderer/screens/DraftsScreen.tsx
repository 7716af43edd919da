/**
 * "Szkice": every saved draft, newest first, with its title and when it was last saved; open one,
 * start a new letter from it, or delete it (after a confirmation in place).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftSummary } from '../../electron/common/contract-drafts';
import { call, messageOf } from '../api';
import { ListStatus } from '../components/ListStatus';
import { formatDateTime } from '../format';
import { ListScreenHead, LiveStatus } from '../components/ListScreenHead';

export function DraftsScreen(props: { flash: string | null; onOpen: (id: string) => void; onDuplicate: (id: string) => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<DraftSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      setItems(await call('drafts.list', {}));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  useEffect(() => {
    if (confirming) document.getElementById(`draft-confirm-no-${confirming}`)?.focus();
  }, [confirming]);

  const titleOf = (d: DraftSummary) => d.title || t('drafts.untitled');

  async function remove(d: DraftSummary) {
    setBusy(true);
    try {
      await call('drafts.delete', { id: d.id });
      setConfirming(null);
      setAnnouncement(t('drafts.deleted', { title: titleOf(d) }));
      await load();
      document.querySelector<HTMLElement>('.screen-title')?.focus();
    } catch (e) {
      setAnnouncement(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <ListScreenHead title={t('drafts.title')} intro={t('drafts.intro')} />
      {props.flash && (
        <p className="alert alert--error" role="alert">
          {props.flash}
        </p>
      )}
      <LiveStatus text={announcement} />
      <ListStatus error={error} items={items} emptyText={t('drafts.empty')} />
      {items !== null && items.length > 0 && (
        <div className="table-wrap">
          <table className="table table--drafts">
            <caption className="visually-hidden">{t('drafts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('drafts.columns.title')}</th>
                <th scope="col">{t('drafts.columns.saved')}</th>
                <th scope="col">{t('drafts.columns.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('drafts.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-draft-id={d.id}>
                  <th scope="row" className="table__title">
                    {titleOf(d)}
                  </th>
                  <td className="nowrap">{formatDateTime(d.updatedAt)}</td>
                  <td>{d.filingId ? t('drafts.filed') : t('drafts.unfinished')}</td>
                  <td className="table__actions">
                    {confirming === d.id ? (
                      <div className="confirm" role="group" aria-labelledby={`draft-confirm-${d.id}`}>
                        <p id={`draft-confirm-${d.id}`}>{t('drafts.confirmDelete', { title: titleOf(d) })}</p>
                        <button type="button" className="button button--danger button--small" disabled={busy} onClick={() => void remove(d)}>
                          {t('drafts.deleteYes')}
                        </button>
                        <button
                          type="button"
                          id={`draft-confirm-no-${d.id}`}
                          className="button button--small"
                          onClick={() => {
                            setConfirming(null);
                            requestAnimationFrame(() => document.getElementById(`draft-delete-${d.id}`)?.focus());
                          }}
                        >
                          {t('drafts.deleteNo')}
                        </button>
                      </div>
                    ) : (
                      <div className="row-actions">
                        <button type="button" className="button button--small button--primary" onClick={() => props.onOpen(d.id)} aria-label={t('drafts.openFor', { title: titleOf(d) })}>
                          {t('drafts.open')}
                        </button>
                        <button type="button" className="button button--small" onClick={() => props.onDuplicate(d.id)} aria-label={t('drafts.duplicateFor', { title: titleOf(d) })}>
                          {t('drafts.duplicate')}
                        </button>
                        <button
                          type="button"
                          id={`draft-delete-${d.id}`}
                          className="button button--small button--quiet"
                          onClick={() => setConfirming(d.id)}
                          aria-label={t('drafts.deleteFor', { title: titleOf(d) })}
                        >
                          {t('drafts.delete')}
                        </button>
                      </div>
                    )}
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
