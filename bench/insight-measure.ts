import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HavenDb } from '../src/db/connect.ts';
import { demoPassword } from '../src/db/demo-data.ts';
import { todayInLondon } from '../src/domain/calendar-date.ts';
import { calendarYearPeriod, monthPeriod, periodInstants } from '../src/domain/report-period.ts';
import { baselineMonths } from '../src/domain/trend-flags.ts';
import {
  countByAboutWhom,
  countByCategory,
  countByCategoryAndHour,
  countByHourAndStatus,
  countByServiceArea,
  countReferrals,
  countRestricted,
  recountTriage,
  type Span,
} from '../src/reports/insight.recount.ts';
import { type WordDraftMeasurement, measureWordDraft } from './annual-report-draft.ts';
import { runInChild, serveChild } from './child.ts';
import { type BenchDatabase, type Dialect, createSeededDatabase, dropReportCountUpkeep } from './database.ts';
import { type Generation, fillWithConcerns } from './generate.ts';
import { type ImportMeasurement, runImport, writeExport, writeExportMapping } from './import-run.ts';
import type { ReadJob, ReadResult } from './read-client.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

// Issue 9's scale: the annual report page, the by-service-area table and the trend flags on a
// database of synthetic concerns, through HTTP as the coordinator against the bare SQL
// aggregates, in the same run on the same database. The bare aggregates are the figures counted
// straight from the concerns table (insight.recount.ts), as the reports counted them before
// migration 0034's summary: the ratio shows what the summary buys. Then, when asked, the annual
// report's Word draft on the same database (so a million concerns are generated once). Then
// `haven import concerns` on a CSV of `importRows` rows in a process of its own: its time and
// its peak resident memory (VmHWM), with the summary's triggers and again without them.

export type InsightMeasureJob = {
  dialect: Dialect;
  concerns: number;
  importRows: number;
  warmUp: number;
  requests: number;
  /** Word drafts of the annual report to time on the same database; 0 for none. */
  wordDraftRuns: number;
  postgresUrl?: string;
};
export type InsightPage = { name: string; about: string; httpMs: number[]; sqlMs: number[] };
export type InsightMeasurement = {
  generation: Generation;
  pages: InsightPage[];
  wordDraft: WordDraftMeasurement | null;
  /** The import with migration 0034's triggers, then (rows under new references) without them. */
  importRuns: { withCounts: ImportMeasurement; withoutCounts: ImportMeasurement };
};

const readClient = new URL('./read-client.ts', import.meta.url);
const coordinatorEmail = 'coordinator@city.example';

