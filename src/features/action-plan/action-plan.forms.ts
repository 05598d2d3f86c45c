import { z } from 'zod';
import {
  collectProblems,
  leadAccountField,
  leadNotOffered,
  optionalText,
  requiredText,
  versionField,
} from '../../assurance/form-fields.ts';
import { standardAreas } from '../../assurance/standard-areas.ts';
import { isYearLabel } from '../../domain/assurance-dates.ts';
import { readDateField } from '../../web/date-field.ts';
import type { FormErrors } from '../../web/form-errors.ts';

type Body = Record<string, unknown>;
type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

export const statusNames = { not_started: 'Not started', in_progress: 'In progress', completed: 'Completed' } as const;
type Status = keyof typeof statusNames;

const actionFields = z.object({
  year: z.string({ error: 'Choose the year of the plan' }).refine(isYearLabel, 'Choose the year of the plan'),
  standardArea: z
    .string({ error: 'Choose a standard from the list' })
    .optional()
    .refine((area) => !area || (standardAreas as readonly string[]).includes(area), 'Choose a standard from the list')
    .transform((area) => area || null),
  objective: optionalText('the objective', 1000),
  action: requiredText('the action', 2000),
  input: optionalText('the input', 2000),
  desiredOutcome: optionalText('the desired outcome', 2000),
  leadName: requiredText('the lead', 200),
  leadUserId: leadAccountField,
  timescale: optionalText('the timescale', 100),
});
const actionOrder = [
  'year',
  'standardArea',
  'objective',
  'action',
  'input',
  'desiredOutcome',
  'leadName',
  'leadUserId',
  'due',
  'timescale',
];

export type NewActionForm = z.output<typeof actionFields> & { dueOn: string };

/** An action for the plan: what, who leads it and when it is due are required (never one without a lead or due date). */
export function parseNewAction(body: Body, leadAccountIds: ReadonlySet<string>): Parsed<NewActionForm> {
  const parsed = actionFields.safeParse(body);
  const due = readDateField(body, 'due', 'the due date', 'not-past');
  const errors = collectProblems(actionOrder, parsed.success ? null : parsed.error, { due });
  const unknownLead = parsed.success ? leadNotOffered(parsed.data.leadUserId, leadAccountIds) : null;
  if (unknownLead) return { ok: false, errors: unknownLead };
  if (errors.list.length || !parsed.success || !('date' in due)) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, dueOn: due.date } };
}

const changeFields = actionFields.omit({ year: true, standardArea: true }).extend({ version: versionField });
const changeOrder = actionOrder.filter((field) => field !== 'year' && field !== 'standardArea').concat('version');

export type ActionChangeForm = z.output<typeof changeFields> & { dueOn: string };

/**
 * A change to an action's words, lead or timing. The due date must not be in the past, except
 * the date it already has: an overdue action's text can be corrected without moving its date.
 */
export function parseActionChange(
  body: Body,
  leadAccountIds: ReadonlySet<string>,
  currentDueOn: string | null,
): Parsed<ActionChangeForm> {
  const parsed = changeFields.safeParse(body);
  let due = readDateField(body, 'due', 'the due date', 'not-past');
  if (!('date' in due) && currentDueOn) {
    const asBefore = readDateField(body, 'due', 'the due date', 'not-future');
    if ('date' in asBefore && asBefore.date === currentDueOn) due = asBefore;
  }
  const errors = collectProblems(changeOrder, parsed.success ? null : parsed.error, { due });
  const unknownLead = parsed.success ? leadNotOffered(parsed.data.leadUserId, leadAccountIds) : null;
  if (unknownLead) return { ok: false, errors: unknownLead };
  if (errors.list.length || !parsed.success || !('date' in due)) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, dueOn: due.date } };
}

const updateFields = z.object({ body: requiredText('the update', 5000) });

/** A dated update (the plan's bi-annual updates): the date it was written and what it says. */
export function parseUpdate(body: Body): Parsed<{ writtenOn: string; body: string }> {
  const parsed = updateFields.safeParse(body);
  const written = readDateField(body, 'written', 'the date of the update', 'not-future');
  const errors = collectProblems(['written', 'body'], parsed.success ? null : parsed.error, { written });
  if (errors.list.length || !parsed.success || !('date' in written)) return { ok: false, errors };
  return { ok: true, value: { writtenOn: written.date, body: parsed.data.body } };
}

const statusFields = z.object({
  status: z.enum(['not_started', 'in_progress', 'completed'], { error: 'Choose the status of the action' }),
  version: versionField,
});

export function parseStatus(body: Body): Parsed<{ status: Status; version: number }> {
  const parsed = statusFields.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: collectProblems(['status', 'version'], parsed.error, {}) };
}

const documentFields = z.object({
  owner: requiredText('the owner', 200),
  author: requiredText('the author', 200),
  documentVersion: requiredText('the version', 20),
  version: versionField,
});

export type DocumentControlForm = z.output<typeof documentFields> & { lastReviewedOn: string; nextReviewOn: string };

/** Document control (appendix 2): owner, author, last reviewed, next review due, version. */
export function parseDocumentControl(body: Body): Parsed<DocumentControlForm> {
  const parsed = documentFields.safeParse(body);
  const lastReviewed = readDateField(body, 'lastReviewed', 'the date last reviewed', 'not-future');
  const nextReview = readDateField(body, 'nextReview', 'the next review date', 'not-past');
  const errors = collectProblems(
    ['owner', 'author', 'lastReviewed', 'nextReview', 'documentVersion', 'version'],
    parsed.success ? null : parsed.error,
    { lastReviewed, nextReview },
  );
  if (errors.list.length || !parsed.success || !('date' in lastReviewed) || !('date' in nextReview)) {
    return { ok: false, errors };
  }
  return { ok: true, value: { ...parsed.data, lastReviewedOn: lastReviewed.date, nextReviewOn: nextReview.date } };
}

/** The years a new action may go in: the plans there are, this year and next. */
export function yearChoices(existing: readonly string[], thisYear: string): string[] {
  const start = Number(thisYear.slice(0, 4)) + 1;
  const next = `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
  return [...new Set([...existing, thisYear, next])].sort().reverse();
}
