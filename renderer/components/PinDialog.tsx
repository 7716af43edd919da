/**
 * The PIN dialog: a modal <dialog> (showModal makes the page behind it inert) with its own focus
 * trap, Escape to cancel, aria-modal and a label. The PIN lives in this component's state only until
 * the sign call is made, then it is cleared. A wrong PIN is reported here and never retried.
 *
 * Variants, from what the card says before anything is typed (`login`, cards.loginInfo):
 * typed PIN; PIN state count-low (a note) and final-try (explicit confirmation first); locked (no
 * input, how to unblock); PIN pad ("enter the PIN on the reader", countdown, Cancel stops the
 * wait); certificate file (its password).
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoginInfo } from '../../electron/common/contract-cards';
import { messageOf } from '../api';

/** How long the signer waits for a PIN pad (client.ts DEFAULT_TIMEOUT.sign). */
const READER_WAIT_SECONDS = 120;

type Variant = 'typed' | 'pinpad' | 'locked' | 'file';

function variantOf(login: LoginInfo | null | undefined): Variant {
  if (login?.kind === 'file') return 'file';
  if (login?.pinState === 'locked') return 'locked';
  if (login?.protectedAuthPath) return 'pinpad';
  return 'typed';
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

export function PinDialog(props: {
  certificateName: string;
  /** Makes the signature; rejects with an AppError (PIN_INCORRECT and others) to keep the dialog open. */
  onSign: (pin: string) => Promise<void>;
  onCancel: () => void;
  /** What the card says before anything is typed; without it the plain typed-PIN dialog is shown. */
  login?: LoginInfo | null;
  /** PIN pad: makes the signature with the PIN typed on the reader. */
  onSignOnReader?: () => Promise<void>;
  /** PIN pad: stops the reader's wait (cards.cancel); the pending signature then fails as cancelled. */
  onCancelReader?: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const variant = variantOf(props.login);
  const finalTry = (variant === 'typed' || variant === 'pinpad') && props.login?.pinState === 'final-try';
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const busyRef = useRef(false);
  const closingRef = useRef(false);
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const errorId = `${id}-error`;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    closingRef.current = false;
    if (!dialog.open) dialog.showModal();
    // No PIN field on the PIN-pad and locked variants: the first action gets the focus.
    (inputRef.current ?? dialog.querySelector<HTMLElement>('button[type="submit"], button'))?.focus();
    return () => {
      closingRef.current = true;
      if (dialog.open) dialog.close();
    };
  }, []);

  // The reader's countdown while C_Login waits for the pad.
  useEffect(() => {
    if (secondsLeft === null || secondsLeft <= 0) return;
    const timer = setTimeout(() => setSecondsLeft((s) => (s === null ? null : s - 1)), 1000);
    return () => clearTimeout(timer);
  }, [secondsLeft]);

  function cancel() {
    if (busyRef.current) {
      // Only the PIN pad's wait can be stopped from here; a typed PIN is already with the card.
      if (variant === 'pinpad' && props.onCancelReader) void props.onCancelReader();
      return;
    }
    setPin('');
    props.onCancel();
  }

  async function signOnReader() {
    if (busyRef.current || !props.onSignOnReader) return;
    setError(null);
    busyRef.current = true;
    setBusy(true);
    setSecondsLeft(READER_WAIT_SECONDS);
    try {
      await props.onSignOnReader();
    } catch (err) {
      busyRef.current = false;
      setBusy(false);
      setSecondsLeft(null);
      setError(messageOf(err));
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLDialogElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      cancel();
      return;
    }
    if (e.key !== 'Tab') return;
    const items = [...(dialogRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
      e.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (e.shiftKey && (active === first || !dialogRef.current?.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !dialogRef.current?.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busyRef.current) return;
    if (variant === 'locked') return;
    if (finalTry && !confirmed) {
      setError(t('cards.pin.confirmFirst'));
      return;
    }
    if (variant === 'pinpad') return void signOnReader();
    if (pin === '') {
      setError(t(variant === 'file' ? 'cards.pin.passwordRequired' : 'pin.required'));
      inputRef.current?.focus();
      return;
    }
    const value = pin;
    setPin('');
    setError(null);
    busyRef.current = true;
    setBusy(true);
    try {
      await props.onSign(value);
    } catch (err) {
      busyRef.current = false;
      setBusy(false);
      setError(messageOf(err));
      requestAnimationFrame(() => inputRef.current?.focus());
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="modal"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={descId}
      aria-busy={busy}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        // Escape or another close request: we decide, the browser does not close it on its own.
        e.preventDefault();
        cancel();
      }}
      onClose={() => {
        if (!closingRef.current && !dialogRef.current?.open) props.onCancel();
      }}
    >
      <form className="modal__body" onSubmit={submit} noValidate>
        <h2 className="modal__title" id={titleId}>
          {t(variant === 'file' ? 'cards.pin.fileTitle' : variant === 'pinpad' ? 'cards.pin.padTitle' : variant === 'locked' ? 'cards.pin.lockedTitle' : 'pin.title')}
        </h2>
        <p className="modal__subtitle">{t('pin.certificate', { name: props.certificateName })}</p>
        {props.login?.pinState === 'count-low' && variant !== 'file' && <p className="alert alert--info">{t('cards.pin.countLow')}</p>}
        {finalTry && (
          <div className="alert alert--error">
            <p>{t('cards.pin.finalTry')}</p>
            <label className="checkbox">
              <input type="checkbox" checked={confirmed} disabled={busy} onChange={(e) => setConfirmed(e.target.checked)} /> {t('cards.pin.finalTryConfirm')}
            </label>
          </div>
        )}
        {variant === 'locked' && (
          <p className="alert alert--error" id={`${id}-locked`}>
            {t('cards.pin.locked', { token: props.login?.tokenLabel ?? '' })}
          </p>
        )}
        {variant === 'pinpad' && (
          <div className="pinpad" aria-live="polite">
            <p className="pinpad__prompt">{busy ? t('cards.pin.padNow', { token: props.login?.tokenLabel ?? '' }) : t('cards.pin.padIntro')}</p>
            {busy && secondsLeft !== null && (
              <>
                <progress className="pinpad__countdown" max={READER_WAIT_SECONDS} value={secondsLeft} aria-label={t('cards.pin.padCountdownLabel')} />
                <p className="muted">{t('cards.pin.padSecondsLeft', { count: secondsLeft })}</p>
              </>
            )}
          </div>
        )}
        {(variant === 'typed' || variant === 'file') && (
          <div className={error ? 'field field--error' : 'field'}>
            <label className="field__label" htmlFor={`${id}-pin`}>
              {t(variant === 'file' ? 'cards.pin.passwordLabel' : 'pin.label')}
            </label>
            <input
              ref={inputRef}
              id={`${id}-pin`}
              className="pin-input"
              type="password"
              name="pin"
              autoComplete="off"
              inputMode={variant === 'file' ? 'text' : 'numeric'}
              spellCheck={false}
              maxLength={64}
              value={pin}
              disabled={busy}
              onChange={(e) => setPin(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={[error ? errorId : '', descId].filter(Boolean).join(' ')}
            />
          </div>
        )}
        {error && (
          <p className="alert alert--error" role="alert" id={errorId}>
            {error}
          </p>
        )}
        <p className="modal__note" id={descId}>
          <span className="lock-icon" aria-hidden="true" />
          {t(variant === 'file' ? 'cards.pin.passwordPrivacy' : variant === 'pinpad' ? 'cards.pin.padPrivacy' : 'pin.privacy')}
        </p>
        {busy && variant !== 'pinpad' && (
          <p className="modal__busy" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('pin.busy')}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" className="button" onClick={cancel} disabled={busy && variant !== 'pinpad'}>
            {t(variant === 'locked' ? 'cards.pin.close' : 'pin.cancel')}
          </button>
          {variant !== 'locked' && (
            <button type="submit" className="button button--primary" disabled={busy}>
              {t(variant === 'pinpad' ? 'cards.pin.padStart' : 'pin.submit')}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
