/**
 * "Zaufanie i znaczniki czasu": the certificates the user trusts when verifying signed files
 * (pasted PEM or a PEM/DER file) and the time-stamping servers that signing at B-T / B-LT tries in
 * order (KIR and Certum listed, off until enabled). Every change is announced in a status region.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrustAnchor, TsaServer } from '../../electron/common/contract-trust';
import { call, messageOf } from '../api';
import { formatDate } from '../format';

const cn = (subject: string) => /CN=([^,]+)/.exec(subject)?.[1] ?? subject;

export function TrustSettingsScreen() {
  const { t } = useTranslation();
  const id = useId();
  const [anchors, setAnchors] = useState<TrustAnchor[] | null>(null);
  const [servers, setServers] = useState<TsaServer[] | null>(null);
  const [pem, setPem] = useState('');
  const [certPath, setCertPath] = useState('');
  const [anchorError, setAnchorError] = useState<string | null>(null);
  const [tsaName, setTsaName] = useState('');
  const [tsaUrl, setTsaUrl] = useState('');
  const [tsaError, setTsaError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    call('trust.anchors.list', {}).then(setAnchors, (e: unknown) => { setAnchorError(messageOf(e)); setAnchors([]); });
    call('trust.tsa.list', {}).then(setServers, (e: unknown) => { setTsaError(messageOf(e)); setServers([]); });
  }, []);

  async function addAnchor(e: FormEvent) {
    e.preventDefault();
    if (!pem.trim() && !certPath.trim()) return setAnchorError(t('signatures.trust.anchors.missing'));
    setAnchorError(null);
    try {
      const before = new Set(anchors?.map((a) => a.fingerprint256));
      const list = await call('trust.anchors.add', pem.trim() ? { pem } : { path: certPath.trim() });
      setAnchors(list);
      const added = list.filter((a) => !before.has(a.fingerprint256));
      setStatus(added.length === 0 ? t('signatures.trust.anchors.already') : t('signatures.trust.anchors.added', { names: added.map((a) => cn(a.subject)).join(', ') }));
      setPem('');
      setCertPath('');
    } catch (err) {
      setAnchorError(messageOf(err));
    }
  }

  async function removeAnchor(a: TrustAnchor) {
    try {
      setAnchors(await call('trust.anchors.remove', { fingerprint256: a.fingerprint256 }));
      setStatus(t('signatures.trust.anchors.removed', { name: cn(a.subject) }));
    } catch (err) {
      setAnchorError(messageOf(err));
    }
  }

  /** Runs one TSA change and announces it; the list comes back from the service. */
  async function changeTsa(run: () => Promise<TsaServer[]>, done: string) {
    setTsaError(null);
    try {
      setServers(await run());
      setStatus(done);
    } catch (err) {
      setTsaError(messageOf(err));
    }
  }

  function addServer(e: FormEvent) {
    e.preventDefault();
    const url = tsaUrl.trim();
    if (!tsaName.trim() || !/^https?:\/\/\S+$/i.test(url)) return setTsaError(t('signatures.trust.tsa.invalid'));
    void changeTsa(() => call('trust.tsa.add', { url, name: tsaName.trim() }), t('signatures.trust.tsa.addedStatus', { name: tsaName.trim() })).then(() => {
      setTsaName('');
      setTsaUrl('');
    });
  }

  function move(index: number, by: -1 | 1) {
    if (!servers) return;
    const urls = servers.map((s) => s.url);
    const [moved] = urls.splice(index, 1);
    urls.splice(index + by, 0, moved!);
    void changeTsa(() => call('trust.tsa.reorder', { urls }), t('signatures.trust.tsa.movedStatus', { name: servers[index]!.name, position: index + by + 1 }));
  }

  return (
    <>
      <h1 className="screen-title" tabIndex={-1}>{t('signatures.trust.title')}</h1>
      <p className="muted">{t('signatures.trust.intro')}</p>
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">{status}</p>

      <section className="panel" aria-labelledby={`${id}-anchors`}>
        <h2 id={`${id}-anchors`}>{t('signatures.trust.anchors.title')}</h2>
        <p className="field__hint">{t('signatures.trust.anchors.hint')}</p>
        {anchors === null ? <p className="muted">{t('signatures.trust.loading')}</p> : anchors.length === 0 ? (
          <p className="muted">{t('signatures.trust.anchors.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table--compact">
              <caption className="visually-hidden">{t('signatures.trust.anchors.title')}</caption>
              <thead>
                <tr><th scope="col">{t('signatures.trust.anchors.subject')}</th><th scope="col">{t('signatures.trust.anchors.validTo')}</th><th scope="col"><span className="visually-hidden">{t('signatures.trust.actions')}</span></th></tr>
              </thead>
              <tbody>
                {anchors.map((a) => (
                  <tr key={a.fingerprint256}>
                    <td><strong>{cn(a.subject)}</strong><br /><span className="muted">{a.subject}</span><br /><code title={t('signatures.trust.anchors.fingerprint')}>{a.fingerprint256.slice(0, 16)}…</code></td>
                    <td>{formatDate(a.validTo)}</td>
                    <td>
                      <button type="button" className="button button--quiet button--small" onClick={() => void removeAnchor(a)} aria-label={t('signatures.trust.anchors.remove', { name: cn(a.subject) })}>
                        {t('signatures.trust.remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form onSubmit={(e) => void addAnchor(e)} noValidate>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-pem`}>{t('signatures.trust.anchors.pem')}</label>
            <textarea id={`${id}-pem`} rows={5} value={pem} onChange={(e) => setPem(e.target.value)} spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-certpath`}>{t('signatures.trust.anchors.path')}</label>
            <p className="field__hint" id={`${id}-certpath-hint`}>{t('signatures.trust.anchors.pathHint')}</p>
            <input id={`${id}-certpath`} type="text" value={certPath} onChange={(e) => setCertPath(e.target.value)} spellCheck={false} aria-describedby={`${id}-certpath-hint`} />
          </div>
          {anchorError && <p className="alert alert--error" role="alert">{anchorError}</p>}
          <button type="submit" className="button">{t('signatures.trust.anchors.add')}</button>
        </form>
      </section>

      <section className="panel" aria-labelledby={`${id}-tsa`}>
        <h2 id={`${id}-tsa`}>{t('signatures.trust.tsa.title')}</h2>
        <p className="field__hint">{t('signatures.trust.tsa.hint')}</p>
        {servers === null ? <p className="muted">{t('signatures.trust.loading')}</p> : servers.length === 0 ? (
          <p className="muted">{t('signatures.trust.tsa.empty')}</p>
        ) : (
          <ol className="trust__tsa-list">
            {servers.map((s, i) => (
              <li key={s.url}>
                <label>
                  <input type="checkbox" checked={s.enabled}
                    onChange={(e) => void changeTsa(() => call('trust.tsa.setEnabled', { url: s.url, enabled: e.target.checked }), t(e.target.checked ? 'signatures.trust.tsa.enabledStatus' : 'signatures.trust.tsa.disabledStatus', { name: s.name }))} />{' '}
                  <strong>{s.name}</strong>
                </label>{' '}
                <span className="muted">{s.url}</span>{' '}
                <span className={`badge ${s.enabled ? 'badge--ok' : ''}`}>{t(s.enabled ? 'signatures.trust.tsa.on' : 'signatures.trust.tsa.off')}</span>{' '}
                <button type="button" className="button button--quiet button--small" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('signatures.trust.tsa.up', { name: s.name })}>↑</button>
                <button type="button" className="button button--quiet button--small" disabled={i === servers.length - 1} onClick={() => move(i, 1)} aria-label={t('signatures.trust.tsa.down', { name: s.name })}>↓</button>
                <button type="button" className="button button--quiet button--small" onClick={() => void changeTsa(() => call('trust.tsa.remove', { url: s.url }), t('signatures.trust.tsa.removedStatus', { name: s.name }))} aria-label={t('signatures.trust.tsa.remove', { name: s.name })}>
                  {t('signatures.trust.remove')}
                </button>
              </li>
            ))}
          </ol>
        )}
        <form onSubmit={addServer} noValidate>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-tsaname`}>{t('signatures.trust.tsa.name')}</label>
            <input id={`${id}-tsaname`} type="text" value={tsaName} onChange={(e) => setTsaName(e.target.value)} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-tsaurl`}>{t('signatures.trust.tsa.url')}</label>
            <p className="field__hint" id={`${id}-tsaurl-hint`}>{t('signatures.trust.tsa.urlHint')}</p>
            <input id={`${id}-tsaurl`} type="url" value={tsaUrl} onChange={(e) => setTsaUrl(e.target.value)} spellCheck={false} aria-describedby={`${id}-tsaurl-hint`} />
          </div>
          {tsaError && <p className="alert alert--error" role="alert">{tsaError}</p>}
          <button type="submit" className="button">{t('signatures.trust.tsa.add')}</button>
        </form>
      </section>
    </>
  );
}
