/**
 * "e-Doręczenia": the box in use, its incoming letters (days left until deemed delivery; opening
 * one is collection, so the user confirms first), its sent messages with their evidences (each
 * verified; the potwierdzenia shown through the official stylesheet in a sandboxed frame), and the
 * box profile (address, environment, system certificate) with a connection test.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../electron/common/contract';
import type { BoxMessage, EvidenceSummary } from '../../electron/common/contract-edoreczenia';
import { call, messageOf } from '../api';
import { ListScreenHead } from '../components/ListScreenHead';
import { ListStatus } from '../components/ListStatus';
import { SystemCertificateChoice, SystemCertificateSummary, tokenChoiceProblem, tokenInput, type SystemCertificateValue } from '../components/SystemCertificateChoice';
import { VerifiedBadge } from '../components/VerifiedBadge';
import { formatBytes, formatDateTime } from '../format';

type Tab = 'inbox' | 'sent' | 'box';
type Opened = ChannelOutput<'edoreczenia.open'>;

export function EdoreczeniaScreen() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('sent');
  const [box, setBox] = useState<ChannelOutput<'edoreczenia.box'> | null>(null);
  const [items, setItems] = useState<BoxMessage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  // A refresh keeps the list on screen (and what is open below it); a new tab starts empty.
  const load = useCallback(async (which: Tab) => {
    try {
      setBox(await call('edoreczenia.box', {}));
      if (which !== 'box') setItems(await call('edoreczenia.messages', { folder: which === 'inbox' ? 'INBOX' : 'SENT' }));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
      setItems([]);
    }
  }, []);
  useEffect(() => { void load(tab); }, [load, tab]);

  return (
    <>
      <ListScreenHead title={t('edoreczenia.title')} intro={t('edoreczenia.intro')} onRefresh={() => void load(tab)} />
      {box && (
        <p className="muted" data-testid="edoreczenia-box">
          {t('edoreczenia.box', { address: box.address, environment: t(`edoreczenia.environments.${box.environment}`) })}
        </p>
      )}
      <div className="actions" role="tablist" aria-label={t('edoreczenia.tabs')}>
        {(['sent', 'inbox', 'box'] as Tab[]).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={`button button--small${tab === k ? ' button--primary' : ''}`} onClick={() => { if (k !== tab) setItems(null); setTab(k); }}>
            {t(`edoreczenia.tab.${k}`)}
          </button>
        ))}
      </div>
      <p role="status" className="visually-hidden">{status}</p>
      {tab !== 'box' && <ListStatus error={error} items={items} emptyText={t(`edoreczenia.empty.${tab}`)} />}
      {tab === 'inbox' && items && items.length > 0 && <Incoming items={items} onChanged={() => void load('inbox')} announce={setStatus} />}
      {tab === 'sent' && items && items.length > 0 && <Sent items={items} announce={setStatus} />}
      {tab === 'box' && <BoxProfile onSaved={() => void load('box')} />}
    </>
  );
}

function Incoming(props: { items: BoxMessage[]; onChanged: () => void; announce: (s: string) => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState<BoxMessage | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function open(m: BoxMessage) {
    setBusy(true);
    setError(null);
    try {
      const r = await call('edoreczenia.open', { messageId: m.messageId, confirmCollection: true });
      setOpened(r);
      setAsking(null);
      props.announce(t('edoreczenia.incoming.openedStatus', { subject: m.subject }));
      props.onChanged();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('edoreczenia.incoming.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('edoreczenia.columns.subject')}</th>
              <th scope="col">{t('edoreczenia.columns.from')}</th>
              <th scope="col">{t('edoreczenia.columns.arrived')}</th>
              <th scope="col">{t('edoreczenia.columns.daysToReceive')}</th>
              <th scope="col">{t('edoreczenia.columns.status')}</th>
              <th scope="col"><span className="visually-hidden">{t('edoreczenia.columns.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((m) => (
              <tr key={m.messageId}>
                <th scope="row">{m.subject}</th>
                <td>{m.fromName ?? m.from}{m.fromName && <span className="muted small block">{m.from}</span>}</td>
                <td className="nowrap">{formatDateTime(m.eventDate ?? m.submissionDate)}</td>
                <td>{m.daysToReceive === null ? t('common.none') : m.daysToReceive === 0 ? t('edoreczenia.incoming.deemed') : t('edoreczenia.incoming.daysLeft', { count: m.daysToReceive })}</td>
                <td>{m.opened ? t('edoreczenia.incoming.opened') : m.stub ? t('edoreczenia.incoming.waiting') : (m.status ?? '')}</td>
                <td className="table__actions">
                  <button type="button" className="button button--small" onClick={() => (m.opened || !m.stub ? void open(m) : setAsking(m))} aria-label={t('edoreczenia.incoming.openLabel', { subject: m.subject })}>
                    {t('edoreczenia.incoming.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {asking && (
        <section className="panel alert alert--warning" role="alertdialog" aria-labelledby="collect-title" aria-describedby="collect-text">
          <h2 id="collect-title">{t('edoreczenia.incoming.confirmTitle')}</h2>
          <p id="collect-text">{t('edoreczenia.incoming.confirmText', { subject: asking.subject, from: asking.fromName ?? asking.from })}</p>
          <div className="actions">
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void open(asking)} autoFocus>
              {t('edoreczenia.incoming.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setAsking(null)}>{t('edoreczenia.incoming.cancel')}</button>
          </div>
        </section>
      )}
      {error && <p className="alert alert--error" role="alert">{error}</p>}
      {opened && (
        <section className="panel" aria-labelledby="opened-title">
          <h2 id="opened-title">{opened.message.subject}</h2>
          <p className="muted">{t('edoreczenia.incoming.openedAt', { date: formatDateTime(opened.openedAt) })}</p>
          <p>{opened.text}</p>
          <ul>
            {opened.files.map((f) => (
              <li key={f.sha256}>
                {f.name} ({formatBytes(f.size)}){' '}
                {f.signature ? <><VerifiedBadge verified={f.signature.valid} /> {f.signature.signers.join(', ')}</> : <span className="muted">{t('edoreczenia.incoming.unsigned')}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function Sent(props: { items: BoxMessage[]; announce: (s: string) => void }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<{ message: BoxMessage; evidences: EvidenceSummary[] } | null>(null);
  const [view, setView] = useState<{ type: string; html: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function evidences(m: BoxMessage) {
    setError(null);
    setView(null);
    try {
      const list = await call('edoreczenia.evidences', { messageId: m.messageId });
      setShown({ message: m, evidences: list });
      props.announce(t('edoreczenia.sent.evidencesLoaded', { count: list.length, subject: m.subject }));
    } catch (e) {
      setError(messageOf(e));
    }
  }
  async function show(e: EvidenceSummary) {
    try {
      const r = await call('edoreczenia.evidence.view', { evidenceId: e.evidenceId });
      if (r.html) setView({ type: e.type, html: r.html });
    } catch (err) {
      setError(messageOf(err));
    }
  }
  /** A PDF form (BP.WP/BP.OP) is saved byte for byte; any PDF reader opens it and shows its seal. */
  async function save(e: EvidenceSummary) {
    setError(null);
    try {
      const r = await call('edoreczenia.evidence.save', { evidenceId: e.evidenceId });
      props.announce(r.saved ? t('edoreczenia.evidences.saved', { type: e.type, path: r.path }) : t('edoreczenia.evidences.cancelled'));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('edoreczenia.sent.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('edoreczenia.columns.subject')}</th>
              <th scope="col">{t('edoreczenia.columns.to')}</th>
              <th scope="col">{t('edoreczenia.columns.submitted')}</th>
              <th scope="col">{t('edoreczenia.columns.status')}</th>
              <th scope="col">{t('edoreczenia.columns.received')}</th>
              <th scope="col"><span className="visually-hidden">{t('edoreczenia.columns.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((m) => (
              <tr key={m.messageId}>
                <th scope="row">{m.subject}</th>
                <td>{m.to}</td>
                <td className="nowrap">{formatDateTime(m.submissionDate)}</td>
                <td>{m.status ?? ''}</td>
                <td className="nowrap">{m.receiptDate ? formatDateTime(m.receiptDate) : t('common.none')}</td>
                <td className="table__actions">
                  <button type="button" className="button button--small" onClick={() => void evidences(m)} aria-label={t('edoreczenia.sent.evidencesLabel', { subject: m.subject })}>
                    {t('edoreczenia.sent.evidences')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && <p className="alert alert--error" role="alert">{error}</p>}
      {shown && (
        <section className="panel" aria-labelledby="evidences-title">
          <h2 id="evidences-title">{t('edoreczenia.sent.evidencesOf', { subject: shown.message.subject })}</h2>
          <table className="table" data-testid="evidences">
            <caption className="visually-hidden">{t('edoreczenia.sent.evidencesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('edoreczenia.columns.evidence')}</th>
                <th scope="col">{t('edoreczenia.columns.eventDate')}</th>
                <th scope="col">{t('edoreczenia.columns.seal')}</th>
                <th scope="col"><span className="visually-hidden">{t('edoreczenia.columns.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {shown.evidences.map((e) => (
                <tr key={e.evidenceId}>
                  <th scope="row">{e.type} <span className="muted small block">{t(`edoreczenia.evidenceTypes.${e.type.replace('.', '_')}`, { defaultValue: '' })}</span>{e.format === 'pdf' && <span className="muted small block">{t('edoreczenia.evidences.pdfSeal')}</span>}</th>
                  <td className="nowrap">{formatDateTime(e.eventDate)}</td>
                  <td><VerifiedBadge verified={e.verified} />{e.problems.length > 0 && <span className="muted small block">{e.problems.join('; ')}</span>}</td>
                  <td className="table__actions">
                    {e.viewable && (
                      <button type="button" className="button button--small" onClick={() => void show(e)} aria-label={t('edoreczenia.sent.showLabel', { type: e.type })}>
                        {t('edoreczenia.sent.show')}
                      </button>
                    )}
                    {e.format === 'pdf' && (
                      <button type="button" className="button button--small" onClick={() => void save(e)} aria-label={t('edoreczenia.evidences.saveLabel', { type: e.type })}>
                        {t('edoreczenia.evidences.save')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {view && <iframe className="preview__frame" sandbox="" srcDoc={view.html} title={t('edoreczenia.sent.frameTitle', { type: view.type })} referrerPolicy="no-referrer" />}
        </section>
      )}
    </>
  );
}

function BoxProfile(props: { onSaved: () => void }) {
  const { t } = useTranslation();
  const [profiles, setProfiles] = useState<ChannelOutput<'edoreczenia.profiles.list'>>([]);
  const [form, setForm] = useState({ name: '', address: '', environment: 'builtin' as 'builtin' | 'integration' | 'production', apiUrl: '', tokenUrl: '', clientId: '', clientSecret: '', pkcs12Password: '' });
  const [pkcs12, setPkcs12] = useState<string | null>(null);
  const [system, setSystem] = useState<SystemCertificateValue>({ kind: 'file' });
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const reload = useCallback(async () => setProfiles(await call('edoreczenia.profiles.list', {})), []);
  useEffect(() => { void reload(); }, [reload]);

  async function save() {
    setResult(null);
    const external = form.environment !== 'builtin';
    const problem = external ? tokenChoiceProblem(system, t) : null;
    if (problem) return setResult({ ok: false, text: problem });
    try {
      await call('edoreczenia.profiles.save', {
        name: form.name, address: form.address, environment: form.environment, active: true,
        ...(external ? { apiUrl: form.apiUrl, tokenUrl: form.tokenUrl, clientId: form.clientId } : {}),
        ...(external && form.clientSecret ? { clientSecret: form.clientSecret } : {}),
        ...(external && system.kind === 'file' && pkcs12 ? { pkcs12Base64: pkcs12, pkcs12Password: form.pkcs12Password } : {}),
        ...(external ? tokenInput(system) : {}),
      });
      setResult({ ok: true, text: t('edoreczenia.profile.saved') });
      await reload();
      props.onSaved();
    } catch (e) {
      setResult({ ok: false, text: messageOf(e) });
    } finally {
      // The PIN never stays in the form, saved or not.
      if (system.kind === 'token') setSystem({ ...system, pin: '' });
    }
  }
  async function test() {
    const r = await call('edoreczenia.testConnection', {}).catch((e: unknown) => ({ ok: false, error: messageOf(e), totalCapacityMb: null, usedCapacityMb: null, address: '', clientCertificate: null }));
    const tls = t(`edoreczenia.profile.clientCertificate.${r.clientCertificate ?? 'none'}`);
    setResult(r.ok ? { ok: true, text: `${t('edoreczenia.profile.testOk', { address: r.address, used: r.usedCapacityMb ?? '?', total: r.totalCapacityMb ?? '?' })} ${tls}` } : { ok: false, text: t('edoreczenia.profile.testFailed', { error: r.error ?? '' }) });
  }
  const field = (key: keyof typeof form, type = 'text') => (
    <label className="field">
      <span className="field__label">{t(`edoreczenia.profile.${key}`)}</span>
      <input type={type} value={form[key]} autoComplete="off" onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );

  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('edoreczenia.profile.title')}</h2>
      <ul>
        {profiles.map((p) => <li key={p.id}>{p.name} — {p.address} ({t(`edoreczenia.environments.${p.environment}`)}){p.active ? ` · ${t('edoreczenia.profile.active')}` : ''}{p.certificate ? <> · <SystemCertificateSummary certificate={p.certificate} none="" /></> : p.hasCertificate ? ` · ${t('edoreczenia.profile.hasCertificate')}` : ''}</li>)}
      </ul>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {field('name')}
        {field('address')}
        <label className="field">
          <span className="field__label">{t('edoreczenia.profile.environment')}</span>
          <select value={form.environment} onChange={(e) => setForm({ ...form, environment: e.target.value as typeof form.environment })}>
            {(['builtin', 'integration', 'production'] as const).map((v) => <option key={v} value={v}>{t(`edoreczenia.environments.${v}`)}</option>)}
          </select>
        </label>
        {form.environment !== 'builtin' && (
          <>
            {field('apiUrl')}
            {field('tokenUrl')}
            {field('clientId')}
            {field('clientSecret', 'password')}
            <SystemCertificateChoice value={system} onChange={setSystem} tokenNote={t('systemCertificate.assertionNote')} fileFields={(
              <>
                <label className="field">
                  <span className="field__label">{t('edoreczenia.profile.pkcs12')}</span>
                  <input type="file" accept=".p12,.pfx" onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (!file) return setPkcs12(null);
                    void file.arrayBuffer().then((b) => setPkcs12(btoa(String.fromCharCode(...new Uint8Array(b)))));
                  }} />
                </label>
                {field('pkcs12Password', 'password')}
              </>
            )} />
          </>
        )}
        <div className="actions">
          <button type="submit" className="button button--primary">{t('edoreczenia.profile.save')}</button>
          <button type="button" className="button" onClick={() => void test()}>{t('edoreczenia.profile.test')}</button>
        </div>
      </form>
      {result && <p className={result.ok ? 'alert alert--ok' : 'alert alert--error'} role={result.ok ? 'status' : 'alert'}>{result.text}</p>}
      <p className="muted small">{t('edoreczenia.profile.secretsNote')}</p>
    </section>
  );
}
