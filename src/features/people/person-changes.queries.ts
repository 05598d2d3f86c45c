import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import type { IndexDetails } from '../../domain/person-index.ts';
import { nameKey, postcodeOf } from '../../domain/person-match.ts';

// Writing the person index. Every change runs inside the caller's transaction, which also writes
// its person_events row and audit events, so a change and its trail commit together.

const detailColumns = (details: IndexDetails) => ({
  name: details.name,
  name_key: nameKey(details.name),
  date_of_birth: details.dateOfBirth,
  approximate_age: details.approximateAge,
  approximate_age_on: details.approximateAgeOn,
  address: details.address,
  postcode: postcodeOf(details.address),
  household_id: details.householdId,
  name_from_concern_id: details.nameFrom,
  date_of_birth_from_concern_id: details.dateOfBirthFrom,
  approximate_age_from_concern_id: details.approximateAgeFrom,
  address_from_concern_id: details.addressFrom,
});

export async function insertPerson(trx: HavenDb, actor: Actor, details: IndexDetails): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('people')
    .values({
      ...detailColumns(details),
      id,
      organisation_id: actor.organisationId,
      created_at: new Date().toISOString(),
      created_by: actor.userId,
    })
    .execute();
  return id;
}

/**
 * Locks these records for the rest of the transaction if every one is live (not merged); false
 * if any is not. Rows are taken in id order, so two merges of the same pair in opposite
 * directions queue behind each other on PostgreSQL instead of deadlocking; the second then finds
 * a record merged and is refused. SQLite has one writer at a time anyway.
 */
export async function lockLivePeople(trx: HavenDb, actor: Actor, personIds: readonly string[]): Promise<boolean> {
  for (const id of [...personIds].sort()) {
    const result = await trx
      .updateTable('people')
      .set({ merged_into_id: null })
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .where('merged_into_id', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
  }
  return true;
}

/** Links a person named on a concern to an index record, unless someone linked them meanwhile. */
export async function linkConcernPerson(trx: HavenDb, actor: Actor, concernPersonId: string, personId: string) {
  const result = await trx
    .updateTable('concern_people')
    .set({ person_id: personId })
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', concernPersonId)
    .where('person_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Folds a duplicate into the record kept: its concern links move, records merged into it earlier
 * now point at the kept one too (so a redirect is one step), and it is marked merged, never deleted.
 * Returns the concerns whose links moved, for their audit trail.
 */
export async function mergeRecords(
  trx: HavenDb,
  actor: Actor,
  duplicateId: string,
  keptId: string,
  kept: IndexDetails,
): Promise<string[]> {
  const organisationId = actor.organisationId;
  const moved = await trx
    .selectFrom('concern_people')
    .select('concern_id')
    .distinct()
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', duplicateId)
    .execute();
  await trx
    .updateTable('concern_people')
    .set({ person_id: keptId })
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', duplicateId)
    .execute();
  await trx
    .updateTable('people')
    .set({ merged_into_id: keptId })
    .where('organisation_id', '=', organisationId)
    .where((eb) => eb.or([eb('id', '=', duplicateId), eb('merged_into_id', '=', duplicateId)]))
    .execute();
  await trx
    .updateTable('people')
    .set(detailColumns(kept))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', keptId)
    .execute();
  return moved.map((row) => row.concern_id);
}

/** Puts these records in one household (or none, with null). */
export async function setHousehold(
  trx: HavenDb,
  actor: Actor,
  personIds: readonly string[],
  householdId: string | null,
) {
  await trx
    .updateTable('people')
    .set({ household_id: householdId })
    .where('organisation_id', '=', actor.organisationId)
    .where('id', 'in', personIds)
    .execute();
}

export async function recordPersonEvent(
  trx: HavenDb,
  actor: Actor,
  event: { personId: string; kind: string; concernId?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await trx
    .insertInto('person_events')
    .values({
      id: randomUUID(),
      organisation_id: actor.organisationId,
      person_id: event.personId,
      concern_id: event.concernId ?? null,
      kind: event.kind,
      details: JSON.stringify(event.details ?? {}),
      actor_id: actor.userId,
      at: new Date().toISOString(),
    })
    .execute();
}
