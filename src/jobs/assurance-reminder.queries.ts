import type { HavenDb } from '../db/connect.ts';

/** Open plan actions whose due date has passed and whose lead has an active account. */
export async function listOverduePlanActions(db: HavenDb, today: string, limit: number) {
  return db
    .selectFrom('action_plan_actions')
    .innerJoin('users', 'users.id', 'action_plan_actions.lead_user_id')
    .select(['action_plan_actions.id', 'action_plan_actions.organisation_id', 'action_plan_actions.due_on'])
    .where('action_plan_actions.status', '!=', 'completed')
    .where('action_plan_actions.due_on', '<', today)
    .where('users.deactivated_at', 'is', null)
    .orderBy('action_plan_actions.due_on')
    .limit(limit)
    .execute();
}

/** An action as the reminder needs it when it runs: still open, same due date, its lead's address. */
export async function findPlanActionLead(db: HavenDb, organisationId: string, actionId: string) {
  return db
    .selectFrom('action_plan_actions')
    .leftJoin('users', (join) =>
      join.onRef('users.id', '=', 'action_plan_actions.lead_user_id').on('users.deactivated_at', 'is', null),
    )
    .select(['action_plan_actions.status', 'action_plan_actions.due_on', 'users.email'])
    .where('action_plan_actions.organisation_id', '=', organisationId)
    .where('action_plan_actions.id', '=', actionId)
    .executeTakeFirst();
}

export async function listPolicyReviewDates(db: HavenDb) {
  return db
    .selectFrom('safeguarding_policy_reviews')
    .select(['organisation_id', 'last_reviewed_on', 'last_approved_on'])
    .execute();
}

export async function findPolicyReviewDates(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('safeguarding_policy_reviews')
    .select(['last_reviewed_on', 'last_approved_on'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}
