/**
 * "Książka adresowa": live search of the inbox directory, each entry with its inboxes, limits and
 * notes; add and edit (DirectoryEntryForm), delete (the user's own) or hide (shipped entries),
 * import a CSV/JSON file read here in the renderer (directory files are small) and export one as a
 * download. Results and outcomes are announced in a polite live region.
 */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryEntryView, ExchangeFormat, ImportReport } from '../../electron/common/contract-directory';
import { call, messageOf } from '../api';
import { DirectoryEntryCard, headingIdOf } from '../components/DirectoryEntryCard';
import { DirectoryEntryForm } from '../components/DirectoryEntryForm';
import { useDirectorySearch, type SearchResult } from '../components/useDirectorySearch';
import { importFieldLabel } from './directory-model';

const PAGE = 100;
const SEARCH_ID = 'directory-search';
const ADD_ID = 'directory-add';
const MEDIA_TYPES: Record<ExchangeFormat, string> = { csv: 'text/csv;charset=utf-8', json: 'application/json' };

type Mode = { kind: 'list' } | { kind: 'add' } | { kind: 'edit'; entry: DirectoryEntryView };
type ImportOutcome = { file: string; report: ImportReport; format: ExchangeFormat } | { file: string; failure: string };

/** Saves text as a file through a Blob link (no Node, no dialogs of our own). */
function download(text: string, fileName: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the browser has started the download.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function DirectoryScreen() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [reloadKey, setReloadKey] = useState(0);
  const { result, error } = useDirectorySearch(query, { limit: PAGE, reloadKey });
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [announcement, setAnnouncement] = useState('');
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  /** An element to focus once the list has reloaded (its id), and the list it must not be. */
  const focusRequest = useRef<{ id: string; after: SearchResult | null } | null>(null);

  useEffect(() => {
    const request = focusRequest.current;
    if (!request || result === request.after) return;
    focusRequest.current = null;
    (document.getElementById(request.id) ?? document.getElementById(SEARCH_ID))?.focus();
  }, [result]);

  function reloadThenFocus(id: string) {
    focusRequest.current = { id, after: result };
    setReloadKey((k) => k + 1);
  }

  function focusLater(id: string) {
    requestAnimationFrame(() => document.getElementById(id)?.focus());
  }

  function saved(entry: DirectoryEntryView) {
    setMode({ kind: 'list' });
    setAnnouncement(t('directory.announce.saved', { name: entry.name }));
    // Shown at the top of the list, whatever was searched before.
    setQuery(entry.name);
    reloadThenFocus(headingIdOf(entry.id));
  }

  function cancelForm() {
    const back = mode.kind === 'edit' ? `edit-${mode.entry.id}` : ADD_ID;
    setMode({ kind: 'list' });
    focusLater(back);
  }

  async function remove(entry: DirectoryEntryView) {
    setBusy(true);
    setActionError(null);
    try {
      const { outcome: done } = await call('directory.delete', { id: entry.id });
      setConfirming(null);
      setAnnouncement(t(done === 'hidden' ? 'directory.announce.hidden' : 'directory.announce.deleted', { name: entry.name }));
      reloadThenFocus(SEARCH_ID);
    } catch (e) {
      setActionError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function exportAs(format: ExchangeFormat) {
    setActionError(null);
    try {
      const { text, fileName } = await call('directory.export', { format });
      download(text, fileName, MEDIA_TYPES[format]);
      setAnnouncement(t('directory.announce.exported', { file: fileName }));
    } catch (e) {
      setActionError(messageOf(e));
    }
  }

  async function importFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const format: ExchangeFormat = /\.json$/i.test(file.name) ? 'json' : 'csv';
    setBusy(true);
    try {
      const report = await call('directory.import', { format, text: await file.text() });
      setOutcome({ file: file.name, report, format });
      if (report.added + report.updated > 0) setReloadKey((k) => k + 1);
    } catch (err) {
      setOutcome({ file: file.name, failure: messageOf(err) });
    } finally {
      setBusy(false);
    }
  }

  const entries = result?.entries ?? null;
  const count =
    result === null ? '' : result.total > result.entries.length ? t('directory.countPartial', { shown: result.entries.length, total: result.total }) : t('directory.count', { n: result.total });

  return (
    <>
      <div className="screen-head">
        <h1 className="screen-title" tabIndex={-1}>
          {t('directory.title')}
        </h1>
        <button id={ADD_ID} type="button" className="button button--primary" onClick={() => setMode({ kind: 'add' })} disabled={mode.kind !== 'list'}>
          {t('directory.add')}
        </button>
      </div>
      <p className="lead">{t('directory.intro')}</p>

      {mode.kind !== 'list' && (
        <DirectoryEntryForm key={mode.kind === 'edit' ? mode.entry.id : 'new'} original={mode.kind === 'edit' ? mode.entry : null} onSaved={saved} onCancel={cancelForm} />
      )}

      <section className="panel exchange" aria-labelledby="directory-exchange-title">
        <h2 id="directory-exchange-title">{t('directory.exchange.title')}</h2>
        <div className="exchange__row">
          <div className="field field--first">
            <label className="field__label" htmlFor="directory-import">
              {t('directory.exchange.importLabel')}
            </label>
            <input id="directory-import" type="file" accept=".csv,.json,text/csv,application/json" onChange={importFile} disabled={busy} aria-describedby="directory-import-hint" />
            <p className="field__hint" id="directory-import-hint">
              {t('directory.exchange.importHint')}
            </p>
          </div>
          <div className="exchange__export" role="group" aria-labelledby="directory-export-label">
            <p className="field__label" id="directory-export-label">
              {t('directory.exchange.exportLabel')}
            </p>
            <div className="toolbar">
              <button type="button" className="button" onClick={() => void exportAs('csv')}>
                {t('directory.exchange.exportCsv')}
              </button>
              <button type="button" className="button" onClick={() => void exportAs('json')}>
                {t('directory.exchange.exportJson')}
              </button>
            </div>
          </div>
        </div>
        {outcome && 'failure' in outcome && (
          <p className="alert alert--error" role="alert">
            {t('directory.exchange.failed', { file: outcome.file, message: outcome.failure })}
          </p>
        )}
        {outcome && 'report' in outcome && outcome.report.errors.length > 0 && (
          <div className="alert alert--error" role="alert">
            <p>{t('directory.exchange.rejected', { file: outcome.file })}</p>
            <ul>
              {outcome.report.errors.map((err) => (
                <li key={err.line}>
                  {t(outcome.format === 'json' ? 'directory.exchange.entryLine' : 'directory.exchange.row', { line: err.line })}{' '}
                  {err.fields.map((f) => importFieldLabel(t, f)).join(', ')}
                </li>
              ))}
            </ul>
          </div>
        )}
        {outcome && 'report' in outcome && outcome.report.errors.length === 0 && (
          <p className="alert alert--success" role="status">
            {t('directory.exchange.done', { file: outcome.file, added: outcome.report.added, updated: outcome.report.updated, unchanged: outcome.report.unchanged })}
          </p>
        )}
      </section>

      <div className="field search">
        <label className="field__label" htmlFor={SEARCH_ID}>
          {t('directory.search')}
        </label>
        <input id={SEARCH_ID} type="search" value={query} onChange={(e) => {
            setQuery(e.target.value);
            setAnnouncement('');
          }} autoComplete="off" spellCheck={false} maxLength={200} aria-describedby="directory-search-hint" />
        <p className="field__hint" id="directory-search-hint">
          {t('directory.searchHint')}
        </p>
      </div>
      <p className="live-status" role="status" aria-live="polite" aria-atomic="true">
        {announcement ? `${announcement} ${count}` : count}
      </p>
      {actionError && (
        <p className="alert alert--error" role="alert">
          {actionError}
        </p>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {t('errors.load', { message: error })}
        </p>
      )}
      {entries === null && !error && <p className="muted">{t('common.loading')}</p>}
      {entries !== null && entries.length === 0 && <p className="empty">{t('directory.empty')}</p>}
      {entries !== null && entries.length > 0 && (
        <ul className="entries" aria-label={t('directory.resultsLabel')}>
          {entries.map((entry) => (
            <li key={entry.id}>
              <DirectoryEntryCard
                entry={entry}
                actions={
                  confirming === entry.id ? (
                    <div className="confirm" role="group" aria-labelledby={`confirm-${entry.id}`}>
                      <p id={`confirm-${entry.id}`}>{t(entry.origin === 'user' ? 'directory.confirmDelete' : 'directory.confirmHide', { name: entry.name })}</p>
                      <button id={`confirm-yes-${entry.id}`} type="button" className="button button--danger button--small" onClick={() => void remove(entry)} disabled={busy}>
                        {t(entry.origin === 'user' ? 'directory.yesDelete' : 'directory.yesHide')}
                      </button>
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => {
                          setConfirming(null);
                          focusLater(`remove-${entry.id}`);
                        }}
                      >
                        {t('directory.form.cancel')}
                      </button>
                    </div>
                  ) : (
                    <>
                      <button
                        id={`edit-${entry.id}`}
                        type="button"
                        className="button button--small"
                        onClick={() => setMode({ kind: 'edit', entry })}
                        disabled={mode.kind !== 'list'}
                        aria-label={t('directory.editLabel', { name: entry.name })}
                      >
                        {t('directory.edit')}
                      </button>
                      <button
                        id={`remove-${entry.id}`}
                        type="button"
                        className="button button--quiet button--small"
                        onClick={() => {
                          setConfirming(entry.id);
                          focusLater(`confirm-yes-${entry.id}`);
                        }}
                        disabled={mode.kind !== 'list'}
                        aria-label={t(entry.origin === 'user' ? 'directory.deleteLabel' : 'directory.hideLabel', { name: entry.name })}
                      >
                        {t(entry.origin === 'user' ? 'directory.delete' : 'directory.hide')}
                      </button>
                    </>
                  )
                }
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
