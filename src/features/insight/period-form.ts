import { type DateParts, parseCalendarDate } from '../../domain/calendar-date.ts';
import {
  type PeriodKind,
  type ReportPeriod,
  calendarYearPeriod,
  customPeriod,
  earliestReportYear,
  financialYearLabel,
  financialYearOf,
  financialYearPeriod,
  longestCustomPeriodYears,
  monthName,
  monthPeriod,
  periodKinds,
  quarterPeriod,
} from '../../domain/report-period.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import type { Version } from '../../reports/report-tables.ts';

// The period form is a GET form: a report's address can be bookmarked and shared, and holds
// nothing but dates. Every value is read as text first and checked against what the form
// offers, so a tampered address gets the form again with a message, never a 500.

export const periodFields = [
  'period',
  'month',
  'monthYear',
  'quarter',
  'quarterYear',
  'financialYear',
  'calendarYear',
  'from-day',
  'from-month',
  'from-year',
  'to-day',
  'to-month',
  'to-year',
  'version',
] as const;
export type PeriodValues = Record<(typeof periodFields)[number], string>;

export const periodKindNames: Record<PeriodKind, string> = {
  month: 'A month',
  quarter: 'A quarter of the financial year',
  'financial-year': 'A financial year (April to March)',
  'calendar-year': 'A calendar year',
  custom: 'Dates of your own',
};

/** The values from a query string: text for each field, '' when missing; a repeated field is not text. */
export function periodValues(
  query: Record<string, unknown>,
  today: string,
): { values: PeriodValues; tampered: boolean } {
  const values = {} as PeriodValues;
  let tampered = false;
  for (const field of periodFields) {
    const value = query[field];
    if (value !== undefined && typeof value !== 'string') tampered = true;
    values[field] = typeof value === 'string' ? value.slice(0, 20) : '';
  }
  if (!Object.values(query).some((v) => v !== undefined) || values.period === '') {
    // No period asked for: this financial year so far, the view most asked for.
    return { values: { ...values, ...defaultValues(today), version: values.version }, tampered };
  }
  return { values, tampered };
}

function defaultValues(today: string): Partial<PeriodValues> {
  const year = String(financialYearOf(today));
  return {
    period: 'financial-year',
    financialYear: year,
    month: String(Number(today.slice(5, 7))),
    monthYear: today.slice(0, 4),
    quarter: '1',
    quarterYear: year,
    calendarYear: today.slice(0, 4),
  };
}

export type PeriodChoice = { ok: true; period: ReportPeriod; version: Version } | { ok: false; errors: FormErrors };

/** The period and version the form asks for, or its problems in Haven's words. */
export function readPeriodForm(values: PeriodValues, today: string, tampered: boolean): PeriodChoice {
  const problems: Array<[string, string, string?]> = [];
  const latestYear = Number(today.slice(0, 4));
  const year = (field: keyof PeriodValues, latest = latestYear) => {
    const n = /^\d{4}$/.test(values[field]) ? Number(values[field]) : NaN;
    if (n >= earliestReportYear && n <= latest) return n;
    problems.push([field, 'Select a year from the list']);
    return null;
  };
  const oneOf = (field: keyof PeriodValues, max: number, message: string) => {
    const n = /^\d{1,2}$/.test(values[field]) ? Number(values[field]) : NaN;
    if (n >= 1 && n <= max) return n;
    problems.push([field, message]);
    return null;
  };
  if (tampered) problems.push(['period', 'Select the period the report covers, once']);
  let version: Version = 'full';
  if (values.version === 'public' || values.version === 'rounded') version = values.version;
  else if (values.version !== '') problems.push(['version', 'Select who the report is for from the list']);
  const kind = periodKinds.find((k) => k === values.period);
  let period: ReportPeriod | null = null;
  if (!kind) problems.push(['period', 'Select the period the report covers']);
  if (kind === 'month') {
    const [month, y] = [oneOf('month', 12, 'Select a month from the list'), year('monthYear')];
    if (month && y) period = monthPeriod(y, month);
  } else if (kind === 'quarter') {
    const [quarter, y] = [oneOf('quarter', 4, 'Select a quarter from the list'), year('quarterYear')];
    if (quarter && y) period = quarterPeriod(y, quarter as 1 | 2 | 3 | 4);
  } else if (kind === 'financial-year') {
    const y = year('financialYear');
    if (y) period = financialYearPeriod(y);
  } else if (kind === 'calendar-year') {
    const y = year('calendarYear');
    if (y) period = calendarYearPeriod(y);
  } else if (kind === 'custom') {
    period = readCustom(values, problems);
  }
  if (problems.length || !period) return { ok: false, errors: problems.length ? formErrors(problems) : noErrors };
  return { ok: true, period, version };
}

