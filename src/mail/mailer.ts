import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export type MailContent = { subject: string; text: string; html?: string };
export type MailMessage = MailContent & { to: readonly string[] };

/** Where the mailer says what it did: pino's shape, so Fastify's logger fits. */
export type MailLog = { info(details: object, message: string): void };

export type Mailer = { send(message: MailMessage): Promise<void>; close(): void };

// Every send must finish well within a job's lease (job-queue.queries.ts), or another worker
// could take the job over while this one is still talking to the relay.
const smtpTimeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

/**
 * Sends mail through the configured SMTP relay. Without SMTP_URL (allowed outside production)
 * nothing is sent and the log says so without the message: jsonTransport would "succeed" while
 * its output, recipients included, went nowhere useful or into the log.
 */
export function createMailer(mail: Config['mail'], log: MailLog): Mailer {
  if (!mail.smtpUrl) return notSendingMailer(log);
  const transport = nodemailer.createTransport(
    { url: mail.smtpUrl, ...smtpTimeouts, disableFileAccess: true, disableUrlAccess: true },
    { from: mail.from },
  );
  return {
    async send(message) {
      await transport.sendMail({ ...message, to: [...message.to] });
    },
    close: () => transport.close(),
  };
}

function notSendingMailer(log: MailLog): Mailer {
  return {
    async send() {
      log.info({ mail: 'not-sent' }, 'mail not sent: SMTP_URL not set');
    },
    close: () => undefined,
  };
}
