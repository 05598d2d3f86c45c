import { type CalendarDateResult, parseCalendarDate, todayInLondon } from '../domain/calendar-date.ts';

type Failure = Extract<CalendarDateResult, { ok: false }>;

/** GOV.UK wording for a date input's problem, e.g. "The referral date must be a real date". */
export function dateProblemMessage(failure: Failure, subject: string): string {
  const Subject = subject.charAt(0).toUpperCase() + subject.slice(1);
  switch (failure.problem) {
    case 'missing':
      return `Enter ${subject}`;
    case 'incomplete':
      return `${Subject} must include a ${failure.field}`;
    case 'not-real':
      return `${Subject} must be a real date`;
    case 'future':
      return `${Subject} must be today or in the past`;
    case 'past':
      return `${Subject} must be today or in the future`;
  }
}

/**
 * Reads a GOV.UK date input named `<name>-day|month|year` from a form body; returns the date or
 * the problem as [field, message, anchor] for formErrors.
 */
export function readDateField(
  body: Record<string, unknown>,
  name: string,
  subject: string,
  allowed: 'not-future' | 'not-past',
): { date: string } | { problem: [string, string, string] } {
  const part = (p: string) => {
    const value = body[`${name}-${p}`];
    return typeof value === 'string' ? value.slice(0, 10) : '';
  };
  const result = parseCalendarDate(
    { day: part('day'), month: part('month'), year: part('year') },
    todayInLondon(),
    allowed,
  );
  if (result.ok) return { date: result.date };
  return { problem: [name, dateProblemMessage(result, subject), `${name}-${result.field}`] };
}
