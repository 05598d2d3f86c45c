import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { addPlanAction } from '../../assurance/action-plan.queries.ts';
import { createDefaultTemplate } from '../../assurance/self-assessment-template.ts';
import { updateAtVersion } from '../../assurance/update-at-version.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { type Rating, nextYearLabel, progressAfterSave } from '../../domain/self-assessment-rating.ts';
import { Refusal } from '../../errors.ts';

// The self-assessment's use cases (issue 10): each one transaction, refused with nothing written
// when the assessment is submitted (read-only) or the standard changed meanwhile.

/** The assessment, locked against submission for the rest of the transaction; refused once submitted. */
async function assessmentInProgress(trx: HavenDb, organisationId: string, assessmentId: string) {
  const assessment = await trx
    .selectFrom('self_assessments')
    .select(['id', 'status', 'year_label'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', assessmentId)
    .executeTakeFirstOrThrow();
  if (assessment.status !== 'in_progress') throw new Refusal('assessment-submitted', 'submitted');
  return assessment;
}

/** The latest version of the year's template; made from last year's (or the default) when there is none. */
async function templateForYear(trx: HavenDb, actor: Actor, yearLabel: string, now: Date): Promise<string> {
  const latest = await trx
    .selectFrom('self_assessment_templates')
    .select('id')
    .where('organisation_id', '=', actor.organisationId)
    .where('year_label', '=', yearLabel)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (latest) return latest.id;
  const previous = await trx
    .selectFrom('self_assessment_templates')
    .select('id')
    .where('organisation_id', '=', actor.organisationId)
    .where('year_label', '<', yearLabel)
    .orderBy('year_label', 'desc')
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (previous) return copyTemplate(trx, actor, previous.id, { yearLabel, version: 1 }, now);
  return createDefaultTemplate(trx, { organisationId: actor.organisationId, yearLabel, createdBy: actor.userId }, now);
}

/** Copies a template's sections and standards into a new template row; returns the copy's id. */
export async function copyTemplate(
  trx: HavenDb,
  actor: Actor,
  sourceId: string,
  target: { yearLabel: string; version: number },
  now: Date,
  standardIds = new Map<string, string>(),
): Promise<string> {
  const source = await trx
    .selectFrom('self_assessment_templates')
    .selectAll()
    .where('id', '=', sourceId)
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  await trx
    .insertInto('self_assessment_templates')
    .values({
      id,
      organisation_id: actor.organisationId,
      title: source.title.replace(source.year_label, target.yearLabel),
      year_label: target.yearLabel,
      version: target.version,
      based_on_id: source.id,
      created_at: now.toISOString(),
      created_by: actor.userId,
    })
    .execute();
  const sections = await trx
    .selectFrom('self_assessment_sections')
    .selectAll()
    .where('template_id', '=', sourceId)
    .execute();
  const sectionIds = new Map(sections.map((section) => [section.id, randomUUID()]));
  if (sections.length > 0) {
    await trx
      .insertInto('self_assessment_sections')
      .values(sections.map((s) => ({ id: sectionIds.get(s.id)!, template_id: id, number: s.number, title: s.title })))
      .execute();
  }
  const standards = await trx
    .selectFrom('self_assessment_standards')
    .selectAll()
    .where('template_id', '=', sourceId)
    .execute();
  for (const standard of standards) standardIds.set(standard.id, randomUUID());
  if (standards.length > 0) {
    await trx
      .insertInto('self_assessment_standards')
      .values(
        standards.map((s) => ({
          ...s,
          id: standardIds.get(s.id)!,
          template_id: id,
          section_id: sectionIds.get(s.section_id)!,
        })),
      )
      .execute();
  }
  return id;
}

/**
 * Starts a year's self-assessment from last year's answers (copied by standard number, progress
 * back to in progress); a standard new this year starts not started.
 */
export async function startAssessment(db: HavenDb, actor: Actor, yearLabel: string, now: Date): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('self_assessments')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .where('year_label', '=', yearLabel)
      .executeTakeFirst();
    if (exists) throw new Refusal('assessment-exists', 'exists');
    const templateId = await templateForYear(trx, actor, yearLabel, now);
    const previous = await trx
      .selectFrom('self_assessments')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .where('year_label', '<', yearLabel)
      .orderBy('year_label', 'desc')
      .executeTakeFirst();
    const id = randomUUID();
    const at = now.toISOString();
    await trx
      .insertInto('self_assessments')
      .values({
        id,
        organisation_id: actor.organisationId,
        template_id: templateId,
        year_label: yearLabel,
        status: 'in_progress',
        started_from_id: previous?.id ?? null,
        imported: 0,
        created_at: at,
        created_by: actor.userId,
        submitted_at: null,
        submitted_by: null,
      })
      .execute();
    const lastYear = new Map(
      previous
        ? (
            await trx
              .selectFrom('self_assessment_answers as a')
              .innerJoin('self_assessment_standards as s', 's.id', 'a.standard_id')
              .select(['s.number', 'a.response', 'a.evidence', 'a.rating'])
              .where('a.assessment_id', '=', previous.id)
              .execute()
          ).map((row) => [row.number, row])
        : [],
    );
    const standards = await trx
      .selectFrom('self_assessment_standards')
      .select(['id', 'number'])
      .where('template_id', '=', templateId)
      .execute();
    if (standards.length > 0) {
      await trx
        .insertInto('self_assessment_answers')
        .values(
          standards.map((standard) => {
            const copied = lastYear.get(standard.number);
            return {
              id: randomUUID(),
              assessment_id: id,
              standard_id: standard.id,
              response: copied?.response ?? null,
              evidence: copied?.evidence ?? null,
              rating: copied?.rating ?? null,
              progress: copied ? ('in_progress' as const) : ('not_started' as const),
              updated_at: at,
              updated_by: actor.userId,
            };
          }),
        )
        .execute();
    }
    return id;
  });
}

