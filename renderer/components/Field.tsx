/**
 * A labelled form control with an optional hint and an error message, linked for assistive
 * technology (label[for], aria-describedby, aria-invalid).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
}

export function Field(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const { t } = useTranslation();
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const errorId = props.error ? `${props.id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const control: ControlProps = { id: props.id };
  if (describedBy) control['aria-describedby'] = describedBy;
  if (props.error) control['aria-invalid'] = true;
  if (!props.optional) control['aria-required'] = true;
  return (
    <div className={['field', props.error ? 'field--error' : '', props.className ?? ''].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={props.id}>
        {props.label}
        {props.optional && <span className="field__optional"> ({t('common.optional')})</span>}
      </label>
      {props.children(control)}
      <div className="field__messages">
        {props.error && (
          <p className="field__error" id={errorId}>
            <span className="visually-hidden">{t('validation.prefix')} </span>
            {props.error}
          </p>
        )}
        {props.hint && (
          <p className="field__hint" id={hintId}>
            {props.hint}
          </p>
        )}
      </div>
    </div>
  );
}
