import type { HavenDb } from '../../db/connect.ts';
import { concernsInScope } from '../../db/restriction-scope.ts';
import { type Actor, restrictionScope } from '../../domain/access-policy.ts';
import { concernSummaries } from '../../concerns/concern-summaries.queries.ts';

/** Concerns of the actor's organisation awaiting triage, oldest (so most urgent) first, each with its summary line. */
export async function listAwaitingTriage(db: HavenDb, actor: Actor, limit = 100) {
  return withSummaries(db, actor, await awaitingTriage(db, actor, limit));
}

/** The queue's concerns, oldest (so most urgent) first: what the page lists, before their summary lines. */
export function awaitingTriage(db: HavenDb, actor: Actor, limit = 100) {
  return db
    .selectFrom('concerns')
    .innerJoin('service_areas', 'service_areas.id', 'concerns.service_area_id')
    .select([
      'concerns.id',
      'concerns.reference',
      'concerns.created_at as createdAt',
      'concerns.triage_deadline_at as triageDeadlineAt',
      'service_areas.name as serviceArea',
      'concerns.restricted',
    ])
    .where('concerns.organisation_id', '=', actor.organisationId)
    .where('concerns.status', '=', 'awaiting_triage')
    .where(concernsInScope(restrictionScope(actor)))
    .orderBy('concerns.created_at', 'asc')
    .limit(limit)
    .execute();
}

type QueuedConcern = Awaited<ReturnType<typeof awaitingTriage>>[number];

/** Each listed concern with its first person at risk and its categories. */
export async function withSummaries(db: HavenDb, actor: Actor, rows: readonly QueuedConcern[]) {
  const summaries = await concernSummaries(db, actor.organisationId, rows);
  return rows.map((row) => ({ ...row, ...summaries.get(row.id) }));
}