export type AnswerInput = Readonly<{
  response: string | null;
  evidence: string | null;
  rating: Rating | null;
  markedComplete: boolean;
}>;

/** Saves a standard's answer if nobody changed it since `version` was read; returns the new version. */
export async function saveAnswer(
  db: HavenDb,
  actor: Actor,
  target: { assessmentId: string; answerId: string; version: number },
  input: AnswerInput,
  now: Date,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await assessmentInProgress(trx, actor.organisationId, target.assessmentId);
    return updateAtVersion(
      trx,
      'self_assessment_answers',
      { id: target.answerId, assessment_id: target.assessmentId },
      target.version,
      {
        response: input.response,
        evidence: input.evidence,
        rating: input.rating,
        progress: progressAfterSave(input),
        updated_at: now.toISOString(),
        updated_by: actor.userId,
      },
      new Refusal('answer-changed', 'changed'),
    );
  });
}

/** Raises an action against a standard through the one way into the action plan. */
export async function raiseAction(
  db: HavenDb,
  actor: Actor,
  target: { assessmentId: string; answerId: string; sectionTitle: string },
  input: { action: string; lead: string; dueOn: string },
  now: Date,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const assessment = await assessmentInProgress(trx, actor.organisationId, target.assessmentId);
    return addPlanAction(
      trx,
      {
        organisationId: actor.organisationId,
        yearLabel: assessment.year_label,
        action: input.action,
        leadName: input.lead,
        dueOn: input.dueOn,
        standardArea: target.sectionTitle,
        selfAssessmentAnswerId: target.answerId,
        createdBy: actor.userId,
      },
      now,
    );
  });
}

/** Submits the assessment: from now on it is read-only, and peer review may begin. */
export async function submitAssessment(db: HavenDb, actor: Actor, assessmentId: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await assessmentInProgress(trx, actor.organisationId, assessmentId);
    const updated = await trx
      .updateTable('self_assessments')
      .set({ status: 'submitted', submitted_at: now.toISOString(), submitted_by: actor.userId })
      .where('id', '=', assessmentId)
      .where('status', '=', 'in_progress')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new Refusal('assessment-submitted', 'submitted');
  });
}

export function hashReviewToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A time-limited link for a named reviewer from a partner organisation. Only its hash is kept;
 * the token is returned once, for the coordinator to pass on.
 */
export async function createReviewLink(
  db: HavenDb,
  actor: Actor,
  assessmentId: string,
  reviewer: { name: string; organisation: string; validDays: number },
  now: Date,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (trx) => {
    const assessment = await trx
      .selectFrom('self_assessments')
      .select('status')
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', assessmentId)
      .executeTakeFirstOrThrow();
    if (assessment.status !== 'submitted') throw new Refusal('step-not-allowed', 'not-submitted');
    await trx
      .insertInto('self_assessment_review_links')
      .values({
        id: randomUUID(),
        organisation_id: actor.organisationId,
        assessment_id: assessmentId,
        reviewer_name: reviewer.name,
        reviewer_organisation: reviewer.organisation,
        token_hash: hashReviewToken(token),
        created_by: actor.userId,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + reviewer.validDays * 24 * 3_600_000).toISOString(),
        revoked_at: null,
        revoked_by: null,
      })
      .execute();
  });
  return token;
}

