import type { HavenDb } from '../db/connect.ts';
import type { Actor } from '../domain/access-policy.ts';
import { type AuditAction, recordEventsOfRead } from './audit.queries.ts';

/** The ids a read showed, by what the reader did with them (opened one, saw many in a list). */
export type ReadTrail = Partial<Record<AuditAction, readonly string[]>>;

/**
 * Runs a read that shows people's details and audits what it showed: the result is returned
 * only once its audit trail has committed, so nothing is shown that was not recorded, and if
 * the audit fails nothing read is shown. Each id is audited once per action, and every
 * action's events are written together, as one stretch of the chain (recordEventsOfRead).
 * The read itself only reads, so it runs before the audit, not in a transaction with it: on
 * PostgreSQL its independent queries then run side by side on the pool's connections, where
 * one transaction's connection ran them one after another.
 */
export async function auditedRead<Result>(
  db: HavenDb,
  actor: Actor,
  requestId: string | null,
  read: (db: HavenDb) => Promise<Result>,
  shown: (result: Result) => ReadTrail,
): Promise<Result> {
  const result = await read(db);
  const trail = Object.entries(shown(result)) as Array<[AuditAction, readonly string[]]>;
  await recordEventsOfRead(
    db,
    actor,
    trail.map(([action, ids]) => ({ action, subjectIds: [...new Set(ids)] })),
    requestId,
  );
  return result;
}

/**
 * A list that names people, audited while the rest of its page is read: the listed ids are
 * known once the list is read, so their audit is written beside the reads that complete the
 * page (names, categories), not after them: on PostgreSQL, one round trip fewer a page. Nothing
 * is returned until both are done. If completing the page fails once the audit has committed,
 * the trail holds a list its reader was not shown: too much, never too little.
 */
export async function auditedList<Row extends { id: string }, Result>(
  db: HavenDb,
  actor: Actor,
  requestId: string | null,
  list: (db: HavenDb) => Promise<readonly Row[]>,
  action: AuditAction,
  complete: (db: HavenDb, rows: readonly Row[]) => Promise<Result>,
): Promise<Result> {
  const rows = await list(db);
  const ids = [...new Set(rows.map((row) => row.id))];
  const [completed, audited] = await Promise.allSettled([
    complete(db, rows),
    recordEventsOfRead(db, actor, [{ action, subjectIds: ids }], requestId),
  ]);
  if (audited.status === 'rejected') throw audited.reason;
  if (completed.status === 'rejected') throw completed.reason;
  return completed.value;
}
