import { z } from 'zod';
import { collectProblems, optionalText, requiredText, versionField } from '../../assurance/form-fields.ts';
import { readDateField } from '../../web/date-field.ts';
import type { FormErrors } from '../../web/form-errors.ts';

type Body = Record<string, unknown>;
type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

export const stages = [
  ['gross', 'Gross'],
  ['current', 'Current'],
  ['residual', 'Residual'],
] as const;

/** A score box: 1 to 5 only (the toolkit's five by five matrix). */
const scale = (what: string) =>
  z
    .string({ error: `Choose the ${what} from 1 to 5` })
    .regex(/^[1-5]$/, `Choose the ${what} from 1 to 5`)
    .transform(Number);

const scoreFields = {
  grossImpact: scale('gross impact'),
  grossProbability: scale('gross probability'),
  currentImpact: scale('current impact'),
  currentProbability: scale('current probability'),
  residualImpact: scale('residual impact'),
  residualProbability: scale('residual probability'),
};

const riskFields = z.object({
  title: requiredText('the title', 200),
  description: requiredText('the risk description', 2000),
  kind: z.enum(['threat', 'opportunity'], { error: 'Choose whether it is a threat or an opportunity' }),
  cause: optionalText('the cause', 2000),
  consequence: optionalText('the consequence', 2000),
  ownerName: requiredText('the owner', 200),
  ...scoreFields,
  comments: optionalText('the comments', 5000),
});
const riskOrder = [
  'title',
  'description',
  'kind',
  'cause',
  'consequence',
  'raised',
  'ownerName',
  ...Object.keys(scoreFields),
  'comments',
  'review',
];

export type RiskForm = z.output<typeof riskFields> & { raisedOn: string; reviewOn: string };

export function parseRisk(body: Body): Parsed<RiskForm> {
  const parsed = riskFields.safeParse(body);
  const raised = readDateField(body, 'raised', 'the date raised', 'not-future');
  const review = readDateField(body, 'review', 'the review date', 'not-past');
  const errors = collectProblems(riskOrder, parsed.success ? null : parsed.error, { raised, review });
  if (errors.list.length || !parsed.success || !('date' in raised) || !('date' in review)) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, raisedOn: raised.date, reviewOn: review.date } };
}

const rescoreFields = z.object({
  currentImpact: scoreFields.currentImpact,
  currentProbability: scoreFields.currentProbability,
  comments: optionalText('the comments', 5000),
  version: versionField,
});

export type RescoreForm = z.output<typeof rescoreFields> & { reviewOn: string };

/** A review: the current score now, the comments, and when to review it next. */
export function parseRescore(body: Body): Parsed<RescoreForm> {
  const parsed = rescoreFields.safeParse(body);
  const review = readDateField(body, 'review', 'the next review date', 'not-past');
  const errors = collectProblems(
    ['currentImpact', 'currentProbability', 'comments', 'review', 'version'],
    parsed.success ? null : parsed.error,
    { review },
  );
  if (errors.list.length || !parsed.success || !('date' in review)) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, reviewOn: review.date } };
}

const controlFields = z.object({
  description: requiredText('the control description', 2000),
  status: requiredText('the status', 100),
  progress: z
    .string({ error: 'Enter the progress as a whole number from 0 to 100' })
    .regex(/^(\d{1,2}|100)?$/, 'Enter the progress as a whole number from 0 to 100')
    .optional()
    .transform((value) => (value ? Number(value) : null)),
  actionOwner: requiredText('the action owner', 200),
});

export type ControlForm = z.output<typeof controlFields> & { dueOn: string };

export function parseControl(body: Body): Parsed<ControlForm> {
  const parsed = controlFields.safeParse(body);
  const due = readDateField(body, 'due', 'the due date', 'not-past');
  const errors = collectProblems(
    ['description', 'due', 'status', 'progress', 'actionOwner'],
    parsed.success ? null : parsed.error,
    { due },
  );
  if (errors.list.length || !parsed.success || !('date' in due)) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, dueOn: due.date } };
}
