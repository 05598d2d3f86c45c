import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import type { Permission } from '../../domain/access-policy.ts';
import { isAllowed } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { type ReportPeriod, financialYearOf } from '../../domain/report-period.ts';
import { type FormErrors, formErrors } from '../../web/form-errors.ts';
import { docxType, xlsxType } from '../../web/document-types.ts';
import { buildComparison } from './comparison.ts';
import { tableAsCsv, tablesAsXlsx, tableAsXlsx } from './downloads.ts';
import { type PeriodValues, periodOptions, periodQuery, periodValues, readPeriodForm } from './period-form.ts';
import type { ReportDocument } from './report-document.ts';
import type { Version } from '../../reports/report-tables.ts';
import { buildMonthlyStatement, buildQuarterlyThemes } from './statements.ts';
import { type YearBasis, buildThreeYears } from './three-years.ts';
import { buildTrendsDocument, monthKey, shiftMonth } from './trend-report.ts';

// The printable reports beside /insight: the monthly statement (policy 17.3), the quarterly
// themes and trends (report 47–52), three years compared (self-assessment 1.5), the trend flags
// and the comparison across councils. Each is a GET form, so a report's address can be shared;
// every parameter is checked as /insight checks it, and a bad one gets the form with a message.

type FormKind = 'month' | 'quarter' | 'years';

type PageSpec = Readonly<{
  path: string;
  access: Permission;
  form: FormKind;
  heading: string;
  description: string;
  build: (
    db: HavenDb,
    organisationId: string,
    period: ReportPeriod,
    version: Version,
    now: Date,
  ) => Promise<ReportDocument>;
}>;

export const reportPages: readonly PageSpec[] = [
  {
    path: '/insight/monthly-statement',
    access: 'reports:view-aggregate',
    form: 'month',
    heading: 'Monthly statement for the Corporate Management Team',
    description: 'The month, the twelve months to it and the same month a year before, in words and tables.',
    build: (db, organisationId, period, version, now) =>
      buildMonthlyStatement(db, organisationId, monthKey(period), version, now),
  },
  {
    path: '/insight/quarterly-themes',
    access: 'reports:view-aggregate',
    form: 'quarter',
    heading: 'Quarterly themes and trends for the staff newsletter',
    description: 'The quarter against the one before and the same quarter a year before, by theme.',
    build: (db, organisationId, period, version, now) => {
      const financialYear = financialYearOf(period.firstDay);
      const quarter = (Math.floor(((Number(period.firstDay.slice(5, 7)) + 8) % 12) / 3) + 1) as 1 | 2 | 3 | 4;
      return buildQuarterlyThemes(db, organisationId, financialYear, quarter, version, now);
    },
  },
  {
    path: '/insight/three-years',
    access: 'reports:view-aggregate',
    form: 'years',
    heading: 'Three years compared',
    description: 'The same figures side by side for three financial or calendar years.',
    build: (db, organisationId, period, version) =>
      buildThreeYears(
        db,
        organisationId,
        period.kind as YearBasis,
        period.kind === 'financial-year' ? financialYearOf(period.firstDay) : Number(period.firstDay.slice(0, 4)),
        version,
      ),
  },
  {
    path: '/insight/trend-flags',
    access: 'reports:view-aggregate',
    form: 'month',
    heading: 'Trend flags',
    description: 'Categories whose count rises beyond what their own history predicts.',
    build: (db, organisationId, period, version) => buildTrendsDocument(db, organisationId, monthKey(period), version),
  },
  {
    path: '/insight/councils-compared',
    access: 'reports:view',
    form: 'years',
    heading: 'Councils compared',
    description: 'Each council’s concerns per 100 staff against all councils on this installation, none named.',
    build: (db, organisationId, period, version) => buildComparison(db, organisationId, period, version),
  },
];

export function registerReportPages(app: FastifyInstance, db: HavenDb): void {
  for (const spec of reportPages) {
    app.get(spec.path, { config: { access: spec.access } }, async (request, reply) => {
      const choice = readChoice(request, spec);
      if (!choice.ok) return showForm(reply.code(400), spec, choice);
      const document = await spec.build(db, request.actor!.organisationId, choice.period, choice.version, new Date());
      return showForm(reply, spec, choice, document);
    });

    app.get(`${spec.path}/download`, { config: { access: spec.access } }, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const choice = readChoice(request, spec);
      const format = query.format === 'csv' || query.format === 'xlsx' || query.format === 'docx' ? query.format : null;
      if (!choice.ok) return showForm(reply.code(400), spec, choice);
      const document = await spec.build(db, request.actor!.organisationId, choice.period, choice.version, new Date());
      const table = typeof query.table === 'string' && Object.hasOwn(document.tables, query.table) ? query.table : null;
      const all = query.table === 'all' && (format === 'xlsx' || format === 'docx');
      // The links are made by the page: anything else is a tampered address.
      if (!format || (!table && !all)) {
        const errors = formErrors([
          ['period', 'Choose a table to download from the report', spec.form === 'years' ? 'period' : spec.form],
        ]);
        return showForm(reply.code(400), spec, { ...choice, ok: false, errors });
      }
      reply.header('cache-control', 'no-store');
      const name = table ? `${document.fileStem}-${table}` : document.fileStem;
      if (all && format === 'docx') {
        reply.header('content-disposition', contentDisposition(`${name}.docx`));
        const { reportAsDocx } = await import('./document-download.ts');
        return reply.type(docxType).send(await reportAsDocx(document));
      }
      if (all) {
        reply.header('content-disposition', contentDisposition(`${name}.xlsx`));
        return reply.type(xlsxType).send(await tablesAsXlsx(Object.values(document.tables), document.periodLabel));
      }
      const shown = document.tables[table!]!;
      if (format === 'docx') {
        const errors = formErrors([
          ['period', 'Choose a table to download from the report', spec.form === 'years' ? 'period' : spec.form],
        ]);
        return showForm(reply.code(400), spec, { ...choice, ok: false, errors });
      }
      if (format === 'csv') {
        reply.header('content-disposition', contentDisposition(`${name}.csv`));
        return reply.type('text/csv; charset=utf-8').send(tableAsCsv(shown, document.periodLabel));
      }
      reply.header('content-disposition', contentDisposition(`${name}.xlsx`));
      return reply.type(xlsxType).send(await tableAsXlsx(shown, document.periodLabel));
    });
  }
}