async function measureInsight(job: InsightMeasureJob): Promise<InsightMeasurement> {
  const database = await createSeededDatabase(job.dialect, job.postgresUrl);
  let server: ServerProcess | undefined;
  try {
    const generation = await fillWithConcerns(database, job.concerns);
    const organisationId = await cityId(database.db);
    // Haven in a process of its own, with its own heap cap (child.ts), apart from the bare
    // aggregates and the bench's bookkeeping. The coordinator signs in with a password alone
    // here: a second factor changes the sign-in, not the report.
    server = await startServerProcess(database.config, { settings: { TWO_FACTOR_ENFORCED: 'false' } });
    const { baseUrl } = server;
    // The last whole calendar year: a full year of the three the generator makes.
    const year = Number(todayInLondon().slice(0, 4)) - 1;
    const span: Span = { organisationId, ...periodInstants(calendarYearPeriod(year)) };
    const inYear = await countByHourAndStatus(database.db, span);
    const about = `${inYear.reduce((sum, row) => sum + row.count, 0).toLocaleString('en-GB')} concerns in ${year}`;
    // The last whole month, judged against the months before it, as the trend flags page judges it.
    const today = todayInLondon();
    const lastMonth =
      today.slice(5, 7) === '01'
        ? `${Number(today.slice(0, 4)) - 1}-12`
        : `${today.slice(0, 4)}-${String(Number(today.slice(5, 7)) - 1).padStart(2, '0')}`;
    const trendSpan: Span = {
      organisationId,
      from: periodInstants(monthPeriodOf(baselineMonths(lastMonth)[0]!)).from,
      until: periodInstants(monthPeriodOf(lastMonth)).until,
    };
    const reports = [
      {
        name: 'annual report',
        path: `/insight?period=calendar-year&calendarYear=${year}`,
        expect: { pattern: '<h1 class="govuk-heading-l">', count: 1, what: 'headings' },
        // Every aggregate the page is made from, nothing rendered.
        sql: async () => {
          await Promise.all([
            countByHourAndStatus(database.db, span),
            countByServiceArea(database.db, span),
            countRestricted(database.db, span),
            countByCategory(database.db, span),
            countByAboutWhom(database.db, span),
            countReferrals(database.db, span),
            recountTriage(database.db, span, new Date()),
          ]);
        },
      },
      {
        name: 'by service area',
        path: `/insight/download?table=byServiceArea&format=csv&period=calendar-year&calendarYear=${year}`,
        expect: { pattern: 'Housing Services', count: 1, what: 'Housing Services rows' },
        sql: () => Promise.all([countByServiceArea(database.db, span), countRestricted(database.db, span)]),
      },
      {
        name: 'trend flags',
        path: `/insight/trend-flags?month=${Number(lastMonth.slice(5, 7))}&monthYear=${lastMonth.slice(0, 4)}`,
        expect: { pattern: 'id="trend-flags"', count: 1, what: 'trend tables' },
        // The category history over the months the flags are judged against, and where it starts.
        sql: () =>
          Promise.all([
            countByCategoryAndHour(database.db, trendSpan),
            database.db
              .selectFrom('concerns')
              .select((eb) => eb.fn.min('created_at').as('first'))
              .where('organisation_id', '=', organisationId)
              .executeTakeFirst(),
          ]),
      },
    ];
    const pages: InsightPage[] = [];
    for (const report of reports) {
      const { latenciesMs } = await runInChild<ReadJob, ReadResult>(readClient, {
        baseUrl,
        email: coordinatorEmail,
        password: demoPassword,
        path: report.path,
        warmUp: job.warmUp,
        requests: job.requests,
        expect: report.expect,
      });
      const sqlMs: number[] = [];
      for (let n = 0; n < job.warmUp + job.requests; n++) {
        const started = performance.now();
        await report.sql();
        if (n >= job.warmUp) sqlMs.push(performance.now() - started);
      }
      pages.push({ name: report.name, about, httpMs: latenciesMs, sqlMs });
    }
    await server.stop();
    server = undefined;
    const wordDraft =
      job.wordDraftRuns > 0 ? await measureWordDraft(database, organisationId, job.wordDraftRuns) : null;
    const withCounts = await measureImport(database, job.importRows, 'OLD');
    await dropReportCountUpkeep(database);
    const withoutCounts = await measureImport(database, job.importRows, 'OLX');
    return { generation, pages, wordDraft, importRuns: { withCounts, withoutCounts } };
  } finally {
    await server?.stop();
    await database.drop();
  }
}

async function cityId(db: HavenDb): Promise<string> {
  const row = await db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', 'Haven City Council')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function measureImport(database: BenchDatabase, rows: number, prefix: string): Promise<ImportMeasurement> {
  const folder = await mkdtemp(path.join(tmpdir(), 'haven-import-bench-'));
  try {
    const file = path.join(folder, 'history.csv');
    await writeExport(file, rows, prefix);
    const mapping = path.join(folder, 'mapping.json');
    await writeExportMapping(mapping);
    return await runImport(database, { file, mapping, rows });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const monthPeriodOf = (month: string) => monthPeriod(Number(month.slice(0, 4)), Number(month.slice(5, 7)));

serveChild(measureInsight);
