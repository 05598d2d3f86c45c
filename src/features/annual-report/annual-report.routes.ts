import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { earliestReportYear, financialYearLabel, financialYearOf } from '../../domain/report-period.ts';
import { ratingNames } from '../../domain/self-assessment-rating.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { docxType } from '../../web/document-types.ts';
import { buildAnnualReport } from './annual-report.ts';

// The annual report to Cabinet (PRODUCT capability 11; seeds 002, 000 item 7): a page saying what
// the draft holds for a financial year, and the Word draft itself. Both read the same figures.

const view = { config: { access: 'assurance:view' as const } };
const yearsOffered = 6;

export function registerAnnualReportRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/annual-report', view, async (request, reply) => {
    const choice = chosenYear(request.query);
    if ('errors' in choice) return renderPage(reply, choice.value, null, choice.errors, 400);
    const report = await buildAnnualReport(db, request.actor!.organisationId, choice.year, new Date());
    return renderPage(reply, String(choice.year), report, noErrors);
  });

  app.get('/annual-report/download', view, async (request, reply) => {
    const choice = chosenYear(request.query);
    if ('errors' in choice) return renderPage(reply, choice.value, null, choice.errors, 400);
    const report = await buildAnnualReport(db, request.actor!.organisationId, choice.year, new Date());
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', contentDisposition(`safeguarding-report-${report.yearLabel}-draft.docx`));
    const { annualReportDocument } = await import('./annual-report-document.ts');
    return reply.type(docxType).send(await annualReportDocument(report));
  });
}

function latestCompleteYear(): number {
  return financialYearOf(todayInLondon()) - 1;
}

/** The financial year asked for (2025 is April 2025 to March 2026); the latest complete one by default. */
function chosenYear(query: unknown): { year: number } | { value: string; errors: FormErrors } {
  const value = (query as Record<string, unknown>).year;
  if (value === undefined || value === '') return { year: latestCompleteYear() };
  const year = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (year >= earliestReportYear && year <= financialYearOf(todayInLondon())) return { year };
  return {
    value: typeof value === 'string' ? value.slice(0, 20) : '',
    errors: formErrors([['year', 'Choose a financial year from the list']]),
  };
}

function renderPage(
  reply: FastifyReply,
  chosen: string,
  report: Awaited<ReturnType<typeof buildAnnualReport>> | null,
  errors: FormErrors,
  status = 200,
) {
  const latest = financialYearOf(todayInLondon());
  const years = Array.from({ length: yearsOffered }, (_, i) => latest - i).map((year) => ({
    value: String(year),
    text: `${financialYearLabel(year)} (April ${year} to March ${year + 1})`,
    selected: String(year) === chosen,
  }));
  return reply.code(status).view('annual-report/views/annual-report.njk', {
    pageTitle: report ? `Annual report to Cabinet ${report.yearLabel}` : 'Annual report to Cabinet',
    errors,
    years,
    report,
    ratingNames,
    downloadHref: report ? `/annual-report/download?year=${report.financialYear}` : null,
  });
}
