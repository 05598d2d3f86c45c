import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { categoryNames, concernSummaries } from '../../concerns/concern-summaries.queries.ts';
import { decryptField, decryptJson } from '../../field-encryption/field-encryption.ts';

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
  concern.whatHappened = decryptField(concern.whatHappened);
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

/** Which line manager was told this concern was sent (procedures 6.1), if one was: their id only. */
export async function lineManagerTold(db: HavenDb, actor: Actor, concernId: string): Promise<string | null> {
  const told = await db
    .selectFrom('concern_events')
    .select('details')
    .where('organisation_id', '=', actor.organisationId)
    .where('concern_id', '=', concernId)
    .where('kind', '=', 'line_manager_told')
    .executeTakeFirst();
  if (!told) return null;
  const { lineManagerId } = decryptJson<{ lineManagerId?: unknown }>(told.details);
  return typeof lineManagerId === 'string' ? lineManagerId : null;
}
