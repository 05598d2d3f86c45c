import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../db/connect.ts';
import type { ActionPlanStatus } from '../db/schema.ts';

// The action plan is shared by the self-assessment (actions raised against a standard), Scrutiny
// (follow-up actions) and the annual report, so the one way of adding to it lives here.

/** The organisation's action plan for a year ('2023-24'), made the first time anything is added to it. */
export async function actionPlanFor(
  db: HavenDb,
  organisationId: string,
  yearLabel: string,
  now: Date,
): Promise<string> {
  const existing = await db
    .selectFrom('action_plans')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('year_label', '=', yearLabel)
    .executeTakeFirst();
  if (existing) return existing.id;
  const id = randomUUID();
  await db
    .insertInto('action_plans')
    .values({
      id,
      organisation_id: organisationId,
      title: `Safeguarding Action Plan ${yearLabel}`,
      year_label: yearLabel,
      owner: null,
      author: null,
      last_reviewed_on: null,
      next_review_on: null,
      document_version: null,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'year_label']).doNothing())
    .execute();
  // Two people adding the year's first action at once: whoever lost the race reads the winner's plan.
  const plan = await db
    .selectFrom('action_plans')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('year_label', '=', yearLabel)
    .executeTakeFirstOrThrow();
  return plan.id;
}

export type NewPlanAction = Readonly<{
  organisationId: string;
  yearLabel: string;
  action: string;
  leadName: string;
  leadUserId?: string | null;
  dueOn?: string | null;
  timescale?: string | null;
  standardArea?: string | null;
  objective?: string | null;
  input?: string | null;
  desiredOutcome?: string | null;
  status?: ActionPlanStatus;
  selfAssessmentAnswerId?: string | null;
  scrutinyRecommendationId?: string | null;
  createdBy: string | null;
}>;

/** Adds an action to the year's plan; call inside the use case's transaction. Returns its id. */
export async function addPlanAction(db: HavenDb, input: NewPlanAction, now: Date): Promise<string> {
  const planId = await actionPlanFor(db, input.organisationId, input.yearLabel, now);
  const id = randomUUID();
  const at = now.toISOString();
  await db
    .insertInto('action_plan_actions')
    .values({
      id,
      organisation_id: input.organisationId,
      action_plan_id: planId,
      standard_area: input.standardArea ?? null,
      objective: input.objective ?? null,
      action: input.action,
      input: input.input ?? null,
      desired_outcome: input.desiredOutcome ?? null,
      lead_name: input.leadName,
      lead_user_id: input.leadUserId ?? null,
      timescale: input.timescale ?? null,
      due_on: input.dueOn ?? null,
      status: input.status ?? 'not_started',
      completed_on: null,
      self_assessment_answer_id: input.selfAssessmentAnswerId ?? null,
      scrutiny_recommendation_id: input.scrutinyRecommendationId ?? null,
      created_at: at,
      created_by: input.createdBy,
      updated_at: at,
    })
    .execute();
  return id;
}

/** The plan actions raised against one self-assessment answer (the link back from the plan). */
export async function listPlanActionsForAnswer(db: HavenDb, answerId: string) {
  return db
    .selectFrom('action_plan_actions')
    .select(['id', 'action', 'lead_name', 'due_on', 'timescale', 'status'])
    .where('self_assessment_answer_id', '=', answerId)
    .orderBy('created_at')
    .execute();
}

/** The organisation's active accounts a lead may be: an action's lead is reminded through their account. */
export async function listLeadAccounts(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('organisation_id', '=', organisationId)
    .where('deactivated_at', 'is', null)
    .orderBy('display_name')
    .execute();
}
