import { randomUUID } from 'node:crypto';
import { createDefaultTemplate } from '../assurance/self-assessment-template.ts';
import type { HavenDb } from './connect.ts';

// The demo council's self-assessment 2024-25, in progress, so `npm start` shows the task list:
// the default template (seed 001's standards), one standard completed, one in progress.
export const demoSelfAssessmentYear = '2024-25';

export async function seedDemoSelfAssessment(trx: HavenDb, organisationId: string, coordinatorId: string | null) {
  const now = new Date();
  const templateId = await createDefaultTemplate(
    trx,
    { organisationId, yearLabel: demoSelfAssessmentYear, createdBy: coordinatorId },
    now,
  );
  const assessmentId = randomUUID();
  const at = now.toISOString();
  await trx
    .insertInto('self_assessments')
    .values({
      id: assessmentId,
      organisation_id: organisationId,
      template_id: templateId,
      year_label: demoSelfAssessmentYear,
      status: 'in_progress',
      started_from_id: null,
      imported: 0,
      created_at: at,
      created_by: coordinatorId,
      submitted_at: null,
      submitted_by: null,
    })
    .execute();
  const standards = await trx
    .selectFrom('self_assessment_standards')
    .select(['id', 'number'])
    .where('template_id', '=', templateId)
    .execute();
  const written: Record<string, { response: string; evidence: string; rating: 'green' | null; done: boolean }> = {
    '1.1': {
      response:
        'The Council Strategy sets out our safeguarding responsibilities, and the annual safeguarding report and policy go to Scrutiny and Cabinet each year.',
      evidence: 'The Safeguarding Policy and Procedures were reviewed and approved by Cabinet in July.',
      rating: 'green',
      done: true,
    },
    '1.2': {
      response: 'Our Safeguarding Policy and Procedure is aligned with the Boards’ policies.',
      evidence: '',
      rating: null,
      done: false,
    },
  };
  await trx
    .insertInto('self_assessment_answers')
    .values(
      standards.map((standard) => {
        const answer = written[standard.number];
        return {
          id: randomUUID(),
          assessment_id: assessmentId,
          standard_id: standard.id,
          response: answer?.response ?? null,
          evidence: answer?.evidence || null,
          rating: answer?.rating ?? null,
          progress: answer
            ? answer.done
              ? ('completed' as const)
              : ('in_progress' as const)
            : ('not_started' as const),
          updated_at: at,
          updated_by: coordinatorId,
        };
      }),
    )
    .execute();
}
