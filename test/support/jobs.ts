import { type Config, loadConfig } from '../../src/config.ts';
import { openAttachmentStore } from '../../src/attachment-store/open-attachment-store.ts';
import { type HavenDb, connectDatabase } from '../../src/db/connect.ts';
import { seedDemoData } from '../../src/db/demo-data.ts';
import { jobKinds } from '../../src/jobs/job-kinds.ts';
import type { JobDeps, JobKind, JobLog } from '../../src/jobs/job-types.ts';
import { type JobResult, runDueJobs } from '../../src/jobs/job-worker.ts';
import { type Mailer, createMailer } from '../../src/mail/mailer.ts';
import { type TestDatabase, createTestDatabase } from './database.ts';
import { type TestSmtpServer, startSmtpServer } from './smtp-server.ts';

export type JobsHarness = {
  db: HavenDb;
  database: TestDatabase;
  smtp: TestSmtpServer;
  config: Config;
  mailer: Mailer;
  /** What the jobs get at `now`, on this database or another connection to it. */
  deps(now: Date, db?: HavenDb, mailer?: Mailer): JobDeps;
  /** One worker's run of every job due at `now`. */
  runJobs(now: Date, options?: { workerId?: string; db?: HavenDb; kinds?: readonly JobKind[] }): Promise<JobResult[]>;
  /** Another connection (pool) to the same database, as a second Haven instance would have. */
  connectAgain(): HavenDb;
  close(): Promise<void>;
};

export const silentLog: JobLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A fresh database with the demo organisations, a real SMTP server, and a mailer pointed at it. */
export async function startJobsHarness(environment: Record<string, string> = {}): Promise<JobsHarness> {
  const database = await createTestDatabase();
  await seedDemoData(database.db);
  const smtp = await startSmtpServer();
  const config = loadConfig({
    HAVEN_ENV: 'test',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Haven <haven@council.example>',
    HAVEN_BASE_URL: 'https://haven.council.example',
    ...environment,
  });
  const mailer = createMailer(config.mail, silentLog);
  const others: HavenDb[] = [];
  const deps = (now: Date, db = database.db, via = mailer): JobDeps => ({
    db,
    mailer: via,
    baseUrl: config.mail.baseUrl,
    triageWarningHours: config.jobs.triageWarningHours,
    attachments: openAttachmentStore(config, db),
    now,
  });
  return {
    db: database.db,
    database,
    smtp,
    config,
    mailer,
    deps,
    runJobs: (now, options = {}) =>
      runDueJobs({
        deps: deps(now, options.db),
        kinds: options.kinds ?? jobKinds,
        workerId: options.workerId ?? 'test-worker',
        log: silentLog,
      }),
    connectAgain() {
      const db = connectDatabase(database.config);
      others.push(db);
      return db;
    },
    async close() {
      mailer.close();
      await Promise.all(others.map((db) => db.destroy()));
      await smtp.close();
      await database.drop();
    },
  };
}