export async function revokeReviewLink(db: HavenDb, actor: Actor, assessmentId: string, linkId: string, now: Date) {
  const updated = await db
    .updateTable('self_assessment_review_links')
    .set({ revoked_at: now.toISOString(), revoked_by: actor.userId })
    .where('organisation_id', '=', actor.organisationId)
    .where('assessment_id', '=', assessmentId)
    .where('id', '=', linkId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export type ReviewLink = Readonly<{
  id: string;
  organisationId: string;
  assessmentId: string;
  reviewerName: string;
  reviewerOrganisation: string;
  expiresAt: string;
}>;

/** The link a token opens, or why it opens nothing. */
export async function reviewLinkFor(
  db: HavenDb,
  token: string,
  now: Date,
): Promise<ReviewLink | 'not-valid' | 'expired'> {
  const row = await db
    .selectFrom('self_assessment_review_links as l')
    .innerJoin('self_assessments as a', 'a.id', 'l.assessment_id')
    .select([
      'l.id',
      'l.organisation_id',
      'l.assessment_id',
      'l.reviewer_name',
      'l.reviewer_organisation',
      'l.expires_at',
      'l.revoked_at',
      'a.status',
    ])
    .where('l.token_hash', '=', hashReviewToken(token))
    .executeTakeFirst();
  if (!row || row.status !== 'submitted') return 'not-valid';
  if (row.revoked_at !== null || row.expires_at <= now.toISOString()) return 'expired';
  return {
    id: row.id,
    organisationId: row.organisation_id,
    assessmentId: row.assessment_id,
    reviewerName: row.reviewer_name,
    reviewerOrganisation: row.reviewer_organisation,
    expiresAt: row.expires_at,
  };
}

export async function recordChallenge(db: HavenDb, link: ReviewLink, answerId: string, challenge: string, now: Date) {
  await db
    .insertInto('self_assessment_challenges')
    .values({
      id: randomUUID(),
      organisation_id: link.organisationId,
      assessment_id: link.assessmentId,
      answer_id: answerId,
      review_link_id: link.id,
      challenge,
      created_at: now.toISOString(),
      response: null,
      responded_at: null,
      responded_by: null,
    })
    .execute();
}

/**
 * The coordinator's response to a challenge, and the rating it leads to. A changed rating is kept
 * as a change (before → after, who, when); the answer's version moves on so an open form is told.
 */
export async function respondToChallenge(
  db: HavenDb,
  actor: Actor,
  challengeId: string,
  input: { version: number; response: string; rating: Rating | null },
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const challenge = await trx
      .selectFrom('self_assessment_challenges as c')
      .innerJoin('self_assessment_answers as a', 'a.id', 'c.answer_id')
      .select(['c.id', 'c.answer_id', 'a.rating', 'a.version as answer_version'])
      .where('c.organisation_id', '=', actor.organisationId)
      .where('c.id', '=', challengeId)
      .executeTakeFirstOrThrow();
    const at = now.toISOString();
    await updateAtVersion(
      trx,
      'self_assessment_challenges',
      { id: challengeId },
      input.version,
      { response: input.response, responded_at: at, responded_by: actor.userId },
      new Refusal('answer-changed', 'changed'),
    );
    if (input.rating === null || input.rating === challenge.rating) return;
    await trx
      .updateTable('self_assessment_answers')
      .set({ rating: input.rating, version: challenge.answer_version + 1, updated_at: at, updated_by: actor.userId })
      .where('id', '=', challenge.answer_id)
      .execute();
    await trx
      .insertInto('self_assessment_rating_changes')
      .values({
        id: randomUUID(),
        organisation_id: actor.organisationId,
        answer_id: challenge.answer_id,
        challenge_id: challenge.id,
        rating_before: challenge.rating,
        rating_after: input.rating,
        changed_by: actor.userId,
        changed_at: at,
      })
      .execute();
  });
}

/** A dated update to a commitment statement; the statement's row is made with its first update. */
export async function addCommitmentUpdate(
  db: HavenDb,
  actor: Actor,
  commitment: { title: string; statement: string; position: number },
  input: { writtenOn: string; rating: 'green' | 'amber' | 'red'; body: string },
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('self_assessment_commitments')
      .values({ id: randomUUID(), organisation_id: actor.organisationId, ...commitment, created_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['organisation_id', 'title']).doNothing())
      .execute();
    const row = await trx
      .selectFrom('self_assessment_commitments')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .where('title', '=', commitment.title)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('self_assessment_commitment_updates')
      .values({
        id: randomUUID(),
        organisation_id: actor.organisationId,
        commitment_id: row.id,
        written_on: input.writtenOn,
        rating: input.rating,
        body: input.body,
        written_by: actor.userId,
        created_at: now.toISOString(),
      })
      .execute();
  });
}

/** Next year's template from the latest one. */
export async function createNextYearTemplate(db: HavenDb, actor: Actor, now: Date): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('self_assessment_templates')
      .select(['id', 'year_label'])
      .where('organisation_id', '=', actor.organisationId)
      .orderBy('year_label', 'desc')
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (!latest) throw new Refusal('step-not-allowed', 'no-template');
    const yearLabel = nextYearLabel(latest.year_label);
    if (!yearLabel) throw new Refusal('step-not-allowed', 'bad-year');
    return copyTemplate(trx, actor, latest.id, { yearLabel, version: 1 }, now);
  });
}
