/**
 * "Terminy": letters awaiting collection with their countdown (collecting after a warning), the
 * delivery of letters the user's office serves, the terms that follow deliveries (file-by date,
 * roll-forwards explained, whether the filing kept the term), a month calendar, and .ics export.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../../electron/common/contract';
import type { OutboxItem } from '../../electron/common/contract';
import type { TrackedItem } from '../../electron/common/contract-deadlines';
import { call, messageOf } from '../api';
import { CalendarMonth } from '../components/CalendarMonth';
import { ListScreenHead, LiveStatus } from '../components/ListScreenHead';
import { ListStatus } from '../components/ListStatus';
import { formatDate } from '../format';
import { CollectDialog } from './DeadlinesCollectDialog';
import { DeadlinesSettings } from './DeadlinesSettings';
import { Countdown } from './DeadlinesCountdown';
import { TermForm } from './DeadlinesTermForm';

type Overview = ChannelOutput<'deadlines.overview'>;
type Month = ChannelOutput<'deadlines.calendar'>;

export function DeadlinesScreen() {
  const { t } = useTranslation();
  const [data, setData] = useState<Overview | null>(null);
  const [month, setMonth] = useState<{ year: number; month: number } | null>(null);
  const [calendar, setCalendar] = useState<Month | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [collecting, setCollecting] = useState<TrackedItem | null>(null);
  const [filings, setFilings] = useState<OutboxItem[]>([]);

  // Loads overlap (focus, settings, a collection); only the newest may set what is shown.
  const latestLoad = useRef(0);
  const load = useCallback(async () => {
    const seq = ++latestLoad.current;
    try {
      await call('inbox.list', {}); // brings letters the channels hold into the register
      const next = await call('deadlines.overview', {});
      const filings = await call('outbox.list', {});
      if (seq !== latestLoad.current) return;
      setFilings(filings);
      setData(next);
      setMonth((m) => m ?? { year: Number(next.today.slice(0, 4)), month: Number(next.today.slice(5, 7)) });
      setError(null);
    } catch (e) {
      if (seq === latestLoad.current) setError(messageOf(e));
    }
  }, []);

  useEffect(() => {
    void load();
    const onFocus = () => void load();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [load]);

  useEffect(() => {
    if (!month || !data) return;
    call('deadlines.calendar', month).then(setCalendar, (e: unknown) => setError(messageOf(e)));
  }, [month, data]);

  function move(delta: -1 | 1) {
    setMonth((m) => {
      if (!m) return m;
      const index = m.year * 12 + m.month - 1 + delta;
      return { year: Math.floor(index / 12), month: (index % 12) + 1 };
    });
  }

  /** Links the filing that answers a term; its UPP / arrival then says whether the term was kept. */
  async function link(termId: string, filingId: string) {
    try {
      await call('deadlines.linkFiling', { termId, filingId: filingId || null });
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function exportIcs() {
    try {
      const { fileName, ics } = await call('deadlines.exportIcs', {});
      const url = URL.createObjectURL(new Blob([ics], { type: 'text/calendar;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus(t('deadlines.exported', { file: fileName }));
    } catch (e) {
      setError(messageOf(e));
    }
  }

  const incoming = data?.items.filter((i) => i.role === 'incoming' && (i.window.state === 'open' || i.window.state === 'noFiction')) ?? null;
  const served = data?.items.filter((i) => i.role === 'served') ?? null;
  const terms = data?.terms.filter((x) => !x.dismissed) ?? null;

  return (
    <>
      <ListScreenHead title={t('deadlines.title')} intro={t('deadlines.intro')} onRefresh={() => void load()} />
      <LiveStatus text={status} />
      <div className="actions">
        <button type="button" className="button" onClick={() => void exportIcs()} disabled={!data}>
          {t('deadlines.exportIcs')}
        </button>
      </div>

      <h2>{t('deadlines.incoming.title')}</h2>
      <ListStatus error={error} items={incoming} emptyText={t('deadlines.incoming.empty')} />
      {incoming && incoming.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('deadlines.incoming.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('deadlines.incoming.columns.letter')}</th>
                <th scope="col">{t('deadlines.incoming.columns.from')}</th>
                <th scope="col">{t('deadlines.incoming.columns.left')}</th>
                <th scope="col">{t('deadlines.incoming.columns.collectBy')}</th>
                <th scope="col">{t('deadlines.incoming.columns.deemed')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('deadlines.incoming.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {incoming.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    {i.title}
                    <span className="muted small block">{t(`channels.${i.channel}`)}</span>
                  </th>
                  <td>{i.counterparty}</td>
                  <td>
                    <Countdown endsAt={i.window.countdownTo} daysLeft={i.window.daysLeft} />
                  </td>
                  <td className="nowrap">
                    {formatDate(i.window.lastCollectionDay)}
                    {i.window.rolls.length > 0 && <span className="muted small block">{i.window.explanation}</span>}
                  </td>
                  <td className="nowrap">{formatDate(i.window.deemedDate)}</td>
                  <td className="table__actions">
                    <button type="button" className="button button--small" onClick={() => setCollecting(i)} aria-label={t('deadlines.incoming.collectLabel', { title: i.title })}>
                      {t('deadlines.incoming.collect')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {served && served.length > 0 && (
        <>
          <h2>{t('deadlines.served.title')}</h2>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('deadlines.served.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('deadlines.served.columns.letter')}</th>
                  <th scope="col">{t('deadlines.served.columns.to')}</th>
                  <th scope="col">{t('deadlines.served.columns.status')}</th>
                  <th scope="col">{t('deadlines.served.columns.delivery')}</th>
                </tr>
              </thead>
              <tbody>
                {served.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">{i.title}</th>
                    <td>{i.counterparty}</td>
                    <td>
                      {t(`deadlines.state.${i.window.state}`)}
                      {i.window.secondNotice && <span className="muted small block">{t('deadlines.secondNotice', { date: formatDate(i.window.secondNotice.sentAt ?? i.window.secondNotice.due) })}</span>}
                    </td>
                    <td>
                      {i.window.delivery ? (
                        <>
                          {t(`deadlines.deliveryKind.${i.window.delivery.kind}`, { date: formatDate(i.window.delivery.date) })}
                          <span className="muted small block">{i.window.delivery.basis}</span>
                          {i.window.operatorDate && <span className="muted small block">{t('deadlines.operatorDate', { date: formatDate(i.window.operatorDate) })}</span>}
                        </>
                      ) : (
                        <Countdown endsAt={i.window.countdownTo} daysLeft={i.window.daysLeft} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <h2>{t('deadlines.terms.title')}</h2>
      <ListStatus error={null} items={terms} emptyText={t('deadlines.terms.empty')} />
      {terms && terms.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('deadlines.terms.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('deadlines.terms.columns.term')}</th>
                <th scope="col">{t('deadlines.terms.columns.from')}</th>
                <th scope="col">{t('deadlines.terms.columns.fileBy')}</th>
                <th scope="col">{t('deadlines.terms.columns.left')}</th>
                <th scope="col">{t('deadlines.terms.columns.why')}</th>
                <th scope="col">{t('deadlines.terms.columns.kept')}</th>
              </tr>
            </thead>
            <tbody>
              {terms.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    {x.label}
                    <span className="muted small block">{x.basis}</span>
                  </th>
                  <td className="nowrap">
                    {formatDate(x.start)}
                    {x.startKind === 'provisional' && <span className="muted small block">{t('deadlines.terms.provisional')}</span>}
                  </td>
                  <td className="nowrap">
                    <strong>{formatDate(x.fileBy)}</strong>
                  </td>
                  <td>{x.timeliness.status === 'open' && <Countdown endsAt={x.endsAt} daysLeft={x.daysLeft} />}</td>
                  <td>
                    {x.explanation}
                    {x.interpretations.length > 0 && (
                      <span className="muted small block">
                        {t('deadlines.terms.interpretations', { list: x.interpretations.map((i) => `${i.mode}: ${formatDate(i.lastDay)}`).join(', ') })}
                      </span>
                    )}
                  </td>
                  <td>
                    <span className={`badge ${x.timeliness.status === 'timely' ? 'badge--ok' : x.timeliness.status === 'late' ? 'badge--error' : 'badge--info'}`}>
                      {t(`deadlines.terms.timeliness.${x.timeliness.status}`)}
                    </span>
                    {x.timeliness.atRisk && <span className="badge badge--warn">{t('deadlines.terms.timeliness.atRisk')}</span>}
                    <label className="visually-hidden" htmlFor={`term-filing-${x.id}`}>
                      {t('deadlines.terms.filingLabel', { label: x.label })}
                    </label>
                    <select id={`term-filing-${x.id}`} className="term-filing" value={x.filingId ?? ''} onChange={(e) => void link(x.id, e.target.value)}>
                      <option value="">{t('deadlines.terms.noFiling')}</option>
                      {filings.map((f) => (
                        <option key={f.id} value={f.id}>
                          {f.title} — {f.to}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {calendar && data && <CalendarMonth year={calendar.year} month={calendar.month} days={calendar.days} today={data.today} onMove={move} />}

      {data && (
        <TermForm
          items={data.items}
          today={data.today}
          onAdded={(term) => {
            setStatus(t('deadlines.add.added', { label: term.label, date: formatDate(term.fileBy) }));
            void load();
          }}
        />
      )}

      <DeadlinesSettings onSaved={() => void load()} />

      {collecting && (
        <CollectDialog
          item={collecting}
          onCancel={() => setCollecting(null)}
          onCollect={async () => {
            const done = await call('inbox.collect', { id: collecting.id, acknowledgeTermsStart: true });
            setCollecting(null);
            setStatus(t('deadlines.confirm.done', { title: done.title, date: formatDate(done.window.delivery?.date) }));
            await load();
          }}
        />
      )}
    </>
  );
}
