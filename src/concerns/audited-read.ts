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
