import type { HavenDb } from '../db/connect.ts';
import { transactionNotWaitingForDisk } from '../db/unflushed-commit.ts';
import type { Actor } from '../domain/access-policy.ts';
import { type AuditAction, recordAuditEventsOfActions } from './audit.queries.ts';

/** The ids a read showed, by what the reader did with them (opened one, saw many in a list). */
export type ReadTrail = Partial<Record<AuditAction, readonly string[]>>;

/**
 * Runs a read that shows people's details and audits what it showed, in one transaction: the
 * read and its audit trail commit together or not at all. Each id is audited once per action,
 * and every action's events are written together, as one stretch of the chain. The commit does
 * not wait for the disk (db/unflushed-commit.ts says why and what that risks).
 */
export async function auditedRead<Result>(
  db: HavenDb,
  actor: Actor,
  requestId: string | null,
  read: (trx: HavenDb) => Promise<Result>,
  shown: (result: Result) => ReadTrail,
): Promise<Result> {
  return transactionNotWaitingForDisk(db, async (trx) => {
    const result = await read(trx);
    const trail = Object.entries(shown(result)) as Array<[AuditAction, readonly string[]]>;
    await recordAuditEventsOfActions(
      trx,
      actor,
      trail.map(([action, ids]) => ({ action, subjectIds: [...new Set(ids)] })),
      requestId,
    );
    return result;
  });
}
