/**
 * "Dziennik korespondencji": the whole register (register.query) — letters sent and received — in
 * one virtualised grid, with their direction; only the
 * rows in view exist in the DOM and pages of PAGE rows are fetched as they scroll into view, so
 * 100 000 letters stay smooth. Filters, full-text search and sorting run in SQL; the grid is an
 * ARIA grid (aria-rowcount/aria-rowindex) moved through with the arrow keys, Page Up/Down and
 * Home/End; Enter opens the letter's event history below the grid.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ChannelInput, FilingState } from '../../electron/common/contract';
import { INCOMING_STATES, REGISTER_CHANNELS, REGISTER_FLOWS, REGISTER_STATES, type RegisterItem } from '../../electron/common/contract-outbox';
import { call, messageOf } from '../api';
import { ListScreenHead, LiveStatus } from '../components/ListScreenHead';
import { RegisterHistory } from '../components/RegisterHistory';
import { StateBadge } from '../components/StateBadge';
import { formatDate } from '../format';

const PAGE = 200;
const ROW_HEIGHT = 44;
type Sort = 'created' | 'title' | 'addressee' | 'state';
type Filters = { text: string; flow: string; state: string; channel: string; from: string; to: string };
const NO_FILTERS: Filters = { text: '', flow: '', state: '', channel: '', from: '', to: '' };
const SENT_STATES = new Set<string>(REGISTER_STATES);

/** A sent letter's state as everywhere else; a received letter's in the register's own words. */
function ItemState({ item }: { item: RegisterItem }) {
  const { t } = useTranslation();
  if (SENT_STATES.has(item.state)) return <StateBadge state={item.state as FilingState} />;
  return (
    <span className={`badge badge--${item.state === 'awaiting' ? 'warn' : 'ok'}`} data-state={item.state}>
      {t(`register.incomingStates.${item.state}`)}
    </span>
  );
}

