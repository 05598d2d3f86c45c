import { randomUUID } from 'node:crypto';
import { actionPlanFor, addPlanAction } from '../assurance/action-plan.queries.ts';
import type { HavenDb } from './connect.ts';

// The assurance loop's demo rows, from the seeds: the action plan of appendix 2 (seed 000) with
// its document control and some of the 2022-23 completed actions, the three risks of appendix 4,
// and Scrutiny's two safeguarding recommendations of June 2021 with Cabinet's responses (seed 003).
// No lead has an account here, so the demo sends no reminder emails by itself.

const coordinator = 'Safeguarding Coordinator';

const openActions2023: ReadonlyArray<[string, string, string, string, string, string, string]> = [
  [
    'Service Delivery, Development & Effective Practice',
    'Promote Early Help pathways',
    'Increase communications, ensure trainer understanding of Service Integration Project, Early help, LCSS, tools including Strengths and Needs.',
    'Understanding and awareness of Early Help across organisation.',
    'Preventative measures in place to support children and vulnerable adults before requirement of statutory intervention',
    'May 2024',
    '2024-05-31',
  ],
  [
    'Leadership, Strategy and Working Together',
    'Safeguarding champion representative from each service area',
    'Recruit additional safeguarding champions to ensure each service area has at least one representative',
    'Service head delegation',
    'Safeguarding advice and support available and embedded in every service area across organisation',
    'December 2023',
    '2023-12-31',
  ],
  [
    'Leadership, Strategy and Working Together',
    'Increase Safeguarding Champion and DSL awareness',
    'Increased communications, visual aids',
    "Team managers' distribution of communications to staff. Safeguarding Coordinator attendance at team meetings.",
    'Increase in positive responses to the annual staff safeguarding questionnaire question: "Can you name a Safeguarding Champion or Designated Safeguarding Lead at Oxford City Council?"',
    'October 2023',
    '2023-10-31',
  ],
  [
    'Safer Recruitment, Staff Development & Effective Learning',
    'Promote specialist safeguarding training',
    'Identify appropriate training for individual teams and promote uptake',
    'Team managers identify most appropriate training and encourage participation',
    'Increase in uptake of relevant training in appropriate teams',
    'May 2024',
    '2024-05-31',
  ],
  [
    'Leadership, Strategy and Working Together',
    'Promote open culture of safeguarding whistleblowing',
    'Identify current whistleblowing culture and areas for improvement',
    'Work with investigations team to understand current whistleblowing data and culture',
    'Embed culture change, staff feel comfortable to challenge behaviour and report safeguarding concerns',
    'May 2024',
    '2024-05-31',
  ],
  [
    "People's Experiences of Safeguarding",
    'Complaints process reflects safeguarding complaints',
    'Identify complaint management systems and data relating to safeguarding concerns',
    'Collaboration with OCC complaints and performance team',
    'Identify complaints relating to safeguarding concerns ensure safeguarding procedures are followed, alongside complaints procedures.',
    'December 2024',
    '2024-12-31',
  ],
  [
    'Service Delivery, Development & Effective Practice',
    'Internal audit of safeguarding response across organisation',
    'Scope audit',
    'Engagement from service areas and associated managers to review current systems and practice',
    'Improvement in consistency of practice across service area/organisation Embed safeguarding best practice across organisation',
    'May 2024',
    '2024-05-31',
  ],
];

const completed2022: ReadonlyArray<[string, string, string, string, string, string]> = [
  [
    'Safeguarding policy and procedures remain current',
    'Annual review and update',
    'Cabinet sign off and circulated to all staff. Referred to in safeguarding briefing.',
    'Easily accessible procedural guidance and support for all staff.',
    coordinator,
    'Apr 2023',
  ],
  [
    'Promote the Safeguarding Champion structure',
    'Use internal communications to publish profiles of champions.',
    'Use case management examples to share with staff.',
    'Embed positive safeguarding culture',
    coordinator,
    'All year',
  ],
  [
    'Measure training outcomes in practice and assess effectiveness of training staff',
    'Review evaluation forms, referrals and staff survey',
    'Accurate picture of effectiveness of safeguarding training.',
    'Ability to capture staff views and improve service.',
    coordinator,
    'All Year',
  ],
];

const risks: ReadonlyArray<{
  description: string;
  consequence: string;
  scores: [number, number, number, number, number, number];
  comment: string;
}> = [
  {
    description: 'Poor staff awareness of safeguarding indicators',
    consequence: 'Ineffective response to safeguarding incidents.',
    scores: [4, 4, 4, 3, 4, 2],
    comment: 'Training programme in place delivered by a staff pool that needs expanding.',
  },
  {
    description: 'Poor staff awareness of reporting procedures',
    consequence: 'Ineffective response to safeguarding incidents.',
    scores: [4, 3, 3, 3, 3, 2],
    comment: 'Training programme in place delivered by a staff pool that needs expanding.',
  },
  {
    description: 'Poor safeguarding recording levels on MyConcern',
    consequence: 'Lack of insight and response into safeguarding trends.',
    scores: [3, 3, 3, 2, 2, 2],
    comment: 'Newsletters and reminders to record on MyConcern. Regular review of data.',
  },
];

