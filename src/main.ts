import { buildApp } from './app.ts';
import { openAttachmentStore } from './attachment-store/open-attachment-store.ts';
import { ConfigError, loadConfig } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { demoSignIns, seedDemoData } from './db/demo-data.ts';
import { seedDemoHistory } from './db/demo-history.ts';
import { startUpDatabase } from './db/start-up.ts';
import { installFieldKeyring } from './field-encryption/field-encryption.ts';
import { FieldKeysRefused } from './field-encryption/key-management.ts';
import { jobKinds } from './jobs/job-kinds.ts';
import { type JobWorker, newWorkerId, startJobWorker } from './jobs/job-worker.ts';
import { createMailer } from './mail/mailer.ts';
import { Readiness } from './web/readiness.ts';

// Composition root: configuration → database → app → listen (not ready) → migrate → ready.
// Listening first lets a load balancer see "starting" on /readyz while migrations run, or while
// this instance waits for another one's (db/startup-lock.ts).
async function main() {
  const config = loadConfig();
  installFieldKeyring(config.encryption);
  const db = connectDatabase(config.database);
  const readiness = new Readiness();
  const app = await buildApp({ config, db, readiness });
  const mailer = createMailer(config.mail, app.log);
  let jobWorker: JobWorker | undefined;
  // SIGTERM (a deploy, a scale-in): taken out of the load balancer at once (/readyz 503), no new
  // connections, requests in flight and the job under way finish, then the process exits.
  const shutdown = async () => {
    readiness.stopping();
    await Promise.all([app.close(), jobWorker?.stop()]);
    mailer.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ host: config.host, port: config.port });
  // A missing or wrong key stops Haven here, before anything is read or written.
  const applied = await startUpDatabase(db, config, async () => {
    if (config.demoData) {
      await seedDemoData(db);
      await seedDemoHistory(db);
    }
  });
  console.log(`Database migrations applied: ${applied}`);
  if (readiness.state === 'stopping') return;
  readiness.ready();
  if (config.jobs.enabled) {
    jobWorker = startJobWorker({
      deps: {
        db,
        mailer,
        baseUrl: config.mail.baseUrl,
        triageWarningHours: config.jobs.triageWarningHours,
        attachments: openAttachmentStore(config, db),
      },
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
  if (error instanceof ConfigError || error instanceof FieldKeysRefused) {
    console.error(error.message);
  } else {
    console.error('Haven could not start:', error instanceof Error ? error.message : 'unknown error');
  }
  process.exit(1);
});
