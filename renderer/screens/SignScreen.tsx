/**
 * "Podpisz": the filing, the certificate picker (cards and certificate files, refreshed when a card
 * is inserted or removed, the last choice preselected), the PIN dialog in the variant the card
 * needs (cards.loginInfo: typed, PIN pad, final try, locked, file password) → filings.sign, then
 * "Wyślij" (filings.send).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilingDetail } from '../../electron/common/contract';
import { call, messageOf } from '../api';
import { CertificatePicker, useCertificatePicker } from '../components/CertificatePicker';
import { LetterPreview } from '../components/LetterPreview';
import { CertificatePinDialog, usePinDialog } from '../components/CertificatePinDialog';
import { StateBadge } from '../components/StateBadge';

export function SignScreen(props: { filingId: string; flash: string | null; onQueued: (filing: FilingDetail) => void; onOpenOutbox: () => void; onDuplicate: () => void }) {
  const { t } = useTranslation();
  const [filing, setFiling] = useState<FilingDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const picker = useCertificatePicker();
  const [chooseError, setChooseError] = useState<string | null>(null);
  const pinDialog = usePinDialog();
  const [opening, setOpening] = useState(false);
  const [sendBusy, setSendBusy] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const signButton = useRef<HTMLButtonElement>(null);
  const signedNotice = useRef<HTMLDivElement>(null);

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

  const chosen = picker.selected;

  async function openDialog() {
    if (!chosen) {
      setChooseError(t('sign.chooseFirst'));
      return;
    }
    setChooseError(null);
    setOpening(true);
    await pinDialog.show(chosen.id);
    setOpening(false);
  }

  async function sign(pin: string | null) {
    if (!filing || !chosen) return;
    const signed = await call('filings.sign', { id: filing.id, certificateId: chosen.id, pin });
    setFiling(signed);
    pinDialog.hide();
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
            <button type="button" className="button button--quiet button--small" onClick={() => void picker.reload()}>
              {t('common.refresh')}
            </button>
          </div>
          <CertificatePicker state={picker} chooseError={chooseError} onChosen={() => setChooseError(null)} headingId="sign-certs" />
          <div className="actions">
            <button type="button" ref={signButton} className="button button--primary" onClick={() => void openDialog()} disabled={!picker.certificates || picker.certificates.length === 0 || opening}>
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

      {pinDialog.open && chosen && (
        <CertificatePinDialog
          certificate={chosen}
          login={pinDialog.login}
          sign={sign}
          onCancel={() => {
            pinDialog.hide();
            requestAnimationFrame(() => signButton.current?.focus());
          }}
        />
      )}
    </>
  );
}
