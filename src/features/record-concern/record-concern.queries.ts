import { sql, type Transaction } from 'kysely';
import type { HavenDb } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { type CompleteConcern, type ConcernDraft, concernDraft } from './record-concern.schema.ts';

type Trx = Transaction<Database>;

export async function findDraft(db: HavenDb, actor: Actor): Promise<ConcernDraft> {
  const row = await db
    .selectFrom('concern_drafts')
    .select('answers')
    .where('user_id', '=', actor.userId)
    .where('organisation_id', '=', actor.organisationId)
    .executeTakeFirst();
  return parseDraft(row?.answers);
}

/**
 * Removes the draft and returns it, in one statement: the row lock this takes makes a second,
 * simultaneous "Send concern" find nothing to send, so a double click cannot record twice.
 */
export async function takeDraft(trx: Trx, actor: Actor): Promise<ConcernDraft> {
  const row = await trx
    .deleteFrom('concern_drafts')
    .where('user_id', '=', actor.userId)
    .where('organisation_id', '=', actor.organisationId)
    .returning('answers')
    .executeTakeFirst();
  return parseDraft(row?.answers);
}

function parseDraft(answers: string | undefined): ConcernDraft {
  if (!answers) return {};
  const parsed = concernDraft.safeParse(JSON.parse(answers));
  return parsed.success ? parsed.data : {};
}

export async function saveDraft(db: HavenDb, actor: Actor, draft: ConcernDraft): Promise<void> {
  const values = {
    user_id: actor.userId,
    organisation_id: actor.organisationId,
    answers: JSON.stringify(draft),
    updated_at: new Date().toISOString(),
  };
  await db
    .insertInto('concern_drafts')
    .values(values)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ answers: values.answers, updated_at: values.updated_at }))
    .execute();
}

export async function listCategories(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('categories')
    .select(['id', 'name', 'applies_to as appliesTo'])
    .where('organisation_id', '=', organisationId)
    .orderBy('sort_order')
    .execute();
}

export async function listServiceAreas(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('service_areas')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .orderBy('sort_order')
    .execute();
}

export async function findReporterServiceArea(db: HavenDb, actor: Actor): Promise<string | null> {
  const row = await db.selectFrom('users').select('service_area_id').where('id', '=', actor.userId).executeTakeFirst();
  return row?.service_area_id ?? null;
}

/** Takes the next number in the organisation's yearly sequence; the row lock serialises writers. */
export async function takeNextReferenceNumber(trx: Trx, organisationId: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('reference_counters')
    .values({ organisation_id: organisationId, year, last_number: 1 })
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'year']).doUpdateSet({ last_number: sql`reference_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export type NewConcern = {
  id: string;
  reference: string;
  actor: Actor;
  createdAt: string;
  personId: string;
  answers: CompleteConcern;
};

export async function insertConcern(trx: Trx, concern: NewConcern): Promise<void> {
  const { actor, answers } = concern;
  const organisation_id = actor.organisationId;
  await trx
    .insertInto('concerns')
    .values({
      id: concern.id,
      organisation_id,
      reference: concern.reference,
      reporter_id: actor.userId,
      service_area_id: answers.serviceAreaId,
      what_happened: answers.whatHappened.description,
      happened_on: answers.whatHappened.happenedOn,
      location: answers.whatHappened.location,
      status: 'awaiting_triage',
      created_at: concern.createdAt,
    })
    .execute();
  await trx
    .insertInto('concern_people')
    .values({
      id: concern.personId,
      organisation_id,
      concern_id: concern.id,
      name: answers.person.name,
      age_group: answers.person.ageGroup,
      role_in_concern: 'person_at_risk',
    })
    .execute();
  await trx
    .insertInto('concern_categories')
    .values(answers.categoryIds.map((category_id) => ({ organisation_id, concern_id: concern.id, category_id })))
    .execute();
}
