/**
 * The attachments of a letter: the file chooser, a progress bar per file while it is staged (with
 * cancel), then each file with its detected type, size, verdict, problems and warnings (with the
 * name it will travel under), and the inbox's allowance as a meter.
 */
import { useRef, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../format';
import { MAX_ATTACHMENTS } from '../screens/compose-model';
import type { useStagedAttachments } from './useStagedAttachments';

type State = ReturnType<typeof useStagedAttachments>;

export function AttachmentsPanel(props: { state: State; error: string | undefined; inputId: string }) {
  const { t } = useTranslation();
  const { state, error, inputId } = props;
  const fileInput = useRef<HTMLInputElement>(null);
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const { check } = state;

  function choose(e: ChangeEvent<HTMLInputElement>) {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    const room = MAX_ATTACHMENTS - state.items.length;
    state.addFiles(files.slice(0, Math.max(0, room)));
  }

  function remove(key: string) {
    state.remove(key);
    fileInput.current?.focus();
  }

  const checkFile = (stagedId: string | undefined) => check?.files.find((f) => f.stagedId === stagedId);
  const scopeText = check?.scope ? t(`compose.attachments.scopes.${check.scope}`) : '';

  return (
    <fieldset className="panel">
      <legend>
        <h2>{t('compose.sections.attachments')}</h2>
      </legend>
      <div className={error ? 'field field--error field--first' : 'field field--first'}>
        <label className="field__label" htmlFor={inputId}>
          {t('compose.attachments.add')}
          <span className="field__optional"> ({t('common.optional')})</span>
        </label>
        <input
          ref={fileInput}
          id={inputId}
          type="file"
          multiple
          onChange={choose}
          aria-invalid={error ? true : undefined}
          aria-describedby={[error ? errorId : '', hintId].filter(Boolean).join(' ')}
        />
        {error && (
          <p className="field__error" id={errorId}>
            <span className="visually-hidden">{t('validation.prefix')} </span>
            {error}
          </p>
        )}
        <p className="field__hint" id={hintId}>
          {t('compose.hints.attachments')}
        </p>
      </div>

      <div className="allowance" role="status">
        {check && check.limitBytes !== null && (
          <>
            <label htmlFor={`${inputId}-allowance`} className="allowance__text">
              {t('compose.attachments.allowance', {
                limit: formatBytes(check.limitBytes),
                inbox: check.inboxName ?? '',
                used: formatBytes(check.usedBytes),
                scope: scopeText,
              })}
            </label>
            <meter
              id={`${inputId}-allowance`}
              className="allowance__meter"
              min={0}
              max={check.limitBytes}
              low={check.limitBytes * 0.8}
              high={check.limitBytes * 0.95}
              optimum={0}
              value={Math.min(check.usedBytes, check.limitBytes)}
            />
          </>
        )}
        {check && check.limitBytes === null && <p className="allowance__text">{t('compose.attachments.noLimit', { used: formatBytes(check.usedBytes) })}</p>}
        {state.checkError && <p className="field__error">{state.checkError}</p>}
      </div>
      {check && check.problems.length > 0 && (
        <ul className="issues issues--problems" aria-label={t('compose.attachments.problemsLabel')}>
          {check.problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
      {check && check.warnings.length > 0 && (
        <ul className="issues issues--warnings" aria-label={t('compose.attachments.warningsLabel')}>
          {check.warnings.map((w, i) => (
            <li key={i}>{w.message}</li>
          ))}
        </ul>
      )}

      {state.items.length === 0 ? (
        <p className="muted">{t('compose.attachments.none')}</p>
      ) : (
        <ul className="attachments" aria-label={t('compose.attachments.listLabel')}>
          {state.items.map((a) => {
            const percent = a.size === 0 ? 100 : Math.floor((a.sent / a.size) * 100);
            const staged = a.staged;
            const inInbox = checkFile(a.stagedId);
            const refused = a.status === 'failed' || (staged && !staged.accepted) || state.refusedByInbox(a);
            const safeName = inInbox?.safeFileName ?? staged?.safeFileName;
            const descId = `${inputId}-${a.key}-description`;
            return (
              <li key={a.key} className={refused ? 'attachments__item attachments__item--refused' : 'attachments__item'} data-file={a.fileName}>
                <div className="attachments__row">
                  <span className="attachments__icon" aria-hidden="true" />
                  <span className="attachments__name">{a.fileName}</span>
                  {staged && <span className="attachments__type">{staged.mediaType}</span>}
                  <span className="attachments__size">{formatBytes(a.size)}</span>
                  {a.status === 'committed' && (
                    <span className={refused ? 'badge badge--error' : 'badge badge--ok'}>
                      {refused ? t('compose.attachments.refused') : t('compose.attachments.accepted')}
                    </span>
                  )}
                  <button
                    type="button"
                    className="button button--quiet button--small"
                    onClick={() => remove(a.key)}
                    aria-label={
                      a.status === 'uploading'
                        ? t('compose.attachments.cancelLabel', { name: a.fileName })
                        : t('compose.attachments.removeLabel', { name: a.fileName })
                    }
                  >
                    {a.status === 'uploading' ? t('compose.attachments.cancel') : t('compose.attachments.remove')}
                  </button>
                </div>
                {a.status === 'uploading' && (
                  <div
                    className="attachments__progress"
                    role="progressbar"
                    aria-label={t('compose.attachments.progressLabel', { name: a.fileName })}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={percent}
                    aria-valuetext={t('compose.attachments.progressText', { sent: formatBytes(a.sent), size: formatBytes(a.size), percent })}
                  >
                    <progress className="progress progress--file" aria-hidden="true" max={a.size || 1} value={a.sent} />
                    <span className="attachments__percent" aria-hidden="true">
                      {percent}%
                    </span>
                  </div>
                )}
                {a.status === 'failed' && <p className="field__error">{a.error}</p>}
                {staged && staged.problems.length + staged.warnings.length > 0 && (
                  <ul className="issues">
                    {staged.problems.map((p, i) => (
                      <li key={`p${i}`} className="issues__problem">
                        {p.message}
                      </li>
                    ))}
                    {staged.warnings.map((w, i) => (
                      <li key={`w${i}`} className="issues__warning">
                        {w.message}
                      </li>
                    ))}
                  </ul>
                )}
                {safeName && safeName !== a.fileName && <p className="attachments__rename">{t('compose.attachments.renamed', { name: safeName })}</p>}
                {a.status === 'committed' && (
                  <div className="attachments__description">
                    <label htmlFor={descId} className="field__label">
                      {t('compose.attachments.description', { name: a.fileName })}
                      <span className="field__optional"> ({t('common.optional')})</span>
                    </label>
                    <input id={descId} type="text" maxLength={500} value={a.description} onChange={(e) => state.setDescription(a.key, e.target.value)} />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
