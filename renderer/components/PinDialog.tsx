/**
 * The PIN dialog: a modal <dialog> (showModal makes the page behind it inert) with its own focus
 * trap, Escape to cancel, aria-modal and a label. The PIN lives in this component's state only until
 * the sign call is made, then it is cleared. A wrong PIN is reported here and never retried.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../api';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

export function PinDialog(props: {
  certificateName: string;
  /** Makes the signature; rejects with an AppError (PIN_INCORRECT and others) to keep the dialog open. */
  onSign: (pin: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
    inputRef.current?.focus();
    return () => {
      closingRef.current = true;
      if (dialog.open) dialog.close();
    };
  }, []);

  function cancel() {
    if (busyRef.current) return;
    setPin('');
    props.onCancel();
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
    if (pin === '') {
      setError(t('pin.required'));
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
          {t('pin.title')}
        </h2>
        <p className="modal__subtitle">{t('pin.certificate', { name: props.certificateName })}</p>
        <div className={error ? 'field field--error' : 'field'}>
          <label className="field__label" htmlFor={`${id}-pin`}>
            {t('pin.label')}
          </label>
          <input
            ref={inputRef}
            id={`${id}-pin`}
            className="pin-input"
            type="password"
            name="pin"
            autoComplete="off"
            inputMode="numeric"
            spellCheck={false}
            maxLength={64}
            value={pin}
            disabled={busy}
            onChange={(e) => setPin(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={[error ? errorId : '', descId].filter(Boolean).join(' ')}
          />
        </div>
        {error && (
          <p className="alert alert--error" role="alert" id={errorId}>
            {error}
          </p>
        )}
        <p className="modal__note" id={descId}>
          <span className="lock-icon" aria-hidden="true" />
          {t('pin.privacy')}
        </p>
        {busy && (
          <p className="modal__busy" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('pin.busy')}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" className="button" onClick={cancel} disabled={busy}>
            {t('pin.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('pin.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
