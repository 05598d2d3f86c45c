import Holidays from 'date-holidays';
import { londonDate, londonTime } from './london-clock.ts';

// Policy 10.4: a DSO triages every new concern within one working day. Working days are Monday
// to Friday except England and Wales bank holidays (date-holidays' GB-ENG calendar, which Wales
// shares) and the organisation's own closure days.

const bankHolidays = new Holidays('GB', 'ENG', { types: ['public', 'bank'] });
const bankHolidaysByYear = new Map<number, ReadonlySet<string>>();

/** Close of business, when a triage deadline falls: 5pm UK time. */
export const closeOfBusiness = { hour: 17, minute: 0 };

function bankHolidaysIn(year: number): ReadonlySet<string> {
  let dates = bankHolidaysByYear.get(year);
  if (!dates) {
    dates = new Set(bankHolidays.getHolidays(year).map((holiday) => holiday.date.slice(0, 10)));
    bankHolidaysByYear.set(year, dates);
  }
  return dates;
}

/** Whether a calendar date (YYYY-MM-DD) is a working day. */
export function isWorkingDay(date: string, closureDays: ReadonlySet<string> = new Set()): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !bankHolidaysIn(Number(date.slice(0, 4))).has(date) && !closureDays.has(date);
}

/** The first working day after the given date. */
export function nextWorkingDay(date: string, closureDays: ReadonlySet<string> = new Set()): string {
  let day = date;
  do {
    day = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  } while (!isWorkingDay(day, closureDays));
  return day;
}

/**
 * When triage is due: close of business on the first working day after the day the concern
 * arrived (UK time). A concern from Friday evening is due on Monday; from a bank holiday
 * weekend, on the Tuesday.
 */
export function triageDeadline(receivedAt: Date, closureDays: ReadonlySet<string> = new Set()): Date {
  const receivedOn = londonDate(receivedAt);
  return londonTime(nextWorkingDay(receivedOn, closureDays), closeOfBusiness.hour, closeOfBusiness.minute);
}

export type TriageUrgency = 'overdue' | 'due-today' | 'due-later';

/** How the queue flags a deadline at a glance. */
export function triageUrgency(deadline: Date, now: Date): TriageUrgency {
  if (now.getTime() > deadline.getTime()) return 'overdue';
  return londonDate(deadline) === londonDate(now) ? 'due-today' : 'due-later';
}

/**
 * Where a concern stands against its triage deadline in a report. A concern imported from the
 * previous system without a triage time was triaged there, when Haven cannot say: it is neither
 * overdue nor judged against the deadline. Reports count the same in SQL
 * (reports/insight.queries.ts, and the index concerns_untriaged of migration 0041).
 */
export type TriageStanding = 'within' | 'late' | 'overdue' | 'not-due' | 'not-recorded';

export function triageStanding(
  concern: Readonly<{ deadlineAt: string; triagedAt: string | null; imported: boolean }>,
  now: Date,
): TriageStanding {
  if (concern.triagedAt !== null) return concern.triagedAt <= concern.deadlineAt ? 'within' : 'late';
  if (concern.imported) return 'not-recorded';
  return Date.parse(concern.deadlineAt) < now.getTime() ? 'overdue' : 'not-due';
}
