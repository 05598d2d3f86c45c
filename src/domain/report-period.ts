import { londonDate, londonTime } from './london-clock.ts';

// The period a report covers (policy 17.3–17.4; report 46–52): a month, a quarter or a year of
// the council's financial year (April to March), a calendar year, or dates of one's own. Concerns
// count in the period of the day they were received, in UK time.

export const periodKinds = ['month', 'quarter', 'financial-year', 'calendar-year', 'custom'] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** The first and last day of a period (YYYY-MM-DD, both inclusive), and how to name it. */
export type ReportPeriod = Readonly<{ kind: PeriodKind; firstDay: string; lastDay: string; label: string }>;

/** The earliest year a report covers; an older one is a typing mistake (Haven keeps no earlier records). */
export const earliestReportYear = 2000;
/** A custom period longer than this is refused: a longer view is the three-year comparison's job. */
export const longestCustomPeriodYears = 5;

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The month's name, for labels and the by-month table (month is 1–12). */
export function monthName(month: number): string {
  return monthNames[month - 1] ?? '';
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (year: number, month: number, day: number) => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.toISOString().slice(0, 10);
};
/** The last day of a month, month 1–12 (day 0 of the next month). */
const lastOfMonth = (year: number, month: number) => isoDate(year, month + 1, 0);

export function monthPeriod(year: number, month: number): ReportPeriod {
  return {
    kind: 'month',
    firstDay: `${year}-${pad(month)}-01`,
    lastDay: lastOfMonth(year, month),
    label: `${monthName(month)} ${year}`,
  };
}

/** Quarters of the financial year that starts in April of `financialYear`: quarter 1 is April to June. */
export function quarterPeriod(financialYear: number, quarter: 1 | 2 | 3 | 4): ReportPeriod {
  const firstMonth = 4 + (quarter - 1) * 3;
  const year = financialYear + (firstMonth > 12 ? 1 : 0);
  const month = ((firstMonth - 1) % 12) + 1;
  return {
    kind: 'quarter',
    firstDay: `${year}-${pad(month)}-01`,
    lastDay: lastOfMonth(year, month + 2),
    label: `Quarter ${quarter} of ${financialYearLabel(financialYear)} (${monthName(month)} to ${monthName(month + 2)} ${year})`,
  };
}

export function financialYearPeriod(financialYear: number): ReportPeriod {
  return {
    kind: 'financial-year',
    firstDay: `${financialYear}-04-01`,
    lastDay: `${financialYear + 1}-03-31`,
    label: `Financial year ${financialYearLabel(financialYear)}`,
  };
}

export function calendarYearPeriod(year: number): ReportPeriod {
  return { kind: 'calendar-year', firstDay: `${year}-01-01`, lastDay: `${year}-12-31`, label: `${year}` };
}

export type CustomPeriodProblem = 'ends-before-start' | 'too-long';

/** Dates of one's own, both inclusive: refused when they end before they start or span more than five years. */
export function customPeriod(firstDay: string, lastDay: string): ReportPeriod | CustomPeriodProblem {
  if (lastDay < firstDay) return 'ends-before-start';
  const [year, month, day] = firstDay.split('-').map(Number) as [number, number, number];
  if (lastDay >= isoDate(year + longestCustomPeriodYears, month, day)) return 'too-long';
  return { kind: 'custom', firstDay, lastDay, label: `${longDate(firstDay)} to ${longDate(lastDay)}` };
}

/** "2026-27": the financial year that starts in April 2026. */
export function financialYearLabel(financialYear: number): string {
  return `${financialYear}-${pad((financialYear + 1) % 100)}`;
}

/** The financial year a date falls in: April 2026 to March 2027 is 2026. */
export function financialYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1;
}

function longDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${day} ${monthName(month)} ${year}`;
}

/**
 * The instants a period spans, as ISO-8601 UTC strings to compare with `created_at`: from
 * midnight UK time on its first day to midnight after its last, across GMT and BST.
 */
export function periodInstants(period: ReportPeriod): { from: string; until: string } {
  const next = new Date(Date.parse(`${period.lastDay}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: londonTime(period.firstDay, 0, 0).toISOString(), until: londonTime(next, 0, 0).toISOString() };
}

/** Every month a period touches, as YYYY-MM, in order. */
export function monthsOf(period: ReportPeriod): string[] {
  const months: string[] = [];
  let [year, month] = period.firstDay.split('-').map(Number) as [number, number];
  const last = period.lastDay.slice(0, 7);
  for (let key = `${year}-${pad(month)}`; key <= last; key = `${year}-${pad(month)}`) {
    months.push(key);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

/** "March 2026" for a YYYY-MM key. */
export function monthLabel(key: string): string {
  return `${monthName(Number(key.slice(5, 7)))} ${key.slice(0, 4)}`;
}

/**
 * The UK month (YYYY-MM) of an hour given as UTC "YYYY-MM-DDTHH". Reports group concerns by
 * UTC hour in SQL, which both databases do alike, and place each hour in its UK month here:
 * the UK is a whole number of hours from UTC, so no hour straddles two months.
 */
export function londonMonthOfUtcHour(utcHour: string): string {
  return londonDate(new Date(`${utcHour}:00:00Z`)).slice(0, 7);
}