function queryOf(f: Filters, sort: Sort, direction: 'asc' | 'desc'): Omit<ChannelInput<'register.query'>, 'offset' | 'limit'> {
  return {
    sort, direction,
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
    ...(f.flow ? { flow: f.flow as RegisterItem['flow'] } : {}),
    ...(f.state ? { states: [f.state as RegisterItem['state']] } : {}),
    ...(f.channel ? { channel: f.channel as RegisterItem['channel'] } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
  };
}

export function RegisterScreen() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<{ by: Sort; direction: 'asc' | 'desc' }>({ by: 'created', direction: 'desc' });
  const query = useMemo(() => queryOf(filters, sort.by, sort.direction), [filters, sort]);
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<ReadonlyMap<number, RegisterItem[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState<RegisterItem | null>(null);
  const [exportStatus, setExportStatus] = useState('');
  const asked = useRef(new Set<number>());
  const generation = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  const fetchPage = useCallback(
    (page: number) => {
      if (asked.current.has(page)) return;
      asked.current.add(page);
      const gen = generation.current;
      call('register.query', { ...query, offset: page * PAGE, limit: PAGE }).then(
        (r) => {
          if (gen !== generation.current) return; // an answer to a query the user has since changed
          setTotal(r.total);
          setPages((m) => new Map(m).set(page, r.items));
        },
        (e) => {
          asked.current.delete(page);
          if (gen === generation.current) setError(messageOf(e));
        },
      );
    },
    [query],
  );

  // A new query starts from an empty cache at the top.
  useEffect(() => {
    generation.current += 1;
    asked.current = new Set();
    setPages(new Map());
    setTotal(null);
    setError(null);
    setActive(0);
    scroller.current?.scrollTo({ top: 0 });
    fetchPage(0);
  }, [fetchPage]);

  const count = total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const visible = virtualizer.getVirtualItems();
  const firstPage = visible.length ? Math.floor(visible[0]!.index / PAGE) : 0;
  const lastPage = visible.length ? Math.floor(visible[visible.length - 1]!.index / PAGE) : 0;
  useEffect(() => {
    for (let p = firstPage; p <= lastPage; p++) fetchPage(p);
  }, [firstPage, lastPage, fetchPage]);

  const itemAt = (i: number) => pages.get(Math.floor(i / PAGE))?.[i % PAGE] ?? null;

  function moveTo(i: number) {
    if (count === 0) return;
    const next = Math.max(0, Math.min(count - 1, i));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    const perPage = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active + 1),
      ArrowUp: () => moveTo(active - 1),
      PageDown: () => moveTo(active + perPage),
      PageUp: () => moveTo(active - perPage),
      Home: () => moveTo(0),
      End: () => moveTo(count - 1),
      Enter: () => setOpen(itemAt(active)),
    };
    const run = keys[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  }

  async function exportCsv() {
    setExportStatus(t('register.exporting'));
    try {
      const { sort: _s, direction: _d, ...filter } = query;
      const r = await call('register.exportCsv', filter);
      const url = URL.createObjectURL(new Blob([r.csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `dziennik-korespondencji-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExportStatus(t('register.exported', { count: r.rows }));
    } catch (e) {
      setExportStatus(messageOf(e));
    }
  }

  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));
  function sortBy(by: Sort) {
    setSort((s) => (s.by === by ? { by, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { by, direction: by === 'created' ? 'desc' : 'asc' }));
  }
  const columns: { key: Sort | 'flow' | 'channel' | 'receipt'; label: string }[] = [
    { key: 'created', label: t('register.columns.created') },
    { key: 'flow', label: t('register.columns.flow') },
    { key: 'title', label: t('register.columns.title') },
    { key: 'addressee', label: t('register.columns.addressee') },
    { key: 'channel', label: t('register.columns.channel') },
    { key: 'state', label: t('register.columns.state') },
    { key: 'receipt', label: t('register.columns.receipt') },
  ];
  const activeItem = itemAt(active);

  return (
    <>
      <ListScreenHead title={t('register.title')} intro={t('register.intro')} />
      <form className="register-filters" role="search" aria-label={t('register.filtersLabel')} onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span className="field__label">{t('register.search')}</span>
          <input type="search" value={filters.text} onChange={set('text')} maxLength={200} />
        </label>
        <label className="field">
          <span className="field__label">{t('register.flowLabel')}</span>
          <select value={filters.flow} onChange={set('flow')}>
            <option value="">{t('register.any')}</option>
            {REGISTER_FLOWS.map((f) => <option key={f} value={f}>{t(`register.flows.${f}`)}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('register.state')}</span>
          <select value={filters.state} onChange={set('state')}>
            <option value="">{t('register.any')}</option>
            <optgroup label={t('register.flows.out')}>
              {REGISTER_STATES.map((s) => <option key={s} value={s}>{t(`states.${s}`)}</option>)}
            </optgroup>
            <optgroup label={t('register.flows.in')}>
              {INCOMING_STATES.map((s) => <option key={s} value={s}>{t(`register.incomingStates.${s}`)}</option>)}
            </optgroup>
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('register.channel')}</span>
          <select value={filters.channel} onChange={set('channel')}>
            <option value="">{t('register.any')}</option>
            {REGISTER_CHANNELS.map((c) => <option key={c} value={c}>{t(`channels.${c}`)}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('register.from')}</span>
          <input type="date" value={filters.from} onChange={set('from')} />
        </label>
        <label className="field">
          <span className="field__label">{t('register.to')}</span>
          <input type="date" value={filters.to} onChange={set('to')} />
        </label>
        <div className="actions">
          <button type="button" className="button button--quiet button--small" onClick={() => setFilters(NO_FILTERS)}>
            {t('register.clear')}
          </button>
          <button type="button" className="button button--small" onClick={() => void exportCsv()}>
            {t('register.exportCsv')}
          </button>
        </div>
      </form>
      <LiveStatus text={total === null ? '' : t('register.count', { count: total })} />
      <p className="muted small" role="status">{exportStatus}</p>
      {error && (
        <p className="alert alert--error" role="alert">
          {t('errors.load', { message: error })}
        </p>
      )}
      {total === 0 && <p className="empty">{t('register.empty')}</p>}
      <div
        ref={scroller}
        className="register-grid"
        role="grid"
        aria-label={t('register.gridLabel')}
        aria-rowcount={count + 1}
        aria-colcount={columns.length}
        aria-activedescendant={count ? `register-row-${active}` : undefined}
        aria-describedby="register-keys"
        tabIndex={0}
        onKeyDown={onKey}
      >
        <div role="row" aria-rowindex={1} className="register-row register-row--flow register-row--head">
          {columns.map((c) => {
            const sortable = c.key !== 'flow' && c.key !== 'channel' && c.key !== 'receipt';
            const sorted = sort.by === c.key;
            return (
              <div key={c.key} role="columnheader" aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined} className="register-cell">
                {sortable ? (
                  <button type="button" className="register-sort" tabIndex={-1} onClick={() => sortBy(c.key as Sort)} aria-label={t('register.sortBy', { column: c.label })}>
                    {c.label}
                    {sorted && <span aria-hidden="true">{sort.direction === 'asc' ? ' ▲' : ' ▼'}</span>}
                  </button>
                ) : (
                  c.label
                )}
              </div>
            );
          })}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {visible.map((v) => {
            const item = itemAt(v.index);
            return (
              <div
                key={v.index}
                id={`register-row-${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={v.index === active}
                data-filing-id={item?.flow === 'out' ? item.id : undefined}
                data-flow={item?.flow}
                className={v.index === active ? 'register-row register-row--flow register-row--active' : 'register-row register-row--flow'}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
                onClick={() => setActive(v.index)}
                onDoubleClick={() => setOpen(item)}
              >
                {item ? (
                  <>
                    <div role="gridcell" className="register-cell nowrap">{formatDate(item.createdAt)}</div>
                    <div role="gridcell" className="register-cell">{t(`register.flows.${item.flow}`)}</div>
                    <div role="gridcell" className="register-cell">
                      {item.title}
                      {item.caseRef && <span className="muted small"> · {item.caseRef}</span>}
                    </div>
                    <div role="gridcell" className="register-cell">{item.addressee}</div>
                    <div role="gridcell" className="register-cell">{t(`channels.${item.channel}`)}</div>
                    <div role="gridcell" className="register-cell"><ItemState item={item} /></div>
                    <div role="gridcell" className="register-cell">
                      {item.flow === 'in'
                        ? item.collectedAt ? t('register.collectedOn', { date: formatDate(item.collectedAt) }) : item.availableAt ? t('register.availableSince', { date: formatDate(item.availableAt) }) : t('common.none')
                        : item.receiptId === null ? t('common.none') : item.receiptVerified ? t('register.receiptOk') : <strong className="result result--fail">{t('register.receiptBad')}</strong>}
                    </div>
                  </>
                ) : (
                  <div role="gridcell" className="register-cell muted">{t('common.loading')}</div>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <p id="register-keys" className="muted small">{t('register.keys')}</p>
      {activeItem && !open && (
        <p className="muted small">
          {t('register.position', { index: active + 1, total: count, title: activeItem.title })}
        </p>
      )}
      {open && <RegisterHistory item={open} onClose={() => setOpen(null)} />}
    </>
  );
}
