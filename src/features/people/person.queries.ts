import { type ExpressionBuilder, sql } from 'kysely';
import type { HavenDb } from '../../db/connect.ts';
import { concernsInScope, peopleInScope, scopeSql, sourceInScope } from '../../db/restriction-scope.ts';
import type { Database } from '../../db/schema.ts';
import { type Actor, restrictionScope } from '../../domain/access-policy.ts';

// Reading the person index. A person exists, for a reader, only through a concern that reader
// may see: someone named only on a restricted allegation is not found by a DSO at all, so not
// even a search reveals that the allegation exists.

// Each detail comes from a concern; one from a restricted concern is shown only to readers whose
// scope takes in that concern, and reads as "not known" to everyone else (issue 11.5).
/** A person's details as this reader may see them, and the concern each came from. */
export function personColumnsFor(actor: Actor) {
  const scope = restrictionScope(actor);
  const shown = (column: string, source: string) =>
    sql`case when ${sourceInScope(scope, source)} then ${sql.ref(column)} end`;
  // Hidden, a detail falls back to what a concern within the reader's scope recorded, if any.
  const orRecorded = (column: 'name' | 'date_of_birth' | 'address', source: string) =>
    sql`coalesce(${shown(`people.${column}`, source)}, (
      select fallback.${sql.ref(column)} from concern_people as fallback
      join concerns on concerns.id = fallback.concern_id
      where fallback.person_id = people.id and fallback.${sql.ref(column)} is not null
        and ${scopeSql(scope)}
      order by concerns.created_at limit 1))`;
  return [
    'people.id',
    orRecorded('name', 'people.name_from_concern_id').$castTo<string | null>().as('name'),
    orRecorded('date_of_birth', 'people.date_of_birth_from_concern_id').$castTo<string | null>().as('dateOfBirth'),
    shown('people.approximate_age', 'people.approximate_age_from_concern_id')
      .$castTo<number | null>()
      .as('approximateAge'),
    shown('people.approximate_age_on', 'people.approximate_age_from_concern_id')
      .$castTo<string | null>()
      .as('approximateAgeOn'),
    orRecorded('address', 'people.address_from_concern_id').$castTo<string | null>().as('address'),
    shown('people.name_from_concern_id', 'people.name_from_concern_id').$castTo<string | null>().as('nameFrom'),
    shown('people.date_of_birth_from_concern_id', 'people.date_of_birth_from_concern_id')
      .$castTo<string | null>()
      .as('dateOfBirthFrom'),
    shown('people.approximate_age_from_concern_id', 'people.approximate_age_from_concern_id')
      .$castTo<string | null>()
      .as('approximateAgeFrom'),
    shown('people.address_from_concern_id', 'people.address_from_concern_id')
      .$castTo<string | null>()
      .as('addressFrom'),
    'people.household_id as householdId',
    'people.merged_into_id as mergedIntoId',
  ] as const;
}

// Every detail and its source, unfiltered: only for writing (a merge), never for display.
const recordColumns = [
  'people.id',
  'people.name',
  'people.name_from_concern_id as nameFrom',
  'people.date_of_birth as dateOfBirth',
  'people.date_of_birth_from_concern_id as dateOfBirthFrom',
  'people.approximate_age as approximateAge',
  'people.approximate_age_on as approximateAgeOn',
  'people.approximate_age_from_concern_id as approximateAgeFrom',
  'people.address',
  'people.address_from_concern_id as addressFrom',
  'people.household_id as householdId',
  'people.merged_into_id as mergedIntoId',
] as const;

/** Live (not merged) people the actor may see (personVisible in the access policy). */
export function visibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'people'>) =>
    eb.and([
      eb('people.organisation_id', '=', actor.organisationId),
      eb('people.merged_into_id', 'is', null),
      peopleInScope(restrictionScope(actor))(eb),
    ]);
}

/** One record of the actor's organisation, merged or not, without the visibility check. */
export async function findPersonRecord(db: HavenDb, actor: Actor, personId: string) {
  return db
    .selectFrom('people')
    .select(recordColumns)
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', personId)
    .executeTakeFirst();
}

/** The person, if live and visible to the actor. */
export async function findVisiblePerson(db: HavenDb, actor: Actor, personId: string) {
  return db
    .selectFrom('people')
    .select(personColumnsFor(actor))
    .where('people.id', '=', personId)
    .where(visibleTo(actor))
    .executeTakeFirst();
}

export type PersonRecord = NonNullable<Awaited<ReturnType<typeof findPersonRecord>>>;

/** Several people at once, live and visible to the actor (household members, candidates). */
export async function findVisiblePeople(db: HavenDb, actor: Actor, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('people')
    .select(personColumnsFor(actor))
    .where('people.id', 'in', personIds)
    .where(visibleTo(actor))
    .orderBy('people.name')
    .execute();
}

/** Each concern within the actor's scope on which these people appear, with their role on it. */
export async function listConcernsOf(db: HavenDb, actor: Actor, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('concern_people')
    .innerJoin('concerns', 'concerns.id', 'concern_people.concern_id')
    .select([
      'concern_people.person_id as personId',
      'concern_people.role_in_concern as role',
      'concern_people.age_group as ageGroup',
      'concerns.id as concernId',
      'concerns.reference',
      'concerns.status',
      'concerns.restricted',
      'concerns.created_at as createdAt',
    ])
    .where('concern_people.organisation_id', '=', actor.organisationId)
    .where('concern_people.person_id', 'in', personIds)
    .where(concernsInScope(restrictionScope(actor)))
    .orderBy('concerns.created_at')
    .execute();
}

/** The other live, visible members of a household. */
export async function listHouseholdMembers(db: HavenDb, actor: Actor, householdId: string | null, except: string) {
  if (!householdId) return [];
  return db
    .selectFrom('people')
    .select(personColumnsFor(actor))
    .where('people.household_id', '=', householdId)
    .where('people.id', '!=', except)
    .where(visibleTo(actor))
    .orderBy('people.name')
    .execute();
}

/** Records that were merged into this one, whose history it carries. */
export async function listMergedInto(db: HavenDb, actor: Actor, personId: string) {
  const rows = await db
    .selectFrom('people')
    .select('id')
    .where('organisation_id', '=', actor.organisationId)
    .where('merged_into_id', '=', personId)
    .execute();
  return rows.map((row) => row.id);
}

/** One person named on a concern, with the date the concern was recorded (for their age). */
export async function findConcernPerson(db: HavenDb, actor: Actor, concernId: string, concernPersonId: string) {
  return db
    .selectFrom('concern_people')
    .innerJoin('concerns', 'concerns.id', 'concern_people.concern_id')
    .select([
      'concern_people.id',
      'concern_people.name',
      'concern_people.role_in_concern as role',
      'concern_people.age_group as ageGroup',
      'concern_people.date_of_birth as dateOfBirth',
      'concern_people.approximate_age as approximateAge',
      'concern_people.address',
      'concern_people.person_id as personId',
      'concerns.created_at as concernCreatedAt',
    ])
    .where('concern_people.organisation_id', '=', actor.organisationId)
    .where('concern_people.concern_id', '=', concernId)
    .where('concern_people.id', '=', concernPersonId)
    .executeTakeFirst();
}
