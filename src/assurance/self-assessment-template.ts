import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../db/connect.ts';
import { boardSections } from '../domain/self-assessment-sections.ts';

// The Boards' joint self-assessment as the council answered it in 2023-24 (seed 001): six
// sections, and the numbered standards and questions the return asked. The return asked no
// standards in sections 2, 4 and 6 that year; the coordinator adds them to a year's template.
// Standard 1.4 has no number line in the source; it is numbered from its neighbours.

export const defaultSections: ReadonlyArray<{ number: number; title: string }> = Object.entries(boardSections).map(
  ([number, title]) => ({ number: Number(number), title }),
);

const evidenceGuidance =
  "In the second box Evidence, you should describe an example of how/when you've done/reviewed/checked this IN THE LAST YEAR";
const commissioningGuidance =
  'Organisations should be considering this from the point of view of being a commissioner of services, being a commissioned service or in some cases both. If you are neither a commissioner of services or a commissioned service, please write NA as your rating response.';

export type DefaultStandard = Readonly<{
  number: string;
  question: string;
  guidance: string;
  allowsNotApplicable: boolean;
}>;

/** [number, question, N/A allowed (the commissioning standards)] */
const standards: ReadonlyArray<readonly [string, string, boolean]> = [
  [
    '1.1',
    "How do strategies and plans clearly set out the organisation's safeguarding responsibilities and commitment to promoting the welfare of children and adults with care and support needs?",
    false,
  ],
  [
    '1.2',
    'How do strategies and plans align with the multi-agency strategies and policies of the Safeguarding Boards?',
    false,
  ],
  ['1.3', 'How do strategies and plans promote the partnership responsibilities of the organisation?', false],
  [
    '1.4',
    'How do you know that staff across the organisation understand and act on their safeguarding responsibilities?',
    false,
  ],
  [
    '1.5',
    "How do you know that senior management/board level leads are accountable for the organisation's safeguarding arrangements?",
    false,
  ],
  [
    '1.6',
    'How does your organisation demonstrate that your Senior managers/board level leads have the required knowledge, skills and expertise, and keep abreast of local and national developments and learning to ensure that practice continues to improve?',
    false,
  ],
  [
    '1.7',
    'How do you ensure that safeguarding activity is routinely monitored within the organisation at a senior level (senior manager/board level lead/elected members), issues are identified at the appropriate level and resources are put in place to resolve them?',
    false,
  ],
  [
    '1.8',
    'How do you know that key messages and issues raised at the Boards are fed back into and cascaded throughout your organisation?',
    false,
  ],
  [
    '1.9',
    'How do you know that the Safeguarding Boards are abreast of emerging local issues and acting upon the latest research/reports into safeguarding?',
    false,
  ],
  [
    '1.10',
    'How do you know that your escalation policies are clear and that staff know what to do when their safeguarding concerns are not being addressed within your organisation or by other agencies?',
    false,
  ],
  [
    '1.11',
    'How does your organisation respond to challenge and improve practice as a result of constructive feedback?',
    false,
  ],
  [
    '3.1',
    'How do commissioning arrangements set out quality assurance and service standards in order to safeguard children and adults with care and support needs?',
    true,
  ],
  [
    '3.2',
    'How does contract monitoring ensure that commissioned services meet the required standards on safeguarding and promoting the welfare of children and adults with care and support needs?',
    true,
  ],
  [
    '3.3',
    'How are safeguarding referrals/alerts tracked and under or over-reporting patterns addressed during contract monitoring?',
    true,
  ],
  ['3.4', 'How is action taken to safeguard individuals when standards in services put people at risk?', true],
  [
    '3.5',
    'How do you ensure that there is a clear line of accountability for the commissioning and/or provision of services, and the process for escalating service gaps to the commissioning body is understood and established in practice?',
    true,
  ],
  [
    '5.1',
    'How does your organisation demonstrate a culture of listening to children and adults with care and support needs and taking account of their wishes and feelings?',
    false,
  ],
  [
    '5.2',
    'How do you know that safeguarding is personalised, so that children and adults experiencing or receiving safeguarding services are treated sensitively and respectfully, feel safer as a result of your intervention and that outcomes are consistent, regardless of the ethnicity, cultural identity / diversity, gender, sexuality, disability or age of the service user?',
    false,
  ],
  [
    '5.3',
    'How do you know that outcomes are defined by the individuals concerned or, where people lack decision- making capacity, by their representatives or advocates and advocacy is used appropriately for children and adults with care and support needs who are (or may have been) experiencing abuse?',
    false,
  ],
  [
    '5.4',
    "How do you know that the safeguarding process is proportionate, puts individuals in control and where this is not possible (for instance where there is concern that an individual or organisation could harm others) this is fully discussed and the person's views considered as much as possible?",
    false,
  ],
  [
    '5.5',
    "How do you know that your organisation's complaints processes are effective and that children and adults with care and support needs are empowered to challenge services when expected standards/responsibilities are not met?",
    false,
  ],
];

export const defaultStandards: readonly DefaultStandard[] = standards.map(([number, question, commissioning]) => ({
  number,
  question,
  guidance: commissioning ? `${evidenceGuidance}\n\n${commissioningGuidance}` : evidenceGuidance,
  allowsNotApplicable: commissioning,
}));

/** Makes version 1 of a year's template from the default; call inside a transaction. Returns its id. */
export async function createDefaultTemplate(
  db: HavenDb,
  input: { organisationId: string; yearLabel: string; createdBy: string | null },
  now: Date,
): Promise<string> {
  const templateId = randomUUID();
  await db
    .insertInto('self_assessment_templates')
    .values({
      id: templateId,
      organisation_id: input.organisationId,
      title: `Oxfordshire Safeguarding Self-assessment ${input.yearLabel}`,
      year_label: input.yearLabel,
      version: 1,
      based_on_id: null,
      created_at: now.toISOString(),
      created_by: input.createdBy,
    })
    .execute();
  const sectionIds = new Map(defaultSections.map((section) => [section.number, randomUUID()]));
  await db
    .insertInto('self_assessment_sections')
    .values(
      defaultSections.map((s) => ({
        id: sectionIds.get(s.number)!,
        template_id: templateId,
        number: s.number,
        title: s.title,
      })),
    )
    .execute();
  await db
    .insertInto('self_assessment_standards')
    .values(
      defaultStandards.map((standard, position) => ({
        id: randomUUID(),
        template_id: templateId,
        section_id: sectionIds.get(Number(standard.number.split('.')[0]))!,
        number: standard.number,
        position,
        question: standard.question,
        guidance: standard.guidance,
        allows_not_applicable: standard.allowsNotApplicable ? 1 : 0,
      })),
    )
    .execute();
  return templateId;
}
