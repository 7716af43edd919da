/**
 * The warning before collecting a letter: collecting is delivery and terms start to run. A modal
 * <dialog> (the page behind is inert), focus on the safe choice, Escape cancels.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrackedItem } from '../../electron/common/contract-deadlines';
import { messageOf } from '../api';
import { formatDate } from '../format';

export function CollectDialog(props: { item: TrackedItem; onCollect: () => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  async function collect() {
    setBusy(true);
    setError(null);
    try {
      await props.onCollect();
    } catch (e) {
      setBusy(false);
      setError(messageOf(e));
    }
  }

  return (
    <dialog
      ref={ref}
      className="modal"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      aria-busy={busy}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) props.onCancel();
      }}
    >
      <div className="modal__body">
        <h2 className="modal__title" id={`${id}-title`}>
          {t('deadlines.confirm.title', { title: props.item.title })}
        </h2>
        <p className="alert alert--info" id={`${id}-body`}>
          {t('deadlines.confirm.body', { date: formatDate(props.item.window.deemedDate) })}
        </p>
        {error && (
          <p className="alert alert--error" role="alert">
            {error}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" className="button button--primary" onClick={() => void collect()} disabled={busy}>
            {t('deadlines.confirm.ok')}
          </button>
          <button type="button" className="button" ref={cancelRef} onClick={props.onCancel} disabled={busy}>
            {t('deadlines.confirm.cancel')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
