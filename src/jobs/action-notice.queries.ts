import type { HavenDb } from '../db/connect.ts';

// What action notifications read: whose action it is, its due date and its concern's
// reference. Never the action's description, which may name people.

export async function findActionNotice(db: HavenDb, organisationId: string, actionId: string) {
  return db
    .selectFrom('concern_actions')
    .innerJoin('concerns', 'concerns.id', 'concern_actions.concern_id')
    .innerJoin('users', 'users.id', 'concern_actions.assignee_id')
    .select([
      'concern_actions.concern_id as concernId',
      'concerns.reference',
      'concern_actions.due_on as dueOn',
      'concern_actions.done_at as doneAt',
      'users.email',
    ])
    .where('concern_actions.organisation_id', '=', organisationId)
    .where('concern_actions.id', '=', actionId)
    .executeTakeFirst();
}

/** Open actions due on or before `dueBy`, in every organisation, oldest due first, at most `limit`. */
export async function listOpenActionsDueBy(db: HavenDb, dueBy: string, limit: number) {
  return db
    .selectFrom('concern_actions')
    .select(['id', 'organisation_id as organisationId', 'due_on as dueOn'])
    .where('done_at', 'is', null)
    .where('due_on', '<=', dueBy)
    .orderBy('due_on')
    .limit(limit)
    .execute();
}
