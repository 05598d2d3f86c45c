import type { z } from 'zod';
import { type FormErrors, formErrorsFromZod } from '../../web/form-errors.ts';
import type { StepContext } from './concern-flow.ts';
import type { ConcernDraft } from '../../concerns/draft.schema.ts';

type Values = Record<string, unknown>;
export type StepResult = { ok: true; draft: ConcernDraft } | { ok: false; errors: FormErrors };

/** One question page of "Record a concern" (the people pages have their own routes). */
export type QuestionPage = {
  slug: string;
  title: string;
  /** What the page shows on first visit: the saved answers, in the form's own field names. */
  formValues(draft: ConcernDraft, context: StepContext): Values;
  /** Validates the posted form and folds it into the draft. */
  apply(draft: ConcernDraft, body: Values, context: StepContext): StepResult;
  /** What else the template needs, from the values shown (saved or just posted). */
  view?(values: Values, draft: ConcernDraft, context: StepContext): Values;
};

export function fold<T>(result: z.ZodSafeParseResult<T>, merge: (answers: T) => ConcernDraft): StepResult {
  return result.success
    ? { ok: true, draft: merge(result.data) }
    : { ok: false, errors: formErrorsFromZod(result.error) };
}
