import type { HavenDb } from '../../db/connect.ts';

// Reads for the self-assessment pages. Every query filters on the organisation.

export async function listAssessments(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('self_assessments')
    .select(['id', 'year_label', 'status', 'submitted_at', 'template_id'])
    .where('organisation_id', '=', organisationId)
    .orderBy('year_label', 'desc')
    .execute();
}

export async function findAssessment(db: HavenDb, organisationId: string, assessmentId: string) {
  return db
    .selectFrom('self_assessments')
    .innerJoin('self_assessment_templates as t', 't.id', 'self_assessments.template_id')
    .select([
      'self_assessments.id',
      'self_assessments.year_label',
      'self_assessments.status',
      'self_assessments.submitted_at',
      'self_assessments.template_id',
      't.version as template_version',
      't.title as template_title',
    ])
    .where('self_assessments.organisation_id', '=', organisationId)
    .where('self_assessments.id', '=', assessmentId)
    .executeTakeFirst();
}
export type FoundAssessment = NonNullable<Awaited<ReturnType<typeof findAssessment>>>;

/** An assessment's answers, each with its standard and the standard's section. */
function answersWithStandards(db: HavenDb, assessmentId: string) {
  return db
    .selectFrom('self_assessment_answers as a')
    .innerJoin('self_assessment_standards as s', 's.id', 'a.standard_id')
    .innerJoin('self_assessment_sections as sec', 'sec.id', 's.section_id')
    .select([
      'a.id as answer_id',
      'a.response',
      'a.evidence',
      'a.rating',
      'a.progress',
      's.id as standard_id',
      's.number',
      's.question',
      'sec.title as section_title',
    ])
    .where('a.assessment_id', '=', assessmentId);
}

/** Every standard of the assessment's template with its answer, in the template's order. */
export async function listAnswers(db: HavenDb, assessmentId: string) {
  return answersWithStandards(db, assessmentId)
    .select('sec.number as section_number')
    .orderBy('sec.number')
    .orderBy('s.position')
    .execute();
}

export async function listSections(db: HavenDb, templateId: string) {
  return db
    .selectFrom('self_assessment_sections')
    .select(['id', 'number', 'title'])
    .where('template_id', '=', templateId)
    .orderBy('number')
    .execute();
}

/** One standard of an assessment with its answer. */
export async function findStandardAnswer(db: HavenDb, assessmentId: string, standardId: string) {
  return answersWithStandards(db, assessmentId)
    .select(['a.version', 'a.updated_at', 's.guidance', 's.allows_not_applicable'])
    .where('s.id', '=', standardId)
    .executeTakeFirst();
}
export type StandardAnswer = NonNullable<Awaited<ReturnType<typeof findStandardAnswer>>>;

/** Each year's rating of each standard number, for the comparison with previous years. */
export async function listRatingsByYear(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('self_assessment_answers as a')
    .innerJoin('self_assessments as sa', 'sa.id', 'a.assessment_id')
    .innerJoin('self_assessment_standards as s', 's.id', 'a.standard_id')
    .select(['sa.year_label', 's.number', 'a.rating'])
    .where('sa.organisation_id', '=', organisationId)
    .execute();
}

export async function listChallenges(db: HavenDb, assessmentId: string) {
  return db
    .selectFrom('self_assessment_challenges as c')
    .innerJoin('self_assessment_review_links as l', 'l.id', 'c.review_link_id')
    .innerJoin('self_assessment_answers as a', 'a.id', 'c.answer_id')
    .innerJoin('self_assessment_standards as s', 's.id', 'a.standard_id')
    .select([
      'c.id',
      'c.challenge',
      'c.created_at',
      'c.response',
      'c.responded_at',
      'c.version',
      'l.id as review_link_id',
      'l.reviewer_name',
      'l.reviewer_organisation',
      's.id as standard_id',
      's.number',
      'a.rating',
      'a.id as answer_id',
      's.allows_not_applicable',
    ])
    .where('c.assessment_id', '=', assessmentId)
    .orderBy('c.created_at')
    .execute();
}

export async function listRatingChanges(db: HavenDb, answerId: string) {
  return db
    .selectFrom('self_assessment_rating_changes as r')
    .leftJoin('users as u', 'u.id', 'r.changed_by')
    .select(['r.rating_before', 'r.rating_after', 'r.changed_at', 'u.display_name as changed_by_name'])
    .where('r.answer_id', '=', answerId)
    .orderBy('r.changed_at')
    .execute();
}

export async function listReviewLinks(db: HavenDb, assessmentId: string) {
  return db
    .selectFrom('self_assessment_review_links')
    .select(['id', 'reviewer_name', 'reviewer_organisation', 'created_at', 'expires_at', 'revoked_at'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('created_at')
    .execute();
}

export async function listTemplates(db: HavenDb, organisationId: string) {
  const templates = await db
    .selectFrom('self_assessment_templates as t')
    .select(['t.id', 't.year_label', 't.version', 't.title', 't.created_at'])
    .where('t.organisation_id', '=', organisationId)
    .orderBy('t.year_label', 'desc')
    .orderBy('t.version', 'desc')
    .execute();
  const submitted = await db
    .selectFrom('self_assessments')
    .select('template_id')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'submitted')
    .execute();
  const used = new Set(submitted.map((row) => row.template_id));
  return templates.map((template) => ({ ...template, submitted: used.has(template.id) }));
}

export async function findTemplate(db: HavenDb, organisationId: string, templateId: string) {
  return db
    .selectFrom('self_assessment_templates')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', templateId)
    .executeTakeFirst();
}

export async function listTemplateStandards(db: HavenDb, templateId: string) {
  return db
    .selectFrom('self_assessment_standards as s')
    .innerJoin('self_assessment_sections as sec', 'sec.id', 's.section_id')
    .select([
      's.id',
      's.number',
      's.question',
      's.guidance',
      's.allows_not_applicable',
      's.position',
      'sec.number as section_number',
      'sec.title as section_title',
    ])
    .where('s.template_id', '=', templateId)
    .orderBy('sec.number')
    .orderBy('s.position')
    .execute();
}

export async function listCommitmentUpdates(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('self_assessment_commitment_updates as u')
    .innerJoin('self_assessment_commitments as c', 'c.id', 'u.commitment_id')
    .leftJoin('users', 'users.id', 'u.written_by')
    .select(['c.title', 'u.written_on', 'u.rating', 'u.body', 'u.created_at', 'users.display_name as written_by_name'])
    .where('u.organisation_id', '=', organisationId)
    .orderBy('u.written_on', 'desc')
    .orderBy('u.created_at', 'desc')
    .execute();
}
