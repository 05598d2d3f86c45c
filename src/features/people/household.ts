import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { Refusal, refusalAsValue } from '../../errors.ts';
import { recordAuditEvents } from '../../concerns/audit.queries.ts';
import { auditedRead } from '../../concerns/audited-read.ts';
import { authorizePerson } from './person-page.ts';
import { lockLivePeople, recordPersonEvent, setHousehold } from './person-changes.queries.ts';
import { findPeopleAtAddress, searchPeopleByName } from './person-search.queries.ts';
import { findPersonRecord, findVisiblePerson, listHouseholdMembers } from './person.queries.ts';

// Households (issue 4): people who live together share a household id, so each one's page lists
// the others and their concerns. A household is only that shared id; it has no record of its own.

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The household as it stands, people at the same address, and, if asked, people found by name. */
export async function findHouseholdChoices(
  db: HavenDb,
  actor: Actor,
  personId: string,
  search: string,
  requestId: string | null,
) {
  const person = await authorizePerson(db, actor, personId);
  return auditedRead(
    db,
    actor,
    requestId,
    async (trx) => {
      const members = await listHouseholdMembers(trx, actor, person.householdId, person.id);
      const except = [person.id, ...members.map((m) => m.id)];
      const [atAddress, results] = await Promise.all([
        findPeopleAtAddress(trx, actor, person.address, except),
        search ? searchPeopleByName(trx, actor, search, except) : Promise.resolve([]),
      ]);
      return { person, members, atAddress, results };
    },
    ({ members, atAddress, results }) => ({
      'person.viewed': [person.id],
      'person.listed': [...members, ...atAddress, ...results].map((p) => p.id),
    }),
  );
}

export type HouseholdRefusal = 'unknown-member' | 'changed';
const unknownMember = () => new Refusal('person-not-offered', 'unknown-member' as const);

/**
 * Puts the member in this person's household (starting one if they have none). A member who was
 * in another household moves; the rest of that household stays as it was.
 */
export async function addToHousehold(
  db: HavenDb,
  actor: Actor,
  personId: string,
  memberId: string,
  requestId: string | null,
): Promise<{ ok: true } | Refusal<HouseholdRefusal>> {
  const person = await authorizePerson(db, actor, personId);
  if (!uuid.test(memberId) || memberId === person.id) return unknownMember();
  return refusalAsValue(async () => {
    await db.transaction().execute(async (trx) => {
      if (!(await lockLivePeople(trx, actor, [person.id, memberId]))) {
        throw (await findPersonRecord(trx, actor, memberId))
          ? new Refusal('person-changed', 'changed')
          : unknownMember();
      }
      if (!(await findVisiblePerson(trx, actor, memberId))) throw unknownMember();
      // Read again under the lock: someone may have changed the household since the page was drawn.
      const current = await findPersonRecord(trx, actor, person.id);
      const householdId = current?.householdId ?? randomUUID();
      await setHousehold(trx, actor, [person.id, memberId], householdId);
      for (const id of [person.id, memberId]) {
        await recordPersonEvent(trx, actor, { personId: id, kind: 'household_joined', details: { householdId } });
      }
      await recordAuditEvents(trx, actor, 'person.household-changed', [person.id, memberId], requestId);
    });
    return { ok: true as const };
  });
}

/** Takes this person out of their household; nothing to do if they are in none. */
export async function leaveHousehold(db: HavenDb, actor: Actor, personId: string, requestId: string | null) {
  const person = await authorizePerson(db, actor, personId);
  await db.transaction().execute(async (trx) => {
    if (!(await lockLivePeople(trx, actor, [person.id]))) return;
    const current = await findPersonRecord(trx, actor, person.id);
    if (!current?.householdId) return;
    await setHousehold(trx, actor, [person.id], null);
    await recordPersonEvent(trx, actor, {
      personId: person.id,
      kind: 'household_left',
      details: { householdId: current.householdId },
    });
    await recordAuditEvents(trx, actor, 'person.household-changed', [person.id], requestId);
  });
}
