/**
 * "Poświadczenie": receipts.get — what the receipt says, how it was checked, its official rendering
 * (the UPO stylesheet, served as its own sandboxed document on receipt-preview/<id> like the
 * letter preview) with "Zapisz PDF", and its XML as received. A receipt that does not verify or
 * match stays flagged above its rendering. A PDF evidence (BP.WP/BP.OP) has no XML to show.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptDetail } from '../../electron/common/contract';
import { call, messageOf } from '../api';
import { VerifiedBadge } from '../components/VerifiedBadge';
import { formatDateTime } from '../format';

type PdfState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; text: string };

export function ReceiptScreen(props: { id: string; onBack: () => void }) {
  const { t } = useTranslation();
  const [receipt, setReceipt] = useState<ReceiptDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pdf, setPdf] = useState<PdfState>({ kind: 'idle' });

  async function exportPdf() {
    setPdf({ kind: 'busy' });
    try {
      const r = await call('receipts.exportPdf', { id: props.id });
      setPdf({ kind: 'done', text: r.saved && r.path ? t('preview.pdfSaved', { path: r.path }) : t('preview.pdfCancelled') });
    } catch (e) {
      setPdf({ kind: 'error', text: messageOf(e) });
    }
  }

  useEffect(() => {
    let live = true;
    setReceipt(null);
    setError(null);
    call('receipts.get', { id: props.id }).then(
      (r) => live && setReceipt(r),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [props.id]);

  const none = t('common.none');
  return (
    <>
      <p className="breadcrumb">
        <a
          href="#/receipts"
          onClick={(e) => {
            e.preventDefault();
            props.onBack();
          }}
        >
          <span aria-hidden="true">← </span>
          {t('receipt.back')}
        </a>
      </p>
      <div className="screen-head">
        <h1 className="screen-title" tabIndex={-1}>
          {t('receipt.title')}
          {receipt && <span className="screen-title__sub"> {receipt.kind}</span>}
        </h1>
        {receipt && <VerifiedBadge verified={receipt.verified} large />}
      </div>
      {error && (
        <p className="alert alert--error" role="alert">
          {t('errors.load', { message: error })}
        </p>
      )}
      {!receipt && !error && <p className="muted">{t('common.loading')}</p>}
      {receipt && (
        <>
          <section className="panel" aria-labelledby="receipt-facts">
            <h2 id="receipt-facts" className="visually-hidden">
              {t('receipt.title')}
            </h2>
            <dl className="facts facts--wide">
              <div>
                <dt>{t('receipt.kind')}</dt>
                <dd>{t(`receipt.kinds.${receipt.kind}`, { defaultValue: receipt.kind })}</dd>
              </div>
              <div>
                <dt>{t('receipt.issuer')}</dt>
                <dd>{receipt.issuer}</dd>
              </div>
              <div>
                <dt>{t('receipt.documentId')}</dt>
                <dd>{receipt.documentId ? <code>{receipt.documentId}</code> : none}</dd>
              </div>
              <div>
                <dt>{t('receipt.deliveredAt')}</dt>
                <dd>{receipt.deliveredAt ? formatDateTime(receipt.deliveredAt) : none}</dd>
              </div>
              <div>
                <dt>{t('receipt.receivedAt')}</dt>
                <dd>{formatDateTime(receipt.receivedAt)}</dd>
              </div>
              <div>
                <dt>{t('receipt.channel')}</dt>
                <dd>{t(`channels.${receipt.channel}`)}</dd>
              </div>
              <div>
                <dt>{t('receipt.fileName')}</dt>
                <dd>{receipt.fileName}</dd>
              </div>
              <div>
                <dt>{t('receipt.sha256')}</dt>
                <dd>
                  <code className="hash">{receipt.sha256}</code>
                </dd>
              </div>
            </dl>
          </section>

          {receipt.problems.length > 0 && (
            <section className="panel panel--error" aria-labelledby="receipt-problems">
              <h2 id="receipt-problems">{t('receipt.problems')}</h2>
              <ul>
                {receipt.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </section>
          )}

          <section className="panel" aria-labelledby="receipt-checks">
            <h2 id="receipt-checks">{t('receipt.checks')}</h2>
            <table className="table table--compact">
              <caption className="visually-hidden">{t('receipt.checksCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('receipt.checkName')}</th>
                  <th scope="col">{t('receipt.checkResult')}</th>
                  <th scope="col">{t('receipt.checkDetail')}</th>
                </tr>
              </thead>
              <tbody>
                {receipt.checks.map((c, i) => (
                  <tr key={`${c.name}-${i}`} data-check={c.name} data-ok={c.ok}>
                    <th scope="row">{t(`receipt.checkNames.${c.name}`, { defaultValue: c.name })}</th>
                    <td>
                      <span className={c.ok ? 'result result--ok' : 'result result--fail'}>
                        <span className={c.ok ? 'icon icon--ok' : 'icon icon--fail'} aria-hidden="true" />
                        {c.ok ? t('receipt.ok') : t('receipt.failed')}
                      </span>
                    </td>
                    <td className="break">{c.detail ?? none}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className="panel preview" aria-labelledby="receipt-rendering" aria-busy={pdf.kind === 'busy'}>
            <div className="panel__head">
              <h2 id="receipt-rendering">{t('receiptView.rendering')}</h2>
              <div className="actions">
                <button type="button" className="button button--small" disabled={pdf.kind === 'busy'} onClick={() => void exportPdf()}>
                  {t('preview.pdf')}
                </button>
              </div>
            </div>
            {!receipt.verified && (
              <p className="alert alert--error" role="alert" data-receipt-flag="unverified">
                {t('receiptView.notVerified')}
              </p>
            )}
            <p className={pdf.kind === 'error' ? 'alert alert--error' : 'preview__status'} role={pdf.kind === 'error' ? 'alert' : 'status'}>
              {pdf.kind === 'busy' ? t('preview.pdfBusy') : pdf.kind === 'done' || pdf.kind === 'error' ? pdf.text : ''}
            </p>
            <iframe
              className="preview__frame"
              sandbox=""
              src={`receipt-preview/${encodeURIComponent(receipt.id)}`}
              title={t('receiptView.frameTitle', { kind: receipt.kind })}
              referrerPolicy="no-referrer"
            />
          </section>

          {receipt.xml !== '' && (
            <details className="panel raw">
              <summary>{t('receipt.rawXml')}</summary>
              <pre className="xml" tabIndex={0}>
                <code>{receipt.xml}</code>
              </pre>
            </details>
          )}
        </>
      )}
    </>
  );
}
