import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { chainAuditEventsInBenchmark } from '../src/concerns/audit.queries.ts';
import { loadConfig } from '../src/config.ts';
import { demoPassword } from '../src/db/demo-data.ts';
import { buildBaselineApp } from './baseline-app.ts';
import { runInChild, serveChild } from './child.ts';
import {
  type BenchDatabase,
  type Dialect,
  addBenchReporters,
  createSeededDatabase,
  dropReportCountUpkeep,
  findSeededIds,
} from './database.ts';
import type { LoadJob, LoadResult } from './load-client.ts';
import { type Measurement, sampleRss } from './stats.ts';

// Each measurement runs in a process of its own (see run.ts): resident memory never shrinks
// back, so a server measured after another would be charged for the first one's heap.

export type MeasureJob = {
  dialect: Dialect;
  server: 'haven' | 'baseline';
  users: number;
  submissions: number;
  postgresUrl?: string;
  /** False measures Haven writing its audit events unchained (the audit-chain part). */
  auditChain?: boolean;
  /** False measures Haven without migration 0034's report-count triggers and indexes (the insight part). */
  reportCounts?: boolean;
  /** False measures Haven with encryption at rest switched off (HAVEN_BENCH_WITHOUT_ENCRYPTION, the encryption part). */
  encryption?: boolean;
};

type Server = { app: FastifyInstance; job(baseUrl: string): LoadJob };

const loadClient = new URL('./load-client.ts', import.meta.url);

/** Starts one server on a fresh database, drives it from another process, and checks what was written. */
async function measure(job: MeasureJob): Promise<Measurement> {
  const database = await createSeededDatabase(job.dialect, job.postgresUrl);
  let app: FastifyInstance | undefined;
  try {
    if (job.reportCounts === false) await dropReportCountUpkeep(database);
    const server = await (job.server === 'haven' ? startHaven : startBaseline)(database, job);
    app = server.app;
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const rss = sampleRss();
    const result = await runInChild<LoadJob, LoadResult>(loadClient, server.job(baseUrl)).finally(rss.stop);
    // Each virtual user's untimed warm-up submission is in the database too.
    await expectConcernCount(database, job.users + job.submissions);
    return { ...result, peakRssBytes: rss.stop() };
  } finally {
    await app?.close();
    await database.drop();
  }
}

/** A wrong count means requests "succeeded" without recording, or recorded twice. */
async function expectConcernCount(database: BenchDatabase, expected: number): Promise<void> {
  const row = await database.db
    .selectFrom('concerns')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(row.count) !== expected)
    throw new Error(`expected ${expected} concerns in the database, found ${row.count}`);
}

async function startHaven(database: BenchDatabase, job: MeasureJob): Promise<Server> {
  chainAuditEventsInBenchmark(job.auditChain !== false);
  const emails = await addBenchReporters(database.db, job.users);
  const { categoryId, serviceAreaId } = await findSeededIds(database.db);
  const config = {
    // 10,000 is the most the configuration accepts; each virtual user signs in only once.
    ...loadConfig({
      HAVEN_ENV: 'test',
      LOG_LEVEL: 'silent',
      SIGN_IN_ATTEMPTS_PER_15_MINUTES: '10000',
      ...(job.encryption === false ? { HAVEN_BENCH_WITHOUT_ENCRYPTION: 'true' } : {}),
    }),
    database: database.config,
  };
  const app = await buildApp({ config, db: database.db });
  const { users, submissions } = job;
  const choices = { categoryId, serviceAreaId };
  return {
    app,
    job: (baseUrl) => ({ kind: 'haven', baseUrl, users, submissions, emails, password: demoPassword, choices }),
  };
}

async function startBaseline(database: BenchDatabase, job: MeasureJob): Promise<Server> {
  const app = await buildBaselineApp(database.db, await findSeededIds(database.db));
  const { users, submissions } = job;
  return { app, job: (baseUrl) => ({ kind: 'baseline', baseUrl, users, submissions }) };
}

serveChild(measure);
