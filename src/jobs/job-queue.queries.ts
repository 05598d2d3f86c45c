import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { isPostgres } from '../db/dialect.ts';
import type { Database, JobTable } from '../db/schema.ts';
import { retryDelayMs } from './job-failure.ts';

export type Job = Selectable<JobTable>;
type Db = Kysely<Database>;

/**
 * How long a claimed job belongs to its worker. Longer than any send may take (the mailer's
 * timeouts are far shorter), so only a crashed worker's job is ever taken over.
 */
export const leaseMs = 5 * 60_000;
export const defaultMaxAttempts = 5;

export type NewJob = Readonly<{
  organisationId: string;
  kind: string;
  /** Ids only: payloads are stored, so they must never hold personal data. */
  payload: Readonly<Record<string, string>>;
  dedupeKey: string;
  runAt?: Date;
  maxAttempts?: number;
}>;

/** Adds a job unless one with the same dedupe key exists; true when it was added. */
export async function enqueueJob(db: Db, job: NewJob, now: Date = new Date()): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .insertInto('jobs')
    .values({
      id: randomUUID(),
      organisation_id: job.organisationId,
      kind: job.kind,
      payload: JSON.stringify(job.payload),
      dedupe_key: job.dedupeKey,
      status: 'pending',
      attempts: 0,
      max_attempts: job.maxAttempts ?? defaultMaxAttempts,
      run_at: (job.runAt ?? now).toISOString(),
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Takes the next due job of the given kinds for this worker, in one statement. On PostgreSQL
 * the row lock with SKIP LOCKED lets workers sharing the database pass each other by; SQLite
 * has one writer, so its single UPDATE is atomic already. A running job whose lease has run
 * out belonged to a worker that died, and is due again.
 */
export async function claimNextJob(
  db: Db,
  kinds: readonly string[],
  workerId: string,
  now: Date,
): Promise<Job | undefined> {
  if (kinds.length === 0) return undefined;
  const at = now.toISOString();
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      locked_by: workerId,
      locked_until: new Date(now.getTime() + leaseMs).toISOString(),
      updated_at: at,
    }))
    .where('id', '=', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('kind', 'in', kinds)
        .where(isDue(at))
        .orderBy('run_at')
        .limit(1)
        .$if(isPostgres(db), (qb) => qb.forUpdate().skipLocked()),
    )
    .returningAll()
    .executeTakeFirst();
}

function isDue(at: string) {
  return (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.or([
      eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', at)]),
      eb.and([eb('status', '=', 'running'), eb('locked_until', '<', at)]),
    ]);
}

/** Only the worker holding the lease may finish a job: a late one that lost it changes nothing. */
export async function markJobDone(db: Db, job: Job, workerId: string, now: Date): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'done', locked_by: null, locked_until: null, last_error: null, updated_at: now.toISOString() })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
}

/**
 * Records a failed attempt: the job waits longer after each failure, and fails for good once
 * it has used its attempts. `errorCode` is a code such as ECONNECTION, never a message.
 */
export async function markJobFailed(
  db: Db,
  job: Job,
  workerId: string,
  errorCode: string,
  now: Date,
): Promise<'retry' | 'failed'> {
  const exhausted = job.attempts >= job.max_attempts;
  await db
    .updateTable('jobs')
    .set({
      status: exhausted ? 'failed' : 'pending',
      run_at: exhausted ? job.run_at : new Date(now.getTime() + retryDelayMs(job.attempts)).toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: errorCode,
      updated_at: now.toISOString(),
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
  return exhausted ? 'failed' : 'retry';
}
