import assert from 'node:assert/strict';
import { openAttachmentStore } from '../attachment-store/open-attachment-store.ts';
import { after, before, describe, it } from 'node:test';
import { buildConcern } from '../../test/support/builders.ts';
import { type JobsHarness, silentLog, startJobsHarness } from '../../test/support/jobs.ts';
import { createMailer } from '../mail/mailer.ts';
import { jobKinds } from './job-kinds.ts';
import { claimNextJob, leaseMs } from './job-queue.queries.ts';
import { runDueJobs, startJobWorker } from './job-worker.ts';

describe('job worker', () => {
  let h: JobsHarness;
  before(async () => {
    h = await startJobsHarness();
  });
  after(() => h.close());

  const jobFor = (concernId: string) =>
    h.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', `new-concern:${concernId}`).executeTakeFirstOrThrow();
  const mailAbout = (concernId: string) => h.smtp.received.filter((mail) => mail.text.includes(concernId));
  const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);
  // A reporter with no line manager, so each concern queues one job: the new-concern email.
  const reporter = 'reporter@district.example';

  it('once stopping, finishes the job under way and claims no other (issue 12: SIGTERM)', async () => {
    const concerns = [await buildConcern(h.db, reporter), await buildConcern(h.db, reporter)];
    const now = new Date();
    let stopping = false;
    const kinds = jobKinds.map((kind) => ({
      ...kind,
      // SIGTERM arrives while the first job runs.
      run: async (payload: unknown, deps: Parameters<typeof kind.run>[1]) => {
        stopping = true;
        return kind.run(payload as never, deps);
      },
    }));
    const run = { deps: h.deps(now), kinds, workerId: 'stopping-worker', log: silentLog, stopping: () => stopping };
    const results = await runDueJobs(run);
    assert.deepEqual(outcomes(results), ['sent'], 'the job under way finished');
    const pending = await h.db
      .selectFrom('jobs')
      .select('status')
      .where(
        'dedupe_key',
        'in',
        concerns.map((concern) => `new-concern:${concern.id}`),
      )
      .execute();
    assert.deepEqual(
      pending.map((job) => job.status).sort(),
      ['done', 'pending'],
      'the other was left for another worker',
    );
    assert.equal(outcomes(await h.runJobs(now)).length, 1, 'and is sent by the next worker');
  });

  it('retries while the relay refuses, waiting longer each time, and sends once it accepts', async () => {
    const concern = await buildConcern(h.db, reporter);
    const now = new Date();
    h.smtp.refusing = true;
    assert.deepEqual(outcomes(await h.runJobs(now)), ['retry']);
    assert.equal((await jobFor(concern.id)).last_error, 'EMESSAGE 451');
    assert.equal((await jobFor(concern.id)).run_at, plus(now, 60_000).toISOString());
    assert.deepEqual(await h.runJobs(plus(now, 59_999)), [], 'not due again before the minute is up');
    assert.deepEqual(outcomes(await h.runJobs(plus(now, 60_000))), ['retry']);
    assert.equal((await jobFor(concern.id)).run_at, plus(now, 60_000 + 120_000).toISOString());
    h.smtp.refusing = false;
    assert.deepEqual(outcomes(await h.runJobs(plus(now, 180_000))), ['sent']);
    assert.equal(mailAbout(concern.id).length, 1);
    assert.equal((await jobFor(concern.id)).status, 'done');
  });

  it('gives up after the last attempt, and sends nothing more', async () => {
    const concern = await buildConcern(h.db, reporter);
    h.smtp.refusing = true;
    let now = new Date();
    const seen: string[] = [];
    for (let attempt = 0; attempt < 10 && !seen.includes('failed'); attempt++) {
      seen.push(...outcomes(await h.runJobs(now)));
      now = new Date((await jobFor(concern.id)).run_at);
    }
    h.smtp.refusing = false;
    assert.deepEqual(seen, ['retry', 'retry', 'retry', 'retry', 'failed']);
    assert.equal((await jobFor(concern.id)).status, 'failed');
    assert.deepEqual(await h.runJobs(plus(now, 86_400_000)), []);
    assert.equal(mailAbout(concern.id).length, 0);
  });

  it('sends a crashed worker’s job once its lease runs out; fails it if that was its last attempt', async () => {
    const concern = await buildConcern(h.db, reporter);
    const now = new Date();
    assert.ok(await claimNextJob(h.db, ['notify-new-concern'], 'crashed-worker', now));
    assert.deepEqual(await h.runJobs(plus(now, leaseMs)), [], 'the crashed worker’s lease still holds');
    assert.deepEqual(outcomes(await h.runJobs(plus(now, leaseMs + 1))), ['sent']);
    assert.equal(mailAbout(concern.id).length, 1);

    const lastTry = await buildConcern(h.db, reporter);
    await h.db
      .updateTable('jobs')
      .set({ max_attempts: 1 })
      .where('dedupe_key', '=', `new-concern:${lastTry.id}`)
      .execute();
    const then = new Date();
    assert.ok(await claimNextJob(h.db, ['notify-new-concern'], 'crashed-worker', then));
    assert.deepEqual(outcomes(await h.runJobs(plus(then, leaseMs + 1))), ['failed']);
    assert.equal((await jobFor(lastTry.id)).last_error, 'LEASE_EXPIRED');
    assert.equal(mailAbout(lastTry.id).length, 0);
  });

  it('never sends twice when two Haven instances work the same jobs at once', async () => {
    const concerns = [];
    for (let i = 0; i < 12; i++) concerns.push(await buildConcern(h.db, reporter));
    const now = new Date();
    // Two instances: each its own database connection (pool) and its own SMTP transport.
    const instances = ['instance-a', 'instance-b'].map((workerId) => ({
      workerId,
      db: h.connectAgain(),
      mailer: createMailer(h.config.mail, silentLog),
    }));
    const results = await Promise.all(
      instances.map(({ workerId, db, mailer }) =>
        runDueJobs({ deps: h.deps(now, db, mailer), kinds: jobKinds, workerId, log: silentLog }),
      ),
    );
    instances.forEach(({ mailer }) => mailer.close());
    const ran = results.flat().map((result) => result.id);
    assert.equal(ran.length, concerns.length, 'each job ran once between them');
    assert.equal(new Set(ran).size, concerns.length);
    for (const concern of concerns) {
      assert.equal(mailAbout(concern.id).length, 1, `one message for ${concern.reference}`);
      assert.equal((await jobFor(concern.id)).status, 'done');
    }
  });

  it('polls until stopped, sending what has become due', async () => {
    const concern = await buildConcern(h.db, reporter);
    const worker = startJobWorker({
      deps: {
        db: h.db,
        mailer: h.mailer,
        baseUrl: h.config.mail.baseUrl,
        triageWarningHours: 2,
        attachments: openAttachmentStore(h.config, h.db),
      },
      kinds: jobKinds,
      workerId: 'polling-worker',
      log: silentLog,
      pollSeconds: 1,
    });
    try {
      await h.smtp.waitForMessages(h.smtp.received.length + 1);
    } finally {
      await worker.stop();
    }
    assert.equal(mailAbout(concern.id).length, 1);
    assert.equal((await jobFor(concern.id)).status, 'done');
  });
});

const outcomes = (results: Array<{ outcome: string }>) => results.map((result) => result.outcome);
