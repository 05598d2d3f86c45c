import { z } from 'zod';
import { type LawfulBasis, lawfulBasisCodes } from '../../domain/lawful-basis.ts';
import { type FormErrors, formErrors, formErrorsFromZod } from '../../web/form-errors.ts';
import { readDateField } from '../../web/date-field.ts';
import type { Parsed } from '../../concerns/case-form.ts';
import { missingConsentReason } from '../../concerns/consent-reason.ts';

// Each case-work form's rules and messages. Lists (owners, agencies, outcomes) come from the
// organisation's own configuration, so ids are checked against what the form offered.

const text = (max: number, empty: string, tooLong: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, tooLong);
const oneOf = (ids: readonly string[], message: string) =>
  z.string({ error: message }).refine((id) => ids.includes(id), message);

function finish<T>(result: z.ZodSafeParseResult<T>, extra: Array<[string, string, string?]> = []): Parsed<T> {
  const problems: FormErrors = result.success ? formErrors(extra) : mergeErrors(formErrorsFromZod(result.error), extra);
  return problems.list.length || !result.success ? { ok: false, errors: problems } : { ok: true, input: result.data };
}

function mergeErrors(errors: FormErrors, extra: Array<[string, string, string?]>): FormErrors {
  const more = formErrors(extra);
  return { list: [...errors.list, ...more.list], byField: { ...more.byField, ...errors.byField } };
}

export function parseTriage(body: Record<string, unknown>, ownerIds: readonly string[]) {
  const schema = z.object({
    decision: text(
      5000,
      'Enter your triage decision and the reasons for it',
      'The decision must be 5,000 characters or fewer',
    ),
    riskLevel: z.enum(['low', 'medium', 'high'], { error: 'Select the level of risk' }),
    ownerId: oneOf(ownerIds, 'Select who will own this case'),
  });
  return finish(schema.safeParse(body));
}

export function parseAction(body: Record<string, unknown>, assigneeIds: readonly string[]) {
  const schema = z.object({
    description: text(1000, 'Describe the action', 'The action must be 1,000 characters or fewer'),
    assigneeId: oneOf(assigneeIds, 'Select who the action is for'),
  });
  const due = readDateField(body, 'dueOn', 'the due date', 'not-past');
  const parsed = finish(schema.safeParse(body), 'problem' in due ? [due.problem] : []);
  return parsed.ok && 'date' in due
    ? { ok: true as const, input: { ...parsed.input, dueOn: due.date } }
    : failed(parsed);
}

export function parseReferral(body: Record<string, unknown>, agencyIds: readonly string[]) {
  const schema = z.object({
    agencyId: oneOf(agencyIds, 'Select the agency you referred to'),
    externalReference: z.string().trim().max(100, 'The agency’s reference must be 100 characters or fewer').default(''),
    professional: text(
      200,
      'Enter the name of the professional you spoke to',
      'The name must be 200 characters or fewer',
    ),
    consent: z.enum(['yes', 'no', 'not-asked'], { error: 'Select whether the person consented to the referral' }),
    noConsentReason: z.string().trim().max(2000, 'The reason must be 2,000 characters or fewer').default(''),
    lawfulBasis: z.enum(lawfulBasisCodes as [LawfulBasis, ...LawfulBasis[]], {
      error: 'Select the lawful basis for sharing',
    }),
  });
  const referred = readDateField(body, 'referredOn', 'the referral date', 'not-future');
  const problems = [
    ...('problem' in referred ? [referred.problem] : []),
    ...missingConsentReason(body, 'Explain why you referred without the person’s consent'),
  ];
  const parsed = finish(schema.safeParse(body), problems);
  return parsed.ok && 'date' in referred
    ? { ok: true as const, input: { ...parsed.input, referredOn: referred.date } }
    : failed(parsed);
}

export function parseOutcome(body: Record<string, unknown>, outcomeIds: readonly string[], referredOn: string) {
  const schema = z.object({ outcomeId: oneOf(outcomeIds, 'Select the outcome of the referral') });
  const known = readDateField(body, 'outcomeOn', 'the outcome date', 'not-future');
  const early = 'date' in known && known.date < referredOn;
  const problems: Array<[string, string, string?]> =
    'problem' in known
      ? [known.problem]
      : early
        ? [['outcomeOn', 'The outcome date must be on or after the referral date', 'outcomeOn-day']]
        : [];
  const parsed = finish(schema.safeParse(body), problems);
  return parsed.ok && 'date' in known
    ? { ok: true as const, input: { ...parsed.input, outcomeOn: known.date } }
    : failed(parsed);
}

export function parseReason(body: Record<string, unknown>, field: string, empty: string) {
  const schema = z.object({ [field]: text(2000, empty, 'The reason must be 2,000 characters or fewer') });
  const result = finish(schema.safeParse(body));
  return result.ok ? { ok: true as const, input: { reason: String(result.input[field]) } } : result;
}

/** The optional closing note: a longer one is refused, never cut short without a word. */
export function parseClosingNote(body: Record<string, unknown>) {
  const schema = z.object({
    note: z.string().trim().max(2000, 'The closing note must be 2,000 characters or fewer').default(''),
  });
  return finish(schema.safeParse(body));
}

function failed(parsed: Parsed<unknown>): { ok: false; errors: FormErrors } {
  return parsed.ok ? { ok: false, errors: formErrors([]) } : parsed;
}

/** What a parser hands on when the form is valid. */
export type InputOf<Parser extends (...args: never[]) => Parsed<unknown>> =
  ReturnType<Parser> extends infer Result ? (Result extends { ok: true; input: infer Input } ? Input : never) : never;
