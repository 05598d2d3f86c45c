import type { HavenDb } from '../db/connect.ts';
import { roleSet } from '../domain/access-policy.ts';

// What the line-manager notice reads: the concern's reference and the facts the access policy
// needs, and the manager's address and roles. Never the concern's description, place or people.

export async function findLineManagerNoticeFacts(
  db: HavenDb,
  organisationId: string,
  concernId: string,
  lineManagerId: string,
) {
  const [concern, manager, roles] = await Promise.all([
    db
      .selectFrom('concerns')
      .select(['id', 'reference', 'reporter_id as reporterId', 'owner_id as ownerId', 'restricted'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', concernId)
      .executeTakeFirst(),
    db
      .selectFrom('users')
      .select(['id', 'email', 'deactivated_at as deactivatedAt'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', lineManagerId)
      .executeTakeFirst(),
    db
      .selectFrom('user_roles')
      .select('role')
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', lineManagerId)
      .execute(),
  ]);
  if (!concern || !manager) return undefined;
  return {
    concern: { ...concern, restricted: Number(concern.restricted) === 1 },
    manager: { ...manager, roles: roleSet(roles.map((row) => row.role)) },
  };
}
