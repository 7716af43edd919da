/** "zweryfikowane" / "niezweryfikowane", with an icon that repeats what the text says. */
import { useTranslation } from 'react-i18next';

export function VerifiedBadge(props: { verified: boolean; large?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${props.verified ? 'badge--ok' : 'badge--error'}${props.large ? ' badge--large' : ''}`} data-verified={props.verified}>
      <span className={props.verified ? 'icon icon--ok' : 'icon icon--fail'} aria-hidden="true" />
      {props.verified ? t('receipt.verified') : t('receipt.notVerified')}
    </span>
  );
}
