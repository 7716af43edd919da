/** What the directory proposes for the picked addressee: the channel, why, and the inbox's size limit. */
import { useTranslation } from 'react-i18next';
import type { DirectoryEntryView, Proposal } from '../../electron/common/contract-directory';
import { formatBytes } from '../format';

const TONE = { 'edoreczenia-primary': 'info', 'epuap-before-2026': 'info', 'edoreczenia-only': 'info', 'epuap-no-ade': 'warn', 'no-address': 'warn' } as const;

export function ProposalNote(props: { entry: DirectoryEntryView; proposal: Proposal }) {
  const { t } = useTranslation();
  const { entry, proposal } = props;
  return (
    <div className={`proposal proposal--${TONE[proposal.reason]}`} data-channel={proposal.channel} data-reason={proposal.reason}>
      <p className="proposal__title">
        {t('compose.picker.picked', { name: entry.name })} {t('compose.picker.channel', { channel: t(`channels.${proposal.channel}`) })}
      </p>
      <p>{t(`directory.reasons.${proposal.reason}`)}</p>
      {entry.epuap?.note && proposal.address === entry.epuap.address && <p lang="pl">{entry.epuap.note}</p>}
      {entry.sizeLimit && (
        <p>{t('compose.picker.limit', { limit: t('directory.card.limitValue', { size: formatBytes(entry.sizeLimit.bytes), scope: t(`directory.scopes.${entry.sizeLimit.scope}`) }) })}</p>
      )}
    </div>
  );
}
