/**
 * A month of the legal calendar: weeks from Monday, days off (Saturdays, Sundays, statutory holidays
 * with their names) marked, and the deadlines of each day. A real table, so screen readers announce
 * weekday headers; each day's content says in words what the colour shows.
 */
import { useTranslation } from 'react-i18next';
import type { CalendarDay } from '../../electron/common/contract-deadlines';
import { uiLocale } from '../format';

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export function CalendarMonth(props: { year: number; month: number; days: CalendarDay[]; today: string; onMove: (delta: -1 | 1) => void }) {
  const { t } = useTranslation();
  const monthName = new Intl.DateTimeFormat(uiLocale(), { month: 'long', year: 'numeric' }).format(new Date(props.year, props.month - 1, 15));
  // Monday-first offset of the 1st (weekday: 0 = Sunday).
  const lead = ((props.days[0]?.weekday ?? 1) + 6) % 7;
  const cells: (CalendarDay | null)[] = [...Array<null>(lead).fill(null), ...props.days];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));

  return (
    <section className="calendar" aria-labelledby="calendar-title">
      <div className="calendar__head">
        <button type="button" className="button button--quiet button--small" onClick={() => props.onMove(-1)} aria-label={t('deadlines.calendar.prev')}>
          ‹
        </button>
        <h2 id="calendar-title" className="calendar__title">
          {monthName}
        </h2>
        <button type="button" className="button button--quiet button--small" onClick={() => props.onMove(1)} aria-label={t('deadlines.calendar.next')}>
          ›
        </button>
      </div>
      <table className="calendar__grid">
        <caption className="visually-hidden">{t('deadlines.calendar.caption', { month: monthName })}</caption>
        <thead>
          <tr>
            {WEEKDAY_KEYS.map((k) => (
              <th key={k} scope="col">
                {t(`deadlines.calendar.weekdays.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, i) => (
            <tr key={i}>
              {week.map((day, j) =>
                day === null ? (
                  <td key={j} className="calendar__day calendar__day--outside" />
                ) : (
                  <td
                    key={day.date}
                    className={['calendar__day', day.closed ? 'calendar__day--closed' : '', day.date === props.today ? 'calendar__day--today' : '', day.entries.length ? 'calendar__day--busy' : ''].filter(Boolean).join(' ')}
                    aria-current={day.date === props.today ? 'date' : undefined}
                  >
                    <time dateTime={day.date} className="calendar__num">
                      {Number(day.date.slice(8))}
                    </time>
                    {day.closed && (
                      <span className="calendar__reason" title={day.reason ?? undefined}>
                        <span className="visually-hidden">{t('deadlines.calendar.closed')}: </span>
                        {day.reason}
                      </span>
                    )}
                    {day.entries.length > 0 && (
                      <ul className="calendar__entries">
                        {day.entries.map((e) => (
                          <li key={`${e.kind}-${e.id}`} className={`calendar__entry calendar__entry--${e.kind}`}>
                            <span className="visually-hidden">{t(`deadlines.calendar.entries.${e.kind}`)}: </span>
                            {e.label}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
