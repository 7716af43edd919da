/**
 * One directory entry as the user reads it: name, town, where it came from, its inboxes, size
 * limit and formats, and the notes with their source and check date (folded: they can be long).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryEntryView } from '../../electron/common/contract-directory';
import { formatBytes, formatDate } from '../format';

const ORIGIN_TONE = { seed: 'neutral', edited: 'info', user: 'ok' } as const;

export function headingIdOf(id: string): string {
  return `entry-${id}`;
}

export function DirectoryEntryCard(props: { entry: DirectoryEntryView; actions?: ReactNode }) {
  const { t } = useTranslation();
  const e = props.entry;
  return (
    <article className="entry" aria-labelledby={headingIdOf(e.id)} data-entry-id={e.id}>
      <div className="entry__head">
        <h2 className="entry__name" id={headingIdOf(e.id)} tabIndex={-1}>
          {e.name}
          {e.town && <span className="entry__town">{e.town}</span>}
        </h2>
        <span className={`badge badge--${ORIGIN_TONE[e.origin]}`} data-origin={e.origin}>
          {t(`directory.origins.${e.origin}`)}
        </span>
      </div>
      <dl className="facts entry__facts">
        {e.epuap && (
          <div>
            <dt>{t('directory.fields.epuapAddress')}</dt>
            <dd>
              <code className="address">{e.epuap.address}</code>
              {/* Notes are Polish whatever the UI language (WCAG 3.1.2). */}
              {e.epuap.note && (
                <span className="block small" lang="pl">
                  {e.epuap.note}
                </span>
              )}
            </dd>
          </div>
        )}
        {e.edoreczenia && (
          <div>
            <dt>{t('directory.fields.edoreczeniaAddress')}</dt>
            <dd>
              <code className="address">{e.edoreczenia.address}</code>
            </dd>
          </div>
        )}
        {!e.epuap && !e.edoreczenia && (
          <div className="entry__missing">
            <dt>{t('directory.card.inbox')}</dt>
            <dd>{t('directory.card.noAddress')}</dd>
          </div>
        )}
        {e.sizeLimit && (
          <div>
            <dt>{t('directory.card.limit')}</dt>
            <dd>{t('directory.card.limitValue', { size: formatBytes(e.sizeLimit.bytes), scope: t(`directory.scopes.${e.sizeLimit.scope}`) })}</dd>
          </div>
        )}
        {e.allowedFormats && (
          <div>
            <dt>{t('directory.fields.allowedFormats')}</dt>
            <dd>{e.allowedFormats.map((f) => f.toUpperCase()).join(', ')}</dd>
          </div>
        )}
      </dl>
      {(e.notes || e.source || e.verifiedOn) && (
        <details className="entry__more">
          <summary>{t('directory.card.more')}</summary>
          {e.notes && (
            <p className="entry__notes" lang="pl">
              {e.notes}
            </p>
          )}
          <dl className="facts">
            {e.source && (
              <div>
                <dt>{t('directory.fields.source')}</dt>
                <dd>{e.source}</dd>
              </div>
            )}
            {e.verifiedOn && (
              <div>
                <dt>{t('directory.fields.verifiedOn')}</dt>
                <dd>{formatDate(e.verifiedOn)}</dd>
              </div>
            )}
          </dl>
        </details>
      )}
      {props.actions && <div className="entry__actions">{props.actions}</div>}
    </article>
  );
}
