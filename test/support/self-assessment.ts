import type { HavenDb } from '../../src/db/connect.ts';
import {
  createReviewLink,
  raiseAction,
  recordChallenge,
  reviewLinkFor,
  startAssessment,
  submitAssessment,
} from '../../src/features/self-assessment/self-assessment.ts';
import { actorFor } from './builders.ts';

async function answerOf(db: HavenDb, assessmentId: string, number: string) {
  return db
    .selectFrom('self_assessment_answers as a')
    .innerJoin('self_assessment_standards as s', 's.id', 'a.standard_id')
    .innerJoin('self_assessments as sa', 'sa.id', 'a.assessment_id')
    .select(['a.id as answerId', 's.id as standardId', 'sa.template_id as templateId'])
    .where('a.assessment_id', '=', assessmentId)
    .where('s.number', '=', number)
    .executeTakeFirstOrThrow();
}

/**
 * The self-assessment in the states its pages show, through the real use cases: the demo
 * council's 2024-25 in progress (standard 1.1 with an action raised, so it cannot be removed),
 * and a submitted 2023-24 with a peer review link and a reviewer's challenge on standard 1.1.
 */
export async function buildSelfAssessmentStates(db: HavenDb, coordinatorEmail = 'coordinator@city.example') {
  const actor = await actorFor(db, coordinatorEmail);
  const now = new Date();
  const demo = await db
    .selectFrom('self_assessments')
    .select('id')
    .where('organisation_id', '=', actor.organisationId)
    .where('year_label', '=', '2024-25')
    .executeTakeFirstOrThrow();
  const open = await answerOf(db, demo.id, '1.1');
  await raiseAction(
    db,
    actor,
    { assessmentId: demo.id, answerId: open.answerId, sectionTitle: 'Leadership, Strategy and Working Together' },
    { action: 'Review the safeguarding governance structure', lead: 'Safeguarding Coordinator', dueOn: '2099-03-31' },
    now,
  );
  const submittedId = await startAssessment(db, actor, '2023-24', now);
  await submitAssessment(db, actor, submittedId, now);
  const reviewToken = await createReviewLink(
    db,
    actor,
    submittedId,
    { name: 'Sam Reviewer', organisation: 'Cherwell District Council', validDays: 28 },
    now,
  );
  const link = await reviewLinkFor(db, reviewToken, now);
  if (typeof link === 'string') throw new Error(`review link ${link}`);
  const challenged = await answerOf(db, submittedId, '1.1');
  await recordChallenge(db, link, challenged.answerId, 'Where is the evidence from the last year?', now);
  const challenge = await db
    .selectFrom('self_assessment_challenges')
    .select('id')
    .where('answer_id', '=', challenged.answerId)
    .executeTakeFirstOrThrow();
  return {
    inProgress: { assessmentId: demo.id, standardId: open.standardId, templateId: open.templateId },
    submitted: {
      assessmentId: submittedId,
      standardId: challenged.standardId,
      linkId: link.id,
      challengeId: challenge.id,
      reviewToken,
    },
  };
}
