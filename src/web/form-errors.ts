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

/** Form errors from a zod failure; each schema message is already written for the user. */
export function formErrorsFromZod(error: z.ZodError, anchors: Record<string, string> = {}): FormErrors {
  return formErrors(
    error.issues.map((issue) => {
      const field = String(issue.path[0] ?? 'form');
      const anchor = 'params' in issue ? (issue.params as { anchor?: string } | undefined)?.anchor : undefined;
      return [field, issue.message, anchor ?? anchors[field]];
    }),
  );
}
