import type { HavenDb } from '../db/connect.ts';
import type { Actor } from '../domain/access-policy.ts';

/** The facts the access policy needs, always scoped to the actor's organisation. */
export async function findConcernAccessFacts(db: HavenDb, actor: Actor, concernId: string) {
  const row = await db
    .selectFrom('concerns')
    .select([
      'id',
      'reference',
      'organisation_id',
      'reporter_id',
      'owner_id',
      'status',
      'version',
      'restricted',
      'disposed_at',
    ])
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
    /** Set once retention removed its personal data: its pages show the stub only. */
    disposedAt: row.disposed_at,
  };
}
