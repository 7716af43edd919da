/**
 * The certificate picker every signing flow uses: one radio per certificate found on the cards and
 * in certificate files, with what it is (qualified / advanced / authentication / file), its validity
 * and its card; unusable ones (expired, not yet valid) are shown but cannot be chosen. The list
 * refreshes itself when a card is inserted or removed (cards.changed); the remembered choice
 * (certificates.chosen, by fingerprint) is preselected when its card is present.
 */
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo } from '../../electron/common/contract';
import { call, messageOf, on } from '../api';
import { commonName, formatDate } from '../format';

type Validity = { usable: true } | { usable: false; reason: string };

export function certificateValidity(cert: CertificateInfo, now: number, t: TFunction): Validity {
  if (Date.parse(cert.notAfter) < now) return { usable: false, reason: t('sign.expired', { date: formatDate(cert.notAfter) }) };
  if (Date.parse(cert.notBefore) > now) return { usable: false, reason: t('sign.notYetValid', { date: formatDate(cert.notBefore) }) };
  return { usable: true };
}

/** What the certificate is for a signature (§7): its badge text key and style. */
function kindOf(c: CertificateInfo): { key: string; style: string } {
  if (c.qualified) return { key: 'cards.picker.qualified', style: 'badge--ok' };
  if (c.token.module === 'file') return { key: 'cards.picker.file', style: 'badge--neutral' };
  const nonRepudiation = c.classification?.nonRepudiation ?? c.keyUsage.includes('nonRepudiation');
  return nonRepudiation ? { key: 'cards.picker.advanced', style: 'badge--info' } : { key: 'cards.picker.authentication', style: 'badge--warn' };
}

const EXPIRY_WARNING_DAYS = 30;

export interface CertificatePickerState {
  certificates: CertificateInfo[] | null;
  selected: CertificateInfo | null;
  select(id: string): void;
  reload(): Promise<void>;
  error: string | null;
  /** Set after a card was inserted or removed, for the live region. */
  changeNotice: string | null;
}

/** Loads the certificates, keeps them fresh on card events, remembers the choice. */
export function useCertificatePicker(): CertificatePickerState {
  const { t } = useTranslation();
  const [certificates, setCertificates] = useState<CertificateInfo[] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changeNotice, setChangeNotice] = useState<string | null>(null);

  const reload = useCallback(async () => {
    setError(null);
    try {
      const [list, remembered] = await Promise.all([call('certificates.list', {}), call('certificates.chosen', {}).catch(() => null)]);
      const now = Date.now();
      // Usable before unusable, qualified before the rest; otherwise as the cards list them.
      const rank = (c: CertificateInfo) => (certificateValidity(c, now, t).usable ? 0 : 2) + (c.qualified ? 0 : 1);
      setCertificates([...list].sort((a, b) => rank(a) - rank(b)));
      setSelectedId((cur) => {
        if (cur && list.some((c) => c.id === cur)) return cur;
        const again = remembered && list.find((c) => c.id === remembered.certificateId);
        return again && certificateValidity(again, now, t).usable ? again.id : null;
      });
    } catch (e) {
      setError(messageOf(e));
      setCertificates([]);
    }
  }, [t]);

  useEffect(() => {
    void reload();
    return on('cards.changed', (event) => {
      setChangeNotice(event.inserted > 0 ? t('cards.picker.inserted') : t('cards.picker.removed'));
      void reload();
    });
  }, [reload, t]);

  const select = useCallback((id: string) => {
    setSelectedId(id);
    // Remembered by fingerprint for the next time; a failure here must not block signing.
    void call('certificates.choose', { certificateId: id }).catch(() => undefined);
  }, []);

  return { certificates, selected: certificates?.find((c) => c.id === selectedId) ?? null, select, reload, error, changeNotice };
}

export function CertificatePicker(props: { state: CertificatePickerState; chooseError: string | null; onChosen?: () => void; headingId: string }) {
  const { t } = useTranslation();
  const { certificates, selected, error, changeNotice } = props.state;
  const [now] = useState(() => Date.now());

  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {changeNotice ?? ''}
      </p>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      {certificates === null && <p className="muted">{t('common.loading')}</p>}
      {certificates !== null && certificates.length === 0 && !error && <p className="alert alert--info">{t('sign.noCertificates')}</p>}
      {certificates !== null && certificates.length > 0 && (
        <fieldset className="cert-list" aria-labelledby={props.headingId} aria-describedby={props.chooseError ? 'cert-picker-error cert-picker-hint' : 'cert-picker-hint'}>
          <p className="muted" id="cert-picker-hint">
            {t('sign.certificatesHint')}
          </p>
          {props.chooseError && (
            <p className="field__error" id="cert-picker-error" role="alert">
              {props.chooseError}
            </p>
          )}
          {certificates.map((c) => {
            const v = certificateValidity(c, now, t);
            const kind = kindOf(c);
            const inputId = `cert-${c.id}`;
            const days = c.classification?.expiresInDays;
            const expiresSoon = v.usable && days !== undefined && days <= EXPIRY_WARNING_DAYS;
            const person = c.classification?.person;
            return (
              <div key={c.id} className={['cert', selected?.id === c.id ? 'cert--selected' : '', v.usable ? '' : 'cert--disabled'].filter(Boolean).join(' ')}>
                <input
                  type="radio"
                  name="certificate"
                  id={inputId}
                  value={c.id}
                  checked={selected?.id === c.id}
                  disabled={!v.usable}
                  onChange={() => {
                    props.state.select(c.id);
                    props.onChosen?.();
                  }}
                  aria-describedby={`${inputId}-details${v.usable ? '' : ` ${inputId}-reason`}`}
                />
                <label htmlFor={inputId} className="cert__main">
                  <span className="cert__name">{commonName(c.subject)}</span>
                  <span className={`badge ${kind.style}`}>{t(kind.key)}</span>
                  {expiresSoon && <span className="badge badge--warn">{t('cards.picker.expiresSoon', { count: days })}</span>}
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
                  {person && (
                    <div>
                      <dt>{t('cards.picker.person')}</dt>
                      <dd>
                        <code>{`${person.scheme}-…${person.value.slice(-3)}`}</code>
                      </dd>
                    </div>
                  )}
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
    </>
  );
}
