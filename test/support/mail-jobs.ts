import { jobKinds } from '../../src/jobs/job-kinds.ts';
import { openAttachmentStore } from '../../src/attachment-store/open-attachment-store.ts';
import { runDueJobs } from '../../src/jobs/job-worker.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import type { TestApp } from './app.ts';
import { silentLog } from './jobs.ts';
import { type TestSmtpServer, startSmtpServer } from './smtp-server.ts';

/** The settings that point Haven's mail at a test SMTP server. */
export function mailEnvironment(smtp: TestSmtpServer, baseUrl = 'https://haven.council.example') {
  return { SMTP_URL: smtp.url, MAIL_FROM: 'Haven <haven@council.example>', HAVEN_BASE_URL: baseUrl };
}

export { startSmtpServer };

/** Runs every due job once, as Haven's worker would, sending mail through the app's configured relay. */
export async function runMailJobs(t: Pick<TestApp, 'db' | 'config'>, now = new Date()) {
  const mailer = createMailer(t.config.mail, silentLog);
  try {
    return await runDueJobs({
      deps: {
        db: t.db,
        mailer,
        baseUrl: t.config.mail.baseUrl,
        triageWarningHours: t.config.jobs.triageWarningHours,
        attachments: openAttachmentStore(t.config, t.db),
        now,
      },
      kinds: jobKinds,
      workerId: 'test-worker',
      log: silentLog,
    });
  } finally {
    mailer.close();
  }
}

/** The one-time link in the latest email to this address. */
export function invitationLinkFor(smtp: TestSmtpServer, email: string): string {
  const mail = smtp.received.findLast((message) => message.recipients.includes(email));
  const link = mail && /(https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!link) throw new Error(`no invitation emailed to ${email}`);
  return link;
}
