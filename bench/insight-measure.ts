import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { HavenDb } from '../src/db/connect.ts';
import { demoPassword } from '../src/db/demo-data.ts';
import { todayInLondon } from '../src/domain/calendar-date.ts';
import { calendarYearPeriod, periodInstants } from '../src/domain/report-period.ts';
import {
  countByAboutWhom,
  countByCategory,
  countByHourAndStatus,
  countByServiceArea,
  countReferrals,
  countRestricted,
  triageTimes,
  type Span,
} from '../src/reports/insight.queries.ts';
import { runInChild, serveChild } from './child.ts';
import { type BenchDatabase, type Dialect, createSeededDatabase } from './database.ts';
import { type Generation, fillWithConcerns } from './generate.ts';
import { type ImportMeasurement, runImport, writeExport, writeExportMapping } from './import-run.ts';
import type { ReadJob, ReadResult } from './read-client.ts';

// Issue 9's scale: the annual report page and the by-service-area table on a database of
// synthetic concerns, through HTTP as the coordinator against the bare SQL aggregates the report
// is made from, in the same run on the same database. Then `haven import concerns` on a CSV of
// `importRows` rows in a process of its own: its time and its peak resident memory (VmHWM).

export type InsightMeasureJob = {
  dialect: Dialect;
  concerns: number;
  importRows: number;
  warmUp: number;
  requests: number;
  postgresUrl?: string;
};
export type InsightPage = { name: string; about: string; httpMs: number[]; sqlMs: number[] };
export type InsightMeasurement = { generation: Generation; pages: InsightPage[]; importRun: ImportMeasurement };

const readClient = new URL('./read-client.ts', import.meta.url);
const coordinatorEmail = 'coordinator@city.example';

async function measureInsight(job: InsightMeasureJob): Promise<InsightMeasurement> {
  const database = await createSeededDatabase(job.dialect, job.postgresUrl);
  let app: FastifyInstance | undefined;
  try {
    const generation = await fillWithConcerns(database, job.concerns);
    const organisationId = await cityId(database.db);
    // The coordinator signs in with a password alone here: a second factor changes the sign-in, not the report.
    const config = {
      ...loadConfig({ HAVEN_ENV: 'test', LOG_LEVEL: 'silent', TWO_FACTOR_ENFORCED: 'false' }),
      database: database.config,
    };
    app = await buildApp({ config, db: database.db });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    // The last whole calendar year: a full year of the three the generator makes.
    const year = Number(todayInLondon().slice(0, 4)) - 1;
    const span: Span = { organisationId, ...periodInstants(calendarYearPeriod(year)) };
    const inYear = await countByHourAndStatus(database.db, span);
    const about = `${inYear.reduce((sum, row) => sum + row.count, 0).toLocaleString('en-GB')} concerns in ${year}`;
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
          ]);
          for await (const batch of triageTimes(database.db, span)) void batch;
        },
      },
      {
        name: 'by service area',
        path: `/insight/download?table=byServiceArea&format=csv&period=calendar-year&calendarYear=${year}`,
        expect: { pattern: 'Housing Services', count: 1, what: 'Housing Services rows' },
        sql: () => Promise.all([countByServiceArea(database.db, span), countRestricted(database.db, span)]),
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
    await app.close();
    app = undefined;
    return { generation, pages, importRun: await measureImport(database, job.importRows) };
  } finally {
    await app?.close();
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

async function measureImport(database: BenchDatabase, rows: number): Promise<ImportMeasurement> {
  const folder = await mkdtemp(path.join(tmpdir(), 'haven-import-bench-'));
  try {
    const file = path.join(folder, 'history.csv');
    await writeExport(file, rows);
    const mapping = path.join(folder, 'mapping.json');
    await writeExportMapping(mapping);
    return await runImport(database, { file, mapping, rows });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

serveChild(measureInsight);