type Choice =
  | Readonly<{
      ok: true;
      period: ReportPeriod;
      version: Version;
      values: PeriodValues;
      mayChooseVersion: boolean;
      today: string;
    }>
  | Readonly<{
      ok: false;
      errors: FormErrors;
      version: Version;
      values: PeriodValues;
      mayChooseVersion: boolean;
      today: string;
    }>;

/** The last complete month and quarter, and the last complete years: what a statement is most often for. */
function defaults(today: string): Partial<PeriodValues> {
  const lastMonth = shiftMonth(today.slice(0, 7), -1);
  // The quarter before the one today is in: April–June is quarter 1 of the financial year.
  const quarterStart = shiftMonth(today.slice(0, 7), -(((Number(today.slice(5, 7)) + 8) % 12) % 3) - 3);
  const quarter = Math.floor(((Number(quarterStart.slice(5, 7)) + 8) % 12) / 3) + 1;
  return {
    month: String(Number(lastMonth.slice(5, 7))),
    monthYear: lastMonth.slice(0, 4),
    quarter: String(quarter),
    quarterYear: String(financialYearOf(`${quarterStart}-01`)),
    financialYear: String(financialYearOf(today) - 1),
    calendarYear: String(Number(today.slice(0, 4)) - 1),
  };
}

const kindOf: Record<FormKind, string | null> = { month: 'month', quarter: 'quarter', years: null };

function readChoice(request: FastifyRequest, spec: PageSpec): Choice {
  const today = todayInLondon();
  const query = request.query as Record<string, unknown>;
  const fixedKind = kindOf[spec.form];
  // The page's own kind of period, so the form's defaults never replace what was asked for.
  const read = periodValues({ ...query, period: fixedKind ?? query.period ?? 'financial-year' }, today);
  const values: PeriodValues = { ...read.values };
  const fallback = defaults(today);
  for (const field of ['month', 'monthYear', 'quarter', 'quarterYear', 'financialYear', 'calendarYear'] as const) {
    if (query[field] === undefined) values[field] = fallback[field]!;
  }
  const mayChooseVersion = isAllowed(request.actor!, 'reports:view');
  const problems: Array<[string, string, string?]> = [];
  // A report is always of the signed-in person's own council: another id in the address is tampering.
  if (query.organisation !== undefined && query.organisation !== request.actor!.organisationId) {
    problems.push([
      'organisation',
      'Reports cover your own council only: choose the report again from this form',
      'version',
    ]);
  }
  if (spec.form === 'years' && values.period !== 'financial-year' && values.period !== 'calendar-year') {
    problems.push(['period', 'Select whether the years are financial years or calendar years']);
  }
  const form = readPeriodForm(values, today, read.tampered);
  const asks: Version = form.ok
    ? form.version
    : values.version === 'rounded'
      ? 'rounded'
      : values.version === 'public'
        ? 'public'
        : 'full';
  // Senior leaders choose between the two public rules, never the full figures.
  const version: Version = !mayChooseVersion && asks === 'full' ? 'public' : asks;
  const base = { values, mayChooseVersion, today, version };
  if (!form.ok || problems.length) {
    const own = formErrors(problems);
    const errors = form.ok
      ? own
      : { list: [...own.list, ...form.errors.list], byField: { ...form.errors.byField, ...own.byField } };
    return { ...base, ok: false, errors };
  }
  return { ...base, ok: true, period: form.period };
}

function showForm(reply: FastifyReply, spec: PageSpec, choice: Choice, document?: ReportDocument) {
  const query = periodQuery(choice.values);
  const downloads: Record<string, { csv: string; xlsx: string }> = {};
  for (const key of Object.keys(document?.tables ?? {})) {
    downloads[key] = {
      csv: `${spec.path}/download?table=${key}&format=csv&${query}`,
      xlsx: `${spec.path}/download?table=${key}&format=xlsx&${query}`,
    };
  }
  return reply.view('insight/views/report-page.njk', {
    pageTitle: document ? document.title : spec.heading,
    spec,
    document,
    downloads,
    downloadAll: `${spec.path}/download?table=all&format=xlsx&${query}`,
    downloadDocument: `${spec.path}/download?table=all&format=docx&${query}`,
    values: choice.values,
    options: periodOptions(choice.values, choice.today),
    version: choice.version,
    mayChooseVersion: choice.mayChooseVersion,
    errors: choice.ok ? null : choice.errors,
  });
}
