import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { isAllowed } from '../../domain/access-policy.ts';
import { formErrors } from '../../web/form-errors.ts';
import { xlsxType } from '../../web/document-types.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { barChart, funnelPlot } from '../../reports/charts.ts';
import { tableAsCsv, tableAsXlsx } from './downloads.ts';
import {
  type InsightReport,
  type ReportTableId,
  buildInsightReport,
  reportTableIds,
} from '../../reports/insight-report.ts';
import { periodKindNames, periodOptions, periodQuery, periodValues, readPeriodForm } from './period-form.ts';
import type { Version } from '../../reports/report-tables.ts';
import { registerReportPages, reportPages } from './report-pages.routes.ts';

// Insight (PRODUCT capability 5; policy 17.3–17.4; report 46–52): the safeguarding picture for
// any period, from aggregates only. The coordinator and DSLs choose the full figures or the
// public version; senior leaders always see the public version, small numbers hidden.

export function registerInsightRoutes(app: FastifyInstance, db: HavenDb): void {
  registerReportPages(app, db);
  app.get('/insight', { config: { access: 'reports:view-aggregate' } }, async (request, reply) => {
    const choice = chosenReport(request);
    const view = { pageTitle: 'Insight: safeguarding reports', ...formContext(choice) };
    if (!choice.form.ok) {
      reply.code(400);
      return reply.view('insight/views/insight.njk', { ...view, errors: choice.form.errors });
    }
    const report = await buildInsightReport(
      db,
      request.actor!.organisationId,
      choice.form.period,
      choice.version,
      new Date(),
    );
    return reply.view('insight/views/insight.njk', {
      ...view,
      pageTitle: `Insight: ${choice.form.period.label}`,
      report,
      otherReports: otherReports(choice.mayChooseVersion),
      charts: await chartsFor(report),
      downloads: downloadLinks(choice.values),
      otherVersion: choice.mayChooseVersion
        ? `/insight?${periodQuery(choice.values, { version: choice.version === 'full' ? 'public' : '' })}`
        : null,
    });
  });

  app.get('/insight/download', { config: { access: 'reports:view-aggregate' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const table = reportTableIds.find((id) => id === query.table);
    const format = query.format === 'csv' || query.format === 'xlsx' ? query.format : null;
    const choice = chosenReport(request);
    // The download links are made by the report page: anything else is a tampered address.
    if (!table || !format || !choice.form.ok) {
      reply.code(400);
      return reply.view('insight/views/insight.njk', {
        pageTitle: 'Insight: safeguarding reports',
        ...formContext(choice),
        errors: choice.form.ok
          ? { list: [{ text: 'Choose a table to download from the report', href: '#period' }], byField: {} }
          : choice.form.errors,
      });
    }
    const report = await buildInsightReport(
      db,
      request.actor!.organisationId,
      choice.form.period,
      choice.version,
      new Date(),
    );
    const shown = report.tables[table];
    const name = `haven-${shown.id}-${choice.form.period.firstDay}-to-${choice.form.period.lastDay}${choice.version === 'full' ? '' : `-${choice.version}`}`;
    reply.header('cache-control', 'no-store');
    if (format === 'csv') {
      reply.header('content-disposition', contentDisposition(`${name}.csv`));
      return reply.type('text/csv; charset=utf-8').send(tableAsCsv(shown, choice.form.period.label));
    }
    reply.header('content-disposition', contentDisposition(`${name}.xlsx`));
    return reply.type(xlsxType).send(await tableAsXlsx(shown, choice.form.period.label));
  });
}

/** The printable reports this person may open. */
function otherReports(mayViewInFull: boolean) {
  return reportPages
    .filter((page) => mayViewInFull || page.access === 'reports:view-aggregate')
    .map((page) => ({ href: page.path, text: page.heading, description: page.description }));
}

/** The period and version asked for; senior leaders' reports are always the public version. */
function chosenReport(request: FastifyRequest) {
  const today = todayInLondon();
  const query = request.query as Record<string, unknown>;
  const { values, tampered } = periodValues(query, today);
  const mayChooseVersion = isAllowed(request.actor!, 'reports:view');
  const read = readPeriodForm(values, today, tampered);
  // A report is always of the signed-in person's own council: another id in the address is tampering.
  const foreign = query.organisation !== undefined && query.organisation !== request.actor!.organisationId;
  const own = formErrors([
    ['organisation', 'Reports cover your own council only: choose the report again from this form', 'period'],
  ]);
  const form: typeof read = !foreign
    ? read
    : {
        ok: false,
        errors: read.ok
          ? own
          : { list: [...own.list, ...read.errors.list], byField: { ...read.errors.byField, ...own.byField } },
      };
  const asked: Version = form.ok ? form.version : 'full';
  // Senior leaders choose between the two public rules, never the full figures.
  const version: Version = !mayChooseVersion && asked === 'full' ? 'public' : asked;
  return { values, today, form, version, mayChooseVersion };
}

function formContext(choice: ReturnType<typeof chosenReport>) {
  return {
    values: choice.values,
    options: periodOptions(choice.values, choice.today),
    periodKindNames,
    version: choice.version,
    mayChooseVersion: choice.mayChooseVersion,
  };
}

function downloadLinks(
  values: Parameters<typeof periodQuery>[0],
): Record<ReportTableId, { csv: string; xlsx: string }> {
  const links = {} as Record<ReportTableId, { csv: string; xlsx: string }>;
  for (const table of reportTableIds) {
    const query = periodQuery(values);
    links[table] = {
      csv: `/insight/download?table=${table}&format=csv&${query}`,
      xlsx: `/insight/download?table=${table}&format=xlsx&${query}`,
    };
  }
  return links;
}

async function chartsFor(report: InsightReport) {
  return {
    byMonth: await barChart(report.tables.byMonth, 'time'),
    byServiceArea: await barChart(report.tables.byServiceArea, 'named'),
    byCategory: await barChart(report.tables.byCategory, 'named'),
    funnel: report.funnel ? await funnelPlot(report.funnel) : null,
  };
}
