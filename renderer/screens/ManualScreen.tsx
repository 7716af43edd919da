/**
 * "Wysyłka ręczna": a signed letter exported as a package (to a folder the user picks) for a web
 * portal or a pendrive/CD, and later the receipt the user downloaded, imported and matched to its
 * letter (manual.exportPackage / manual.importReceipt): an ePUAP UPP/UPD or an e-Doręczenia
 * evidence (XML or PDF). What it was matched to (letter, message id, evidence type, verified or
 * flagged) is said; a receipt that does not verify or matches no letter is said so plainly.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput, OutboxItem } from '../../electron/common/contract';
import { call, messageOf, pathOfFile } from '../api';
import { ListScreenHead } from '../components/ListScreenHead';
import { ListStatus } from '../components/ListStatus';
import { StateBadge } from '../components/StateBadge';

type Imported = ChannelOutput<'manual.importReceipt'>;

/** Letters a package can be made of: signed, not yet delivered, and every letter of the manual channel. */
const exportable = (f: OutboxItem) => f.channel === 'manual' || f.state === 'signed';

export function ManualScreen() {
  const { t } = useTranslation();
  const id = useId();
  const [items, setItems] = useState<OutboxItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [exportStatus, setExportStatus] = useState<{ error: boolean; text: string } | null>(null);
  const [path, setPath] = useState('');
  const [imported, setImported] = useState<Imported | null>(null);
  const [importError, setImportError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await call('outbox.list', {})).filter(exportable));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  async function exportPackage(item: OutboxItem) {
    setBusy(true);
    setExportStatus({ error: false, text: t('manual.exporting') });
    try {
      const r = await call('manual.exportPackage', { id: item.id });
      setExportStatus({ error: false, text: r.saved && r.dir ? t('manual.exported', { dir: r.dir, files: r.files.map((f) => f.name).join(', ') }) : t('manual.exportCancelled') });
      await load();
    } catch (e) {
      setExportStatus({ error: true, text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  async function importReceipt() {
    setBusy(true);
    setImported(null);
    setImportError(null);
    try {
      setImported(await call('manual.importReceipt', { path }));
      await load();
    } catch (e) {
      setImportError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const fine = imported !== null && imported.verified && imported.filingId !== null;
  return (
    <>
      <ListScreenHead title={t('manual.title')} intro={t('manual.intro')} onRefresh={() => void load()} />

      <section className="panel" aria-labelledby={`${id}-export`} aria-busy={busy}>
        <h2 id={`${id}-export`}>{t('manual.exportTitle')}</h2>
        <p className="muted">{t('manual.exportHint')}</p>
        <ListStatus error={error} items={items} emptyText={t('manual.empty')} />
        {items !== null && items.length > 0 && (
          <table className="table">
            <caption className="visually-hidden">{t('manual.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('manual.columns.title')}</th>
                <th scope="col">{t('manual.columns.to')}</th>
                <th scope="col">{t('manual.columns.state')}</th>
                <th scope="col"><span className="visually-hidden">{t('manual.columns.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((f) => (
                <tr key={f.id} data-filing-id={f.id}>
                  <th scope="row">{f.title}</th>
                  <td className="break">{f.to}</td>
                  <td><StateBadge state={f.state} /></td>
                  <td className="table__actions">
                    <button type="button" className="button button--small" disabled={busy} onClick={() => void exportPackage(f)} aria-label={t('manual.exportFor', { title: f.title })}>
                      {t('manual.export')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className={exportStatus?.error ? 'alert alert--error' : 'preview__status'} role={exportStatus?.error ? 'alert' : 'status'}>
          {exportStatus?.text ?? ''}
        </p>
      </section>

      <section className="panel" aria-labelledby={`${id}-import`}>
        <h2 id={`${id}-import`}>{t('manual.importTitle')}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void importReceipt();
          }}
        >
          <div className="field">
            <label className="field__label" htmlFor={`${id}-file`}>{t('manual.file')}</label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".xml,.pdf,text/xml,application/xml,application/pdf"
              disabled={busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) setPath(pathOfFile(file) ?? '');
              }}
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-path`}>{t('manual.path')}</label>
            <p className="field__hint" id={`${id}-path-hint`}>{t('manual.pathHint')}</p>
            <input id={`${id}-path`} type="text" value={path} onChange={(e) => setPath(e.target.value)} aria-describedby={`${id}-path-hint`} maxLength={4096} />
          </div>
          <button type="submit" className="button" disabled={busy || path.trim() === ''}>
            {t('manual.import')}
          </button>
        </form>
        {importError && <p className="alert alert--error" role="alert">{importError}</p>}
        {imported && (
          <div className={fine ? 'alert alert--success' : 'alert alert--error'} role={fine ? 'status' : 'alert'} data-imported={fine ? 'ok' : 'flagged'}>
            <p>{fine ? t('manual.importedOk', { kind: imported.kind }) : t('manual.importedFlagged', { kind: imported.kind })}</p>
            <dl className="facts">
              <dt>{t('manual.matched.letter')}</dt>
              <dd>{imported.filingTitle ?? t('manual.matched.noLetter')}</dd>
              <dt>{t('manual.matched.kind')}</dt>
              <dd>{imported.kind}</dd>
              {imported.messageId && (
                <>
                  <dt>{t('manual.matched.message')}</dt>
                  <dd className="break">{imported.messageId}</dd>
                </>
              )}
              <dt>{t('manual.matched.verification')}</dt>
              <dd>{imported.verified ? t('manual.matched.verified') : t('manual.matched.flagged')}</dd>
            </dl>
            {imported.alreadyImported && <p>{t('manual.alreadyImported')}</p>}
            {imported.problems.length > 0 && (
              <ul>
                {imported.problems.map((p, i) => <li key={i}>{p}</li>)}
              </ul>
            )}
            <a href={`#/receipts/${encodeURIComponent(imported.id)}`}>{t('manual.openReceipt')}</a>
          </div>
        )}
      </section>
    </>
  );
}
