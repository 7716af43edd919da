/**
 * Sender profiles on the compose screen: pick one to fill the sender, save the sender as a new
 * profile, or manage the chosen one (rename, replace its details with the form's, make it the
 * default, delete after a confirmation). Letters already written keep their sender: a profile is
 * only a template.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Sender, SenderProfile } from '../../electron/common/contract-drafts';
import { call, messageOf } from '../api';
import { Field } from './Field';

/** The form: a new profile (no id) or the chosen one being edited. */
type ProfileForm = { id?: string; name: string; isDefault: boolean; takeSender: boolean };
type Message = { error: boolean; text: string };

export function ProfileBar(props: {
  profiles: SenderProfile[];
  profileId: string;
  onPick: (id: string) => void;
  onListChanged: (list: SenderProfile[], chosen: string) => void;
  /** The sender as typed in the form, or null when it is incomplete or invalid. */
  currentSender: () => Sender | null;
}) {
  const { t } = useTranslation();
  const { profiles, profileId } = props;
  const [form, setForm] = useState<ProfileForm | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const focusNext = useRef<string | null>(null);
  const chosen = profiles.find((p) => p.id === profileId) ?? null;

  useEffect(() => {
    if (focusNext.current) {
      document.getElementById(focusNext.current)?.focus();
      focusNext.current = null;
    }
  });

  function open(next: ProfileForm) {
    setMessage(null);
    setConfirmDelete(false);
    setForm(next);
    focusNext.current = 'compose-profile-name';
  }

  function close(focus: string) {
    setForm(null);
    setConfirmDelete(false);
    focusNext.current = focus;
  }

  async function save() {
    if (!form) return;
    const name = form.name.trim();
    if (name === '') {
      setMessage({ error: true, text: t('profiles.nameRequired') });
      document.getElementById('compose-profile-name')?.focus();
      return;
    }
    const sender = form.takeSender ? props.currentSender() : (chosen?.sender ?? null);
    if (!sender) {
      setMessage({ error: true, text: t('profiles.senderIncomplete') });
      return;
    }
    try {
      const saved = await call('profiles.save', { ...(form.id ? { id: form.id } : {}), name, sender, isDefault: form.isDefault });
      props.onListChanged(await call('profiles.list', {}), saved.id);
      setMessage({ error: false, text: t(form.id ? 'profiles.updated' : 'profiles.saved', { name: saved.name }) });
      close(form.id ? 'compose-profile-edit' : 'compose-profile-open');
    } catch (e) {
      setMessage({ error: true, text: messageOf(e) });
    }
  }

  async function remove() {
    if (!chosen) return;
    try {
      await call('profiles.delete', { id: chosen.id });
      props.onListChanged(await call('profiles.list', {}), '');
      setMessage({ error: false, text: t('profiles.deleted', { name: chosen.name }) });
      close('compose-profile');
    } catch (e) {
      setMessage({ error: true, text: messageOf(e) });
    }
  }

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void save();
    }
  };

  return (
    <>
      <div className="profile-bar">
        <Field id="compose-profile" label={t('profiles.pick')} optional className="profile-bar__pick">
          {(control) => (
            <select {...control} value={profileId} onChange={(e) => props.onPick(e.target.value)} disabled={profiles.length === 0}>
              <option value="">{profiles.length === 0 ? t('profiles.none') : t('profiles.choose')}</option>
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.isDefault ? t('profiles.defaultName', { name: p.name }) : p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!form && !confirmDelete && (
          <>
            <button type="button" id="compose-profile-open" className="button button--small" onClick={() => open({ name: '', isDefault: profiles.length === 0, takeSender: true })}>
              {t('profiles.saveAs')}
            </button>
            {chosen && (
              <>
                <button
                  type="button"
                  id="compose-profile-edit"
                  className="button button--small"
                  aria-label={t('profiles.editNamed', { name: chosen.name })}
                  onClick={() => open({ id: chosen.id, name: chosen.name, isDefault: chosen.isDefault, takeSender: false })}
                >
                  {t('profiles.edit')}
                </button>
                <button
                  type="button"
                  id="compose-profile-delete"
                  className="button button--small button--danger"
                  aria-label={t('profiles.deleteNamed', { name: chosen.name })}
                  onClick={() => {
                    setMessage(null);
                    setConfirmDelete(true);
                    focusNext.current = 'compose-profile-delete-confirm';
                  }}
                >
                  {t('profiles.delete')}
                </button>
              </>
            )}
          </>
        )}
      </div>
      {confirmDelete && chosen && (
        <div className="profile-form" role="alertdialog" aria-labelledby="compose-profile-delete-question">
          <p id="compose-profile-delete-question">{t('profiles.deleteQuestion', { name: chosen.name })}</p>
          <div className="actions">
            <button type="button" id="compose-profile-delete-confirm" className="button button--danger button--small" onClick={() => void remove()}>
              {t('profiles.deleteConfirm')}
            </button>
            <button type="button" className="button button--small" onClick={() => close('compose-profile-delete')}>
              {t('profiles.cancel')}
            </button>
          </div>
        </div>
      )}
      {form && (
        <div className="profile-form" role="group" aria-labelledby="compose-profile-form-title">
          <h3 className="lines__title" id="compose-profile-form-title">
            {form.id ? t('profiles.editTitle') : t('profiles.formTitle')}
          </h3>
          <Field id="compose-profile-name" label={t('profiles.name')}>
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={100}
                autoComplete="off"
                value={form.name}
                onKeyDown={onKey}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
              />
            )}
          </Field>
          <div className="check">
            <input type="checkbox" id="compose-profile-default" checked={form.isDefault} onChange={(e) => setForm({ ...form, isDefault: e.target.checked })} />
            <label htmlFor="compose-profile-default">{t('profiles.isDefault')}</label>
          </div>
          {form.id && (
            <div className="check">
              <input type="checkbox" id="compose-profile-take" checked={form.takeSender} onChange={(e) => setForm({ ...form, takeSender: e.target.checked })} />
              <label htmlFor="compose-profile-take">{t('profiles.takeSender')}</label>
            </div>
          )}
          <div className="actions">
            <button type="button" className="button button--primary button--small" onClick={() => void save()}>
              {t('profiles.save')}
            </button>
            <button type="button" className="button button--small" onClick={() => close(form.id ? 'compose-profile-edit' : 'compose-profile-open')}>
              {t('profiles.cancel')}
            </button>
          </div>
        </div>
      )}
      {message && (
        <p className={message.error ? 'alert alert--error' : 'alert alert--success'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </>
  );
}
