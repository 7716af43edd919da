/**
 * "Profile wysyłki" (ePUAP): where, as whom and with which system certificate — a PKCS#12 file or
 * a certificate on a card or token — the outbox sends (sendingProfiles.*). The file password or the
 * token PIN goes to the main process once, to be sealed there; it is never shown again. Editing a
 * profile without choosing a certificate keeps the stored one. No active profile: the built-in
 * test environment sends.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileEnvironment, SendingProfile } from '../../electron/common/contract-profiles';
import { call, messageOf } from '../api';
import { SystemCertificateChoice, SystemCertificateSummary, tokenChoiceProblem, tokenInput, type SystemCertificateValue } from '../components/SystemCertificateChoice';

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export function ProfilesScreen() {
  const { t } = useTranslation();
  const id = useId();
  const [profiles, setProfiles] = useState<SendingProfile[] | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<ProfileEnvironment>('simulator');
  const [endpoint, setEndpoint] = useState('');
  const [subject, setSubject] = useState('');
  const [replyBox, setReplyBox] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [system, setSystem] = useState<SystemCertificateValue>({ kind: 'file' });
  const [editing, setEditing] = useState<SendingProfile | null>(null);

  const load = useCallback(async () => {
    try {
      setProfiles(await call('sendingProfiles.list', {}));
    } catch (e) {
      setStatus({ error: true, text: messageOf(e) });
    }
  }, []);
  useEffect(() => void load(), [load]);

  async function act(work: () => Promise<string>) {
    setBusy(true);
    try {
      setStatus({ error: false, text: await work() });
    } catch (e) {
      setStatus({ error: true, text: messageOf(e) });
    } finally {
      setBusy(false);
      await load();
    }
  }

  function edit(p: SendingProfile) {
    setEditing(p);
    setName(p.name);
    setEnvironment(p.environment);
    setEndpoint(p.endpoint ?? '');
    setSubject(p.subject);
    setReplyBox(p.replyBox);
    setFile(null);
    setSystem({ kind: 'file' });
    document.getElementById(`${id}-name`)?.focus();
  }

  function save(e: FormEvent) {
    e.preventDefault();
    const problem = tokenChoiceProblem(system, t);
    if (problem) return setStatus({ error: true, text: problem });
    void act(async () => {
      try {
        const saved = await call('sendingProfiles.save', {
          ...(editing ? { id: editing.id } : {}),
          name, environment, subject,
          ...(endpoint.trim() ? { endpoint: endpoint.trim() } : {}),
          ...(replyBox.trim() ? { replyBox: replyBox.trim() } : {}),
          ...(system.kind === 'file' && file ? { pkcs12Base64: await base64Of(file), pkcs12FileName: file.name, pkcs12Password: password } : {}),
          ...tokenInput(system),
        });
        setEditing(null);
        return t('sendingProfiles.saved', { name: saved.name });
      } finally {
        // Secrets never stay in the form, saved or not.
        setPassword('');
        if (system.kind === 'token') setSystem({ ...system, pin: '' });
      }
    });
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} className="screen-title" tabIndex={-1}>{t('sendingProfiles.title')}</h1>
      <p>{t('sendingProfiles.intro')}</p>
      <p role="status" aria-live="polite" className={status?.error ? 'error' : undefined}>{status?.text ?? ''}</p>
      {profiles && profiles.length === 0 && <p>{t('sendingProfiles.none')}</p>}
      {profiles && profiles.length > 0 && (
        <table>
          <caption>{t('sendingProfiles.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sendingProfiles.name')}</th>
              <th scope="col">{t('sendingProfiles.environment')}</th>
              <th scope="col">{t('sendingProfiles.replyBox')}</th>
              <th scope="col">{t('sendingProfiles.certificate')}</th>
              <th scope="col">{t('sendingProfiles.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}{p.active ? ` — ${t('sendingProfiles.active')}` : ''}</th>
                <td>{t(`sendingProfiles.env.${p.environment}`)}{p.endpoint ? ` (${p.endpoint})` : ''}</td>
                <td>{p.replyBox}</td>
                <td><SystemCertificateSummary certificate={p.certificate} none={t('sendingProfiles.noCertificate')} /></td>
                <td>
                  <button type="button" disabled={busy} onClick={() => void act(async () => {
                    await call('sendingProfiles.activate', { id: p.active ? null : p.id });
                    return p.active ? t('sendingProfiles.deactivated') : t('sendingProfiles.activated', { name: p.name });
                  })}>{p.active ? t('sendingProfiles.deactivate') : t('sendingProfiles.activate')}</button>{' '}
                  <button type="button" disabled={busy} aria-label={t('sendingProfiles.testFor', { name: p.name })} onClick={() => void act(async () => {
                    setStatus({ error: false, text: t('sendingProfiles.testing') });
                    const r = await call('sendingProfiles.testConnection', { id: p.id });
                    if (!r.ok) throw new Error(r.error ?? '');
                    return t('sendingProfiles.testOk', { name: p.name, pending: r.pending ?? 0 });
                  })}>{t('sendingProfiles.test')}</button>{' '}
                  <button type="button" disabled={busy} aria-label={t('systemCertificate.editFor', { name: p.name })} onClick={() => edit(p)}>{t('systemCertificate.edit')}</button>{' '}
                  <button type="button" disabled={busy} aria-label={t('sendingProfiles.deleteFor', { name: p.name })} onClick={() => {
                    if (window.confirm(t('sendingProfiles.confirmDelete', { name: p.name }))) void act(async () => (await call('sendingProfiles.delete', { id: p.id }), t('sendingProfiles.deleted', { name: p.name })));
                  }}>{t('sendingProfiles.delete')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={save} aria-labelledby={`${id}-add`}>
        <h2 id={`${id}-add`}>{editing ? t('systemCertificate.editing', { name: editing.name }) : t('sendingProfiles.add')}</h2>
        {editing && <p className="field__hint">{t('systemCertificate.keepHint')}</p>}
        <div className="field">
          <label className="field__label" htmlFor={`${id}-name`}>{t('sendingProfiles.name')}</label>
          <input id={`${id}-name`} required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-env`}>{t('sendingProfiles.environment')}</label>
          <select id={`${id}-env`} value={environment} onChange={(e) => setEnvironment(e.target.value as ProfileEnvironment)}>
            {(['production', 'integration', 'simulator'] as const).map((env) => <option key={env} value={env}>{t(`sendingProfiles.env.${env}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-endpoint`}>{t('sendingProfiles.endpoint')}</label>
          <input id={`${id}-endpoint`} type="url" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} aria-describedby={`${id}-endpoint-hint`} />
          <p className="field__hint" id={`${id}-endpoint-hint`}>{t('sendingProfiles.endpointHint')}</p>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-subject`}>{t('sendingProfiles.subject')}</label>
          <input id={`${id}-subject`} required value={subject} onChange={(e) => setSubject(e.target.value)} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-reply`}>{t('sendingProfiles.replyBox')}</label>
          <input id={`${id}-reply`} value={replyBox} placeholder={subject ? `/${subject}/SkrytkaESP` : ''} onChange={(e) => setReplyBox(e.target.value)} />
        </div>
        <SystemCertificateChoice value={system} onChange={setSystem} fileFields={(
          <>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-p12`}>{t('sendingProfiles.p12')}</label>
              <input id={`${id}-p12`} type="file" accept=".p12,.pfx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-password`}>{t('sendingProfiles.password')}</label>
              <input id={`${id}-password`} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
            </div>
          </>
        )} />
        <button type="submit" disabled={busy}>{t('sendingProfiles.save')}</button>{' '}
        {editing && <button type="button" disabled={busy} onClick={() => setEditing(null)}>{t('systemCertificate.cancelEdit')}</button>}
      </form>
    </section>
  );
}
