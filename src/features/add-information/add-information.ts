import type { HavenDb } from '../../db/connect.ts';
import { type Actor, canAddInformation } from '../../domain/access-policy.ts';
import { HavenError } from '../../errors.ts';
import { recordConcernChange } from '../../concerns/concern-event.ts';
import { findConcernAccessFacts } from '../../concerns/concern-access.queries.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The concern, if the actor recorded it. Anyone else, even a DSO who may read it, gets "not
 * found": new information comes from the reporter (procedures 14.13); case work has its own records.
 */
export async function authorizeAddInformation(db: HavenDb, actor: Actor, concernId: string) {
  const facts = uuid.test(concernId) ? await findConcernAccessFacts(db, actor, concernId) : null;
  if (!facts || !canAddInformation(actor, facts)) throw new HavenError('not-found');
  return facts;
}

/** Adds the reporter's new information to the concern's timeline, audited in the same transaction. */
export async function addInformation(
  db: HavenDb,
  actor: Actor,
  concernId: string,
  text: string,
  requestId: string | null,
): Promise<void> {
  await authorizeAddInformation(db, actor, concernId);
  await db.transaction().execute(async (trx) => {
    await recordConcernChange(trx, actor, concernId, { kind: 'information_added', details: { text } }, requestId);
  });
}
