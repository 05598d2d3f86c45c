import { z } from 'zod';
import { collectProblems, optionalText, requiredText, versionField } from '../../assurance/form-fields.ts';
import { readDateField } from '../../web/date-field.ts';
import { type FormErrors, formErrors } from '../../web/form-errors.ts';

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

const changeFields = riskFields
  .omit({ currentImpact: true, currentProbability: true, comments: true })
  .extend({ version: versionField });

export type RiskChangeForm = z.output<typeof changeFields>;

/** A change to what a risk is and who owns it, and its gross and residual scores (the current score is reviewed). */
export function parseRiskChange(body: Body): Parsed<RiskChangeForm> {
  const parsed = changeFields.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const order = riskOrder.filter((field) => !/^current|^comments$|^raised$|^review$/.test(field)).concat('version');
  return { ok: false, errors: collectProblems(order, parsed.error, {}) };
}

/** Closing a risk: only the version it was shown at (closed today). */
export function parseRiskVersion(body: Body): Parsed<{ version: number }> {
  const parsed = z.object({ version: versionField }).safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: collectProblems(['version'], parsed.error, {}) };
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

/**
 * A control. Its due date must not be in the past, except the date a control already has: an
 * overdue control's progress can be updated without moving its date.
 */
export function parseControl(body: Body, currentDueOn: string | null = null): Parsed<ControlForm> {
  const parsed = controlFields.safeParse(body);
  let due = readDateField(body, 'due', 'the due date', 'not-past');
  if (!('date' in due) && currentDueOn) {
    const asBefore = readDateField(body, 'due', 'the due date', 'not-future');
    if ('date' in asBefore && asBefore.date === currentDueOn) due = asBefore;
  }
  const errors = collectProblems(
    ['description', 'due', 'status', 'progress', 'actionOwner'],
    parsed.success ? null : parsed.error,
    { due },
  );
  if (errors.list.length || !parsed.success || !('date' in due)) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, dueOn: due.date } };
}

/** A change to a control: its fields and the risk's version (a control changes its risk). */
export function parseControlChange(body: Body, currentDueOn: string | null): Parsed<ControlForm & { version: number }> {
  const version = versionField.safeParse(body.version);
  const control = parseControl(body, currentDueOn);
  if (!control.ok) return control;
  if (!version.success) return { ok: false, errors: formErrors([['version', 'Reload the page and try again']]) };
  return { ok: true, value: { ...control.value, version: version.data } };
}
