import type { AttachmentStore } from '../attachment-store/attachment-store.ts';
import type { HavenDb } from '../db/connect.ts';
import type { Mailer } from '../mail/mailer.ts';

/** What a job may use. `now` is the worker's clock for this run, so tests choose the time. */
export type JobDeps = Readonly<{
  db: HavenDb;
  mailer: Mailer;
  /** Where links in emails lead, without a trailing slash. */
  baseUrl: string;
  triageWarningHours: number;
  /** Where attachment bytes are kept, for disposal to remove them. */
  attachments: AttachmentStore;
  now: Date;
}>;

/**
 * One kind of background job. `run` gets the stored payload (ids only) and returns a short
 * outcome for the log, such as "sent" or "no-recipients", never personal data. A kind with
 * `schedule` also finds its own due work: every worker calls it at every poll, which is safe
 * because what it enqueues carries a dedupe key.
 */
export type JobKind = Readonly<{
  kind: string;
  run(payload: unknown, deps: JobDeps): Promise<string>;
  schedule?(deps: JobDeps): Promise<number>;
}>;

/** pino's shape, so Fastify's logger fits; details are kind, id, outcome and error code only. */
export type JobLog = {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};
