import { londonDate } from './london-clock.ts';

/** Today's date in England (YYYY-MM-DD); safeguarding dates are local, not UTC. */
export function todayInLondon(now: Date = new Date()): string {
  return londonDate(now);
}

export type DateParts = { day: string; month: string; year: string };

export type CalendarDateResult =
  | { ok: true; date: string }
  | { ok: false; problem: 'missing' | 'incomplete' | 'not-real' | 'future' | 'past'; field: keyof DateParts };

/**
 * Turns the three boxes of a GOV.UK date input into a real calendar date: by default not in
 * the future (when something happened); 'not-past' for a due date.
 */
export function parseCalendarDate(
  parts: DateParts,
  today: string,
  allowed: 'not-future' | 'not-past' = 'not-future',
): CalendarDateResult {
  const trimmed = { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() };
  const order = ['day', 'month', 'year'] as const;
  const missing = order.filter((field) => trimmed[field] === '');
  if (missing.length === 3) return { ok: false, problem: 'missing', field: 'day' };
  if (missing[0]) return { ok: false, problem: 'incomplete', field: missing[0] };
  const notNumber = order.find((field) => !/^\d+$/.test(trimmed[field]));
  if (notNumber) return { ok: false, problem: 'not-real', field: notNumber };
  const [day, month, year] = order.map((field) => Number(trimmed[field])) as [number, number, number];
  const candidate = new Date(Date.UTC(year, month - 1, day));
  const real =
    trimmed.year.length === 4 &&
    candidate.getUTCFullYear() === year &&
    candidate.getUTCMonth() === month - 1 &&
    candidate.getUTCDate() === day;
  if (!real) return { ok: false, problem: 'not-real', field: 'day' };
  const date = candidate.toISOString().slice(0, 10);
  if (allowed === 'not-future' && date > today) return { ok: false, problem: 'future', field: 'day' };
  if (allowed === 'not-past' && date < today) return { ok: false, problem: 'past', field: 'day' };
  return { ok: true, date };
}

/**
 * A calendar date (YYYY-MM-DD) moved by whole years; 29 February becomes 28 February in a year
 * that has none, so a retention period never ends later than its last whole year.
 */
export function addYears(date: string, years: number): string {
  const [year, month, day] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const target = year + years;
  const lastDay = new Date(Date.UTC(target, month, 0)).getUTCDate();
  const moved = new Date(Date.UTC(target, month - 1, Math.min(day, lastDay)));
  return moved.toISOString().slice(0, 10);
}
