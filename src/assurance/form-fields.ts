import { z } from 'zod';
import { type FormErrors, formErrors, formErrorsFromZod, noErrors } from '../web/form-errors.ts';

// Text boxes of the assurance forms: trimmed, a limit each, messages in Haven's words. Shared by
// the action plan, the risk register and Scrutiny so one rule reads the same everywhere.

/** A required text answer: "Enter the action", "The action must be 2,000 characters or fewer". */
export function requiredText(subject: string, max: number) {
  return z
    .string({ error: `Enter ${subject}` })
    .trim()
    .min(1, `Enter ${subject}`)
    .max(max, `${capitalise(subject)} must be ${max.toLocaleString('en-GB')} characters or fewer`);
}

/** An optional text answer; empty becomes null. */
export function optionalText(subject: string, max: number) {
  return z
    .string({ error: `${capitalise(subject)} must be text` })
    .trim()
    .max(max, `${capitalise(subject)} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .transform((value) => (value ? value : null));
}

const chooseAccount = 'Choose an account from the list';

/** The account that leads an action, if one is chosen from the list; empty becomes null. */
export const leadAccountField = z
  .string({ error: chooseAccount })
  .max(36, chooseAccount)
  .optional()
  .transform((id) => id || null);

/**
 * The problem with a lead account that is not one of those offered (the organisation's: the
 * overdue reminder goes to it), or null when there is none.
 */
export function leadNotOffered(leadUserId: string | null, offered: ReadonlySet<string>): FormErrors | null {
  return leadUserId && !offered.has(leadUserId) ? formErrors([['leadUserId', chooseAccount]]) : null;
}

/** The version the form was shown with, for the check against concurrent edits. */
export const versionField = z
  .string({ error: 'Reload the page and try again' })
  .regex(/^[1-9]\d{0,8}$/, 'Reload the page and try again')
  .transform(Number);

function capitalise(text: string): string {
  const words = text.replace(/^(the|a|an) /, '');
  return `The ${words}`.replace(/^The The /, 'The ');
}

/** The form's fields as typed, to show again beside its errors (strings only, each cut to a sane length). */
export function typedValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== '_csrf')
      .map(([key, value]) => [key, value.slice(0, 10_000)]),
  );
}

type Problem = [field: string, message: string, anchor?: string];

/**
 * One list of a form's problems in the order its fields appear: zod's (already in Haven's words)
 * and each date field's. Empty when the form is good.
 */
export function collectProblems(
  fieldOrder: readonly string[],
  zodError: z.ZodError | null,
  dates: Record<string, { problem: Problem } | { date: string }>,
): FormErrors {
  const fromZod = zodError ? formErrorsFromZod(zodError) : noErrors;
  const problems: Problem[] = [];
  for (const field of fieldOrder) {
    const date = dates[field];
    if (date && 'problem' in date) problems.push(date.problem);
    const error = fromZod.byField[field];
    if (error) problems.push([field, error.text]);
  }
  // A field no page sends (a shape only a hand-made request has): still refused, still in words.
  if (zodError && problems.length === 0) problems.push([fieldOrder[0]!, 'Check your answers and try again']);
  return formErrors(problems);
}
