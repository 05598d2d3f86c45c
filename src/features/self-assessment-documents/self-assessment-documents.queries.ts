import type { HavenDb } from '../../db/connect.ts';

/** One assessment of the organisation, every standard in template order, with its answer and actions. */
export async function findAssessmentForExport(db: HavenDb, organisationId: string, assessmentId: string) {
  const assessment = await db
    .selectFrom('self_assessments')
    .innerJoin('self_assessment_templates', 'self_assessment_templates.id', 'self_assessments.template_id')
    .select([
      'self_assessments.id',
      'self_assessments.year_label as yearLabel',
      'self_assessments.status',
      'self_assessments.template_id as templateId',
      'self_assessment_templates.title',
    ])
    .where('self_assessments.id', '=', assessmentId)
    .where('self_assessments.organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!assessment) return null;
  const standards = await db
    .selectFrom('self_assessment_standards')
    .innerJoin('self_assessment_sections', 'self_assessment_sections.id', 'self_assessment_standards.section_id')
    .leftJoin('self_assessment_answers', (join) =>
      join
        .onRef('self_assessment_answers.standard_id', '=', 'self_assessment_standards.id')
        .on('self_assessment_answers.assessment_id', '=', assessmentId),
    )
    .select([
      'self_assessment_sections.number as sectionNumber',
      'self_assessment_sections.title as sectionTitle',
      'self_assessment_standards.number',
      'self_assessment_standards.question',
      'self_assessment_standards.guidance',
      'self_assessment_answers.id as answerId',
      'self_assessment_answers.response',
      'self_assessment_answers.evidence',
      'self_assessment_answers.rating',
    ])
    .where('self_assessment_standards.template_id', '=', assessment.templateId)
    .orderBy('self_assessment_sections.number')
    .orderBy('self_assessment_standards.position')
    .execute();
  const answerIds = standards.flatMap((standard) => (standard.answerId ? [standard.answerId] : []));
  const actions = answerIds.length
    ? await db
        .selectFrom('action_plan_actions')
        .select(['self_assessment_answer_id as answerId', 'action', 'lead_name as leadName', 'due_on as dueOn'])
        .where('self_assessment_answer_id', 'in', answerIds)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    : [];
  return {
    ...assessment,
    standards: standards.map((standard) => ({
      ...standard,
      actions: actions.filter((action) => action.answerId === standard.answerId),
    })),
  };
}
