/**
 * "Podpisz": the filing, the certificates found on the cards (certificates.list), the PIN dialog
 * (filings.sign), then "Wyślij" (filings.send).
 */
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo, FilingDetail } from '../../electron/common/contract';
import { call, messageOf } from '../api';
import { LetterPreview } from '../components/LetterPreview';
import { PinDialog } from '../components/PinDialog';
import { StateBadge } from '../components/StateBadge';
import { commonName, formatDate } from '../format';

type Validity = { usable: true } | { usable: false; reason: string };

function validity(cert: CertificateInfo, now: number, t: TFunction): Validity {
  if (Date.parse(cert.notAfter) < now) return { usable: false, reason: t('sign.expired', { date: formatDate(cert.notAfter) }) };
  if (Date.parse(cert.notBefore) > now) return { usable: false, reason: t('sign.notYetValid', { date: formatDate(cert.notBefore) }) };
  return { usable: true };
}

export function SignScreen(props: { filingId: string; flash: string | null; onQueued: (filing: FilingDetail) => void; onOpenOutbox: () => void; onDuplicate: () => void }) {
  const { t } = useTranslation();
  const [filing, setFiling] = useState<FilingDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [certs, setCerts] = useState<CertificateInfo[] | null>(null);
  const [certError, setCertError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [chooseError, setChooseError] = useState<string | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [sendBusy, setSendBusy] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const signButton = useRef<HTMLButtonElement>(null);
  const signedNotice = useRef<HTMLDivElement>(null);
  const [now] = useState(() => Date.now());

  useEffect(() => {
    let live = true;
    call('filings.get', { id: props.filingId }).then(
      (f) => live && setFiling(f),
      (e) => live && setLoadError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [props.filingId]);

  const loadCertificates = useCallback(async () => {
    setCertError(null);
    setCerts(null);
    try {
      const list = await call('certificates.list', {});
      // Usable before unusable, qualified before the rest; otherwise as the cards list them.
      const rank = (c: CertificateInfo) => (validity(c, Date.now(), t).usable ? 0 : 2) + (c.qualified ? 0 : 1);
      setCerts([...list].sort((a, b) => rank(a) - rank(b)));
      setSelected((cur) => (cur && list.some((c) => c.id === cur) ? cur : null));
    } catch (e) {
      setCertError(messageOf(e));
      setCerts([]);
    }
  }, [t]);

  useEffect(() => {
    void loadCertificates();
  }, [loadCertificates]);

  const chosen = certs?.find((c) => c.id === selected) ?? null;

  function openDialog() {
    if (!chosen) {
      setChooseError(t('sign.chooseFirst'));
      return;
    }
    setChooseError(null);
    setDialogOpen(true);
  }

  async function sign(pin: string) {
    if (!filing || !chosen) return;
    const signed = await call('filings.sign', { id: filing.id, certificateId: chosen.id, pin });
    setFiling(signed);
    setDialogOpen(false);
    requestAnimationFrame(() => signedNotice.current?.focus());
  }

  async function send() {
    if (!filing) return;
    setSendBusy(true);
    setSendError(null);
    try {
      props.onQueued(await call('filings.send', { id: filing.id }));
    } catch (e) {
      setSendError(messageOf(e));
      setSendBusy(false);
    }
  }

  return (
    <>
      <h1 className="screen-title" tabIndex={-1}>
        {t('sign.title')}
      </h1>
      {props.flash && filing?.state === 'draft' && (
        <p className="alert alert--success" role="status">
          {props.flash}
        </p>
      )}
      {loadError && (
        <p className="alert alert--error" role="alert">
          {t('errors.load', { message: loadError })}
        </p>
      )}
      {!filing && !loadError && <p className="muted">{t('common.loading')}</p>}
      {filing && (
        <section className="panel" aria-labelledby="sign-filing">
          <h2 id="sign-filing">{t('sign.filing')}</h2>
          <dl className="facts">
            <div>
              <dt>{t('outbox.columns.title')}</dt>
              <dd>{filing.title}</dd>
            </div>
            <div>
              <dt>{t('sign.to')}</dt>
              <dd>
                <code>{filing.to}</code> · {t(`channels.${filing.channel}`)}
              </dd>
            </div>
            <div>
              <dt>{t('sign.document')}</dt>
              <dd>{filing.fileName}</dd>
            </div>
            <div>
              <dt>{t('sign.state')}</dt>
              <dd>
                <StateBadge state={filing.state} />
              </dd>
            </div>
          </dl>
        </section>
      )}
      {filing && <LetterPreview filingId={filing.id} title={filing.title} />}

      {filing?.state === 'draft' && (
        <section className="panel" aria-labelledby="sign-certs">
          <div className="panel__head">
            <h2 id="sign-certs">{t('sign.certificates')}</h2>
            <button type="button" className="button button--quiet button--small" onClick={() => void loadCertificates()}>
              {t('common.refresh')}
            </button>
          </div>
          {certError && (
            <p className="alert alert--error" role="alert">
              {certError}
            </p>
          )}
          {certs === null && <p className="muted">{t('common.loading')}</p>}
          {certs !== null && certs.length === 0 && !certError && <p className="alert alert--info">{t('sign.noCertificates')}</p>}
          {certs !== null && certs.length > 0 && (
            <fieldset className="cert-list" aria-describedby={chooseError ? 'sign-choose-error sign-certs-hint' : 'sign-certs-hint'}>
              <legend className="visually-hidden">{t('sign.certificates')}</legend>
              <p className="muted" id="sign-certs-hint">
                {t('sign.certificatesHint')}
              </p>
              {chooseError && (
                <p className="field__error" id="sign-choose-error" role="alert">
                  {chooseError}
                </p>
              )}
              {certs.map((c) => {
                const v = validity(c, now, t);
                const inputId = `cert-${c.id}`;
                return (
                  <div key={c.id} className={['cert', selected === c.id ? 'cert--selected' : '', v.usable ? '' : 'cert--disabled'].filter(Boolean).join(' ')}>
                    <input
                      type="radio"
                      name="certificate"
                      id={inputId}
                      value={c.id}
                      checked={selected === c.id}
                      disabled={!v.usable}
                      onChange={() => {
                        setSelected(c.id);
                        setChooseError(null);
                      }}
                      aria-describedby={`${inputId}-details${v.usable ? '' : ` ${inputId}-reason`}`}
                    />
                    <label htmlFor={inputId} className="cert__main">
                      <span className="cert__name">{commonName(c.subject)}</span>
                      <span className={c.qualified ? 'badge badge--ok' : 'badge badge--neutral'}>
                        {c.qualified ? t('sign.qualified') : t('sign.notQualified')}
                      </span>
                    </label>
                    <dl className="cert__details" id={`${inputId}-details`}>
                      <div>
                        <dt>{t('sign.issuer')}</dt>
                        <dd>{commonName(c.issuer)}</dd>
                      </div>
                      <div>
                        <dt>{t('sign.validity')}</dt>
                        <dd>{t('sign.validityRange', { from: formatDate(c.notBefore), to: formatDate(c.notAfter) })}</dd>
                      </div>
                      <div>
                        <dt>{t('sign.serial')}</dt>
                        <dd>
                          <code>{c.serialNumber}</code>
                        </dd>
                      </div>
                      <div>
                        <dt>{t('sign.token')}</dt>
                        <dd>
                          {c.token.label} · {c.keyType}
                        </dd>
                      </div>
                    </dl>
                    {!v.usable && (
                      <p className="cert__reason" id={`${inputId}-reason`}>
                        {v.reason}
                      </p>
                    )}
                  </div>
                );
              })}
            </fieldset>
          )}
          <div className="actions">
            <button type="button" ref={signButton} className="button button--primary" onClick={openDialog} disabled={!certs || certs.length === 0}>
              {t('sign.signButton')}
            </button>
          </div>
        </section>
      )}

      {filing?.state === 'signed' && (
        <section className="panel panel--success" aria-labelledby="sign-done">
          <div className="notice" ref={signedNotice} tabIndex={-1} role="status">
            <span className="check-icon" aria-hidden="true" />
            <div>
              <h2 id="sign-done">{t('sign.signed')}</h2>
              <p>{t('sign.signedHint')}</p>
            </div>
          </div>
          {sendError && (
            <p className="alert alert--error" role="alert">
              {sendError}
            </p>
          )}
          <div className="actions">
            <button type="button" className="button button--primary" onClick={() => void send()} disabled={sendBusy}>
              {sendBusy ? t('sign.sending') : t('sign.send')}
            </button>
            {sendBusy && <span className="spinner" aria-hidden="true" />}
          </div>
        </section>
      )}

      {filing && filing.state !== 'draft' && filing.state !== 'signed' && (
        <section className="panel">
          <p>{t('sign.notSignable', { state: t(`states.${filing.state}`) })}</p>
          <div className="actions">
            <button type="button" className="button" onClick={props.onOpenOutbox}>
              {t('sign.toOutbox')}
            </button>
            <button type="button" className="button" onClick={props.onDuplicate}>
              {t('drafts.duplicate')}
            </button>
          </div>
        </section>
      )}

      {dialogOpen && chosen && (
        <PinDialog
          certificateName={commonName(chosen.subject)}
          onSign={sign}
          onCancel={() => {
            setDialogOpen(false);
            requestAnimationFrame(() => signButton.current?.focus());
          }}
        />
      )}
    </>
  );
}
