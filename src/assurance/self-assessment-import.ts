import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../db/connect.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import type { ParsedReturn } from '../domain/self-assessment-return.ts';
import { allowsNotApplicable, sectionOf } from '../domain/self-assessment-sections.ts';
import { Refusal } from '../errors.ts';
import { addPlanAction } from './action-plan.queries.ts';

// A past return brought in from its text (seed 001): a template of exactly its standards, the
// assessment as submitted to the Boards (read-only, marked imported), and its actions in that
// year's action plan. Shared by the web import and `haven import self-assessment`.

export type ImportedReturn = Readonly<{ assessmentId: string; standards: number; actions: number; rated: number }>;

export async function importSelfAssessmentReturn(
  db: HavenDb,
  input: Readonly<{
    organisationId: string;
    actorId: string | null;
    parsed: ParsedReturn;
    yearLabel: string;
    now: Date;
  }>,
): Promise<ImportedReturn> {
  const { organisationId, actorId, parsed, yearLabel, now } = input;
  const at = now.toISOString();
  const existing = await db
    .selectFrom('self_assessments')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('year_label', '=', yearLabel)
    .executeTakeFirst();
  if (existing) throw new Refusal('self-assessment-year-taken', 'year-taken');

  const templateId = randomUUID();
  await db
    .insertInto('self_assessment_templates')
    .values({
      id: templateId,
      organisation_id: organisationId,
      title: parsed.title || `Safeguarding self-assessment ${yearLabel}`,
      year_label: yearLabel,
      based_on_id: null,
      created_at: at,
      created_by: actorId,
    })
    .execute();
  const sections = new Map<number, string>();
  for (const standard of parsed.standards) {
    const section = sectionOf(standard.number);
    if (sections.has(section.number)) continue;
    const id = randomUUID();
    sections.set(section.number, id);
    await db
      .insertInto('self_assessment_sections')
      .values({ id, template_id: templateId, number: section.number, title: section.title })
      .execute();
  }

  const assessmentId = randomUUID();
  try {
    await db
      .insertInto('self_assessments')
      .values({
        id: assessmentId,
        organisation_id: organisationId,
        template_id: templateId,
        year_label: yearLabel,
        status: 'submitted',
        started_from_id: null,
        imported: 1,
        created_at: at,
        created_by: actorId,
        submitted_at: at,
        submitted_by: actorId,
      })
      .execute();
  } catch (error) {
    // Two imports of the same year at once: the second is refused like any other.
    if (isUniqueViolation(error)) throw new Refusal('self-assessment-year-taken', 'year-taken');
    throw error;
  }

  let actions = 0;
  for (const [position, standard] of parsed.standards.entries()) {
    const standardId = randomUUID();
    await db
      .insertInto('self_assessment_standards')
      .values({
        id: standardId,
        template_id: templateId,
        section_id: sections.get(sectionOf(standard.number).number)!,
        number: standard.number,
        position,
        question: standard.question,
        guidance: standard.guidance,
        allows_not_applicable: allowsNotApplicable(standard.number) ? 1 : 0,
      })
      .execute();
    const answerId = randomUUID();
    const answered = standard.response !== null || standard.evidence !== null;
    await db
      .insertInto('self_assessment_answers')
      .values({
        id: answerId,
        assessment_id: assessmentId,
        standard_id: standardId,
        response: standard.response,
        evidence: standard.evidence,
        rating: standard.rating,
        progress: answered ? 'completed' : 'not_started',
        updated_at: at,
        updated_by: actorId,
      })
      .execute();
    for (const action of standard.actions) {
      await addPlanAction(
        db,
        {
          organisationId,
          yearLabel,
          action: action.action,
          leadName: action.lead,
          dueOn: action.dueOn,
          timescale: null,
          standardArea: sectionOf(standard.number).title,
          selfAssessmentAnswerId: answerId,
          createdBy: actorId,
        },
        now,
      );
      actions += 1;
    }
  }
  return {
    assessmentId,
    standards: parsed.standards.length,
    actions,
    rated: parsed.standards.filter((standard) => standard.rating !== null).length,
  };
}
