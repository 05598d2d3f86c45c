import { z } from 'zod';
import { type LawfulBasis, lawfulBasisCodes } from '../../domain/lawful-basis.ts';
import { readDateField } from '../../web/date-field.ts';
import { formErrors, formErrorsFromZod } from '../../web/form-errors.ts';
import { missingConsentReason } from '../../concerns/consent-reason.ts';

const disclosure = (agencyIds: readonly string[]) =>
  z.object({
    agencyId: z
      .string({ error: 'Select who the information was shared with' })
      .refine((id) => agencyIds.includes(id), 'Select who the information was shared with'),
    recipient: z
      .string({ error: 'Enter the name and role of the person it was shared with' })
      .trim()
      .min(1, 'Enter the name and role of the person it was shared with')
      .max(200, 'The name and role must be 200 characters or fewer'),
    what: z
      .string({ error: 'Describe what was shared' })
      .trim()
      .min(1, 'Describe what was shared')
      .max(2000, 'What was shared must be 2,000 characters or fewer'),
    lawfulBasis: z.enum(lawfulBasisCodes as [string, ...string[]], { error: 'Select the lawful basis for sharing' }),
    consent: z.enum(['yes', 'no', 'not-asked'], { error: 'Select whether the person consented to the sharing' }),
    noConsentReason: z.string().trim().max(2000, 'The reason must be 2,000 characters or fewer').default(''),
  });

/** Validates one disclosure for the sharing log; every problem is reported at once. */
export function parseDisclosure(body: Record<string, unknown>, agencyIds: readonly string[]) {
  const result = disclosure(agencyIds).safeParse(body);
  const shared = readDateField(body, 'sharedOn', 'the date it was shared', 'not-future');
  const consentProblem = missingConsentReason(body, 'Explain why you shared without consent');
  if (result.success && 'date' in shared && consentProblem.length === 0) {
    const value = result.data;
    return {
      ok: true as const,
      input: {
        agencyId: value.agencyId,
        recipient: value.recipient,
        what: value.what,
        lawfulBasis: value.lawfulBasis as LawfulBasis,
        consent: value.consent,
        noConsentReason: value.noConsentReason || null,
        sharedOn: shared.date,
      },
    };
  }
  const zodErrors = result.success ? formErrors([]) : formErrorsFromZod(result.error);
  const dateErrors = formErrors([
    ...('problem' in shared ? [shared.problem] : []),
    ...missingConsentReason(body, 'Explain why you shared without consent'),
  ]);
  return {
    ok: false as const,
    errors: { list: [...zodErrors.list, ...dateErrors.list], byField: { ...zodErrors.byField, ...dateErrors.byField } },
  };
}
