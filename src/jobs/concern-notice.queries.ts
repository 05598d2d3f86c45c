import { sql } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import type { Role } from '../domain/access-policy.ts';

// What notification jobs read: a concern's reference, status and deadline facts, and who to
// tell. Never its description, location or people.

export type ConcernDeadlineFacts = Readonly<{
  id: string;
  organisationId: string;
  reference: string;
  status: string;
  createdAt: string;
  triageDeadlineAt: string;
  restricted: number;
}>;

const deadlineFacts = [
  'concerns.id',
  'concerns.organisation_id as organisationId',
  'concerns.reference',
  'concerns.status',
  'concerns.created_at as createdAt',
  'concerns.triage_deadline_at as triageDeadlineAt',
  'concerns.restricted',
] as const;

export async function findConcernDeadlineFacts(
  db: HavenDb,
  organisationId: string,
  concernId: string,
): Promise<ConcernDeadlineFacts | undefined> {
  return db
    .selectFrom('concerns')
    .select(deadlineFacts)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', concernId)
    .executeTakeFirst();
}

/**
 * Concerns still awaiting triage, in every organisation, whose deadline falls before `horizon`
 * and whose breach warning has not yet been enqueued. Oldest first, at most `limit`, so one poll's work is bounded.
 */
export async function listConcernsNearTriageDeadline(
  db: HavenDb,
  horizon: string,
  limit: number,
): Promise<ConcernDeadlineFacts[]> {
  return db
    .selectFrom('concerns')
    .select(deadlineFacts)
    .where('concerns.status', '=', 'awaiting_triage')
    .where('concerns.triage_deadline_at', '<=', horizon)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('jobs')
            .select('jobs.id')
            .where('jobs.dedupe_key', '=', sql<string>`${sql.lit('triage-breach:')} || ${sql.ref('concerns.id')}`),
        ),
      ),
    )
    .orderBy('concerns.created_at')
    .limit(limit)
    .execute();
}

/** Email addresses of the organisation's active staff holding these roles (leavers are not emailed), in a stable order. */
export async function listStaffEmails(db: HavenDb, organisationId: string, roles: readonly Role[]): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('users.email')
    .where('users.organisation_id', '=', organisationId)
    .where('users.deactivated_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles')
          .select('user_roles.user_id')
          .whereRef('user_roles.user_id', '=', 'users.id')
          .where('user_roles.organisation_id', '=', organisationId)
          .where('user_roles.role', 'in', roles),
      ),
    )
    .orderBy('users.email')
    .execute();
  return rows.map((row) => row.email);
}
