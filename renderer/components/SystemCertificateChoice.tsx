/**
 * The system certificate of a sending profile (ePUAP and e-Doręczenia box profiles): a PKCS#12
 * file (the screen's own file and password fields) or a certificate on a card or token, chosen
 * from those the cards list (files and the demo identity are left out), with the token PIN.
 * The PIN goes to the main process once, to be checked by a test signature and sealed there for
 * unattended sending; it is never shown again. The list refreshes when a card comes or goes.
 */
import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo } from '../../electron/common/contract';
import type { SystemCertificate } from '../../electron/common/contract-profiles';
import { call, messageOf, on } from '../api';
import { commonName, formatDate } from '../format';
import { certificateValidity } from './CertificatePicker';

export type SystemCertificateValue = { kind: 'file' } | { kind: 'token'; certificateId: string | null; pin: string };

/** The part of a profile's save input for a token choice (nothing for a file: the screen adds the file). */
export function tokenInput(value: SystemCertificateValue): { token?: { certificateId: string; pin: string } } {
  return value.kind === 'token' && value.certificateId ? { token: { certificateId: value.certificateId, pin: value.pin } } : {};
}

/** What to say before sending a token choice that is not complete; null when it is. */
export function tokenChoiceProblem(value: SystemCertificateValue, t: (key: string) => string): string | null {
  if (value.kind !== 'token') return null;
  if (!value.certificateId) return t('systemCertificate.chooseCertificate');
  return value.pin ? null : t('systemCertificate.pinRequired');
}

/** A saved profile's certificate in one line: whose, valid until when, from where (public data only). */
export function SystemCertificateSummary(props: { certificate: SystemCertificate | null; none: string }) {
  const { t } = useTranslation();
  const c = props.certificate;
  if (!c) return <>{props.none}</>;
  return (
    <>
      {t('systemCertificate.summary', { subject: commonName(c.subject), date: formatDate(c.notAfter) })}
      {' · '}
      {c.kind === 'token' ? t('systemCertificate.onToken', { label: c.tokenLabel }) : t('systemCertificate.fromFile')}
      {c.kind === 'token' && !c.pinStored && <strong className="field__error"> · {t('systemCertificate.pinDropped')}</strong>}
    </>
  );
}

/** `tokenNote`: what the channel does with a token certificate (e-Doręczenia: assertion only, no mutual TLS). */
export function SystemCertificateChoice(props: { value: SystemCertificateValue; onChange: (value: SystemCertificateValue) => void; fileFields: ReactNode; tokenNote?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const { value, onChange } = props;
  const [certificates, setCertificates] = useState<CertificateInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now] = useState(() => Date.now());

  const reload = useCallback(async () => {
    setError(null);
    try {
      setCertificates((await call('certificates.list', {})).filter((c) => c.token.module !== 'file'));
    } catch (e) {
      setError(messageOf(e));
      setCertificates([]);
    }
  }, []);
  const tokenChosen = value.kind === 'token';
  useEffect(() => {
    if (!tokenChosen) return;
    void reload();
    return on('cards.changed', () => void reload());
  }, [tokenChosen, reload]);

  return (
    <fieldset className="field">
      <legend className="field__label">{t('systemCertificate.legend')}</legend>
      <div>
        <label>
          <input type="radio" name={`${id}-kind`} checked={value.kind === 'file'} onChange={() => onChange({ kind: 'file' })} /> {t('systemCertificate.file')}
        </label>{' '}
        <label>
          <input type="radio" name={`${id}-kind`} checked={value.kind === 'token'} onChange={() => onChange({ kind: 'token', certificateId: null, pin: '' })} /> {t('systemCertificate.token')}
        </label>
      </div>
      {value.kind === 'file' && props.fileFields}
      {value.kind === 'token' && (
        <>
          {error && <p className="alert alert--error" role="alert">{error}</p>}
          {certificates === null && <p className="muted">{t('common.loading')}</p>}
          {certificates !== null && certificates.length === 0 && !error && <p className="alert alert--info">{t('systemCertificate.noTokenCertificates')}</p>}
          {certificates !== null && certificates.length > 0 && (
            <fieldset className="cert-list">
              <legend>{t('systemCertificate.tokenList')}</legend>
              {certificates.map((c) => {
                const v = certificateValidity(c, now, t);
                const inputId = `${id}-cert-${c.id}`;
                return (
                  <div key={c.id} className={['cert', value.certificateId === c.id ? 'cert--selected' : '', v.usable ? '' : 'cert--disabled'].filter(Boolean).join(' ')}>
                    <input type="radio" name={`${id}-cert`} id={inputId} value={c.id} checked={value.certificateId === c.id} disabled={!v.usable}
                      aria-describedby={`${inputId}-details`} onChange={() => onChange({ ...value, certificateId: c.id })} />
                    <label htmlFor={inputId} className="cert__main"><span className="cert__name">{commonName(c.subject)}</span></label>
                    <p className="cert__details muted" id={`${inputId}-details`}>
                      {t('sign.validityRange', { from: formatDate(c.notBefore), to: formatDate(c.notAfter) })} · {c.token.label} · {c.keyType}
                      {` · ${t('sign.issuer')}: ${commonName(c.issuer)} · #${c.serialNumber.slice(-8)}`}
                      {!v.usable && ` · ${v.reason}`}
                    </p>
                  </div>
                );
              })}
            </fieldset>
          )}
          <button type="button" className="button" onClick={() => void reload()}>{t('systemCertificate.refresh')}</button>
          {props.tokenNote && <p className="field__hint">{props.tokenNote}</p>}
          <div className="field">
            <label className="field__label" htmlFor={`${id}-pin`}>{t('systemCertificate.pin')}</label>
            <input id={`${id}-pin`} type="password" autoComplete="off" inputMode="numeric" value={value.pin} aria-describedby={`${id}-pin-note`}
              onChange={(e) => onChange({ ...value, pin: e.target.value })} />
            <p className="field__hint" id={`${id}-pin-note`}>{t('systemCertificate.pinNote')}</p>
          </div>
        </>
      )}
    </fieldset>
  );
}
