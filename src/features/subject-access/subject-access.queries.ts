import type { HavenDb } from '../../db/connect.ts';
import { concernsInScope, peopleInScope } from '../../db/restriction-scope.ts';
import { type Actor, restrictionScope } from '../../domain/access-policy.ts';
import { decryptField } from '../../field-encryption/field-encryption.ts';

// Reading what subject access needs. Every query names the actor's organisation, so a person or
// request of another organisation is simply not there (404); concerns are filtered through the
// kernel's restriction scope (a DSL's is every concern, restricted ones included).

/** A live person of the actor's organisation whom the actor may see, with every detail held. */
export async function findPerson(db: HavenDb, actor: Actor, personId: string) {
  return db
    .selectFrom('people')
    .select([
      'people.id',
      'people.name',
      'people.date_of_birth as dateOfBirth',
      'people.approximate_age as approximateAge',
      'people.approximate_age_on as approximateAgeOn',
      'people.address',
    ])
    .where('people.organisation_id', '=', actor.organisationId)
    .where('people.id', '=', personId)
    .where('people.merged_into_id', 'is', null)
    .where(peopleInScope(restrictionScope(actor)))
    .executeTakeFirst();
}

export type PersonHeld = NonNullable<Awaited<ReturnType<typeof findPerson>>>;

/** The record a person id now lives on: itself, or the one it was merged into (a request outlives a merge). */
export async function survivingPersonId(db: HavenDb, actor: Actor, personId: string): Promise<string> {
  let id = personId;
  for (let hops = 0; hops < 10; hops++) {
    const row = await db
      .selectFrom('people')
      .select('merged_into_id')
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.merged_into_id) return id;
    id = row.merged_into_id;
  }
  return id;
}

/** The person and the duplicate records merged into them, whose history they carry. */
export async function personAndMergedIds(db: HavenDb, actor: Actor, personId: string): Promise<string[]> {
  const merged = await db
    .selectFrom('people')
    .select('id')
    .where('organisation_id', '=', actor.organisationId)
    .where('merged_into_id', '=', personId)
    .execute();
  return [personId, ...merged.map((row) => row.id)];
}

/** Each concern within the actor's scope that names one of these records, with the record's role. */
export async function listConcernsNaming(db: HavenDb, actor: Actor, personIds: readonly string[]) {
  const rows = await db
    .selectFrom('concern_people')
    .innerJoin('concerns', 'concerns.id', 'concern_people.concern_id')
    .innerJoin('users as reporter', 'reporter.id', 'concerns.reporter_id')
    .select([
      'concerns.id',
      'concerns.reference',
      'concerns.status',
      'concerns.restricted',
      'concerns.created_at as createdAt',
      'concerns.happened_on as happenedOn',
      'concerns.what_happened as whatHappened',
      'concerns.location',
      'concerns.why_at_risk as whyAtRisk',
      'concerns.on_behalf_of_name as onBehalfOf',
      'concerns.owner_id as ownerId',
      'reporter.display_name as reporter',
      'concern_people.role_in_concern as role',
    ])
    .where('concern_people.organisation_id', '=', actor.organisationId)
    .where('concern_people.person_id', 'in', personIds)
    .where(concernsInScope(restrictionScope(actor)))
    .orderBy('concerns.created_at')
    .execute();
  // Encrypted at rest (issue 13): the bundle shows what was recorded.
  return rows.map((row) => ({
    ...row,
    whatHappened: decryptField(row.whatHappened),
    whyAtRisk: decryptField(row.whyAtRisk),
  }));
}

/** Everyone named on these concerns, for the other people (third parties) on each. */
export async function listPeopleOn(db: HavenDb, actor: Actor, concernIds: readonly string[]) {
  if (concernIds.length === 0) return [];
  return db
    .selectFrom('concern_people')
    .select([
      'concern_id as concernId',
      'person_id as personId',
      'name',
      'role_in_concern as role',
      'address',
      'date_of_birth as dateOfBirth',
    ])
    .where('organisation_id', '=', actor.organisationId)
    .where('concern_id', 'in', concernIds)
    .orderBy('sort_order')
    .execute();
}

/** The people with an action on these concerns (the access facts the kernel's case record needs). */
export async function listAssignees(db: HavenDb, actor: Actor, concernIds: readonly string[]) {
  if (concernIds.length === 0) return [];
  return db
    .selectFrom('concern_actions')
    .select(['concern_id as concernId', 'assignee_id as assigneeId'])
    .where('organisation_id', '=', actor.organisationId)
    .where('concern_id', 'in', concernIds)
    .execute();
}

const requestColumns = [
  'subject_access_requests.id',
  'subject_access_requests.person_id as personId',
  'subject_access_requests.received_on as receivedOn',
  'subject_access_requests.extension_months as extensionMonths',
  'subject_access_requests.extension_reason as extensionReason',
  'subject_access_requests.released_at as releasedAt',
  'subject_access_requests.version',
  'people.name as personName',
] as const;

/** Every request of the organisation, oldest received first: the list with each one's clock. */
export async function listRequests(db: HavenDb, actor: Actor) {
  return db
    .selectFrom('subject_access_requests')
    .innerJoin('people', 'people.id', 'subject_access_requests.person_id')
    .select(requestColumns)
    .where('subject_access_requests.organisation_id', '=', actor.organisationId)
    .orderBy('subject_access_requests.received_on')
    .limit(500)
    .execute();
}

export async function findRequest(db: HavenDb, actor: Actor, requestId: string) {
  return db
    .selectFrom('subject_access_requests')
    .innerJoin('people', 'people.id', 'subject_access_requests.person_id')
    .select(requestColumns)
    .where('subject_access_requests.organisation_id', '=', actor.organisationId)
    .where('subject_access_requests.id', '=', requestId)
    .executeTakeFirst();
}

export type SubjectAccessRequest = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

export async function listRedactions(db: HavenDb, actor: Actor, requestId: string) {
  return db
    .selectFrom('subject_access_redactions')
    .select(['id', 'text', 'origin', 'decision'])
    .where('organisation_id', '=', actor.organisationId)
    .where('request_id', '=', requestId)
    .orderBy('sort_order')
    .execute();
}

export type Redaction = Awaited<ReturnType<typeof listRedactions>>[number];
