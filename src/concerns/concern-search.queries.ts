import type { HavenDb } from '../db/connect.ts';
import { writeConcernSearch } from '../db/full-text-search.ts';
import { decryptField, decryptJson } from '../field-encryption/field-encryption.ts';

/**
 * Rebuilds a concern's search document from what is stored, decrypted here: for writers that
 * change one part of it (information added later, a rectified answer, a person's name).
 */
export async function refreshConcernSearch(db: HavenDb, organisationId: string, concernId: string): Promise<void> {
  const concern = await db
    .selectFrom('concerns')
    .select(['reference', 'what_happened', 'location', 'why_at_risk', 'visit_purpose'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', concernId)
    .executeTakeFirst();
  if (!concern) return;
  // One after another: this runs inside the writer's transaction, one connection.
  const people = await db
    .selectFrom('concern_people')
    .select('name')
    .where('organisation_id', '=', organisationId)
    .where('concern_id', '=', concernId)
    .orderBy('sort_order')
    .execute();
  const added = await db
    .selectFrom('concern_events')
    .select('details')
    .where('organisation_id', '=', organisationId)
    .where('concern_id', '=', concernId)
    .where('kind', '=', 'information_added')
    .orderBy('at')
    .execute();
  await writeConcernSearch(db, concernId, {
    reference: concern.reference,
    names: people.map((person) => person.name),
    account: [
      decryptField(concern.what_happened),
      concern.location,
      decryptField(concern.why_at_risk),
      decryptField(concern.visit_purpose),
    ],
    added: added.map((event) => {
      const text = decryptJson<{ text?: unknown }>(event.details).text;
      return typeof text === 'string' ? text : null;
    }),
  });
}
