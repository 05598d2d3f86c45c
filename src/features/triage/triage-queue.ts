import { auditedList } from '../../concerns/audited-read.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { awaitingTriage, withSummaries } from './triage.queries.ts';

/** The triage queue; it names people, so the list is audited, while its summary lines are read. */
export async function viewTriageQueue(db: HavenDb, actor: Actor, requestId: string | null) {
  return auditedList(
    db,
    actor,
    requestId,
    (db) => awaitingTriage(db, actor),
    'concern.listed',
    (db, rows) => withSummaries(db, actor, rows),
  );
}
