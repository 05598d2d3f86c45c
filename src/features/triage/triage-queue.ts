import { auditedRead } from '../../concerns/audited-read.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { listAwaitingTriage } from './triage.queries.ts';

/** The triage queue; it names people, so each listed concern is an audited read. */
export async function viewTriageQueue(db: HavenDb, actor: Actor, requestId: string | null) {
  return auditedRead(
    db,
    actor,
    requestId,
    (trx) => listAwaitingTriage(trx, actor),
    (queue) => ({ 'concern.listed': queue.map((c) => c.id) }),
  );
}
