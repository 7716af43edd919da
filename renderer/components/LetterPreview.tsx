/**
 * The letter as the office sees it: the official-stylesheet rendering, served by the main process
 * (or the test host) as its own document on /preview/<id> with its own strict CSP, shown in a
 * fully sandboxed frame (no scripts, no same origin). "Drukuj" prints the page, whose print
 * stylesheet leaves only this frame; "Zapisz PDF" prints the same document to a PDF file the user
 * places (for printing later or a manual upload).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, messageOf } from '../api';

type ExportState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'saved'; path: string } | { kind: 'cancelled' } | { kind: 'error'; text: string };

export function LetterPreview(props: { filingId: string; title: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });

  async function exportPdf() {
    setState({ kind: 'busy' });
    try {
      const r = await call('filings.exportPdf', { id: props.filingId });
      setState(r.saved && r.path ? { kind: 'saved', path: r.path } : { kind: 'cancelled' });
    } catch (e) {
      setState({ kind: 'error', text: messageOf(e) });
    }
  }

  const status =
    state.kind === 'busy' ? t('preview.pdfBusy')
    : state.kind === 'saved' ? t('preview.pdfSaved', { path: state.path })
    : state.kind === 'cancelled' ? t('preview.pdfCancelled')
    : state.kind === 'error' ? state.text
    : '';
  return (
    <section className="panel preview" aria-labelledby="preview-title" aria-busy={state.kind === 'busy'}>
      <div className="panel__head">
        <h2 id="preview-title">{t('preview.title')}</h2>
        <div className="actions">
          <button type="button" className="button button--small" onClick={() => window.print()}>
            {t('preview.print')}
          </button>
          <button type="button" className="button button--small" disabled={state.kind === 'busy'} onClick={() => void exportPdf()}>
            {t('preview.pdf')}
          </button>
        </div>
      </div>
      <p className="muted preview__hint">{t('preview.hint')}</p>
      <p className={state.kind === 'error' ? 'alert alert--error' : 'preview__status'} role={state.kind === 'error' ? 'alert' : 'status'}>
        {status}
      </p>
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