const dateMessages = (which: 'start' | 'end') => ({
  missing: `Enter the ${which} date`,
  incomplete: {
    day: `The ${which} date must include a day`,
    month: `The ${which} date must include a month`,
    year: `The ${which} date must include a year`,
  },
  'not-real': `The ${which} date must be a real date`,
  early: `The ${which} date must be in ${earliestReportYear} or later`,
});

function readCustom(values: PeriodValues, problems: Array<[string, string, string?]>): ReportPeriod | null {
  const read = (prefix: 'from' | 'to', which: 'start' | 'end') => {
    const parts: DateParts = {
      day: values[`${prefix}-day`],
      month: values[`${prefix}-month`],
      year: values[`${prefix}-year`],
    };
    // Any date is allowed, the future included (a year not yet over): the latest "today" there is.
    const result = parseCalendarDate(parts, '9999-12-31');
    const messages = dateMessages(which);
    if (!result.ok) {
      const message =
        result.problem === 'incomplete'
          ? messages.incomplete[result.field]
          : result.problem === 'missing'
            ? messages.missing
            : messages['not-real'];
      problems.push([prefix, message, `${prefix}-${result.field}`]);
      return null;
    }
    if (Number(result.date.slice(0, 4)) < earliestReportYear) {
      problems.push([prefix, messages.early, `${prefix}-year`]);
      return null;
    }
    return result.date;
  };
  const [from, to] = [read('from', 'start'), read('to', 'end')];
  if (!from || !to) return null;
  const period = customPeriod(from, to);
  if (period === 'ends-before-start') {
    problems.push(['to', 'The end date must be the same as or after the start date', 'to-day']);
    return null;
  }
  if (period === 'too-long') {
    problems.push([
      'from',
      `A period of your own can be at most ${longestCustomPeriodYears} years: choose a later start date or an earlier end date`,
      'from-day',
    ]);
    return null;
  }
  return period;
}

/** The choices the form offers, each marked selected as the values say. */
export function periodOptions(values: PeriodValues, today: string) {
  const latest = Number(today.slice(0, 4));
  const years = Array.from({ length: latest - earliestReportYear + 1 }, (_, i) => latest - i);
  const select = (field: keyof PeriodValues, options: Array<[string, string]>) =>
    options.map(([value, text]) => ({ value, text, selected: values[field] === value }));
  return {
    months: select(
      'month',
      Array.from({ length: 12 }, (_, i) => [String(i + 1), monthName(i + 1)]),
    ),
    quarters: select('quarter', [
      ['1', 'Quarter 1 (April to June)'],
      ['2', 'Quarter 2 (July to September)'],
      ['3', 'Quarter 3 (October to December)'],
      ['4', 'Quarter 4 (January to March)'],
    ]),
    monthYears: select(
      'monthYear',
      years.map((y) => [String(y), String(y)]),
    ),
    quarterYears: select(
      'quarterYear',
      years.map((y) => [String(y), financialYearLabel(y)]),
    ),
    financialYears: select(
      'financialYear',
      years.map((y) => [String(y), financialYearLabel(y)]),
    ),
    calendarYears: select(
      'calendarYear',
      years.map((y) => [String(y), String(y)]),
    ),
  };
}

/** The query string of a period, to link downloads and the other version to the same report. */
export function periodQuery(values: PeriodValues, overrides: Partial<PeriodValues> = {}): string {
  const merged = { ...values, ...overrides };
  const params = new URLSearchParams();
  for (const field of periodFields) if (merged[field] !== '') params.set(field, merged[field]);
  return params.toString();
}
