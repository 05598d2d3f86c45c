import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import type { ConcernStatus } from '../../domain/concern-lifecycle.ts';

export type OversightFilter = Readonly<{ status: ConcernStatus | null; serviceAreaId: string | null }>;

/**
 * Every open concern of the actor's organisation, oldest first, as facts only: no person, no
 * account, no description, so the list needs no read audit. Overdue actions are counted, not listed.
 */
export async function listOpenConcerns(db: HavenDb, actor: Actor, filter: OversightFilter, today: string) {
  let query = db
    .selectFrom('concerns')
    .innerJoin('service_areas', 'service_areas.id', 'concerns.service_area_id')
    .leftJoin('users as owner', 'owner.id', 'concerns.owner_id')
    .select((eb) => [
      'concerns.id',
      'concerns.reference',
      'concerns.status',
      'concerns.created_at as createdAt',
      'concerns.triage_deadline_at as triageDeadlineAt',
      'concerns.restricted',
      'concerns.reporter_id as reporterId',
      'concerns.owner_id as ownerId',
      'owner.display_name as ownerName',
      'service_areas.name as serviceArea',
      eb
        .selectFrom('concern_actions')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('concern_actions.concern_id', '=', 'concerns.id')
        .where('concern_actions.done_at', 'is', null)
        .where('concern_actions.due_on', '<', today)
        .as('overdueActions'),
    ])
    .where('concerns.organisation_id', '=', actor.organisationId)
    .where('concerns.status', '!=', 'closed');
  if (filter.status) query = query.where('concerns.status', '=', filter.status);
  if (filter.serviceAreaId) query = query.where('concerns.service_area_id', '=', filter.serviceAreaId);
  return query.orderBy('concerns.created_at', 'asc').limit(1000).execute();
}

export async function listServiceAreas(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('service_areas')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .orderBy('sort_order')
    .execute();
}
