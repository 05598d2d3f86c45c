import { isWorkingDay, nextWorkingDay } from './triage-deadline.ts';

// The statutory clock of a subject access request (UK GDPR Art. 12(3); ICO guidance "Time limits
// for responding"): one calendar month from the day the request is received, counted to the
// corresponding date in the next month; where that month is shorter, its last day; where the
// date falls on a weekend or bank holiday, the next working day. A complex request or several
// from one person may be extended by up to two further months, with a reason given to them.
// Organisation closure days are not statutory, so they do not move the date.

export const mostExtensionMonths = 2;

/** The same day of the month `months` later, or that month's last day when it has no such day. */
export function addCalendarMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** When the response is due: received on + 1 month (+ any extension), moved to a working day. */
export function subjectAccessDueOn(receivedOn: string, extensionMonths = 0): string {
  if (!Number.isInteger(extensionMonths) || extensionMonths < 0 || extensionMonths > mostExtensionMonths) {
    throw new RangeError('A subject access request can be extended by one or two months only');
  }
  const due = addCalendarMonths(receivedOn, 1 + extensionMonths);
  return isWorkingDay(due) ? due : nextWorkingDay(due);
}

export type SubjectAccessClock =
  | { state: 'due'; dueOn: string; daysLeft: number }
  | { state: 'overdue'; dueOn: string; daysOverdue: number }
  | { state: 'released'; dueOn: string; releasedOn: string; onTime: boolean };

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** Where the clock stands today: calendar days left (0 on the due date), overdue, or answered. */
export function subjectAccessClock(
  request: { receivedOn: string; extensionMonths: number; releasedOn: string | null },
  today: string,
): SubjectAccessClock {
  const dueOn = subjectAccessDueOn(request.receivedOn, request.extensionMonths);
  if (request.releasedOn)
    return { state: 'released', dueOn, releasedOn: request.releasedOn, onTime: request.releasedOn <= dueOn };
  const left = dayNumber(dueOn) - dayNumber(today);
  return left >= 0 ? { state: 'due', dueOn, daysLeft: left } : { state: 'overdue', dueOn, daysOverdue: -left };
}
