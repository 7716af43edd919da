/** A filing state in words, coloured by how it ended (never by colour alone: the text says it). */
import { useTranslation } from 'react-i18next';
import type { FilingState } from '../../electron/common/contract';

const TONE: Record<FilingState, string> = {
  draft: 'neutral',
  signed: 'info',
  queued: 'progress',
  sending: 'progress',
  delivered: 'ok',
  rejected: 'error',
  failed: 'error',
  uncertain: 'warn',
  cancelled: 'neutral',
};

export const IN_PROGRESS: readonly FilingState[] = ['queued', 'sending'];

export function StateBadge(props: { state: FilingState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${TONE[props.state]}`} data-state={props.state}>
      {t(`states.${props.state}`)}
    </span>
  );
}
