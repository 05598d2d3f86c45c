import type { HavenDb } from '../../db/connect.ts';

// What the annual report reads besides the concern figures: the year's self-assessment, action
// plan, risk register and Scrutiny's recommendations. Nothing here names a person at risk.

export async function findOrganisationName(db: HavenDb, organisationId: string): Promise<string> {
  const row = await db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirst();
  return row?.name ?? '';
}

/** The year's assessment (by its year label, '2025-26'), its sections and each standard's rating. */
export async function findAssessmentRatings(db: HavenDb, organisationId: string, yearLabel: string) {
  const assessment = await db
    .selectFrom('self_assessments')
    .select(['id', 'status', 'submitted_at', 'template_id'])
    .where('organisation_id', '=', organisationId)
    .where('year_label', '=', yearLabel)
    .executeTakeFirst();
  if (!assessment) return null;
  const rows = await db
    .selectFrom('self_assessment_standards')
    .innerJoin('self_assessment_sections', 'self_assessment_sections.id', 'self_assessment_standards.section_id')
    .leftJoin('self_assessment_answers', (join) =>
      join
        .onRef('self_assessment_answers.standard_id', '=', 'self_assessment_standards.id')
        .on('self_assessment_answers.assessment_id', '=', assessment.id),
    )
    .select([
      'self_assessment_sections.number as sectionNumber',
      'self_assessment_sections.title as sectionTitle',
      'self_assessment_standards.number as standardNumber',
      'self_assessment_answers.rating as rating',
    ])
    .where('self_assessment_standards.template_id', '=', assessment.template_id)
    .orderBy('self_assessment_sections.number')
    .orderBy('self_assessment_standards.position')
    .execute();
  return { status: assessment.status, submittedAt: assessment.submitted_at, standards: rows };
}

/** The year's action plan: every action with its latest dated update. */
export async function listPlanActions(db: HavenDb, organisationId: string, yearLabel: string) {
  const actions = await db
    .selectFrom('action_plan_actions')
    .innerJoin('action_plans', 'action_plans.id', 'action_plan_actions.action_plan_id')
    .select([
      'action_plan_actions.id',
      'action_plan_actions.standard_area as standardArea',
      'action_plan_actions.objective',
      'action_plan_actions.action',
      'action_plan_actions.lead_name as leadName',
      'action_plan_actions.timescale',
      'action_plan_actions.due_on as dueOn',
      'action_plan_actions.status',
      'action_plan_actions.completed_on as completedOn',
    ])
    .where('action_plans.organisation_id', '=', organisationId)
    .where('action_plans.year_label', '=', yearLabel)
    .orderBy('action_plan_actions.created_at')
    .orderBy('action_plan_actions.id')
    .execute();
  if (actions.length === 0) return [];
  const updates = await db
    .selectFrom('action_plan_updates')
    .select(['action_id', 'written_on', 'body'])
    .where(
      'action_id',
      'in',
      actions.map((action) => action.id),
    )
    .orderBy('written_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  const latest = new Map<string, { writtenOn: string; body: string }>();
  for (const update of updates) {
    if (!latest.has(update.action_id))
      latest.set(update.action_id, { writtenOn: update.written_on, body: update.body });
  }
  return actions.map((action) => ({ ...action, latestUpdate: latest.get(action.id) ?? null }));
}

/** Risks open at the end of the year (raised by then, not closed before it ended). */
export async function listOpenRisks(db: HavenDb, organisationId: string, yearEnd: string) {
  return db
    .selectFrom('risks')
    .select([
      'id',
      'reference',
      'title',
      'owner_name as ownerName',
      'gross_impact as grossImpact',
      'gross_probability as grossProbability',
      'current_impact as currentImpact',
      'current_probability as currentProbability',
      'residual_impact as residualImpact',
      'residual_probability as residualProbability',
      'review_on as reviewOn',
    ])
    .where('organisation_id', '=', organisationId)
    .where('raised_on', '<=', yearEnd)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', yearEnd)]))
    .orderBy('raised_on')
    .orderBy('id')
    .execute();
}

/** Scrutiny's recommendations made during the year, with Cabinet's response. */
export async function listRecommendations(db: HavenDb, organisationId: string, firstDay: string, lastDay: string) {
  return db
    .selectFrom('scrutiny_recommendations')
    .select([
      'number',
      'recommendation',
      'made_on as madeOn',
      'committee',
      'report_title as reportTitle',
      'response',
      'response_comment as responseComment',
      'responsible_member as responsibleMember',
    ])
    .where('organisation_id', '=', organisationId)
    .where('made_on', '>=', firstDay)
    .where('made_on', '<=', lastDay)
    .orderBy('made_on')
    .orderBy('number')
    .execute();
}
