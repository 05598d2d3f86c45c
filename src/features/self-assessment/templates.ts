import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { Refusal } from '../../errors.ts';
import { copyTemplate } from './self-assessment.ts';

// Adjusting a year's template. A template answered by a submitted assessment is never changed in
// place: the change makes a new version, and the submitted assessment keeps the version it was
// answered against. A template not yet submitted against changes in place, and its assessments
// in progress gain or lose the standard with it.

export type StandardInput = Readonly<{
  sectionNumber: number;
  number: string;
  question: string;
  guidance: string | null;
  allowsNotApplicable: boolean;
}>;

/** The template the change landed in: the same one, or its new version. */
export type TemplateChange = { templateId: string; newVersion: boolean };

/** The template to change: this one, or a new version of it when a submitted assessment used it. */
async function writableTemplate(trx: HavenDb, actor: Actor, templateId: string, now: Date) {
  const template = await trx
    .selectFrom('self_assessment_templates')
    .select(['id', 'year_label'])
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', templateId)
    .executeTakeFirstOrThrow();
  const submitted = await trx
    .selectFrom('self_assessments')
    .select('id')
    .where('template_id', '=', templateId)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  const standardIds = new Map<string, string>();
  if (!submitted) return { templateId, newVersion: false, standardIds };
  const latest = await trx
    .selectFrom('self_assessment_templates')
    .select('version')
    .where('organisation_id', '=', actor.organisationId)
    .where('year_label', '=', template.year_label)
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  const copy = await copyTemplate(
    trx,
    actor,
    templateId,
    { yearLabel: template.year_label, version: latest.version + 1 },
    now,
    standardIds,
  );
  return { templateId: copy, newVersion: true, standardIds };
}

async function numberTaken(trx: HavenDb, templateId: string, number: string, exceptId: string | null) {
  const row = await trx
    .selectFrom('self_assessment_standards')
    .select('id')
    .where('template_id', '=', templateId)
    .where('number', '=', number)
    .executeTakeFirst();
  return row !== undefined && row.id !== exceptId;
}

async function sectionId(trx: HavenDb, templateId: string, number: number) {
  const row = await trx
    .selectFrom('self_assessment_sections')
    .select('id')
    .where('template_id', '=', templateId)
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a standard (standardId null) or changes one. */
export async function saveStandard(
  db: HavenDb,
  actor: Actor,
  templateId: string,
  standardId: string | null,
  input: StandardInput,
  now: Date,
): Promise<TemplateChange> {
  return db.transaction().execute(async (trx) => {
    const target = await writableTemplate(trx, actor, templateId, now);
    const id = standardId === null ? null : (target.standardIds.get(standardId) ?? standardId);
    if (await numberTaken(trx, target.templateId, input.number, id)) {
      // Nothing kept: a new version made for this change goes with it.
      throw new Refusal('step-not-allowed', 'number-taken');
    }
    const columns = {
      section_id: await sectionId(trx, target.templateId, input.sectionNumber),
      number: input.number,
      question: input.question,
      guidance: input.guidance,
      allows_not_applicable: input.allowsNotApplicable ? 1 : 0,
    };
    if (id !== null) {
      await trx
        .updateTable('self_assessment_standards')
        .set(columns)
        .where('id', '=', id)
        .where('template_id', '=', target.templateId)
        .execute();
      return { templateId: target.templateId, newVersion: target.newVersion };
    }
    const last = await trx
      .selectFrom('self_assessment_standards')
      .select('position')
      .where('template_id', '=', target.templateId)
      .orderBy('position', 'desc')
      .executeTakeFirst();
    const newId = randomUUID();
    await trx
      .insertInto('self_assessment_standards')
      .values({ id: newId, template_id: target.templateId, position: (last?.position ?? -1) + 1, ...columns })
      .execute();
    const inProgress = await trx
      .selectFrom('self_assessments')
      .select('id')
      .where('template_id', '=', target.templateId)
      .where('status', '=', 'in_progress')
      .execute();
    if (inProgress.length > 0) {
      await trx
        .insertInto('self_assessment_answers')
        .values(
          inProgress.map((assessment) => ({
            id: randomUUID(),
            assessment_id: assessment.id,
            standard_id: newId,
            response: null,
            evidence: null,
            rating: null,
            progress: 'not_started' as const,
            updated_at: now.toISOString(),
            updated_by: actor.userId,
          })),
        )
        .execute();
    }
    return { templateId: target.templateId, newVersion: target.newVersion };
  });
}

/** Removes a standard; refused while an action or challenge is recorded against its answers. */
export async function removeStandard(
  db: HavenDb,
  actor: Actor,
  templateId: string,
  standardId: string,
  now: Date,
): Promise<{ templateId: string; newVersion: boolean }> {
  return db.transaction().execute(async (trx) => {
    const target = await writableTemplate(trx, actor, templateId, now);
    const id = target.standardIds.get(standardId) ?? standardId;
    const answers = await trx
      .selectFrom('self_assessment_answers')
      .select('id')
      .where('standard_id', '=', id)
      .execute();
    const answerIds = answers.map((answer) => answer.id);
    if (answerIds.length > 0) {
      const linked = await trx
        .selectFrom('action_plan_actions')
        .select('id')
        .where('self_assessment_answer_id', 'in', answerIds)
        .union(trx.selectFrom('self_assessment_challenges').select('id').where('answer_id', 'in', answerIds))
        .executeTakeFirst();
      if (linked) throw new Refusal('standard-in-use', 'in-use');
      await trx.deleteFrom('self_assessment_rating_changes').where('answer_id', 'in', answerIds).execute();
      await trx.deleteFrom('self_assessment_answers').where('id', 'in', answerIds).execute();
    }
    await trx
      .deleteFrom('self_assessment_standards')
      .where('id', '=', id)
      .where('template_id', '=', target.templateId)
      .execute();
    return { templateId: target.templateId, newVersion: target.newVersion };
  });
}
