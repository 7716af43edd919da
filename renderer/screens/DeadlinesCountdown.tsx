/**
 * A countdown to the end of a day (23:59:59 Warsaw, given by the service as an instant): whole
 * calendar days from the service, and on the last day the hours left, refreshed every minute.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function Countdown({ endsAt, daysLeft }: { endsAt: string | null; daysLeft: number | null }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  if (endsAt === null || daysLeft === null) return null;
  const msLeft = Date.parse(endsAt) - now;
  let text: string;
  let tone: string;
  if (msLeft < 0) {
    text = t('deadlines.countdown.passed');
    tone = 'badge--error';
  } else if (daysLeft <= 0) {
    text = `${t('deadlines.countdown.today')} · ${t('deadlines.countdown.left', { time: t('deadlines.countdown.hours', { count: Math.ceil(msLeft / 3_600_000) }) })}`;
    tone = 'badge--error';
  } else {
    text = t('deadlines.countdown.left', { time: t('deadlines.days', { count: daysLeft }) });
    tone = daysLeft <= 3 ? 'badge--warn' : 'badge--info';
  }
  return (
    <span className={`badge countdown ${tone}`}>
      <time dateTime={endsAt}>{text}</time>
    </span>
  );
}
