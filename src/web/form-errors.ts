import type { z } from 'zod';

/** A form's problems in the two shapes the GOV.UK error summary and field macros want. */
export type FormErrors = {
  list: Array<{ text: string; href: string }>;
  byField: Record<string, { text: string }>;
};

export const noErrors: FormErrors = { list: [], byField: {} };

/** Builds form errors from field → message pairs, keeping the order the fields appear on the page. */
export function formErrors(problems: Array<[field: string, message: string, anchor?: string]>): FormErrors {
  const errors: FormErrors = { list: [], byField: {} };
  for (const [field, message, anchor] of problems) {
    if (errors.byField[field]) continue;
    errors.byField[field] = { text: message };
    errors.list.push({ text: message, href: `#${anchor ?? field}` });
  }
  return errors;
}

// zod's own English ("Too big: expected string to have <=10 characters", "Invalid input: …").
// Every schema gives its own message for each check; this catches one that was missed, or a
// shape no page sends (a text box posted twice), so a user never reads the library's words.
const libraryWording = /\b(expected|received)\b|^(Invalid|Too (big|small)|Unrecognized|Required)\b/;

/** Haven's safe words for a check a schema left without a message of its own. */
function fallbackMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_big' && issue.origin === 'string') {
    return `Your answer must be ${Number(issue.maximum).toLocaleString('en-GB')} characters or fewer`;
  }
  return 'Check your answer and enter it again';
}

/** Form errors from a zod failure; each schema message is written for the user, or replaced by Haven's. */
export function formErrorsFromZod(error: z.ZodError, anchors: Record<string, string> = {}): FormErrors {
  return formErrors(
    error.issues.map((issue) => {
      const field = String(issue.path[0] ?? 'form');
      const anchor = 'params' in issue ? (issue.params as { anchor?: string } | undefined)?.anchor : undefined;
      const message = libraryWording.test(issue.message) ? fallbackMessage(issue) : issue.message;
      return [field, message, anchor ?? anchors[field]];
    }),
  );
}
