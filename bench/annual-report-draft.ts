import { sql } from 'kysely';
import { financialYearOf, financialYearPeriod, periodInstants } from '../src/domain/report-period.ts';
import { annualReportDocument } from '../src/features/annual-report/annual-report-document.ts';
import { buildAnnualReport } from '../src/features/annual-report/annual-report.ts';
import { buildInsightReport } from '../src/reports/insight-report.ts';
import type { BenchDatabase } from './database.ts';

// The annual report to Cabinet on a database of synthetic concerns: the Word draft for the
// financial year holding the most concerns, built as the download route builds it (figures,
// assurance records, the document), against the year's public insight report alone in the same
// run — so the cost of the assurance reads and of writing the document shows.

export type WordDraftMeasurement = {
  yearLabel: string;
  concernsInYear: number;
  reportMs: number[];
  figuresMs: number[];
  documentBytes: number;
  /** The most the process's resident memory grew while the drafts were made. */
  rssGrowthMb: number;
};

export async function measureWordDraft(
  database: BenchDatabase,
  organisationId: string,
  runs: number,
): Promise<WordDraftMeasurement> {
  const busiest = await busiestFinancialYear(database, organisationId);
  const now = new Date();
  const reportMs: number[] = [];
  const figuresMs: number[] = [];
  let documentBytes = 0;
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sample = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
  try {
    // One untimed run of each first: the statements are prepared and the pages cached.
    for (let run = 0; run <= runs; run += 1) {
      let started = performance.now();
      const report = await buildAnnualReport(database.db, organisationId, busiest.year, now);
      const document = await annualReportDocument(report);
      const reportTime = performance.now() - started;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      started = performance.now();
      await buildInsightReport(database.db, organisationId, financialYearPeriod(busiest.year), 'public', now);
      const figuresTime = performance.now() - started;
      if (run === 0) continue;
      reportMs.push(reportTime);
      figuresMs.push(figuresTime);
      documentBytes = document.length;
    }
  } finally {
    clearInterval(sample);
  }
  return {
    yearLabel: financialYearPeriod(busiest.year).label,
    concernsInYear: busiest.count,
    reportMs,
    figuresMs,
    documentBytes,
    rssGrowthMb: Math.round((rssPeak - rssBefore) / 1_048_576),
  };
}

/** The financial year with the most concerns, and how many it holds. */
async function busiestFinancialYear(database: BenchDatabase, organisationId: string) {
  const range = await database.db
    .selectFrom('concerns')
    .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const last = financialYearOf(String(range.last).slice(0, 10));
  let best = { year: last, count: -1 };
  for (let year = financialYearOf(String(range.first).slice(0, 10)); year <= last; year += 1) {
    const { from, until } = periodInstants(financialYearPeriod(year));
    const row = await database.db
      .selectFrom('concerns')
      .select(sql<number>`count(*)`.as('count'))
      .where('organisation_id', '=', organisationId)
      .where('created_at', '>=', from)
      .where('created_at', '<', until)
      .executeTakeFirstOrThrow();
    if (Number(row.count) > best.count) best = { year, count: Number(row.count) };
  }
  return best;
}
