import type { HavenDb } from '../../db/connect.ts';

export async function listPlans(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('action_plans')
    .leftJoin('action_plan_actions', 'action_plan_actions.action_plan_id', 'action_plans.id')
    .select(({ fn }) => [
      'action_plans.id',
      'action_plans.title',
      'action_plans.year_label',
      fn.count<number>('action_plan_actions.id').as('actions'),
    ])
    .where('action_plans.organisation_id', '=', organisationId)
    .groupBy(['action_plans.id', 'action_plans.title', 'action_plans.year_label'])
    .orderBy('action_plans.year_label', 'desc')
    .execute();
}

export async function findPlan(db: HavenDb, organisationId: string, planId: string) {
  return db
    .selectFrom('action_plans')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', planId)
    .executeTakeFirst();
}

const actionColumns = [
  'action_plan_actions.id',
  'action_plan_actions.action_plan_id',
  'action_plan_actions.standard_area',
  'action_plan_actions.objective',
  'action_plan_actions.action',
  'action_plan_actions.input',
  'action_plan_actions.desired_outcome',
  'action_plan_actions.lead_name',
  'action_plan_actions.lead_user_id',
  'action_plan_actions.timescale',
  'action_plan_actions.due_on',
  'action_plan_actions.status',
  'action_plan_actions.completed_on',
  'action_plan_actions.self_assessment_answer_id',
  'action_plan_actions.scrutiny_recommendation_id',
  'action_plan_actions.version',
  'action_plan_actions.created_at',
  // Where an action was raised in a self-assessment: the assessment and the standard's number, for the link back.
  'self_assessment_answers.assessment_id',
  'self_assessment_answers.standard_id',
  'self_assessment_standards.number as standard_number',
] as const;

function actionsQuery(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('action_plan_actions')
    .leftJoin('self_assessment_answers', 'self_assessment_answers.id', 'action_plan_actions.self_assessment_answer_id')
    .leftJoin('self_assessment_standards', 'self_assessment_standards.id', 'self_assessment_answers.standard_id')
    .select(actionColumns)
    .where('action_plan_actions.organisation_id', '=', organisationId);
}

export async function listPlanActions(db: HavenDb, organisationId: string, planId: string) {
  return actionsQuery(db, organisationId)
    .where('action_plan_actions.action_plan_id', '=', planId)
    .orderBy('action_plan_actions.created_at')
    .orderBy('action_plan_actions.id')
    .execute();
}

export async function findPlanAction(db: HavenDb, organisationId: string, actionId: string) {
  return actionsQuery(db, organisationId).where('action_plan_actions.id', '=', actionId).executeTakeFirst();
}

/** The dated updates of the given actions, oldest first, grouped by action. */
export async function listUpdates(db: HavenDb, actionIds: readonly string[]) {
  const byAction = new Map<string, Array<{ written_on: string; body: string }>>();
  if (actionIds.length === 0) return byAction;
  const rows = await db
    .selectFrom('action_plan_updates')
    .select(['action_id', 'written_on', 'body'])
    .where('action_id', 'in', actionIds)
    .orderBy('written_on')
    .orderBy('created_at')
    .execute();
  for (const row of rows) {
    const list = byAction.get(row.action_id) ?? [];
    list.push({ written_on: row.written_on, body: row.body });
    byAction.set(row.action_id, list);
  }
  return byAction;
}

/** The Scrutiny recommendation a follow-up action came from, for its link. */
export async function findRecommendationLabel(db: HavenDb, organisationId: string, recommendationId: string) {
  return db
    .selectFrom('scrutiny_recommendations')
    .select(['id', 'number', 'report_title'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', recommendationId)
    .executeTakeFirst();
}
