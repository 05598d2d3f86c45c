import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';

/** The facts the access policy needs, always scoped to the actor's organisation. */
export async function findConcernAccessFacts(db: HavenDb, actor: Actor, concernId: string) {
  const row = await db
    .selectFrom('concerns')
    .select(['id', 'reference', 'organisation_id', 'reporter_id', 'owner_id', 'status', 'version', 'restricted'])
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', concernId)
    .executeTakeFirst();
  if (!row) return null;
  const assignees = await db
    .selectFrom('concern_actions')
    .select('assignee_id')
    .where('organisation_id', '=', actor.organisationId)
    .where('concern_id', '=', concernId)
    .execute();
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    version: row.version,
    organisationId: row.organisation_id,
    reporterId: row.reporter_id,
    ownerId: row.owner_id,
    assigneeIds: assignees.map((a) => a.assignee_id),
    restricted: row.restricted === 1,
  };
}

export async function findConcernDetail(db: HavenDb, actor: Actor, concernId: string) {
  const concern = await db
    .selectFrom('concerns')
    .innerJoin('service_areas', 'service_areas.id', 'concerns.service_area_id')
    .innerJoin('users', 'users.id', 'concerns.reporter_id')
    .select([
      'concerns.id',
      'concerns.reference',
      'concerns.what_happened as whatHappened',
      'concerns.happened_on as happenedOn',
      'concerns.location',
      'concerns.status',
      'concerns.created_at as createdAt',
      'concerns.triage_deadline_at as triageDeadline',
      'service_areas.name as serviceArea',
      'users.display_name as reporterName',
    ])
    .where('concerns.organisation_id', '=', actor.organisationId)
    .where('concerns.id', '=', concernId)
    .executeTakeFirstOrThrow();
  const [people, categories] = await Promise.all([
    db
      .selectFrom('concern_people')
      .select(['name', 'age_group as ageGroup', 'role_in_concern as role'])
      .where('organisation_id', '=', actor.organisationId)
      .where('concern_id', '=', concernId)
      .execute(),
    categoryNames(db, actor.organisationId, [concernId]),
  ]);
  return { ...concern, people, categories: categories.map((c) => c.name) };
}

/** Names of the categories on each of these concerns. */
export async function categoryNames(db: HavenDb, organisationId: string, concernIds: readonly string[]) {
  if (concernIds.length === 0) return [];
  return db
    .selectFrom('concern_categories')
    .innerJoin('categories', 'categories.id', 'concern_categories.category_id')
    .select(['concern_categories.concern_id as concernId', 'categories.name'])
    .where('concern_categories.organisation_id', '=', organisationId)
    .where('concern_categories.concern_id', 'in', concernIds)
    .orderBy('categories.sort_order')
    .execute();
}

/** One line per concern for lists: the first person at risk, categories and when it arrived. */
export async function concernSummaries(db: HavenDb, organisationId: string, rows: Array<{ id: string }>) {
  const concernIds = rows.map((row) => row.id);
  if (concernIds.length === 0) return new Map<string, { personName: string; categories: string[] }>();
  const [people, categories] = await Promise.all([
    db
      .selectFrom('concern_people')
      .select(['concern_id as concernId', 'name', 'age_group as ageGroup'])
      .where('organisation_id', '=', organisationId)
      .where('concern_id', 'in', concernIds)
      .where('role_in_concern', '=', 'person_at_risk')
      .orderBy('sort_order')
      .execute(),
    categoryNames(db, organisationId, concernIds),
  ]);
  return new Map(
    concernIds.map((id) => {
      const person = people.find((p) => p.concernId === id);
      const who = person ? `${person.name ?? 'Name not known'} (${person.ageGroup})` : 'Not recorded';
      return [id, { personName: who, categories: categories.filter((c) => c.concernId === id).map((c) => c.name) }];
    }),
  );
}

export async function listOwnConcerns(db: HavenDb, actor: Actor) {
  const rows = await db
    .selectFrom('concerns')
    .select(['id', 'reference', 'status', 'created_at as createdAt'])
    .where('organisation_id', '=', actor.organisationId)
    .where('reporter_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  const summaries = await concernSummaries(db, actor.organisationId, rows);
  return rows.map((row) => ({ ...row, ...summaries.get(row.id) }));
}
