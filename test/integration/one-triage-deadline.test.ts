import assert from 'node:assert/strict';
import { openAttachmentStore } from '../../src/attachment-store/open-attachment-store.ts';
import { after, before, describe, it } from 'node:test';
import { jobKinds } from '../../src/jobs/job-kinds.ts';
import { runDueJobs } from '../../src/jobs/job-worker.ts';
import { scheduleTriageBreachWarnings } from '../../src/jobs/schedule-triage-breach-warnings.ts';
import { formatDeadline } from '../../src/mail/concern-messages.ts';
import { type Mailer, createMailer } from '../../src/mail/mailer.ts';
import { formatDateTime } from '../../src/web/views.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { buildConcern } from '../support/builders.ts';
import { silentLog } from '../support/jobs.ts';
import { type TestSmtpServer, startSmtpServer } from '../support/smtp-server.ts';
import { WebClient } from '../support/web-client.ts';

const hour = 3_600_000;

// Issue 7: the deadline stored when a concern arrives is the one every page and email shows,
// even after the organisation adds a closure day that would move a deadline worked out again.
describe('one triage deadline', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Haven <haven@council.example>',
      HAVEN_BASE_URL: 'https://haven.council.example',
    });
    mailer = createMailer(t.config.mail, silentLog);
  });
  after(async () => {
    mailer.close();
    await t.close();
    await smtp.close();
  });

  const deps = (now: Date) => ({
    db: t.db,
    mailer,
    baseUrl: t.config.mail.baseUrl,
    triageWarningHours: t.config.jobs.triageWarningHours,
    attachments: openAttachmentStore(t.config, t.db),
    now,
  });
  const runJobs = (now: Date) =>
    runDueJobs({ deps: deps(now), kinds: jobKinds, workerId: 'test-worker', log: silentLog });

  it('shows the stored deadline on the concern page, in the queue and in both emails after a closure day is added', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const stored = await t.db
      .selectFrom('concerns')
      .select(['organisation_id', 'triage_deadline_at'])
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    const deadline = new Date(stored.triage_deadline_at);
    // The council closes on the day triage was due: a deadline worked out now would move past it.
    const dueOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(deadline);
    await t.db
      .insertInto('closure_days')
      .values({ organisation_id: stored.organisation_id, date: dueOn, reason: 'Office move' })
      .execute();

    await runJobs(new Date());
    const newConcernMail = smtp.received.find((mail) => mail.text.includes(concern.id));
    assert.equal(
      newConcernMail?.subject,
      `New safeguarding concern ${concern.reference} to triage by ${formatDeadline(deadline)}`,
    );

    const client = new WebClient(t.app);
    await client.signIn('dso@city.example');
    const shown = formatDateTime(deadline.toISOString());
    const page = await client.get(`/concerns/${concern.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`Triage by ${shown}`), `the concern page shows ${shown}`);
    const queue = await client.get('/triage');
    const row = queue.body.slice(queue.body.indexOf(concern.id));
    assert.ok(row.slice(0, row.indexOf('</tr>')).includes(shown), `the queue shows ${shown}`);

    const warnAt = new Date(deadline.getTime() - hour);
    await scheduleTriageBreachWarnings(deps(warnAt));
    await runJobs(warnAt);
    const warning = smtp.received.find((mail) => mail.text.includes(concern.id) && !mail.subject.startsWith('New'));
    assert.equal(
      warning?.subject,
      `Safeguarding concern ${concern.reference} still needs triage by ${formatDeadline(deadline)}`,
    );
  });
});
