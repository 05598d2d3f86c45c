import { z } from 'zod';
import { readDateField } from '../../web/date-field.ts';
import { type FormErrors, formErrors, formErrorsFromZod } from '../../web/form-errors.ts';
import type { ConcernField, PersonField } from './rectify.ts';

// Every form of subject access and rectification, validated once at the edge: each problem is
// said beside its field in Haven's words, and nothing is written until the whole form is right.

type Parsed<Input> = { ok: true; input: Input } | { ok: false; errors: FormErrors };

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(
      max,
      `${what.charAt(0).toUpperCase()}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    );

const reason = text('the reason', 2000);

/** The day the request was received: a real date, not in the future. */
export function parseStart(body: Record<string, unknown>): Parsed<{ receivedOn: string }> {
  const received = readDateField(body, 'receivedOn', 'the date the request arrived', 'not-future');
  if ('problem' in received) return { ok: false, errors: formErrors([received.problem]) };
  return { ok: true, input: { receivedOn: received.date } };
}

const extension = z.object({
  months: z.enum(['1', '2'], { error: 'Select how many further months' }),
  reason: text('why the request needs longer', 2000),
});

export function parseExtension(body: Record<string, unknown>): Parsed<{ months: number; reason: string }> {
  const result = extension.safeParse(body);
  if (!result.success) return { ok: false, errors: formErrorsFromZod(result.error, { months: 'months' }) };
  return { ok: true, input: { months: Number(result.data.months), reason: result.data.reason } };
}

/**
 * The redaction decisions: one `decision-<id>` radio per proposal (only the ids offered count) and
 * an optional name or detail to add.
 */
export function parseRedactions(
  body: Record<string, unknown>,
  offeredIds: readonly string[],
): Parsed<{ decisions: Record<string, 'redact' | 'keep'>; added: string | null }> {
  const decisions: Record<string, 'redact' | 'keep'> = {};
  const problems: Array<[string, string]> = [];
  for (const id of offeredIds) {
    const value = body[`decision-${id}`];
    if (value === undefined) continue;
    if (value === 'redact' || value === 'keep') decisions[id] = value;
    else problems.push([`decision-${id}`, 'Select redact or keep']);
  }
  const added = body.added ?? '';
  if (typeof added !== 'string') problems.push(['added', 'Enter one name or detail to redact']);
  else if (added.trim().length > 200) problems.push(['added', 'The name or detail must be 200 characters or fewer']);
  else if (added.trim() !== '' && added.trim().length < 2)
    problems.push(['added', 'Enter at least 2 characters to redact']);
  if (problems.length) return { ok: false, errors: formErrors(problems) };
  const typed = typeof added === 'string' ? added.trim() : '';
  return { ok: true, input: { decisions, added: typed || null } };
}

export const personFields: Record<string, { field: PersonField; label: string; max: number }> = {
  name: { field: 'name', label: 'name', max: 200 },
  'date-of-birth': { field: 'date_of_birth', label: 'date of birth', max: 10 },
  address: { field: 'address', label: 'address', max: 500 },
};

export const concernFields: Record<string, { field: ConcernField; label: string; max: number }> = {
  'what-happened': { field: 'what_happened', label: 'what happened', max: 10_000 },
  location: { field: 'location', label: 'where it happened', max: 500 },
  'why-at-risk': { field: 'why_at_risk', label: 'why they are at risk', max: 10_000 },
};

/** A correction: the right value (a date for a date of birth) and the reason. */
export function parseCorrection(
  body: Record<string, unknown>,
  field: { field: string; label: string; max: number },
): Parsed<{ value: string; reason: string }> {
  const problems: Array<[string, string, string?]> = [];
  let value = '';
  if (field.field === 'date_of_birth') {
    const date = readDateField(body, 'value', 'the correct date of birth', 'not-future');
    if ('problem' in date) problems.push(date.problem);
    else value = date.date;
  } else {
    const typed = text(`the correct ${field.label}`, field.max).safeParse(body.value);
    if (typed.success) value = typed.data;
    else problems.push(['value', formErrorsFromZod(typed.error).list[0]!.text]);
  }
  const why = reason.safeParse(body.reason);
  if (!why.success) problems.push(['reason', formErrorsFromZod(why.error).list[0]!.text]);
  if (problems.length || !why.success) return { ok: false, errors: formErrors(problems) };
  return { ok: true, input: { value, reason: why.data } };
}
