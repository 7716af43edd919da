/**
 * The PIN dialog for signing with a chosen certificate, as every signing screen opens it: ask the
 * card first what it needs (cards.loginInfo: PIN pad, tries left, file password — without an answer
 * the plain typed-PIN dialog still works), then sign with the typed PIN or on the reader, and let
 * Cancel stop a reader's wait (cards.cancel).
 */
import { useState } from 'react';
import type { CertificateInfo } from '../../electron/common/contract';
import type { LoginInfo } from '../../electron/common/contract-cards';
import { call } from '../api';
import { commonName } from '../format';
import { PinDialog } from './PinDialog';

/** Whether the dialog is open and what the card said when it was opened. */
export function usePinDialog() {
  const [login, setLogin] = useState<LoginInfo | null>(null);
  const [open, setOpen] = useState(false);
  return {
    open,
    login,
    async show(certificateId: string): Promise<void> {
      setLogin(await call('cards.loginInfo', { certificateId }).catch(() => null));
      setOpen(true);
    },
    hide: () => setOpen(false),
  };
}

export function CertificatePinDialog(props: {
  certificate: CertificateInfo;
  login: LoginInfo | null;
  /** Signs with the typed PIN, or with null when the PIN is entered on the reader; rejects to keep the dialog open. */
  sign: (pin: string | null) => Promise<void>;
  onCancel: () => void;
}) {
  return (
    <PinDialog
      certificateName={commonName(props.certificate.subject)}
      login={props.login}
      onSign={props.sign}
      onSignOnReader={() => props.sign(null)}
      onCancelReader={async () => {
        await call('cards.cancel', {});
      }}
      onCancel={props.onCancel}
    />
  );
}
