/**
 * "Weryfikuj": a signed file (dropped where the shell can tell its path, or typed), optionally the
 * signed content of a detached signature, and the report in the style of DSS's simple report:
 * the overall indication, then per signature who signed, format and level, times, what exactly was
 * signed and every check with its reason in the UI language.
 */
import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { reasonText, type Reason, type VerificationReport } from '../../electron/common/verification-report';
import { call, messageOf, pathOfFile } from '../api';
import { formatDateTime } from '../format';
import { currentLang } from '../i18n';

const BADGE = { TOTAL_PASSED: 'badge--ok', TOTAL_FAILED: 'badge--error', INDETERMINATE: 'badge--warn' } as const;
const MARK = { error: '✗', warning: '!', info: '✓' } as const;

export function VerifyScreen() {
  const { t } = useTranslation();
  const id = useId();
  const [path, setPath] = useState('');
  const [content, setContent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<VerificationReport | null>(null);
  const reportRef = useRef<HTMLElement>(null);

  async function check(target = path) {
    if (!target.trim()) return setError(t('signatures.verify.choosePath'));
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const r = await call('signatures.verify', { path: target.trim(), ...(content.trim() ? { contentPath: content.trim() } : {}) });
      setReport(r);
      requestAnimationFrame(() => reportRef.current?.focus());
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void check();
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (!file) return;
    const p = pathOfFile(file);
    if (!p) return setError(t('signatures.sign.noPath', { name: file.name }));
    setPath(p);
    void check(p);
  }

  const text = (r: Reason) => reasonText(r, currentLang());

  return (
    <>
      <h1 className="screen-title" tabIndex={-1}>{t('signatures.verify.title')}</h1>
      <p className="muted">{t('signatures.verify.intro')}</p>
      <section className="panel">
        <div className="signfiles__drop" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
          <p>{t('signatures.verify.drop')}</p>
        </div>
        <form onSubmit={onSubmit}>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-path`}>{t('signatures.verify.pathLabel')}</label>
            <input id={`${id}-path`} type="text" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-content`}>{t('signatures.verify.contentLabel')}</label>
            <input id={`${id}-content`} type="text" value={content} onChange={(e) => setContent(e.target.value)} spellCheck={false} />
          </div>
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={busy}>{busy ? t('signatures.verify.checking') : t('signatures.verify.check')}</button>
            {busy && <span className="spinner" aria-hidden="true" />}
          </div>
        </form>
        {error && <p className="alert alert--error" role="alert">{error}</p>}
      </section>

      <p role="status" aria-live="polite" className="visually-hidden">
        {report ? `${t(`signatures.verify.indications.${report.indication}`)}. ${t('signatures.verify.summary', { valid: report.validSignaturesCount, count: report.signaturesCount })}` : ''}
      </p>
      {report && (
          <section className="panel verify-report" aria-labelledby={`${id}-report`} ref={reportRef} tabIndex={-1}>
            <h2 id={`${id}-report`}>{t('signatures.verify.report')}: {report.file}</h2>
            <p>
              <span className={`badge badge--large ${BADGE[report.indication]}`}>{t(`signatures.verify.indications.${report.indication}`)}</span>
              {report.subIndication && <code> {report.subIndication}</code>}
            </p>
            <p>{t('signatures.verify.summary', { valid: report.validSignaturesCount, count: report.signaturesCount })}</p>
            {report.reasons.length > 0 && <ul>{report.reasons.map((r, i) => <li key={i}>{text(r)}</li>)}</ul>}
            {report.signatures.map((s) => (
              <article key={s.id} className="verify-report__signature" aria-labelledby={`${id}-sig-${s.id}`}>
                <h3 id={`${id}-sig-${s.id}`}>
                  {s.signer?.commonName ?? t('signatures.verify.unknownSigner')}{' '}
                  <span className={`badge ${BADGE[s.indication]}`}>{t(`signatures.verify.indications.${s.indication}`)}</span>
                </h3>
                <dl className="facts">
                  <div>
                    <dt>{t('signatures.verify.format')}</dt>
                    <dd>{s.format}{s.level !== 'NONE' ? ` ${s.level}` : ''} · {s.id}</dd>
                  </div>
                  <div>
                    <dt>{t('signatures.verify.signingTime')}</dt>
                    <dd>{s.signingTime ? formatDateTime(s.signingTime) : '—'}</dd>
                  </div>
                  <div>
                    <dt>{t('signatures.verify.timestamp')}</dt>
                    <dd>{s.timestamps.length ? s.timestamps.map((ts) => formatDateTime(ts.time)).join(', ') : t('signatures.verify.noTimestamp')}</dd>
                  </div>
                  <div>
                    <dt>{t('signatures.verify.signed')}</dt>
                    <dd>{s.signedObjects.map((o) => `${o.description} (${o.digestAlgorithm}${o.intact ? ' ✓' : ' ✗'})`).join('; ') || '—'}</dd>
                  </div>
                </dl>
                <h4>{t('signatures.verify.reasons')}</h4>
                <ul className="verify-report__reasons">
                  {s.reasons.map((r, i) => (
                    <li key={i} className={`verify-report__reason verify-report__reason--${r.severity}`}>
                      <span aria-hidden="true">{MARK[r.severity]} </span>{text(r)}
                    </li>
                  ))}
                </ul>
              </article>
            ))}
          </section>
      )}
    </>
  );
}
