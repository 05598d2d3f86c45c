import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { demoSignIns, seedDemoData } from './db/demo-data.ts';
import { seedDemoHistory } from './db/demo-history.ts';
import { migrateToLatest } from './db/migrations/index.ts';
import { jobKinds } from './jobs/job-kinds.ts';
import { type JobWorker, newWorkerId, startJobWorker } from './jobs/job-worker.ts';
import { createMailer } from './mail/mailer.ts';

// Composition root: configuration → database → app → listen.
async function main() {
  const config = loadConfig();
  const db = connectDatabase(config.database);
  await migrateToLatest(db, config.database.kind === 'postgres' ? config.database.schema : undefined);
  if (config.demoData) {
    await seedDemoData(db);
    await seedDemoHistory(db);
  }
  const app = await buildApp({ config, db });
  const mailer = createMailer(config.mail, app.log);
  let jobWorker: JobWorker | undefined;
  const shutdown = async () => {
    await jobWorker?.stop();
    mailer.close();
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ host: config.host, port: config.port });
  if (config.jobs.enabled) {
    jobWorker = startJobWorker({
      deps: { db, mailer, baseUrl: config.mail.baseUrl, triageWarningHours: config.jobs.triageWarningHours },
      kinds: jobKinds,
      workerId: newWorkerId(),
      log: app.log,
      pollSeconds: config.jobs.pollSeconds,
    });
  }
  const where = config.database.kind === 'sqlite' ? `SQLite at ${config.database.file}` : 'PostgreSQL';
  console.log(`\nHaven is running at http://localhost:${config.port} (database: ${where})`);
  if (config.demoData) console.log(`${demoSignIns()}\n`);
  if (!config.twoFactor.enforced) {
    console.log(
      'Two-factor sign-in is not enforced in development; set TWO_FACTOR_ENFORCED=true to try it as production runs.\n',
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Haven could not start:', error instanceof Error ? error.message : 'unknown error');
  }
  process.exit(1);
});
