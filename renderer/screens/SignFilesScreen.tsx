/**
 * "Podpisz pliki": files added by path (or dropped, where the desktop shell can tell their path),
 * a format per file with a sensible default (PDF → PAdES, XML → XAdES enveloped, other → CAdES
 * .p7s), the level, an optional visible stamp for PDFs, the certificate and the PIN dialog; each
 * file is signed in turn with a progress bar and saved next to itself under a free name.
 */
import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelInput } from '../../electron/common/contract';
import { FILE_SIGNATURE_LEVELS, type FileToSign, type SignFileResult } from '../../electron/common/contract-signatures';
import type { TsaServer } from '../../electron/common/contract-trust';
import { call, messageOf, on, pathOfFile } from '../api';
import { CertificatePicker, useCertificatePicker } from '../components/CertificatePicker';
import { CertificatePinDialog, usePinDialog } from '../components/CertificatePinDialog';
import { formatBytes } from '../format';

type Level = (typeof FILE_SIGNATURE_LEVELS)[number];
type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
const CORNERS: Corner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];
const TYPED = 'typed';

interface Row extends FileToSign {
  format: FileToSign['defaultFormat'];
}

interface Outcome {
  name: string;
  result?: SignFileResult;
  error?: string;
}

export function SignFilesScreen() {
  const { t } = useTranslation();
  const id = useId();
  const [rows, setRows] = useState<Row[]>([]);
  const [pathText, setPathText] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const [level, setLevel] = useState<Level>('B-B');
  const [tsaUrl, setTsaUrl] = useState('');
  // '' = the servers enabled in the settings, in order; a URL = that one server; TYPED = the text field.
  const [tsaChoice, setTsaChoice] = useState('');
  const [enabledTsa, setEnabledTsa] = useState<TsaServer[]>([]);
  const [stampOn, setStampOn] = useState(false);
  const [stampPage, setStampPage] = useState(1);
  const [corner, setCorner] = useState<Corner>('bottom-right');
  const picker = useCertificatePicker();
  const [chooseError, setChooseError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const pinDialog = usePinDialog();
  const [current, setCurrent] = useState<{ index: number; name: string; path: string } | null>(null);
  const [fraction, setFraction] = useState(0);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const resultsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    call('trust.tsa.list', {}).then((list) => {
      const enabled = list.filter((s) => s.enabled);
      setEnabledTsa(enabled);
      if (enabled.length === 0) setTsaChoice(TYPED);
    }, () => setTsaChoice(TYPED));
  }, []);

  useEffect(() => on('signatures.progress', (p) => {
    if (p.path === current?.path) setFraction(p.fraction);
  }), [current]);

  async function addPaths(paths: string[]) {
    setAddError(null);
    const fresh = paths.map((p) => p.trim()).filter((p) => p && !rows.some((r) => r.path === p));
    if (fresh.length === 0) return;
    try {
      const described = await call('signatures.defaults', { paths: fresh });
      setRows((prev) => [...prev, ...described.map((d) => ({ ...d, format: d.defaultFormat }))]);
      setPathText('');
    } catch (e) {
      setAddError(messageOf(e));
    }
  }

  function addTyped(e: FormEvent) {
    e.preventDefault();
    void addPaths([pathText]);
  }

  function addFiles(files: FileList | null) {
    const list = [...(files ?? [])];
    const paths = list.map(pathOfFile);
    const missing = list.filter((_, i) => paths[i] === null).map((f) => f.name);
    if (missing.length) setAddError(missing.map((name) => t('signatures.sign.noPath', { name })).join(' '));
    void addPaths(paths.filter((p): p is string => p !== null));
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    addFiles(e.dataTransfer.files);
  }

  const pdfRows = rows.filter((r) => r.format === 'pades');
  const maxPage = Math.min(...pdfRows.map((r) => r.pageCount ?? 1), Number.MAX_SAFE_INTEGER);
  const busy = current !== null;

  async function startSigning() {
    if (rows.length === 0) return setFormError(t('signatures.sign.chooseFiles'));
    if (level !== 'B-B' && tsaChoice === TYPED && !tsaUrl.trim()) return setFormError(t('signatures.sign.tsaMissing', { level }));
    if (stampOn && pdfRows.length > 0 && (stampPage < 1 || stampPage > maxPage)) return setFormError(t('signatures.sign.stampPageInvalid', { max: maxPage }));
    if (!chosen) return setChooseError(t('signatures.sign.chooseCertificate'));
    setFormError(null);
    setChooseError(null);
    await pinDialog.show(chosen.id);
  }

  async function signOne(row: Row, index: number, pin: string | null): Promise<SignFileResult> {
    setCurrent({ index: index + 1, name: row.name, path: row.path });
    setFraction(0);
    const input: ChannelInput<'signatures.sign'> = {
      path: row.path, format: row.format, level, certificateId: chosen!.id, pin,
      ...(level !== 'B-B' && tsaChoice !== '' ? { tsaUrl: tsaChoice === TYPED ? tsaUrl.trim() : tsaChoice } : {}),
      ...(stampOn && row.format === 'pades' ? { stamp: { page: stampPage, corner, x: 36, y: 36 } } : {}),
    };
    return call('signatures.sign', input);
  }

  /** The first file is signed while the PIN dialog is open, so a wrong PIN is reported there. */
  async function signAll(pin: string | null) {
    const done: Outcome[] = [];
    setOutcomes([]);
    const [first, ...rest] = rows;
    try {
      done.push({ name: first!.name, result: await signOne(first!, 0, pin) });
    } catch (e) {
      setCurrent(null);
      const code = (e as { code?: string }).code ?? '';
      if (code.startsWith('PIN_')) throw e;
      done.push({ name: first!.name, error: messageOf(e) });
    }
    pinDialog.hide();
    setOutcomes([...done]);
    for (const [k, row] of rest.entries()) {
      try {
        done.push({ name: row.name, result: await signOne(row, k + 1, pin) });
      } catch (e) {
        done.push({ name: row.name, error: messageOf(e) });
      }
      setOutcomes([...done]);
    }
    setCurrent(null);
    // Next proposals: the files just written took the names they were offered.
    const refreshed = await call('signatures.defaults', { paths: rows.map((r) => r.path) }).catch(() => null);
    if (refreshed) setRows((prev) => prev.map((r, i) => ({ ...r, proposedOutput: refreshed[i]?.proposedOutput ?? r.proposedOutput })));
    requestAnimationFrame(() => resultsRef.current?.focus());
  }

  const chosen = picker.selected;
  const signedCount = outcomes.filter((o) => o.result).length;

  return (
    <>
      <h1 className="screen-title" tabIndex={-1}>{t('signatures.sign.title')}</h1>
      <p className="muted">{t('signatures.sign.intro')}</p>

      <section className="panel" aria-labelledby={`${id}-files`}>
        <h2 id={`${id}-files`}>{t('signatures.sign.files')}</h2>
        <div className="signfiles__drop" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
          <p>{t('signatures.sign.drop')}</p>
          <label className="button button--quiet">
            {t('signatures.sign.choose')}
            <input type="file" multiple className="visually-hidden" onChange={(e) => addFiles(e.target.files)} />
          </label>
        </div>
        <form className="signfiles__path" onSubmit={addTyped}>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-path`}>{t('signatures.sign.pathLabel')}</label>
            <p className="field__hint" id={`${id}-path-hint`}>{t('signatures.sign.pathHint')}</p>
            <input id={`${id}-path`} type="text" value={pathText} onChange={(e) => setPathText(e.target.value)} aria-describedby={`${id}-path-hint`} spellCheck={false} />
          </div>
          <button type="submit" className="button">{t('signatures.sign.add')}</button>
        </form>
        {addError && <p className="alert alert--error" role="alert">{addError}</p>}
        {rows.length === 0 ? (
          <p className="muted">{t('signatures.sign.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('signatures.sign.columns.file')}</th>
                  <th scope="col">{t('signatures.sign.columns.format')}</th>
                  <th scope="col">{t('signatures.sign.columns.result')}</th>
                  <th scope="col"><span className="visually-hidden">{t('signatures.sign.remove', { name: '' })}</span></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={r.path}>
                    <td>
                      <strong>{r.name}</strong>
                      <br />
                      <span className="muted">{formatBytes(r.size)}{r.pageCount ? ` · ${t('signatures.sign.pages', { count: r.pageCount })}` : ''}</span>
                    </td>
                    <td>
                      <select
                        aria-label={`${t('signatures.sign.columns.format')}: ${r.name}`}
                        value={r.format}
                        disabled={busy}
                        onChange={(e) => setRows((prev) => prev.map((x, k) => (k === i ? { ...x, format: e.target.value as Row['format'] } : x)))}
                      >
                        {r.formats.map((f) => <option key={f} value={f}>{t(`signatures.sign.formats.${f}`)}</option>)}
                      </select>
                    </td>
                    <td><code>{r.format === r.defaultFormat ? r.proposedOutput : '…'}</code></td>
                    <td>
                      <button type="button" className="button button--quiet button--small" disabled={busy} onClick={() => setRows((prev) => prev.filter((_, k) => k !== i))}>
                        <span aria-hidden="true">✕</span>
                        <span className="visually-hidden">{t('signatures.sign.remove', { name: r.name })}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby={`${id}-options`}>
        <h2 id={`${id}-options`}>{t('signatures.sign.level')}</h2>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-level`}>{t('signatures.sign.level')}</label>
          <select id={`${id}-level`} value={level} onChange={(e) => setLevel(e.target.value as Level)} disabled={busy}>
            {FILE_SIGNATURE_LEVELS.map((l) => <option key={l} value={l}>{t(`signatures.sign.levels.${l}`)}</option>)}
          </select>
        </div>
        {level !== 'B-B' && (
          <div className="field">
            <label className="field__label" htmlFor={`${id}-tsa-choice`}>{t('signatures.tsaChoice.label')}</label>
            <p className="field__hint" id={`${id}-tsa-choice-hint`}>
              {enabledTsa.length === 0 ? t('signatures.tsaChoice.noneEnabled') : t('signatures.tsaChoice.hint')}{' '}
              <a href="#/trust">{t('signatures.tsaChoice.settingsLink')}</a>
            </p>
            <select id={`${id}-tsa-choice`} value={tsaChoice} onChange={(e) => setTsaChoice(e.target.value)} aria-describedby={`${id}-tsa-choice-hint`} disabled={busy}>
              {enabledTsa.length > 0 && <option value="">{t('signatures.tsaChoice.settings', { names: enabledTsa.map((s) => s.name).join(' → ') })}</option>}
              {enabledTsa.map((s) => <option key={s.url} value={s.url}>{t('signatures.tsaChoice.only', { name: s.name })}</option>)}
              <option value={TYPED}>{t('signatures.tsaChoice.typed')}</option>
            </select>
          </div>
        )}
        {level !== 'B-B' && tsaChoice === TYPED && (
          <div className="field">
            <label className="field__label" htmlFor={`${id}-tsa`}>{t('signatures.sign.tsa')}</label>
            <p className="field__hint" id={`${id}-tsa-hint`}>{t('signatures.sign.tsaHint')}</p>
            <input id={`${id}-tsa`} type="url" value={tsaUrl} onChange={(e) => setTsaUrl(e.target.value)} aria-describedby={`${id}-tsa-hint`} disabled={busy} />
          </div>
        )}
        {pdfRows.length > 0 && (
          <fieldset className="signfiles__stamp">
            <legend>{t('signatures.sign.stamp')}</legend>
            <label>
              <input type="checkbox" checked={stampOn} onChange={(e) => setStampOn(e.target.checked)} disabled={busy} aria-describedby={`${id}-stamp-hint`} />{' '}
              {t('signatures.sign.stamp')}
            </label>
            <p className="field__hint" id={`${id}-stamp-hint`}>{t('signatures.sign.stampHint')}</p>
            {stampOn && (
              <div className="signfiles__stamp-place">
                <div className="field">
                  <label className="field__label" htmlFor={`${id}-page`}>{t('signatures.sign.stampPage')}</label>
                  <input id={`${id}-page`} type="number" min={1} max={maxPage} value={stampPage} onChange={(e) => setStampPage(Number(e.target.value))} disabled={busy} />
                </div>
                <div className="field">
                  <label className="field__label" htmlFor={`${id}-corner`}>{t('signatures.sign.stampCorner')}</label>
                  <select id={`${id}-corner`} value={corner} onChange={(e) => setCorner(e.target.value as Corner)} disabled={busy}>
                    {CORNERS.map((c) => <option key={c} value={c}>{t(`signatures.sign.corners.${c}`)}</option>)}
                  </select>
                </div>
              </div>
            )}
          </fieldset>
        )}
      </section>

      <section className="panel" aria-labelledby={`${id}-certs`}>
        <div className="panel__head">
          <h2 id={`${id}-certs`}>{t('signatures.sign.certificate')}</h2>
          <button type="button" className="button button--quiet button--small" onClick={() => void picker.reload()} disabled={busy}>{t('common.refresh')}</button>
        </div>
        <CertificatePicker state={picker} chooseError={chooseError} onChosen={() => setChooseError(null)} headingId={`${id}-certs`} />
        {formError && <p className="field__error" role="alert">{formError}</p>}
        <div className="actions">
          <button type="button" className="button button--primary" onClick={() => void startSigning()} disabled={busy}>{t('signatures.sign.signButton')}</button>
        </div>
      </section>

      <div role="status" aria-live="polite" className="signfiles__status">
        {current && (
          <>
            <p>{t('signatures.sign.progressStatus', { index: current.index, total: rows.length, name: current.name })}</p>
            <progress className="progress progress--file" max={1} value={fraction} aria-label={t('signatures.sign.progress', { name: current.name })} />
          </>
        )}
      </div>

      {outcomes.length > 0 && !current && (
        <section className={`panel ${signedCount === outcomes.length ? 'panel--success' : 'panel--error'}`} aria-labelledby={`${id}-done`}>
          <div ref={resultsRef} tabIndex={-1}>
            <h2 id={`${id}-done`}>{t('signatures.sign.done', { count: signedCount, total: rows.length })}</h2>
            <ul className="signfiles__results">
              {outcomes.map((o) => (
                <li key={o.name}>
                  {o.result ? (
                    <>
                      <span className="badge badge--ok">{o.result.level}</span> {t('signatures.sign.saved', { path: o.result.output })} · {t('signatures.sign.signatures', { count: o.result.signatureCount })}
                    </>
                  ) : (
                    <span className="field__error">{t('signatures.sign.failed', { name: o.name, message: o.error })}</span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        </section>
      )}

      {pinDialog.open && chosen && (
        <CertificatePinDialog certificate={chosen} login={pinDialog.login} sign={signAll} onCancel={pinDialog.hide} />
      )}
    </>
  );
}
