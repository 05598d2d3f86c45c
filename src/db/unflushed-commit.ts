import { AsyncLocalStorage } from 'node:async_hooks';
import type { HavenDb } from './connect.ts';
import { isPostgres } from './dialect.ts';

// An audited read changes nothing but the record that someone read something, and waiting for
// that record to reach the disk was most of a listed page's time on SQLite (about a millisecond
// a commit). So such a commit returns once its log is written, before it is flushed; every other
// commit still waits. Logs are flushed in order, so any later flushed commit makes the earlier
// ones durable too. What an operating-system crash or power cut (not a crash of Haven) can lose
// is the last moment of read records, never a change to a record, and the database and audit
// chain stay whole: such a commit is lost entirely or kept entirely.
// - PostgreSQL: synchronous_commit = off for the transaction; its WAL writer flushes within
//   3 × wal_writer_delay (600 ms by default). (An audited read appended in one statement, with no
//   transaction around it, sets the same for its own: concerns/audit.queries.ts.)
// - SQLite: synchronous = NORMAL around the transaction (it cannot change inside one), on its
//   one connection, put back before the connection is handed on; unless the last read record
//   flushed was a second or more ago, so at most a second of reads is ever waiting for the disk.
// Each dialect's driver begins such a transaction its own way (postgres-dialect.ts,
// queued-sqlite-dialect.ts): on PostgreSQL the setting goes with BEGIN, in the same round trip.

/** SQLite's setting for every other commit: in WAL mode, FULL flushes the log at each commit. */
export const flushEveryCommit = 'pragma synchronous = full';
/** For an audited read's commit: NORMAL writes the log but flushes it only at checkpoints. */
export const commitWithoutFlushing = 'pragma synchronous = normal';
/** PostgreSQL's BEGIN for a transaction whose commit does not wait: one simple query, two statements. */
export const beginNotWaitingForDisk = 'begin; set local synchronous_commit = off';

const flushAtLeastEveryMs = 1_000;
const lastFlushedByDatabase = new WeakMap<object, number>();

// Set around one transaction's start, and taken by the first BEGIN inside it: only that
// transaction's commit is let off waiting, never another begun later in the same call.
const beginning = new AsyncLocalStorage<{ notWaiting: boolean }>();

/** For a driver beginning a transaction: true once, if it is the one transactionNotWaitingForDisk asked for. */
export function takeCommitNotWaitingForDisk(): boolean {
  const asked = beginning.getStore();
  if (!asked?.notWaiting) return false;
  asked.notWaiting = false;
  return true;
}

/** A transaction whose commit does not wait for the disk: for audited reads alone. */
export async function transactionNotWaitingForDisk<Result>(
  db: HavenDb,
  work: (trx: HavenDb) => Promise<Result>,
): Promise<Result> {
  const transaction = () => db.transaction().execute(work);
  if (isPostgres(db)) return beginning.run({ notWaiting: true }, transaction);
  const database = db.getExecutor().adapter;
  const now = Date.now();
  if (now - (lastFlushedByDatabase.get(database) ?? 0) >= flushAtLeastEveryMs) {
    lastFlushedByDatabase.set(database, now);
    return transaction();
  }
  return beginning.run({ notWaiting: true }, transaction);
}
