/**
 * "Diagnostyka": what stands between the user and a working signature card — PC/SC service and
 * readers (card present, ATR, what the card is), every PKCS#11 module with its result, tokens with
 * PIN state and mechanisms, certificates with expiry — and advice for each problem. A test
 * signature runs only when the user asks and types the PIN (or uses the reader's PIN pad). The
 * report (already redacted by the services) can be copied or saved as text or JSON.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Advice, DiagnosticsReport } from '../../electron/common/contract-diagnostics';
import { call, messageOf } from '../api';
import { Field } from '../components/Field';
import { ListScreenHead, LiveStatus } from '../components/ListScreenHead';
import { currentLang } from '../i18n';

const SEVERITY_BADGE: Record<Advice['severity'], string> = { error: 'badge--error', warning: 'badge--warn', info: 'badge--info' };

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
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The clipboard API needs a permission the app's windows never grant; selecting the text and copying works without. */
async function copyText(text: string, area: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!area) return false;
    area.focus();
    area.select();
    return document.execCommand('copy');
  }
}

export function DiagnosticsScreen() {
  const { t, i18n } = useTranslation();
  const [report, setReport] = useState<DiagnosticsReport | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [certificateId, setCertificateId] = useState('');
  const [pin, setPin] = useState('');
  const [pinPad, setPinPad] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);

  const run = useCallback(
    async (testSignature?: { certificateId: string; pin: string | null }) => {
      setBusy(true);
      setError(null);
      setStatus(t('diagnostics.running'));
      try {
        const lang = currentLang();
        const next = await call('diagnostics.run', testSignature ? { testSignature, lang } : { lang });
        setReport(next);
        setText((await call('diagnostics.text', { report: next, lang })).text);
        const problems = next.advice.filter((a) => a.severity !== 'info').length;
        setStatus(problems === 0 ? t('diagnostics.doneOk') : t('diagnostics.doneProblems', { count: problems }));
      } catch (e) {
        setError(messageOf(e));
        setStatus('');
      } finally {
        setBusy(false);
      }
    },
    [t],
  );

  useEffect(() => {
    void run();
  }, [run, i18n.language]);

  useEffect(() => {
    if (report && !report.certificates.some((c) => c.id === certificateId)) setCertificateId(report.certificates[0]?.id ?? '');
  }, [report, certificateId]);

  function testSignature(e: FormEvent) {
    e.preventDefault();
    if (!certificateId || (!pinPad && !pin)) return;
    const typed = pinPad ? null : pin;
    setPin(''); // the PIN is not kept after this call
    void run({ certificateId, pin: typed });
  }

  async function copy() {
    setStatus((await copyText(text, textRef.current)) ? t('diagnostics.copied') : t('diagnostics.copyFailed'));
  }

  const stamp = report ? report.generatedAt.replace(/[:.]/g, '-') : '';

  return (
    <section className="diagnostics">
      <ListScreenHead title={t('diagnostics.title')} intro={t('diagnostics.intro')} onRefresh={busy ? undefined : () => void run()} />
      <LiveStatus text={status} />
      {busy && (
        <p className="diagnostics__progress">
          <progress className="progress" aria-label={t('diagnostics.running')} /> {t('diagnostics.running')}
        </p>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <>
          <div className="panel">
            <div className="panel__head">
              <h2>{t('diagnostics.advice')}</h2>
            </div>
            <ul className="diagnostics__advice">
              {report.advice.map((a, i) => (
                <li key={`${a.code}-${i}`} data-code={a.code}>
                  <span className={`badge ${SEVERITY_BADGE[a.severity]}`}>{t(`diagnostics.severity.${a.severity}`)}</span> {a.message}
                </li>
              ))}
            </ul>
          </div>

          <div className="panel">
            <div className="panel__head">
              <h2>{t('diagnostics.readers')}</h2>
            </div>
            <p>
              {t('diagnostics.pcsc')}: <strong>{t(`diagnostics.service.${report.pcsc.service}`)}</strong>
              {report.pcsc.detail ? ` (${report.pcsc.detail})` : ''}
            </p>
            {report.pcsc.readers.length === 0 ? (
              <p>{t('diagnostics.noReaders')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table table--compact">
                  <caption className="visually-hidden">{t('diagnostics.readers')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('diagnostics.reader')}</th>
                      <th scope="col">{t('diagnostics.card')}</th>
                      <th scope="col">ATR</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.pcsc.readers.map((r) => (
                      <tr key={r.name}>
                        <th scope="row">{r.name}</th>
                        <td>{r.cardPresent ? (r.card ? r.card.names.join('; ') : t('diagnostics.unknownCard')) : t('diagnostics.empty')}</td>
                        <td>
                          <code>{r.atr ?? '—'}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>

          <div className="panel">
            <div className="panel__head">
              <h2>{t('diagnostics.modules')}</h2>
            </div>
            {report.inventoryError && <p className="alert alert--error">{report.inventoryError.message}</p>}
            <ul className="diagnostics__modules">
              {report.modules.map((m) => (
                <li key={m.path}>
                  <p>
                    <code>{m.path}</code> {m.vendor ? `(${m.vendor}) ` : ''}
                    <span className={`badge ${m.loaded ? 'badge--ok' : 'badge--error'}`}>{m.loaded ? t('diagnostics.loaded') : t('diagnostics.failed')}</span>
                    {m.failure ? ` ${m.failure.message}` : ''}
                  </p>
                  {m.info && <p className="field__hint">{t('diagnostics.cryptoki', { version: m.info.cryptokiVersion, manufacturer: m.info.manufacturer, description: m.info.description })}</p>}
                  {m.slots.length > 0 && (
                    <ul>
                      {m.slots.map((s) => (
                        <li key={s.id}>
                          {s.description}:{' '}
                          {s.token ? (
                            <>
                              <strong>{s.token.label || '—'}</strong> ({s.token.manufacturer} {s.token.model}, {t('diagnostics.serial')} {s.token.serial || '—'}) — {t('diagnostics.pinState')}:{' '}
                              {t(`diagnostics.pin.${s.token.pinState}`)}
                              {s.token.protectedAuthPath ? `, ${t('diagnostics.pinPad')}` : ''}; {t('diagnostics.mechanisms')}:{' '}
                              {s.token.mechanisms.filter((x) => x.present).map((x) => x.name).join(', ') || '—'}
                            </>
                          ) : (
                            t('diagnostics.noToken')
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </div>

          <div className="panel">
            <div className="panel__head">
              <h2>{t('diagnostics.certificates')}</h2>
            </div>
            {report.certificates.length === 0 ? (
              <p>{t('diagnostics.noCertificates')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table table--compact">
                  <caption className="visually-hidden">{t('diagnostics.certificates')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('diagnostics.subject')}</th>
                      <th scope="col">{t('diagnostics.kind')}</th>
                      <th scope="col">{t('diagnostics.validUntil')}</th>
                      <th scope="col">{t('diagnostics.token')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.certificates.map((c) => (
                      <tr key={c.id}>
                        <th scope="row">{c.subject}</th>
                        <td>
                          {c.qualified ? t('diagnostics.qualified') : t('diagnostics.notQualified')}, {c.keyType}
                        </td>
                        <td>{c.notAfter.slice(0, 10)}</td>
                        <td>{c.token.label}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {report.certificates.length > 0 && (
              <form className="diagnostics__test" onSubmit={testSignature} aria-labelledby="diagnostics-test-title">
                <h3 id="diagnostics-test-title">{t('diagnostics.testTitle')}</h3>
                <p className="field__hint">{t('diagnostics.testHint')}</p>
                <Field id="diagnostics-cert" label={t('diagnostics.testCertificate')}>
                  {(control) => (
                    <select {...control} value={certificateId} onChange={(e) => setCertificateId(e.target.value)}>
                      {report.certificates.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.subject} — {c.token.label}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <label className="diagnostics__check">
                  <input type="checkbox" checked={pinPad} onChange={(e) => setPinPad(e.target.checked)} /> {t('diagnostics.usePinPad')}
                </label>
                {!pinPad && (
                  <Field id="diagnostics-pin" label={t('diagnostics.pinLabel')}>
                    {(control) => <input {...control} type="password" autoComplete="off" inputMode="numeric" maxLength={64} value={pin} onChange={(e) => setPin(e.target.value)} />}
                  </Field>
                )}
                <button type="submit" className="button" disabled={busy || (!pinPad && !pin)}>
                  {t('diagnostics.testRun')}
                </button>
                {report.testSignature && (
                  <p className={`alert ${report.testSignature.ok ? 'alert--success' : 'alert--error'}`} role="status">
                    {report.testSignature.ok
                      ? t('diagnostics.testOk', { mechanism: report.testSignature.mechanism })
                      : t('diagnostics.testFailed', { reason: report.testSignature.error?.message ?? t('diagnostics.notVerified') })}
                  </p>
                )}
              </form>
            )}
          </div>

          <div className="panel">
            <div className="panel__head">
              <h2>{t('diagnostics.report')}</h2>
            </div>
            <p className="field__hint">{t('diagnostics.reportHint')}</p>
            <div className="diagnostics__actions">
              <button type="button" className="button button--primary" onClick={() => void copy()} disabled={!text}>
                {t('diagnostics.copy')}
              </button>
              <button type="button" className="button button--quiet" onClick={() => download(text, `nadawca-diagnostyka-${stamp}.txt`, 'text/plain;charset=utf-8')}>
                {t('diagnostics.saveText')}
              </button>
              <button type="button" className="button button--quiet" onClick={() => download(JSON.stringify(report, null, 2), `nadawca-diagnostyka-${stamp}.json`, 'application/json')}>
                {t('diagnostics.saveJson')}
              </button>
            </div>
            <label className="field__label" htmlFor="diagnostics-text">
              {t('diagnostics.reportText')}
            </label>
            <textarea id="diagnostics-text" ref={textRef} className="diagnostics__text" readOnly rows={16} value={text} />
          </div>
        </>
      )}
    </section>
  );
}