const safeguardingReport = 'Oxford City Council Safeguarding Report 2020/21';
const recommendations: ReadonlyArray<[string, 'agreed' | 'partially_agreed', string]> = [
  [
    "That the Council ensures that the information it shares with the Secretary of State in relation to slavery and human trafficking is consistent with the City's status as a City of Sanctuary and is not used for immigration enforcement.",
    'partially_agreed',
    "Oxford City Council have said we are a city of sanctuary and will not link with the Government's hostile environment programme – and have identified a number of services – eg. homelessness, where we don't report details through to the Immigration service. This issue has been looked into in depth and there are few instances where this could happen possibly; only where the NRM process has been concluded and the negative suggested no evidence of modern slavery it could possibly lead on to other processes. However, no evidence has been found to support this occurring. It should be stressed, however, that as part of its aims around being a City of Sanctuary Oxford City Council should of course be sharing information in cases of modern day slavery and where we are working to safeguard and prevent crime.",
  ],
  [
    'That the Council amends for its publicly available version of the Annual Safeguarding Report the section on outcomes for those who use statutory services to provide the contextual data needed to judge the effectiveness of these service interventions rather than the quantity of positive outcomes.',
    'agreed',
    'We can provide further information to balance a view with regard to the overall data and outcomes. This must however be in context around the group of people the project aims to support.',
  ],
];

/** Adds the seeds' assurance rows to a new demo organisation, inside its seeding transaction. */
export async function seedAssuranceDemo(trx: HavenDb, organisationId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  // A millisecond apart, so the plan lists them in the seed's order.
  const nth = (i: number) => new Date(now.getTime() + i);
  for (const [
    i,
    [standardArea, objective, action, input, desiredOutcome, timescale, dueOn],
  ] of openActions2023.entries()) {
    await addPlanAction(
      trx,
      {
        organisationId,
        yearLabel: '2023-24',
        standardArea,
        objective,
        action,
        input,
        desiredOutcome,
        leadName: coordinator,
        timescale,
        dueOn,
        createdBy: null,
      },
      nth(i),
    );
  }
  const plan = await actionPlanFor(trx, organisationId, '2023-24', now);
  await trx
    .updateTable('action_plans')
    .set({
      title: 'Safeguarding Action Plan 2023/2024',
      owner: 'Head of Regulatory Services and Community Safety',
      author: coordinator,
      last_reviewed_on: '2023-05-01',
      next_review_on: '2024-05-01',
      document_version: '1',
    })
    .where('id', '=', plan)
    .execute();
  for (const [i, [objective, action, input, desiredOutcome, leadName, timescale]] of completed2022.entries()) {
    await addPlanAction(
      trx,
      {
        organisationId,
        yearLabel: '2022-23',
        objective,
        action,
        input,
        desiredOutcome,
        leadName,
        timescale,
        status: 'completed',
        createdBy: null,
      },
      nth(i),
    );
  }
  for (const [i, risk] of risks.entries()) {
    const id = randomUUID();
    const [gi, gp, ci, cp, ri, rp] = risk.scores;
    await trx
      .insertInto('risks')
      .values({
        id,
        organisation_id: organisationId,
        reference: `SP${String(i + 1).padStart(3, '0')}`,
        title: 'Safeguarding Policy',
        description: risk.description,
        kind: 'threat',
        cause: 'Lack of access to training and support.',
        consequence: risk.consequence,
        raised_on: '2023-05-23',
        owner_name: 'Head of Community Safety',
        gross_impact: gi,
        gross_probability: gp,
        current_impact: ci,
        current_probability: cp,
        residual_impact: ri,
        residual_probability: rp,
        comments: risk.comment,
        review_on: '2024-03-31',
        closed_on: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await trx
      .insertInto('risk_controls')
      .values({
        id: randomUUID(),
        risk_id: id,
        position: 1,
        description: risk.comment,
        due_on: '2024-03-31',
        status: 'On-going',
        progress_percent: null,
        action_owner: coordinator,
      })
      .execute();
  }
  for (const [i, [recommendation, response, comment]] of recommendations.entries()) {
    await trx
      .insertInto('scrutiny_recommendations')
      .values({
        id: randomUUID(),
        organisation_id: organisationId,
        number: i + 1,
        recommendation,
        made_on: '2021-06-08',
        committee: 'Scrutiny Committee',
        report_title: safeguardingReport,
        response,
        response_comment: comment,
        responsible_member: 'Cabinet Member for a Healthier, Safer Oxford',
        responded_on: '2021-06-16',
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
}
