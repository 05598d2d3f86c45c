import type { HavenDb } from '../../db/connect.ts';
import { type Actor, isAllowed } from '../../domain/access-policy.ts';
import { accessEntryVisible } from '../../domain/person-index.ts';
import { HavenError } from '../../errors.ts';
import { auditedRead } from '../../concerns/audited-read.ts';
import { describeChronology } from './chronology.ts';
import { findPersonChronology } from './chronology.queries.ts';
import { listPersonChanges, listPersonReads } from './person-access.queries.ts';
import { roleText } from '../../concerns/answer-labels.ts';
import {
  findPersonRecord,
  findVisiblePerson,
  listConcernsOf,
  listHouseholdMembers,
  listMergedInto,
} from './person.queries.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A live person the actor may see. Anything else is "not found": another organisation's person,
 * a merged record, or someone known to the actor's organisation only through concerns the actor
 * may not see, so an id reveals nothing.
 */
export async function authorizePerson(db: HavenDb, actor: Actor, personId: string) {
  const person = uuid.test(personId) ? await findVisiblePerson(db, actor, personId) : undefined;
  if (!person) throw new HavenError('not-found');
  return person;
}

/** The id a person page should show: the record itself, or the one it was merged into. */
export async function survivingPersonId(db: HavenDb, actor: Actor, personId: string): Promise<string> {
  let record = uuid.test(personId) ? await findPersonRecord(db, actor, personId) : undefined;
  // Merges repoint earlier duplicates, so this is one step; two merges at once can leave two.
  for (let hops = 0; record?.mergedIntoId && hops < 10; hops++) {
    record = await findPersonRecord(db, actor, record.mergedIntoId);
  }
  if (!record || record.mergedIntoId) throw new HavenError('not-found');
  return record.id;
}

const readText: Record<string, string> = {
  'person.viewed': 'Opened their record',
  'person.listed': 'Saw them in a list',
};
const changeText: Record<string, string> = {
  created: 'Added them to the person index from a concern',
  linked: 'Linked them to a concern',
  merged: 'Merged a duplicate record into this one',
  household_joined: 'Put them in a household',
  household_left: 'Took them out of a household',
  rectified: 'Corrected their details',
};

/** Who has seen or changed this person, newest first, as far as this reader may know it. */
async function findAccess(db: HavenDb, actor: Actor, personIds: readonly string[]) {
  const [reads, changes] = await Promise.all([
    listPersonReads(db, actor, personIds),
    listPersonChanges(db, actor, personIds),
  ]);
  return [
    ...reads.map((r) => ({ ...r, concernRestricted: null, text: readText[r.action] ?? r.action })),
    ...changes.map((c) => ({
      ...c,
      concernRestricted: c.restricted === null ? null : Number(c.restricted) === 1,
      text: changeText[c.kind] ?? c.kind,
    })),
  ]
    .filter((entry) => accessEntryVisible(actor, entry))
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 200);
}

/** Every read a person's page makes once access is decided (the bench calls these bare). */
export async function readPersonPage(db: HavenDb, actor: Actor, person: Awaited<ReturnType<typeof authorizePerson>>) {
  const [concerns, members, rows, mergedIds] = await Promise.all([
    listConcernsOf(db, actor, [person.id]),
    listHouseholdMembers(db, actor, person.householdId, person.id),
    findPersonChronology(db, actor, person.id),
    listMergedInto(db, actor, person.id),
  ]);
  const memberConcerns = await listConcernsOf(
    db,
    actor,
    members.map((m) => m.id),
  );
  const canManage = isAllowed(actor, 'person:manage');
  const access = canManage ? await findAccess(db, actor, [person.id, ...mergedIds]) : null;
  return { concerns, members, rows, memberConcerns, access, canManage };
}

/**
 * One person's page: details, household, concerns (within the reader's scope), chronology and,
 * for DSOs and DSLs, who has seen or changed them. The person, the household members listed and
 * each concern read in the chronology are audited in the same transaction.
 */
export async function viewPerson(db: HavenDb, actor: Actor, personId: string, requestId: string | null) {
  const person = await authorizePerson(db, actor, personId);
  const { concerns, members, rows, memberConcerns, access, canManage } = await auditedRead(
    db,
    actor,
    requestId,
    (trx) => readPersonPage(trx, actor, person),
    ({ concerns, members, memberConcerns }) => ({
      'person.viewed': [person.id],
      'person.listed': members.map((m) => m.id),
      'concern.read-in-chronology': concerns.map((c) => c.concernId),
      'concern.listed': memberConcerns.map((c) => c.concernId),
    }),
  );
  const byConcern = new Map<string, { reference: string; role: string }>();
  for (const c of concerns) {
    const seen = byConcern.get(c.concernId);
    const role = roleText(c.role);
    byConcern.set(c.concernId, { reference: c.reference, role: seen ? `${seen.role}, ${role}` : role });
  }
  return {
    person,
    // References of the concerns this reader may see, for where each detail came from.
    references: new Map(concerns.map((c) => [c.concernId, c.reference])),
    concerns,
    household: members.map((m) => ({ ...m, concerns: memberConcerns.filter((c) => c.personId === m.id) })),
    chronology: describeChronology(rows, byConcern),
    access,
    canManage,
  };
}
